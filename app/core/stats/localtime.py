"""Local time in SQL: a unix-time column as local clock seconds, right across DST changes.

Why: SQLite knows no time zones, and a fixed offset puts every answer given
before a daylight-saving change one hour off — in the hourly breakdown, and at
the 4 a.m. boundary of the study days (which `app.core.clock.day_start` and the
daily limits count in local time). The offsets in force over a span of time
are few (two changes a year), so they are found here, once, and handed to
SQLite as one CASE over the column: still one pass over the rows.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

HOUR = 3600
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
