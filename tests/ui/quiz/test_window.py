"""Quiz windows driven as a student and an instructor would: keys, clicks, what is shown."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from app.core.quiz.session import start_quiz
from app.core.storage.collection import Collection
from app.ui.quiz.history import QuizHistoryDialog
from app.ui.quiz.setup import QuickQuizDialog
from tests.helpers.quiz_ui import MATCHING, five_questions, open_window, press
from tests.helpers.quizdata import FakeClock, card_id


def test_five_question_quiz_by_keyboard_reaches_results(qtbot, qcol: Collection) -> None:
    window = open_window(qtbot, start_quiz(qcol, five_questions(feedback="each")))
    assert window.progress_label.text() == "Question 1 of 5"
    press(qtbot, window, "in 1991", Qt.Key.Key_Return)
    assert window.feedback.verdict.text() == "Right!"
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.progress_label.text() == "Question 2 of 5"
    press(qtbot, window, "t", Qt.Key.Key_Return)
    assert window.feedback.verdict.text() == "Right!"
    press(qtbot, window, Qt.Key.Key_Return)
    # options in card order (not shuffled): A. Su-27 is right, 2 = Su-35 is wrong
    press(qtbot, window, "2", Qt.Key.Key_Return)
    assert window.feedback.verdict.text() == "Wrong"
    assert "Correct answer: Su-27" in window.feedback.correct.text()
    press(qtbot, window, Qt.Key.Key_Return)
    press(qtbot, window, "Scherbinin", Qt.Key.Key_Return, Qt.Key.Key_Return)
    assert window.progress_label.text() == "Question 5 of 5"
    key = window.view.question.key
    press(qtbot, window, *("ABCDEF"[k] for k in key), Qt.Key.Key_Return)
    assert window.feedback.verdict.text() == "Right!"
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.results_panel
    assert window.results_panel.score.text().startswith("4 / 5")
    assert "Passed" in window.results_panel.score.text()  # 80 % ≥ 70 %
    answers = window.results_panel.answers
    assert answers.rowCount() == 5
    assert (answers.item(2, 1).text(), answers.item(2, 2).text()) == ("Su-35", "Su-27")


def test_feedback_at_end_goes_straight_on_and_review_mistakes(qtbot, qcol: Collection) -> None:
    window = open_window(qtbot, start_quiz(qcol, five_questions(feedback="end")))
    press(qtbot, window, "1990", Qt.Key.Key_Return)
    assert window.progress_label.text() == "Question 2 of 5"
    press(qtbot, window, "f", Qt.Key.Key_Return, "a", Qt.Key.Key_Return,
          "Scherbinin", Qt.Key.Key_Return, Qt.Key.Key_Return)  # matching left blank
    assert window.stack.currentWidget() is window.question_page  # blank is not submitted
    wrong = "ABCD"[(window.view.question.key[0] + 1) % 4]
    press(qtbot, window, wrong, Qt.Key.Key_Return)  # one row wrong, three left blank
    assert window.stack.currentWidget() is window.results_panel
    assert window.results_panel.score.text().startswith("2 / 5")
    with qtbot.waitSignal(window.review_mistakes) as blocker:
        qtbot.mouseClick(window.results_panel.review_button, Qt.MouseButton.LeftButton)
    expected = [card_id(qcol, "border-year"), card_id(qcol, "border-tf"),
                *(card_id(qcol, n) for n in MATCHING)]
    assert blocker.args == [expected]


def test_time_limit_auto_submits_in_the_window(qtbot, qcol: Collection) -> None:
    clock = FakeClock()
    window = open_window(qtbot, start_quiz(qcol, five_questions(time_limit=120), clock=clock))
    assert window.progress_label.text().endswith("2:00 left")
    press(qtbot, window, "1991", Qt.Key.Key_Return, Qt.Key.Key_Return)
    clock.now += 90
    qtbot.waitUntil(lambda: window.progress_label.text().endswith("0:30 left"))
    clock.now += 31
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.results_panel)
    assert window.results_panel.score.text().startswith("1 / 5")
    assert "time ran out" in window.results_panel.summary.text()


def test_show_in_article_emits_the_source(qtbot, qcol: Collection) -> None:
    window = open_window(qtbot, start_quiz(qcol, five_questions()))
    press(qtbot, window, "1991", Qt.Key.Key_Return)
    assert window.feedback.show_button.isVisible()
    with qtbot.waitSignal(window.show_in_article) as blocker:
        qtbot.mouseClick(window.feedback.show_button, Qt.MouseButton.LeftButton)
    article_id, section, sentence = blocker.args
    assert (article_id, section) == ("russia-china-military-cooperation", 0)
    assert sentence.endswith("was signed in 1991.")


def test_quick_quiz_dialog(qtbot) -> None:
    dialog = QuickQuizDialog(["Intro", "Middle", "End"], section_idx=1)
    qtbot.addWidget(dialog)
    opts = dialog.options()
    assert (opts.sections, opts.count, opts.prefer_weak) == ([1], 10, True)
    dialog.kinds["matching"].setChecked(False)
    assert dialog.options().kinds == ("mcq", "truefalse", "typed")
    for box in dialog.kinds.values():
        box.setChecked(False)
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    assert "kind" in dialog.problem.text()


def test_history_lists_attempts_and_exports(qtbot, qcol: Collection, tmp_path: Path) -> None:
    qcol.set_setting("student_name", "Grace Hopper")
    session = start_quiz(qcol, five_questions())
    session.answer("1991")
    session.finish()
    dialog = QuizHistoryDialog(qcol, quiz_id="five", title="Five questions")
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    assert dialog.quiz_picker.currentData() == "five"
    assert dialog.table.item(0, 1).text() == "Five questions"
    assert dialog.table.item(0, 2).text() == "1 / 5"
    assert dialog.table.item(0, 4).text() == "Not passed"
    out = tmp_path / "out.csv"
    assert dialog.export(out) == 5
    assert "Grace Hopper" in out.read_text(encoding="utf-8")
