"""Entry points the main window wires to menus: quick quiz, instructor quiz, builder, history."""

from __future__ import annotations

import random
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from app.core.articles.library import section_titles
from app.core.quiz.questions import Question, QuizError
from app.core.quiz.session import QuickQuizOptions, quick_quiz_questions, start_quiz
from app.core.quiz.session import start_quick_quiz as quick_session
from app.core.storage.collection import Collection
from app.ui.quiz.builder import QuizBuilder
from app.ui.quiz.history import QuizHistoryDialog
from app.ui.quiz.setup import QuickQuizDialog
from app.ui.quiz.window import QuizWindow


def start_quick_quiz(parent: QWidget | None, col: Collection, article_id: str,
                     section_idx: int | None = None) -> QuizWindow | None:
    """"Quiz me": ask for the options, then open the quiz (None if cancelled or impossible)."""
    titles = section_titles(col, article_id)
    plan_seed = random.randrange(2**32)  # one plan per dialog: stable while choosing

    def planner(options: QuickQuizOptions) -> list[Question]:
        return quick_quiz_questions(col, article_id, options, random.Random(plan_seed))

    dialog = QuickQuizDialog(titles, section_idx, parent, planner=planner)
    while dialog.exec() == QDialog.DialogCode.Accepted:
        window = show_quick_quiz(parent, col, article_id, dialog)
        if window is not None:
            return window
        # the quiz could not be made after all (cards changed meanwhile): the choice
        # stays on screen to change, instead of vanishing with the message
    return None


def show_quick_quiz(parent: QWidget | None, col: Collection, article_id: str,
                    dialog: QuickQuizDialog) -> QuizWindow | None:
    try:
        session = quick_session(col, article_id, dialog.options(), questions=dialog.planned)
    except QuizError as exc:
        QMessageBox.information(parent, "Quiz me", str(exc))
        return None
    return _show(QuizWindow(session, parent))


def open_quiz(parent: QWidget | None, col: Collection, quiz_id: str) -> QuizWindow | None:
    """Open an instructor quiz on its start page; a used-up attempts limit or a broken
    quiz is explained instead. ("Quiz me" starts at once: its dialog was the start page.)"""
    from app.core.decks.store import get_quiz

    try:
        spec = get_quiz(col, quiz_id)
        session = start_quiz(col, spec, begin=False)  # a start page first
    except (QuizError, KeyError) as exc:
        QMessageBox.information(parent, "Quiz", str(exc).strip("'\""))
        return None
    window = _show(QuizWindow(session, parent))
    if spec.attempts > 0 or spec.time_limit:
        from app.ui.classroom.attempts_check import check_attempts_elsewhere

        check_attempts_elsewhere(window, col, spec)
    return window


def open_quiz_builder(parent: QWidget | None, col: Collection, article_id: str,
                      quiz_id: str | None = None) -> QuizBuilder:
    """A builder for a new quiz on the article, or for editing `quiz_id`."""
    from app.core.decks.store import get_quiz

    builder = QuizBuilder(col, article_id, get_quiz(col, quiz_id) if quiz_id else None, parent)
    return _show(builder)


def open_quiz_history(parent: QWidget | None, col: Collection, quiz_id: str | None = None,
                      article_id: str | None = None, title: str = "") -> QuizHistoryDialog:
    return _show(QuizHistoryDialog(col, quiz_id, article_id, title, parent))


W = TypeVar("W", bound=QWidget)


def _show(widget: W) -> W:
    """Show as a window of its own, even with a parent (which keeps it alive)."""
    widget.setWindowFlag(Qt.WindowType.Window, True)
    widget.show()
    return widget
