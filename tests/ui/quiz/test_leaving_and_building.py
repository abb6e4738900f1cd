"""Quiz windows after the second walk-through, driven by keys and clicks: a running quiz
asks before it ends, the builder says what the student really gets and can be closed,
reopened and cleaned up, the results page keeps its rows readable, matching shows its
choices, and the CSV names the student."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox, QScrollArea

from app.core.decks.store import list_quizzes, save_quiz
from app.core.notes.model import Note
from app.core.notes.store import save_notes
from app.core.quiz.attempts import history
from app.core.quiz.builder import FALLBACK_NOTE
from app.core.quiz.questions import build_matching, card_for_note
from app.core.quiz.session import start_quiz
from app.core.quiz.spec import QuestionSpec, QuizSpec
from app.core.storage.collection import Collection
from app.ui.quiz.builder import QuizBuilder
from app.ui.quiz.history import QuizHistoryDialog
from tests.helpers.quiz_ui import MATCHING, five_questions, open_window, press
from tests.helpers.quizdata import ARTICLE, FakeClock

Button = QMessageBox.StandardButton


class Answers:
    """Stands in for `QMessageBox.question`: records each question, gives scripted answers."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.asked: list[str] = []
        self.next: list[Button] = []
        monkeypatch.setattr(QMessageBox, "question", staticmethod(self))

    def __call__(self, _parent: object, _title: str, text: str, *_a: object,
                 **_k: object) -> Button:
        self.asked.append(text)
        return self.next.pop(0)


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    return Answers(monkeypatch)


# -- 1 and 8: a running quiz asks before it ends; the header reads as a sentence --------

def test_esc_during_a_timed_quiz_asks_first(qtbot, qcol: Collection, answers: Answers) -> None:
    clock = FakeClock()
    window = open_window(qtbot, start_quiz(qcol, five_questions(time_limit=900), clock=clock))
    press(qtbot, window, "1991", Qt.Key.Key_Return, Qt.Key.Key_Return)
    clock.now += 3
    qtbot.waitUntil(lambda: window.progress_label.text() == "Question 2 of 5 · 14:57 left")
    answers.next = [Button.No]
    press(qtbot, window, Qt.Key.Key_Escape)
    assert answers.asked == ["End the quiz now? 4 questions unanswered will count as wrong."]
    assert window.isVisible() and window.stack.currentWidget() is window.question_page
    assert window.session.results is None
    press(qtbot, window, "t", Qt.Key.Key_Return)  # the quiz carries on
    assert window.feedback.verdict.text() == "Right!"
    answers.next = [Button.No]
    window.close()  # the window's close button asks too
    assert window.isVisible() and len(answers.asked) == 2
    answers.next = [Button.Yes]
    window.done(0)
    assert "3 questions unanswered" in answers.asked[-1]
    assert window.isVisible() and window.stack.currentWidget() is window.results_panel
    assert window.results_panel.score.text() == "2 / 5  ·  Not passed"
    press(qtbot, window, Qt.Key.Key_Escape)  # the results page closes as before
    assert not window.isVisible() and len(answers.asked) == 3


def test_esc_on_the_start_page_just_closes(qtbot, qcol: Collection, answers: Answers) -> None:
    window = open_window(qtbot, start_quiz(qcol, five_questions(), begin=False))
    assert window.progress_label.text() == "5 questions"
    press(qtbot, window, Qt.Key.Key_Escape)
    assert not window.isVisible() and answers.asked == []
    assert qcol.execute("SELECT COUNT(*) FROM quiz_attempts").fetchone()[0] == 0


# -- 5: the results page keeps its rows readable -----------------------------------------

