"""The entry points the main window calls: Quiz me, open an instructor quiz."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.core.quiz.spec import QuestionSpec, QuizSpec
from app.core.storage.collection import Collection
from app.ui.quiz.actions import open_quiz, show_quick_quiz
from app.ui.quiz.setup import QuickQuizDialog
from tests.helpers.quizdata import ARTICLE


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information",
                        lambda _parent, _title, text: shown.append(text))
    return shown


def test_quiz_me_on_one_section(qtbot, qcol: Collection, monkeypatch) -> None:
    dialog = QuickQuizDialog(["Introduction", "Military", "Joint Exercises"], section_idx=0)
    qtbot.addWidget(dialog)
    dialog.kinds["mcq"].setChecked(False)
    dialog.kinds["matching"].setChecked(False)
    window = show_quick_quiz(None, qcol, ARTICLE, dialog)
    assert window is not None
    qtbot.addWidget(window)
    questions = window.session.questions
    assert len(questions) == 2  # the two Introduction notes, each once
    assert {q.section_idx for q in questions} == {0}
    assert window.progress_label.text() == "Question 1 of 2"
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)  # "End the quiz now?"
    window.close()
    assert window.session.results is not None  # ending early submits the attempt


def test_quiz_me_without_cards_explains(qtbot, qcol: Collection, messages: list[str]) -> None:
    dialog = QuickQuizDialog(["a", "b", "c", "d", "e", "f"], section_idx=5)
    qtbot.addWidget(dialog)
    assert show_quick_quiz(None, qcol, ARTICLE, dialog) is None
    assert messages and "no cards" in messages[0]


def test_open_quiz_refuses_when_attempts_are_used_up(qtbot, qcol: Collection,
                                                     messages: list[str]) -> None:
    from app.core.decks.store import save_quiz

    save_quiz(qcol, QuizSpec(id="once", title="Only once", attempts=1,
                             questions=[QuestionSpec("truefalse", "border-tf")]))
    window = open_quiz(None, qcol, "once")
    assert window is not None
    qtbot.addWidget(window)
    assert window.stack.currentWidget() is window.start_page  # no attempt used yet
    qtbot.mouseClick(window.start_page.start_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_T)
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_Return)
    window.close()
    assert open_quiz(None, qcol, "once") is None
    assert "used all 1 attempt" in messages[-1]
    assert open_quiz(None, qcol, "no-such-quiz") is None
    assert "no-such-quiz" in messages[-1]
