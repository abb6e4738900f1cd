"""fsrs's `Scheduler.review_card`, done on a card's stored numbers.

Why not `review_card` itself: the review screen needs five answers per step (the
answer, then the four buttons of the next card), and `review_card` copies an
`fsrs.Card`, builds datetimes and a review log each time — 30 µs an answer, a
third of StudyDesk's CPU per step. Here the same rules run on plain numbers, with
fsrs's own formula methods (`_initial_stability`, `_next_stability`, ...), and the
four outcomes of a card share their retrievability and their fuzz draw (every
answer of a card with the same review count draws the same number).

The rules are fsrs 6's, branch for branch; `tests/core/study/test_fsrs_rules.py`
checks them against `fsrs.Scheduler.review_card` on random cards, bit for bit.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import NamedTuple

import fsrs
from fsrs.scheduler import FUZZ_RANGES

#: fsrs.State values, as `cards.state` stores them
LEARNING, REVIEW, RELEARNING = int(fsrs.State.Learning), int(fsrs.State.Review), \
    int(fsrs.State.Relearning)
AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
_RATINGS = {r: fsrs.Rating(r) for r in (AGAIN, HARD, GOOD, EASY)}


class Answered(NamedTuple):
    """A card's scheduling numbers after one answer (the fsrs card review_card returns)."""

    state: int
    step: int | None
    stability: float
    difficulty: float
    interval: timedelta


class Rules:
    """One fsrs.Scheduler's answer rules; `answer` is `review_card` without the objects."""

    def __init__(self, scheduler: fsrs.Scheduler) -> None:
        self.f = scheduler
        self._fuzz_ranges: dict[tuple[int, int], tuple[int, int]] = {}

    def answer(self, state: int, step: int | None, stability: float | None,
               difficulty: float | None, elapsed_days: int | None, rating: int,
               draw: float) -> Answered:
        """The card after `rating`, from its state, step, memory and the whole days since
        its last review (None for a card never reviewed); `draw` is the number fsrs's
        `random()` would give the fuzz."""
        f, grade = self.f, _RATINGS[rating]
        if state == LEARNING and (stability is None or difficulty is None):
            stability = f._initial_stability(rating=grade)
            difficulty = f._initial_difficulty(rating=grade, clamp=True)
        else:
            assert stability is not None and difficulty is not None
            if elapsed_days is not None and elapsed_days < 1:
                new_stability = f._short_term_stability(stability=stability, rating=grade)
            else:
                retrievability = (1 + f._FACTOR * max(0, elapsed_days or 0) / stability) \
                    ** f._DECAY if elapsed_days is not None else 0
                new_stability = f._next_stability(difficulty=difficulty, stability=stability,
                                                  retrievability=retrievability, rating=grade)
            stability = new_stability
            difficulty = f._next_difficulty(difficulty=difficulty, rating=grade)
        if state == REVIEW:
            if rating == AGAIN and f.relearning_steps:
                state, step, interval = RELEARNING, 0, f.relearning_steps[0]
            else:
                interval = self._days(stability)
        else:
            steps = f.learning_steps if state == LEARNING else f.relearning_steps
            state, step, interval = self._stepped(state, step, stability, rating, steps)
        if state == REVIEW and f.enable_fuzzing:
            interval = self.fuzzed(interval, draw)
        return Answered(state, step, stability, difficulty, interval)

    def _stepped(self, state: int, step: int | None, stability: float, rating: int,
                 steps: tuple[timedelta, ...]) -> tuple[int, int | None, timedelta]:
        """A learning or relearning card's next (state, step, interval)."""
        assert step is not None
        if not steps or (step >= len(steps) and rating != AGAIN):
            return REVIEW, None, self._days(stability)
        if rating == AGAIN:
            return state, 0, steps[0]
        if rating == HARD:
            if step == 0:
                return state, step, steps[0] * 1.5 if len(steps) == 1 \
                    else (steps[0] + steps[1]) / 2.0
            return state, step, steps[step]
        if rating == GOOD and step + 1 != len(steps):
            return state, step + 1, steps[step + 1]
        return REVIEW, None, self._days(stability)

    def _days(self, stability: float) -> timedelta:
        return timedelta(days=self.f._next_interval(stability=stability))

    def interval_days(self) -> Callable[[float], int]:
        """fsrs's `_next_interval` as a function of stability alone, its retention term
        computed once (the same floating-point operations, so the same days): a
        reschedule asks it for 255,000 cards."""
        f = self.f
        factor, term = f._FACTOR, f.desired_retention ** (1 / f._DECAY) - 1
        maximum = f.maximum_interval

        def days(stability: float) -> int:
            return min(max(round(stability / factor * term), 1), maximum)
        return days

    def fuzzed(self, interval: timedelta, draw: float) -> timedelta:
        """fsrs's `_get_fuzzed_interval` with `draw` as its `random()`; the range of an
        interval length is computed once (a reschedule fuzzes 255,000 intervals)."""
        days = interval.days
        if days < 2.5:
            return interval
        maximum = self.f.maximum_interval
        bounds = self._fuzz_ranges.get(key := (days, maximum))
        if bounds is None:
            bounds = self._fuzz_ranges[key] = _fuzz_range(days, maximum)
        low, high = bounds
        return timedelta(days=min(round(draw * (high - low + 1) + low), maximum))


def _fuzz_range(days: int, maximum: int) -> tuple[int, int]:
    """The shortest and longest fuzzed interval of `days` (fsrs's `_get_fuzz_range`)."""
    delta = 1.0
    for fuzz in FUZZ_RANGES:
        delta += fuzz["factor"] * max(min(float(days), fuzz["end"]) - fuzz["start"], 0.0)
    low, high = max(2, round(days - delta)), min(round(days + delta), maximum)
    return min(low, high), high


def elapsed_days(now: datetime, last_review: datetime | None) -> int | None:
    """Whole days since the last review as fsrs counts them (timedelta.days)."""
    return None if last_review is None else (now - last_review).days