def _finish_five(qtbot, window) -> None:
    press(qtbot, window, "1991", Qt.Key.Key_Return, "t", Qt.Key.Key_Return,
          "a", Qt.Key.Key_Return, "Scherbinin", Qt.Key.Key_Return, "A", "B", "C", "D",
          Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.results_panel


def test_results_rows_fit_their_text_and_the_detail_fits_below(qtbot, qcol: Collection) -> None:
    window = open_window(qtbot, start_quiz(qcol, five_questions(feedback="end")))
    window.resize(880, 700)
    _finish_five(qtbot, window)
    qtbot.wait(50)
    panel = window.results_panel
    table = panel.answers
    line = table.fontMetrics().lineSpacing()
    heights = [table.rowHeight(r) for r in range(table.rowCount())]
    assert max(heights) <= 2 * line + 12, heights  # short prompts: no 95 px rows
    assert panel.sections.height() <= panel.sections.horizontalHeader().height() + 5 * line + 20
    assert panel.findChild(QScrollArea) is None  # no scroll box inside the page
    rect = table.visualItemRect(table.item(4, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.wait(50)
    assert panel.explanation.isVisible() or panel.pairs.isVisible()
    for label in (panel.pairs, panel.explanation, panel.source):  # its text fits
        assert label.isHidden() or label.height() >= label.heightForWidth(label.width())
    assert panel.detail.geometry().top() >= table.geometry().bottom()  # below the table
    visible = table.viewport().height()
    assert visible >= sum(heights[:4]), (visible, heights)  # the table stays usable


# -- 6: matching shows every choice; pairs that answer themselves are left out ---------

def test_matching_lists_its_lettered_choices(qtbot, qcol: Collection) -> None:
    spec = QuizSpec(id="m", title="M", questions=[QuestionSpec("matching", cards=MATCHING)])
    window = open_window(qtbot, start_quiz(qcol, spec))
    view = window.view
    assert view.choice_list is not None and view.choice_list.isVisible()
    assert view.choice_list.text().splitlines() == [
        f"{letter}. {choice}" for letter, choice in zip("ABCD", view.question.choices,
                                                          strict=True)]


def test_matching_skips_a_pair_that_answers_itself(qcol: Collection) -> None:
    save_notes(qcol, [Note("sco", "basic", {"front": "Shanghai Cooperation Organization",
                                            "back": "SCO"}, ARTICLE, 3, position=99)])
    infos = [card_for_note(qcol, n) for n in [*MATCHING, "sco"]]
    question = build_matching(infos, random.Random(1))
    assert "Shanghai Cooperation Organization" not in question.terms
    assert "SCO" not in question.choices and len(question.terms) == 4
    # with too few other pairs it stays: the quiz remains playable
    kept = build_matching(infos[1:], random.Random(1))
    assert "Shanghai Cooperation Organization" in kept.terms and len(kept.terms) == 4


# -- 7: the CSV names the student ---------------------------------------------------------

def _one_attempt(qcol: Collection) -> None:
    session = start_quiz(qcol, five_questions())
    session.answer("1991")
    session.finish()


def test_export_asks_for_the_missing_student_name(qtbot, qcol: Collection, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    _one_attempt(qcol)
    dialog = QuizHistoryDialog(qcol, article_id=ARTICLE)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("", False))
    out = tmp_path / "results.csv"
    assert dialog.export(out) == 0 and not out.exists()  # cancelled: nothing exported
    assert not qcol.get_setting("student_name")
    asked: list[str] = []
    monkeypatch.setattr(QInputDialog, "getText",
                        lambda *a, **k: (asked.append(a[2]) or " Ada  Lovelace ", True))
    assert dialog.export(out) == 5 and len(asked) == 1
    assert qcol.get_setting("student_name") == "Ada Lovelace"
    with out.open(newline="", encoding="utf-8") as fh:
        assert {row["student"] for row in csv.DictReader(fh)} == {"Ada Lovelace"}
    dialog.export(out)
    assert len(asked) == 1  # asked once


# -- 2, 3, 4, 9: the quiz builder --------------------------------------------------------

def _builder(qtbot, qcol: Collection) -> QuizBuilder:
    builder = QuizBuilder(qcol, ARTICLE)
    qtbot.addWidget(builder)
    _reopen(qtbot, builder)
    return builder


def _reopen(qtbot, builder: QuizBuilder) -> None:
    builder.show()
    qtbot.waitExposed(builder)
    builder.activateWindow()  # shortcuts go to the active window
    qtbot.waitUntil(builder.isActiveWindow)


def _click_card(qtbot, builder: QuizBuilder, note_id: str, ctrl: bool = True) -> None:
    cards = builder.card_list
    for i in range(cards.count()):
        if cards.item(i).data(Qt.ItemDataRole.UserRole) == note_id:
            rect = cards.visualItemRect(cards.item(i))
            modifier = (Qt.KeyboardModifier.ControlModifier if ctrl
                        else Qt.KeyboardModifier.NoModifier)
            qtbot.mouseClick(cards.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())
            return
    raise AssertionError(note_id)


def _labels(builder: QuizBuilder) -> list[str]:
    return [builder.questions.item(i).text() for i in range(builder.questions.count())]


def test_builder_adds_in_list_order_and_says_the_real_kind(qtbot, qcol: Collection) -> None:
    builder = _builder(qtbot, qcol)
    builder.ask_as.setCurrentIndex(builder.ask_as.findData("mcq"))
    _click_card(qtbot, builder, "su35", ctrl=False)  # clicked last in the list first
    _click_card(qtbot, builder, "border-year")
    qtbot.mouseClick(builder.add_button, Qt.MouseButton.LeftButton)
    labels = _labels(builder)
    assert labels[0].startswith("1. Multiple choice: The Sino-Soviet Border Agreement")
    assert labels[1] == f"2. Typed answer: Su-35 ({FALLBACK_NOTE})"
    assert FALLBACK_NOTE in builder.status.text() and "Su-35" in builder.status.text()


def test_builder_closes_with_esc_ctrl_w_and_close(qtbot, qcol: Collection,
                                                  answers: Answers) -> None:
    builder = _builder(qtbot, qcol)
    qtbot.keyClick(builder.focusWidget(), Qt.Key.Key_Escape)  # nothing changed: no question
    assert not builder.isVisible() and answers.asked == []
    _reopen(qtbot, builder)
    qtbot.keyClicks(builder.title, "Border quiz")
    answers.next = [Button.Cancel]
    qtbot.keyClick(builder.title, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert builder.isVisible() and answers.asked == ["Save the changes to “Border quiz”?"]
    answers.next = [Button.Discard]
    qtbot.mouseClick(builder.close_button, Qt.MouseButton.LeftButton)
    assert not builder.isVisible() and list_quizzes(qcol, ARTICLE) == []
    _reopen(qtbot, builder)
    _click_card(qtbot, builder, "border-year", ctrl=False)
    qtbot.mouseClick(builder.add_button, Qt.MouseButton.LeftButton)
    answers.next = [Button.Save]
    qtbot.keyClick(builder.title, Qt.Key.Key_Escape)
    assert not builder.isVisible()
    assert [q.title for q in list_quizzes(qcol, ARTICLE)] == ["Border quiz"]


def test_builder_opens_and_deletes_a_quiz(qtbot, qcol: Collection, answers: Answers) -> None:
    save_quiz(qcol, five_questions(), ARTICLE)
    _one_attempt(qcol)
    builder = _builder(qtbot, qcol)
    picker = builder.quiz_picker
    assert picker.itemText(0) == "New quiz" and "Five questions" in picker.itemText(1)
    assert not builder.delete_button.isEnabled()
    picker.setFocus()
    qtbot.keyClick(picker, Qt.Key.Key_Down)  # open "Five questions" to edit it
    assert builder.title.text() == "Five questions" and builder.questions.count() == 5
    assert builder.delete_button.isEnabled() and not builder.has_unsaved_changes()
    answers.next = [Button.No]
    qtbot.mouseClick(builder.delete_button, Qt.MouseButton.LeftButton)
    assert [q.id for q in list_quizzes(qcol, ARTICLE)] == ["five"]
    answers.next = [Button.Yes]
    qtbot.mouseClick(builder.delete_button, Qt.MouseButton.LeftButton)
    assert "Its past attempts stay in the history" in answers.asked[-1]
    assert list_quizzes(qcol, ARTICLE) == [] and len(history(qcol, "five")) == 1
    assert picker.count() == 1 and builder.questions.count() == 0
    assert builder.title.text() == ""
