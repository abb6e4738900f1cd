"""Answers per article and study day, counted as they are written: the daily limits.

Why counters and not a count of the log: a busy day at 300,000 cards has tens of
thousands of answers, and counting them means joining each to its card and note
every time a study session starts (0.75 s). Anki keeps a deck's "studied today"
the same way. `count` and `uncount` run inside the answer's (or the undo's)
transaction, so the counters always agree with the log; `recount` rebuilds a
day from the log (the upgrade that introduced them, or after a bulk import).
Kept free of the collection class so the schema migration can use `recount`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Protocol

from app.core.clock import day_start, next_day_start


class _Executes(Protocol):
    def execute(self, sql: str, params: Any = ...) -> Any: ...


def day_of(at: float) -> float:
    """The start of the study day of `at` (unix times): the counters' key."""
    return day_start(datetime.fromtimestamp(at, UTC)).timestamp()


def count(db: _Executes, card_id: int, queue: int, at: float, step: int = 1) -> None:
    """Count (or with `step` -1, uncount) one answer of `card_id` from `queue` at `at`."""
    db.execute(
        "INSERT INTO day_counts (article_id, day, queue, answers) "
        "SELECT n.article_id, ?, ?, max(0, ?) FROM cards c JOIN notes n ON n.id = c.note_id "
        "WHERE c.id = ? AND n.article_id IS NOT NULL "
        "ON CONFLICT DO UPDATE SET answers = max(0, answers + ?)",
        [day_of(at), queue, step, card_id, step])


def count_in(db: _Executes, article_id: str, day: float, queue: int, step: int = 1) -> None:
    """`count` when the card's article and the study day's start are known (a session)."""
    db.execute(
        "INSERT INTO day_counts (article_id, day, queue, answers) VALUES (?, ?, ?, max(0, ?)) "
        "ON CONFLICT DO UPDATE SET answers = max(0, answers + ?)",
        [article_id, day, queue, step, step])


def uncount(db: _Executes, card_id: int, queue: int, at: float) -> None:
    count(db, card_id, queue, at, -1)


def answered_on(db: _Executes, article_id: str, now: datetime) -> dict[int, int]:
    """The article's answers this study day by the queue they came from."""
    return dict(db.execute(
        "SELECT queue, answers FROM day_counts WHERE article_id = ? AND day = ?",
        [article_id, day_start(now).timestamp()]).fetchall())


def recount(db: _Executes, now: datetime) -> None:
    """Rebuild the counters of the study day containing `now` from the review log."""
    start, end = day_start(now).timestamp(), next_day_start(now).timestamp()
    db.execute("DELETE FROM day_counts WHERE day = ?", [start])
    db.execute(
        "INSERT INTO day_counts (article_id, day, queue, answers) "
        "SELECT n.article_id, ?, r.queue, COUNT(*) FROM revlog r "
        "JOIN cards c ON c.id = r.card_id JOIN notes n ON n.id = c.note_id "
        "WHERE r.reviewed_at >= ? AND r.reviewed_at < ? AND n.article_id IS NOT NULL "
        "GROUP BY n.article_id, r.queue", [start, start, end])
