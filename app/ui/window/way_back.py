""""Show in article" and the way back: the reader opens at a card's or a question's
source sentence, and its button leads back to the study session or the quiz."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget


class WayBackMixin:
    """Mixed into MainWindow: the reader's "↩ Back to study" / "↩ Back to quiz"."""

    def _set_return(self, label: str, target: Callable[[], None] | None) -> None:
        """What the reader's back button returns to: the study session or a quiz window."""
        self._return_to = target
        self.reader.set_back_action(label if target is not None else "")

    def _go_back(self) -> None:
        target = self._return_to
        self.reader.clear_highlight()  # the sentence has been seen; the page goes back to normal
        if target is not None:
            target()
        if target != self.back_to_study and self.review is not None:
            self._set_return("↩ Back to study", self.back_to_study)

    def show_in_article(self, article_id: str, section_idx: int, sentence: str) -> None:
        """Open the reader at a card's source sentence, highlighted."""
        self.open_section(article_id, section_idx, highlight=sentence or None)
        self.raise_()
        self.activateWindow()

    def _show_from_quiz(self, window: QWidget, article_id: str, section_idx: int,
                        sentence: str) -> None:
        """"Show in article" from a quiz: the reader offers the way back to that quiz."""
        def back_to_quiz() -> None:
            window.show()
            window.raise_()
            window.activateWindow()

        self.show_in_article(article_id, section_idx, sentence)
        self._set_return("↩ Back to quiz", back_to_quiz)
        self._return_window = window
        if window not in self._watched:  # connect once per window, not once per click
            self._watched.add(window)
            closed = getattr(window, "finished", None) or window.destroyed
            closed.connect(lambda *_, w=window: self._forget_return(w))

    def _forget_return(self, window: QWidget) -> None:
        """The quiz window closed: the back button no longer leads there."""
        if self._return_window is not window or self._return_to == self.back_to_study:
            return
        self._return_window = None
        if self.review is not None:
            self._set_return("↩ Back to study", self.back_to_study)
        else:
            self._set_return("", None)
