"""Optimise FSRS from Study Options: off the GUI thread, with progress, Cancel and Adopt."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt

from app.core.storage.collection import Collection
from app.core.storage.undo import undo_last
from app.core.study.reviews import reschedule_cards
from app.core.study.settings import load_settings
from app.ui.stats import optimise_dialog
from app.ui.stats.optimise_dialog import OptimiseDialog
from app.ui.study.options import StudyOptionsDialog
from tests.helpers.fsrs_sim import simulate_log, store_log


@pytest.fixture
def dialog(qtbot, col: Collection):  # type: ignore[no-untyped-def]
    store_log(col, simulate_log(cards=800, days=365))
    win = OptimiseDialog(col)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.wait()


def test_optimise_shows_the_fit_and_adopts_it(qtbot, dialog: OptimiseDialog,  # type: ignore[no-untyped-def]
                                              col: Collection) -> None:
    assert "default parameters" in dialog.status.text()
    assert not dialog.adopt_button.isEnabled() and not dialog.restore_button.isEnabled()
    qtbot.mouseClick(dialog.optimise_button, Qt.MouseButton.LeftButton)
    assert dialog.running and dialog.cancel_button.isVisible()
    qtbot.waitUntil(lambda: not dialog.running and dialog.result is not None, timeout=60_000)
    result = dialog.result
    assert dialog.table.item(0, 0).text() == f"{result.default.log_loss:.4f}"
    assert dialog.table.item(2, 0).text() == f"{result.fitted.log_loss:.4f}"
    assert result.better and "predict your answers better" in dialog.verdict.text()
    qtbot.mouseClick(dialog.adopt_button, Qt.MouseButton.LeftButton)
    assert load_settings(col).parameters == result.parameters
    assert "fitted to your reviews" in dialog.status.text()
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert load_settings(col).parameters is None


def test_adopting_with_rescheduling_runs_on_a_worker_and_is_undoable(
        qtbot, dialog: OptimiseDialog, col: Collection,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> None:
    reschedule_cards(col, [r[0] for r in col.execute("SELECT id FROM cards")])  # as studied
    cards = col.execute("SELECT * FROM cards ORDER BY id").fetchall()
    qtbot.mouseClick(dialog.optimise_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.running and dialog.result is not None, timeout=60_000)
    workers: list[str] = []
    real_run = optimise_dialog.run_on_worker_view

    def watched(parent, col_, title, label, changes, job):  # type: ignore[no-untyped-def]
        workers.append(label)
        return real_run(parent, col_, title, label, changes, job)

    monkeypatch.setattr(optimise_dialog, "run_on_worker_view", watched)
    qtbot.mouseClick(dialog.reschedule, Qt.MouseButton.LeftButton)
    assert dialog.reschedule.isChecked()
    qtbot.mouseClick(dialog.adopt_button, Qt.MouseButton.LeftButton)
    assert len(workers) == 1 and "cards were rescheduled" in dialog.verdict.text()
    assert col.execute("SELECT * FROM cards ORDER BY id").fetchall() != cards
    assert col.undo.label == "Adopt FSRS Parameters"
    undo_last(col)
    assert col.execute("SELECT * FROM cards ORDER BY id").fetchall() == cards
    assert load_settings(col).parameters is None


def test_cancel_leaves_the_parameters(qtbot, dialog: OptimiseDialog, col: Collection,  # type: ignore[no-untyped-def]
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    gate = threading.Event()
    real_fit = optimise_dialog.fit

    def gated_fit(histories, current, progress):  # type: ignore[no-untyped-def]
        gate.wait(30)  # the student presses Cancel while the fit is under way
        return real_fit(histories, current, progress)

    monkeypatch.setattr(optimise_dialog, "fit", gated_fit)
    qtbot.mouseClick(dialog.optimise_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    gate.set()
    qtbot.waitUntil(lambda: not dialog.running, timeout=60_000)
    assert "cancelled" in dialog.step.text() and dialog.result is None
    assert load_settings(col).parameters is None


def test_too_few_reviews_is_said_in_the_dialog(qtbot, col_with_article: Collection) -> None:  # type: ignore[no-untyped-def]
    win = OptimiseDialog(col_with_article)
    qtbot.addWidget(win)
    qtbot.mouseClick(win.optimise_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not win.running, timeout=30_000)
    assert "at least 400 reviews" in win.step.text() and win.result is None


def test_retention_is_suggested_and_its_load_charted(qtbot, dialog: OptimiseDialog) -> None:  # type: ignore[no-untyped-def]
    before = sum(dialog.load_chart.series[0].values)
    dialog.retention.setValue(0.95)
    assert sum(dialog.load_chart.series[0].values) > before > 0
    qtbot.mouseClick(dialog.suggest_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.running, timeout=60_000)
    assert dialog.suggestion.text().startswith("Suggested: 0.")


def test_study_options_offers_it(qtbot, col: Collection, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    opened: list[OptimiseDialog] = []
    monkeypatch.setattr(OptimiseDialog, "exec", lambda self: opened.append(self) or 0)
    options = StudyOptionsDialog(col)
    qtbot.addWidget(options)
    qtbot.mouseClick(options.optimise_button, Qt.MouseButton.LeftButton)
    assert len(opened) == 1
