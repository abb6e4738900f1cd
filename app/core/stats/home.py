"""The home screen's figures: every article and section with its study counts, reading
progress and mastery, today's totals, and when the next card falls due.

Why the counts come from `StudySession`: the home screen must show exactly what
a study session of that article or section would show (its daily limits, its
learning cards, its buried cards), so the queue rules stay in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.core.articles.library import list_articles
from app.core.clock import Clock, utcnow
from app.core.stats.figures import Today, today_totals
from app.core.storage.collection import Collection
from app.core.study.reviews import retrievabilities
from app.core.study.session import Counts, Scope, StudySession, next_due


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


def _mastery(col: Collection, now: datetime) -> dict[tuple[str, int | None], list[float]]:
    """Retrievability of every reviewed, unsuspended card, by (article, section)."""
    rows = col.execute(
        "SELECT c.id, n.article_id, n.section_idx FROM cards c JOIN notes n ON n.id = c.note_id "
        "WHERE n.active = 1 AND c.suspended = 0 AND c.last_review IS NOT NULL "
        "AND n.article_id IS NOT NULL").fetchall()
    where = {card_id: (article, section) for card_id, article, section in rows}
    grouped: dict[tuple[str, int | None], list[float]] = {}
    for card_id, value in retrievabilities(col, list(where), now).items():
        if value is not None:
            grouped.setdefault(where[card_id], []).append(value)
    return grouped


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def home_overview(col: Collection, clock: Clock | None = None) -> HomeOverview:
    clock = clock or utcnow
    now = clock()
    mastery = _mastery(col, now)
    articles = []
    for summary in list_articles(col):
        sections = []
        for idx, title in enumerate(summary.sections):
            values = mastery.get((summary.id, idx), [])
            sections.append(SectionRow(
                idx, title, StudySession(col, Scope(summary.id, idx), clock).counts(),
                idx in summary.read, _mean(values), len(values)))
        all_values = [v for (a, _), vs in mastery.items() if a == summary.id for v in vs]
        scope = Scope(summary.id)
        articles.append(ArticleRow(summary.id, summary.title,
                                   StudySession(col, scope, clock).counts(), tuple(sections),
                                   _mean(all_values), next_due(col, scope, now)))
    dues = [a.next_due for a in articles if a.next_due is not None]
    return HomeOverview(tuple(articles), today_totals(col, now=now),
                        sum(a.counts.learning + a.counts.review for a in articles),
                        min(dues) if dues else None)



def due_card_ids(col: Collection, now: datetime | None = None) -> list[int]:
    """The answered cards of every article that may be due ("Study all due").

    The study session over this list decides which are due now (its queue
    rules), so only what a hand-picked list would not exclude is filtered here:
    new cards (introduced article by article, within each article's limit),
    suspended, buried and removed ones.
    """
    now = now or utcnow()
    rows = col.execute(
        "SELECT c.id FROM cards c JOIN notes n ON n.id = c.note_id "
        "WHERE n.active = 1 AND n.article_id IS NOT NULL AND c.suspended = 0 "
        "AND c.last_review IS NOT NULL AND (c.buried_until IS NULL OR c.buried_until <= ?) "
        "ORDER BY c.due, c.id", [now.timestamp()])
    return [r[0] for r in rows]
