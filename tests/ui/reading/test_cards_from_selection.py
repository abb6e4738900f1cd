"""Select words in the reader → a cloze or a question card linked to their sentence."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from app.core.notes.store import get_note
from app.ui.cards.note_form import NoteForm
from app.ui.main_window import MainWindow
from tests.helpers.main_window import main_window

TEXT = ("# Harbour\n\n## The wall\n\nThe harbour wall was rebuilt in granite after the storm. "
        "Boats came back in spring.\n")


@pytest.fixture
def window(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    with main_window(qtbot, tmp_path) as win:
        path = tmp_path / "harbour.md"
        path.write_text(TEXT, encoding="utf-8")
        win.import_article(str(path))
        yield win


def _select(win: MainWindow, words: str) -> None:
    """Select `words` in the reader, as a drag with the mouse would."""
    cursor = win.reader.browser.document().find(words)
    assert not cursor.isNull()
    win.reader.browser.setTextCursor(cursor)
    assert win.reader.selected_text() == words


def _new_notes(win: MainWindow) -> list[str]:
    return [r[0] for r in win.col.execute("SELECT id FROM notes WHERE article_id = 'harbour'")]


def test_ctrl_shift_c_makes_a_cloze_of_the_selection(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _select(window, "granite")
    qtbot.keyClick(window.reader.browser, Qt.Key.Key_C,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    (note_id,) = _new_notes(window)
    note = get_note(window.col, note_id)
    assert note.kind == "cloze" and note.section_idx == 0
    assert note.fields["text"] == ("The harbour wall was rebuilt in {{c1::granite}} after the "
                                   "storm.")
    assert note.source == "The harbour wall was rebuilt in granite after the storm."


def test_question_from_selection_opens_a_filled_card_form(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _select(window, "in spring")

    def save_form() -> None:
        form = next((w for w in QApplication.topLevelWidgets()
                     if isinstance(w, NoteForm) and w.isVisible()), None)
        if form is None:
            QTimer.singleShot(50, save_form)
            return
        assert form.kind == "basic"
        form.kind_pages["basic"].set_fields({"front": "When did the boats come back?",
                                             "back": "in spring"})
        buttons = form.findChild(QDialogButtonBox)
        qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Save),
                         Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, save_form)
    qtbot.keyClick(window.reader.browser, Qt.Key.Key_Q,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    (note_id,) = _new_notes(window)
    note = get_note(window.col, note_id)
    assert note.fields == {"front": "When did the boats come back?", "back": "in spring"}
    assert note.source == "Boats came back in spring."


def test_selection_across_sentences_is_refused_with_a_reason(
        window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(str(a[2])))
    cursor = window.reader.browser.document().find("storm.")
    cursor.movePosition(QTextCursor.MoveOperation.NextWord, QTextCursor.MoveMode.KeepAnchor, 2)
    window.reader.browser.setTextCursor(cursor)
    window.cloze_from_selection()
    assert shown and "within one sentence" in shown[0]
    assert _new_notes(window) == []
