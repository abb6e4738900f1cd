"""Study All Due (`Scope(every_article=True)`) and the grouped counts of every section follow
the daily limits and new-card rules of studying each article on its own."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from app.core.articles.library import import_article_file
from app.core.changes import Change
from app.core.notes.model import Note
from app.core.notes.store import save_note
from app.core.storage.collection import Collection
from app.core.study.queues import Counts, Scope, counts_by_section
from app.core.study.session import StudySession
from app.core.study.settings import StudySettings, save_settings
from tests.helpers.stats import ARTICLE, NOW, build_history, local

OTHER_TEXT = "# Tides\n\nThe moon pulls the sea.\n\n# Winds\n\nThe sun warms the air.\n"


def clock() -> datetime:
    return NOW


def _add_other_article(col: Collection, tmp_path: Path) -> str:
    """A second article: two sections, each with new cards and overdue reviews."""
    path = tmp_path / "tides.md"
    path.write_text(OTHER_TEXT, encoding="utf-8")
    article_id = import_article_file(col, path).article_id
    for i in range(8):
        save_note(col, Note(id=f"tides-{i}", kind="basic", fields={"front": f"Q{i}",
                                                                    "back": f"A{i}"},
                            article_id=article_id, section_idx=i % 2, position=i))
    with col.transaction(Change.CARDS | Change.STUDY):
        for i in range(0, 8, 2):  # every other card: a review card due days ago
            col.execute("UPDATE cards SET state = 2, stability = 5, difficulty = 5, due = ?, "
                        "last_review = ? WHERE note_id = ?",
                        [local(-i - 1, 9), local(-i - 10, 9), f"tides-{i}"])
    return article_id


@pytest.fixture
def two_articles(col_with_article: Collection, tmp_path: Path) -> tuple[Collection, list[str]]:
    build_history(col_with_article)
    other = _add_other_article(col_with_article, tmp_path)
    # limits that bind: the first article has answered 3 reviews today (tests/helpers/stats)
    save_settings(col_with_article, StudySettings(new_per_day=3, reviews_per_day=5))
    return col_with_article, sorted([ARTICLE, other])


def _sum(counts: list[Counts]) -> Counts:
    return Counts(sum(c.new for c in counts), sum(c.learning for c in counts),
                  sum(c.review for c in counts))


def test_study_all_due_counts_are_the_sum_of_each_articles_session(two_articles) -> None:  # type: ignore[no-untyped-def]
    col, articles = two_articles
    sessions = [StudySession(col, Scope(a), clock) for a in articles]
    every = StudySession(col, Scope(every_article=True), clock)
    assert every.counts() == _sum([s.counts() for s in sessions])
    # the limits bind: fewer new cards than the articles hold
    assert every.counts().new == 3 + 1  # three of the other's eight, the first's only new one
    queues = every.queues()
    assert queues.new == tuple(card for s in sessions for card in s.queues().new)
    assert sorted(queues.review) == sorted(card for s in sessions for card in s.queues().review)
    assert set(queues.learning) == {card for s in sessions for card in s.queues().learning}


def test_answers_in_study_all_due_count_against_each_articles_limit(two_articles) -> None:  # type: ignore[no-untyped-def]
    col, articles = two_articles
    every = StudySession(col, Scope(every_article=True), clock)
    before = every.counts()
    answered = set()
    for _ in range(4):  # Easy: each card leaves today's queues (a new one counts as new)
        card = every.next_card()
        assert card is not None
        answered.add(card.queue)
        every.answer(card, 4, 1000)
    every.rebuild()  # the limits re-read from the day's counters, as a new sitting would
    after = every.counts()
    assert after == _sum([StudySession(col, Scope(a), clock).counts() for a in articles])
    assert after.total == before.total - 4 and len(answered) > 1


def test_grouped_counts_equal_every_sessions_counts(two_articles) -> None:  # type: ignore[no-untyped-def]
    col, articles = two_articles
    counts = counts_by_section(col, NOW)
    for article in articles:
        assert counts[(article, None)] == StudySession(col, Scope(article), clock).counts()
        sections = {s for a, s in counts if a == article and s is not None}
        assert sections
        for section in sections:
            assert counts[(article, section)] == \
                StudySession(col, Scope(article, section), clock).counts(), (article, section)


def test_a_reviews_limit_reached_today_leaves_only_learning_cards(two_articles) -> None:  # type: ignore[no-untyped-def]
    col, articles = two_articles
    save_settings(col, StudySettings(new_per_day=0, reviews_per_day=3))
    every = StudySession(col, Scope(every_article=True), clock).counts()
    # the first article has used its three reviews today; the other has three left
    assert (every.new, every.review) == (0, 3)
    assert every == _sum([StudySession(col, Scope(a), clock).counts() for a in articles])
