"""The learned ranker and the labelled set it is trained and judged on (issue 12 §4)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.articles.importers import import_file
from app.core.generate import build_raws, every_variant, generate_candidates, ranker
from app.core.generate.ranker import FEATURE_NAMES, WEIGHTS, probability_good
from tests.helpers import ROOT
from tests.helpers.labelled import (
    HELD_BACK,
    articles,
    candidates_of,
    label_of,
    score_top,
    training_articles,
)

TOP = 40
MAX_BAD = 0.10
MAX_UNLABELLED = 0.10
#: The issue's target: the held-back articles reach 60–74% of their suggestions today
#: (news 63%, science 74%, culture 60%).
MIN_GOOD = 0.60


def test_shipped_weights_fit_the_features_the_generator_computes() -> None:
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    assert tuple(data["features"]) == FEATURE_NAMES
    assert len(data["weights"]) == len(FEATURE_NAMES)
    assert ranker.model() is not None
    assert set(data["held_back"]) == set(HELD_BACK)
    assert not set(data["trained_on"]) & set(HELD_BACK)


def test_the_labelled_set_is_ten_articles_of_several_kinds() -> None:
    assert len(articles()) >= 10
    assert len(HELD_BACK) >= len(articles()) // 3  # a held-back third
    kinds = {a.rsplit("/", 1)[-1].split("-")[0] for a in articles()}
    assert {"news", "encyclopedia", "science", "interview", "culture"} <= kinds
    assert set(training_articles()).isdisjoint(HELD_BACK)


@pytest.mark.parametrize("article", HELD_BACK)
def test_held_back_article_top_is_labelled_mostly_good_and_rarely_bad(article: str) -> None:
    score = score_top(article, TOP)
    assert score.unlabelled <= MAX_UNLABELLED * score.n, (
        f"{score.unlabelled} of the top {score.n} have no label: the generator changed "
        f"these candidates, label them in tests/data/generate/labels.json")
    assert score.bad_rate <= MAX_BAD, score
    assert score.precision >= MIN_GOOD, score


@pytest.mark.parametrize("article", HELD_BACK)
def test_every_section_is_in_the_top(article: str) -> None:
    score = score_top(article, TOP)
    assert score.sections_covered == score.sections_total, score


def test_scores_are_the_models_probability() -> None:
    for c in candidates_of(HELD_BACK[0]):
        assert 0.0 < c.score < 1.0


def test_a_labelled_bad_card_ranks_below_the_good_ones_on_average() -> None:
    """What the model learnt, checked on articles it never saw."""
    good, bad = [], []
    for article in HELD_BACK:
        for c in every_variant(candidates_of(article)):
            label = label_of(article, c)
            (good if label == "good" else bad if label == "bad" else []).append(c.score)
    assert good and bad
    assert sum(good) / len(good) > sum(bad) / len(bad)


def test_without_weights_ranking_falls_back_to_the_rule_score(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(ranker, "WEIGHTS", tmp_path / "missing.json")
    ranker.model.cache_clear()
    try:
        assert probability_good(tuple(0.0 for _ in FEATURE_NAMES)) is None
        article = import_file(ROOT / HELD_BACK[0])
        best_rule_score = max(r.candidate.score for r in build_raws(article))
        assert generate_candidates(article)[0].score == best_rule_score
    finally:
        ranker.model.cache_clear()
