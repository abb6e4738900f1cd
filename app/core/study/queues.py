"""The study queues: which cards a sitting may show today, in which order, under which limits.

Why apart from the session (`session.py`): the queue rules are also what the home
screen and the sidebar count (`counts_by_section`), and they are SQL — indexed,
limited queries, so a sitting starts without reading every card — while the session
is the flow of one sitting (next card, answer, undo). The in-memory lanes kept here
let an answer or an undo move one card without building the queues again.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from app.core.clock import next_day_start, utcnow
from app.core.storage.collection import Collection
from app.core.study import daycounts
from app.core.study.scheduler import LEARNING, NEW, RELEARNING, REVIEW, CardState
from app.core.study.settings import StudyError, StudySettings, load_settings

LEARN_AHEAD = timedelta(minutes=20)


def learning_end(now: float, day_end: float) -> float:
    """Learning cards due before this are today's: those due by the end of the study day,
    and — as in Anki — those due within the learn-ahead limit even past it (a card
    failed at 3:55 with a 10-minute step is still shown in that sitting, not lost to
    the 4 a.m. rollover until the next day's queue is built)."""
    return max(day_end, now + LEARN_AHEAD.total_seconds())


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
            "GROUP BY n.article_id, n.section_idx",
            [learning_end(now.timestamp(), day_end), day_end, *params]):
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



class Lane:
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


class Learning:
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
class Queues:
    new: Lane
    review: Lane
    learning: Learning

    def remove(self, card_id: int) -> None:
        self.new.remove(card_id)
        self.review.remove(card_id)
        self.learning.remove(card_id)

    def restore(self, card: CardState, day_end: float) -> None:
        """Put a card back where its state `card` had it (undo); `day_end`: the end of
        the learning cards due today (`learning_end`)."""
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



def build_queues(col: Collection, scope: Scope, now: datetime, settings: StudySettings,
                 buried_here: Iterable[int] = ()) -> Queues:
    """The scope's queues for the study day containing `now`, each article under its own
    daily limits; `buried_here`: cards buried in this sitting (gone even from a list)."""
    day_end = next_day_start(now).timestamp()
    if not scope.limited:
        return _hand_picked(col, *studyable(scope, now.timestamp(), buried_here), day_end,
                            learning_end(now.timestamp(), day_end))
    new: list[int] = []
    review: list[tuple[float, int]] = []
    learning: list[tuple[float, int]] = []
    conn = col.conn
    for article in _articles(col, scope):
        new_sql, review_sql, learning_sql = _lane_queries(col, article, now, day_end, settings,
                                                          buried_here)
        review += [(due, cid) for cid, due in conn.execute(*review_sql)]
        learning += [(due, cid) for cid, due in conn.execute(*learning_sql)]
        new += [r[0] for r in conn.execute(*new_sql)]
    review.sort()  # by due date across articles
    return Queues(Lane(new), Lane([card_id for _, card_id in review]), Learning(learning))


def count_queues(col: Collection, scope: Scope, now: datetime, settings: StudySettings,
                 buried_here: Iterable[int] = ()) -> Counts:
    """What `build_queues` would hold, counted by SQLite: the study overview's numbers
    without a Python object per card (8,500 reviews due: 6 ms of opening the overview).
    The same queries, so the same numbers."""
    if not scope.limited:
        q = build_queues(col, scope, now, settings, buried_here)  # a short hand-picked list
        return Counts(len(q.new), len(q.learning), len(q.review))
    day_end = next_day_start(now).timestamp()
    totals = [0, 0, 0]
    for article in _articles(col, scope):
        for k, (sql, params) in enumerate(_lane_queries(col, article, now, day_end, settings,
                                                        buried_here)):
            totals[k] += col.conn.execute(f"SELECT COUNT(*) FROM ({sql})", params).fetchone()[0]
    return Counts(totals[0], totals[2], totals[1])


def _articles(col: Collection, scope: Scope) -> list[Scope]:
    """The articles whose limits apply: the scope's own, or every article in the order of
    their ids, as new cards are ordered (`_NEW_ORDER`)."""
    if scope.every_article:
        return [Scope(a) for (a,) in col.execute("SELECT id FROM articles ORDER BY id")]
    return [scope]


_Query = tuple[str, list[Any]]


def _lane_queries(col: Collection, scope: Scope, now: datetime, day_end: float,
                  settings: StudySettings, buried_here: Iterable[int]
                  ) -> tuple[_Query, _Query, _Query]:
    """One article's or section's queues under its daily limits, as (sql, params): new
    card ids in order, (id, due) of the reviews and of the learning cards."""
    assert scope.article_id is not None
    where, params = studyable(scope, now.timestamp(), buried_here)
    new_limit, review_limit = daily_limits(settings, answered_today(col, scope.article_id, now))
    # `cards` stays the outer loop (CROSS JOIN), so the (state, due) index walks
    # only the cards of that state due today, in order, and stops at the limit.
    review = ((f"SELECT c.id, c.due FROM cards c INDEXED BY cards_queue CROSS JOIN notes n "
              f"ON n.id = c.note_id WHERE {REVIEW_DUE} AND {where} "
              "ORDER BY c.due, c.id LIMIT ?"), [day_end, *params, review_limit])
    learning = ((f"SELECT c.id, c.due FROM cards c INDEXED BY cards_queue CROSS JOIN notes n "
                f"ON n.id = c.note_id WHERE {LEARNING_DUE} AND {where}"),
                [learning_end(now.timestamp(), day_end), *params])
    # the partial index `cards_new` holds only never-answered cards
    new = ((f"SELECT c.id FROM cards c INDEXED BY cards_new CROSS JOIN notes n "
           f"ON n.id = c.note_id WHERE {NEW_CARD} AND {where} "
           f"ORDER BY {_NEW_ORDER} LIMIT ?"), [*params, new_limit])
    return new, review, learning


def _hand_picked(col: Collection, where: str, params: list[Any], day_end: float,
                 learning_until: float) -> Queues:
    """A hand-picked list (the quiz's "Review mistakes"): read exactly those cards
    by id and sort them into the queues; no limits apply."""
    new: list[int] = []
    review: list[tuple[float, int]] = []
    learning: list[tuple[float, int]] = []
    for card_id, state, due, last_review in col.execute(
        f"SELECT c.id, c.state, c.due, c.last_review FROM cards c JOIN notes n "
        f"ON n.id = c.note_id WHERE {where} ORDER BY {_NEW_ORDER}", params):
        if last_review is None:
            new.append(card_id)
        elif state == REVIEW and due < day_end:
            review.append((due, card_id))
        elif state != REVIEW and due < learning_until:
            learning.append((due, card_id))
    return Queues(Lane(new), Lane([cid for _, cid in sorted(review)]), Learning(learning))


def new_cards_left(col: Collection, scope: Scope) -> int:
    """The scope's never-answered cards not suspended, beyond today's limits too: the
    summary's "N new cards left"."""
    where, params = scope.where()
    return int(col.execute(
        f"SELECT COUNT(*) FROM cards c INDEXED BY cards_new CROSS JOIN notes n "
        f"ON n.id = c.note_id WHERE {NEW_CARD} AND {where} AND c.suspended = 0",
        params).fetchone()[0])
