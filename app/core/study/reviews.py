"""One card's answers: recording a review, undoing it, burying, suspending,
retrievability, and rescheduling from the review log.

Why apart from the study session: the quiz records wrong answers as failed
reviews too, and the card browser suspends cards, without any session. Every
change here is one transaction; a review is the new card state and its
review-log row together.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

from app.core.changes import Change
from app.core.clock import next_day_start, utcnow
from app.core.storage.collection import Collection
from app.core.student import STUDENT_NAME_KEY
from app.core.study.scheduler import (
    REVIEW,
    STATE_COLUMNS,
    CardState,
    Scheduler,
    validate_retention,
)
from app.core.study.settings import StudyError, load_settings, save_settings

SOURCES = ("flashcards", "quiz")


_SELECT_STATE = f"SELECT {', '.join(STATE_COLUMNS)} FROM cards WHERE id = ?"
_UPDATE_STATE = ("UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?, "
                 "last_review = ?, reps = ?, lapses = ? WHERE id = ?")
_INSERT_REVLOG = ("INSERT INTO revlog (card_id, rating, reviewed_at, duration_ms, source, before, "
                  "queue) VALUES (?, ?, ?, ?, ?, ?, ?)")


def _read_state(col: Collection, card_id: int) -> CardState | None:
    row = col.execute(_SELECT_STATE, (card_id,)).fetchone()
    return CardState(*row) if row else None


def _write_state(col: Collection, s: CardState) -> None:
    col.execute(_UPDATE_STATE, (s.state, s.step, s.stability, s.difficulty, s.due,
                                        s.last_review, s.reps, s.lapses, s.card_id))


def apply_answer(col: Collection, scheduler: Scheduler, card_id: int, rating: int,
                  duration_ms: int, source: str, now: datetime) -> tuple[CardState, int]:
    """Answer a card: new state + revlog row in one transaction. Returns (state, revlog id)."""
    if source not in SOURCES:
        raise StudyError(f"unknown review source {source!r} (expected flashcards or quiz)")
    with col.transaction(Change.STUDY | Change.CARDS):
        before = _read_state(col, card_id)
        if before is None:
            raise StudyError(f"There is no card {card_id} in the collection.")
        after = scheduler.review(before, rating, now)
        _write_state(col, after)
        cur = col.execute(_INSERT_REVLOG, (
            card_id, rating, now.timestamp(), max(0, int(duration_ms)), source,
            json.dumps(before.to_json_dict()), before.queue))
        return after, int(cur.lastrowid)


def record_review(col: Collection, card_id: int, rating: int, duration_ms: int,
                  source: str = "flashcards", now: datetime | None = None) -> None:
    """Apply an FSRS rating to a card and append its revlog row, in one transaction.

    The quiz calls this with rating 1 for a wrong answer, which puts the card
    back into (re)learning so it is due again within minutes.
    """
    apply_answer(col, load_settings(col).scheduler(), card_id, rating, duration_ms, source,
                  now or utcnow())


def card_retrievability(col: Collection, card_id: int, now: datetime | None = None) -> float | None:
    """Predicted probability of recalling the card now; None if never answered."""
    card = _read_state(col, card_id)
    if card is None:
        raise StudyError(f"There is no card {card_id} in the collection.")
    return load_settings(col).scheduler().retrievability(card, now or utcnow())


def retrievabilities(col: Collection, card_ids: Iterable[int], now: datetime | None = None
                     ) -> dict[int, float | None]:
    """`card_retrievability` of many cards: one settings read and one query, not one per card.

    Cards not in the collection are left out of the result.
    """
    ids = list(card_ids)
    if not ids:
        return {}
    scheduler = load_settings(col).scheduler()
    at = (now or utcnow()).timestamp()
    rows = col.execute(
        "SELECT id, stability, last_review FROM cards "
        "WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(ids),))
    return {card_id: scheduler.retrievability_of(stability, last_review, at)
            for card_id, stability, last_review in rows}


def undo_review(col: Collection, revlog_id: int) -> int:
    """Restore the card as it was before review `revlog_id` and delete that row.

    Refused when the card has been answered again since: undo goes back in order.
    Returns the card id.
    """
    with col.transaction(Change.STUDY | Change.CARDS):
        row = col.execute("SELECT card_id, before FROM revlog WHERE id = ?", [revlog_id]).fetchone()
        if row is None:
            raise StudyError("That answer is no longer in the review log.")
        card_id, before = row
        later = col.execute("SELECT 1 FROM revlog WHERE card_id = ? AND id > ?",
                           [card_id, revlog_id]).fetchone()
        if later:
            raise StudyError("This card was answered again since; undo the later answer first.")
        b = json.loads(before)
        _write_state(col, CardState(card_id, b["state"], b["step"], b["stability"],
                                    b["difficulty"], b["due"], b["last_review"], b["reps"],
                                    b["lapses"]))
        col.execute("DELETE FROM revlog WHERE id = ?", [revlog_id])
    return card_id


def bury_card(col: Collection, card_id: int, now: datetime | None = None) -> float | None:
    """Hide a card until the next study day starts; returns the previous bury time."""
    with col.transaction(Change.CARDS):
        row = col.execute("SELECT buried_until FROM cards WHERE id = ?", [card_id]).fetchone()
        if row is None:
            raise StudyError(f"There is no card {card_id} in the collection.")
        col.execute("UPDATE cards SET buried_until = ? WHERE id = ?",
                   [next_day_start(now or utcnow()).timestamp(), card_id])
        return row[0]


def unbury_card(col: Collection, card_id: int, previous: float | None = None) -> None:
    with col.transaction(Change.CARDS):
        col.execute("UPDATE cards SET buried_until = ? WHERE id = ?", [previous, card_id])


# Cards that would give each other away: the other cards of the same note, and the cards
# of other notes asking about the same source sentence. Only those that would still be
# shown today (new, or a review due today, not suspended, not buried) are buried, as Anki
# buries new and review siblings but leaves learning cards alone.
_RELATED = (
    "SELECT c.id, c.buried_until FROM cards c JOIN notes n ON n.id = c.note_id "
    "JOIN cards me ON me.id = ? JOIN notes mine ON mine.id = me.note_id "
    "WHERE c.id != me.id AND n.active = 1 AND c.suspended = 0 "
    "AND (c.buried_until IS NULL OR c.buried_until <= ?) "
    "AND (c.last_review IS NULL OR (c.state = ? AND c.due < ?)) "
    "AND (n.id = mine.id OR (mine.source != '' AND n.source = mine.source "
    "AND n.article_id IS mine.article_id))"
)


def bury_related(col: Collection, card_id: int, now: datetime | None = None
                 ) -> dict[int, float | None]:
    """Bury until tomorrow the cards that would give card `card_id`'s answer away.

    Why: right after "Beijing" was the answer to a cloze, its sibling (or another card
    on the same sentence) is answered from short-term memory, not recall. Returns each
    buried card's previous `buried_until`, so that undoing the answer can unbury them.
    """
    now = now or utcnow()
    until = next_day_start(now).timestamp()
    with col.transaction(Change.CARDS):
        rows = col.execute(_RELATED, [card_id, now.timestamp(), REVIEW, until]).fetchall()
        col.executemany("UPDATE cards SET buried_until = ? WHERE id = ?",
                        [(until, cid) for cid, _ in rows])
    return {cid: previous for cid, previous in rows}


def unbury_related(col: Collection, previous: dict[int, float | None]) -> None:
    """Undo `bury_related`: give each card back the bury time it had before."""
    with col.transaction(Change.CARDS):
        col.executemany("UPDATE cards SET buried_until = ? WHERE id = ?",
                        [(until, cid) for cid, until in previous.items()])


def set_suspended(col: Collection, card_ids: Iterable[int], suspended: bool) -> None:
    """Suspend (never shown) or unsuspend cards; scheduling is kept either way."""
    with col.transaction(Change.CARDS):
        col.executemany("UPDATE cards SET suspended = ? WHERE id = ?",
                            [(int(suspended), cid) for cid in card_ids])




def update_study_options(col: Collection, new_per_day: int, reviews_per_day: int,
                         retention: float, maximum_interval: int, reschedule: bool,
                         student_name: str, bury_related: bool | None = None) -> int:
    """Everything the Study options dialog sets, as one transaction (all or nothing).

    With `reschedule` and a changed retention, every reviewed card is replayed
    from its review log; returns how many were rescheduled. `bury_related` None keeps
    the current choice.
    """
    old = load_settings(col)
    new = replace(old, new_per_day=new_per_day, reviews_per_day=reviews_per_day,
                  desired_retention=retention, maximum_interval=maximum_interval,
                  bury_related=old.bury_related if bury_related is None else bury_related)
    with col.transaction(Change.SETTINGS):
        save_settings(col, new)
        col.set_setting(STUDENT_NAME_KEY, student_name.strip())
        if reschedule and retention != old.desired_retention:
            return reschedule_all(col, new.scheduler())
    return 0


def set_desired_retention(col: Collection, retention: float, reschedule: bool) -> int:
    """Change desired retention; with `reschedule`, replay every card's review log.

    Returns how many cards were rescheduled. All of it is one transaction.
    """
    validate_retention(retention)
    settings = load_settings(col)
    new = replace(settings, desired_retention=retention)
    with col.transaction(Change.SETTINGS | Change.CARDS):
        save_settings(col, new)
        return reschedule_all(col, new.scheduler()) if reschedule else 0


def reschedule_all(col: Collection, scheduler: Scheduler) -> int:
    """Recompute every reviewed card from its review log with `scheduler`."""
    history: dict[int, list[tuple[int, float]]] = {}
    for card_id, rating, at in col.execute(
        "SELECT card_id, rating, reviewed_at FROM revlog ORDER BY card_id, reviewed_at, id"
    ):
        history.setdefault(card_id, []).append((rating, at))
    count = 0
    with col.transaction(Change.CARDS):
        for card_id, reviews in history.items():
            card = _read_state(col, card_id)
            if card is None:
                continue
            _write_state(col, scheduler.reschedule_card(card, reviews))
            count += 1
    return count





def reschedule_cards(col: Collection, card_ids: Iterable[int]) -> int:
    """Recompute these cards from their review logs with the collection's scheduler
    (Check Database, for cards whose state contradicts their log). Returns how many."""
    scheduler = load_settings(col).scheduler()
    count = 0
    with col.transaction(Change.CARDS):
        for card_id in card_ids:
            card = _read_state(col, card_id)
            if card is None:
                continue
            history = col.conn.execute(
                "SELECT rating, reviewed_at FROM revlog WHERE card_id = ? "
                "ORDER BY reviewed_at, id", (card_id,)).fetchall()
            _write_state(col, scheduler.reschedule_card(card, history))
            count += 1
    return count
