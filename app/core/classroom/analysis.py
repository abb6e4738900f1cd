"""Item analysis of a class's quiz attempts, as Moodle's quiz statistics report defines it.

Why Moodle's definitions: instructors already read those figures. For each
question, over the attempts chosen (each student's first, last or best, or all):
- facility index: the mean score on the question, as a % of its maximum;
- standard deviation of the question's scores, as a % of its maximum;
- discrimination index: 100 × the correlation between the question's score and
  the score on the rest of the quiz (a good question is answered well by those
  who do well on the others);
- discriminative efficiency: 100 × the covariance of those two scores divided by
  the largest covariance the same scores could have (both sorted alike), so a
  very easy or very hard question is not blamed for the little it can discriminate.
Questions whose discrimination index is below a threshold (Moodle suggests 30)
are flagged; the distribution of responses shows which wrong answer misleads.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

Which = Literal["first", "last", "best", "all"]
DEFAULT_THRESHOLD = 30.0


@dataclass(frozen=True)
class ItemResponse:
    score: float          # 0..1 of the question's maximum
    response: str         # what the student answered, as text
    prompt: str = ""


@dataclass(frozen=True)
class ClassAttempt:
    student: str
    started_at: str       # ISO 8601: orders a student's attempts
    items: dict[str, ItemResponse]
    duration_s: float | None = None

    @property
    def score(self) -> float:
        return sum(i.score for i in self.items.values())


@dataclass(frozen=True)
class QuestionStats:
    question: str
    prompt: str
    attempts: int
    facility: float | None
    sd: float | None
    discrimination: float | None
    efficiency: float | None
    flagged: bool
    responses: tuple[tuple[str, int], ...] = field(default=())  # most frequent first


@dataclass(frozen=True)
class ClassReport:
    """One quiz's item analysis: how it was asked for (which attempts count, the
    discrimination below which a question is flagged), then what was found."""

    which: Which
    threshold: float
    students: int
    attempts: tuple[ClassAttempt, ...]
    questions: tuple[QuestionStats, ...]

    @property
    def mean_score(self) -> float | None:
        if not self.attempts:
            return None
        return sum(a.score for a in self.attempts) / len(self.attempts)


def choose_attempts(attempts: Iterable[ClassAttempt], which: Which) -> list[ClassAttempt]:
    """Each student's first, last or best attempt (ties: the earlier), or all of them."""
    ordered = sorted(attempts, key=lambda a: (a.student, a.started_at))
    if which == "all":
        return ordered
    chosen: dict[str, ClassAttempt] = {}
    for a in ordered:
        current = chosen.get(a.student)
        if (current is None or which == "last"
                or (which == "best" and a.score > current.score)):
            if which == "first" and current is not None:
                continue
            chosen[a.student] = a
    return list(chosen.values())


def _mean(xs: Sequence[float]) -> float:
    return sum(xs) / len(xs)


def _covariance(xs: Sequence[float], ys: Sequence[float]) -> float:
    mx, my = _mean(xs), _mean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / (len(xs) - 1)


def question_stats(question: str, attempts: Sequence[ClassAttempt],
                   threshold: float = DEFAULT_THRESHOLD) -> QuestionStats:
    taken = [a for a in attempts if question in a.items]
    scores = [a.items[question].score for a in taken]
    rest = [a.score - a.items[question].score for a in taken]
    prompt = next((a.items[question].prompt for a in taken if a.items[question].prompt), "")
    responses = Counter(a.items[question].response or "(no answer)" for a in taken)
    facility = sd = discrimination = efficiency = None
    if taken:
        facility = 100 * _mean(scores)
    if len(taken) >= 2:
        sd = 100 * math.sqrt(_covariance(scores, scores))
        var_x, var_rest = _covariance(scores, scores), _covariance(rest, rest)
        cov = _covariance(scores, rest)
        if var_x > 0 and var_rest > 0:
            discrimination = 100 * cov / math.sqrt(var_x * var_rest)
            best = _covariance(sorted(scores), sorted(rest))
            efficiency = 100 * cov / best if best > 0 else None
    flagged = discrimination is not None and discrimination < threshold
    return QuestionStats(question, prompt, len(taken), facility, sd, discrimination, efficiency,
                         flagged, tuple(responses.most_common()))


def analyse(attempts: Iterable[ClassAttempt], which: Which = "first",
            threshold: float = DEFAULT_THRESHOLD,
            question_order: Sequence[str] = ()) -> ClassReport:
    chosen = choose_attempts(attempts, which)
    seen: dict[str, None] = dict.fromkeys(question_order)
    for a in chosen:
        for q in a.items:
            seen.setdefault(q, None)
    questions = tuple(question_stats(q, chosen, threshold) for q in seen
                      if any(q in a.items for a in chosen))
    return ClassReport(which, threshold, len({a.student for a in chosen}), tuple(chosen),
                       questions)
