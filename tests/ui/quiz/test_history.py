"""Acceptance-audit fixes in the quiz windows, driven by clicks and keys: the student's
name, history per quiz, and per-question details on the results page."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from PySide6.QtCore import Qt

from app.core.decks.store import save_quiz
from app.core.quiz.session import QuickQuizOptions, start_quick_quiz, start_quiz
from app.core.quiz.spec import QuestionSpec, QuizSpec
from app.core.storage.collection import Collection
from app.ui.quiz.history import QuizHistoryDialog
from app.ui.quiz.window import QuizWindow
from app.ui.study.options import StudyOptionsDialog
from tests.helpers.quizdata import ARTICLE


def _quiz(quiz_id: str, title: str, feedback: str = "each") -> QuizSpec:
    return QuizSpec(id=quiz_id, title=title, feedback=feedback,  # type: ignore[arg-type]
                    shuffle_options=False,
                    questions=[QuestionSpec("typed", "border-year"),
                               QuestionSpec("typed", "rosoboron-deputy")])


def _take(col: Collection, spec: QuizSpec, *answers: str) -> None:
    session = start_quiz(col, spec)
    for a in answers:
        session.answer(a)
    session.finish()


def test_student_name_is_set_in_study_options(qtbot, qcol: Collection) -> None:
    dialog = StudyOptionsDialog(qcol)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.student_name, "Ada Lovelace")
    qtbot.keyClick(dialog.student_name, Qt.Key.Key_Return)  # Enter presses OK
    assert dialog.result() == dialog.DialogCode.Accepted
    assert qcol.get_setting("student_name") == "Ada Lovelace"
    again = StudyOptionsDialog(qcol)
    qtbot.addWidget(again)
    assert again.student_name.text() == "Ada Lovelace"
    _take(qcol, _quiz("q1", "First"), "1991")
    assert qcol.execute("SELECT student FROM quiz_attempts").fetchone()[0] == "Ada Lovelace"


def test_history_picks_one_quiz_or_the_quick_quizzes(qtbot, qcol: Collection,
                                                     tmp_path: Path) -> None:
    first, second = _quiz("q1", "First quiz"), _quiz("q2", "Second quiz")
    for spec in (first, second):
        save_quiz(qcol, spec)
    _take(qcol, first, "1991", "Scherbinin")
    _take(qcol, first, "1990")
    _take(qcol, second, "1991")
    quick = start_quick_quiz(qcol, ARTICLE, QuickQuizOptions(count=1, kinds=("truefalse",),
                                                             prefer_weak=False),
                             random.Random(1))
    quick.finish()

    qcol.set_setting("student_name", "Ada Lovelace")  # else the export asks for it
    dialog = QuizHistoryDialog(qcol, article_id=ARTICLE)
    qtbot.addWidget(dialog)
    picker = dialog.quiz_picker
    assert [picker.itemText(i) for i in range(picker.count())] == [
        "All quizzes", "First quiz", "Second quiz", "Quick quizzes"]

    def quiz_column() -> list[str]:
        return sorted(dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount()))

    assert quiz_column() == sorted(["First quiz", "First quiz", "Second quiz", quick.title])
    picker.setCurrentIndex(picker.findText("First quiz"))
    assert quiz_column() == ["First quiz", "First quiz"]
    out = tmp_path / "first.csv"
    assert dialog.export(out) == 4  # 2 attempts × 2 questions: the export follows the picker
    with out.open(newline="", encoding="utf-8") as fh:
        assert {row["quiz_id"] for row in csv.DictReader(fh)} == {"q1"}
    picker.setCurrentIndex(picker.findText("Quick quizzes"))
    assert quiz_column() == [quick.title]
    assert dialog.export(tmp_path / "quick.csv") == 1


def test_results_page_explains_each_question_with_its_source(qtbot, qcol: Collection) -> None:
    window = QuizWindow(start_quiz(qcol, _quiz("end", "At the end", feedback="end")))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    for answer in ("1990", "Scherbinin"):  # feedback at the end: straight to the next one
        qtbot.keyClicks(window.focusWidget(), answer)
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Return)
    panel = window.results_panel
    assert window.stack.currentWidget() is panel
    assert panel.show_button.isHidden() and panel.explanation.isHidden()

    table = panel.answers
    rect = table.visualRect(table.model().index(0, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.explanation.text() == "It settled most border disputes."
    assert "was signed in 1991" in panel.source.text()
    assert panel.show_button.isVisible()
    with qtbot.waitSignal(window.show_in_article) as shown:
        qtbot.mouseClick(panel.show_button, Qt.MouseButton.LeftButton)
    article_id, section_idx, sentence = shown.args
    assert (article_id, section_idx) == (ARTICLE, 0)
    assert sentence.endswith("was signed in 1991.")

    rect = table.visualRect(table.model().index(1, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.source.isHidden() and panel.show_button.isHidden()  # that card has no source
