"""The study day: it rolls over at 4 a.m. local time, as in Anki.

Why its own module: daily limits, burying and the review screen's summary all
ask "when did today start / when does tomorrow start", and must agree.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta

DAY_CUTOFF_HOUR = 4

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    return datetime.now(UTC)


def now_iso() -> str:
    """Now as the collection stores a moment (imported, edited, loaded): UTC, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def day_start(now: datetime, cutoff_hour: int = DAY_CUTOFF_HOUR) -> datetime:
    """Start of the study day containing `now`: the latest local `cutoff_hour` o'clock."""
    local = now.astimezone()
    start_date = local.date() if local.hour >= cutoff_hour else local.date() - timedelta(days=1)
    return datetime.combine(start_date, time(cutoff_hour)).astimezone()


def next_day_start(now: datetime, cutoff_hour: int = DAY_CUTOFF_HOUR) -> datetime:
    """When the study day containing `now` ends (local time, DST-safe)."""
    start = day_start(now, cutoff_hour)
    return datetime.combine(start.date() + timedelta(days=1), time(cutoff_hour)).astimezone()


