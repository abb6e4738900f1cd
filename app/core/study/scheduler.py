"""The one place that talks to `fsrs` (with `fsrs_rules`, its answer rules on plain numbers).

Why a wrapper: the review screen shows the interval each button will give
*before* the student answers, so the schedule must be a pure function of the
card, the rating and the time. fsrs fuzzes review intervals with its
module-level `random()`; here every answer gets its own draw (`FuzzDraws`) seeded
from the card id and its review count, so the previewed interval is exactly
the one the answer produces. Conversions between a `cards` row (unix seconds;
`last_review` NULL = new card) and `fsrs.Card` live here too.
"""

from __future__ import annotations

import hashlib
import math
import struct
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import fsrs
import fsrs.scheduler as _fsrs_scheduler

from app.core.errors import SettingsError
from app.core.study.fsrs_rules import Rules, elapsed_days

DEFAULT_RETENTION = 0.90
MIN_RETENTION = 0.70
MAX_RETENTION = 0.97
DEFAULT_MAX_INTERVAL = 36500
LEARNING_STEPS = (timedelta(minutes=1), timedelta(minutes=10))
RELEARNING_STEPS = (timedelta(minutes=10),)

#: Which queue a card is in, as stored in revlog.queue (1-3 equal fsrs.State).
NEW, LEARNING, REVIEW, RELEARNING = 0, 1, 2, 3

RATINGS = (1, 2, 3, 4)

#: FSRS-6's 21 default parameters (what every collection starts with).
DEFAULT_PARAMETERS: tuple[float, ...] = tuple(fsrs.Scheduler().parameters)


@dataclass(frozen=True)
class CardState:
    """A card's scheduling state exactly as the `cards` table stores it."""

    card_id: int
    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: float | None
    last_review: float | None
    reps: int = 0
    lapses: int = 0

    @property
    def is_new(self) -> bool:
        return self.last_review is None

    @property
    def queue(self) -> int:
        return NEW if self.is_new else self.state

    def to_json_dict(self) -> dict[str, Any]:
        """The state as JSON (what collections before the compact review log kept per answer)."""
        return {"state": self.state, "step": self.step, "stability": self.stability,
                "difficulty": self.difficulty, "due": self.due,
                "last_review": self.last_review, "reps": self.reps, "lapses": self.lapses}


STATE_COLUMNS = ("id", "state", "step", "stability", "difficulty", "due", "last_review",
                 "reps", "lapses")


@dataclass(frozen=True)
class Outcome:
    """What one rating would do to a card: its new state and the interval label."""

    rating: int
    state: CardState
    interval_seconds: float

    @property
    def label(self) -> str:
        return interval_label(self.interval_seconds)


def _utc(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, UTC)


