"""File → Open Deck and File → Export Cards As run on a worker thread, with progress and
Cancel, driven from the menus' keys: a cancelled load stores nothing, a cancelled export
writes no file, and the window keeps painting meanwhile."""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from app.ui.decks import actions, export_text
from app.ui.main_window import MainWindow
from tests.helpers.decks import VALID, snapshot, write
from tests.helpers.progress import cancel_when_shown


def _own_ids(text: str) -> str:
    """The deck, its cards and quizzes under ids of their own (the bundled deck owns VALID's)."""
    for name in re.findall(r'^id = "(.+?)"', text, flags=re.MULTILINE):
        text = text.replace(f'"{name}"', f'"worker-{name}"')
    return text


OWN_DECK = _own_ids(VALID)


def _open_deck_key(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)


def _choose(monkeypatch: pytest.MonkeyPatch, name: str, path: Path, chosen_filter: str = "") -> None:
    monkeypatch.setattr(QFileDialog, name, staticmethod(lambda *a, **k: (str(path), chosen_filter)))


def _slowed(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[int]:
    """Make `module.name(…, progress)` (a job's core call) slow enough to cancel: it waits,
    telling progress, until Cancel is pressed (or 10 s), then runs; returns the threads
    it ran on."""
    real = getattr(module, name)
    threads: list[int] = []

    def slow(*args: object) -> object:
        progress = args[-1]
        threads.append(threading.get_ident())
        deadline = time.monotonic() + 10
        while progress(0, 1) and time.monotonic() < deadline:  # type: ignore[operator]
            time.sleep(0.01)
        return real(*args)

    monkeypatch.setattr(module, name, slow)
    return threads


def test_open_deck_loads_on_a_worker_and_the_window_shows_it(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                             tmp_path: Path, monkeypatch) -> None:
    real = actions.load_deck_into_collection
    threads: list[int] = []
    monkeypatch.setattr(actions, "load_deck_into_collection",
                        lambda *a: (threads.append(threading.get_ident()), real(*a))[1])
    _choose(monkeypatch, "getOpenFileName", write(tmp_path, OWN_DECK))
    cards_before = window.col.execute("SELECT COUNT(*) FROM cards").fetchone()[0]
    _open_deck_key(qtbot, window)
    assert threads and threads[0] != threading.get_ident()
    assert window.col.execute("SELECT COUNT(*) FROM cards").fetchone()[0] > cards_before
    assert "Deck 'worker-russia-china-military-cooperation'" in window.statusBar().currentMessage()
    assert window.undo_action.isEnabled() and "Load Deck" in window.undo_action.text()


def test_cancelled_open_deck_stores_nothing(qtbot, window: MainWindow, tmp_path: Path,  # type: ignore[no-untyped-def]
                                            monkeypatch) -> None:
    threads = _slowed(monkeypatch, actions, "load_deck_into_collection")
    path = write(tmp_path, OWN_DECK)
    _choose(monkeypatch, "getOpenFileName", path)
    before = snapshot(window.col)
    pressed = cancel_when_shown(qtbot, lambda: bool(threads))
    _open_deck_key(qtbot, window)
    assert pressed == [f"Loading {path.name}…"]
    assert threads[0] != threading.get_ident()
    assert snapshot(window.col) == before
    assert "cancelled; nothing was changed" in window.statusBar().currentMessage()
    assert not window.undo_action.isEnabled()


def test_cancelled_export_cards_as_writes_no_file(qtbot, window: MainWindow, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                  monkeypatch) -> None:
    threads = _slowed(monkeypatch, export_text, "write_source")
    _choose(monkeypatch, "getSaveFileName", tmp_path / "bank", "Moodle GIFT (*.gift *.txt)")
    pressed = cancel_when_shown(qtbot, lambda: bool(threads))
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    assert pressed == ["Writing bank.gift…"] and threads[0] != threading.get_ident()
    assert not list(tmp_path.glob("bank*"))
    assert "Export cancelled; bank.gift was not written." in window.statusBar().currentMessage()
