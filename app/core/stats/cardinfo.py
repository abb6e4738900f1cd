"""One card's story: its fields, source sentence, every answer, its state now.

Why the states are replayed: the review log keeps ratings, times and the
intervals given, not a memory state per answer (as Anki's), so the stability
and difficulty of each answer come from replaying the log with the scheduler
(deterministic: the same as when answered, unless the settings changed since);
the last answer's result is the card as it is now.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app.core.clock import utcnow
from app.core.errors import StatsError
from app.core.notes.model import CardFace, render
from app.core.storage.collection import Collection
from app.core.study.reviews import SOURCES, replayed_reviews
from app.core.study.scheduler import STATE_COLUMNS, CardState, interval_label
from app.core.study.settings import load_settings

RATING_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
QUEUE_NAMES = {0: "New", 1: "Learning", 2: "Review", 3: "Relearning"}


@dataclass(frozen=True)
class ReviewEntry:
    at: datetime
    rating: int
    source: str                     # flashcards | quiz
    kind: str                       # the queue the card was in: New, Learning, ...
    seconds: float
    interval_seconds: float | None  # what the answer scheduled (None if unknown)
    stability: float | None         # after the answer
    difficulty: float | None
    retrievability: float | None    # probability of recall when it was answered

    @property
    def rating_name(self) -> str:
        return RATING_NAMES.get(self.rating, str(self.rating))

    @property
    def interval(self) -> str:
        return interval_label(self.interval_seconds) if self.interval_seconds is not None else ""


@dataclass(frozen=True)
class CardInfo:
    card_id: int
    note_id: str
    kind: str
    fields: dict[str, Any]
    face: CardFace
    article_id: str | None
    article_title: str | None
    section_title: str | None
    source: str
    state: CardState
    suspended: bool
    retrievability: float | None
    reviews: tuple[ReviewEntry, ...]

    @property
    def status(self) -> str:
        if self.suspended:
            return "Suspended"
        return "New" if self.state.is_new else QUEUE_NAMES.get(self.state.state, "?")

    @property
    def due(self) -> datetime | None:
        if self.state.is_new or self.state.due is None:
            return None
        return datetime.fromtimestamp(self.state.due, UTC)


def card_info(col: Collection, card_id: int, now: datetime | None = None) -> CardInfo:
    now = now or utcnow()
    row = col.execute(
        f"SELECT {', '.join('c.' + c for c in STATE_COLUMNS)}, c.suspended, c.note_id, c.ord, "
        "n.kind, n.fields, n.article_id, n.section_idx, n.source, a.title, s.title "
        "FROM cards c JOIN notes n ON n.id = c.note_id "
        "LEFT JOIN articles a ON a.id = n.article_id "
        "LEFT JOIN sections s ON s.article_id = n.article_id AND s.idx = n.section_idx "
        "WHERE c.id = ?", [card_id]).fetchone()
    if row is None:
        raise StatsError(f"There is no card {card_id} in the collection.")
    state = CardState(*row[:9])
    (suspended, note_id, ord_, kind, fields_json, article_id, _section_idx, source,
     article_title, section_title) = row[9:]
    fields = json.loads(fields_json)
    scheduler = load_settings(col).scheduler()
    log = col.execute(
        "SELECT reviewed_at, rating, source, queue, duration_ms, interval FROM revlog "
        "WHERE card_id = ? ORDER BY reviewed_at, id", [card_id]).fetchall()
    # the log keeps no memory state per answer: replayed, as Anki's card info does; the
    # last answer's result is the card as it is (an imported history may differ)
    replayed = replayed_reviews(col, card_id)
    befores = [r.before for r in replayed]
    afters = [*(r.after for r in replayed[:-1]), state] if replayed else []
    entries = []
    for (at, rating, src, queue, ms, logged), before, after in zip(log, befores, afters,
                                                                   strict=True):
        when = datetime.fromtimestamp(at, UTC)
        interval = logged if logged is not None else (
            (after.due - at) if after.due is not None else None)
        entries.append(ReviewEntry(
            when, rating, SOURCES[src], QUEUE_NAMES.get(queue, "?"), (ms or 0) / 1000, interval,
            after.stability, after.difficulty, scheduler.retrievability(before, when)))
    return CardInfo(card_id, note_id, kind, fields, render(kind, fields, ord_), article_id,
                    article_title, section_title, source, state, bool(suspended),
                    scheduler.retrievability(state, now), tuple(entries))


def note_card_ids(col: Collection, note_id: str) -> list[int]:
    """The cards of a note, in card order (the browser lists notes; card info shows cards)."""
    return [r[0] for r in col.execute(
        "SELECT id FROM cards WHERE note_id = ? ORDER BY ord", [note_id])]
