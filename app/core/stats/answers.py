"""Figures of the review log: answers per day, kind and button, today's, true retention.

Why one grouped pass: the figures must agree with what was really answered and
stay fast on half a million reviews, so the log is read once, grouped by local
hour, kind and rating, and every chart is shaped from that small table.

The kinds of answer follow Anki: *learn* (a new or learning card), *relearn*
(a lapsed card), *young* and *mature* reviews (the interval the card had
before the answer was under / at least `MATURE_DAYS`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.core.clock import DAY_CUTOFF_HOUR, day_start, next_day_start, utcnow
from app.core.stats.localtime import DAY, HOUR, STUDY_DAY_SQL, StudyDays
from app.core.stats.scope import StatsScope
from app.core.storage.collection import Collection

MATURE_DAYS = 21
KINDS = ("learn", "relearn", "young", "mature")
#: Answer-button breakdown groups (Anki: learning, young, mature).
BUTTON_GROUPS = ("learning", "young", "mature")
#: True-retention table rows: name → (first day, last day) relative to today.
RETENTION_PERIODS: dict[str, tuple[int, int]] = {
    "today": (0, 0), "yesterday": (-1, -1), "last week": (-6, 0),
    "last month": (-29, 0), "last year": (-364, 0),
}

# SQL: the kind of answer of a revlog row `r` (queue and the interval before it).
# (its index in KINDS: sorting small integers is cheaper than sorting names)
_LAST_IVL_SQL = "(r.last_interval / 86400.0)"
_KIND_SQL = ("CASE WHEN r.queue IN (0, 1) THEN 0 WHEN r.queue = 3 THEN 1 "
             f"WHEN {_LAST_IVL_SQL} >= {MATURE_DAYS} THEN 3 ELSE 2 END")


@dataclass
class Retention:
    passed: int = 0
    failed: int = 0

    @property
    def rate(self) -> float | None:
        """True retention: the share of review answers that were not Again (None without any)."""
        total = self.passed + self.failed
        return self.passed / total if total else None


@dataclass
class Today:
    """This study day's answers; its review-queue answers are a row of the true-retention
    table like any other period's (passed: not Again)."""

    reviews: int = 0
    cards: int = 0
    seconds: float = 0.0
    again: int = 0
    reviewed: Retention = field(default_factory=Retention)

    @property
    def true_retention(self) -> float | None:
        return self.reviewed.rate


def revlog_from(where: str) -> str:
    """FROM … WHERE for the scope's answers; the whole collection needs no join (every
    answer's card is in it: revlog rows go with their card)."""
    if where == StatsScope().notes_where()[0]:
        return f"FROM revlog r WHERE {where}"
    return f"FROM revlog r JOIN cards c ON c.id = r.card_id JOIN notes n ON n.id = c.note_id " \
           f"WHERE {where}"


#: (day, kind, rating) → (answers, milliseconds): the review log read once (`read_log`).
AnswerGroups = dict[tuple[int, str, int], tuple[int, int]]
#: Enough margin before a day's start for any daylight-saving shift of it.
_DST_MARGIN = 3 * HOUR


