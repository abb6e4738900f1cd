"""Statistics figures against a hand-built review history (tests/helpers/stats.py)."""

from __future__ import annotations

import pytest

from app.core.errors import StatsError
from app.core.stats.figures import compute_statistics
from app.core.stats.scope import StatsScope
from app.core.storage.collection import Collection
from tests.helpers.stats import ARTICLE, NOW, build_history


@pytest.fixture
def history(col_with_article: Collection) -> Collection:
    build_history(col_with_article)
    return col_with_article


def test_today_counts_every_answer_of_the_study_day(history: Collection) -> None:
    today = compute_statistics(history, now=NOW).today
    assert (today.reviews, today.cards, today.seconds, today.again) == (5, 4, 20.0, 1)
    assert (today.reviewed.passed, today.reviewed.failed) == (2, 1)
    assert today.true_retention == pytest.approx(2 / 3)


def test_reviews_per_day_by_kind(history: Collection) -> None:
    stats = compute_statistics(history, period="3 months", now=NOW)
    assert stats.days == 92
    assert stats.per_day == {0: {"learn": 2, "young": 2, "mature": 1},
                             -1: {"young": 1, "relearn": 1}, -3: {"mature": 1},
                             -40: {"young": 1}}
    assert stats.seconds_per_day[0] == {"learn": 9.0, "young": 8.0, "mature": 3.0}
    assert stats.total_reviews == 9
    month = compute_statistics(history, period="1 month", now=NOW)
    assert -40 not in month.per_day and month.total_reviews == 8
    assert compute_statistics(history, period="all", now=NOW).days == 41
    assert stats.calendar == {0: 5, -1: 2, -3: 1, -40: 1}


def test_card_counts_put_each_card_in_one_group(history: Collection) -> None:
    cards = compute_statistics(history, now=NOW).cards
    assert (cards.new, cards.learning, cards.young, cards.mature, cards.suspended,
            cards.buried, cards.total) == (1, 2, 2, 2, 1, 1, 9)


def test_forecast_counts_overdue_cards_today(history: Collection) -> None:
    forecast = compute_statistics(history, now=NOW).forecast
    assert len(forecast) == 31
    assert forecast[:5] == [3, 1, 0, 1, 0] and sum(forecast) == 5
    assert compute_statistics(history, period="all", now=NOW).forecast[40] == 1


def test_true_retention_table_is_ankis(history: Collection) -> None:
    table = compute_statistics(history, now=NOW).true_retention
    got = {p: {g: (r.passed, r.failed) for g, r in row.items()} for p, row in table.items()}
    assert got == {
        "today": {"young": (1, 1), "mature": (1, 0)},
        "yesterday": {"young": (1, 0), "mature": (0, 0)},
        "last week": {"young": (2, 1), "mature": (2, 0)},
        "last month": {"young": (2, 1), "mature": (2, 0)},
        "last year": {"young": (3, 1), "mature": (2, 0)},
    }
    assert table["yesterday"]["mature"].rate is None


def test_buttons_and_hours(history: Collection) -> None:
    stats = compute_statistics(history, now=NOW)
    assert stats.buttons == {"learning": [0, 0, 3, 0], "young": [1, 0, 2, 0],
                             "mature": [0, 0, 1, 1]}
    assert stats.hourly[10] == (2, 2) and stats.hourly[11] == (3, 2)
    assert stats.hourly[9] == (2, 2) and stats.hourly[20] == (1, 1)
    assert sum(n for n, _ in stats.hourly) == 8


def test_distributions_of_reviewed_cards(history: Collection) -> None:
    stats = compute_statistics(history, now=NOW)
    # review cards (not suspended): c3 40 d, c4 2 d, c5 35 d, c6 3 d
    intervals = dict(zip(stats.intervals.labels, stats.intervals.counts, strict=True))
    assert {k: v for k, v in intervals.items() if v} == {"2d": 1, "3–7d": 1, "30–60d": 2}
    # all reviewed cards but the suspended c8: stability 1, 0.5, 40, 2, 35, 3
    stability = dict(zip(stats.stability.labels, stats.stability.counts, strict=True))
    assert {k: v for k, v in stability.items() if v} == {"0d": 1, "1d": 1, "2d": 1, "3–7d": 1,
                                                         "30–60d": 2}
    # difficulty 5.0, 7.5, 4.2, 6.0, 3.0, 2.5
    assert stats.difficulty.counts == [0, 1, 1, 1, 1, 1, 1, 0, 0, 0]
    assert sum(stats.retrievability.counts) == 6


