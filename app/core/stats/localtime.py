"""Local time in SQL: a unix-time column as local clock seconds, right across DST changes.

Why: SQLite knows no time zones, and a fixed offset puts every answer given
before a daylight-saving change one hour off — in the hourly breakdown, and at
the 4 a.m. boundary of the study days (which `app.core.clock.day_start` and the
daily limits count in local time). The offsets in force over a span of time
are few (two changes a year), so they are found here, once, and handed to
SQLite as one CASE over the column: still one pass over the rows. `StudyDays`
turns that into the study days every statistic counts in.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

from app.core.clock import day_start

HOUR = 3600
DAY = 86400.0
_STEP = 86400.0  # no zone changes its offset twice within a day


def utc_offset(at: float) -> int:
    """Seconds east of UTC of the local time zone at unix time `at`."""
    offset = datetime.fromtimestamp(at, UTC).astimezone().utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0


def offset_changes(start: float, end: float) -> tuple[int, list[tuple[float, int]]]:
    """The offset at `start`, and each (unix time, new offset) of a change up to `end`."""
    first = current = utc_offset(start)
    changes: list[tuple[float, int]] = []
    at = start
    while at < end:
        step_end = min(at + _STEP, end)
        offset = utc_offset(step_end)
        if offset != current:
            # the change lies in (low, high]: bisect to the whole second (they fall on one)
            low, high = math.floor(at), math.ceil(step_end)
            while high - low > 1:
                middle = (low + high) // 2
                if utc_offset(middle) == current:
                    low = middle
                else:
                    high = middle
            changes.append((float(high), offset))
            current = offset
        at = step_end
    return first, changes


def local_seconds_sql(column: str, start: float, end: float) -> tuple[str, list[Any]]:
    """SQL (and its parameters) for `column` (unix seconds) as local clock seconds, exact
    for values between `start` and `end` (the offsets at the ends hold beyond them)."""
    first, changes = offset_changes(start, end)
    if not changes:
        return f"({column} + ?)", [first]
    whens = " ".join(f"WHEN {column} < ? THEN ?" for _ in changes)
    params: list[Any] = []
    offset = first
    for at, new in changes:
        params += [at, offset]
        offset = new
    return f"({column} + CASE {whens} ELSE ? END)", [*params, offset]


# SQL: whole local hours since today's start as the study day (0 today, -1 yesterday);
# floored, so shifted into positive numbers first (integer division truncates toward zero)
_SHIFT_DAYS = 1_000_000
STUDY_DAY_SQL = f"(({{hour}} + {24 * _SHIFT_DAYS}) / 24 - {_SHIFT_DAYS})"


class StudyDays:
    """Study days and local hours of `now` in SQL: the day an answer or due date falls on
    (0 today, -1 yesterday, 1 tomorrow, each starting at the local cut-off hour), exact
    across daylight-saving changes (`local_seconds_sql`)."""

    def __init__(self, now: datetime) -> None:
        self.now = now.timestamp()
        self.today = day_start(now).timestamp()
        #: today's start as a local hour index (whole local hours since the epoch)
        self.today_hour = round((self.today + utc_offset(self.today)) / HOUR)

    def local_hour_sql(self, column: str, start: float, end: float) -> tuple[str, list[Any]]:
        """`column` as a local hour index (whole local hours since the epoch)."""
        local, params = local_seconds_sql(column, start, end)
        return f"CAST({local} / {HOUR} AS INTEGER)", params

    def hour_sql(self, column: str, start: float, end: float) -> tuple[str, list[Any]]:
        """`column` as whole local hours since today's start (negative before it)."""
        hour, params = self.local_hour_sql(column, start, end)
        return f"({hour} - ?)", [*params, self.today_hour]

    def day_sql(self, column: str, start: float, end: float) -> tuple[str, list[Any]]:
        hour, params = self.hour_sql(column, start, end)
        return STUDY_DAY_SQL.format(hour=hour), params