def read_log(col: Collection, where: str, params: list[Any], clock: StudyDays,
              first: int | None, first_hourly: int | None
              ) -> tuple[AnswerGroups, list[tuple[int, int]]]:
    """The answers from day `first` on (None: all of them), grouped by day, kind and
    rating; and per local hour (answers, correct) from day `first_hourly` on.

    One pass over the log: the rows are grouped by local hour, kind and rating (sorting
    the log is the costly part, so it happens once), and that small table is grouped
    again by day and by hour of the day. A year or more is most of a log, so the table is
    scanned in order (`+` keeps SQLite from the time index, whose lookups row by row take
    twice as long here).
    """
    if first is None:
        oldest = col.execute("SELECT MIN(reviewed_at) FROM revlog").fetchone()[0]
        since = float("-inf")
        start = clock.today if oldest is None else float(oldest)
    else:
        since = start = clock.today + first * DAY - _DST_MARGIN
    hour, hour_params = clock.local_hour_sql("r.reviewed_at", start, clock.now + DAY)
    day = STUDY_DAY_SQL.format(hour="h")
    # one integer key per (hour, kind, rating): the one sort of the log is on small integers
    rows = col.execute(
        f"WITH a AS MATERIALIZED (SELECT ({hour} * 4 + {_KIND_SQL}) * 8 "
        "+ MIN(7, MAX(0, r.rating)) AS key, COUNT(*) AS n, SUM(r.duration_ms) AS ms "
        f"{revlog_from(where)} AND +r.reviewed_at >= ? GROUP BY key), "
        "b AS (SELECT key / 32 - ? AS h, key / 8 % 4 AS k, key % 8 AS rating, n, ms FROM a) "
        f"SELECT 0, {day} AS d, k, rating, SUM(n), SUM(ms) FROM b GROUP BY d, k, rating "
        f"UNION ALL SELECT 1, ((h % 24) + 24 + {DAY_CUTOFF_HOUR}) % 24 AS hour, NULL, NULL, "
        "SUM(n), SUM(n * (rating > 1)) FROM b WHERE h >= ? GROUP BY hour",
        [*hour_params, *params, since, clock.today_hour,
         -(10 ** 9) if first_hourly is None else first_hourly * 24]).fetchall()
    log: AnswerGroups = {}
    hourly = [(0, 0)] * 24
    for hourly_row, key, kind, rating, n, value in rows:
        if hourly_row:
            hourly[key] = (n, value)
        else:
            log[(key, KINDS[kind], rating)] = (n, value or 0)
    return log, hourly


def per_day_totals(log: AnswerGroups) -> tuple[dict[int, dict[str, int]], dict[int, dict[str, float]]]:
    counts: dict[int, dict[str, int]] = {}
    seconds: dict[int, dict[str, float]] = {}
    for (d, kind, _rating), (n, ms) in log.items():
        day_counts, day_seconds = counts.setdefault(d, {}), seconds.setdefault(d, {})
        day_counts[kind] = day_counts.get(kind, 0) + n
        day_seconds[kind] = day_seconds.get(kind, 0.0) + ms / 1000
    return counts, seconds


def today_totals(col: Collection, scope: StatsScope | None = None, now: datetime | None = None
                 ) -> Today:
    """This study day's answers in `scope` (the home screen's "today" line)."""
    where, params = (scope or StatsScope()).notes_where()
    return read_today(col, where, params, now or utcnow())


def read_today(col: Collection, where: str, params: list[Any], now: datetime) -> Today:
    row = col.execute(
        "SELECT COUNT(*), COUNT(DISTINCT r.card_id), COALESCE(SUM(r.duration_ms), 0), "
        "COALESCE(SUM(r.rating = 1), 0), "
        "COALESCE(SUM(r.queue = 2 AND r.rating > 1), 0), "
        "COALESCE(SUM(r.queue = 2 AND r.rating = 1), 0) "
        f"{revlog_from(where)} AND r.reviewed_at >= ? AND r.reviewed_at < ?",
        [*params, day_start(now).timestamp(), next_day_start(now).timestamp()]).fetchone()
    return Today(reviews=row[0], cards=row[1], seconds=row[2] / 1000, again=row[3],
                 reviewed=Retention(passed=row[4], failed=row[5]))


def button_counts(log: AnswerGroups, first: int) -> dict[str, list[int]]:
    """Answers per rating since day `first`, for learning (learn and relearn), young, mature."""
    result = {g: [0, 0, 0, 0] for g in BUTTON_GROUPS}
    for (d, kind, rating), (n, _ms) in log.items():
        if d >= first and 1 <= rating <= 4:
            group = "learning" if kind in ("learn", "relearn") else kind
            result[group][rating - 1] += n
    return result


def retention_table(log: AnswerGroups) -> dict[str, dict[str, Retention]]:
    """Anki's true retention: review-queue answers only, young / mature by the interval
    before the answer, passed = anything but Again."""
    table: dict[str, dict[str, Retention]] = {}
    for name, (lo, hi) in RETENTION_PERIODS.items():
        row = {"young": Retention(), "mature": Retention()}
        for (d, kind, rating), (n, _ms) in log.items():
            if kind in row and lo <= d <= hi:
                if rating > 1:
                    row[kind].passed += n
                else:
                    row[kind].failed += n
        table[name] = row
    return table
