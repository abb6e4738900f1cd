"""The main window's quizzes: Quiz Me, the instructor quizzes submenu, the builder and
the history, each quiz window connected to "Show in article" and "Review mistakes"."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.ui.quiz.window import QuizWindow


class QuizzesMixin:
    """Mixed into MainWindow: the quiz entries of the Study menu."""

    def _connect_quiz(self, window: QuizWindow | None) -> None:
        if window is not None:
            window.show_in_article.connect(
                lambda a, i, t, w=window: self._show_from_quiz(w, a, i, t))
            window.review_mistakes.connect(self.study_cards)

    def quiz_me(self, this_section: bool) -> None:
        article_id = self._require_article()
        if article_id is None:
            return
        from app.ui.quiz.actions import start_quick_quiz

        section = self.reader.section_index if this_section else None
        self._connect_quiz(start_quick_quiz(self, self.col, article_id, section))

    def _fill_quizzes_menu(self) -> None:
        from app.core.decks.store import list_quizzes

        self.quizzes_menu.clear()
        quizzes = list_quizzes(self.col, article_id=self._article_id) if self._article_id else []
        if not quizzes:
            empty = self.quizzes_menu.addAction("No quizzes for this article yet")
            empty.setEnabled(False)
        for spec in quizzes:
            action = self.quizzes_menu.addAction(f"{spec.title} — {spec.summary()}")
            action.setStatusTip(spec.instructions or spec.summary())
            action.triggered.connect(lambda _=False, qid=spec.id: self.open_quiz(qid))

    def open_quiz(self, quiz_id: str) -> None:
        from app.ui.quiz.actions import open_quiz

        self._connect_quiz(open_quiz(self, self.col, quiz_id))

    def open_quiz_builder(self) -> None:
        article_id = self._require_article()
        if article_id is not None:
            from app.ui.quiz.actions import open_quiz_builder

            open_quiz_builder(self, self.col, article_id)

    def open_quiz_history(self) -> None:
        from app.ui.quiz.actions import open_quiz_history

        history = open_quiz_history(self, self.col, article_id=self._article_id)
        history.show_in_article.connect(
            lambda a, i, t, w=history: self._show_from_quiz(w, a, i, t))
