"""Studying cards the way Anki does: queues, daily limits, day rollover, undo.

Why a session object: like Anki, the queues of a study session are built
once (new cards in article order, reviews by due date, learning cards by due
time) and then kept up to date in memory as cards are answered, so one step —
write the answer, compute the new state, fetch the next card — costs a handful
of indexed statements. Every card is re-read before it is shown, so a change
made elsewhere (the quiz, an edit) never shows a card that is no longer due.
Every answer writes the new card state and its review-log row in ONE
transaction; the UI never computes a schedule.
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from app.core.changes import Change
from app.core.clock import Clock, day_start, next_day_start, utcnow
from app.core.notes.model import CardFace, render
from app.core.storage.collection import Collection
from app.core.study.reviews import (
    apply_answer,
    bury_card,
    bury_related,
    set_suspended,
    unbury_card,
    unbury_related,
    undo_review,
)
from app.core.study.scheduler import (
    LEARNING,
    NEW,
    RELEARNING,
    REVIEW,
    STATE_COLUMNS,
    CardState,
    Outcome,
)
from app.core.study.settings import StudyError, load_settings

LEARN_AHEAD = timedelta(minutes=20)


# -- scope and counts --------------------------------------------------------------
@dataclass(frozen=True)
class Scope:
    """What to study: an article, one section of it, or an explicit list of cards."""

    article_id: str | None = None
    section_idx: int | None = None
    card_ids: tuple[int, ...] | None = None

    def __post_init__(self) -> None:
        if self.article_id is None and self.card_ids is None:
            raise StudyError("Choose an article, a section or a list of cards to study.")

    @property
    def limited(self) -> bool:
        """Daily limits apply to articles and sections, not to a hand-picked list."""
        return self.card_ids is None

    def where(self) -> tuple[str, list[Any]]:
        """SQL condition on `c` (cards) and `n` (notes) selecting the scope's active cards."""
        if self.card_ids is not None:
            return ("n.active = 1 AND c.id IN (SELECT value FROM json_each(?))",
                    [json.dumps(list(self.card_ids))])
        if self.section_idx is None:
            return "n.article_id = ? AND n.active = 1", [self.article_id]
        return ("n.article_id = ? AND n.section_idx = ? AND n.active = 1",
                [self.article_id, self.section_idx])


@dataclass(frozen=True)
class Counts:
    new: int
    learning: int
    review: int

    @property
    def total(self) -> int:
        return self.new + self.learning + self.review


def answered_today(col: Collection, article_id: str, queue: int, now: datetime) -> int:
    """How many answers from `queue` the article's cards got this study day."""
    row = col.execute(
        "SELECT COUNT(*) FROM revlog r JOIN cards c ON c.id = r.card_id "
        "JOIN notes n ON n.id = c.note_id "
        "WHERE r.reviewed_at >= ? AND r.queue = ? AND n.article_id = ?",
        (day_start(now).timestamp(), queue, article_id),
    ).fetchone()
    return int(row[0])


def next_due(col: Collection, scope: Scope, now: datetime | None = None) -> datetime | None:
    """When the scope's next answered card falls due after `now` (None if none)."""
    now = now or utcnow()
    where, params = scope.where()
    row = col.execute(
        f"SELECT MIN(c.due) FROM cards c JOIN notes n ON n.id = c.note_id WHERE {where} "
        "AND c.suspended = 0 AND c.last_review IS NOT NULL AND c.due > ?",
        [*params, now.timestamp()],
    ).fetchone()
    return datetime.fromtimestamp(row[0], UTC) if row and row[0] is not None else None


def card_total(col: Collection, scope: Scope) -> int:
    """How many cards the scope holds, due or not (suspended ones too): the study
    overview's "109 cards in this article"."""
    where, params = scope.where()
    row = col.execute(
        f"SELECT COUNT(*) FROM cards c JOIN notes n ON n.id = c.note_id WHERE {where}",
        params).fetchone()
    return int(row[0])


# -- the session ---------------------------------------------------------------------
@dataclass
class StudyCard:
    """A card ready to show: its faces, note, state and the four possible outcomes."""

    card_id: int
    note_id: str
    kind: str
    fields: dict[str, Any]
    ord: int
    article_id: str | None
    section_idx: int | None
    source: str
    explanation: str
    face: CardFace
    state: CardState
    queue: int
    outcomes: dict[int, Outcome]

    @property
    def labels(self) -> dict[int, str]:
        return {r: o.label for r, o in self.outcomes.items()}


@dataclass
class Summary:
    studied: int
    again: int
    seconds: float
    next_due: datetime | None
    new_left: int


@dataclass
class _Undo:
    kind: str  # answer | bury | suspend
    card_id: int
    revlog_id: int = 0
    previous: float | None = None
    rating: int = 0
    duration_ms: int = 0
    #: cards this answer buried as related (siblings, same sentence): id → previous bury time
    related: dict[int, float | None] = field(default_factory=dict)


