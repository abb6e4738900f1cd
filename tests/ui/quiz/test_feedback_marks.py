"""Quiz feedback in words and colours a student can read, in light and dark palettes."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.core.quiz.session import start_quiz
from app.core.storage.collection import Collection
from app.ui import appearance, theme
from tests.helpers.quiz_ui import five_questions, open_window, press


def _to_question_four(qtbot, window) -> None:
    press(qtbot, window, "in 1991", Qt.Key.Key_Return)
    assert window.feedback.verdict.text() == "Right!"  # written another way, not misspelt
    press(qtbot, window, Qt.Key.Key_Return, "t", Qt.Key.Key_Return, Qt.Key.Key_Return)
    press(qtbot, window, "2", Qt.Key.Key_Return)
    assert window.feedback.verdict.text() == "Wrong"
    assert theme.css("bad", None) in window.feedback.verdict.styleSheet()
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.progress_label.text() == "Question 4 of 5"


def test_a_forgiven_typo_is_accepted_with_the_spelling(qtbot, qcol: Collection) -> None:
    window = open_window(qtbot, start_quiz(qcol, five_questions(feedback="each")))
    _to_question_four(qtbot, window)
    press(qtbot, window, "Alexander Scherbinim", Qt.Key.Key_Return)
    verdict = window.feedback.verdict
    assert verdict.text() == "Accepted — the spelling is Alexander Scherbinin"
    assert theme.css("good", None) in verdict.styleSheet()


def test_an_exact_answer_is_simply_right(qtbot, qcol: Collection) -> None:
    window = open_window(qtbot, start_quiz(qcol, five_questions(feedback="each")))
    _to_question_four(qtbot, window)
    press(qtbot, window, "scherbinin", Qt.Key.Key_Return)  # an alternative, any case
    assert window.feedback.verdict.text() == "Right!"


def test_verdict_colour_follows_the_appearance(qtbot, qcol: Collection) -> None:
    window = open_window(qtbot, start_quiz(qcol, five_questions(feedback="each")))
    press(qtbot, window, "in 1991", Qt.Key.Key_Return)
    light = window.feedback.verdict.styleSheet()
    try:
        appearance.apply_appearance("dark", save=False)
        dark = window.feedback.verdict.styleSheet()
        assert dark != light and theme.css("good") in dark
    finally:
        appearance.apply_appearance("system", save=False)
