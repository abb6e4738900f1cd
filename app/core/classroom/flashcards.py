"""Flashcard reviews as xAPI statements, when the student chose to send them.

Why only then, and only deck cards: reviews say much about a student's day, so
they go only with "Send my flashcard reviews" ticked in Settings → Class (and
the class agreed to), and only for cards of a deck (the instructor's material),
never the student's own cards. Each review is one "answered" statement about the
card: success when the rating is Good or Easy, the rating (1 Again … 4 Easy) as
the response, the time taken as the duration. Queued by `study.reviews` in the
review's own transaction, so a review and its statement are kept or lost together.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from app.core.classroom.outbox import enqueue
from app.core.classroom.settings import load_class_settings
from app.core.classroom.vocabulary import (
    ACTIVITY_BASE,
    INTERACTION,
    VERBS,
    deck_activity,
    duration,
    lang,
)
from app.core.storage.collection import Collection
from app.core.student import student_name

GOOD = 3  # FSRS ratings: 1 Again, 2 Hard, 3 Good, 4 Easy


def card_activity_id(deck_id: str, note_id: str, ord_: int) -> str:
    return f"{ACTIVITY_BASE}/decks/{deck_id}/cards/{note_id}/{ord_}"


def queue_review(col: Collection, card_id: int, rating: int, duration_ms: int,
                 source: str, now: datetime) -> bool:
    """Queue the statement of one flashcard review if the student chose to send them;
    call inside the review's transaction. True if one was queued."""
    if source != "flashcards":
        return False  # a quiz's answers are sent as the quiz's own statements
    settings = load_class_settings(col)
    if not (settings.active and settings.send_reviews):
        return False
    row = col.execute("SELECT n.deck_id, c.note_id, c.ord FROM cards c JOIN notes n "
                      "ON n.id = c.note_id WHERE c.id = ?", [card_id]).fetchone()
    if row is None or row[0] is None:
        return False
    deck_id, note_id, ord_ = row
    statement = {
        "id": str(uuid.uuid4()),  # made now, kept in the outbox: resending is harmless
        "actor": settings.actor(student_name(col)),
        "verb": {"id": VERBS["answered"], "display": lang("answered")},
        "object": {"objectType": "Activity", "id": card_activity_id(deck_id, note_id, ord_),
                   "definition": {"type": INTERACTION, "interactionType": "other",
                                  "name": lang(f"Flashcard {note_id}")}},
        "result": {"success": rating >= GOOD, "completion": True, "response": str(rating),
                   "duration": duration(duration_ms / 1000)},
        "context": {"platform": "StudyDesk",
                    "contextActivities": {"grouping": [deck_activity(deck_id)]}},
        "timestamp": now.isoformat(timespec="seconds"),
    }
    enqueue(col, [statement])
    return True
