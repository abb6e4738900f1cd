"""One card's answers: recording a review, undoing it, burying, suspending,
retrievability, and rescheduling from the review log.

Why apart from the study session: the quiz records wrong answers as failed
reviews too, and the card browser suspends cards, without any session. Every
change here is one transaction; a review is the new card state and its
review-log row together.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from app.core.changes import Change
from app.core.classroom.flashcards import queue_review
from app.core.clock import next_day_start, utcnow
from app.core.gc_pause import gc_paused
from app.core.storage.collection import Collection
from app.core.storage.undo import columns_written, undoable
from app.core.student import STUDENT_NAME_KEY
from app.core.study import daycounts
from app.core.study.scheduler import (
    REVIEW,
    STATE_COLUMNS,
    CardState,
    Scheduler,
)
from app.core.study.settings import StudyError, StudySettings, load_settings, save_settings

#: where an answer came from; the review log stores its index here (0 flashcards, 1 quiz)
SOURCES = ("flashcards", "quiz")


_SELECT_STATE = f"SELECT {', '.join(STATE_COLUMNS)} FROM cards WHERE id = ?"
_UPDATE_STATE = ("UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?, "
                 "last_review = ?, reps = ?, lapses = ? WHERE id = ?")
_INSERT_REVLOG = ("INSERT INTO revlog (card_id, rating, reviewed_at, duration_ms, source, queue, "
                  "interval, last_interval) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")


def _read_state(col: Collection, card_id: int) -> CardState | None:
    row = col.execute(_SELECT_STATE, (card_id,)).fetchone()
    return CardState(*row) if row else None


def _write_state(col: Collection, s: CardState) -> None:
    col.execute(_UPDATE_STATE, (s.state, s.step, s.stability, s.difficulty, s.due,
                                        s.last_review, s.reps, s.lapses, s.card_id))


def write_states(col: Collection, states: Iterable[CardState]) -> None:
    """Store many cards' states in one statement (an import of thousands of histories)."""
    col.conn.executemany(_UPDATE_STATE, [(s.state, s.step, s.stability, s.difficulty, s.due,
                                          s.last_review, s.reps, s.lapses, s.card_id)
                                         for s in states])


def _seconds(until: float | None, since: float | None) -> int | None:
    """A whole-second interval for the review log; None when either end is unknown."""
    return None if until is None or since is None else round(until - since)


def apply_answer(col: Collection, scheduler: Scheduler, card_id: int, rating: int,
                  duration_ms: int, source: str, now: datetime
                  ) -> tuple[CardState, CardState, int]:
    """Answer a card: new state + revlog row in one transaction.

    Returns (state before, state after, revlog id); the state before is what an
    undo needs, kept by the caller rather than in the log.
    """
    with col.transaction(Change.STUDY | Change.CARDS):
        before = read_state(col, card_id)
        after, revlog_id = write_answer(col, scheduler, before, rating, duration_ms, source,
                                        now)
        return before, after, revlog_id


def read_state(col: Collection, card_id: int) -> CardState:
    """A card's scheduling state as stored now; StudyError if there is no such card."""
    before = _read_state(col, card_id)
    if before is None:
        raise StudyError(f"There is no card {card_id} in the collection.")
    return before


#: `write_answer`'s article when the caller does not know it: looked up from the card
LOOK_UP = object()


