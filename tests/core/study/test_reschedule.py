"""Rescheduling after a retention change: batched (bounded memory), with progress,
and cancellable with nothing changed."""

from __future__ import annotations

import gc
import random
import statistics
from datetime import UTC, datetime, timedelta

import pytest

from app.core.errors import UndoError
from app.core.gc_pause import bulk_job_running
from app.core.notes.model import Note
from app.core.notes.store import save_notes
from app.core.stats.optimise import adopt_parameters
from app.core.storage import sql as storage_sql
from app.core.storage.collection import Collection
from app.core.storage.undo import undo_last
from app.core.study import reviews
from app.core.study.scheduler import CardState, Scheduler, fuzz_draws, scheduler_parameters
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
        assert reviews.update_study_options(view, 20, 200, 0.8, 36500, True, "") == \
            view.execute("SELECT COUNT(*) FROM cards WHERE state = 2").fetchone()[0] > 0
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


def _randomly_reviewed(col: Collection, seed: int, n: int = 40) -> list[int]:
    """`n` cards answered through the real answer path at random ratings and gaps."""
    rng = random.Random(seed)
    save_notes(col, [Note(f"x{i}", "basic", {"front": f"X{i}", "back": "A"}, ARTICLE, 0,
                          position=100 + i) for i in range(n)])
    ids = [r[0] for r in col.execute("SELECT id FROM cards ORDER BY id")]
    for card_id in ids:
        at = T0 + timedelta(days=rng.uniform(0, 30))
        for _ in range(rng.randint(1, 12)):
            reviews.record_review(col, card_id, rng.choice((1, 2, 3, 3, 3, 4)), 1000, now=at)
            at += timedelta(seconds=rng.choice((30, 600, 86400 * rng.uniform(0.5, 60))))
    return ids


def _states(col: Collection) -> dict[int, CardState]:
    return {row[0]: CardState(*row) for row in col.execute(
        "SELECT id, state, step, stability, difficulty, due, last_review, reps, lapses "
        "FROM cards WHERE last_review IS NOT NULL")}


def _history(col: Collection, card_id: int) -> list[tuple[int, float]]:
    return col.execute("SELECT rating, reviewed_at FROM revlog WHERE card_id = ? "
                       "ORDER BY reviewed_at, id", (card_id,)).fetchall()


@pytest.mark.parametrize("retention, maximum_interval", [(0.75, 36500), (0.85, 30),
                                                         (0.95, 36500)])
def test_new_due_dates_equal_replaying_every_answer_under_the_new_setting(
        col_with_article: Collection, retention: float, maximum_interval: int) -> None:
    col = col_with_article
    _randomly_reviewed(col, seed=int(retention * 100))
    before = _states(col)
    in_review = sum(s.state == 2 for s in before.values())
    assert 0 < in_review < len(before)
    scheduler = Scheduler(retention, maximum_interval)
    cache = col.execute("PRAGMA cache_size").fetchone()
    assert reviews.reschedule_due_dates(col, scheduler, batch=7) == in_review
    assert col.execute("PRAGMA cache_size").fetchone() == cache  # its larger cache given back
    after = _states(col)
    assert after.keys() == before.keys()
    moved = 0
    for card_id, state in after.items():
        assert state == scheduler.reschedule_card(before[card_id], _history(col, card_id))
        if state.state != 2:
            assert state == before[card_id]  # due at its learning step, as before
        moved += state.due != before[card_id].due
    assert moved > in_review // 2


def test_a_review_due_is_the_one_fsrs_gives_the_answer() -> None:
    """`review_due` from the stability an answer leaves = the due date py-fsrs gave it,
    for random memory states, ratings, retentions and maximum intervals."""
    rng = random.Random(5)
    for _ in range(400):
        scheduler = Scheduler(rng.uniform(0.7, 0.97), rng.choice((7, 60, 36500)))
        reps = rng.randint(1, 30)
        last = 1.7e9 + rng.uniform(0, 1e8)
        card = CardState(rng.randint(1, 10**9), 2, None, rng.uniform(0.5, 400),
                         rng.uniform(1, 10), last + 86400, last, reps, 0)
        now = datetime.fromtimestamp(last + rng.uniform(0.2, 500) * 86400, UTC)
        answered = scheduler.review(card, rng.choice((2, 3, 4)), now)
        assert answered.state == 2
        assert scheduler.review_due(card.card_id, answered.stability, answered.last_review,
                                    answered.reps) == answered.due


