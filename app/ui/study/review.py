"""The review screen: overview, question, answer and grading, summary — keyboard first.

Thin by design: every decision (which card, what each button does to it, undo,
limits) is made by `app.core.study.session.StudySession`; this widget only shows the
card it is given, measures how long the student looked at it, and passes the
key pressed back to the core. Keys as in Anki: Space/Enter show the answer
and then mean Good, 1-4 grade, u undo, - bury, @ suspend, e edit, Esc back.

Here is the session's flow, page by page and key by key; the pages are built in
review_layout.py, the card's text is written by card_text.py (pure functions of the
card and the palette), and the actions with the failed-write retry are in
review_actions.py.
"""

from __future__ import annotations

import random
import time

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.changes import Change
from app.core.clock import Clock
from app.core.storage.collection import Collection
from app.core.study.queues import Scope, card_total
from app.core.study.session import StudyCard, StudySession
from app.core.study.typed_diff import TypedComparison, compare_typed
from app.ui.background import LatestOnly
from app.ui.cards.note_form import NoteForm
from app.ui.changes import changes_of
from app.ui.errors import show_error
from app.ui.study.card_text import (
    answer_html,
    comparison_html,
    counts_html,
    question_html,
    summary_text,
)
from app.ui.study.review_actions import ReviewActions
from app.ui.study.review_layout import (
    CARD_TOP_MARGIN,
    COMPACT_TOP_MARGIN,
    GRADE_NAMES,
    KEYS_LEGEND,
    TYPED_LEGEND,
    ReviewLayout,
    review_style,
)

COMPACT_HEIGHT = 480  # below this the review screen drops its keys legend
PALETTE_EVENTS = (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)
GRADE_KEYS = {Qt.Key.Key_1: 1, Qt.Key.Key_2: 2, Qt.Key.Key_3: 3, Qt.Key.Key_4: 4}


