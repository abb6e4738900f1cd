"""The study queue builder as it was before the queues moved into SQL: the oracle.

It reads every card of the scope and sorts them out in Python — slow at
300,000 cards, but obviously right, so the indexed queries of
`app.core.study.session` are checked against it on randomised collections.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from app.core.clock import day_start, next_day_start
from app.core.storage.collection import Collection
from app.core.study.queues import QueueSnapshot, Scope
from app.core.study.scheduler import NEW, REVIEW
from app.core.study.settings import load_settings


def _answered_today(col: Collection, article_id: str, queue: int, now: datetime) -> int:
    return col.execute(
        "SELECT COUNT(*) FROM revlog r JOIN cards c ON c.id = r.card_id "
        "JOIN notes n ON n.id = c.note_id "
        "WHERE r.reviewed_at >= ? AND r.queue = ? AND n.article_id = ?",
        (day_start(now).timestamp(), queue, article_id)).fetchone()[0]


def legacy_queues(col: Collection, scope: Scope, now: datetime,
                  buried_here: Iterable[int] = ()) -> QueueSnapshot:
    buried_here = set(buried_here)
    settings = load_settings(col)
    day_end = next_day_start(now).timestamp()
    where, params = scope.where()
    bury_ts = now.timestamp() if scope.limited else float("inf")
    rows = col.execute(
        f"SELECT c.id, c.state, c.due, c.last_review FROM cards c "
        f"JOIN notes n ON n.id = c.note_id WHERE {where} AND c.suspended = 0 "
        "AND (c.buried_until IS NULL OR c.buried_until <= ?) "
        "ORDER BY n.article_id, n.section_idx, n.position, c.ord",
        [*params, bury_ts]).fetchall()
    new: list[int] = []
    reviews: list[tuple[float, int]] = []
    learning: list[tuple[float, int]] = []
    for card_id, state, due, last_review in rows:
        if card_id in buried_here:
            continue
        if last_review is None:
            new.append(card_id)
        elif due >= day_end:
            continue
        elif state == REVIEW:
            reviews.append((due, card_id))
        else:
            learning.append((due, card_id))
    review = [cid for _, cid in sorted(reviews)]
    if scope.limited:
        assert scope.article_id is not None
        new_left = settings.new_per_day - _answered_today(col, scope.article_id, NEW, now)
        rev_left = settings.reviews_per_day - _answered_today(col, scope.article_id, REVIEW, now)
        del new[max(0, new_left):]
        del review[max(0, rev_left):]
    return QueueSnapshot(tuple(new), tuple(review), tuple(cid for _, cid in sorted(learning)))