@pytest.mark.parametrize("job", ["new parameters", "new retention"])
def test_a_reschedule_pauses_the_cycle_collector_and_resumes_it(
        col_with_article: Collection, job: str) -> None:
    col = col_with_article
    _randomly_reviewed(col, seed=5)
    seen: list[tuple[bool, bool]] = []

    def progress(done: int, total: int) -> bool:
        seen.append((gc.isenabled(), bulk_job_running()))
        return True

    enabled = gc.isenabled()
    gc.enable()
    try:
        if job == "new parameters":
            reviews.reschedule_all(col, Scheduler(0.9), progress, batch=16)
        else:
            reviews.reschedule_due_dates(col, Scheduler(0.85), progress, batch=16)
        assert seen and set(seen) == {(False, True)}
        assert gc.isenabled() and not bulk_job_running()
    finally:
        if not enabled:
            gc.disable()


def test_new_parameters_recompute_memory_states_as_a_replay_does(
        col_with_article: Collection) -> None:
    col = col_with_article
    _randomly_reviewed(col, seed=3)
    before = _states(col)
    rng = random.Random(8)
    parameters = [w * rng.uniform(0.8, 1.2) for w in Scheduler().fsrs.parameters]
    scheduler = Scheduler(0.9, parameters=scheduler_parameters(parameters))
    seen: list[tuple[int, int]] = []
    assert reviews.reschedule_all(col, scheduler, lambda d, t: seen.append((d, t)) or True,
                                  batch=16) == len(before)
    assert seen == [(16, 40), (32, 40), (40, 40)]
    for card_id, state in _states(col).items():
        replayed = scheduler.reschedule_card(before[card_id], _history(col, card_id))
        assert state.stability == pytest.approx(replayed.stability, rel=1e-4)
        assert state.difficulty == pytest.approx(replayed.difficulty, rel=1e-4)
        assert state.stability != pytest.approx(before[card_id].stability, rel=1e-3)
        kept = ("state", "step", "last_review", "reps", "lapses")
        assert [getattr(state, k) for k in kept] == [getattr(before[card_id], k) for k in kept]
        if state.state == 2:
            assert state.due == scheduler.review_due(card_id, state.stability,
                                                     state.last_review, state.reps)
        else:
            assert state.due == before[card_id].due


def _indexes(col: Collection) -> list[tuple]:
    return col.execute("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' "
                       "ORDER BY name").fetchall()


def test_edit_undo_takes_a_reschedule_back_exactly(col_with_article: Collection) -> None:
    """Study Options' reschedule is one undoable action: due dates kept as arrays, not a
    row copy per card; undo puts back every card and the settings."""
    col = col_with_article
    _randomly_reviewed(col, seed=21)
    cards, settings, indexes = _cards(col), load_settings(col), _indexes(col)
    in_review = reviews.update_study_options(col, 20, 200, 0.8, 365, True, "Ada")
    assert in_review > 0 and _cards(col) != cards and _indexes(col) == indexes
    entry = col.undo.peek()
    assert entry is not None and col.undo.label == "Reschedule Cards"
    assert {r.table for r in entry.rows} == {"settings"}
    [dues] = entry.columns
    assert dues.columns == ("due",) and 0 < len(dues.rowids) <= in_review
    assert undo_last(col) == "Reschedule Cards"
    assert _cards(col) == cards and load_settings(col) == settings
    assert col.get_setting("student_name") is None and _indexes(col) == indexes


def test_undoing_a_reschedule_is_refused_after_an_answer(col_with_article: Collection) -> None:
    col = col_with_article
    _randomly_reviewed(col, seed=22)
    reviews.update_study_options(col, 20, 200, 0.8, 365, True, "")
    [card_id] = col.execute("SELECT id FROM cards WHERE state = 2 LIMIT 1").fetchone()
    reviews.record_review(col, card_id, 3, 1000, now=T0 + timedelta(days=400))
    answered = _cards(col)
    with pytest.raises(UndoError, match="changed again since"):
        undo_last(col)
    assert _cards(col) == answered and load_settings(col).desired_retention == 0.8


