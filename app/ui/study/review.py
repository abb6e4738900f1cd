"""The review screen: overview, question, answer and grading, summary — keyboard first.

Thin by design: every decision (which card, what each button does to it, undo,
limits) is made by `app.core.study.session.StudySession`; this widget only shows the
card it is given, measures how long the student looked at it, and passes the
key pressed back to the core. Keys as in Anki: Space/Enter show the answer
and then mean Good, 1-4 grade, u undo, - bury, @ suspend, e edit, Esc back.
"""

from __future__ import annotations

import html
import random
import time
from datetime import datetime

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.articles.library import section_titles
from app.core.changes import Change
from app.core.clock import Clock
from app.core.errors import CollectionWriteError
from app.core.notes.model import GAP, NoteError, cloze_parts
from app.core.notes.store import get_note, save_note
from app.core.storage.collection import Collection
from app.core.storage.faults import reason_only
from app.core.study.scheduler import interval_label
from app.core.study.session import Scope, StudyCard, StudySession, Summary, card_total
from app.core.study.settings import StudyError
from app.core.study.typed_diff import TypedComparison, compare_typed
from app.ui import theme
from app.ui.cards.note_form import NoteForm
from app.ui.changes import changes_of
from app.ui.study.options import StudyOptionsDialog

STYLE = """
ReviewWidget { background: palette(base); }
QLabel#question, QLabel#answer { font-size: 20px; }
QLabel#answer { color: palette(text); }
QLabel#counts { font-size: 15px; padding: 6px; }
QLabel#heading { font-size: 22px; font-weight: 600; }
QLabel#info { font-size: 15px; color: {muted}; }
QPushButton { padding: 7px 16px; font-size: 14px; border: 1px solid palette(mid);
              border-radius: 6px; background: palette(button); color: palette(button-text); }
QPushButton:hover { border-color: palette(highlight); }
QPushButton:disabled { color: {muted}; border-color: palette(midlight); }
QPushButton#primary { background: palette(highlight); color: palette(highlighted-text);
                      border-color: palette(highlight); font-weight: 600; min-width: 160px; }
QPushButton#grade { min-width: 72px; padding: 8px 12px; font-size: 15px; }
QScrollArea#cardArea, QWidget#card { background: transparent; }
QPushButton#grade[rating="1"] { border: 2px solid {grade1}; }
QPushButton#grade[rating="2"] { border: 2px solid {grade2}; }
QPushButton#grade[rating="3"] { border: 2px solid {grade3}; }
QPushButton#grade[rating="4"] { border: 2px solid {grade4}; }
QPushButton#quiet { border: none; background: transparent; color: {muted};
                    padding: 4px 10px; font-size: 13px; }
QPushButton#quiet:hover { color: palette(text); }
QPushButton#quiet:disabled { color: palette(midlight); }
QLabel#legend { color: {muted}; font-size: 12px; }
QLineEdit#typed { font-size: 18px; padding: 6px; }
QLabel#instruction { color: {muted}; font-size: 15px; font-style: italic; }
"""
CONTENT_WIDTH = 760  # a calm column, like the reader's
CARD_TOP_MARGIN = 32
COMPACT_HEIGHT = 480  # below this the review screen drops its keys legend
PALETTE_EVENTS = (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)
#: The text role of each count (as Anki: new blue, learning red, review green).
COUNT_ROLES = {"new": "accent", "learning": "bad", "review": "good"}
GRADE_KEYS = {Qt.Key.Key_1: 1, Qt.Key.Key_2: 2, Qt.Key.Key_3: 3, Qt.Key.Key_4: 4}
GRADE_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
KEYS_LEGEND = "Space show answer · 1–4 grade · u undo · - bury · @ suspend · e edit · Esc back"
TYPED_LEGEND = "Type your answer, then Enter to compare · Esc back"


def _centered(page: QWidget, content: QVBoxLayout) -> QWidget:
    """Lay `content` out in a column of at most CONTENT_WIDTH, centred in `page`."""
    column = QWidget(page)
    column.setLayout(content)
    column.setMaximumWidth(CONTENT_WIDTH)
    outer = QHBoxLayout(page)
    outer.addStretch(1)
    outer.addWidget(column, 100)
    outer.addStretch(1)
    return page


