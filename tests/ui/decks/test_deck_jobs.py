"""File → Open Deck, Save Deck As, Export Cards As and Export Quiz for Moodle run on a
worker thread, with progress and Cancel, driven from the menus: a cancelled load stores
nothing, a cancelled save or export writes no file, and a failed one says why."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog

from app.ui.decks import actions, export_text
from app.ui.main_window import MainWindow
from tests.helpers.decks import VALID, snapshot, write
from tests.helpers.message_box import capture_message_box, trigger
from tests.helpers.progress import cancel_when_shown, slowed, watched


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


def test_open_deck_loads_on_a_worker_and_the_window_shows_it(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                             tmp_path: Path, monkeypatch) -> None:
    threads = watched(monkeypatch, actions, "load_deck_into_collection")
    _choose(monkeypatch, "getOpenFileName", write(tmp_path, OWN_DECK))
    cards_before = window.col.execute("SELECT COUNT(*) FROM cards").fetchone()[0]
    _open_deck_key(qtbot, window)
    assert threads and threads[0] != threading.get_ident()
    assert window.col.execute("SELECT COUNT(*) FROM cards").fetchone()[0] > cards_before
    assert "Deck 'worker-russia-china-military-cooperation'" in window.statusBar().currentMessage()
    assert window.undo_action.isEnabled() and "Load Deck" in window.undo_action.text()


def test_cancelled_open_deck_stores_nothing(qtbot, window: MainWindow, tmp_path: Path,  # type: ignore[no-untyped-def]
                                            monkeypatch) -> None:
    threads = slowed(monkeypatch, actions, "load_deck_into_collection")
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
    threads = slowed(monkeypatch, export_text, "write_source")
    _choose(monkeypatch, "getSaveFileName", tmp_path / "bank", "Moodle GIFT (*.gift *.txt)")
    pressed = cancel_when_shown(qtbot, lambda: bool(threads))
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    assert pressed == ["Writing bank.gift…"] and threads[0] != threading.get_ident()
    assert not list(tmp_path.glob("bank*"))
    assert "Export cancelled; bank.gift was not written." in window.statusBar().currentMessage()


def _export_quiz(window: MainWindow) -> None:
    """File → Export Quiz for Moodle… (no key of its own), as the menu triggers it."""
    trigger(window, "Export Quiz for Moodle…")


def _first_quiz(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda _p, _t, _l, labels, *a: (labels[0], True)))


def _save_deck_key(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.AltModifier)


def test_export_quiz_for_moodle_writes_on_a_worker(qtbot, window: MainWindow, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                   monkeypatch) -> None:
    threads = watched(monkeypatch, export_text, "write_quiz")
    _first_quiz(monkeypatch)
    _choose(monkeypatch, "getSaveFileName", tmp_path / "quiz", "Moodle XML (*.xml)")
    _export_quiz(window)
    assert threads and threads[0] != threading.get_ident()
    assert "<question type=" in (tmp_path / "quiz.xml").read_text(encoding="utf-8")
    assert "questions of" in window.statusBar().currentMessage()


def test_cancelled_export_quiz_writes_no_file(qtbot, window: MainWindow, tmp_path: Path,  # type: ignore[no-untyped-def]
                                              monkeypatch) -> None:
    threads = slowed(monkeypatch, export_text, "write_quiz")
    _first_quiz(monkeypatch)
    out = tmp_path / "out"
    out.mkdir()
    _choose(monkeypatch, "getSaveFileName", out / "quiz", "Moodle GIFT (*.gift *.txt)")
    pressed = cancel_when_shown(qtbot, lambda: bool(threads))
    _export_quiz(window)
    assert pressed == ["Writing quiz.gift…"] and threads[0] != threading.get_ident()
    assert not list(out.iterdir())  # neither the file nor a temporary one
    assert "Export cancelled; quiz.gift was not written." in window.statusBar().currentMessage()


def test_export_quiz_into_a_missing_folder_says_so(qtbot, window: MainWindow, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                   monkeypatch) -> None:
    _first_quiz(monkeypatch)
    _choose(monkeypatch, "getSaveFileName", tmp_path / "gone" / "quiz.xml", "Moodle XML (*.xml)")
    seen = capture_message_box()
    _export_quiz(window)
    qtbot.waitUntil(lambda: bool(seen))
    title, text, _ = seen[0]
    assert title == "Export Quiz for Moodle"
    assert f"the folder {tmp_path / 'gone'} does not exist" in text


def test_save_deck_as_writes_on_a_worker(qtbot, window: MainWindow, tmp_path: Path,  # type: ignore[no-untyped-def]
                                         monkeypatch) -> None:
    threads = watched(monkeypatch, actions, "save_deck")
    _choose(monkeypatch, "getSaveFileName", tmp_path / "mine")
    _save_deck_key(qtbot, window)
    assert threads and threads[0] != threading.get_ident()
    text = (tmp_path / "mine.toml").read_text(encoding="utf-8")
    assert 'id = "damansky-river"' in text
    assert "cards and" in window.statusBar().currentMessage()


def test_cancelled_save_deck_as_writes_no_file(qtbot, window: MainWindow, tmp_path: Path,  # type: ignore[no-untyped-def]
                                               monkeypatch) -> None:
    threads = slowed(monkeypatch, actions, "save_deck")
    out = tmp_path / "out"
    out.mkdir()
    _choose(monkeypatch, "getSaveFileName", out / "mine.toml")
    pressed = cancel_when_shown(qtbot, lambda: bool(threads))
    _save_deck_key(qtbot, window)
    assert pressed == ["Writing mine.toml…"] and threads[0] != threading.get_ident()
    assert not list(out.iterdir())  # neither the file nor a temporary one
    assert "mine.toml was not written" in window.statusBar().currentMessage()


def test_save_deck_as_into_a_folder_that_is_a_file_says_why(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                           tmp_path: Path, monkeypatch) -> None:
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("a file, not a folder", encoding="utf-8")
    _choose(monkeypatch, "getSaveFileName", not_a_folder / "mine.toml")
    seen = capture_message_box()
    _save_deck_key(qtbot, window)
    qtbot.waitUntil(lambda: bool(seen))
    title, text, _ = seen[0]
    assert title == "Deck not saved"
    assert text == f"Cannot write {not_a_folder / 'mine.toml'}: Not a directory"
    assert not list(tmp_path.glob("*mine*"))