def write_answer(col: Collection, scheduler: Scheduler, before: CardState, rating: int,
                 duration_ms: int, source: str, now: datetime,
                 article_id: str | None | object = LOOK_UP, day: float | None = None
                 ) -> tuple[CardState, int]:
    """`apply_answer`'s writes, inside a transaction the caller holds: the state after
    `before` answered `rating`, its revlog row, the day's count, the class's statement.

    A study session passes what it already knows — the card's article and the start
    of the study day — so an answer costs no join and no time-zone arithmetic.
    Returns (state after, revlog id).
    """
    if source not in SOURCES:
        raise StudyError(f"unknown review source {source!r} (expected flashcards or quiz)")
    card_id = before.card_id
    after = scheduler.review(before, rating, now)
    _write_state(col, after)
    at = now.timestamp()
    cur = col.execute(_INSERT_REVLOG, (
        card_id, rating, at, max(0, int(duration_ms)), SOURCES.index(source), before.queue,
        _seconds(after.due, at), _seconds(before.due, before.last_review)))
    if article_id is LOOK_UP:
        daycounts.count(col, card_id, before.queue, at)
    elif article_id is not None:
        daycounts.count_in(col, str(article_id), daycounts.day_of(at) if day is None else day,
                           before.queue)
    queue_review(col, card_id, rating, duration_ms, source, now)  # for the class, if agreed
    return after, int(cur.lastrowid)


def record_review(col: Collection, card_id: int, rating: int, duration_ms: int,
                  source: str = "flashcards", now: datetime | None = None) -> None:
    """Apply an FSRS rating to a card and append its revlog row, in one transaction.

    The quiz calls this with rating 1 for a wrong answer, which puts the card
    back into (re)learning so it is due again within minutes.
    """
    apply_answer(col, load_settings(col).scheduler(), card_id, rating, duration_ms, source,
                  now or utcnow())


@dataclass(frozen=True)
class ReplayedReview:
    """One answer of a card's log with the states before and after it, replayed."""

    revlog_id: int
    rating: int
    reviewed_at: float
    before: CardState
    after: CardState


def replayed_reviews(col: Collection, card_id: int) -> list[ReplayedReview]:
    """A card's answers in order, each with the card's state before and after it.

    Why a replay: the log keeps ratings, times and intervals, not a memory state per
    answer (as Anki, whose card info replays FSRS the same way); the scheduler is
    deterministic, so this gives the states the answers gave under today's settings.
    """
    scheduler = load_settings(col).scheduler()
    state = CardState(card_id, 1, 0, None, None, None, None)
    replayed = []
    for revlog_id, rating, at in col.execute(
            "SELECT id, rating, reviewed_at FROM revlog WHERE card_id = ? "
            "ORDER BY reviewed_at, id", [card_id]):
        after = scheduler.review(state, rating, datetime.fromtimestamp(at, UTC))
        replayed.append(ReplayedReview(revlog_id, rating, at, state, after))
        state = after
    return replayed


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


def undo_review(col: Collection, revlog_id: int, before: CardState) -> int:
    """Put the card back to `before` (its state before review `revlog_id`) and delete that row.

    Refused when the card has been answered again since: undo goes back in order.
    Returns the card id.
    """
    with col.transaction(Change.STUDY | Change.CARDS):
        row = col.execute("SELECT card_id, queue, reviewed_at FROM revlog WHERE id = ?",
                          [revlog_id]).fetchone()
        if row is None:
            raise StudyError("That answer is no longer in the review log.")
        card_id, queue, reviewed_at = row
        if card_id != before.card_id:
            raise StudyError(f"Review {revlog_id} is of card {card_id}, not {before.card_id}.")
        later = col.execute("SELECT 1 FROM revlog WHERE card_id = ? AND id > ?",
                            [card_id, revlog_id]).fetchone()
        if later:
            raise StudyError("This card was answered again since; undo the later answer first.")
        _write_state(col, before)
        col.execute("DELETE FROM revlog WHERE id = ?", [revlog_id])
        daycounts.uncount(col, card_id, queue, reviewed_at)
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


def bury_related(col: Collection, card_id: int, now: datetime | None = None,
                 until: float | None = None) -> dict[int, float | None]:
    """Bury until tomorrow the cards that would give card `card_id`'s answer away.

    Why: right after "Beijing" was the answer to a cloze, its sibling (or another card
    on the same sentence) is answered from short-term memory, not recall. Returns each
    buried card's previous `buried_until`, so that undoing the answer can unbury them.
    `until` is the next study day's start, when the caller (a session) knows it.
    """
    now = now or utcnow()
    until = until or next_day_start(now).timestamp()
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




