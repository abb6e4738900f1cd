"""Tools → Check Database fixes what it found on a worker thread, with progress and
Cancel, driven from its menu entry: a cancelled fix changes nothing, a failed one says why."""

from __future__ import annotations

import threading

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from app.core.storage import backups
from app.ui.collection import actions
from app.ui.main_window import MainWindow
from tests.helpers.message_box import capture_message_box
from tests.helpers.progress import cancel_when_shown, slowed, watched


def _cards(win: MainWindow) -> int:
    return win.col.execute("SELECT COUNT(*) FROM cards").fetchone()[0]


def _reports(win: MainWindow) -> list[QMessageBox]:
    return [b for b in win.findChildren(QMessageBox) if b.objectName() == "checkReport"]


def _a_note_without_cards(win: MainWindow) -> int:
    note = win.col.execute("SELECT id FROM notes LIMIT 1").fetchone()[0]
    win.col.execute("DELETE FROM cards WHERE note_id = ?", [note])
    return _cards(win)


def _check(win: MainWindow) -> None:
    win.findChild(QAction, "check_database").trigger()


def test_the_fix_runs_on_a_worker(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    threads = watched(monkeypatch, actions, "check_database")
    cards = _a_note_without_cards(window)
    told: list[object] = []
    window.col.changes.subscribe(told.append)
    _check(window)
    qtbot.waitUntil(lambda: bool(_reports(window)), timeout=20000)
    assert threads == [threads[0]] and threads[0] != threading.get_ident()
    assert "made the missing cards of 1 note" in _reports(window)[0].text()
    assert _cards(window) > cards and told  # the GUI's connection and windows see it
    assert [b.reason for b in backups.list_backups(window.col.path)] == ["before-check"]


def test_a_cancelled_fix_changes_nothing(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    threads = slowed(monkeypatch, actions, "check_database")
    cards = _a_note_without_cards(window)
    pressed = cancel_when_shown(qtbot, lambda: bool(threads))
    seen = capture_message_box()
    _check(window)
    qtbot.waitUntil(lambda: bool(seen), timeout=20000)
    assert pressed == ["Fixing what was found…"] and threads[0] != threading.get_ident()
    assert seen[0][:2] == ("Check Database", "Check Database was cancelled; nothing was changed.")
    assert _cards(window) == cards and not _reports(window)
    assert backups.list_backups(window.col.path) == []


def test_a_failed_fix_says_why_and_changes_nothing(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    folder = backups.backup_folder(window.col.path)
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("a file where the backup folder should be")
    cards = _a_note_without_cards(window)
    seen = capture_message_box()
    _check(window)
    qtbot.waitUntil(lambda: bool(seen), timeout=20000)
    title, text, _ = seen[0]
    assert title == "Check Database" and "Could not write a backup" in text
    assert str(folder) in text
    assert _cards(window) == cards and not _reports(window)
