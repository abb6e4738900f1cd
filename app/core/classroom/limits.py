"""An instructor quiz's attempt limit, counted across the student's machines.

Why the LRS: a student with a laptop and a lab computer has two collections; each
alone would allow the full number of attempts. Every attempt has its own UUID (its
xAPI registration), so attempts this collection sent are recognised and not
counted twice; only attempts from elsewhere are added to the local count. Asking
the LRS is network only (`remote_attempts`, safe off the GUI thread); comparing
with this collection's attempts is `attempts_elsewhere`.
"""

from __future__ import annotations

import json

from app.core.classroom.lrs import LrsClient
from app.core.classroom.xapi import VERBS, quiz_activity_id
from app.core.storage.collection import Collection


def remote_attempts(client: LrsClient, actor: dict[str, object], quiz_id: str,
                    deck_id: str | None) -> set[str]:
    """The registrations of the student's attempts at the quiz that the LRS holds.
    Raises LrsError when the LRS cannot say (the caller then counts locally)."""
    agent = {k: v for k, v in actor.items() if k in ("mbox", "account")}
    statements = client.statements(agent=json.dumps(agent), verb=VERBS["attempted"],
                                   activity=quiz_activity_id(deck_id, quiz_id))
    return {s["context"]["registration"] for s in statements
            if s.get("context", {}).get("registration")}


def attempts_elsewhere(col: Collection, quiz_id: str, remote: set[str]) -> int:
    """How many of the LRS's attempts were not made in this collection."""
    mine = {r[0] for r in col.execute("SELECT uuid FROM quiz_attempts WHERE quiz_id = ? "
                                      "AND uuid IS NOT NULL", [quiz_id])}
    return len(remote - mine)