class RescheduleCancelled(StudyError):
    """The student cancelled rescheduling; nothing was changed."""

    def __init__(self) -> None:
        super().__init__("Rescheduling was cancelled; nothing was changed.")


#: Told (cards done, cards in all) after every batch; returning False cancels.
Progress = Callable[[int, int], bool]

#: Cards per batch: bounds the memory whatever the collection's size, and how often
#: progress (and Cancel) is heard.
RESCHEDULE_BATCH = 5000


#: What undoing a reschedule takes back, and tells the windows.
RESCHEDULE_CHANGES = Change.SETTINGS | Change.CARDS | Change.STUDY


def update_study_options(col: Collection, new_per_day: int, reviews_per_day: int,
                         retention: float, maximum_interval: int, reschedule: bool,
                         student_name: str, bury_related: bool | None = None,
                         progress: Progress | None = None) -> int:
    """Everything the Study options dialog sets, as one transaction (all or nothing).

    With `reschedule` and a changed retention or maximum interval, every card in
    review gets the due date the new setting gives (`reschedule_due_dates`), and Edit →
    Undo takes the whole change back; returns how many were rescheduled.
    `bury_related` None keeps the current choice. `progress` may cancel, which rolls
    everything back (`RescheduleCancelled`).
    """
    old = load_settings(col)
    new = replace(old, new_per_day=new_per_day, reviews_per_day=reviews_per_day,
                  desired_retention=retention, maximum_interval=maximum_interval,
                  bury_related=old.bury_related if bury_related is None else bury_related)
    rescheduling = reschedule and intervals_changed(old, new)
    with (undoable(col, "Reschedule Cards", RESCHEDULE_CHANGES) if rescheduling
          else col.transaction(Change.SETTINGS)):
        save_settings(col, new)
        col.set_setting(STUDENT_NAME_KEY, student_name.strip())
        if rescheduling:
            return reschedule_due_dates(col, new.scheduler(), progress)
    return 0


def intervals_changed(old: StudySettings, new: StudySettings) -> bool:
    """Whether going from `old` to `new` changes the intervals review cards get."""
    return (old.desired_retention != new.desired_retention
            or old.maximum_interval != new.maximum_interval)


#: SQLite's page cache while rescheduling, in KiB: an update of the due dates row by row
#: (below `REBUILD_SHARE` of the cards) rewrites the due indexes in an order unlike
#: theirs, and with the default 2 MB cache the same index pages were read again and again
#: (255,000 cards: 5.4 s of writing -> 2.1 s); the batches' reads of the log share pages too.
RESCHEDULE_CACHE_KIB = 64 * 1024


@contextmanager
def _large_page_cache(col: Collection) -> Iterator[None]:
    conn = col.conn
    previous = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = -{RESCHEDULE_CACHE_KIB}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA cache_size = {int(previous)}")


# `+state`: walk the cards in id order from where the last batch stopped; the state index
# would find every card in review again for each batch and sort them all.
_REVIEW_CARDS = ("SELECT id, stability, last_review, reps, due FROM cards WHERE +state = ? "
                 "AND stability IS NOT NULL AND last_review IS NOT NULL AND id > ? "
                 "ORDER BY id LIMIT ?")


def reschedule_due_dates(col: Collection, scheduler: Scheduler,
                         progress: Progress | None = None, batch: int | None = None) -> int:
    """Give every card in review the due date `scheduler` gives its memory state.

    Why no replay: a new desired retention or maximum interval changes only review
    intervals, never a card's memory state (`Scheduler.review_due`), so this reads
    five numbers a card and writes one, in batches of `batch` cards (bounded memory);
    one transaction, so a cancel or a failure leaves every card as it was. In an
    undoable action the old due dates are kept compactly (`columns_written`).
    """
    conn = col.conn
    batch = batch or RESCHEDULE_BATCH
    total = conn.execute("SELECT COUNT(*) FROM cards WHERE state = ? AND stability IS NOT NULL "
                         "AND last_review IS NOT NULL", (REVIEW,)).fetchone()[0]
    done, last_id = 0, -1
    with (gc_paused(), _large_page_cache(col), col.transaction(Change.CARDS),
          columns_written(col, "cards", ("due",), total) as cards):
        while rows := conn.execute(_REVIEW_CARDS, (REVIEW, last_id, batch)).fetchall():
            last_id = rows[-1][0]
            ids, stabilities, last_reviews, reps, dues = zip(*rows)
            moved = [(card_id, due, new) for card_id, due, new in zip(
                ids, dues, scheduler.review_dues(zip(ids, stabilities, last_reviews, reps)))
                if new != due]
            if moved:
                moved_ids, before, after = zip(*moved)
                cards.write(moved_ids, [before], [after])
            done += len(rows)
            _report(progress, done, total)
    return done


