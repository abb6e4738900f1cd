"""The statistics figures of a scope over a period, computed from the review log and cards.

Why plain SQL aggregates over `revlog` and `cards`: the figures must agree
with what was really answered (a hand-built history gives exact numbers) and
stay fast on half a million reviews, so each chart is one grouped query, not
a loop over rows. Days are study days (they start at 4 a.m. local time, see
`app.core.clock`) counted from today's start in whole 24-hour steps, as Anki
does; day 0 is today, -1 yesterday, 1 tomorrow.

The kinds of answer follow Anki: *learn* (a new or learning card), *relearn*
(a lapsed card), *young* and *mature* reviews (the interval the card had
before the answer was under / at least `MATURE_DAYS`). Quiz answers are
reviews too (the quiz records them in the log) and count by the same rules.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from app.core.clock import DAY_CUTOFF_HOUR, day_start, utcnow
from app.core.stats.scope import PERIODS, StatsScope
from app.core.storage.collection import Collection
from app.core.study.reviews import retrievabilities

MATURE_DAYS = 21
DAY = 86400.0


KINDS = ("learn", "relearn", "young", "mature")
FORECAST_MAX_DAYS = 3650  # the longest look ahead: ten years
CALENDAR_DAYS = 365       # the calendar heatmap and the true-retention table: the last year
#: Answer-button breakdown groups (Anki: learning, young, mature).
BUTTON_GROUPS = ("learning", "young", "mature")
#: True-retention table rows: name → (first day, last day) relative to today.
RETENTION_PERIODS: dict[str, tuple[int, int]] = {
    "today": (0, 0), "yesterday": (-1, -1), "last week": (-6, 0),
    "last month": (-29, 0), "last year": (-364, 0),
}
#: Histogram bucket upper bounds (days) for intervals and stability; the last is open.
DAY_BUCKETS = (1, 2, 3, 7, 14, 21, 30, 60, 90, 180, 365, 730)

# SQL: whole study days from `?` (today's start) to a unix time column, floored
# (CAST truncates toward zero, so shift into positive numbers first).
_DAY_SQL = "(CAST(({col} - ?) / 86400.0 + 1000000 AS INTEGER) - 1000000)"
# SQL: the kind of answer of a revlog row `r` (queue and the interval before it).
_LAST_IVL_SQL = ("(json_extract(r.before, '$.due') - json_extract(r.before, '$.last_review'))"
                 " / 86400.0")
_KIND_SQL = (f"CASE WHEN r.queue IN (0, 1) THEN 'learn' WHEN r.queue = 3 THEN 'relearn' "
             f"WHEN {_LAST_IVL_SQL} >= {MATURE_DAYS} THEN 'mature' ELSE 'young' END")


@dataclass
class Histogram:
    """Bucket labels and counts, in order (what a bar chart draws)."""

    labels: list[str]
    counts: list[int]


@dataclass
class CardCounts:
    new: int = 0
    learning: int = 0
    young: int = 0
    mature: int = 0
    suspended: int = 0
    buried: int = 0

    @property
    def total(self) -> int:
        return (self.new + self.learning + self.young + self.mature + self.suspended
                + self.buried)


@dataclass
class Today:
    reviews: int = 0
    cards: int = 0
    seconds: float = 0.0
    again: int = 0
    passed: int = 0   # review-queue answers today that were not Again
    failed: int = 0   # review-queue answers today that were Again

    @property
    def true_retention(self) -> float | None:
        total = self.passed + self.failed
        return self.passed / total if total else None


@dataclass
class Retention:
    passed: int = 0
    failed: int = 0

    @property
    def rate(self) -> float | None:
        total = self.passed + self.failed
        return self.passed / total if total else None


@dataclass
class QuizScore:
    """One finished attempt on the quiz-scores chart."""

    finished_at: str
    score: int
    total: int


@dataclass
class SectionQuizScore:
    section_idx: int | None
    title: str
    right: int
    total: int


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
        first = -self.days + 1
        return {
            "scope": {"article": self.scope.article_id, "section": self.scope.section_idx},
            "period": self.period,
            "today": {**asdict(self.today), "true_retention": self.today.true_retention},
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
    today = day_start(now).timestamp()
    where, params = scope.notes_where()
    days = PERIODS[period]
    # the log is read as far back as the longest figure needs: the period, or the year of
    # the calendar and the true-retention table (all of it for the whole history)
    log = _answers(col, where, params, today,
                   None if days is None else -max(days, CALENDAR_DAYS) + 1)
    per_day, seconds = _per_day(log)
    if days is None:
        days = 1 - min(per_day, default=0)
    first = -days + 1
    return Statistics(
        scope=scope, period=period, days=days,
        today=_today(col, where, params, today),
        cards=_card_counts(col, where, params, now.timestamp()),
        per_day={d: k for d, k in per_day.items() if first <= d <= 0},
        seconds_per_day={d: s for d, s in seconds.items() if first <= d <= 0},
        calendar={d: sum(k.values()) for d, k in per_day.items()
                  if -CALENDAR_DAYS < d <= 0},
        forecast=_forecast(col, where, params, today, PERIODS[period]),
        intervals=_day_histogram(col, where, params, "(c.due - c.last_review) / 86400.0",
                                 "c.state = 2"),
        stability=_day_histogram(col, where, params, "c.stability", "1 = 1"),
        difficulty=_difficulty(col, where, params),
        retrievability=_retrievability(col, where, params, now),
        buttons=_buttons(log, first),
        hourly=_hourly(col, where, params, today, first),
        true_retention=_true_retention(log),
        quiz_scores=_quiz_scores(col, scope),
        section_scores=_section_scores(col, scope),
    )


# -- the review log --------------------------------------------------------------------------
def _revlog_from(where: str) -> str:
    """FROM … WHERE for the scope's answers; the whole collection needs no join (every
    answer's card is in it: revlog rows go with their card)."""
    if where == StatsScope().notes_where()[0]:
        return f"FROM revlog r WHERE {where}"
    return f"FROM revlog r JOIN cards c ON c.id = r.card_id JOIN notes n ON n.id = c.note_id " \
           f"WHERE {where}"


