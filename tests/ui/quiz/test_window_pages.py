"""Quiz windows after a student's walk-through, driven by keys and clicks: no blank
submits, honest matching keys, the question kept on the feedback page, a roomy results
page, a start page before the clock runs, history that opens attempts, and a quiz menu
that says how long each quiz is."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QLabel

from app.core.decks.store import save_quiz
from app.core.quiz.session import start_quiz
from app.core.quiz.spec import QuestionSpec, QuizSpec
from app.core.storage.collection import Collection
from app.ui.main_window import MainWindow
from app.ui.quiz.history import AttemptResultsDialog, QuizHistoryDialog
from app.ui.quiz.question_view import NO_ANSWER_HINT
from tests.helpers.quiz_ui import MATCHING, five_questions, open_window, press
from tests.helpers.quizdata import ARTICLE, FakeClock


def _answers(col: Collection) -> int:
    return int(col.execute("SELECT COUNT(*) FROM quiz_answers").fetchone()[0])


def test_enter_with_nothing_chosen_is_not_a_mistake(qtbot, qcol: Collection) -> None:
    window = open_window(qtbot, start_quiz(qcol, five_questions(time_limit=600),
                                           clock=FakeClock()))
    assert not window.submit_button.isEnabled()
    press(qtbot, window, Qt.Key.Key_Return, Qt.Key.Key_Return)  # a stray double Enter
    assert window.stack.currentWidget() is window.question_page
    assert window.progress_label.text() == "Question 1 of 5 · 10:00 left"
    assert _answers(qcol) == 0
    assert window.view.no_answer.isVisible()
    assert window.view.no_answer.text() == NO_ANSWER_HINT
    press(qtbot, window, "   ", Qt.Key.Key_Return)  # blanks are no answer either
    assert _answers(qcol) == 0 and not window.submit_button.isEnabled()
    press(qtbot, window, "1991")
    assert window.submit_button.isEnabled() and not window.view.no_answer.isVisible()
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.feedback.verdict.text() == "Right!" and _answers(qcol) == 1
    press(qtbot, window, Qt.Key.Key_Return, Qt.Key.Key_Return)  # next, then a blank true/false
    assert window.progress_label.text().startswith("Question 2 of 5 · ")
    assert _answers(qcol) == 1
    assert not window.submit_button.isEnabled()
    press(qtbot, window, "t")
    assert window.submit_button.isEnabled()
    qtbot.mouseClick(window.submit_button, Qt.MouseButton.LeftButton)
    assert window.feedback.verdict.text() == "Right!" and _answers(qcol) == 2


def _matching_only() -> QuizSpec:
    return QuizSpec(id="match", title="Match", shuffle_options=False,
                    questions=[QuestionSpec("matching", cards=MATCHING)])


def test_matching_hint_matches_the_keys(qtbot, qcol: Collection) -> None:
    window = open_window(qtbot, start_quiz(qcol, _matching_only()))
    hint = " ".join(label.text() for label in window.view.findChildren(QLabel))
    assert "A–D" in hint and "A–F" not in hint  # four choices
    assert "Tab" not in hint and "next row" in hint
    key = window.view.question.key
    # Letters only, as the hint says: each one moves to the next row by itself.
    press(qtbot, window, *("ABCD"[k] for k in key))
    assert window.view.response() == key
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.feedback.verdict.text() == "Right!"


def test_feedback_keeps_the_question_readable(qtbot, qcol: Collection) -> None:
    window = open_window(qtbot, start_quiz(qcol, five_questions()))
    prompt = window.view.question.prompt
    press(qtbot, window, "1981", Qt.Key.Key_Return)
    feedback = window.feedback
    assert feedback.verdict.text() == "Wrong"
    assert feedback.prompt.isVisible() and feedback.prompt.text() == prompt
    assert "Your answer: 1981" in feedback.correct.text()
    for label in (feedback.prompt, feedback.correct, feedback.explanation):
        label.ensurePolished()
        assert label.font().pointSizeF() >= 11
    assert feedback.prompt.font().pointSizeF() > feedback.correct.font().pointSizeF()


def test_results_page_is_roomy_and_summarises_matching(qtbot, qcol: Collection) -> None:
    window = open_window(qtbot, start_quiz(qcol, five_questions(feedback="end")))
    assert window.width() >= 860 and window.height() >= 640
    press(qtbot, window, "1991", Qt.Key.Key_Return, "t", Qt.Key.Key_Return,
          "a", Qt.Key.Key_Return, "Scherbinin", Qt.Key.Key_Return)
    key = window.view.question.key
    picks = ["ABCD"[k] for k in key]
    picks[0] = "ABCD"[(key[0] + 1) % 4]  # row 1 wrong...
    picks[1] = "ABCD"[key[0]]  # ...and row 2 takes its answer: 2 of 4 pairs right
    press(qtbot, window, *picks, Qt.Key.Key_Return)
    panel = window.results_panel
    assert window.stack.currentWidget() is panel
    answers = panel.answers
    assert answers.horizontalHeaderItem(3).text() == "Result"
    assert (answers.item(4, 1).text(), answers.item(4, 2).text()) == ("2/4 pairs", "4 pairs")
    assert answers.item(4, 0).text() == "Match each item with its answer."
    qtbot.waitUntil(lambda: answers.viewport().height() > 0)
    rows = sum(answers.rowHeight(r) for r in range(answers.rowCount()))
    assert answers.viewport().height() >= rows  # every question in sight, no scrolling
    assert panel.sections.height() >= sum(
        panel.sections.rowHeight(r) for r in range(panel.sections.rowCount()))
    answers.selectRow(4)
    lines = panel.pairs.text().splitlines()
    assert panel.pairs.isVisible() and len(lines) == 4
    assert sum(line.startswith("✓") for line in lines) == 2
    assert "(correct: " in panel.pairs.text()


def test_timed_quiz_waits_on_a_start_page(qtbot, qcol: Collection) -> None:
    clock = FakeClock()
    spec = five_questions(time_limit=120, attempts=3, instructions="No notes allowed.")
    window = open_window(qtbot, start_quiz(qcol, spec, clock=clock, begin=False))
    page = window.start_page
    assert window.stack.currentWidget() is page
    facts = page.facts.text()
    for fact in ("5 questions", "2 min", "70 %", "Attempts left: 3 of 3"):
        assert fact in facts
    assert page.instructions.text() == "No notes allowed." and page.title.text() == spec.title
    clock.now += 500  # reading the instructions takes no quiz time...
    qtbot.wait(3 * 200)
    assert window.stack.currentWidget() is page
    assert window.progress_label.text() == "5 questions · 2:00"  # the full time, not running
    assert qcol.execute("SELECT COUNT(*) FROM quiz_attempts").fetchone()[0] == 0
    press(qtbot, window, Qt.Key.Key_Return)  # ...the clock starts with "Start"
    assert window.stack.currentWidget() is window.question_page
    assert qcol.execute("SELECT COUNT(*) FROM quiz_attempts").fetchone()[0] == 1
    clock.now += 30
    qtbot.waitUntil(lambda: window.progress_label.text().endswith("1:30 left"))


def test_closing_the_start_page_uses_no_attempt(qtbot, qcol: Collection) -> None:
    spec = five_questions(attempts=1)
    window = open_window(qtbot, start_quiz(qcol, spec, begin=False))
    window.close()
    assert qcol.execute("SELECT COUNT(*) FROM quiz_attempts").fetchone()[0] == 0
    again = open_window(qtbot, start_quiz(qcol, spec, begin=False))
    assert "Attempts left: 1 of 1" in again.start_page.facts.text()
    qtbot.mouseClick(again.start_page.start_button, Qt.MouseButton.LeftButton)
    assert again.stack.currentWidget() is again.question_page


def test_history_opens_an_attempt_read_only(qtbot, qcol: Collection) -> None:
    spec = five_questions()
    spec.title = "A rather long name for the final quiz of the Joint Exercises section"
    session = start_quiz(qcol, spec)
    session.answer("1991")
    session.finish()
    dialog = QuizHistoryDialog(qcol, article_id=ARTICLE)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    table = dialog.table
    assert table.horizontalHeader().sectionResizeMode(1) == QHeaderView.ResizeMode.Stretch
    needed = table.fontMetrics().horizontalAdvance(spec.title)
    assert table.columnWidth(1) >= needed  # the name in full
    rect = table.visualItemRect(table.item(0, 1))
    for click in (qtbot.mouseClick, qtbot.mouseDClick):  # a real double-click: press first
        click(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert len(dialog.opened) == 1
    opened: AttemptResultsDialog = dialog.opened[0]
    panel = opened.panel
    assert panel.score.text().startswith("1 / 5")
    assert panel.answers.rowCount() == 5 and panel.answers.item(0, 1).text() == "1991"
    assert not panel.review_button.isVisible()
    qtbot.mouseClick(panel.close_button, Qt.MouseButton.LeftButton)
    assert dialog.opened == []
    table.setFocus()
    table.setCurrentCell(0, 0)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert len(dialog.opened) == 1


def test_instructor_quiz_menu_says_size_and_time(qtbot, qcol: Collection) -> None:
    spec = five_questions(time_limit=900)
    spec.title = "Final quiz"
    save_quiz(qcol, spec, article_id=ARTICLE)
    window = MainWindow(qcol)
    qtbot.addWidget(window)
    window.open_section(ARTICLE, 0)
    window._fill_quizzes_menu()
    texts = [a.text() for a in window.quizzes_menu.actions()]
    assert "Final quiz — 5 questions, 15 min" in texts
