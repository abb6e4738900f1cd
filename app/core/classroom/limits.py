"""An instructor quiz's attempt and time limits, across the student's machines.

Why the LRS: a student with a laptop and a lab computer has two collections; each
alone would allow the full number of attempts, and a fresh clock on each. Every
attempt has its own UUID (its xAPI registration), and its start is sent the
moment it begins (the "attempted" statement, timestamped with the start), so the
LRS knows of attempts still running elsewhere. The rule, counted from what the
LRS holds of the student's other machines:

- every attempt begun elsewhere counts against the attempt limit, finished or not;
- an attempt begun elsewhere that has not completed and whose time is not up is
  *open*: starting the quiz here continues it. It gets only the time left (its
  clock runs from the start there), it is the same attempt for the limit (not
  one more), and its statements say which attempt they continue (the xAPI
  context statement), so a third machine counts the two as one;
- once that time is up, the attempt is over (it counts as used); a new one gets
  the full time, if attempts are left.

Asking the LRS is network only (`remote_attempts`, safe off the GUI thread);
comparing with this collection's attempts is `attempts_elsewhere`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from app.core.classroom.lrs import LrsClient
from app.core.classroom.vocabulary import VERBS, statement_id
from app.core.classroom.xapi import quiz_activity_id
from app.core.storage.collection import Collection


@dataclass(frozen=True)
class RemoteAttempt:
    """One of the student's attempts at a quiz as the LRS holds it."""

    registration: str
    started_at: datetime
    completed: bool
    continues: str | None = None  # the registration of the attempt it continued


def remote_attempts(client: LrsClient, actor: dict[str, object], quiz_id: str,
                    deck_id: str | None) -> list[RemoteAttempt]:
    """The student's attempts at the quiz that the LRS holds (the statements about the
    quiz itself: attempted, completed, passed/failed). Raises LrsError when the LRS
    cannot say (the caller then counts locally)."""
    agent = {k: v for k, v in actor.items() if k in ("mbox", "account")}
    started: dict[str, datetime] = {}
    refs: dict[str, str] = {}  # registration → id of the statement its context names
    completed: set[str] = set()
    for s in client.statements(agent=json.dumps(agent),
                               activity=quiz_activity_id(deck_id, quiz_id)):
        context = s.get("context", {})
        registration = context.get("registration")
        if not registration:
            continue
        verb = s.get("verb", {}).get("id")
        if verb == VERBS["attempted"]:
            started[registration] = datetime.fromisoformat(s["timestamp"])
            ref = context.get("statement", {})
            if ref.get("objectType") == "StatementRef" and ref.get("id"):
                refs[registration] = ref["id"]
        elif verb == VERBS["completed"]:
            completed.add(registration)
    by_start_id = {statement_id(r, "attempted"): r for r in started}
    return [RemoteAttempt(r, when, r in completed, by_start_id.get(refs.get(r, "")))
            for r, when in started.items()]


@dataclass(frozen=True)
class Elsewhere:
    """What the student's other machines mean for an attempt starting here."""

    attempts: int = 0                   # counted against the attempt limit
    continues: RemoteAttempt | None = None  # the open attempt this one continues

    def note(self, time_limit: int | None, now: datetime) -> str:
        """The start page's words about a continued attempt ("" when there is none)."""
        if self.continues is None or time_limit is None:
            return ""
        left = self.continues.started_at + timedelta(seconds=time_limit) - now
        minutes = max(0, round(left.total_seconds() / 60))
        began = self.continues.started_at.astimezone().strftime("%H:%M")
        return (f"This continues the attempt you began on another computer at {began}: "
                f"{minutes} min left.")


def attempts_elsewhere(col: Collection, quiz_id: str, remote: list[RemoteAttempt],
                       time_limit: int | None = None, now: datetime | None = None) -> Elsewhere:
    """The LRS's attempts not made in this collection, by the rule above: how many
    count, and the open one (time still running) that a start here continues."""
    mine: set[str] = set()
    continued: set[str] = set()
    for uuid, continues in col.execute("SELECT uuid, continues FROM quiz_attempts WHERE "
                                       "quiz_id = ? AND uuid IS NOT NULL", [quiz_id]):
        mine.add(uuid)
        if continues:
            continued.add(continues)
    continued |= {a.continues for a in remote if a.continues}
    others = [a for a in remote if a.registration not in mine]
    counted = [a for a in others if a.registration not in continued]
    running = None
    if time_limit and now is not None:
        deadline = timedelta(seconds=time_limit)
        running = max((a for a in counted if not a.completed and now < a.started_at + deadline),
                      key=lambda a: a.started_at, default=None)
    return Elsewhere(len(counted) - (running is not None), running)
