"""A big selection is suspended or deleted on a worker thread (progress, Cancel), and the
action still lands in Edit → Undo and refreshes the windows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.core.storage.undo import undo_last
from app.ui.cards import actions as actions_module
from app.ui.cards.browser import CardBrowser
from app.ui.changes import changes_of


@pytest.fixture
def small_bulk(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every selection counts as big; records that the worker path ran."""
    ran: list[str] = []
    real = actions_module.run_on_worker_view

    def spy(parent, col, title, label, changes, job):  # type: ignore[no-untyped-def]
        ran.append(title)
        return real(parent, col, title, label, changes, job)

    monkeypatch.setattr(actions_module, "BULK_ROWS", 1)
    monkeypatch.setattr(actions_module, "run_on_worker_view", spy)
    return ran


def _cards(browser: CardBrowser) -> list[tuple[int, int]]:
    return browser.col.execute("SELECT id, suspended FROM cards ORDER BY id").fetchall()


def test_suspending_a_big_selection_runs_on_a_worker_and_can_be_undone(
        qtbot, browser: CardBrowser, small_bulk: list[str]) -> None:  # type: ignore[no-untyped-def]
    before = _cards(browser)
    browser.table.selectAll()
    with qtbot.waitSignal(changes_of(browser.col).changed, timeout=5000):
        qtbot.keyClick(browser.table, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert small_bulk == ["Suspending cards"]
    assert all(suspended for _, suspended in _cards(browser))
    assert browser.col.undo.label is not None and browser.col.undo.label.startswith("Suspend")
    undo_last(browser.col)
    assert _cards(browser) == before


def test_deleting_a_big_selection_runs_on_a_worker_and_can_be_undone(
        qtbot, browser: CardBrowser, small_bulk: list[str]) -> None:  # type: ignore[no-untyped-def]
    before = _cards(browser)
    browser.table.selectAll()
    browser.delete_card()
    box = browser.confirm
    with qtbot.waitSignal(changes_of(browser.col).changed, timeout=5000):
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    assert small_bulk == ["Deleting cards"]
    assert _cards(browser) == []
    qtbot.waitUntil(lambda: browser.model.rowCount() == 0)
    assert browser.col.undo.label is not None and browser.col.undo.label.startswith("Delete")
    undo_last(browser.col)
    assert _cards(browser) == before
