"""File → Backups… → Restore… on a worker thread, with progress and Cancel, driven by
its button: a cancelled restore leaves the collection as it was, a failed one says why."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.core.storage import backups
from app.ui.collection.backups import BackupsDialog
from app.ui.main_window import MainWindow
from tests.helpers.decks import snapshot
from tests.helpers.message_box import capture_message_box
from tests.helpers.progress import cancel_when_shown, slowed, watched


def _cards(win: MainWindow) -> int:
    return win.col.execute("SELECT COUNT(*) FROM cards").fetchone()[0]


def _backed_up_then_deleted(qtbot, win: MainWindow, monkeypatch: pytest.MonkeyPatch) -> BackupsDialog:  # type: ignore[no-untyped-def]
    """The dialog, its one backup made before every note was deleted, chosen, and Yes
    the answer to "Replace the collection…?"."""
    win.show_backups()
    (dialog,) = win.findChildren(BackupsDialog)
    qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    from app.core.notes.card_actions import delete_notes

    delete_notes(win.col, [r[0] for r in win.col.execute("SELECT id FROM notes")])
    assert _cards(win) == 0 and win.undo_action.isEnabled()
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    dialog.refresh()
    dialog.table.selectRow(0)
    return dialog


def test_restore_runs_on_a_worker_and_every_window_sees_it(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    threads = watched(monkeypatch, backups, "restore_backup")
    before = _cards(window)
    dialog = _backed_up_then_deleted(qtbot, window, monkeypatch)
    told: list[object] = []
    window.col.changes.subscribe(told.append)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert threads and threads[0] != threading.get_ident()
    assert _cards(window) == before  # the GUI's own connection reads the restored file
    assert told and not window.undo_action.isEnabled()
    assert backups.list_backups(window.col.path)[0].reason == "before-restore"
    assert "Restored the backup" in dialog.info.text()


def test_restore_cancelled_before_the_swap_changes_nothing(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    dialog = _backed_up_then_deleted(qtbot, window, monkeypatch)
    threads = slowed(monkeypatch, backups, "restore_backup")
    before, made = snapshot(window.col), backups.list_backups(window.col.path)
    pressed = cancel_when_shown(qtbot, lambda: bool(threads))
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert pressed and pressed[0].startswith("Restoring the backup of")
    assert threads[0] != threading.get_ident()
    assert snapshot(window.col) == before and _cards(window) == 0
    assert backups.list_backups(window.col.path) == made  # no safety backup either
    assert window.undo_action.isEnabled()  # the deletion can still be undone
    assert "Restore was cancelled; the collection is as it was." in dialog.info.text()


def test_restore_cancelled_during_the_swap_changes_nothing(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Cancel pressed once the safety backup is made and the backup is being copied over
    the collection: SQLite's backup rolls its copy back."""
    dialog = _backed_up_then_deleted(qtbot, window, monkeypatch)
    monkeypatch.setattr(backups, "_PAGES", 1)  # a page a step, so there is a middle
    real = backups.restore_backup
    swapping = threading.Event()

    def restore(col, path, progress):  # type: ignore[no-untyped-def]
        def told(done: int, total: int) -> bool:
            if done > total // 2:  # the second of the two copies: the swap
                swapping.set()
                threading.Event().wait(0.005)
            return progress(done, total)
        return real(col, path, progress=told)

    monkeypatch.setattr(backups, "restore_backup", restore)
    before = snapshot(window.col)
    pressed = cancel_when_shown(qtbot, swapping.is_set)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert pressed
    assert backups.list_backups(window.col.path)[0].reason == "before-restore"
    assert snapshot(window.col) == before and _cards(window) == 0
    assert "Restore was cancelled" in dialog.info.text()
    assert window.undo_action.isEnabled()


def test_a_failed_restore_says_why_and_changes_nothing(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    dialog = _backed_up_then_deleted(qtbot, window, monkeypatch)
    chosen = dialog.selected()
    assert chosen is not None
    chosen.path.write_bytes(b"not a database any more")  # damaged after it was listed
    before = snapshot(window.col)
    seen = capture_message_box()
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen))
    title, text, _ = seen[0]
    assert title == "Restore Backup" and str(chosen.path) in text and "cannot be restored" in text
    assert snapshot(window.col) == before
