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
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from app.core.clock import DAY_CUTOFF_HOUR, day_start, next_day_start, utcnow
from app.core.stats.localtime import HOUR, local_seconds_sql, utc_offset
from app.core.stats.scope import PERIODS, StatsScope
from app.core.storage.collection import Collection
from app.core.study.settings import load_settings

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

# SQL: whole local hours since today's start as the study day (0 today, -1 yesterday);
# floored, so shifted into positive numbers first (integer division truncates toward zero)
_SHIFT_DAYS = 1_000_000
_STUDY_DAY_SQL = f"(({{hour}} + {24 * _SHIFT_DAYS}) / 24 - {_SHIFT_DAYS})"
# SQL: the kind of answer of a revlog row `r` (queue and the interval before it).
# (its index in KINDS: sorting small integers is cheaper than sorting names)
_LAST_IVL_SQL = "(r.last_interval / 86400.0)"
_KIND_SQL = ("CASE WHEN r.queue IN (0, 1) THEN 0 WHEN r.queue = 3 THEN 1 "
             f"WHEN {_LAST_IVL_SQL} >= {MATURE_DAYS} THEN 3 ELSE 2 END")


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
        return Retention(self.passed, self.failed).rate


@dataclass
class Retention:
    passed: int = 0
    failed: int = 0

    @property
    def rate(self) -> float | None:
        """True retention: the share of review answers that were not Again (None without any)."""
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
    clock = _StudyDays(now)
    where, params = scope.notes_where()
    days = PERIODS[period]
    # the log is read as far back as the longest figure needs: the period, or the year of
    # the calendar and the true-retention table (all of it for the whole history)
    log, hourly = _read_log(col, where, params, clock,
                            None if days is None else -max(days, CALENDAR_DAYS) + 1,
                            None if days is None else -days + 1)
    per_day, seconds = _per_day(log)
    if days is None:
        days = 1 - min(per_day, default=0)
    first = -days + 1
    cards = _read_cards(col, where, params, clock, PERIODS[period])
    return Statistics(
        scope=scope, period=period, days=days,
        today=_today(col, where, params, now),
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
        buttons=_buttons(log, first),
        hourly=hourly,
        true_retention=_true_retention(log),
        quiz_scores=_quiz_scores(col, scope),
        section_scores=_section_scores(col, scope),
    )


class _StudyDays:
    """Study days and local hours of `now` in SQL: the day an answer or due date falls on
    (0 today, -1 yesterday, 1 tomorrow, each starting at the local cut-off hour), exact
    across daylight-saving changes (see `localtime`)."""

    def __init__(self, now: datetime) -> None:
        self.now = now.timestamp()
        self.today = day_start(now).timestamp()
        #: today's start as a local hour index (whole local hours since the epoch)
        self.today_hour = round((self.today + utc_offset(self.today)) / HOUR)

    def local_hour_sql(self, column: str, start: float, end: float) -> tuple[str, list[Any]]:
        """`column` as a local hour index (whole local hours since the epoch)."""
        local, params = local_seconds_sql(column, start, end)
        return f"CAST({local} / {HOUR} AS INTEGER)", params

    def hour_sql(self, column: str, start: float, end: float) -> tuple[str, list[Any]]:
        """`column` as whole local hours since today's start (negative before it)."""
        hour, params = self.local_hour_sql(column, start, end)
        return f"({hour} - ?)", [*params, self.today_hour]

    def day_sql(self, column: str, start: float, end: float) -> tuple[str, list[Any]]:
        hour, params = self.hour_sql(column, start, end)
        return _STUDY_DAY_SQL.format(hour=hour), params


# -- the review log --------------------------------------------------------------------------
def _revlog_from(where: str) -> str:
    """FROM … WHERE for the scope's answers; the whole collection needs no join (every
    answer's card is in it: revlog rows go with their card)."""
    if where == StatsScope().notes_where()[0]:
        return f"FROM revlog r WHERE {where}"
    return f"FROM revlog r JOIN cards c ON c.id = r.card_id JOIN notes n ON n.id = c.note_id " \
           f"WHERE {where}"


#: (day, kind, rating) → (answers, milliseconds): the review log read once (`_read_log`).
AnswerGroups = dict[tuple[int, str, int], tuple[int, int]]
#: Enough margin before a day's start for any daylight-saving shift of it.
_DST_MARGIN = 3 * HOUR


