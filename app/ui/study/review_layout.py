"""The review screen's look and layout: its style sheet (in the palette's colours), the
three pages (overview, card, summary) and their buttons.

Why apart: building the widgets is long and has nothing to decide; the ReviewWidget
(review.py) then reads as the study session's flow, key by key.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpacerItem,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui import theme
from app.ui.icons import set_button_icon

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
COMPACT_TOP_MARGIN = 8  # in a short window: the card has a third less height to show
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


def review_style(palette: QPalette | None = None) -> str:
    """STYLE with the palette's colours for muted text and the grade buttons' borders."""
    values = {"muted": theme.css("muted", palette)}
    values.update({f"grade{r}": theme.css(role, palette) for r, role in theme.GRADE_ROLES.items()})
    style = STYLE
    for name, value in values.items():
        style = style.replace("{" + name + "}", value)
    return style


class ReviewLayout:
    """Mixed into ReviewWidget: builds its pages; their buttons call its actions."""

    def _button(self, text: str, slot: object, tip: str = "", what: str | None = None,
                primary: bool = False) -> QPushButton:
        """A review-screen button; `what` names its icon (icons.BUTTON_ICONS). A primary
        button is drawn in the highlight colour, its icon in the highlighted text's."""
        button = QPushButton(text)
        if primary:
            button.setObjectName("primary")
        if what is not None:
            set_button_icon(button, what, on_highlight=primary)
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
        self.study_button = self._button("Study Now", self.start, "Start studying (Space)",
                                         "study", primary=True)
        self.options_button = self._button("Options…", self.open_options, what="options")
        self.back_button = self._button("Back to reading", self.leave, "Esc", "reading")
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
        self.show_answer_button = self._button("Show Answer", self.show_answer, "Space or Enter",
                                                "show_answer", primary=True)
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
        self.undo_button = self._button("Undo", self.undo, "u", "undo")
        self.bury_button = self._button("Bury", self.bury, "-", "bury")
        self.suspend_button = self._button("Suspend", self.suspend, "@", "suspend")
        self.edit_button = self._button("Edit", self.edit, "e", "edit")
        self.article_button = self._button("Show in article", self._show_in_article,
                                           what="in_article")
        actions.addStretch(1)
        for b in (self.undo_button, self.bury_button, self.suspend_button, self.edit_button,
                  self.article_button, self._button("Back", self.leave, "Esc", "back")):
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
        self.card_top = QSpacerItem(0, CARD_TOP_MARGIN, QSizePolicy.Policy.Minimum,
                                    QSizePolicy.Policy.Fixed)  # less in a short window
        card_layout.addItem(self.card_top)
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
        # Show Answer, or the four grades: one page switch per card, not five buttons
        # shown and hidden (each a layout pass before the next card can be painted); the
        # row keeps the grades' height, so the card does not move when they appear
        self.answer_controls = QStackedWidget()
        for row in (answer_row, grades):
            holder = QWidget()
            row.setContentsMargins(0, 0, 0, 0)
            holder.setLayout(row)
            self.answer_controls.addWidget(holder)
        layout = QVBoxLayout()
        layout.addWidget(self.card_area, 1)
        layout.addWidget(self.answer_controls)
        layout.addSpacing(12)
        layout.addLayout(actions)
        layout.addWidget(self.keys_legend)
        return _centered(page, layout)

    def _build_summary(self) -> QWidget:
        self.summary_heading = QLabel("Done for now", objectName="heading")
        self.summary = QLabel(objectName="info")
        self.summary_undo = self._button("Undo last", self.undo, "u", "undo")
        back = self._button("Back to reading", self.leave, "Esc", "reading", primary=True)
        return self._message_page(self.summary_heading, self.summary, [self.summary_undo, back])
