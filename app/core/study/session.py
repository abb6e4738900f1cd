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
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from app.core.changes import Change
from app.core.clock import Clock, next_day_start, utcnow
from app.core.notes.model import CardFace, render
from app.core.storage.collection import Collection
from app.core.study import daycounts
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
from app.core.study.settings import StudyError, StudySettings, load_settings

LEARN_AHEAD = timedelta(minutes=20)


# -- scope and counts --------------------------------------------------------------
@dataclass(frozen=True)
class Scope:
    """What to study: an article, one section of it, every article (each under its own daily
    limits: "Study All Due"), or an explicit list of cards."""

    article_id: str | None = None
    section_idx: int | None = None
    card_ids: tuple[int, ...] | None = None
    every_article: bool = False

    def __post_init__(self) -> None:
        if self.article_id is None and self.card_ids is None and not self.every_article:
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
        if self.every_article:
            return "n.article_id IS NOT NULL AND n.active = 1", []
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


def answered_today(col: Collection, article_id: str, now: datetime) -> dict[int, int]:
    """How many answers the article's cards got this study day, by the queue they came
    from (daily limits count new and review answers)."""
    return daycounts.answered_on(col, article_id, now)


#: The queue rules, written once for the session's queues and for `counts_by_section`: what
#: puts a card (`c`) in each queue this study day (`?`: when the study day ends).
REVIEW_DUE = f"c.state = {REVIEW} AND c.due < ? AND c.last_review IS NOT NULL"
LEARNING_DUE = (f"c.state IN ({LEARNING}, {RELEARNING}) AND c.due < ? "
                "AND c.last_review IS NOT NULL")
NEW_CARD = "c.last_review IS NULL"
#: The order new cards are introduced in: the article's order.
_NEW_ORDER = "n.article_id, n.section_idx, n.position, c.ord, c.id"


def daily_limits(settings: StudySettings, answered: dict[int, int]) -> tuple[int, int]:
    """How many new and review cards an article may still show today, given its answers
    today by queue (`answered_today`)."""
    return (max(0, settings.new_per_day - answered.get(NEW, 0)),
            max(0, settings.reviews_per_day - answered.get(REVIEW, 0)))


def counts_by_section(col: Collection, now: datetime | None = None
                      ) -> dict[tuple[str, int | None], Counts]:
    """What a fresh `StudySession` of every article (key `(article, None)`) and of every
    section (key `(article, idx)`) would count, from one grouped query.

    The home screen and the sidebar show every article and section at once; a session
    per section would read the collection's cards once per section. The queue rules,
    `studyable` and `daily_limits` are the sessions' own, so the numbers are the same.
    """
    now = now or utcnow()
    day_end = next_day_start(now).timestamp()
    settings = load_settings(col)
    where, params = studyable(Scope(every_article=True), now.timestamp())
    per_section: dict[str, list[tuple[int | None, int, int, int]]] = {}
    for article, section, new, learning, review in col.execute(
            f"SELECT n.article_id, n.section_idx, SUM({NEW_CARD}), SUM({LEARNING_DUE}), "
            f"SUM({REVIEW_DUE}) FROM cards c JOIN notes n ON n.id = c.note_id WHERE {where} "
            "GROUP BY n.article_id, n.section_idx", [day_end, day_end, *params]):
        per_section.setdefault(article, []).append((section, new, learning, review))
    counts: dict[tuple[str, int | None], Counts] = {}
    for article, sections in per_section.items():
        new_limit, review_limit = daily_limits(settings, answered_today(col, article, now))
        for section, new, learning, review in sections:
            if section is not None:
                counts[(article, section)] = Counts(min(new, new_limit), learning,
                                                    min(review, review_limit))
        counts[(article, None)] = Counts(
            min(sum(s[1] for s in sections), new_limit), sum(s[2] for s in sections),
            min(sum(s[3] for s in sections), review_limit))
    return counts


