"""Edit → Undo, File → Backups… and Tools → Check Database, used as a student would."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from app.core.storage import backups
from app.ui.collection import actions
from app.ui.collection.backups import BackupsDialog
from app.ui.main_window import MainWindow
from tests.helpers.progress import cancel_when_shown, slowed, watched


def _cards(win: MainWindow) -> int:
    return win.col.execute("SELECT COUNT(*) FROM cards").fetchone()[0]


def _reports(win: MainWindow) -> list[QMessageBox]:
    """The Check Database reports on screen. (findChildren, never findChild: PySide6
    6.12 drops a reference to None each time findChild finds nothing.)"""
    return [b for b in win.findChildren(QMessageBox) if b.objectName() == "checkReport"]


def _undo(win: MainWindow) -> QAction:
    return win.findChild(QAction, "undo_last_action")


def test_delete_in_the_browser_then_ctrl_z_in_the_main_window(qtbot, window) -> None:
    win = window
    before = _cards(win)
    assert not _undo(win).isEnabled()  # the first-start content is not undoable
    win.browse_cards()
    browser = win._windows[-1]
    browser.settle()  # the browser searches off the GUI thread
    browser.table.selectRow(0)
    qtbot.mouseClick(browser.delete_button, Qt.MouseButton.LeftButton)
    browser.confirm.button(QMessageBox.StandardButton.Yes).click()
    assert _cards(win) < before
    assert _undo(win).text() == "&Undo Delete 1 Card" and _undo(win).isEnabled()
    browser.settle()
    rows = browser.table.model().rowCount()
    win.activateWindow()
    qtbot.keyClick(win, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _cards(win) == before
    browser.settle()
    assert browser.table.model().rowCount() == rows + 1  # the browser refreshed itself
    assert "Undone: Delete 1 Card" in win.statusBar().currentMessage()
    assert _undo(win).text() == "&Undo" and not _undo(win).isEnabled()


def _delete_one_card_in_the_browser(win: MainWindow):  # type: ignore[no-untyped-def]
    win.browse_cards()
    browser = win._windows[-1]
    browser.settle()
    browser.table.selectRow(0)
    browser.delete_button.click()
    browser.confirm.button(QMessageBox.StandardButton.Yes).click()
    return browser


def test_a_small_undo_is_done_at_once_on_the_gui_thread(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    threads = watched(monkeypatch, actions, "undo_last")
    before = _cards(window)
    _delete_one_card_in_the_browser(window)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert threads == [threading.get_ident()] and _cards(window) == before


def test_a_large_undo_runs_on_a_worker_and_every_window_hears_of_it(
        qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(actions, "UNDO_ON_WORKER_ROWS", 0)  # this one counts as large
    threads = watched(monkeypatch, actions, "undo_last")
    before = _cards(window)
    browser = _delete_one_card_in_the_browser(window)
    browser.settle()
    rows = browser.table.model().rowCount()
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert threads and threads[0] != threading.get_ident()
    assert _cards(window) == before
    browser.settle()
    assert browser.table.model().rowCount() == rows + 1  # told through the change relay
    assert "Undone: Delete 1 Card" in window.statusBar().currentMessage()
    assert _undo(window).text() == "&Undo" and not _undo(window).isEnabled()


def test_a_cancelled_large_undo_changes_nothing_and_can_be_done_later(
        qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(actions, "UNDO_ON_WORKER_ROWS", 0)
    real = actions.undo_last
    threads = slowed(monkeypatch, actions, "undo_last")
    before = _cards(window)
    _delete_one_card_in_the_browser(window)
    pressed = cancel_when_shown(qtbot, lambda: bool(threads))
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert pressed == ["Undoing Delete 1 Card…"] and threads[0] != threading.get_ident()
    assert _cards(window) == before - 1
    assert "Undoing Delete 1 Card was cancelled" in window.statusBar().currentMessage()
    assert _undo(window).text() == "&Undo Delete 1 Card" and _undo(window).isEnabled()
    monkeypatch.setattr(actions, "undo_last", real)
    _undo(window).trigger()  # Edit → Undo, now done
    assert _cards(window) == before and not _undo(window).isEnabled()


def test_backups_dialog_backs_up_and_restores_after_asking(qtbot, window, monkeypatch) -> None:
    win = window
    win.show_backups()
    (dialog,) = win.findChildren(BackupsDialog)
    assert dialog.table.rowCount() == 0
    qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 1).text() == "by you"
    cards = _cards(win)
    from app.core.notes.card_actions import delete_notes

    delete_notes(win.col, [r[0] for r in win.col.execute("SELECT id FROM notes")])
    assert _cards(win) == 0
    asked: list[str] = []

    def answer(parent, title, text, *a, **k):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(answer))
    dialog.refresh()
    newest_first = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
    dialog.table.selectRow(newest_first.index("by you"))
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert asked and f"({cards} cards" in asked[0] and "backed up first" in asked[0]
    assert _cards(win) == cards
    reasons = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
    assert reasons[0] == "before a restore"
    assert not _undo(win).isEnabled()  # a restore replaces what undo knew about


def test_back_up_now_copies_on_a_worker(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    threads = watched(monkeypatch, backups, "create_backup")
    window.show_backups()
    (dialog,) = window.findChildren(BackupsDialog)
    qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    assert threads and threads[0] != threading.get_ident()
    assert [b.reason for b in backups.list_backups(window.col.path)] == ["manual"]
    assert dialog.table.rowCount() == 1 and not window.col.changed_since_backup


def test_cancelled_back_up_now_leaves_no_backup(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    threads = slowed(monkeypatch, backups, "create_backup")
    window.show_backups()
    (dialog,) = window.findChildren(BackupsDialog)
    pressed = cancel_when_shown(qtbot, lambda: bool(threads))
    qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    assert pressed == ["Backing up the collection…"] and threads[0] != threading.get_ident()
    folder = backups.backup_folder(window.col.path)
    assert not folder.exists() or not list(folder.iterdir())  # no backup, no temporary file
    assert dialog.table.rowCount() == 0
    assert "cancelled; no backup was made" in dialog.info.text()


def test_restore_is_not_done_when_the_student_cancels(qtbot, window) -> None:
    win = window
    win.show_backups()
    (dialog,) = win.findChildren(BackupsDialog)
    qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    win.col.set_setting("after", 1)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)  # conftest: Cancel
    assert win.col.get_setting("after") == 1


def test_check_database_reports_what_it_found(qtbot, window) -> None:
    win = window
    note = win.col.execute("SELECT id FROM notes LIMIT 1").fetchone()[0]
    win.col.execute("DELETE FROM cards WHERE note_id = ?", [note])
    win.findChild(QAction, "check_database").trigger()
    qtbot.waitUntil(lambda: bool(_reports(win)), timeout=20000)
    (box,) = _reports(win)
    assert "1 note without cards" in box.text() and "made the missing cards" in box.text()
    box.close()
    box.deleteLater()
    qtbot.waitUntil(lambda: not _reports(win))
    win.findChild(QAction, "check_database").trigger()
    qtbot.waitUntil(lambda: bool(_reports(win)), timeout=20000)
    assert "healthy" in _reports(win)[0].text()


def test_check_database_can_be_cancelled(qtbot, window) -> None:
    from app.ui.collection.actions import run_check_database

    win = window
    note = win.col.execute("SELECT id FROM notes LIMIT 1").fetchone()[0]
    win.col.execute("DELETE FROM cards WHERE note_id = ?", [note])
    cards = _cards(win)
    worker = run_check_database(win, win.col)
    worker.cancel()  # before it could finish: nothing is fixed, no report
    qtbot.wait(500)
    assert not _reports(win)
    assert _cards(win) == cards


def test_periodic_backup_after_a_change_only(qtbot, window) -> None:
    from app.core.storage.backups import PERIODIC_MINUTES, list_backups

    win = window
    qtbot.waitUntil(lambda: win.periodic_backups is not None)  # started once it is painted
    periodic = win.periodic_backups
    assert periodic.timer.interval() == PERIODIC_MINUTES * 60 * 1000
    assert periodic.timer.isActive()
    periodic.timer.timeout.emit()  # 30 minutes later, nothing changed yet?
    assert not periodic.running
    made = len(list_backups(win.col.path))
    win.col.set_setting("something", 1)
    with qtbot.waitSignal(periodic.finished, timeout=20000):
        periodic.timer.timeout.emit()
    assert list_backups(win.col.path)[0].reason == "periodic"
    assert len(list_backups(win.col.path)) == made + 1
    periodic.timer.timeout.emit()  # nothing new since: no new backup
    assert not periodic.running
    assert len(list_backups(win.col.path)) == made + 1


def test_ctrl_z_in_the_card_browser_undoes_its_deletion(qtbot, window) -> None:
    win = window
    before = _cards(win)
    win.browse_cards()
    browser = win._windows[-1]
    browser.settle()  # the browser searches off the GUI thread
    browser.table.selectRow(0)
    qtbot.mouseClick(browser.delete_button, Qt.MouseButton.LeftButton)
    browser.confirm.button(QMessageBox.StandardButton.Yes).click()
    assert _cards(win) < before
    browser.table.setFocus()
    qtbot.keyClick(browser.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _cards(win) == before