def _read_log(col: Collection, where: str, params: list[Any], clock: _StudyDays,
              first: int | None, first_hourly: int | None
              ) -> tuple[AnswerGroups, list[tuple[int, int]]]:
    """The answers from day `first` on (None: all of them), grouped by day, kind and
    rating; and per local hour (answers, correct) from day `first_hourly` on.

    One pass over the log: the rows are grouped by local hour, kind and rating (sorting
    the log is the costly part, so it happens once), and that small table is grouped
    again by day and by hour of the day. A year or more is most of a log, so the table is
    scanned in order (`+` keeps SQLite from the time index, whose lookups row by row take
    twice as long here).
    """
    if first is None:
        oldest = col.execute("SELECT MIN(reviewed_at) FROM revlog").fetchone()[0]
        since = float("-inf")
        start = clock.today if oldest is None else float(oldest)
    else:
        since = start = clock.today + first * DAY - _DST_MARGIN
    hour, hour_params = clock.local_hour_sql("r.reviewed_at", start, clock.now + DAY)
    day = _STUDY_DAY_SQL.format(hour="h")
    # one integer key per (hour, kind, rating): the one sort of the log is on small integers
    rows = col.execute(
        f"WITH a AS MATERIALIZED (SELECT ({hour} * 4 + {_KIND_SQL}) * 8 "
        "+ MIN(7, MAX(0, r.rating)) AS key, COUNT(*) AS n, SUM(r.duration_ms) AS ms "
        f"{_revlog_from(where)} AND +r.reviewed_at >= ? GROUP BY key), "
        "b AS (SELECT key / 32 - ? AS h, key / 8 % 4 AS k, key % 8 AS rating, n, ms FROM a) "
        f"SELECT 0, {day} AS d, k, rating, SUM(n), SUM(ms) FROM b GROUP BY d, k, rating "
        f"UNION ALL SELECT 1, ((h % 24) + 24 + {DAY_CUTOFF_HOUR}) % 24 AS hour, NULL, NULL, "
        "SUM(n), SUM(n * (rating > 1)) FROM b WHERE h >= ? GROUP BY hour",
        [*hour_params, *params, since, clock.today_hour,
         -(10 ** 9) if first_hourly is None else first_hourly * 24]).fetchall()
    log: AnswerGroups = {}
    hourly = [(0, 0)] * 24
    for hourly_row, key, kind, rating, n, value in rows:
        if hourly_row:
            hourly[key] = (n, value)
        else:
            log[(key, KINDS[kind], rating)] = (n, value or 0)
    return log, hourly


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
    return _today(col, where, params, now or utcnow())


def _today(col: Collection, where: str, params: list[Any], now: datetime) -> Today:
    row = col.execute(
        "SELECT COUNT(*), COUNT(DISTINCT r.card_id), COALESCE(SUM(r.duration_ms), 0), "
        "COALESCE(SUM(r.rating = 1), 0), "
        "COALESCE(SUM(r.queue = 2 AND r.rating > 1), 0), "
        "COALESCE(SUM(r.queue = 2 AND r.rating = 1), 0) "
        f"{_revlog_from(where)} AND r.reviewed_at >= ? AND r.reviewed_at < ?",
        [*params, day_start(now).timestamp(), next_day_start(now).timestamp()]).fetchone()
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
@dataclass
class _CardFigures:
    counts: CardCounts
    forecast: list[int]
    intervals: Histogram
    stability: Histogram
    difficulty: Histogram
    retrievability: Histogram


_CARD_COLUMNS = "c.state, c.due, c.last_review, c.stability, c.difficulty, c.suspended, " \
                "c.buried_until"
#: A reviewed card that is not suspended: what the forecast and the distributions count.
_REVIEWED = "c.last_review IS NOT NULL AND c.suspended = 0"


def retrievability_sql(col: Collection, stability: str, last_review: str, now: float) -> str:
    """SQL for a card's probability of recall at `now`, by the scheduler's own formula
    (`Scheduler.retrievability_of`, registered on the connection: the rule stays in one
    place, and tens of thousands of cards are one pass, not a list of ids)."""
    col.conn.create_function("fsrs_retrievability", 3,
                             load_settings(col).scheduler().retrievability_of, deterministic=True)
    return f"fsrs_retrievability({stability}, {last_review}, {now!r})"