_LOAD_CARD = (f"SELECT {', '.join('c.' + c for c in STATE_COLUMNS)}, c.note_id, c.ord, "
              "c.suspended, c.buried_until, n.kind, n.fields, n.article_id, n.section_idx, "
              "n.source, n.explanation, n.active FROM cards c JOIN notes n ON n.id = c.note_id "
              "WHERE c.id = ?")


class _Lane:
    """An ordered queue with O(1) removal anywhere (lazy deletion), for 50,000-card scopes."""

    def __init__(self, ids: list[int]) -> None:
        self._ids = ids
        self._pos = 0
        self._live = set(ids)

    def __len__(self) -> int:
        return len(self._live)

    def first(self) -> int | None:
        while self._pos < len(self._ids) and self._ids[self._pos] not in self._live:
            self._pos += 1
        return self._ids[self._pos] if self._pos < len(self._ids) else None

    def remove(self, card_id: int) -> None:
        self._live.discard(card_id)


class _Learning:
    """Learning cards by due time; add and remove cost O(log n) searches, not a scan.

    A big collection can have thousands of cards in (re)learning, and every
    answer removes one, so a linear scan per answer would grow with the
    collection.
    """

    def __init__(self, entries: list[tuple[float, int]]) -> None:
        self._entries = sorted(entries)
        self._due = {card_id: due for due, card_id in self._entries}

    def __len__(self) -> int:
        return len(self._entries)

    def first(self) -> tuple[float, int] | None:
        return self._entries[0] if self._entries else None

    def add(self, due: float, card_id: int) -> None:
        self.remove(card_id)
        bisect.insort(self._entries, (due, card_id))
        self._due[card_id] = due

    def remove(self, card_id: int) -> None:
        due = self._due.pop(card_id, None)
        if due is not None:
            del self._entries[bisect.bisect_left(self._entries, (due, card_id))]


@dataclass
class _Queues:
    new: _Lane
    review: _Lane
    learning: _Learning

    def remove(self, card_id: int) -> None:
        self.new.remove(card_id)
        self.review.remove(card_id)
        self.learning.remove(card_id)

    def first(self, now: float, pending: int | None) -> tuple[int, int] | None:
        """(card id, queue) of the card Anki would show now: due learning, review, new,
        then learning cards due within the learn-ahead limit."""
        if pending is not None:
            return pending, -1
        learning = self.learning.first()
        if learning and learning[0] <= now:
            return learning[1], LEARNING
        for lane, queue in ((self.review, REVIEW), (self.new, NEW)):
            card_id = lane.first()
            if card_id is not None:
                return card_id, queue
        if learning and learning[0] <= now + LEARN_AHEAD.total_seconds():
            return learning[1], LEARNING
        return None