#: (day, kind, rating) → (answers, milliseconds): the review log read once, in one grouped
#: query (reading each answer's `before` state is the costly part, so it happens once).
AnswerGroups = dict[tuple[int, str, int], tuple[int, int]]


def _answers(col: Collection, where: str, params: list[Any], today: float,
             first: int | None) -> AnswerGroups:
    """The answers from day `first` on (None: all of them), grouped.

    A year or more is most of a log, so the table is scanned in order (`+` keeps SQLite
    from the time index, whose lookups row by row take twice as long here).
    """
    day = _DAY_SQL.format(col="r.reviewed_at")
    since = float("-inf") if first is None else today + first * DAY
    return {(d, kind, rating): (n, ms or 0) for d, kind, rating, n, ms in col.execute(
        f"SELECT {day} AS d, {_KIND_SQL} AS k, r.rating, COUNT(*), SUM(r.duration_ms) "
        f"{_revlog_from(where)} AND +r.reviewed_at >= ? GROUP BY d, k, r.rating",
        [today, *params, since])}


def _per_day(log: AnswerGroups) -> tuple[dict[int, dict[str, int]], dict[int, dict[str, float]]]:
    counts: dict[int, dict[str, int]] = {}
    seconds: dict[int, dict[str, float]] = {}
    for (d, kind, _rating), (n, ms) in log.items():
        day_counts, day_seconds = counts.setdefault(d, {}), seconds.setdefault(d, {})
        day_counts[kind] = day_counts.get(kind, 0) + n
        day_seconds[kind] = day_seconds.get(kind, 0.0) + ms / 1000
    return counts, seconds


def today_totals(col: Collection, scope: StatsScope | None = None, now: datetime | None = None
                 ) -> Today:
    """This study day's answers in `scope` (the home screen's "today" line)."""
    where, params = (scope or StatsScope()).notes_where()
    return _today(col, where, params, day_start(now or utcnow()).timestamp())


def _today(col: Collection, where: str, params: list[Any], today: float) -> Today:
    row = col.execute(
        "SELECT COUNT(*), COUNT(DISTINCT r.card_id), COALESCE(SUM(r.duration_ms), 0), "
        "COALESCE(SUM(r.rating = 1), 0), "
        "COALESCE(SUM(r.queue = 2 AND r.rating > 1), 0), "
        "COALESCE(SUM(r.queue = 2 AND r.rating = 1), 0) "
        f"{_revlog_from(where)} AND r.reviewed_at >= ? AND r.reviewed_at < ?",
        [*params, today, today + DAY]).fetchone()
    return Today(reviews=row[0], cards=row[1], seconds=row[2] / 1000, again=row[3],
                 passed=row[4], failed=row[5])