class ReviewWidget(ReviewLayout, ReviewActions, QWidget):
    """Study one scope. Emits `closed` on Esc/Back and `show_in_article` for the reader."""

    closed = Signal()
    show_in_article = Signal(str, int, str)
    painted = Signal()
    """The card after a grade is on the screen — sent before that answer's commit (its
    sync), which follows in the same call: tests and benchmarks tell the two apart."""

    def __init__(self, col: Collection, scope: Scope, title: str = "Study",
                 parent: QWidget | None = None, clock: Clock | None = None) -> None:
        super().__init__(parent)
        self.col = col
        self.session = StudySession(col, scope, clock)
        self.card: StudyCard | None = None
        self.edit_dialog: NoteForm | None = None
        self.answer_shown = False
        self._answer_to_show = False  # the answer, once shown, is scrolled into view
        self._shown_at = time.monotonic()
        self._options: list[str] = []  # a multiple-choice card's options, shuffled per showing
        self._comparison: TypedComparison | None = None
        self._shuffle = random.Random()
        self._restyling = False
        self.unsaved: tuple[int, int] | None = None
        """(rating, duration ms) of an answer that failed to save, kept until it is saved."""
        self.setObjectName("ReviewWidget")
        self.setStyleSheet(review_style())
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._card_total = LatestOnly(col, self._show_card_total,
                                      lambda exc: show_error(self, "Study", exc), self)

        self.counts = QLabel(objectName="counts")
        self.counts.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = QLabel(objectName="message")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.hide()  # takes room only while it says something
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.retry_button = self._button("Retry Saving", self.retry_save,
                                         "Save the kept answer again", "retry", primary=True)
        self.retry_button.setVisible(False)
        retry_row = QHBoxLayout()
        retry_row.addStretch(1)
        retry_row.addWidget(self.retry_button)
        retry_row.addStretch(1)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_overview(title))
        self.pages.addWidget(self._build_study())
        self.card_area.verticalScrollBar().rangeChanged.connect(self._bring_answer_into_view)
        self.pages.addWidget(self._build_summary())
        layout = QVBoxLayout(self)
        layout.addWidget(self.counts)
        layout.addWidget(self.message)
        layout.addLayout(retry_row)
        layout.addWidget(self.pages, 1)
        self.show_overview()
        changes_of(col).changed.connect(self._on_changes)

    def _on_changes(self, changes: Change) -> None:
        """Cards or options changed elsewhere: the overview recounts; a card being
        studied is left alone (the session picks up the change at the next card)."""
        if self.pages.currentIndex() == 0 and changes & (
                Change.CARDS | Change.NOTES | Change.STUDY | Change.SETTINGS):
            self.show_overview()

    def _update_counts(self) -> None:
        current = self.card.queue if self.card is not None and not self.answer_shown else None
        self.counts.setText(counts_html(self.session.counts(), current))

    def show_overview(self) -> None:
        """The start page: counts and a Study button (rebuilt from the collection)."""
        self.session.rebuild()
        self.card = None
        c = self.session.counts()
        if c.total:  # the counts are in the line above; here what they are out of, which
            # means counting every card of the scope: off the GUI thread, added when in
            self.overview_info.setText(f"{c.total} to study now")
            scope = self.session.scope
            self._card_total.start(lambda view: (c.total, card_total(view, scope)))
        else:
            s = self.session.summary()
            if s.next_due is None and not s.new_left:
                self.overview_info.setText(
                    "There are no cards here yet. Make some with Cards → Generate Cards "
                    "(Ctrl+G), or add your own in the card browser (Ctrl+B).")
            else:
                self.overview_info.setText("Nothing to study right now.\n" + summary_text(
                    s, self.session.clock()).split("\n", 3)[-1])
        self.study_button.setEnabled(c.total > 0)
        self.study_button.setVisible(c.total > 0)
        self._update_counts()
        self.pages.setCurrentIndex(0)
        self.setFocus()

    def _show_card_total(self, counted: tuple[int, int]) -> None:
        """"… · 109 cards in this article", once counted, if the overview still shows
        the same number to study."""
        due, total = counted
        if self.pages.currentIndex() != 0 or self.overview_info.text() != f"{due} to study now":
            return
        scope = self.session.scope
        where = ("this list" if scope.card_ids is not None
                 else "all articles" if scope.every_article
                 else "this section" if scope.section_idx is not None else "this article")
        self.overview_info.setText(
            f"{due} to study now · {total} card{'s' if total != 1 else ''} in {where}")

    def start(self) -> None:
        self._next()

    def _next(self) -> None:
        self.card = self.session.next_card()
        if self.card is None:
            self._show_summary()
            return
        self._show_question()

    def _paint_next(self) -> None:
        """The next card shown and painted now, not at the event loop's next turn: a grade
        runs this just before its commit, so the student does not wait for the disk's
        sync (the commit still finishes before any other key or event is handled)."""
        self._next()
        # lay the new text out first, so this one paint shows it in its final place
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        self.repaint()
        self.painted.emit()

    def _show_again(self, card: StudyCard, options: list[str], typed: str) -> None:
        """Back to a card whose answer was on screen, as it was (the order of its options,
        the typed answer): its answer's commit failed after the next card was painted."""
        self.card = card
        self._show_question()
        self._options = options
        self.typed.setText(typed)
        self.show_answer()

    def _media(self, escaped: str) -> str:
        """Imported images shown, sounds as ▶ links (see app.core.interop.media)."""
        from app.core.interop.media import media_html
        from app.core.interop.model import media_dir

        return media_html(escaped, media_dir(self.col))

    def _play(self, link: str) -> None:
        """Play an imported sound with the system's player."""
        from app.ui.media import play_sound

        play_sound(self.col, link)

    def _show_question(self) -> None:
        card = self.card
        assert card is not None
        self._options = list(card.face.options)
        if card.kind == "mcq":  # recall, not position: the right answer is not always first
            self._shuffle.shuffle(self._options)
        self._comparison = None
        self.answer_shown = False
        is_typed = card.kind == "typed"
        self.typed.setVisible(is_typed)
        self.typed.clear()
        self.typed.setReadOnly(False)
        self.answer_controls.setCurrentIndex(0)  # Show Answer
        for rating, b in self.grade_buttons.items():
            b.setText(f"{GRADE_NAMES[rating]}\n{card.labels[rating]}")
        self.article_button.setEnabled(card.article_id is not None)
        self.undo_button.setEnabled(self.session.can_undo)
        self.keys_legend.setText(TYPED_LEGEND if is_typed else KEYS_LEGEND)
        self._render_card()
        self.pages.setCurrentIndex(1)
        self.card_area.verticalScrollBar().setValue(0)
        self._update_counts()
        if is_typed:
            self.typed.setFocus()
        else:
            self.setFocus()
        self._shown_at = time.monotonic()

    def _render_card(self) -> None:
        """Fill the card's labels from the card and whether its answer is shown, in the
        palette's colours (called again when the palette changes)."""
        card = self.card
        if card is None:
            return
        face, shown = card.face, self.answer_shown
        self.question.setText(question_html(card, shown, self._options, self._media))
        self.instruction.setText(face.instruction)
        self.instruction.setVisible(bool(face.instruction))
        if not shown:
            self.answer.clear()
            self.comparison.clear()
            return
        self.answer.setText(answer_html(card, self._media))
        self.comparison.setText(comparison_html(self._comparison)
                                if self._comparison is not None else "")

    def show_answer(self) -> None:
        if self.card is None or self.answer_shown:
            return
        face = self.card.face
        if self.card.kind == "typed":
            alternatives = self.card.fields.get("alternatives", [])
            self._comparison = compare_typed(self.typed.text(), face.answer, alternatives)
            self.typed.setReadOnly(True)
        self.answer_shown = True
        self._render_card()
        self.answer_controls.setCurrentIndex(1)  # the grades
        self.keys_legend.setText(KEYS_LEGEND)
        if self.unsaved is None:
            self.message.clear()  # a note about the previous card is stale now
            self.message.hide()
        self._update_counts()
        self.setFocus()
        # in a small window, bring the answer into view once the layout has settled: now,
        # and again when the card's scroll range grows for it (a zero-time timer alone
        # came first under X11: a true/false card's answer stayed below the fold at
        # 640 × 420)
        self._answer_to_show = True
        QTimer.singleShot(0, self._bring_answer_into_view)

    def _bring_answer_into_view(self, *_range: int) -> None:
        """The answer (or the typed comparison) scrolled into view, once per card."""
        if self.answer_shown and self._answer_to_show:
            self.card_area.ensureWidgetVisible(
                self.comparison if self.comparison.text() else self.answer, 0, 20)
            self._answer_to_show = self.card_area.verticalScrollBar().value() == 0

    def _show_summary(self) -> None:
        self.summary.setText(summary_text(self.session.summary(), self.session.clock()))
        self.summary_undo.setEnabled(self.session.can_undo)
        self.pages.setCurrentIndex(2)
        self._update_counts()
        self.setFocus()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """In a short window the card keeps the room: the keys legend (also in Help →
        Keyboard Shortcuts and the buttons' tooltips) goes, and the margins shrink."""
        super().resizeEvent(event)
        compact = self.height() < COMPACT_HEIGHT
        self.keys_legend.setVisible(not compact)
        margin = 2 if compact else 9
        self.layout().setContentsMargins(margin, margin, margin, margin)
        top = COMPACT_TOP_MARGIN if compact else CARD_TOP_MARGIN
        if self.card_top.sizeHint().height() != top:
            self.card_top.changeSize(0, top, QSizePolicy.Policy.Minimum,
                                     QSizePolicy.Policy.Fixed)
            self.card_area.widget().layout().invalidate()

    def changeEvent(self, event: QEvent) -> None:
        """Light ↔ dark: re-colour the style sheet and the card on screen."""
        super().changeEvent(event)
        if event.type() in PALETTE_EVENTS and not self._restyling:
            style = review_style()
            if style == self.styleSheet():  # the first show's polish, not a new palette:
                return                      # re-applying cost 5 ms of opening the overview
            self._restyling = True  # setting the style sheet sends a palette change itself
            try:
                self.setStyleSheet(style)
                self._update_counts()
                if self.pages.currentIndex() == 1:
                    self._render_card()
            finally:
                self._restyling = False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, text, page = event.key(), event.text(), self.pages.currentIndex()
        if key == Qt.Key.Key_Escape:
            self.leave()
        elif text == "u" and page in (1, 2):
            self.undo()
        elif page == 0 and key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.study_button.isEnabled():
                self.start()
        elif page != 1:
            super().keyPressEvent(event)
        elif key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.grade(3) if self.answer_shown else self.show_answer()
        elif key in GRADE_KEYS:
            self.grade(GRADE_KEYS[key])
        elif text == "-":
            self.bury()
        elif text == "@":
            self.suspend()
        elif text == "e":
            self.edit()
        elif text == "i":
            self.show_card_info()
        else:
            super().keyPressEvent(event)