def to_fsrs(card: CardState, now: datetime) -> fsrs.Card:
    """The fsrs view of a stored card; a new card is fsrs's fresh learning card."""
    if card.is_new:
        return fsrs.Card(card_id=card.card_id, state=fsrs.State.Learning, step=0, due=now)
    return fsrs.Card(
        card_id=card.card_id,
        state=fsrs.State(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=_utc(card.due if card.due is not None else card.last_review),
        last_review=_utc(card.last_review),
    )


def from_fsrs(card: fsrs.Card, reps: int, lapses: int) -> CardState:
    return CardState(
        card_id=card.card_id, state=int(card.state), step=card.step,
        stability=card.stability, difficulty=card.difficulty,
        due=card.due.timestamp(),
        last_review=card.last_review.timestamp() if card.last_review else None,
        reps=reps, lapses=lapses,
    )


class FuzzDraws:
    """fsrs's `random()` for one answer: the numbers in [0, 1) it draws for the fuzz, the
    BLAKE2b hash of the answer's seed and the draw's number (53 bits, as `random.random`).

    Why a hash rather than a `random.Random` seeded per answer: the draws must depend on
    the answer alone (a preview and the answer agree, a reschedule gives the card the
    fuzz its answer had), and seeding a Mersenne Twister costs 5 µs — 1.3 s of CPU for
    the 255,000 cards in review that a retention change reschedules; a hash, 0.6 µs.
    One object serves many cards in turn (`reset`).
    """

    __slots__ = ("_count", "_seed")

    def __init__(self, seed: int = 0) -> None:
        self.reset(seed)

    def reset(self, seed: int) -> None:
        self._seed, self._count = seed, 0

    def __call__(self) -> float:
        digest = hashlib.blake2b(_DRAW.pack(self._seed & _64_BITS, self._count),
                                 digest_size=8).digest()
        self._count += 1
        return (int.from_bytes(digest, "little") >> 11) * _TO_UNIT


_DRAW = struct.Struct("<QQ")
_64_BITS = (1 << 64) - 1
_TO_UNIT = 2.0 ** -53


def fuzz_seed(card_id: int, reps: int) -> int:
    """The seed of the fuzz for the answer number `reps` of a card (stable across runs)."""
    return card_id * 1_000_003 + reps


def fuzz_draws(card_id: int, reps: int) -> FuzzDraws:
    """The fuzz draws of the answer number `reps` of a card, for fsrs's `random`."""
    return FuzzDraws(fuzz_seed(card_id, reps))


class Scheduler:
    """FSRS with StudyDesk's settings; previews and answers agree exactly."""

    def __init__(
        self,
        desired_retention: float = DEFAULT_RETENTION,
        maximum_interval: int = DEFAULT_MAX_INTERVAL,
        enable_fuzzing: bool = True,
        parameters: Sequence[float] | None = None,
    ) -> None:
        validate_retention(desired_retention)
        if maximum_interval < 1:
            raise SettingsError(f"The maximum interval must be at least 1 day, not {maximum_interval}.")
        self.fsrs = fsrs.Scheduler(
            parameters=tuple(parameters) if parameters is not None else DEFAULT_PARAMETERS,
            desired_retention=desired_retention,
            learning_steps=LEARNING_STEPS,
            relearning_steps=RELEARNING_STEPS,
            maximum_interval=maximum_interval,
            enable_fuzzing=enable_fuzzing,
        )
        self.rules = Rules(self.fsrs)

    @property
    def desired_retention(self) -> float:
        return self.fsrs.desired_retention

    def review(self, card: CardState, rating: int, now: datetime) -> CardState:
        """The card after answering `rating` at `now` (UTC); deterministic."""
        if rating not in RATINGS:
            raise ValueError(f"rating must be 1-4, not {rating!r}")
        now = now.astimezone(UTC)
        return self._answered(card, rating, now, *self._memory_inputs(card, now))

    def outcomes(self, card: CardState, now: datetime) -> dict[int, Outcome]:
        """All four possible answers, for the buttons (one reading of the card for all)."""
        now = now.astimezone(UTC)
        ts = now.timestamp()
        inputs = self._memory_inputs(card, now)
        result = {}
        for rating in RATINGS:
            after = self._answered(card, rating, now, *inputs)
            result[rating] = Outcome(rating, after, (after.due or ts) - ts)
        return result

    def _memory_inputs(self, card: CardState, now: datetime
                       ) -> tuple[int, int | None, float | None, float | None, int | None, float]:
        """What the answer rules read of a card (as `to_fsrs` makes it): state, step,
        memory, whole days since the last review, and the fuzz draw of its next answer."""
        draw = FuzzDraws(fuzz_seed(card.card_id, card.reps))() if self.fsrs.enable_fuzzing \
            else 0.0
        if card.is_new:
            return LEARNING, 0, None, None, None, draw
        return (card.state, card.step, card.stability, card.difficulty,
                elapsed_days(now, _utc(card.last_review)), draw)

    def _answered(self, card: CardState, rating: int, now: datetime, state: int,
                  step: int | None, stability: float | None, difficulty: float | None,
                  days: int | None, draw: float) -> CardState:
        new = self.rules.answer(state, step, stability, difficulty, days, rating, draw)
        lapses = card.lapses + (1 if card.state == REVIEW and not card.is_new and rating == 1
                                else 0)
        return CardState(card.card_id, new.state, new.step, new.stability, new.difficulty,
                         (now + new.interval).timestamp(), now.timestamp(), card.reps + 1,
                         lapses)

    def reschedule_card(self, card: CardState, history: Iterable[tuple[int, float]]) -> CardState:
        """Replay a card's review log (rating, unix time) under this scheduler: each
        answer again with `review` (the same deterministic fuzz), from a new card;
        equivalent to `fsrs.Scheduler.reschedule_card`. A card never answered is kept."""
        current: CardState | None = None
        for rating, at in sorted(history, key=lambda h: h[1]):
            if current is None:
                current = CardState(card.card_id, LEARNING, 0, None, None, None, None)
            current = self.review(current, rating, _utc(at))
        return card if current is None else current

    def replay_memory(self, card_id: int, history: Iterable[tuple[int, float]],
                      reps: int | None = None, lapses: int | None = None) -> CardState:
        """The card after a long imported history (rating, unix time), fast.

        The FSRS memory state (stability, difficulty) is updated exactly as `review`
        updates it — initial, same-day or after an interval — but without learning
        steps, intervals or fuzz in between, which a 200,000-review import cannot
        afford; the card is then due one interval (at the desired retention) after
        its last review, or in the relearning step after a lapse.
        """
        f = self.fsrs
        ordered = sorted(history, key=lambda h: h[1])
        stability = difficulty = last = None
        for rating, at in ordered:
            grade = fsrs.Rating(rating)
            if stability is None or difficulty is None or last is None:
                stability = f._initial_stability(rating=grade)
                difficulty = f._initial_difficulty(rating=grade, clamp=True)
            else:
                days = _elapsed_days(last, at)
                if days < 1:
                    stability = f._short_term_stability(stability=stability, rating=grade)
                else:
                    r = (1 + f._FACTOR * days / stability) ** f._DECAY
                    stability = f._next_stability(difficulty=difficulty, stability=stability,
                                                  retrievability=r, rating=grade)
                difficulty = f._next_difficulty(difficulty=difficulty, rating=grade)
            last = at
        if stability is None or difficulty is None:
            return CardState(card_id, LEARNING, 0, None, None, None, None)
        return self._after_history(card_id, ordered, stability, difficulty, reps, lapses)

    def replay_memories(self, histories: Mapping[int, Iterable[tuple[int, float]]],
                        known: Mapping[int, tuple[float, float]] | None = None
                        ) -> list[CardState]:
        """`replay_memory` of many cards at once (an import of 200,000 reviews).

        The memory states come from one batch call of fsrs-rs — the Rust FSRS that
        Anki runs, the same formulas as `replay_memory`'s (agreeing to float32
        precision) at a tenth of the time — except for cards whose (stability,
        difficulty) `known` already gives (Anki's own, which is kept).
        """
        known = known or {}
        ordered = {card_id: sorted(history, key=lambda h: h[1])
                   for card_id, history in histories.items()}
        ordered = {card_id: history for card_id, history in ordered.items() if history}
        memory = {card_id: known[card_id] for card_id in ordered if card_id in known}
        missing = [card_id for card_id in ordered if card_id not in memory]
        try:
            memory.update(zip(missing, self.memory_states([ordered[c] for c in missing]),
                              strict=True))
        except ImportError:  # a declared dependency; the same maths, slower, without it
            replayed = {card_id: self.replay_memory(card_id, ordered[card_id])
                        for card_id in missing}
            memory.update({card_id: (s.stability, s.difficulty) for card_id, s in
                           replayed.items() if s.stability is not None
                           and s.difficulty is not None})
        return [self._after_history(card_id, ordered[card_id], *memory[card_id])
                for card_id in ordered]

    def _after_history(self, card_id: int, ordered: Sequence[tuple[int, float]],
                       stability: float, difficulty: float, reps: int | None = None,
                       lapses: int | None = None) -> CardState:
        """A replayed card's state: due one interval after its last review, or in the
        relearning step when that review was a lapse."""
        last_rating, last = ordered[-1]
        reps = len(ordered) if reps is None else reps
        lapses = sum(rating == 1 for rating, _ in ordered) if lapses is None else lapses
        if last_rating == 1:
            return CardState(card_id, RELEARNING, 0, stability, difficulty,
                             last + RELEARNING_STEPS[0].total_seconds(), last, reps, lapses)
        due = last + self.fsrs._next_interval(stability=stability) * 86400
        return CardState(card_id, REVIEW, None, stability, difficulty, due, last, reps, lapses)

    def review_due(self, card_id: int, stability: float, last_review: float, reps: int
                   ) -> float:
        """When a card in review falls due under this scheduler: the interval its last
        answer would give now (fsrs's own interval and fuzz, seeded as that answer was).

        Why this is all a retention change needs: the memory state (stability,
        difficulty) and the card's state never depend on desired retention or the
        maximum interval, only a review card's interval does; so rescheduling keeps the
        state and recomputes this, where a replay would answer every review again.
        A learning or relearning card is due by its step, which neither changes.
        """
        return self.review_dues([(card_id, stability, last_review, reps)])[0]

    def review_dues(self, cards: Iterable[tuple[int, float, float, int]]) -> list[float]:
        """`review_due` of many cards (id, stability, last review, reps), in order: fsrs's
        interval, and its fuzz with the draw that card's last answer had."""
        rules = self.rules
        fuzzed, interval_days = rules.fuzzed, rules.interval_days()
        fuzzing = self.fsrs.enable_fuzzing
        fuzz = FuzzDraws()
        dues = []
        for card_id, stability, last_review, reps in cards:
            interval = timedelta(days=interval_days(stability))
            if fuzzing:
                fuzz.reset(fuzz_seed(card_id, reps - 1))
                interval = fuzzed(interval, fuzz())
            dues.append((_utc(last_review) + interval).timestamp())
        return dues

    def memory_states(self, histories: Sequence[Sequence[tuple[int, float]]]
                      ) -> list[tuple[float, float]]:
        """(stability, difficulty) after each history of answers (rating, unix time, in
        order), with these parameters: what a change of parameters and an import need.
        Raises ImportError without fsrs-rs-python (a declared dependency).

        Why fsrs-rs: its batch computation is the one Anki runs after an optimisation,
        about 30 times faster than answering every review again through py-fsrs; it
        follows the same rules as `replay_memory` (whole days elapsed, same-day answers
        by the short-term formula) in 32-bit floats, so it agrees to about 1e-5.
        """
        states = self.memory_states_of_log(
            (k, rating, at) for k, history in enumerate(histories) for rating, at in history)
        return [states[k] for k in range(len(histories)) if k in states]

    def memory_states_of_log(self, log: Iterable[tuple[int, int, float]],
                             disordered: set[int] | None = None
                             ) -> dict[int, tuple[float, float]]:
        """`memory_states` of review-log rows (card id, rating, unix time) ordered by card
        and then time: {card id: (stability, difficulty)}, for rescheduling 300,000
        cards, whose three million answers are read straight into fsrs-rs's items.

        Rows in the log's own order within a card (`ORDER BY card_id, id`, the index's
        order, which SQLite need not sort) are in time order unless answers were stored
        out of turn; such a card's id is added to `disordered` for the caller to compute
        again from rows in time order (without `disordered`, rows must be in time order).
        """
        import fsrs_rs_python  # a Rust extension, needed only here and by the optimiser

        make_review, made = fsrs_rs_python.FSRSReview, {}  # a few thousand distinct ones
        card_ids, items = [], []
        current, reviews, last = None, [], 0.0
        append = reviews.append
        for card_id, rating, at in log:
            if card_id != current:
                if reviews:
                    items.append(fsrs_rs_python.FSRSItem(reviews))
                card_ids.append(card_id)
                current, reviews, last = card_id, [], at
                append = reviews.append
            elif at < last:
                if disordered is None:
                    raise ValueError(f"the answers of card {card_id} are not in time order")
                disordered.add(card_id)
                at = last  # a stand-in: the caller computes this card again
            # the key is whole days * 8 + rating, in floats: `_elapsed_days` without a
            # call or an int() per row (three million rows at 300,000 cards)
            review = made.get(key := (at - last) // 86400 * 8 + rating)
            if review is None:
                review = made[key] = make_review(rating, _elapsed_days(last, at))
            append(review)
            last = at
        if reviews:
            items.append(fsrs_rs_python.FSRSItem(reviews))
        if not items:
            return {}
        model = fsrs_rs_python.FSRS(list(self.fsrs.parameters))
        return {card_id: (m.stability, m.difficulty)
                for card_id, m in zip(card_ids, model.memory_state_batch(items), strict=True)}

    def retrievability(self, card: CardState, now: datetime) -> float | None:
        """Probability of recall now; None for a card never answered."""
        if card.is_new or card.stability is None:
            return None
        return float(self.fsrs.get_card_retrievability(to_fsrs(card, now), now.astimezone(UTC)))

    def retrievability_of(self, stability: float | None, last_review: float | None,
                          now: float) -> float | None:
        """`retrievability` from the two numbers it depends on (unix times), for tens of
        thousands of cards at once: fsrs's own formula and whole elapsed days, without
        building an `fsrs.Card` per card."""
        if stability is None or last_review is None:
            return None
        elapsed_days = max(0, math.floor((now - last_review) / 86400))
        return (1 + self.fsrs._FACTOR * elapsed_days / stability) ** self.fsrs._DECAY


def _elapsed_days(since: float, until: float) -> int:
    """Whole days between two answers (unix times), as FSRS counts them in a replay."""
    return int((until - since) // 86400)


def validate_retention(value: float) -> None:
    if not isinstance(value, (int, float)) or not MIN_RETENTION <= value <= MAX_RETENTION:
        raise SettingsError(
            f"Desired retention must be between {MIN_RETENTION:.2f} and {MAX_RETENTION:.2f}, "
            f"not {value!r}."
        )


def scheduler_parameters(values: Sequence[float]) -> tuple[float, ...]:
    """Fitted parameters as the scheduler takes them: 21 numbers, rounded to 4 decimals
    (as Anki shows and stores them) and kept inside fsrs's bounds."""
    if len(values) != len(DEFAULT_PARAMETERS):
        raise SettingsError(f"FSRS needs {len(DEFAULT_PARAMETERS)} parameters, "
                            f"not {len(values)}.")
    return tuple(round(min(max(float(v), low), high), 4) for v, low, high in
                 zip(values, _fsrs_scheduler.LOWER_BOUNDS_PARAMETERS,
                     _fsrs_scheduler.UPPER_BOUNDS_PARAMETERS, strict=True))


def interval_label(seconds: float) -> str:
    """Anki-style short interval: "<1m", "10m", "3h", "3d", "1.2mo", "2.5y"."""
    if seconds < 60:
        return "<1m"
    minutes = seconds / 60
    if minutes < 60:
        return f"{round(minutes)}m"
    hours = minutes / 60
    if hours < 24:
        return _one_decimal(hours, "h")
    days = hours / 24
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return _one_decimal(days / 30, "mo")
    return _one_decimal(days / 365, "y")


def _one_decimal(value: float, unit: str) -> str:
    text = f"{value:.1f}".removesuffix(".0")
    return f"{text}{unit}"