class StudySession:
    """One sitting with a scope: next card, answer, undo, bury, suspend, summary."""

    def __init__(self, col: Collection, scope: Scope, clock: Clock | None = None) -> None:
        self.col = col
        self.scope = scope
        self.clock: Clock = clock or utcnow
        self.settings = load_settings(col)
        self.scheduler = self.settings.scheduler()
        self._undo: list[_Undo] = []
        self._buried_here: set[int] = set()  # buried in this sitting: gone even from a hand-picked list
        self._pending: int | None = None
        self.studied = 0
        self.again = 0
        self.duration_ms = 0
        self.rebuild()

    # -- queues -------------------------------------------------------------------
    def rebuild(self) -> None:
        """Build the queues from the collection (session start, new day, undo, outside edits)."""
        now = self.clock()
        settings = load_settings(self.col)
        if settings != self.settings:
            self.settings, self.scheduler = settings, settings.scheduler()
        self._day_end = next_day_start(now).timestamp()
        ts = now.timestamp()
        where, params = self.scope.where()
        # a hand-picked list (the quiz's "Review mistakes") shows buried cards too:
        # the student asked for exactly these cards
        bury_ts = ts if self.scope.limited else float("inf")
        rows = self.col.execute(
            f"SELECT c.id, c.state, c.due, c.last_review FROM cards c "
            f"JOIN notes n ON n.id = c.note_id WHERE {where} AND c.suspended = 0 "
            "AND (c.buried_until IS NULL OR c.buried_until <= ?) "
            "ORDER BY n.article_id, n.section_idx, n.position, c.ord",
            [*params, bury_ts],
        ).fetchall()
        new: list[int] = []
        reviews: list[tuple[float, int]] = []
        learning: list[tuple[float, int]] = []
        for card_id, state, due, last_review in rows:
            if card_id in self._buried_here:
                continue
            if last_review is None:
                new.append(card_id)
            elif due >= self._day_end:
                continue
            elif state == REVIEW:
                reviews.append((due, card_id))
            else:
                learning.append((due, card_id))
        reviews.sort()
        review = [cid for _, cid in reviews]
        if self.scope.limited:
            assert self.scope.article_id is not None
            new_left = self.settings.new_per_day - answered_today(
                self.col, self.scope.article_id, NEW, now)
            rev_left = self.settings.reviews_per_day - answered_today(
                self.col, self.scope.article_id, REVIEW, now)
            del new[max(0, new_left):]
            del review[max(0, rev_left):]
        self._q = _Queues(_Lane(new), _Lane(review), _Learning(learning))

    def counts(self) -> Counts:
        return Counts(len(self._q.new), len(self._q.learning), len(self._q.review))

    def next_card(self) -> StudyCard | None:
        """The card to show now with its four outcomes, or None when done for now."""
        now = self.clock()
        if now.timestamp() >= self._day_end:
            self.rebuild()
        while (head := self._q.first(now.timestamp(), self._pending)) is not None:
            card_id, _queue = head
            self._pending = None
            card = self._load(card_id, now)
            if card is not None:
                return card
            self._q.remove(card_id)
        return None

    def _load(self, card_id: int, now: datetime) -> StudyCard | None:
        """Read a card fresh; None if it is no longer studyable today."""
        row = self.col.execute(_LOAD_CARD, (card_id,)).fetchone()
        if row is None:
            return None
        state = CardState(*row[:9])
        (note_id, ord_, suspended, buried_until, kind, fields_json, article_id, section_idx,
         source, explanation, active) = row[9:]
        buried = card_id in self._buried_here or (
            self.scope.limited and buried_until is not None and buried_until > now.timestamp())
        if suspended or not active or buried:
            return None
        if not state.is_new and state.due is not None and state.due >= self._day_end:
            return None
        fields = json.loads(fields_json)
        return StudyCard(
            card_id=card_id, note_id=note_id, kind=kind, fields=fields, ord=ord_,
            article_id=article_id, section_idx=section_idx, source=source,
            explanation=explanation, face=render(kind, fields, ord_), state=state,
            queue=state.queue, outcomes=self.scheduler.outcomes(state, now),
        )

    def reload(self, card: StudyCard) -> StudyCard | None:
        """The same card re-read (after editing its note)."""
        return self._load(card.card_id, self.clock())

    # -- actions --------------------------------------------------------------------
    def answer(self, card: StudyCard, rating: int, duration_ms: int) -> CardState:
        """Record the answer durably (state + revlog in one transaction), update the queues."""
        now = self.clock()
        with self.col.transaction(Change.STUDY | Change.CARDS):
            after, revlog_id = apply_answer(self.col, self.scheduler, card.card_id, rating,
                                             duration_ms, "flashcards", now)
            related = bury_related(self.col, card.card_id, now) \
                if self.settings.bury_related else {}
        self._drop_related(related)
        self._q.remove(card.card_id)
        if after.state in (LEARNING, RELEARNING) and after.due is not None \
                and after.due < self._day_end:
            self._q.learning.add(after.due, card.card_id)
        self._undo.append(_Undo("answer", card.card_id, revlog_id=revlog_id, rating=rating,
                                duration_ms=max(0, int(duration_ms)), related=related))
        self.studied += 1
        self.again += rating == 1
        self.duration_ms += max(0, int(duration_ms))
        return after

    def _drop_related(self, related: dict[int, float | None]) -> None:
        """Cards buried as related to an answer leave the in-memory queues (kept apart:
        the queues may come to be built differently, this stays the same)."""
        for card_id in related:
            self._q.remove(card_id)
            self._buried_here.add(card_id)

    def bury(self, card: StudyCard) -> None:
        previous = bury_card(self.col, card.card_id, self.clock())
        self._q.remove(card.card_id)
        self._buried_here.add(card.card_id)
        self._undo.append(_Undo("bury", card.card_id, previous=previous))

    def suspend(self, card: StudyCard) -> None:
        set_suspended(self.col, [card.card_id], True)
        self._q.remove(card.card_id)
        self._undo.append(_Undo("suspend", card.card_id))

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    def undo(self) -> str | None:
        """Undo the last answer, bury or suspend of this session; the card comes back next.

        Returns a short description of what was undone, or None if nothing was left.
        """
        if not self._undo:
            return None
        action = self._undo[-1]
        if action.kind == "answer":
            with self.col.transaction(Change.STUDY | Change.CARDS):
                undo_review(self.col, action.revlog_id)
                unbury_related(self.col, action.related)
            self._buried_here.difference_update(action.related)
            self.studied -= 1
            self.again -= action.rating == 1
            self.duration_ms -= action.duration_ms
        elif action.kind == "bury":
            unbury_card(self.col, action.card_id, action.previous)
            self._buried_here.discard(action.card_id)
        else:
            set_suspended(self.col, [action.card_id], False)
        self._undo.pop()
        self.rebuild()
        self._pending = action.card_id
        return action.kind

    def summary(self) -> Summary:
        now = self.clock()
        if self.scope.limited:
            where, params = self.scope.where()
            new_left = self.col.execute(
                f"SELECT COUNT(*) FROM cards c JOIN notes n ON n.id = c.note_id WHERE {where} "
                "AND c.suspended = 0 AND c.last_review IS NULL", params).fetchone()[0]
        else:
            new_left = len(self._q.new)
        return Summary(self.studied, self.again, self.duration_ms / 1000,
                       next_due(self.col, self.scope, now), int(new_left))