def test_dropping_the_due_indexes_gives_the_same_cards(col_with_article: Collection,
                                                     monkeypatch) -> None:
    """Above REBUILD_SHARE of the table the due indexes are dropped and created again;
    below it they are kept up to date row by row. Both give the same cards and indexes,
    and a cancel rolls the drop back."""
    col = col_with_article
    _randomly_reviewed(col, seed=23)
    cards, indexes = _cards(col), _indexes(col)
    assert any("due" in sql for _n, _t, sql in indexes)
    reviews.reschedule_due_dates(col, Scheduler(0.8))
    rebuilt = _cards(col)
    assert _indexes(col) == indexes
    reviews.reschedule_due_dates(col, Scheduler(0.9))
    assert _cards(col) != rebuilt
    monkeypatch.setattr(storage_sql, "REBUILD_SHARE", 2.0)  # never rebuilt
    reviews.reschedule_due_dates(col, Scheduler(0.8))
    assert _cards(col) == rebuilt and _indexes(col) == indexes
    monkeypatch.setattr(storage_sql, "REBUILD_SHARE", 0.0)
    with pytest.raises(reviews.RescheduleCancelled):
        reviews.reschedule_due_dates(col, Scheduler(0.9), lambda done, total: False, batch=5)
    assert _cards(col) == rebuilt and _indexes(col) == indexes
    assert cards != rebuilt


def test_adopting_parameters_with_rescheduling_is_undone_by_edit_undo(
        col_with_article: Collection) -> None:
    col = col_with_article
    _randomly_reviewed(col, seed=24)
    cards, settings = _cards(col), load_settings(col)
    parameters = [w * 1.1 for w in Scheduler().fsrs.parameters]
    assert adopt_parameters(col, parameters, True) == len(_states(col))
    assert _cards(col) != cards and load_settings(col).parameters is not None
    assert col.undo.label == "Adopt FSRS Parameters"
    [changed] = col.undo.peek().columns
    assert changed.columns == ("stability", "difficulty", "due")
    undo_last(col)
    assert _cards(col) == cards and load_settings(col) == settings


def test_review_dues_in_bulk_equal_fsrs_answering_each_card() -> None:
    """`review_dues` of many cards at once = the due date py-fsrs gives each answer (one
    `FuzzDraws` reset per card draws as a new one would)."""
    rng = random.Random(9)
    for fuzzing in (True, False):
        scheduler = Scheduler(rng.uniform(0.7, 0.97), rng.choice((30, 36500)),
                              enable_fuzzing=fuzzing)
        answered = []
        for card_id in range(1, 300):
            last = 1.7e9 + rng.uniform(0, 1e8)
            card = CardState(card_id * 7919, 2, None, rng.uniform(0.1, 900),
                             rng.uniform(1, 10), last + 86400, last, rng.randint(1, 40), 0)
            when = datetime.fromtimestamp(last + rng.uniform(0.5, 300) * 86400, UTC)
            answered.append(scheduler.review(card, rng.choice((2, 3, 4)), when))
        assert scheduler.review_dues((s.card_id, s.stability, s.last_review, s.reps)
                                     for s in answered) == [s.due for s in answered]


def test_answers_stored_out_of_turn_are_replayed_in_time_order(
        col_with_article: Collection) -> None:
    """The log is read in its own order (no sort) and a card whose rows go back in time
    is read again in time order: the same memory states either way."""
    col = col_with_article
    ids = _randomly_reviewed(col, seed=25)
    scheduler = Scheduler(0.9, parameters=scheduler_parameters(
        [w * 0.9 for w in Scheduler().fsrs.parameters]))
    reviews.reschedule_all(col, scheduler)
    in_turn = _states(col)
    reversed_card = next(c for c in ids if len(_history(col, c)) > 2)
    rows = col.execute("SELECT id, rating, reviewed_at FROM revlog WHERE card_id = ? "
                       "ORDER BY id", (reversed_card,)).fetchall()
    col.executemany("UPDATE revlog SET rating = ?, reviewed_at = ? WHERE id = ?",
                    [(rating, at, row_id) for (row_id, _r, _a), (_i, rating, at)
                     in zip(rows, reversed(rows), strict=True)])  # the same answers, last first
    reviews.reschedule_all(col, Scheduler(0.9))
    assert _states(col) != in_turn
    reviews.reschedule_all(col, scheduler)
    assert _states(col) == in_turn


def test_fuzz_draws_depend_on_the_answer_alone_and_spread_over_zero_to_one() -> None:
    first = [fuzz_draws(card_id, 3)() for card_id in range(10_000)]
    assert first == [fuzz_draws(card_id, 3)() for card_id in range(10_000)]
    assert all(0 <= u < 1 for u in first)
    assert 0.49 < statistics.fmean(first) < 0.51
    assert [sum(k / 10 <= u < (k + 1) / 10 for u in first) for k in range(10)] == \
        pytest.approx([1000] * 10, abs=100)
    draws = fuzz_draws(7, 1)
    assert draws() != draws() and fuzz_draws(7, 1)() != fuzz_draws(7, 2)()
