"""Studying cards the way Anki does: one sitting's flow — next card, answer, undo.

Why a session object: like Anki, the queues of a study session are built
once (`queues.build_queues`: new cards in article order, reviews by due date,
learning cards by due time) and then kept up to date in memory as cards are
answered, so one step — write the answer, compute the new state, fetch the next
card — costs a handful of indexed statements. Every card is re-read before it is
shown, so a change made elsewhere (the quiz, an edit) never shows a card that is
no longer due. Every answer writes the new card state and its review-log row in
ONE transaction; the UI never computes a schedule.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.core.changes import Change
from app.core.clock import Clock, day_start, next_day_start, utcnow
from app.core.notes.model import CardFace, render
from app.core.storage.collection import Collection
from app.core.study.queues import (
    Counts,
    Queues,
    QueueSnapshot,
    Scope,
    build_queues,
    count_queues,
    learning_end,
    new_cards_left,
    next_due,
)
from app.core.study.reviews import (
    bury_card,
    bury_related,
    read_state,
    set_suspended,
    unbury_card,
    unbury_related,
    undo_review,
    write_answer,
)
from app.core.study.scheduler import (
    LEARNING,
    RELEARNING,
    REVIEW,
    STATE_COLUMNS,
    CardState,
    Outcome,
)
from app.core.study.settings import load_settings

__all__ = ["Counts", "QueueSnapshot", "Scope", "StudyCard", "StudySession", "Summary"]


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
        self._queues: Queues | None = None
        self._counted: Counts | None = None  # the queues counted before they are built
        self._day_start = self._day_end = 0.0
        self.builds = 0
        """How many times the queues were built from the collection (tests, benchmarks)."""
        self.studied = 0
        self.again = 0
        self.duration_ms = 0

    # -- queues -------------------------------------------------------------------
    def rebuild(self) -> None:
        """Forget the queues; they are built from the collection when next needed
        (session start, new day, outside edits)."""
        self._queues = self._counted = None

    @property
    def _q(self) -> Queues:
        if self._queues is None or self.clock().timestamp() >= self._day_end:
            now = self._new_read()
            self.builds += 1
            self._queues = build_queues(self.col, self.scope, now, self.settings,
                                        self._buried_here)
        return self._queues

    def _new_read(self) -> datetime:
        """Before reading the queues from the collection: today's settings and study day."""
        now = self.clock()
        settings = load_settings(self.col)
        if settings != self.settings:
            self.settings, self.scheduler = settings, settings.scheduler()
        self._day_start = day_start(now).timestamp()
        self._day_end = next_day_start(now).timestamp()
        return now

    def counts(self) -> Counts:
        """New, learning and review cards left now. Before the first card the queues are
        only counted (by SQLite: the overview), not built; from then on they are the
        sitting's own."""
        if self._queues is None:
            if self._counted is None or self.clock().timestamp() >= self._day_end:
                self._counted = count_queues(self.col, self.scope, self._new_read(),
                                             self.settings, self._buried_here)
            return self._counted
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
        if not state.is_new and state.due is not None and state.due >= (
                self._day_end if state.state == REVIEW
                else learning_end(now.timestamp(), self._day_end)):
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
    def answer(self, card: StudyCard, rating: int, duration_ms: int,
               before_commit: Callable[[], object] | None = None) -> CardState:
        """Record the answer durably (state + revlog in one transaction), update the queues.

        `before_commit` runs once the answer is written and the queues have moved on, in
        the same transaction just before its commit (and the commit's sync): the review
        screen paints the next card there, so the student does not wait for the disk. The
        commit still happens before this returns; if it fails, nothing of the answer is
        kept — in the collection or in this session — and the error is raised.
        """
        now = self.clock()
        action: _Undo | None = None
        try:
            with self.col.transaction(Change.STUDY | Change.CARDS):
                before = read_state(self.col, card.card_id)
                after, revlog_id = write_answer(
                    self.col, self.scheduler, before, rating, duration_ms, "flashcards", now,
                    card.article_id, self._day_start if now.timestamp() < self._day_end
                    else None)
                related = bury_related(self.col, card.card_id, now, self._day_end) \
                    if self.settings.bury_related else {}
                action = _Undo("answer", before, revlog_id=revlog_id, rating=rating,
                               duration_ms=max(0, int(duration_ms)), related=related)
                self._record(action, after)
                if before_commit is not None:
                    before_commit()
        except BaseException:
            if action is not None:
                self._forget(action)
            raise
        return after

    def _record(self, action: _Undo, after: CardState) -> None:
        """The sitting after an answer: the card (and those buried as related to it) out
        of the queues, back in learning if due again today; the undo entry; the tally."""
        q = self._q
        for card_id in action.related:
            q.remove(card_id)
            self._buried_here.add(card_id)
        q.remove(after.card_id)
        if after.state in (LEARNING, RELEARNING) and after.due is not None \
                and after.due < learning_end(self.clock().timestamp(), self._day_end):
            q.learning.add(after.due, after.card_id)
        self._undo.append(action)
        self.studied += 1
        self.again += action.rating == 1
        self.duration_ms += action.duration_ms

    def _forget(self, action: _Undo) -> None:
        """The sitting as it was before `action` (undone, or its commit failed): the
        card back at its place in the queues, with any card buried as related to it;
        the undo entry and the tally gone. No rebuild."""
        assert self._undo[-1] is action, "only the last action can be forgotten"
        self._undo.pop()
        self._buried_here.difference_update(action.related)
        if action.kind == "bury":
            self._buried_here.discard(action.before.card_id)
        if action.kind == "answer":
            self.studied -= 1
            self.again -= action.rating == 1
            self.duration_ms -= action.duration_ms
        if self._queues is not None:
            for related_id in action.related:  # back where they were: new or review
                if not self._queues.new.restore(related_id):
                    self._queues.review.restore(related_id)
            self._queues.restore(action.before,
                                 learning_end(self.clock().timestamp(), self._day_end))

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

    def undo(self, before_commit: Callable[[], object] | None = None) -> str | None:
        """Undo the last answer, bury or suspend of this session; the card comes back next.

        The card goes back to its place in the queues — no rebuild. Returns a short
        description of what was undone, or None if nothing was left. `before_commit` as
        for `answer`: the screen paints the card that comes back before the sync; if the
        commit fails, the action stays done (and undoable) and the error is raised.
        """
        if not self._undo:
            return None
        action = self._undo[-1]
        card_id = action.before.card_id
        forgotten = False
        try:
            with self.col.transaction(Change.STUDY | Change.CARDS):
                if action.kind == "answer":
                    undo_review(self.col, action.revlog_id, action.before)
                    unbury_related(self.col, action.related)
                elif action.kind == "bury":
                    unbury_card(self.col, card_id, action.previous_bury)
                else:
                    set_suspended(self.col, [card_id], False)
                self._forget(action)
                forgotten = True
                self._pending = card_id
                if before_commit is not None:
                    before_commit()
        except BaseException:
            if forgotten:
                self._remember(action)
            raise
        return action.kind

    def _remember(self, action: _Undo) -> None:
        """An undo whose commit failed: the action is done again in this session, as it
        still is in the collection (the queues re-read: a rare path, kept simple)."""
        self._undo.append(action)
        self._buried_here.update(action.related)
        if action.kind == "bury":
            self._buried_here.add(action.before.card_id)
        if action.kind == "answer":
            self.studied += 1
            self.again += action.rating == 1
            self.duration_ms += action.duration_ms
        self._pending = None
        self.rebuild()

    def summary(self) -> Summary:
        now = self.clock()
        new_left = new_cards_left(self.col, self.scope) if self.scope.limited \
            else len(self._q.new)
        return Summary(self.studied, self.again, self.duration_ms / 1000,
                       next_due(self.col, self.scope, now), new_left)
