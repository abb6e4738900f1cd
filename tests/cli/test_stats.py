"""`studydesk stats` and `studydesk fsrs optimise`: the figures and the fit, as text and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.core.articles.library import import_article_file
from app.core.storage.collection import Collection
from tests.helpers.fsrs_sim import simulate_log, store_log
from tests.helpers.stats import ARTICLE, build_history


def _history(path: Path, article_path: Path) -> None:
    with Collection.open(path) as col:
        import_article_file(col, article_path)
        build_history(col)


def test_stats_json_has_the_documented_figures(tmp_path: Path, article_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "col.sqlite3"
    _history(path, article_path)
    assert main(["stats", "--json", "--period", "all", "--collection", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data["cards"]) == {"total", "new", "learning", "young", "mature", "suspended",
                                  "buried"}
    assert data["cards"]["total"] == 9 and data["reviews"]["total"] == 9
    assert sum(sum(v for k, v in day.items() if k != "day")
               for day in data["reviews"]["per_day"]) == 9
    assert set(data["true_retention"]) == {"today", "yesterday", "last week", "last month",
                                           "last year"}
    assert isinstance(data["forecast"], list)

    assert main(["stats", "--article", ARTICLE, "--section", "2", "--json",
                 "--collection", str(path)]) == 0
    assert json.loads(capsys.readouterr().out)["cards"]["total"] == 2
    assert main(["stats", "--collection", str(path)]) == 0
    assert capsys.readouterr().out.startswith("Today: ")


def test_stats_of_an_unknown_article_is_one_line(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--article", "nope", "--collection", str(tmp_path / "c.sqlite3")]) == 1
    assert capsys.readouterr().err == "studydesk: No article 'nope' in the collection.\n"


def test_fsrs_optimise_json_and_apply(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "col.sqlite3"
    with Collection.open(path) as col:
        store_log(col, simulate_log(cards=800, days=365))
    assert main(["fsrs", "optimise", "--json", "--collection", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["fitted"]["log_loss"] < data["default"]["log_loss"]
    assert set(data["default"]) == {"log_loss", "rmse_bins"} and len(data["parameters"]) == 21
    assert data["applied"] is False
    assert main(["fsrs", "optimise", "--apply", "--collection", str(path)]) == 0
    assert "Adopted" in capsys.readouterr().out
    assert main(["fsrs", "restore", "--collection", str(path)]) == 0
    assert capsys.readouterr().out == "FSRS now uses its default parameters.\n"


def test_fsrs_optimise_declines_with_few_reviews(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fsrs", "optimise", "--collection", str(tmp_path / "c.sqlite3")]) == 1
    assert "at least 400 reviews" in capsys.readouterr().err