def _read_cards(col: Collection, where: str, params: list[Any], clock: _StudyDays,
                days: int | None) -> _CardFigures:
    """Every card figure in one statement: the scope's cards are read once (into a
    temporary table) and grouped for each chart.

    Each card is in exactly one count group: suspended, then buried, then by its state.
    The forecast counts overdue cards today (they are due now); the whole history ("all")
    looks ahead as far as the last due card, but at most FORECAST_MAX_DAYS: a chart of
    decades of days would show nothing readable.
    """
    category = (
        "CASE WHEN c.suspended THEN 'suspended' "
        "WHEN c.buried_until IS NOT NULL AND c.buried_until > ? THEN 'buried' "
        "WHEN c.last_review IS NULL THEN 'new' WHEN c.state != 2 THEN 'learning' "
        f"WHEN (c.due - c.last_review) / 86400.0 >= {MATURE_DAYS} THEN 'mature' "
        "ELSE 'young' END")
    ahead = FORECAST_MAX_DAYS if days is None else days
    due_day, due_params = clock.day_sql("c.due", clock.today, clock.today + ahead * DAY)
    recall = retrievability_sql(col, "c.stability", "c.last_review", clock.now)
    parts = [
        (f"SELECT 'cards', {category} AS b, COUNT(*) FROM c GROUP BY b", [clock.now]),
        (f"SELECT 'due', MAX(0, {due_day}) AS b, COUNT(*) FROM c WHERE {_REVIEWED} GROUP BY b",
         due_params),
        ((f"SELECT 'intervals', {_day_bucket('(c.due - c.last_review) / 86400.0')} AS b, "
         f"COUNT(*) FROM c WHERE {_REVIEWED} AND c.state = 2 GROUP BY b"), []),
        ((f"SELECT 'stability', {_day_bucket('c.stability')} AS b, COUNT(*) FROM c "
         f"WHERE {_REVIEWED} GROUP BY b"), []),
        # FSRS difficulty runs from 1 (easy) to 10 (hard): ten buckets of one
        (("SELECT 'difficulty', MIN(9, MAX(0, CAST(c.difficulty - 1 AS INTEGER))) AS b, "
         f"COUNT(*) FROM c WHERE {_REVIEWED} AND c.difficulty IS NOT NULL GROUP BY b"), []),
        # today's probability of recall, in tenths (none without a stability)
        ((f"SELECT 'retrievability', MIN(9, CAST({recall} * 10 AS INTEGER)) AS b, COUNT(*) "
         f"FROM c WHERE {_REVIEWED} AND c.stability IS NOT NULL GROUP BY b"), []),
    ]
    rows = col.execute(
        f"WITH c AS MATERIALIZED (SELECT {_CARD_COLUMNS} FROM cards c JOIN notes n "
        f"ON n.id = c.note_id WHERE n.active = 1 AND {where}) "
        + " UNION ALL ".join(sql for sql, _ in parts),
        [*params, *(p for _, part in parts for p in part)]).fetchall()
    grouped: dict[str, dict[Any, int]] = {}
    for figure, bucket, n in rows:
        grouped.setdefault(figure, {})[bucket] = n
    due = grouped.get("due", {})
    length = days if days is not None else min(FORECAST_MAX_DAYS, max(due, default=0) + 1)
    day_labels = _bucket_labels(DAY_BUCKETS, "d")
    return _CardFigures(
        counts=CardCounts(**grouped.get("cards", {})),
        forecast=[due.get(d, 0) for d in range(length)],
        intervals=Histogram(day_labels, _counts(grouped, "intervals", len(day_labels))),
        stability=Histogram(day_labels, _counts(grouped, "stability", len(day_labels))),
        difficulty=Histogram([f"{i + 1}–{i + 2}" for i in range(10)],
                             _counts(grouped, "difficulty", 10)),
        retrievability=Histogram([f"{i * 10}–{i * 10 + 10}%" for i in range(10)],
                                 _counts(grouped, "retrievability", 10)))


def _counts(grouped: dict[str, dict[Any, int]], figure: str, buckets: int) -> list[int]:
    values = grouped.get(figure, {})
    return [values.get(i, 0) for i in range(buckets)]


def _day_bucket(value_sql: str) -> str:
    """SQL: the DAY_BUCKETS bucket of a value in days (bucket i: bounds[i-1] ≤ v < bounds[i])."""
    cases = " ".join(f"WHEN {value_sql} < {b} THEN {i}" for i, b in enumerate(DAY_BUCKETS))
    return f"CASE {cases} ELSE {len(DAY_BUCKETS)} END"


def _bucket_labels(bounds: tuple[int, ...], unit: str) -> list[str]:
    labels, low = [], 0
    for high in bounds:
        labels.append(f"{low}–{high}{unit}" if high - low > 1 else f"{low}{unit}")
        low = high
    labels.append(f"≥{low}{unit}")
    return labels


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
