"""Deleting a quiz in the builder, then Edit → Undo in the main window: the quiz, its
rows and the instructor's deck file come back byte for byte; by keys and clicks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from app.core.decks.store import list_quizzes, load_deck_into_collection
from app.core.paths import bundled_decks_dir
from app.core.quiz.builder import save_built_quiz
from app.core.quiz.spec import QuestionSpec, QuizSpec
from app.ui.main_window import MainWindow
from app.ui.quiz.builder import QuizBuilder
from tests.helpers.fuzz import snapshot
from tests.helpers.quizdata import ARTICLE


@pytest.fixture
def deck(window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The instructor's own copy of the deck, loaded, with a quiz built on it; and the
    delete confirmation answered Yes."""
    deck = tmp_path / "my-deck.toml"
    shutil.copy(bundled_decks_dir() / f"{ARTICLE}.toml", deck)
    load_deck_into_collection(window.col, deck)
    save_built_quiz(window.col, QuizSpec(id="border", title="Border quiz", questions=[
        QuestionSpec("typed", "border-agreement-year")]), ARTICLE)
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    return deck


def test_undo_brings_back_a_deleted_quiz_and_its_deck_file(
        qtbot, window: MainWindow, deck: Path) -> None:
    win = window
    rows, deck_bytes = snapshot(win.col.path), deck.read_bytes()

    qtbot.keyClick(win, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # Quiz → Quiz Builder…
    (builder,) = win.findChildren(QuizBuilder)
    picker = builder.quiz_picker
    picker.setFocus()
    qtbot.keyClick(picker, Qt.Key.Key_Down)  # open "Border quiz"
    assert builder.title.text() == "Border quiz"
    qtbot.mouseClick(builder.delete_button, Qt.MouseButton.LeftButton)
    assert "border" not in [q.id for q in list_quizzes(win.col, ARTICLE)]
    assert deck.read_bytes() != deck_bytes and "Ctrl+Z" in builder.status.text()
    undo = win.findChild(QAction, "undo_last_action")
    assert undo.text() == "&Undo Delete Quiz “Border quiz”" and undo.isEnabled()

    win.activateWindow()
    qtbot.keyClick(win, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert snapshot(win.col.path) == rows
    assert deck.read_bytes() == deck_bytes
    assert "Undone: Delete Quiz “Border quiz”" in win.statusBar().currentMessage()
    assert any("Border quiz" in picker.itemText(i) for i in range(picker.count()))
    builder.close()


def test_ctrl_z_in_the_builder_brings_the_quiz_back_where_it_was_deleted(
        qtbot, window: MainWindow, deck: Path) -> None:
    win = window
    deck_bytes = deck.read_bytes()
    builder = QuizBuilder(win.col, ARTICLE)
    qtbot.addWidget(builder)
    builder.show()
    builder.activateWindow()
    qtbot.waitUntil(builder.isActiveWindow)
    builder.quiz_picker.setFocus()
    qtbot.keyClick(builder.quiz_picker, Qt.Key.Key_Down)
    qtbot.mouseClick(builder.delete_button, Qt.MouseButton.LeftButton)
    assert deck.read_bytes() != deck_bytes
    builder.title.setFocus()
    qtbot.keyClicks(builder.title, "x")
    qtbot.keyClick(builder.title, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert builder.title.text() == "" and deck.read_bytes() != deck_bytes  # the text's own undo
    builder.quiz_picker.setFocus()
    qtbot.keyClick(builder.quiz_picker, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert deck.read_bytes() == deck_bytes
    assert "border" in [q.id for q in list_quizzes(win.col, ARTICLE)]
    assert builder.status.text() == "Undone: Delete Quiz “Border quiz”."
    assert any("Border quiz" in builder.quiz_picker.itemText(i)
               for i in range(builder.quiz_picker.count()))
