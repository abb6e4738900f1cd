"""The "Quiz me" dialog knows before Start what the choice gives: Matching only where
cards can be matched, and how many questions there will really be."""

from __future__ import annotations

import random

from PySide6.QtCore import Qt

from app.core.quiz.session import QuickQuizOptions, quick_quiz_questions
from app.core.storage.collection import Collection
from app.ui.quiz.actions import show_quick_quiz
from app.ui.quiz.setup import QuickQuizDialog
from tests.helpers.quizdata import ARTICLE

SECTIONS = ["Introduction", "Military", "Joint Exercises", "Security", "New level", "Prospects"]


def _dialog(qtbot, col: Collection, section_idx: int | None) -> QuickQuizDialog:  # type: ignore[no-untyped-def]
    def planner(options: QuickQuizOptions):  # type: ignore[no-untyped-def]
        return quick_quiz_questions(col, ARTICLE, options, random.Random(7))

    dialog = QuickQuizDialog(SECTIONS, section_idx, planner=planner)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _toggle_section(qtbot, dialog: QuickQuizDialog, row: int) -> None:  # type: ignore[no-untyped-def]
    dialog.sections.setFocus()
    dialog.sections.setCurrentRow(row)
    qtbot.keyClick(dialog.sections, Qt.Key.Key_Space)


def test_matching_is_offered_only_where_cards_can_be_matched(qtbot, qcol: Collection) -> None:
    dialog = _dialog(qtbot, qcol, 0)  # the Introduction: two cards, nothing to match
    matching = dialog.kinds["matching"]
    assert not matching.isEnabled() and not matching.isChecked()
    assert "at least 4" in matching.toolTip()
    assert "matching" not in dialog.options().kinds
    _toggle_section(qtbot, dialog, 2)  # Joint Exercises has four short cards
    assert matching.isEnabled() and matching.isChecked()
    _toggle_section(qtbot, dialog, 2)
    assert not matching.isEnabled()


def test_fewer_questions_than_asked_are_announced_before_starting(qtbot, qcol: Collection) -> None:
    dialog = _dialog(qtbot, qcol, 0)
    assert dialog.count.value() == 10
    assert dialog.note.isVisible()
    assert dialog.note.text() == ("Only 2 questions can be made from the chosen sections "
                                  "and kinds, so the quiz will have 2.")
    start = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert start.isEnabled()
    dialog.count.setValue(2)
    assert not dialog.note.isVisible()
    planned = dialog.planned
    assert planned is not None and len(planned) == 2
    window = show_quick_quiz(None, qcol, ARTICLE, dialog)
    assert window is not None
    qtbot.addWidget(window)
    assert window.session.questions == planned  # exactly what was announced


def test_a_choice_that_gives_no_quiz_is_refused_in_the_dialog(qtbot, qcol: Collection) -> None:
    dialog = _dialog(qtbot, qcol, 5)  # Prospects: only a true/false card
    for kind in ("truefalse",):
        dialog.kinds[kind].setChecked(False)
    start = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not start.isEnabled()
    assert dialog.problem.isVisible() and "no cards to quiz on" in dialog.problem.text()
