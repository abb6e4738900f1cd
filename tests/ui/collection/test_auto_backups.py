"""The backups made without being asked, copied off the GUI thread: every 30 minutes
(silent; a failure is a note in the status bar), at close (a small dialog, the window
still painting), and before a deletion (with progress and Cancel; a failure asks)."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMessageBox

from app.core.storage import backups
from app.ui.main_window import MainWindow
from tests.helpers.message_box import capture_message_box
from tests.helpers.progress import cancel_when_shown, slowed, watched


def _cards(win: MainWindow) -> int:
    return win.col.execute("SELECT COUNT(*) FROM cards").fetchone()[0]


def _reasons(win: MainWindow) -> list[str]:
    return [b.reason for b in backups.list_backups(win.col.path)]


def _closing_backs_up(win: MainWindow) -> None:
    """As outside the tests (see tests/helpers/main_window), with a change to back up."""
    win.col.backup_on_close = True
    _changed(win)


def _block_backup_folder(win: MainWindow) -> None:
    """A file where the backup folder should be: every backup fails, naming it."""
    folder = backups.backup_folder(win.col.path)
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("a file where the backup folder should be")


def _changed(win: MainWindow) -> None:
    win.col.set_setting("a change since the last backup", 1)
    assert win.col.changed_since_backup


# -- every 30 minutes ----------------------------------------------------------------------

def test_periodic_backup_copies_on_a_worker_and_the_window_carries_on(qtbot, window,  # type: ignore[no-untyped-def]
                                                                     monkeypatch) -> None:
    threads = watched(monkeypatch, backups, "create_backup")
    qtbot.waitUntil(lambda: window.periodic_backups is not None)
    periodic = window.periodic_backups
    _changed(window)
    with qtbot.waitSignal(periodic.finished, timeout=20000) as done:
        periodic.timer.timeout.emit()
        assert periodic.running  # the timeout came back before the copy was made
        window.col.set_setting("answered while it copied", 1)
    assert threads and threads[0] != threading.get_ident()
    assert _reasons(window) == ["periodic"] and done.args[0].exists()
    assert window.col.changed_since_backup  # what came after the copy began: next time


def test_a_failed_periodic_backup_is_a_note_in_the_status_bar(qtbot, window, capfd) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: window.periodic_backups is not None)
    periodic = window.periodic_backups
    _block_backup_folder(window)
    _changed(window)
    with qtbot.waitSignal(periodic.finished, timeout=20000):
        periodic.timer.timeout.emit()
    message = window.statusBar().currentMessage()
    assert message.startswith("Backup failed: Could not write a backup")
    assert str(backups.backup_folder(window.col.path)) in message
    assert window.col.changed_since_backup  # tried again at the next timeout
    assert "Backup failed" not in capfd.readouterr().err


# -- at close ------------------------------------------------------------------------------

def test_close_backs_up_on_a_worker_while_the_window_paints(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    real = backups.create_backup
    threads: list[int] = []

    def slow_copy(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.get_ident())
        time.sleep(0.3)  # a big collection's seconds
        return real(*args, **kwargs)

    monkeypatch.setattr(backups, "create_backup", slow_copy)
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(20)
    _closing_backs_up(window)
    window.close()
    timer.stop()
    assert threads == [threads[0]] and threads[0] != threading.get_ident()
    assert len(ticks) >= 5  # the GUI thread went on with its events meanwhile
    assert _reasons(window) == ["close"] and not window.col.changed_since_backup


def test_close_backup_cancelled_closes_without_one(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    threads = slowed(monkeypatch, backups, "create_backup")
    _closing_backs_up(window)
    pressed = cancel_when_shown(qtbot, lambda: bool(threads))
    window.close()
    assert pressed == ["Backing up…"] and not window.isVisible()
    window.col.close()  # and the collection's own close does not copy on the GUI thread
    assert threads == [threads[0]] and threads[0] != threading.get_ident()
    assert _reasons(window) == []


def test_a_failed_close_backup_is_shown_and_the_window_closes(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    _block_backup_folder(window)
    _closing_backs_up(window)
    seen = capture_message_box()
    window.close()
    assert seen and seen[0][0] == "Backup failed"
    assert "Could not write a backup" in seen[0][1] and "only this backup is missing" in seen[0][1]
    assert not window.isVisible()


def test_close_waits_for_the_periodic_backup_under_way(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    real = backups.create_backup

    def slow_copy(col, reason, *args, **kwargs):  # type: ignore[no-untyped-def]
        if reason == "periodic":  # only this one: a close backup does not wait for it
            time.sleep(0.5)
        return real(col, reason, *args, **kwargs)

    monkeypatch.setattr(backups, "create_backup", slow_copy)
    qtbot.waitUntil(lambda: window.periodic_backups is not None)
    _closing_backs_up(window)
    window.periodic_backups.timer.timeout.emit()
    window.close()
    assert not window.periodic_backups.running
    # Whole, none half-written; after it, a close backup only if the reading position
    # (saved as the window closes) was new.
    assert _reasons(window)[-1] == "periodic"
    assert not list(backups.backup_folder(window.col.path).glob(".*.tmp"))


# -- before a deletion ---------------------------------------------------------------------

def _delete_first_card(qtbot, win: MainWindow) -> None:  # type: ignore[no-untyped-def]
    win.browse_cards()
    browser = win._windows[-1]
    browser.settle()
    browser.table.selectRow(0)
    qtbot.mouseClick(browser.delete_button, Qt.MouseButton.LeftButton)
    browser.confirm.button(QMessageBox.StandardButton.Yes).click()


def test_delete_backs_up_first_on_a_worker(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    threads = watched(monkeypatch, backups, "create_backup")
    before = _cards(window)
    _changed(window)
    _delete_first_card(qtbot, window)
    assert threads == [threads[0]] and threads[0] != threading.get_ident()
    assert _reasons(window) == ["before-delete"]
    assert _cards(window) < before


def test_delete_with_its_backup_cancelled_deletes_nothing(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    threads = slowed(monkeypatch, backups, "create_backup")
    before = _cards(window)
    _changed(window)
    pressed = cancel_when_shown(qtbot, lambda: bool(threads))
    seen = capture_message_box()
    _delete_first_card(qtbot, window)
    assert pressed == ["Backing up the collection first…"] and threads[0] != threading.get_ident()
    assert seen == [("Cards not deleted", "Deleting cards was cancelled; nothing was changed.", "")]
    assert _cards(window) == before and _reasons(window) == []
    assert not window.undo_action.isEnabled()


@pytest.mark.parametrize("go_on", [False, True])
def test_a_failed_backup_before_a_delete_asks_whether_to_go_on(qtbot, window, monkeypatch,  # type: ignore[no-untyped-def]
                                                               go_on: bool) -> None:
    threads = watched(monkeypatch, backups, "create_backup")
    asked: list[str] = []

    def answer(parent, title, text, *a, **k):  # type: ignore[no-untyped-def]
        asked.append(f"{title}: {text}")
        return QMessageBox.StandardButton.Yes if go_on else QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", staticmethod(answer))
    _block_backup_folder(window)
    before = _cards(window)
    _changed(window)
    seen = capture_message_box()
    _delete_first_card(qtbot, window)
    assert asked and asked[0].startswith("Backup failed: No backup could be made before "
                                         "deleting cards:")
    assert str(backups.backup_folder(window.col.path)) in asked[0]
    assert len(threads) == 1 and threads[0] != threading.get_ident()  # not tried again here
    if go_on:
        assert _cards(window) == before - 1 and window.undo_action.isEnabled()
        qtbot.wait(100)
        assert seen == []  # deleted as asked: no message
    else:
        qtbot.waitUntil(lambda: bool(seen))
        assert seen[0][:2] == ("Cards not deleted",
                               "Deleting cards was cancelled; nothing was changed.")
        assert _cards(window) == before and window.col.changed_since_backup


def test_open_deck_backs_up_first_on_a_worker(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog

    from app.core.paths import bundled_decks_dir

    threads = watched(monkeypatch, backups, "create_backup")
    deck = next(bundled_decks_dir().glob("*.toml"))
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(deck), "")))
    _changed(window)
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    assert _reasons(window) == ["before-deck-load"]
    assert threads == [threads[0]] and threads[0] != threading.get_ident()
    assert f"Deck '{deck.stem}'" in window.statusBar().currentMessage()


def test_import_backs_up_first_on_a_worker(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tests.helpers import ROOT

    threads = watched(monkeypatch, backups, "create_backup")
    _changed(window)
    assert window.import_article(str(ROOT / "tests" / "data" / "web" / "blog.html")) == "blog"
    assert _reasons(window) == ["before-import"]
    assert threads == [threads[0]] and threads[0] != threading.get_ident()


def test_quitting_backs_up_once(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """File → Quit closes the window, and `app.run` closes it once more after the event
    loop, then the collection: one backup, made on a worker, with an article open (its
    reading position is saved as the window closes, before the backup)."""
    threads = watched(monkeypatch, backups, "create_backup")
    window.open_section("russia-china-military-cooperation", 0)
    _closing_backs_up(window)
    window.close()  # the reading position saved: a change after the one made above
    window.close()
    window.col.close()  # copies nothing more, and nothing on the GUI thread
    assert _reasons(window) == ["close"]
    assert threads == [threads[0]] and threads[0] != threading.get_ident()
