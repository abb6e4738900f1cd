"""The statistics figures of a scope over a period, computed from the review log and cards.

Why plain SQL aggregates over `revlog` and `cards`: the figures must agree
with what was really answered (a hand-built history gives exact numbers) and
stay fast on half a million reviews, so the log is read in one grouped pass
and the cards in one statement, not in a loop over rows. Days are study days
(they start at 4 a.m. local time, see `app.core.clock`), counted in local time
also across daylight-saving changes (`localtime`), as the daily limits count
them; day 0 is today, -1 yesterday, 1 tomorrow.

The kinds of answer follow Anki: *learn* (a new or learning card), *relearn*
(a lapsed card), *young* and *mature* reviews (the interval the card had
before the answer was under / at least `MATURE_DAYS`). Quiz answers are
reviews too (the quiz records them in the log) and count by the same rules.

The passes live by what they read: `answers` (the log), `cards`, `quizzes`;
here they become one `Statistics`, as JSON or as text.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from app.core.clock import utcnow
from app.core.stats.answers import (
    KINDS,
    Retention,
    Today,
    button_counts,
    per_day_totals,
    read_log,
    read_today,
    retention_table,
)
from app.core.stats.cards import CardCounts, Histogram, read_cards
from app.core.stats.localtime import StudyDays
from app.core.stats.quizzes import (
    QuizScore,
    SectionQuizScore,
    read_quiz_scores,
    read_section_scores,
)
from app.core.stats.scope import PERIODS, StatsScope
from app.core.storage.collection import Collection

CALENDAR_DAYS = 365       # the calendar heatmap and the true-retention table: the last year


@dataclass
class Statistics:
    """Everything the statistics window and `studydesk stats` show."""

    scope: StatsScope
    period: str
    days: int                                  # how many days the per-day charts cover
    today: Today
    cards: CardCounts
    #: per day (-days+1 .. 0): kind → answers, and kind → seconds
    per_day: dict[int, dict[str, int]]
    seconds_per_day: dict[int, dict[str, float]]
    #: reviews per day over the last year, for the calendar heatmap
    calendar: dict[int, int]
    forecast: list[int]                        # due cards per day, day 0 (incl. overdue) on
    intervals: Histogram
    stability: Histogram
    difficulty: Histogram
    retrievability: Histogram
    buttons: dict[str, list[int]]              # group → answers per rating 1..4
    hourly: list[tuple[int, int]]              # per local hour: (answers, correct)
    true_retention: dict[str, dict[str, Retention]]  # period → young / mature
    quiz_scores: dict[str, list[QuizScore]] = field(default_factory=dict)  # quiz title → attempts
    section_scores: list[SectionQuizScore] = field(default_factory=list)

    @property
    def total_reviews(self) -> int:
        return sum(sum(kinds.values()) for kinds in self.per_day.values())

    def to_json(self) -> dict[str, Any]:
        """The figures as plain JSON (`studydesk stats --json`)."""
        first, t = -self.days + 1, self.today
        return {
            "scope": {"article": self.scope.article_id, "section": self.scope.section_idx},
            "period": self.period,
            "today": {"reviews": t.reviews, "cards": t.cards, "seconds": t.seconds,
                      "again": t.again, "passed": t.reviewed.passed, "failed": t.reviewed.failed,
                      "true_retention": t.true_retention},
            "cards": {"total": self.cards.total, **asdict(self.cards)},
            "reviews": {
                "total": self.total_reviews,
                "per_day": [{"day": d, **{k: self.per_day.get(d, {}).get(k, 0) for k in KINDS}}
                            for d in range(first, 1)],
                "seconds_per_day": [round(sum(self.seconds_per_day.get(d, {}).values()), 3)
                                    for d in range(first, 1)],
            },
            "forecast": self.forecast,
            "intervals": asdict(self.intervals),
            "stability": asdict(self.stability),
            "difficulty": asdict(self.difficulty),
            "retrievability": asdict(self.retrievability),
            "buttons": self.buttons,
            "hourly": [{"hour": h, "reviews": n, "correct": c}
                       for h, (n, c) in enumerate(self.hourly)],
            "true_retention": {
                period: {group: {"passed": r.passed, "failed": r.failed, "rate": r.rate}
                         for group, r in groups.items()}
                for period, groups in self.true_retention.items()},
            "quiz_scores": {title: [asdict(s) for s in scores]
                            for title, scores in self.quiz_scores.items()},
            "section_scores": [asdict(s) for s in self.section_scores],
        }


def compute_statistics(col: Collection, scope: StatsScope | None = None, period: str = "1 month",
                       now: datetime | None = None) -> Statistics:
    """All figures of `scope` (default: the whole collection) over `period` (see PERIODS)."""
    scope = scope or StatsScope()
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}; expected one of {', '.join(PERIODS)}")
    scope.check(col)
    now = now or utcnow()
    clock = StudyDays(now)
    where, params = scope.notes_where()
    days = PERIODS[period]
    # the log is read as far back as the longest figure needs: the period, or the year of
    # the calendar and the true-retention table (all of it for the whole history)
    log, hourly = read_log(col, where, params, clock,
                            None if days is None else -max(days, CALENDAR_DAYS) + 1,
                            None if days is None else -days + 1)
    per_day, seconds = per_day_totals(log)
    if days is None:
        days = 1 - min(per_day, default=0)
    first = -days + 1
    cards = read_cards(col, where, params, clock, PERIODS[period])
    return Statistics(
        scope=scope, period=period, days=days,
        today=read_today(col, where, params, now),
        cards=cards.counts,
        per_day={d: k for d, k in per_day.items() if first <= d <= 0},
        seconds_per_day={d: s for d, s in seconds.items() if first <= d <= 0},
        calendar={d: sum(k.values()) for d, k in per_day.items()
                  if -CALENDAR_DAYS < d <= 0},
        forecast=cards.forecast,
        intervals=cards.intervals,
        stability=cards.stability,
        difficulty=cards.difficulty,
        retrievability=cards.retrievability,
        buttons=button_counts(log, first),
        hourly=hourly,
        true_retention=retention_table(log),
        quiz_scores=read_quiz_scores(col, scope),
        section_scores=read_section_scores(col, scope),
    )


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.1%}"


def format_statistics(stats: Statistics) -> str:
    """The main figures as text (`studydesk stats`)."""
    t, c = stats.today, stats.cards
    due = [*stats.forecast, 0, 0]
    lines = [
        (f"Today: {t.reviews} answers on {t.cards} cards in {t.seconds / 60:.1f} min, "
         f"{t.again} Again, true retention {_percent(t.true_retention)}"),
        (f"Cards: {c.total} — new {c.new}, learning {c.learning}, young {c.young}, "
         f"mature {c.mature}, suspended {c.suspended}, buried {c.buried}"),
        f"Reviews in the last {stats.days} days ({stats.period}): {stats.total_reviews}",
        f"Due: today {due[0]}, tomorrow {due[1]}, next 7 days {sum(stats.forecast[:7])}",
        "True retention    young     mature",
    ]
    for period, groups in stats.true_retention.items():
        lines.append(f"  {period:<14}{_percent(groups['young'].rate):>7}"
                     f"{_percent(groups['mature'].rate):>11}")
    return "\n".join(lines)
