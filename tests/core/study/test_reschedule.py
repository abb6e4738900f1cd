"""Rescheduling after a retention change: batched (bounded memory), with progress,
and cancellable with nothing changed."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from app.core.notes.model import Note
from app.core.notes.store import save_notes
from app.core.storage.collection import Collection
from app.core.study import reviews
from app.core.study.scheduler import CardState, Scheduler
from app.core.study.settings import load_settings

ARTICLE = "russia-china-military-cooperation"
T0 = datetime(2026, 1, 5, 9, tzinfo=UTC)


def _reviewed(col: Collection, n: int = 30) -> list[int]:
    save_notes(col, [Note(f"r{i}", "basic", {"front": f"Q{i}", "back": "A"}, ARTICLE, 0,
                          position=i) for i in range(n)])
    ids = [r[0] for r in col.execute("SELECT id FROM cards ORDER BY id")]
    for k in range(3):
        for i, card_id in enumerate(ids):
            reviews.record_review(col, card_id, (3, 4, 2, 1)[(i + k) % 4], 1000,
                                  now=T0 + timedelta(days=4 * k, minutes=i))
    return ids


def _cards(col: Collection) -> list[tuple]:
    return col.execute("SELECT * FROM cards ORDER BY id").fetchall()


def test_batches_give_the_same_schedule_as_one_pass(col_with_article: Collection) -> None:
    col = col_with_article
    ids = _reviewed(col)
    scheduler = Scheduler(0.8)
    seen: list[tuple[int, int]] = []
    assert reviews.reschedule_all(col, scheduler, lambda d, t: seen.append((d, t)) or True,
                                  batch=7) == len(ids)
    in_batches = _cards(col)
    reviews.reschedule_all(col, Scheduler(0.9))
    assert _cards(col) != in_batches
    assert reviews.reschedule_all(col, scheduler, batch=10_000) == len(ids)
    assert _cards(col) == in_batches
    assert seen == [(7, 30), (14, 30), (21, 30), (28, 30), (30, 30)]


def test_cancelling_changes_nothing(col_with_article: Collection, monkeypatch) -> None:
    col = col_with_article
    monkeypatch.setattr(reviews, "RESCHEDULE_BATCH", 7)
    _reviewed(col)
    cards, settings = _cards(col), load_settings(col)
    calls = []

    def cancel_at_second_batch(done: int, total: int) -> bool:
        calls.append(done)
        return len(calls) < 2

    with pytest.raises(reviews.RescheduleCancelled, match="nothing was changed"):
        reviews.update_study_options(col, 5, 50, 0.8, 365, True, "Ada",
                                     progress=cancel_at_second_batch)
    assert len(calls) == 2
    assert _cards(col) == cards and load_settings(col) == settings
    assert col.get_setting("student_name") is None


def test_a_worker_view_sees_and_writes_the_same_collection(col_with_article: Collection) -> None:
    col = col_with_article
    _reviewed(col, 5)
    before = _cards(col)
    told = []
    col.changes.subscribe(told.append)
    with col.worker_view() as view:
        assert view.execute("PRAGMA synchronous").fetchone() == \
            col.execute("PRAGMA synchronous").fetchone()
        assert reviews.set_desired_retention(view, 0.8, reschedule=True) == 5
    assert told == []  # the view has its own hub: the caller tells the subscribers
    assert _cards(col) != before and load_settings(col).desired_retention == 0.8


def _replay_by_answering(scheduler: Scheduler, card_id: int,
                         history: list[tuple[int, float]]) -> CardState:
    """The plain replay: every review answered again through `Scheduler.review`."""
    state = CardState(card_id, 1, 0, None, None, None, None)
    for rating, at in sorted(history, key=lambda h: h[1]):
        state = scheduler.review(state, rating, datetime.fromtimestamp(at, UTC))
    return state


def test_the_fast_replay_equals_answering_every_review_again() -> None:
    rng = random.Random(11)
    for retention in (0.75, 0.9, 0.95):
        scheduler = Scheduler(retention)
        for card_id in range(1, 120):
            at = 1.7e9 + rng.uniform(0, 1e7)
            history = []
            for _ in range(rng.randint(1, 15)):
                history.append((rng.choice((1, 2, 3, 3, 3, 4)), at))
                at += rng.choice((30, 600, 86400 * rng.uniform(0.5, 40)))
            untouched = CardState(card_id, 2, None, 1.0, 5.0, 1.0, 1.0, 99, 9)
            assert scheduler.reschedule_card(untouched, history) == \
                _replay_by_answering(scheduler, card_id, history)
    never = CardState(5, 1, 0, None, None, None, None)
    assert Scheduler().reschedule_card(never, []) is never