def test_a_section_scope_counts_only_its_cards(history: Collection) -> None:
    stats = compute_statistics(history, StatsScope(ARTICLE, 1), now=NOW)
    assert stats.today.reviews == 1 and stats.cards.total == 2
    assert (stats.cards.young, stats.cards.buried) == (1, 1)


def test_an_unknown_scope_is_refused_by_name(history: Collection) -> None:
    with pytest.raises(StatsError, match="no article 'nope'"):
        compute_statistics(history, StatsScope("nope"), now=NOW)
    with pytest.raises(StatsError, match="no section 99"):
        compute_statistics(history, StatsScope(ARTICLE, 98), now=NOW)


def test_json_has_the_documented_keys(history: Collection) -> None:
    data = compute_statistics(history, period="1 month", now=NOW).to_json()
    assert data["cards"] == {"total": 9, "new": 1, "learning": 2, "young": 2, "mature": 2,
                             "suspended": 1, "buried": 1}
    assert data["reviews"]["total"] == 8 and len(data["reviews"]["per_day"]) == 31
    assert data["reviews"]["per_day"][-1] == {"day": 0, "learn": 2, "relearn": 0, "young": 2,
                                              "mature": 1}
    assert data["true_retention"]["today"]["young"] == {"passed": 1, "failed": 1, "rate": 0.5}
    assert data["forecast"][:2] == [3, 1]
    assert list(data["today"]) == ["reviews", "cards", "seconds", "again", "passed", "failed",
                                   "true_retention"]
    assert data["today"] == {"reviews": 5, "cards": 4, "seconds": 20.0, "again": 1, "passed": 2,
                             "failed": 1, "true_retention": pytest.approx(2 / 3)}


def test_quiz_scores_per_quiz_over_time_and_per_section(history: Collection) -> None:
    from datetime import timedelta

    from app.core.quiz.attempts import finish_attempt, record_answer, start_attempt
    from app.core.quiz.questions import Question, Verdict

    ids = dict(history.execute(
        "SELECT substr(note_id, 7), id FROM cards WHERE note_id LIKE 'stats-%'"))

    def attempt(title: str, answers: list[tuple[int, bool]], days_ago: int) -> None:
        at = NOW - timedelta(days=days_ago)
        attempt_id = start_attempt(history, title=title, total=len(answers), pass_mark=0.5,
                                   quiz_id=title, article_id=ARTICLE, now=at)
        for position, (section, right) in enumerate(answers):
            card = ids["c7"] if section == 0 else ids["c9"]
            question = Question("truefalse", f"Q{position}", (card,), section, "True")
            record_answer(history, attempt_id, position, question,
                          Verdict(right, "True" if right else "False", {card: right}), 1000,
                          now=at)
        finish_attempt(history, attempt_id, [], 60, False, now=at)

    attempt("Week 1", [(0, True), (0, False), (1, True)], days_ago=5)
    attempt("Week 1", [(0, True), (0, True), (1, True)], days_ago=2)
    attempt("Week 2", [(1, False), (1, False)], days_ago=1)
    stats = compute_statistics(history, now=NOW)
    assert {t: [(s.score, s.total) for s in scores] for t, scores in stats.quiz_scores.items()} \
        == {"Week 1": [(2, 3), (3, 3)], "Week 2": [(0, 2)]}
    assert [(s.section_idx, s.right, s.total) for s in stats.section_scores] == [(0, 3, 4),
                                                                                 (1, 2, 4)]
    assert stats.section_scores[0].title == "Introduction"
    only = compute_statistics(history, StatsScope(ARTICLE, 1), now=NOW).section_scores
    assert [(s.section_idx, s.right, s.total) for s in only] == [(1, 2, 4)]