def next_due(col: Collection, scope: Scope, now: datetime | None = None) -> datetime | None:
    """When the scope's next answered card falls due after `now` (None if none)."""
    now = now or utcnow()
    where, params = scope.where()
    # due order from the index, first match: no scan of the scope's cards
    row = col.execute(
        f"SELECT c.due FROM cards c CROSS JOIN notes n ON n.id = c.note_id WHERE c.due > ? "
        f"AND c.suspended = 0 AND c.last_review IS NOT NULL AND {where} ORDER BY c.due LIMIT 1",
        [now.timestamp(), *params],
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
    """What one action of this sitting changed, kept in memory for this session only.

    The card's state before the action is all undo needs, so the review log does
    not have to store a copy of every card state forever.
    """

    kind: str  # answer | bury | suspend
    before: CardState
    revlog_id: int = 0
    previous_bury: float | None = None
    rating: int = 0
    duration_ms: int = 0
    #: cards this answer buried as related (siblings, same sentence): id → previous bury time
    related: dict[int, float | None] = field(default_factory=dict)


_LOAD_CARD = (f"SELECT {', '.join('c.' + c for c in STATE_COLUMNS)}, c.note_id, c.ord, "
              "c.suspended, c.buried_until, n.kind, n.fields, n.article_id, n.section_idx, "
              "n.source, n.explanation, n.active FROM cards c JOIN notes n ON n.id = c.note_id "
              "WHERE c.id = ?")


class _Lane:
    """An ordered queue with O(1) removal anywhere (lazy deletion) and O(1) restore.

    `restore` puts a card back at the place it had when the lane was built, which
    is what undo needs: the undone card is counted again exactly where it was.
    """

    def __init__(self, ids: list[int]) -> None:
        self._ids = ids
        self._index = {card_id: i for i, card_id in enumerate(ids)}
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

    def restore(self, card_id: int) -> bool:
        """Put a removed card back in its place; False if it was never in this lane."""
        index = self._index.get(card_id)
        if index is None:
            return False
        self._live.add(card_id)
        self._pos = min(self._pos, index)
        return True

    def ids(self) -> list[int]:
        return [card_id for card_id in self._ids[self._pos:] if card_id in self._live]


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

    def ids(self) -> list[int]:
        return [card_id for _, card_id in self._entries]


@dataclass(frozen=True)
class QueueSnapshot:
    """The session's queues in the order they will be shown (for tests and diagnostics)."""

    new: tuple[int, ...]
    review: tuple[int, ...]
    learning: tuple[int, ...]


@dataclass
class _Queues:
    new: _Lane
    review: _Lane
    learning: _Learning

    def remove(self, card_id: int) -> None:
        self.new.remove(card_id)
        self.review.remove(card_id)
        self.learning.remove(card_id)

    def restore(self, card: CardState, day_end: float) -> None:
        """Put a card back where its state `card` had it (undo)."""
        self.remove(card.card_id)
        if card.is_new:
            self.new.restore(card.card_id)
        elif card.state == REVIEW:
            self.review.restore(card.card_id)
        elif card.due is not None and card.due < day_end:
            self.learning.add(card.due, card.card_id)

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


def studyable(scope: Scope, now: float, buried_here: Iterable[int] = ()) -> tuple[str, list[Any]]:
    """The one SQL condition (on `c` and `n`) for a card that may be shown today.

    Scope, not suspended, not buried (a hand-picked list shows buried cards: the
    student asked for exactly these), and not buried in this sitting. Anything
    that hides cards — sibling burying too — only has to set `buried_until` or
    `suspended` for every queue query to leave the card out.
    """
    where, params = scope.where()
    sql = f"{where} AND c.suspended = 0"
    if scope.limited:
        sql += " AND (c.buried_until IS NULL OR c.buried_until <= ?)"
        params = [*params, now]
    if buried_here:
        sql += " AND c.id NOT IN (SELECT value FROM json_each(?))"
        params = [*params, json.dumps(sorted(buried_here))]
    return sql, params


class StudySession:
    """One sitting with a scope: next card, answer, undo, bury, suspend, summary.

    The queues are selected by indexed, limited queries (due reviews by due
    date, new cards in article order, learning cards due today), so starting a
    session reads the cards it will show, not every card of the collection.
    They are built lazily: `rebuild()` only marks them stale, so an overview
    that recounts after an edit builds them once however often it is told.
    """

    def __init__(self, col: Collection, scope: Scope, clock: Clock | None = None) -> None:
        self.col = col
        self.scope = scope
        self.clock: Clock = clock or utcnow
        self.settings = load_settings(col)
        self.scheduler = self.settings.scheduler()
        self._undo: list[_Undo] = []
        self._buried_here: set[int] = set()  # buried in this sitting: gone even from a hand-picked list
        self._pending: int | None = None
        self._queues: _Queues | None = None
        self._day_end = 0.0
        self.builds = 0
        """How many times the queues were built from the collection (tests, benchmarks)."""
        self.studied = 0
        self.again = 0
        self.duration_ms = 0

    # -- queues -------------------------------------------------------------------
    def rebuild(self) -> None:
        """Forget the queues; they are built from the collection when next needed
        (session start, new day, outside edits)."""
        self._queues = None

    @property
    def _q(self) -> _Queues:
        if self._queues is None or self.clock().timestamp() >= self._day_end:
            self._queues = self._build()
        return self._queues

    def _build(self) -> _Queues:
        now = self.clock()
        settings = load_settings(self.col)
        if settings != self.settings:
            self.settings, self.scheduler = settings, settings.scheduler()
        self._day_end = next_day_start(now).timestamp()
        self.builds += 1
        if not self.scope.limited:
            where, params = studyable(self.scope, now.timestamp(), self._buried_here)
            return self._build_hand_picked(where, params)
        if self.scope.every_article:  # each article under its own limits, all at once; in
            # the order of article ids, as new cards are ordered (`_NEW_ORDER`)
            articles = [Scope(a) for (a,) in self.col.execute(
                "SELECT id FROM articles ORDER BY id")]
        else:
            articles = [self.scope]
        new: list[int] = []
        review: list[tuple[float, int]] = []
        learning: list[tuple[float, int]] = []
        for scope in articles:
            article_new, article_review, article_learning = self._lanes(scope, now)
            new += article_new
            review += article_review
            learning += article_learning
        review.sort()  # by due date across articles
        return _Queues(_Lane(new), _Lane([card_id for _, card_id in review]),
                       _Learning(learning))

    def _lanes(self, scope: Scope, now: datetime
               ) -> tuple[list[int], list[tuple[float, int]], list[tuple[float, int]]]:
        """One article's or section's queues under its daily limits: new card ids in order,
        (due, id) of the reviews and of the learning cards."""
        assert scope.article_id is not None
        where, params = studyable(scope, now.timestamp(), self._buried_here)
        new_limit, review_limit = daily_limits(
            self.settings, answered_today(self.col, scope.article_id, now))
        conn = self.col.conn
        # `cards` stays the outer loop (CROSS JOIN), so the (state, due) index walks
        # only the cards of that state due today, in order, and stops at the limit.
        review = [(due, cid) for cid, due in conn.execute(
            f"SELECT c.id, c.due FROM cards c INDEXED BY cards_queue CROSS JOIN notes n "
            f"ON n.id = c.note_id WHERE {REVIEW_DUE} AND {where} "
            "ORDER BY c.due, c.id LIMIT ?", [self._day_end, *params, review_limit])]
        learning = [(due, cid) for cid, due in conn.execute(
            f"SELECT c.id, c.due FROM cards c INDEXED BY cards_queue CROSS JOIN notes n "
            f"ON n.id = c.note_id WHERE {LEARNING_DUE} AND {where}", [self._day_end, *params])]
        # the partial index `cards_new` holds only never-answered cards
        new = [r[0] for r in conn.execute(
            f"SELECT c.id FROM cards c INDEXED BY cards_new CROSS JOIN notes n "
            f"ON n.id = c.note_id WHERE {NEW_CARD} AND {where} "
            f"ORDER BY {_NEW_ORDER} LIMIT ?", [*params, new_limit])]
        return new, review, learning

    def _build_hand_picked(self, where: str, params: list[Any]) -> _Queues:
        """A hand-picked list (the quiz's "Review mistakes"): read exactly those cards
        by id and sort them into the queues; no limits apply."""
        new: list[int] = []
        review: list[tuple[float, int]] = []
        learning: list[tuple[float, int]] = []
        for card_id, state, due, last_review in self.col.execute(
            f"SELECT c.id, c.state, c.due, c.last_review FROM cards c JOIN notes n "
            f"ON n.id = c.note_id WHERE {where} ORDER BY {_NEW_ORDER}", params):
            if last_review is None:
                new.append(card_id)
            elif due < self._day_end:
                (review if state == REVIEW else learning).append((due, card_id))
        return _Queues(_Lane(new), _Lane([cid for _, cid in sorted(review)]),
                       _Learning(learning))

    def counts(self) -> Counts:
        q = self._q
        return Counts(len(q.new), len(q.learning), len(q.review))

    def queues(self) -> QueueSnapshot:
        q = self._q
        return QueueSnapshot(tuple(q.new.ids()), tuple(q.review.ids()), tuple(q.learning.ids()))

    def drop(self, card_ids: Iterable[int]) -> None:
        """Take cards out of this sitting's queues (e.g. siblings just buried)."""
        if self._queues is not None:
            for card_id in card_ids:
                self._queues.remove(card_id)

    def next_card(self) -> StudyCard | None:
        """The card to show now with its four outcomes, or None when done for now."""
        now = self.clock()
        q = self._q
        while (head := q.first(now.timestamp(), self._pending)) is not None:
            card_id, _queue = head
            self._pending = None
            card = self._load(card_id, now)
            if card is not None:
                return card
            q.remove(card_id)
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
            before, after, revlog_id = apply_answer(self.col, self.scheduler, card.card_id,
                                                     rating, duration_ms, "flashcards", now)
            related = bury_related(self.col, card.card_id, now) \
                if self.settings.bury_related else {}
        self._drop_related(related)
        q = self._q
        q.remove(card.card_id)
        if after.state in (LEARNING, RELEARNING) and after.due is not None \
                and after.due < self._day_end:
            q.learning.add(after.due, card.card_id)
        self._undo.append(_Undo("answer", before, revlog_id=revlog_id, rating=rating,
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
        self._undo.append(_Undo("bury", card.state, previous_bury=previous))

    def suspend(self, card: StudyCard) -> None:
        set_suspended(self.col, [card.card_id], True)
        self._q.remove(card.card_id)
        self._undo.append(_Undo("suspend", card.state))

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    def undo(self) -> str | None:
        """Undo the last answer, bury or suspend of this session; the card comes back next.

        The card goes back to its place in the queues — no rebuild. Returns a short
        description of what was undone, or None if nothing was left.
        """
        if not self._undo:
            return None
        action = self._undo[-1]
        card_id = action.before.card_id
        if action.kind == "answer":
            with self.col.transaction(Change.STUDY | Change.CARDS):
                undo_review(self.col, action.revlog_id, action.before)
                unbury_related(self.col, action.related)
            self._buried_here.difference_update(action.related)
            if self._queues is not None:
                for related_id in action.related:  # back where they were: new or review
                    if not self._queues.new.restore(related_id):
                        self._queues.review.restore(related_id)
            self.studied -= 1
            self.again -= action.rating == 1
            self.duration_ms -= action.duration_ms
        elif action.kind == "bury":
            unbury_card(self.col, card_id, action.previous_bury)
            self._buried_here.discard(card_id)
        else:
            set_suspended(self.col, [card_id], False)
        self._undo.pop()
        if self._queues is not None:
            self._queues.restore(action.before, self._day_end)
        self._pending = card_id
        return action.kind

    def summary(self) -> Summary:
        now = self.clock()
        if self.scope.limited:
            where, params = self.scope.where()
            new_left = self.col.execute(
                f"SELECT COUNT(*) FROM cards c INDEXED BY cards_new CROSS JOIN notes n "
                f"ON n.id = c.note_id WHERE c.last_review IS NULL AND {where} "
                "AND c.suspended = 0", params).fetchone()[0]
        else:
            new_left = len(self._q.new)
        return Summary(self.studied, self.again, self.duration_ms / 1000,
                       next_due(self.col, self.scope, now), int(new_left))
