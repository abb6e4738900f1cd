"""The FSRS optimiser on the log of a student simulated from known parameters."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.core.errors import SettingsError, StatsError
from app.core.stats.optimise import (
    MIN_REVIEWS,
    OptimiseCancelled,
    fit,
    load_histories,
    optimise,
    restore_previous_parameters,
)
from app.core.storage.collection import Collection
from app.core.study.scheduler import DEFAULT_PARAMETERS
from app.core.study.settings import load_settings
from tests.helpers.fsrs_sim import TRUE_PARAMETERS, simulate_log, store_log

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


@pytest.fixture(scope="module")
def logs() -> list[list[tuple[int, float]]]:
    return simulate_log(cards=2500, days=365)


def test_fit_improves_log_loss_and_recovers_the_true_parameters(
        col: Collection, logs: list[list[tuple[int, float]]]) -> None:
    store_log(col, logs)
    histories = load_histories(col, NOW)
    assert sum(len(h) for h in histories) == sum(len(log) for log in logs) > 20_000
    result = fit(histories)
    assert result.fitted.log_loss < result.default.log_loss
    assert result.fitted.rmse_bins < result.default.rmse_bins
    truth = fit.__globals__["_evaluate"](TRUE_PARAMETERS, fit.__globals__["_items"](histories))
    assert result.fitted.log_loss == pytest.approx(truth.log_loss, rel=0.005)
    # the initial stabilities (what a simulated student differs most in) come back close,
    # far closer than the defaults
    for i in range(4):
        assert abs(result.parameters[i] - TRUE_PARAMETERS[i]) < \
            abs(DEFAULT_PARAMETERS[i] - TRUE_PARAMETERS[i]), i
    assert result.parameters[2] == pytest.approx(TRUE_PARAMETERS[2], rel=0.25)
    assert all(round(p, 4) == p for p in result.parameters)


def test_apply_adopts_a_better_fit_and_restore_undoes_it(
        col: Collection, logs: list[list[tuple[int, float]]]) -> None:
    store_log(col, logs[:800])
    result = optimise(col, apply=True, now=NOW)
    assert result.better and result.applied
    assert load_settings(col).parameters == result.parameters
    assert load_settings(col).scheduler().fsrs.parameters == result.parameters
    # the same log again: measured against the fit now in use, adopted only if better still
    again = optimise(col, apply=True, now=NOW)
    assert again.current.log_loss == pytest.approx(result.fitted.log_loss)
    assert again.applied == again.better
    assert load_settings(col).parameters == (again.parameters if again.applied
                                             else result.parameters)


def test_restore_goes_back_to_the_defaults(col: Collection,
                                           logs: list[list[tuple[int, float]]]) -> None:
    store_log(col, logs[:800])
    result = optimise(col, apply=True, now=NOW)
    restore_previous_parameters(col)
    assert load_settings(col).parameters is None
    restore_previous_parameters(col)  # and back again
    assert load_settings(col).parameters == result.parameters


def test_too_few_reviews_keeps_the_defaults_and_says_why(
        col: Collection, logs: list[list[tuple[int, float]]]) -> None:
    store_log(col, logs[:20])
    with pytest.raises(StatsError, match=f"at least {MIN_REVIEWS} reviews"):
        optimise(col, apply=True, now=NOW)
    assert load_settings(col).parameters is None
    with pytest.raises(StatsError, match="nothing to restore"):
        restore_previous_parameters(col)


def test_cancel_stops_between_steps(col: Collection,
                                    logs: list[list[tuple[int, float]]]) -> None:
    store_log(col, logs[:800])
    steps: list[str] = []

    def progress(text: str, done: float) -> bool:
        steps.append(text)
        return not text.startswith("Fitting")

    with pytest.raises(OptimiseCancelled):
        optimise(col, apply=True, progress=progress, now=NOW)
    assert steps[-1].startswith("Fitting") and load_settings(col).parameters is None


def test_a_higher_retention_means_more_reviews(col_with_article: Collection) -> None:
    from app.core.notes.model import Note
    from app.core.notes.store import save_notes
    from app.core.stats.optimise import simulate_reviews, suggest_retention, workload

    save_notes(col_with_article, [Note(f"w{i}", "basic", {"front": f"Q{i}", "back": "A"},
                                       "russia-china-military-cooperation", 0, position=i)
                                  for i in range(300)])
    load = workload(col_with_article)
    assert load.cards == 300 and load.parameters == DEFAULT_PARAMETERS
    low, high = simulate_reviews(load, 0.80, days=60), simulate_reviews(load, 0.95, days=60)
    assert len(low) == 60 and sum(high) > sum(low) > 0
    assert simulate_reviews(load, 0.80, days=60) == low  # repeatable
    suggested = suggest_retention(load)
    assert 0.70 <= suggested <= 0.97
    with pytest.raises(SettingsError, match="Desired retention must be between"):
        simulate_reviews(load, 0.5)


def test_a_missing_optimiser_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_fsrs_rs(name: str, *args: object, **kwargs: object) -> object:
        if name == "fsrs_rs_python":
            raise ImportError("No module named 'fsrs_rs_python'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_fsrs_rs)
    with pytest.raises(StatsError, match="pip install fsrs-rs-python"):
        fit([[(3, 0), (3, 2)]] * 500)