def _buttons(log: AnswerGroups, first: int) -> dict[str, list[int]]:
    """Answers per rating since day `first`, for learning (learn and relearn), young, mature."""
    result = {g: [0, 0, 0, 0] for g in BUTTON_GROUPS}
    for (d, kind, rating), (n, _ms) in log.items():
        if d >= first and 1 <= rating <= 4:
            group = "learning" if kind in ("learn", "relearn") else kind
            result[group][rating - 1] += n
    return result


def _hourly(col: Collection, where: str, params: list[Any], today: float, first: int
            ) -> list[tuple[int, int]]:
    """Answers and correct answers per local hour. The hour is counted from the study day's
    start (4 a.m.) like the days, so it needs no time-zone lookup per answer."""
    hours = [(0, 0)] * 24
    for hour, n, correct in col.execute(
            f"SELECT (CAST(((r.reviewed_at - ?) % 86400 + 86400) % 86400 / 3600 AS INTEGER) "
            f"+ {DAY_CUTOFF_HOUR}) % 24 AS h, COUNT(*), SUM(r.rating > 1) "
            f"{_revlog_from(where)} AND r.reviewed_at >= ? GROUP BY h",
            [today, *params, today + first * DAY]):
        hours[hour] = (n, correct)
    return hours


def _true_retention(log: AnswerGroups) -> dict[str, dict[str, Retention]]:
    """Anki's true retention: review-queue answers only, young / mature by the interval
    before the answer, passed = anything but Again."""
    table: dict[str, dict[str, Retention]] = {}
    for name, (lo, hi) in RETENTION_PERIODS.items():
        row = {"young": Retention(), "mature": Retention()}
        for (d, kind, rating), (n, _ms) in log.items():
            if kind in row and lo <= d <= hi:
                if rating > 1:
                    row[kind].passed += n
                else:
                    row[kind].failed += n
        table[name] = row
    return table


# -- the cards --------------------------------------------------------------------------------
_CARDS_FROM = "FROM cards c JOIN notes n ON n.id = c.note_id WHERE n.active = 1 AND "


def _card_counts(col: Collection, where: str, params: list[Any], now: float) -> CardCounts:
    """Each card in exactly one group: suspended, then buried, then by its state."""
    category = (
        "CASE WHEN c.suspended THEN 'suspended' "
        "WHEN c.buried_until IS NOT NULL AND c.buried_until > ? THEN 'buried' "
        "WHEN c.last_review IS NULL THEN 'new' WHEN c.state != 2 THEN 'learning' "
        f"WHEN (c.due - c.last_review) / 86400.0 >= {MATURE_DAYS} THEN 'mature' "
        "ELSE 'young' END")
    counts = CardCounts()
    for name, n in col.execute(
            f"SELECT {category} AS g, COUNT(*) {_CARDS_FROM}{where} GROUP BY g", [now, *params]):
        setattr(counts, name, n)
    return counts


def _forecast(col: Collection, where: str, params: list[Any], today: float,
              days: int | None) -> list[int]:
    """Cards due per day from today on; overdue cards count today (they are due now).

    The whole history ("all") looks ahead as far as the last due card, but at most
    FORECAST_MAX_DAYS: a chart of decades of days would show nothing readable.
    """
    day = _DAY_SQL.format(col="c.due")
    rows = col.execute(
        f"SELECT MAX(0, {day}) AS d, COUNT(*) {_CARDS_FROM}{where} AND c.suspended = 0 "
        "AND c.last_review IS NOT NULL GROUP BY d", [today, *params]).fetchall()
    length = days if days is not None else min(
        FORECAST_MAX_DAYS, max((d for d, _ in rows), default=0) + 1)
    forecast = [0] * length
    for d, n in rows:
        if d < length:
            forecast[d] = n
    return forecast


def _bucket_labels(bounds: tuple[int, ...], unit: str) -> list[str]:
    labels, low = [], 0
    for high in bounds:
        labels.append(f"{low}–{high}{unit}" if high - low > 1 else f"{low}{unit}")
        low = high
    labels.append(f"≥{low}{unit}")
    return labels


