"""The xAPI words StudyDesk's statements share: verbs, activity types and ids, the
statement-id namespace, language maps and durations.

Why apart from `xapi` (the quiz's statements): flashcard reviews are statements
too, queued from the study package, which the quiz package itself depends on; this
module depends on nothing, so both can use it without an import cycle.
"""

from __future__ import annotations

import uuid

ACTIVITY_BASE = "https://studydesk.org/xapi"
VERBS = {name: f"http://adlnet.gov/expapi/verbs/{name}"
         for name in ("attempted", "answered", "completed", "passed", "failed")}
ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment"
INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
COURSE = "http://adlnet.gov/expapi/activities/course"
_NAMESPACE = uuid.UUID("6f1d3a52-3c1b-4c57-9a51-7d0f3b9f2e10")


def statement_id(registration: str, part: str) -> str:
    """A statement's id: the same for the same part of the same attempt, on every resend."""
    return str(uuid.uuid5(_NAMESPACE, f"{registration}/{part}"))


def deck_activity(deck_id: str) -> dict[str, object]:
    """A deck as the course activity its quizzes and cards are grouped under."""
    return {"objectType": "Activity", "id": f"{ACTIVITY_BASE}/decks/{deck_id}",
            "definition": {"type": COURSE}}


def lang(text: str) -> dict[str, str]:
    return {"en-US": text}


def duration(seconds: float) -> str:
    """An ISO 8601 duration, as xAPI results carry it."""
    return f"PT{max(seconds, 0.0):.2f}S"
