"""Realistic review histories for synthetic benchmark collections, fast.

Why templates: running fsrs for 500,000 answers would take longer than the
benchmark itself, so a few hundred card histories are simulated once with
StudyDesk's real scheduler (a simulated student who forgets as fsrs predicts,
answers mostly Good, sometimes Again, Hard or Easy, and is often a little
late), and each synthetic card replays a prefix of one of them, shifted in
time so its last answer lies in the past and its due date around today. So
every card has a genuine fsrs state (new, learning, review or relearning),
intervals that grow as fsrs grows them, and a `before` state for each answer
exactly as StudyDesk would have written it. Deterministic for a given seed.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime

from app.core.study.scheduler import LEARNING, NEW, RELEARNING, REVIEW, CardState, Scheduler

DAY = 86400.0
TEMPLATES = 400
MAX_REVIEWS = 40
HORIZON = 4 * 365 * DAY
#: Share of cards per final state; the rest are review cards.
STATE_MIX = {NEW: 0.10, LEARNING: 0.03, RELEARNING: 0.02}


@dataclass(frozen=True)
class Answer:
    """One simulated answer, in template time (the simulation starts on 2020-01-01)."""

    at: float
    rating: int
    duration_ms: int
    before: CardState
    after: CardState


@dataclass(frozen=True)
class History:
    """A card's answers (time-shifted) and its state after the last one."""

    answers: tuple[Answer, ...]
    shift: float  # add to template times to get unix seconds

    @property
    def state(self) -> CardState | None:
        """Final state in template time; None for a new card."""
        return self.answers[-1].after if self.answers else None


def _rating(rng: random.Random, card: CardState, recall: float) -> int:
    """Mostly Good; Again when the simulated memory fails."""
    if card.is_new:
        return rng.choices((1, 2, 3, 4), (0.20, 0.10, 0.60, 0.10))[0]
    if rng.random() > recall:
        return 1
    return rng.choices((2, 3, 4), (0.12, 0.78, 0.10))[0]


def _delay(rng: random.Random, interval: float) -> float:
    """How late the student answers: minutes for learning steps, often a day or so after."""
    if interval < DAY:
        return rng.uniform(0, 120)
    return rng.expovariate(1 / DAY) if rng.random() < 0.6 else rng.uniform(0, 6 * 3600)


def simulate(rng: random.Random, scheduler: Scheduler, card_id: int) -> list[Answer]:
    """One card's life with a simulated student, up to MAX_REVIEWS answers or HORIZON."""
    start = datetime(2020, 1, 1, tzinfo=UTC).timestamp()
    skill = rng.uniform(-0.08, 0.05)  # some cards are harder for this student
    card = CardState(card_id, 1, 0, None, None, None, None)
    at = start
    answers: list[Answer] = []
    while len(answers) < MAX_REVIEWS and at - start < HORIZON:
        now = datetime.fromtimestamp(at, UTC)
        recall = scheduler.retrievability(card, now)
        rating = _rating(rng, card, min(1.0, (recall or 1.0) + skill))
        after = scheduler.review(card, rating, now)
        duration = int(min(60_000, rng.lognormvariate(8.6, 0.6)))
        answers.append(Answer(at, rating, duration, card, after))
        assert after.due is not None
        at = after.due + _delay(rng, after.due - at)
        card = after
    return answers


class HistoryMaker:
    """Simulates the templates once, then deals out histories with a given mean length."""

    def __init__(self, seed: int = 7, templates: int = TEMPLATES) -> None:
        self.rng = random.Random(seed)
        scheduler = Scheduler()
        self.templates = [simulate(self.rng, scheduler, 10_000_000 + t) for t in range(templates)]
        # (template, answers) pairs whose final state is each fsrs state
        self.pools: dict[int, list[tuple[int, int]]] = {LEARNING: [], REVIEW: [], RELEARNING: []}
        self.review_by_length: dict[int, list[int]] = {}
        for t, answers in enumerate(self.templates):
            for k, answer in enumerate(answers, start=1):
                self.pools[answer.after.state].append((t, k))
                if answer.after.state == REVIEW:
                    self.review_by_length.setdefault(k, []).append(t)

    def _review_length(self, mean: float) -> int:
        """A gamma-distributed answer count: most cards near the mean, a long tail."""
        k = max(1, round(self.rng.gammavariate(2.0, mean / 2.0)))
        while k > 1 and k not in self.review_by_length:
            k -= 1
        return k

    def make(self, n_cards: int, mean_answers: float, now: float) -> list[History]:
        """Histories for `n_cards` cards averaging about `mean_answers` answers each."""
        rng = self.rng
        shares = [(state, round(n_cards * share)) for state, share in STATE_MIX.items()]
        kinds = [state for state, count in shares for _ in range(count)]
        kinds += [REVIEW] * (n_cards - len(kinds))
        rng.shuffle(kinds)
        answered = sum(1 for k in kinds if k != NEW)
        review_mean = max(1.0, mean_answers * n_cards / max(1, answered))
        histories = []
        for kind in kinds:
            if kind == NEW:
                histories.append(History((), 0.0))
                continue
            if kind == REVIEW:
                k = self._review_length(review_mean)
                t = rng.choice(self.review_by_length[k])
            else:
                t, k = rng.choice(self.pools[kind])
            answers = tuple(self.templates[t][:k])
            last = answers[-1].after
            assert last.due is not None and last.last_review is not None
            interval = last.due - last.last_review
            # "now" lies somewhere in the last interval, or (a backlog) a few days past it
            into = (rng.uniform(0.0, interval) if rng.random() < 0.88
                    else interval + rng.expovariate(1 / (3 * DAY)))
            histories.append(History(answers, now - (last.last_review + into)))
        return histories


def describe(histories: list[History]) -> str:
    """A one-line summary of the mix, for the figure names and sanity checks."""
    states = Counter("new" if h.state is None else {1: "learning", 2: "review",
                                                     3: "relearning"}[h.state.state]
                     for h in histories)
    ratings = Counter(a.rating for h in histories for a in h.answers)
    total = sum(ratings.values())
    return (", ".join(f"{v} {k}" for k, v in sorted(states.items())) + "; ratings "
            + " ".join(f"{r}:{ratings[r] / max(1, total):.0%}" for r in (1, 2, 3, 4)))