def _day_histogram(col: Collection, where: str, params: list[Any], value_sql: str,
                   condition: str) -> Histogram:
    """Reviewed cards by a value in days, in DAY_BUCKETS (bucket i: bounds[i-1] ≤ v < bounds[i])."""
    cases = " ".join(f"WHEN v < {b} THEN {i}" for i, b in enumerate(DAY_BUCKETS))
    counts = [0] * (len(DAY_BUCKETS) + 1)
    for bucket, n in col.execute(
            f"SELECT CASE {cases} ELSE {len(DAY_BUCKETS)} END AS b, COUNT(*) FROM "
            f"(SELECT {value_sql} AS v {_CARDS_FROM}{where} AND c.last_review IS NOT NULL "
            f"AND c.suspended = 0 AND {condition}) GROUP BY b", params):
        counts[bucket] = n
    return Histogram(_bucket_labels(DAY_BUCKETS, "d"), counts)


def _difficulty(col: Collection, where: str, params: list[Any]) -> Histogram:
    """FSRS difficulty runs from 1 (easy) to 10 (hard): ten buckets of one."""
    counts = [0] * 10
    for bucket, n in col.execute(
            "SELECT MIN(9, MAX(0, CAST(c.difficulty - 1 AS INTEGER))) AS b, COUNT(*) "
            f"{_CARDS_FROM}{where} AND c.last_review IS NOT NULL AND c.suspended = 0 "
            "AND c.difficulty IS NOT NULL GROUP BY b", params):
        counts[bucket] = n
    return Histogram([f"{i + 1}–{i + 2}" for i in range(10)], counts)


def _retrievability(col: Collection, where: str, params: list[Any], now: datetime) -> Histogram:
    """Reviewed cards by today's probability of recall, in tenths (computed by the scheduler)."""
    ids = [r[0] for r in col.execute(
        f"SELECT c.id {_CARDS_FROM}{where} AND c.last_review IS NOT NULL AND c.suspended = 0",
        params)]
    counts = [0] * 10
    for value in retrievabilities(col, ids, now).values():
        if value is not None:
            counts[min(9, int(value * 10))] += 1
    return Histogram([f"{i * 10}–{i * 10 + 10}%" for i in range(10)], counts)


# -- quizzes ----------------------------------------------------------------------------------
def _quiz_scores(col: Collection, scope: StatsScope) -> dict[str, list[QuizScore]]:
    """Finished attempts per quiz title, oldest first (a section scope: its article's quizzes)."""
    sql = ("SELECT title, finished_at, score, total FROM quiz_attempts "
           "WHERE finished_at IS NOT NULL AND score IS NOT NULL")
    params: list[Any] = []
    if scope.article_id is not None:
        sql += " AND article_id = ?"
        params.append(scope.article_id)
    scores: dict[str, list[QuizScore]] = {}
    for title, finished, score, total in col.execute(sql + " ORDER BY finished_at, id",
                                                          params):
        scores.setdefault(title, []).append(QuizScore(finished, score, total))
    return scores


def _section_scores(col: Collection, scope: StatsScope) -> list[SectionQuizScore]:
    """Quiz answers right / asked per section of the article (all articles' sections for the
    whole collection)."""
    sql = ("SELECT q.article_id, a.section_idx, SUM(a.correct), COUNT(*) FROM quiz_answers a "
           "JOIN quiz_attempts q ON q.id = a.attempt_id WHERE q.finished_at IS NOT NULL")
    params: list[Any] = []
    if scope.article_id is not None:
        sql += " AND q.article_id = ?"
        params.append(scope.article_id)
    if scope.section_idx is not None:
        sql += " AND a.section_idx = ?"
        params.append(scope.section_idx)
    titles = {(a, i): t for a, i, t in col.execute(
        "SELECT article_id, idx, title FROM sections")}
    rows = col.execute(sql + " GROUP BY q.article_id, a.section_idx "
                            "ORDER BY q.article_id, a.section_idx", params).fetchall()
    return [SectionQuizScore(idx, titles.get((article, idx), "Whole article")
                             if idx is not None else "Whole article", int(right or 0), total)
            for article, idx, right, total in rows]



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
