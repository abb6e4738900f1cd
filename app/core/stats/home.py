"""The home screen's figures: every article and section with its study counts, reading
progress and mastery, today's totals, and when the next card falls due.

Why the counts come from `app.core.study.queues.counts_by_section`: the home
screen must show exactly what a study session of that article or section would
show (its daily limits, its learning cards, its buried cards), so the queue
rules stay in one place; and it shows every article and section at once, so
they are counted in one grouped query, not a session per section.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.core.articles.library import list_articles
from app.core.clock import Clock, utcnow
from app.core.stats.answers import Today, today_totals
from app.core.stats.cards import retrievability_sql
from app.core.storage.collection import Collection
from app.core.study.queues import Counts, Scope, counts_by_section, next_due


@dataclass(frozen=True)
class SectionRow:
    idx: int
    title: str
    counts: Counts
    read: bool
    mastery: float | None       # mean retrievability of its reviewed cards; None: none yet
    reviewed: int               # how many of its cards have been answered


@dataclass(frozen=True)
class ArticleRow:
    article_id: str
    title: str
    counts: Counts
    sections: tuple[SectionRow, ...]
    mastery: float | None
    next_due: datetime | None

    @property
    def read(self) -> int:
        return sum(s.read for s in self.sections)


@dataclass(frozen=True)
class HomeOverview:
    articles: tuple[ArticleRow, ...]
    today: Today
    due_now: int                # learning + review cards across articles
    next_due: datetime | None   # the earliest next due time after now

    @property
    def counts(self) -> Counts:
        return Counts(sum(a.counts.new for a in self.articles),
                      sum(a.counts.learning for a in self.articles),
                      sum(a.counts.review for a in self.articles))


_NO_CARDS = Counts(0, 0, 0)


def _mastery(col: Collection, now: datetime) -> dict[tuple[str, int | None], tuple[float, int]]:
    """(sum, count) of the retrievability of every reviewed, unsuspended card, by
    (article, section), in one grouped query."""
    recall = retrievability_sql(col, "c.stability", "c.last_review", now.timestamp())
    return {(article, section): (total or 0.0, n) for article, section, total, n in col.execute(
        f"SELECT n.article_id, n.section_idx, SUM({recall}), COUNT(c.stability) "
        "FROM cards c JOIN notes n ON n.id = c.note_id "
        "WHERE n.active = 1 AND c.suspended = 0 AND c.last_review IS NOT NULL "
        "AND n.article_id IS NOT NULL GROUP BY n.article_id, n.section_idx")}


def _mean(total: float, n: int) -> float | None:
    return total / n if n else None


def home_overview(col: Collection, clock: Clock | None = None) -> HomeOverview:
    clock = clock or utcnow
    now = clock()
    counts = counts_by_section(col, now)
    mastery = _mastery(col, now)
    articles = []
    for summary in list_articles(col):
        sections = []
        for idx, title in enumerate(summary.sections):
            total, n = mastery.get((summary.id, idx), (0.0, 0))
            sections.append(SectionRow(idx, title, counts.get((summary.id, idx), _NO_CARDS),
                                       idx in summary.read, _mean(total, n), n))
        theirs = [value for (article, _), value in mastery.items() if article == summary.id]
        articles.append(ArticleRow(
            summary.id, summary.title, counts.get((summary.id, None), _NO_CARDS),
            tuple(sections), _mean(sum(t for t, _ in theirs), sum(n for _, n in theirs)),
            next_due(col, Scope(summary.id), now)))
    dues = [a.next_due for a in articles if a.next_due is not None]
    return HomeOverview(tuple(articles), today_totals(col, now=now),
                        sum(a.counts.learning + a.counts.review for a in articles),
                        min(dues) if dues else None)
