"""The add/edit form for one card: a page of fields per kind, plus tags, source, explanation.

Why a page per kind: each kind asks for different things (a cloze text, an MCQ's
options and answer, a true/false statement), and a form that only shows what
the kind needs is one the user can fill in without reading a manual. The form
validates with the core rules before it closes, so a bad card never reaches
the collection.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.cards import NOTE_KINDS, Note, NoteError, validate_fields
from app.ui.widgets import section_combo

KIND_LABELS = {"basic": "Basic", "reversed": "Basic and reversed", "cloze": "Cloze",
               "typed": "Typed answer", "mcq": "Multiple choice", "truefalse": "True / false"}
FIELD_LABELS = {"front": "Front", "back": "Back", "text": "Cloze text", "extra": "Extra",
                "alternatives": "Also accept\n(one per line)", "question": "Question",
                "options": "Options\n(one per line)", "answer": "Answer",
                "statement": "Statement"}
LIST_FIELDS = ("alternatives", "options")


def _text_box(height: int = 60) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    return box


class KindPage(QWidget):
    """The fields of one kind of card."""

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from app.core.cards import OPTIONAL_FIELDS, REQUIRED_FIELDS

        self.kind = kind
        self.editors: dict[str, QWidget] = {}
        form = QFormLayout(self)
        for name in REQUIRED_FIELDS[kind] + OPTIONAL_FIELDS[kind]:
            editor: QWidget
            if kind == "truefalse" and name == "answer":
                editor = QComboBox()
                editor.addItems(["True", "False"])
            elif kind == "mcq" and name == "answer":
                editor = QLineEdit()
                editor.setPlaceholderText("exactly one of the options")
            else:
                editor = _text_box(90 if name in ("text", "options") else 60)
            editor.setObjectName(f"{kind}-{name}")
            self.editors[name] = editor
            form.addRow(FIELD_LABELS[name], editor)
        if kind == "cloze":
            form.addRow("", QLabel("Mark each answer like {{c1::1991}}; c2, c3… make more cards."))

    def fields(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, editor in self.editors.items():
            if isinstance(editor, QComboBox):
                out[name] = editor.currentText() == "True"
            elif isinstance(editor, QLineEdit):
                out[name] = editor.text().strip()
            elif isinstance(editor, QPlainTextEdit):
                text = editor.toPlainText().strip()
                if name in LIST_FIELDS:
                    items = [line.strip() for line in text.splitlines() if line.strip()]
                    if items or name == "options":
                        out[name] = items
                elif text or name not in ("extra",):
                    out[name] = text
        return out

    def set_fields(self, fields: dict[str, Any]) -> None:
        for name, editor in self.editors.items():
            value = fields.get(name)
            if isinstance(editor, QComboBox):
                editor.setCurrentText("True" if value else "False")
            elif isinstance(editor, QLineEdit):
                editor.setText("" if value is None else str(value))
            elif isinstance(editor, QPlainTextEdit):
                if isinstance(value, list):
                    value = "\n".join(map(str, value))
                editor.setPlainText("" if value is None else str(value))


class NoteForm(QDialog):
    """Add a card (any kind) or edit one (its kind is fixed: its id and history stay)."""

    def __init__(self, sections: list[str], note: Note | None = None,
                 section_idx: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.original = note
        self.setWindowTitle("Edit card" if note else "Add card")
        self.setMinimumWidth(520)
        self.kind_box = QComboBox()
        for kind in NOTE_KINDS:
            self.kind_box.addItem(KIND_LABELS[kind], kind)
        self.section_box = section_combo(sections)
        self.pages = QStackedWidget()
        self.kind_pages = {kind: KindPage(kind) for kind in NOTE_KINDS}
        for page in self.kind_pages.values():
            self.pages.addWidget(page)
        self.tags = QLineEdit()
        self.tags.setPlaceholderText("space-separated")
        self.source = _text_box()
        self.explanation = _text_box()
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c0392b")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        head = QFormLayout()
        head.addRow("Kind", self.kind_box)
        head.addRow("Section", self.section_box)
        tail = QFormLayout()
        tail.addRow("Tags", self.tags)
        tail.addRow("Source sentence", self.source)
        tail.addRow("Explanation", self.explanation)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.pages)
        layout.addLayout(tail)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

        self.kind_box.currentIndexChanged.connect(
            lambda i: self.pages.setCurrentWidget(self.kind_pages[self.kind_box.itemData(i)]))
        if note is not None:
            self.kind_box.setCurrentIndex(NOTE_KINDS.index(note.kind))
            self.kind_box.setEnabled(False)
            self.kind_pages[note.kind].set_fields(note.fields)
            section_idx = note.section_idx or 0
            self.tags.setText(" ".join(note.tags))
            self.source.setPlainText(note.source)
            self.explanation.setPlainText(note.explanation)
        self.section_box.setCurrentIndex(section_idx)

    @property
    def kind(self) -> str:
        return str(self.kind_box.currentData())

    def page(self) -> KindPage:
        return self.kind_pages[self.kind]

    def values(self) -> dict[str, Any]:
        """What the user entered: kind, section index, fields, tags, source, explanation."""
        return {"kind": self.kind, "section_idx": self.section_box.currentIndex(),
                "fields": self.page().fields(), "tags": self.tags.text().split(),
                "source": self.source.toPlainText().strip(),
                "explanation": self.explanation.toPlainText().strip()}

    def accept(self) -> None:
        """Close only when the card is valid; otherwise say what is wrong."""
        try:
            validate_fields(self.kind, self.page().fields(), label="This card")
        except NoteError as exc:
            self.error.setText(str(exc))
            return
        self.error.clear()
        super().accept()
