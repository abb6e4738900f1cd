"""An instructor quiz's attempt limit, counted across the student's machines.

Why the LRS: a student with a laptop and a lab computer has two collections; each
alone would allow the full number of attempts. Attempts this collection sent are
recognised by their registration id (derived from this collection), so they are
not counted twice; only attempts from elsewhere are added to the local count.
"""

from __future__ import annotations

import json

from app.core.classroom.lrs import LrsClient
from app.core.classroom.settings import load_class_settings
from app.core.classroom.xapi import VERBS, collection_uuid, quiz_activity_id, statement_id
from app.core.storage.collection import Collection
from app.core.student import student_name


def attempts_elsewhere(col: Collection, client: LrsClient, quiz_id: str,
                       deck_id: str | None) -> int:
    """Attempts at the quiz the LRS holds for this student from other machines.
    Raises LrsError when the LRS cannot say (the caller then counts locally)."""
    settings = load_class_settings(col)
    actor = settings.actor(student_name(col))
    agent = {k: v for k, v in actor.items() if k in ("mbox", "account")}
    remote = {s.get("context", {}).get("registration")
              for s in client.statements(agent=json.dumps(agent), verb=VERBS["attempted"],
                                         activity=quiz_activity_id(deck_id, quiz_id),
                                         limit="500")}
    col_id = collection_uuid(col)
    mine = {statement_id(col_id, r[0], "registration")
            for r in col.execute("SELECT id FROM quiz_attempts WHERE quiz_id = ?", [quiz_id])}
    return len(remote - mine - {None})
