"""The main window's study session: the review screen in place of the reader (the
sidebar hidden), and back to where the student was reading when it ends."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from app.core.paths import APP_NAME

if TYPE_CHECKING:
    from app.core.study.queues import Scope


class StudyMixin:
    """Mixed into MainWindow: Study → Study Article/Section, and leaving study."""

    def _studying(self) -> bool:
        return self.review is not None and self.pages.currentWidget() is self.review

    def study(self, this_section: bool) -> None:
        article_id = self._require_article()
        if article_id is None:
            return
        from app.core.study.queues import Scope

        section = self.reader.section_index if this_section else None
        article = self.article(article_id)
        title = article.sections[section].title if section is not None else article.title
        self._show_review(Scope(article_id=article_id, section_idx=section), title)

    def study_cards(self, card_ids: list[int]) -> None:
        """Flashcards for exactly these cards (the quiz's "Review mistakes")."""
        if card_ids:
            from app.core.study.queues import Scope

            self._show_review(Scope(card_ids=tuple(card_ids)), "Review mistakes")
            self.raise_()
            self.activateWindow()

    def _show_review(self, scope: Scope, title: str) -> None:
        from app.ui.study.review import ReviewWidget

        if not self._studying() and self._article_id is not None:
            self._before_study = (self._article_id, self.reader.section_index,
                                  self.reader.scroll_fraction())
        self._close_review()
        self._sidebar_studying = False
        self._study_from_home = False
        review = ReviewWidget(self.col, scope, title, parent=self)
        review.closed.connect(self.end_study)
        review.show_in_article.connect(self.show_in_article)
        self.review = review
        self._review_title = title
        self.pages.addWidget(review)
        self._set_return("↩ Back to study", self.back_to_study)
        self.back_to_study()

    def back_to_study(self) -> None:
        """Return to the open study session (after "Show in article")."""
        if self.review is not None:
            self.pages.setCurrentWidget(self.review)
            self._apply_sidebar()
            self.review.setFocus()
            self.setWindowTitle(f"Study: {self._review_title} — {APP_NAME}")

    def _close_review(self) -> None:
        review = self.review
        if review is not None:
            self.pages.removeWidget(review)
            review.deleteLater()
            self.review = None
        if self._return_to == self.back_to_study:
            self._set_return("", None)

    def end_study(self) -> None:
        """The study session was closed (Esc / Back): back to where the student was reading
        before studying, not to the last card's "In article" jump."""
        from app.core.articles.library import list_articles

        before = self._before_study
        self._close_review()
        self._before_study = None
        if before is not None and self._article_id is not None and before[0] in {
                a.id for a in list_articles(self.col)}:
            article_id, section_idx, scroll = before
            if (article_id, section_idx) != (self._article_id, self.reader.section_index):
                self.open_section(article_id, section_idx)
            self.reader.clear_highlight()
            QTimer.singleShot(0, lambda: self.reader.set_scroll_fraction(scroll))
        if self._study_from_home:  # studying began on the home screen: back there
            self._study_from_home = False
            self.show_home()
        else:
            self.show_reader()

    def study_options(self) -> None:
        from app.ui.study.options import StudyOptionsDialog

        StudyOptionsDialog(self.col, self).exec()