#: A card answered at least once (EXISTS looks up the log's index per card; IN would list
#: the whole log's card ids for every batch).
_ANSWERED = ("last_review IS NOT NULL "
             "AND EXISTS (SELECT 1 FROM revlog WHERE revlog.card_id = cards.id)")


_LOG = "SELECT card_id, rating, reviewed_at FROM revlog"


def reschedule_all(col: Collection, scheduler: Scheduler, progress: Progress | None = None,
                   batch: int | None = None) -> int:
    """Recompute every reviewed card's memory state from its review log with
    `scheduler`'s parameters, and its due date from that (new FSRS parameters).

    The memory states come from fsrs-rs in batches of `batch` cards
    (`Scheduler.memory_states_of_log`); a card's state and learning step do not depend
    on the parameters and are kept, and only a card in review gets a new due date (a
    learning card stays due at its step). The cycle collector is paused (`gc_paused`:
    three million log rows make no cycles). One transaction, so a cancel or a failure
    leaves every card as it was; in an undoable action the old values are kept
    compactly (`columns_written`). Returns how many cards were recomputed.
    """
    conn = col.conn
    batch = batch or RESCHEDULE_BATCH
    total = conn.execute(f"SELECT COUNT(*) FROM cards WHERE {_ANSWERED}").fetchone()[0]
    done, last_id = 0, -1
    with (gc_paused(), _large_page_cache(col), col.transaction(Change.CARDS),
          columns_written(col, "cards", ("stability", "difficulty", "due"), total) as cards):
        while rows := conn.execute(
                f"SELECT id, state, stability, difficulty, due, last_review, reps FROM cards "
                f"WHERE id > ? AND {_ANSWERED} ORDER BY id LIMIT ?",
                (last_id, batch)).fetchall():
            last_id = rows[-1][0]
            disordered: set[int] = set()
            memory = scheduler.memory_states_of_log(conn.execute(
                f"{_LOG} WHERE card_id BETWEEN ? AND ? ORDER BY card_id, id",
                (rows[0][0], last_id)), disordered)
            if disordered:  # answers stored out of turn (an import): these in time order
                memory.update(scheduler.memory_states_of_log(conn.execute(
                    f"{_LOG} WHERE card_id IN (SELECT value FROM json_each(?)) "
                    "ORDER BY card_id, reviewed_at, id", (json.dumps(sorted(disordered)),))))
            in_review = [(card_id, memory[card_id][0], last_review, reps)
                         for card_id, state, _s, _d, _due, last_review, reps in rows
                         if state == REVIEW]
            review_dues = dict(zip((card[0] for card in in_review),
                                   scheduler.review_dues(in_review), strict=True))
            ids, stabilities, difficulties, dues = zip(*(row[0:1] + row[2:5] for row in rows))
            new_stabilities, new_difficulties = zip(*(memory[card_id] for card_id in ids))
            cards.write(ids, [stabilities, difficulties, dues],
                        [new_stabilities, new_difficulties,
                         [review_dues.get(card_id, due) for card_id, due in zip(ids, dues)]])
            done += len(rows)
            _report(progress, done, total)
    return done


def _report(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None and progress(done, total) is False:
        raise RescheduleCancelled


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
