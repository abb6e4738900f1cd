"""What the student does to the card on the review screen — grade, undo, bury, suspend,
edit, look it up — and an answer kept on screen when its write failed, until Retry
Saving (or a grade key) saves it.

Every decision is the core's (StudySession); here each action is tried, and what went
wrong is said in the line above the card, in the study screen's own words.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from app.core.articles.library import section_titles
from app.core.errors import CollectionWriteError
from app.core.notes.model import NoteError
from app.core.notes.store import get_note, save_note
from app.core.storage.faults import reason_only
from app.core.study.session import StudyCard
from app.core.study.settings import StudyError
from app.ui import theme
from app.ui.cards.note_form import NoteForm
from app.ui.study.options import StudyOptionsDialog
from app.ui.study.review_layout import GRADE_NAMES


class ReviewActions:
    """Mixed into ReviewWidget: its actions, by key or button."""

    def grade(self, rating: int) -> None:
        if self.card is None or not self.answer_shown:
            return
        answered, options, typed = self.card, self._options, self.typed.text()
        retrying = self.unsaved is not None
        elapsed_ms = self.unsaved[1] if self.unsaved is not None else \
            int((time.monotonic() - self._shown_at) * 1000)
        try:
            # the next card is painted inside the answer's transaction, before its sync; a
            # retry paints after it, so "NOT saved" is never shown beside the next card
            self.session.answer(answered, rating, elapsed_ms,
                                before_commit=None if retrying else self._paint_next)
        except CollectionWriteError as exc:
            # Nothing was saved: keep the answer and the card on screen until it is.
            self.unsaved = (rating, elapsed_ms)
            if self.card is not answered:  # the next card was painted: back to this one
                self._show_again(answered, options, typed)
            self._tell(f"Your answer “{GRADE_NAMES[rating]}” was NOT saved: "
                       f"{reason_only(exc)}\nIt is kept: press Retry Saving (or a grade key) "
                       "once the problem is fixed.", error=True)
            self.retry_button.setVisible(True)
            return
        except StudyError as exc:  # e.g. the card was deleted in the browser meanwhile
            self._tell(str(exc), error=True)
            self.unsaved = None  # there is nothing left to save it to
            self.retry_button.setVisible(False)
            self.session.rebuild()
            self._next()
            return
        if retrying:
            self.unsaved = None
            self.retry_button.setVisible(False)
            self._tell("Saved.")
            self._next()

    def retry_save(self) -> None:
        """Save the kept answer again (after a failed write)."""
        if self.unsaved is not None:
            self.grade(self.unsaved[0])

    def leave(self) -> None:
        """Back to reading; an answer that could not be saved is not dropped unasked."""
        if self.unsaved is not None:
            from PySide6.QtWidgets import QMessageBox

            choice = QMessageBox.question(
                self, "Answer not saved",
                "Your last answer could not be saved. Leave anyway and lose it?",
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel)
            if choice != QMessageBox.StandardButton.Discard:
                return
            self.unsaved = None
            self.retry_button.setVisible(False)
        self.closed.emit()

    def undo(self) -> None:
        """The card that comes back is painted before the undo's sync (as a grade's next
        card is); "Undone." is said once it is committed."""
        painted: list[bool] = []

        def paint() -> None:
            self._paint_next()
            painted.append(True)

        try:
            undone = self.session.undo(before_commit=paint)
        except (StudyError, CollectionWriteError) as exc:
            if painted:  # the undo is not kept: back to what the session shows now
                self._next()
            self._tell(str(exc), error=True)
            return
        self._tell("Undone." if undone is not None else "Nothing to undo in this session.")

    def _tell(self, text: str, error: bool = False) -> None:
        """A one-line note above the card: what just happened, or what went wrong."""
        theme.set_text_role(self.message, "bad" if error else "muted")
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _put_away(self, action: Callable[[StudyCard], object], failed: str, done: str) -> None:
        """Bury or suspend the card shown and go on; a failed write says so and keeps it."""
        if self.card is None:
            return
        try:
            action(self.card)
        except CollectionWriteError as exc:
            self._tell(f"{failed}: {exc}", error=True)
            return
        self._tell(done)
        self._next()

    def bury(self) -> None:
        self._put_away(self.session.bury, "Not buried", "Buried until tomorrow — u to undo.")

    def suspend(self) -> None:
        self._put_away(self.session.suspend, "Not suspended",
                       "Suspended: it will not be shown until you unsuspend it in the card "
                       "browser — u to undo.")

    def edit(self) -> None:
        if self.card is None:
            return
        sections = section_titles(self.col, self.card.article_id)
        dialog = NoteForm(sections, get_note(self.col, self.card.note_id), parent=self,
                          col=self.col)
        dialog.accepted.connect(self._after_edit)
        self.edit_dialog = dialog
        dialog.open()

    def _after_edit(self) -> None:
        if self.card is None or self.edit_dialog is None:
            return
        try:
            save_note(self.col, self.edit_dialog.edited_note())
        except (NoteError, CollectionWriteError) as exc:
            self._tell(str(exc), error=True)
            if isinstance(exc, CollectionWriteError):  # not saved: the form comes back as typed
                self.edit_dialog.open()
            return
        shown = self.answer_shown
        self.card = self.session.reload(self.card)
        if self.card is None:
            self._next()
            return
        self._show_question()
        if shown:
            self.show_answer()

    def open_options(self) -> None:
        dialog = StudyOptionsDialog(self.col, self)
        self.options_dialog = dialog
        dialog.open()

    def _show_in_article(self) -> None:
        card = self.card
        if card is not None and card.article_id is not None:
            self.show_in_article.emit(card.article_id, card.section_idx or 0, card.source)

    def show_card_info(self) -> None:
        """`i`: the card's history and state (app.ui.stats.card_info)."""
        if self.card is not None:
            from app.ui.stats.card_info import show_card_info

            self.card_info = show_card_info(self, self.col, [self.card.card_id])
