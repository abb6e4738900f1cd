"""The quiz start page says the title once and what matters; the question and the
feedback pages line their text up."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from app.core.quiz.session import start_quiz
from app.core.storage.collection import Collection
from tests.helpers.quiz_ui import five_questions, open_window, press


def test_start_page_shows_the_title_once_and_no_empty_time_limit(qtbot, qcol: Collection) -> None:
    spec = five_questions(attempts=2)  # no time limit
    window = open_window(qtbot, start_quiz(qcol, spec, begin=False))
    page = window.start_page
    assert window.stack.currentWidget() is page
    assert page.title.text() == spec.title and not window.title_label.isVisible()
    facts = page.facts.text()
    assert "No time limit" in facts and "no time limit" not in facts.replace("No time", "")
    assert "Time limit:" not in facts
    assert page.start_button.isVisible()
    press(qtbot, window, Qt.Key.Key_Return)  # Start: the header shows the title again
    assert window.stack.currentWidget() is window.question_page
    assert window.title_label.isVisible()


def test_a_timed_quiz_states_its_limit(qtbot, qcol: Collection) -> None:
    window = open_window(qtbot, start_quiz(qcol, five_questions(time_limit=600), begin=False))
    assert "Time limit: 10 min" in window.start_page.facts.text()


def test_question_and_feedback_share_their_margins(qtbot, qcol: Collection) -> None:
    window = open_window(qtbot, start_quiz(qcol, five_questions(feedback="each")))
    window.resize(880, 700)
    qtbot.wait(20)
    prompt = window.view.findChildren(type(window.feedback.prompt))[0]
    question_x = prompt.mapTo(window, QPoint(0, 0)).x()
    press(qtbot, window, "in 1991", Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.feedback
    qtbot.wait(20)
    assert window.feedback.prompt.mapTo(window, QPoint(0, 0)).x() == question_x
