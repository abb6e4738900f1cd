"""The answer rules on plain numbers agree with fsrs's own `review_card`, bit for bit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import fsrs
import fsrs.scheduler as fsrs_scheduler
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.study.scheduler import (
    LEARNING,
    RELEARNING,
    REVIEW,
    CardState,
    Scheduler,
    fuzz_draws,
    to_fsrs,
)

NOW = datetime(2026, 3, 10, 9, 30, 12, 345678, tzinfo=UTC)


def reference(scheduler: Scheduler, card: CardState, rating: int, now: datetime) -> CardState:
    """fsrs.Scheduler.review_card itself, its fuzz drawing from the card's documented seed."""
    saved = fsrs_scheduler.random
    fsrs_scheduler.random = fuzz_draws(card.card_id, card.reps)
    try:
        new, _log = scheduler.fsrs.review_card(to_fsrs(card, now), fsrs.Rating(rating), now)
    finally:
        fsrs_scheduler.random = saved
    lapses = card.lapses + (card.state == REVIEW and not card.is_new and rating == 1)
    return CardState(card.card_id, int(new.state), new.step, new.stability, new.difficulty,
                     new.due.timestamp(), new.last_review.timestamp(), card.reps + 1, lapses)


@st.composite
def cards(draw: st.DrawFn) -> CardState:
    card_id = draw(st.integers(1, 2**40))
    reps = draw(st.integers(0, 60))
    if draw(st.booleans()) and reps == 0:
        return CardState(card_id, LEARNING, 0, None, None, None, None)
    state = draw(st.sampled_from([LEARNING, REVIEW, RELEARNING]))
    step = None if state == REVIEW else draw(st.integers(0, 3))  # 3: more steps than today's
    ago = draw(st.floats(0, 4000 * 86400, allow_nan=False))
    last = NOW.timestamp() - ago
    fresh_learning = state == LEARNING and draw(st.booleans())
    stability = None if fresh_learning else draw(st.floats(0.001, 40000, allow_nan=False))
    difficulty = None if fresh_learning else draw(st.floats(1, 10, allow_nan=False))
    return CardState(card_id, state, step, stability, difficulty,
                     last + draw(st.floats(60, 400 * 86400)), last, max(reps, 1),
                     draw(st.integers(0, 20)))


schedulers = st.builds(
    Scheduler,
    desired_retention=st.floats(0.70, 0.97),
    maximum_interval=st.sampled_from([1, 2, 3, 7, 30, 365, 36500]),
    enable_fuzzing=st.booleans(),
    parameters=st.sampled_from([None, (0.5, 1.2, 3.1, 16.0, 6.8, 0.6, 1.9, 0.01, 1.3, 0.2,
                                       0.8, 1.9, 0.09, 0.3, 2.1, 0.3, 2.8, 0.4, 0.6, 0.1,
                                       0.3)]),
)


@settings(max_examples=600, deadline=None)
@given(scheduler=schedulers, card=cards(), rating=st.integers(1, 4),
       later=st.floats(0, 30 * 86400))
def test_an_answer_equals_fsrs_review_card(scheduler, card, rating, later) -> None:
    now = NOW + timedelta(seconds=later)
    assert scheduler.review(card, rating, now) == reference(scheduler, card, rating, now)


@settings(max_examples=200, deadline=None)
@given(scheduler=schedulers, card=cards())
def test_the_four_outcomes_are_the_four_answers(scheduler, card) -> None:
    outcomes = scheduler.outcomes(card, NOW)
    for rating in (1, 2, 3, 4):
        assert outcomes[rating].state == reference(scheduler, card, rating, NOW)
        assert outcomes[rating].interval_seconds == outcomes[rating].state.due - NOW.timestamp()


def test_every_fuzzed_interval_length_equals_fsrs() -> None:
    """Each interval length up to ten years, a few draws each, against fsrs's own fuzz."""
    for maximum in (36500, 100, 3):
        scheduler = Scheduler(maximum_interval=maximum)
        for days in range(3651):
            for draw in (0.0, 0.2500001, 0.5, 0.999999):
                saved = fsrs_scheduler.random
                fsrs_scheduler.random = lambda d=draw: d
                try:
                    expected = scheduler.fsrs._get_fuzzed_interval(interval=timedelta(days=days))
                finally:
                    fsrs_scheduler.random = saved
                assert scheduler.rules.fuzzed(timedelta(days=days), draw) == expected


@settings(max_examples=300, deadline=None)
@given(scheduler=schedulers, stability=st.floats(0.001, 1e6, allow_nan=False))
def test_interval_days_equal_fsrs_next_interval(scheduler, stability) -> None:
    assert scheduler.rules.interval_days()(stability) == \
        scheduler.fsrs._next_interval(stability=stability)