def _esc(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def review_style(palette: QPalette | None = None) -> str:
    """STYLE with the palette's colours for muted text and the grade buttons' borders."""
    values = {"muted": theme.css("muted", palette)}
    values.update({f"grade{r}": theme.css(role, palette) for r, role in theme.GRADE_ROLES.items()})
    style = STYLE
    for name, value in values.items():
        style = style.replace("{" + name + "}", value)
    return style


def _mark_style(status: str, palette: QPalette | None) -> str:
    """How one segment of the typed-answer comparison looks (Anki's green/red/yellow)."""
    text = palette_text(palette)
    if status == "ignored":
        return f"color:{theme.css('muted', palette)}"
    style = f"background:{theme.tint_css(status, palette)};color:{text}"
    return style + (";text-decoration:line-through" if status == "wrong" else "")


def palette_text(palette: QPalette | None) -> str:
    p = palette if palette is not None else QGuiApplication.palette()
    return p.color(QPalette.ColorRole.Text).name()


def comparison_html(cmp: TypedComparison, palette: QPalette | None = None) -> str:
    """Anki-style marked-up typed answer: what was typed, then the expected answer."""
    def spans(segments: tuple) -> str:
        return "".join(f'<span style="{_mark_style(s.status, palette)}">{_esc(s.text)}</span>'
                       for s in segments)

    if cmp.correct and cmp.misspelt:
        spelling = "".join(s.text for s in cmp.expected)
        verdict = f"✓ Accepted — the spelling is {_esc(spelling)}"
    else:
        verdict = "✓ Correct" if cmp.correct else "✗ Not quite"
    role = "good" if cmp.correct else "bad"
    typed = spans(cmp.typed) or "<i>(nothing typed)</i>"
    mono = "<span style='font-family:monospace; font-size:18px'>{}</span>"
    return (f"<p style='font-size:17px; color:{theme.css(role, palette)}'><b>{verdict}</b></p>"
            f"<p style='font-size:16px'>You typed: {mono.format(typed)}</p>"
            f"<p style='font-size:16px'>Answer: {mono.format(spans(cmp.expected))}</p>")


def cloze_back_html(fields: dict, ord_: int, palette: QPalette | None = None) -> str:
    """The cloze sentence with the recalled words in bold and the accent colour (as Anki)."""
    accent = theme.css("accent", palette)
    return "".join(f"<b style='color:{accent}'>{_esc(text)}</b>" if is_answer else _esc(text)
                   for text, is_answer in cloze_parts(fields["text"], ord_ + 1))


def options_html(options: list[str], answer: str | None = None,
                 palette: QPalette | None = None) -> str:
    """The choices of a multiple-choice card as bullets; with `answer`, the right one marked."""
    items = []
    for option in options:
        if answer is not None and option == answer:
            items.append(f"<li><b style='color:{theme.css('good', palette)}'>✓ {_esc(option)}"
                         "</b></li>")
        else:
            items.append(f"<li>{_esc(option)}</li>")
    return "<ul style='text-align:left'>" + "".join(items) + "</ul>"


def summary_text(s: Summary, now: datetime) -> str:
    minutes, seconds = divmod(round(s.seconds), 60)
    lines = [f"Cards studied: {s.studied}", f"Again: {s.again}",
             f"Time spent: {minutes} min {seconds} s"]
    if s.next_due is not None:
        when = s.next_due.astimezone().strftime("%a %d %b, %H:%M")
        lines.append(f"Next cards due in {interval_label((s.next_due - now).total_seconds())} "
                     f"({when})")
    else:
        lines.append("No answered cards are scheduled yet.")
    if s.new_left:
        lines.append(f"Not started yet: {s.new_left} new cards, for the coming days")
    return "\n".join(lines)


class ReviewWidget(QWidget):
    """Study one scope. Emits `closed` on Esc/Back and `show_in_article` for the reader."""

    closed = Signal()
    show_in_article = Signal(str, int, str)

    def __init__(self, col: Collection, scope: Scope, title: str = "Study",
                 parent: QWidget | None = None, clock: Clock | None = None) -> None:
        super().__init__(parent)
        self.col = col
        self.session = StudySession(col, scope, clock)
        self.card: StudyCard | None = None
        self.edit_dialog: NoteForm | None = None
        self.answer_shown = False
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

        self.counts = QLabel(objectName="counts")
        self.counts.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = QLabel(objectName="message")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.hide()  # takes room only while it says something
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.retry_button = self._button("Retry Saving", self.retry_save,
                                         "Save the kept answer again")
        self.retry_button.setObjectName("primary")
        self.retry_button.setVisible(False)
        retry_row = QHBoxLayout()
        retry_row.addStretch(1)
        retry_row.addWidget(self.retry_button)
        retry_row.addStretch(1)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_overview(title))
        self.pages.addWidget(self._build_study())
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

    # -- building -------------------------------------------------------------------
    def _button(self, text: str, slot: object, tip: str = "") -> QPushButton:
        button = QPushButton(text)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Space must never click a focused button
        button.clicked.connect(slot)
        button.setToolTip(tip)
        return button

    def _message_page(self, heading: QLabel, info: QLabel,
                      buttons: list[QPushButton]) -> QWidget:
        """A calm centred page: a heading, a line of information, a row of buttons."""
        for label in (heading, info):
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        row = QHBoxLayout()
        row.addStretch(1)
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout()
        layout.addStretch(1)
        layout.addWidget(heading)
        layout.addSpacing(8)
        layout.addWidget(info)
        layout.addSpacing(20)
        layout.addLayout(row)
        layout.addStretch(2)
        return _centered(QWidget(), layout)

    def _build_overview(self, title: str) -> QWidget:
        self.heading = QLabel(title, objectName="heading")
        self.overview_info = QLabel(objectName="info")
        self.study_button = self._button("Study Now", self.start, "Start studying (Space)")
        self.study_button.setObjectName("primary")
        self.options_button = self._button("Options…", self.open_options)
        self.back_button = self._button("Back to reading", self.leave, "Esc")
        return self._message_page(self.heading, self.overview_info,
                                  [self.options_button, self.study_button, self.back_button])

    def _build_study(self) -> QWidget:
        page = QWidget()
        self.question = QLabel(objectName="question")
        self.answer = QLabel(objectName="answer")
        for label in (self.question, self.answer):  # ▶ links of imported sounds
            label.linkActivated.connect(self._play)
        self.comparison = QLabel()
        self.instruction = QLabel(objectName="instruction")  # "Give the abbreviation"
        for label in (self.question, self.answer, self.comparison, self.instruction):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.typed = QLineEdit(objectName="typed")
        self.typed.setPlaceholderText("Type the answer, then Enter")
        # No returnPressed hookup: QLineEdit passes Enter on to this widget's
        # keyPressEvent, which shows the answer (connecting both would also grade).
        self.show_answer_button = self._button("Show Answer", self.show_answer, "Space or Enter")
        self.show_answer_button.setObjectName("primary")
        self.grade_buttons: dict[int, QPushButton] = {}
        grades = QHBoxLayout()
        for rating in (1, 2, 3, 4):
            b = self._button(GRADE_NAMES[rating], lambda _=False, r=rating: self.grade(r),
                             f"key {rating}")
            b.setObjectName("grade")
            b.setProperty("rating", rating)
            self.grade_buttons[rating] = b
            grades.addWidget(b)
        actions = QHBoxLayout()
        self.undo_button = self._button("Undo", self.undo, "u")
        self.bury_button = self._button("Bury", self.bury, "-")
        self.suspend_button = self._button("Suspend", self.suspend, "@")
        self.edit_button = self._button("Edit", self.edit, "e")
        self.article_button = self._button("Show in article", self._show_in_article)
        actions.addStretch(1)
        for b in (self.undo_button, self.bury_button, self.suspend_button, self.edit_button,
                  self.article_button, self._button("Back", self.leave, "Esc")):
            b.setObjectName("quiet")
            actions.addWidget(b)
        actions.addStretch(1)
        self.article_button.setText("In article")
        self.article_button.setToolTip("Show this card's source sentence in the article")
        # the keys, once, in a line that wraps on a narrow window instead of clipping
        self.keys_legend = QLabel(KEYS_LEGEND, objectName="legend")
        self.keys_legend.setWordWrap(True)
        self.keys_legend.setAlignment(Qt.AlignmentFlag.AlignCenter)
        grades.insertStretch(0, 1)
        grades.addStretch(1)
        answer_row = QHBoxLayout()
        answer_row.addStretch(1)
        answer_row.addWidget(self.show_answer_button)
        answer_row.addStretch(1)
        # the card scrolls when the window is small; the buttons below always stay in view
        card = QWidget(objectName="card")
        card_layout = QVBoxLayout(card)
        # the question keeps its place when the answer appears below it: a fixed top
        # margin, all the free space at the bottom (no centring that moves it up)
        card_layout.addSpacing(CARD_TOP_MARGIN)
        card_layout.addWidget(self.question)
        card_layout.addWidget(self.instruction)
        card_layout.addSpacing(8)
        card_layout.addWidget(self.typed)
        card_layout.addWidget(self.answer)
        card_layout.addWidget(self.comparison)
        card_layout.addStretch(1)
        self.card_area = QScrollArea(objectName="cardArea")
        self.card_area.setWidget(card)
        self.card_area.setWidgetResizable(True)
        self.card_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.card_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys belong to the review
        layout = QVBoxLayout()
        layout.addWidget(self.card_area, 1)
        layout.addLayout(answer_row)
        layout.addLayout(grades)
        layout.addSpacing(12)
        layout.addLayout(actions)
        layout.addWidget(self.keys_legend)
        return _centered(page, layout)

    def _build_summary(self) -> QWidget:
        self.summary_heading = QLabel("Done for now", objectName="heading")
        self.summary = QLabel(objectName="info")
        self.summary_undo = self._button("Undo last", self.undo, "u")
        back = self._button("Back to reading", self.leave, "Esc")
        back.setObjectName("primary")
        return self._message_page(self.summary_heading, self.summary, [self.summary_undo, back])

    # -- pages ----------------------------------------------------------------------
    def _update_counts(self) -> None:
        c = self.session.counts()
        current = self.card.queue if self.card is not None and not self.answer_shown else None

        def part(name: str, value: int, queue: int) -> str:
            style = f"color:{theme.css(COUNT_ROLES[name])}" + (
                ";text-decoration:underline" if current == queue else "")
            return f'<span style="{style}">{value}</span>'
        self.counts.setText(f"New {part('new', c.new, 0)} · Learning "
                            f"{part('learning', c.learning, 1)} · Due {part('review', c.review, 2)}")

    def show_overview(self) -> None:
        """The start page: counts and a Study button (rebuilt from the collection)."""
        self.session.rebuild()
        self.card = None
        c = self.session.counts()
        if c.total:  # the counts are in the line above; here what they are out of
            total = card_total(self.col, self.session.scope)
            where = ("this list" if self.session.scope.card_ids is not None
                     else "all articles" if self.session.scope.every_article
                     else "this section" if self.session.scope.section_idx is not None
                     else "this article")
            self.overview_info.setText(
                f"{c.total} to study now · {total} card{'s' if total != 1 else ''} in {where}")
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

    def start(self) -> None:
        self._next()

    def _next(self) -> None:
        self.card = self.session.next_card()
        if self.card is None:
            self._show_summary()
            return
        self._show_question()

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
        self.show_answer_button.setVisible(True)
        for rating, b in self.grade_buttons.items():
            b.setVisible(False)
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
        face, palette, shown = card.face, None, self.answer_shown
        muted = theme.css("muted", palette)
        if shown and card.kind == "cloze":  # the gap filled in, where it was
            text = f"<p>{cloze_back_html(card.fields, card.ord, palette)}</p>"
        elif card.kind == "cloze":  # the gap stands out as the answer will (as Anki)
            gap = _esc(f"[{face.hint}]" if face.hint else GAP)
            text = "<p>" + _esc(face.front).replace(
                gap, f"<b style='color:{theme.css('accent', palette)}'>{gap}</b>") + "</p>"
        else:
            text = f"<p>{self._media(_esc(face.front))}</p>"
        if face.hint and not shown:
            text += f"<p style='color:{muted}'>Hint: {_esc(face.hint)}</p>"
        if self._options:  # recall them, then reveal: plain bullets, nothing to click
            text += options_html(self._options, face.answer if shown else None, palette)
        self.question.setText(text)
        self.instruction.setText(face.instruction)
        self.instruction.setVisible(bool(face.instruction))
        if not shown:
            self.answer.clear()
            self.comparison.clear()
            return
        if card.kind == "cloze":  # the sentence is above; only what it does not say
            back = self._media(_esc(card.fields.get("extra") or ""))
        else:
            back = self._media(_esc(face.back))
        if card.explanation:
            back += (f"<p style='color:{muted};font-size:15px'>{_esc(card.explanation)}</p>")
        self.answer.setText("<hr>" + back if back else "<hr>")
        self.comparison.setText(comparison_html(self._comparison, palette)
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
        self.show_answer_button.setVisible(False)
        for b in self.grade_buttons.values():
            b.setVisible(True)
        self.keys_legend.setText(KEYS_LEGEND)
        if self.unsaved is None:
            self.message.clear()  # a note about the previous card is stale now
            self.message.hide()
        self._update_counts()
        self.setFocus()
        # in a small window, bring the answer into view (after the layout has settled)
        QTimer.singleShot(0, lambda: self.card_area.ensureWidgetVisible(
            self.comparison if self.comparison.text() else self.answer, 0, 20))

    def _show_summary(self) -> None:
        self.summary.setText(summary_text(self.session.summary(), self.session.clock()))
        self.summary_undo.setEnabled(self.session.can_undo)
        self.pages.setCurrentIndex(2)
        self._update_counts()
        self.setFocus()

    # -- actions --------------------------------------------------------------------
    def grade(self, rating: int) -> None:
        if self.card is None or not self.answer_shown:
            return
        elapsed_ms = self.unsaved[1] if self.unsaved is not None else \
            int((time.monotonic() - self._shown_at) * 1000)
        try:
            self.session.answer(self.card, rating, elapsed_ms)
        except CollectionWriteError as exc:
            # Nothing was saved: keep the answer and the card on screen until it is.
            self.unsaved = (rating, elapsed_ms)
            self._tell(f"Your answer “{GRADE_NAMES[rating]}” was NOT saved: "
                       f"{reason_only(exc)}\nIt is kept: press Retry Saving (or a grade key) "
                       "once the problem is fixed.", error=True)
            self.retry_button.setVisible(True)
            return
        except StudyError as exc:  # e.g. the card was deleted in the browser meanwhile
            self._tell(str(exc), error=True)
            self.session.rebuild()
        if self.unsaved is not None:
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
        try:
            undone = self.session.undo()
        except (StudyError, CollectionWriteError) as exc:
            self._tell(str(exc), error=True)
            return
        self._tell("Undone.")
        if undone is not None:
            self._next()

    def _tell(self, text: str, error: bool = False) -> None:
        """A one-line note above the card: what just happened, or what went wrong."""
        theme.set_text_role(self.message, "bad" if error else "muted")
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def bury(self) -> None:
        if self.card is not None:
            try:
                self.session.bury(self.card)
            except CollectionWriteError as exc:
                self._tell(f"Not buried: {exc}", error=True)
                return
            self._tell("Buried until tomorrow — u to undo.")
            self._next()

    def suspend(self) -> None:
        if self.card is not None:
            try:
                self.session.suspend(self.card)
            except CollectionWriteError as exc:
                self._tell(f"Not suspended: {exc}", error=True)
                return
            self._tell("Suspended: it will not be shown until you unsuspend it in the card "
                       "browser — u to undo.")
            self._next()

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

    def resizeEvent(self, event: QResizeEvent) -> None:
        """In a short window the card keeps the room: the keys legend (also in Help →
        Keyboard Shortcuts and the buttons' tooltips) goes, and the margins shrink."""
        super().resizeEvent(event)
        compact = self.height() < COMPACT_HEIGHT
        self.keys_legend.setVisible(not compact)
        margin = 2 if compact else 9
        self.layout().setContentsMargins(margin, margin, margin, margin)

    def changeEvent(self, event: QEvent) -> None:
        """Light ↔ dark: re-colour the style sheet and the card on screen."""
        super().changeEvent(event)
        if event.type() in PALETTE_EVENTS and not self._restyling:
            self._restyling = True  # setting the style sheet sends a palette change itself
            try:
                self.setStyleSheet(review_style())
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

    def show_card_info(self) -> None:
        """`i`: the card's history and state (app.ui.stats.card_info)."""
        if self.card is not None:
            from app.ui.stats.card_info import show_card_info

            self.card_info = show_card_info(self, self.col, [self.card.card_id])
