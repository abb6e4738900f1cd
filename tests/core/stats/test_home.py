"""The home overview: its counts are the study queues' counts, for every article and section."""

from __future__ import annotations

from datetime import datetime

import pytest

from app.core.stats.home import home_overview
from app.core.storage.collection import Collection
from app.core.study.session import Scope, StudySession
from app.core.study.settings import StudySettings, save_settings
from tests.helpers.stats import ARTICLE, NOW, build_history, local


@pytest.fixture
def history(col_with_article: Collection) -> Collection:
    build_history(col_with_article)
    return col_with_article


def clock() -> datetime:
    """The fixed "now" of the hand-built history."""
    return NOW


def test_counts_equal_the_study_queues_for_every_article_and_section(history: Collection) -> None:
    save_settings(history, StudySettings(new_per_day=5, reviews_per_day=4))
    overview = home_overview(history, clock)
    assert [a.article_id for a in overview.articles] == [ARTICLE]
    article = overview.articles[0]
    assert article.counts == StudySession(history, Scope(ARTICLE), clock).counts()
    for section in article.sections:
        expected = StudySession(history, Scope(ARTICLE, section.idx), clock).counts()
        assert section.counts == expected, section.title
    # section 0: new c7, learning c1 and c2, the overdue c5 (3 of 4 reviews used today)
    first = article.sections[0]
    assert (first.counts.new, first.counts.learning, first.counts.review) == (1, 2, 1)
    assert overview.due_now == 3
    save_settings(history, StudySettings(new_per_day=5, reviews_per_day=3))
    assert home_overview(history, clock).articles[0].sections[0].counts.review == 0


def test_mastery_is_the_mean_retrievability_of_reviewed_cards(history: Collection) -> None:
    from app.core.study.reviews import retrievabilities

    ids = dict(history.execute(
        "SELECT substr(note_id, 7), id FROM cards WHERE note_id LIKE 'stats-%'"))
    overview = home_overview(history, clock)
    section1 = overview.articles[0].sections[1]
    r = retrievabilities(history, [ids["c6"]], NOW)[ids["c6"]]
    assert section1.reviewed == 1 and section1.mastery == pytest.approx(r)
    assert overview.articles[0].sections[2].mastery is None


def test_today_and_next_due(history: Collection) -> None:
    overview = home_overview(history, clock)
    assert overview.today.reviews == 5 and overview.today.again == 1
    # the earliest due after noon: c1 and c2 were due in the morning, so tomorrow's c4
    assert overview.next_due.timestamp() == local(1, 9, 30)


def test_study_all_due_counts_what_the_home_screen_shows(history: Collection) -> None:
    session = StudySession(history, Scope(every_article=True), clock)
    overview = home_overview(history, clock)
    assert session.counts() == overview.counts
    assert (session.counts().learning, session.counts().review) == (2, 1)


def test_batch_retrievability_is_fsrs_own(history: Collection) -> None:
    """The mastery bars' fast path gives exactly what fsrs gives, card by card."""
    import random
    from datetime import timedelta

    from app.core.study.reviews import card_retrievability, retrievabilities
    from app.core.study.scheduler import CardState, Scheduler

    ids = [r[0] for r in history.execute("SELECT id FROM cards")]
    for days in (0, 1, 17, 400):
        at = NOW + timedelta(days=days, hours=5)
        batch = retrievabilities(history, ids, at)
        assert batch == {i: card_retrievability(history, i, at) for i in ids}
    scheduler, rng = Scheduler(), random.Random(1)
    for _ in range(200):
        last, stability = rng.uniform(0, 1e9), rng.uniform(0.1, 3000)
        now = last + rng.uniform(0, 5e7)
        card = CardState(1, 2, None, stability, 5.0, last + 86400, last)
        assert scheduler.retrievability_of(stability, last, now) == pytest.approx(
            scheduler.retrievability(card, datetime.fromtimestamp(now).astimezone()), abs=1e-12)
