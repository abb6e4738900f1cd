"""One quiz question on screen, answerable from the keyboard.

Shared by the quiz window and the quiz builder's preview, so an instructor
sees a question exactly as a student will. Keys: 1–4 or A–D pick an option,
T/F answer true/false, Enter submits; in a matching row a letter picks the
answer and moves to the next row. Enter with no answer yet only shows a hint:
a stray double Enter must not count as a mistake.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.core.quiz.questions import Question, Response
from app.core.storage.collection import Collection
from app.ui.media import CardTextLabel
from app.ui.theme import set_text_role
from app.ui.widgets import text_label

LETTERS = "ABCDEF"
PROMPT_PT, BODY_PT = 15, 12  # shared with the feedback page so both read alike
NO_ANSWER_HINT = "Choose an answer first"
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class QuestionView(QWidget):
    """Shows a question and reports the student's response; emits `submitted` on Enter
    once there is an answer, and `answered_changed` when that becomes (un)true."""

    submitted = Signal()
    answered_changed = Signal(bool)

    def __init__(self, question: Question, col: Collection,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setStyleSheet(f"font-size: {BODY_PT}pt;")
        layout = QVBoxLayout(self)
        self.prompt = CardTextLabel(col, question.prompt)  # an imported card's image shown
        self.prompt.setWordWrap(True)
        self.prompt.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.prompt.setStyleSheet(f"font-size: {PROMPT_PT}pt;")
        layout.addWidget(self.prompt)
        if question.hint:
            layout.addWidget(text_label(f"Hint: {question.hint}"))
        self.options = QButtonGroup(self)
        self.buttons: list[QRadioButton] = []
        self.line_edit: QLineEdit | None = None
        self.combos: list[QComboBox] = []
        self.choice_list: QLabel | None = None
        if question.ask_as in ("mcq", "truefalse"):
            self._build_options(layout)
        elif question.ask_as == "typed":
            self._build_typed(layout)
        else:
            self._build_matching(layout)
        self.no_answer = QLabel(NO_ANSWER_HINT)
        set_text_role(self.no_answer, "warning")
        self.no_answer.hide()
        layout.addWidget(self.no_answer)
        layout.addStretch(1)
        self._answered = False

    # -- layouts per kind
    def _build_options(self, layout: QVBoxLayout) -> None:
        for i, text in enumerate(self.question.options):
            label = text if self.question.ask_as == "truefalse" else f"{LETTERS[i]}. {text}"
            button = QRadioButton(label)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys go to the view
            self.options.addButton(button, i)
            button.toggled.connect(self._response_changed)
            self.buttons.append(button)
            layout.addWidget(button)
        keys = "T / F" if self.question.ask_as == "truefalse" else \
            f"1–{len(self.buttons)} or A–{LETTERS[len(self.buttons) - 1]}"
        layout.addWidget(QLabel(f"<small>Keys: {keys}, Enter to submit</small>"))

    def _build_typed(self, layout: QVBoxLayout) -> None:
        self.line_edit = QLineEdit()
        self.line_edit.setPlaceholderText("Type your answer and press Enter")
        # Enter is not consumed by the line edit; it reaches keyPressEvent below.
        self.line_edit.textChanged.connect(self._response_changed)
        layout.addWidget(self.line_edit)
        self.setFocusProxy(self.line_edit)

    def _build_matching(self, layout: QVBoxLayout) -> None:
        form = QFormLayout()
        for term in self.question.terms:
            combo = QComboBox()
            combo.addItem("— choose —")
            combo.addItems([f"{LETTERS[i]}. {c}" for i, c in enumerate(self.question.choices)])
            combo.installEventFilter(self)
            combo.currentIndexChanged.connect(self._response_changed)
            self.combos.append(combo)
            term_label = text_label(term)
            term_label.setWordWrap(True)
            form.addRow(term_label, combo)
        layout.addLayout(form)
        # Every choice in sight at once, so the letters can be typed without opening a list.
        self.choice_list = text_label("\n".join(
            f"{LETTERS[i]}. {c}" for i, c in enumerate(self.question.choices)))
        self.choice_list.setWordWrap(True)
        self.choice_list.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(QLabel("<b>Choices</b>"))
        layout.addWidget(self.choice_list)
        last = LETTERS[len(self.question.choices) - 1]
        layout.addWidget(QLabel(f"<small>Keys: A–{last} picks the answer in a row and moves "
                                "to the next row, Enter to submit</small>"))
        if self.combos:
            self.setFocusProxy(self.combos[0])

    # -- the answer
    def response(self) -> Response:
        if self.question.ask_as in ("mcq", "truefalse"):
            checked = self.options.checkedId()
            return checked if checked >= 0 else None
        if self.line_edit is not None:
            return self.line_edit.text()
        return tuple(c.currentIndex() - 1 if c.currentIndex() > 0 else None for c in self.combos)

    def has_response(self) -> bool:
        """Whether there is anything to submit: a choice, some text, or one matched row."""
        response = self.response()
        if isinstance(response, str):
            return bool(response.strip())
        if isinstance(response, tuple):
            return any(r is not None for r in response)
        return response is not None

    def _response_changed(self) -> None:
        answered = self.has_response()
        if answered:
            self.no_answer.hide()
        if answered != self._answered:
            self._answered = answered
            self.answered_changed.emit(answered)

    def request_submit(self) -> None:
        """Enter: submit when there is an answer, else only say what is missing."""
        if self.has_response():
            self.submitted.emit()
        else:
            self.no_answer.show()

    # -- keyboard
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _ENTER_KEYS:
            self.request_submit()
            return
        index = self._option_for_key(event.text())
        if index is not None:
            self.buttons[index].setChecked(True)
            return
        super().keyPressEvent(event)

    def _option_for_key(self, text: str) -> int | None:
        if not self.buttons or not text:
            return None
        key = text.upper()
        if self.question.ask_as == "truefalse":
            return {"T": self.question.options.index("True"),
                    "F": self.question.options.index("False")}.get(key)
        if key.isdigit() and 1 <= int(key) <= len(self.buttons):
            return int(key) - 1
        if key in LETTERS[: len(self.buttons)]:
            return LETTERS.index(key)
        return None

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        """In a matching list: a letter picks the answer and moves on; Enter submits."""
        if obj in self.combos and event.type() == QEvent.Type.KeyPress:
            key_event: QKeyEvent = event  # type: ignore[assignment]
            if key_event.key() in _ENTER_KEYS:
                self.request_submit()
                return True
            letter = key_event.text().upper()
            if letter and letter in LETTERS[: len(self.question.choices)]:
                combo: QComboBox = obj  # type: ignore[assignment]
                combo.setCurrentIndex(LETTERS.index(letter) + 1)
                row = self.combos.index(combo)
                if row + 1 < len(self.combos):
                    self.combos[row + 1].setFocus()
                return True
        return super().eventFilter(obj, event)
