"""Figures of the cards: how many in each state, the forecast, and the distributions.

Why one statement: the scope's cards are read once (into a temporary table)
and grouped for each chart, not looped over row by row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.core.stats.answers import MATURE_DAYS
from app.core.stats.localtime import DAY, StudyDays
from app.core.storage.collection import Collection
from app.core.study.settings import load_settings

FORECAST_MAX_DAYS = 3650  # the longest look ahead: ten years
#: Histogram bucket upper bounds (days) for intervals and stability; the last is open.
DAY_BUCKETS = (1, 2, 3, 7, 14, 21, 30, 60, 90, 180, 365, 730)


@dataclass
class Histogram:
    """Bucket labels and counts, in order (what a bar chart draws)."""

    labels: list[str]
    counts: list[int]


@dataclass
class CardCounts:
    new: int = 0
    learning: int = 0
    young: int = 0
    mature: int = 0
    suspended: int = 0
    buried: int = 0

    @property
    def total(self) -> int:
        return (self.new + self.learning + self.young + self.mature + self.suspended
                + self.buried)


@dataclass
class CardFigures:
    counts: CardCounts
    forecast: list[int]
    intervals: Histogram
    stability: Histogram
    difficulty: Histogram
    retrievability: Histogram


_CARD_COLUMNS = "c.state, c.due, c.last_review, c.stability, c.difficulty, c.suspended, " \
                "c.buried_until"
#: A reviewed card that is not suspended: what the forecast and the distributions count.
_REVIEWED = "c.last_review IS NOT NULL AND c.suspended = 0"


def retrievability_sql(col: Collection, stability: str, last_review: str, now: float) -> str:
    """SQL for a card's probability of recall at `now`, by the scheduler's own formula
    (`Scheduler.retrievability_of`, registered on the connection: the rule stays in one
    place, and tens of thousands of cards are one pass, not a list of ids)."""
    col.conn.create_function("fsrs_retrievability", 3,
                             load_settings(col).scheduler().retrievability_of, deterministic=True)
    return f"fsrs_retrievability({stability}, {last_review}, {now!r})"


def read_cards(col: Collection, where: str, params: list[Any], clock: StudyDays,
                days: int | None) -> CardFigures:
    """Every card figure in one statement: the scope's cards are read once (into a
    temporary table) and grouped for each chart.

    Each card is in exactly one count group: suspended, then buried, then by its state.
    The forecast counts overdue cards today (they are due now); the whole history ("all")
    looks ahead as far as the last due card, but at most FORECAST_MAX_DAYS: a chart of
    decades of days would show nothing readable.
    """
    category = (
        "CASE WHEN c.suspended THEN 'suspended' "
        "WHEN c.buried_until IS NOT NULL AND c.buried_until > ? THEN 'buried' "
        "WHEN c.last_review IS NULL THEN 'new' WHEN c.state != 2 THEN 'learning' "
        f"WHEN (c.due - c.last_review) / 86400.0 >= {MATURE_DAYS} THEN 'mature' "
        "ELSE 'young' END")
    ahead = FORECAST_MAX_DAYS if days is None else days
    due_day, due_params = clock.day_sql("c.due", clock.today, clock.today + ahead * DAY)
    recall = retrievability_sql(col, "c.stability", "c.last_review", clock.now)
    parts = [
        (f"SELECT 'cards', {category} AS b, COUNT(*) FROM c GROUP BY b", [clock.now]),
        (f"SELECT 'due', MAX(0, {due_day}) AS b, COUNT(*) FROM c WHERE {_REVIEWED} GROUP BY b",
         due_params),
        ((f"SELECT 'intervals', {_day_bucket('(c.due - c.last_review) / 86400.0')} AS b, "
         f"COUNT(*) FROM c WHERE {_REVIEWED} AND c.state = 2 GROUP BY b"), []),
        ((f"SELECT 'stability', {_day_bucket('c.stability')} AS b, COUNT(*) FROM c "
         f"WHERE {_REVIEWED} GROUP BY b"), []),
        # FSRS difficulty runs from 1 (easy) to 10 (hard): ten buckets of one
        (("SELECT 'difficulty', MIN(9, MAX(0, CAST(c.difficulty - 1 AS INTEGER))) AS b, "
         f"COUNT(*) FROM c WHERE {_REVIEWED} AND c.difficulty IS NOT NULL GROUP BY b"), []),
        # today's probability of recall, in tenths (none without a stability)
        ((f"SELECT 'retrievability', MIN(9, CAST({recall} * 10 AS INTEGER)) AS b, COUNT(*) "
         f"FROM c WHERE {_REVIEWED} AND c.stability IS NOT NULL GROUP BY b"), []),
    ]
    rows = col.execute(
        f"WITH c AS MATERIALIZED (SELECT {_CARD_COLUMNS} FROM cards c JOIN notes n "
        f"ON n.id = c.note_id WHERE n.active = 1 AND {where}) "
        + " UNION ALL ".join(sql for sql, _ in parts),
        [*params, *(p for _, part in parts for p in part)]).fetchall()
    grouped: dict[str, dict[Any, int]] = {}
    for figure, bucket, n in rows:
        grouped.setdefault(figure, {})[bucket] = n
    due = grouped.get("due", {})
    length = days if days is not None else min(FORECAST_MAX_DAYS, max(due, default=0) + 1)
    day_labels = _bucket_labels(DAY_BUCKETS, "d")
    return CardFigures(
        counts=CardCounts(**grouped.get("cards", {})),
        forecast=[due.get(d, 0) for d in range(length)],
        intervals=Histogram(day_labels, _counts(grouped, "intervals", len(day_labels))),
        stability=Histogram(day_labels, _counts(grouped, "stability", len(day_labels))),
        difficulty=Histogram([f"{i + 1}–{i + 2}" for i in range(10)],
                             _counts(grouped, "difficulty", 10)),
        retrievability=Histogram([f"{i * 10}–{i * 10 + 10}%" for i in range(10)],
                                 _counts(grouped, "retrievability", 10)))


def _counts(grouped: dict[str, dict[Any, int]], figure: str, buckets: int) -> list[int]:
    values = grouped.get(figure, {})
    return [values.get(i, 0) for i in range(buckets)]


def _day_bucket(value_sql: str) -> str:
    """SQL: the DAY_BUCKETS bucket of a value in days (bucket i: bounds[i-1] ≤ v < bounds[i])."""
    cases = " ".join(f"WHEN {value_sql} < {b} THEN {i}" for i, b in enumerate(DAY_BUCKETS))
    return f"CASE {cases} ELSE {len(DAY_BUCKETS)} END"


def _bucket_labels(bounds: tuple[int, ...], unit: str) -> list[str]:
    labels, low = [], 0
    for high in bounds:
        labels.append(f"{low}–{high}{unit}" if high - low > 1 else f"{low}{unit}")
        low = high
    labels.append(f"≥{low}{unit}")
    return labels
