"""The add/edit form for one card: the fields of its kind, plus tags, source, explanation.

Why fields per kind: each kind asks for different things (a cloze text, an MCQ's
options and answer, a true/false statement), and a form that only shows what
the kind needs is one the user can fill in without reading a manual. The form
validates with the core rules before it closes, so a bad card never reaches
the collection.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.interop.media import media_markers
from app.core.notes.model import (
    NOTE_KINDS,
    OPTIONAL_FIELDS,
    REQUIRED_FIELDS,
    Note,
    NoteError,
    validate_fields,
)
from app.core.storage.collection import Collection
from app.ui.media import PREVIEW_IMAGE_WIDTH, CardTextLabel
from app.ui.theme import set_text_role
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


class KindPage:
    """The fields of one kind of card: rows of the form's one QFormLayout, shown
    only while that kind is chosen (so every label lines up in one column)."""

    def __init__(self, kind: str, form: QFormLayout) -> None:
        self.kind = kind
        self.form = form
        self.editors: dict[str, QWidget] = {}
        self.rows: list[QWidget] = []  # the field widget of each of this kind's rows
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
            self.rows.append(editor)
        if kind == "cloze":
            self.rows.append(QLabel("Mark each answer like {{c1::1991}}; "
                                    "c2, c3… make more cards."))

    def add_rows(self, at: int) -> int:
        """Insert this kind's rows at row `at` of the form; returns the row after them."""
        for name, editor in self.editors.items():
            self.form.insertRow(at, FIELD_LABELS[name], editor)
            at += 1
        for extra in self.rows[len(self.editors):]:
            self.form.insertRow(at, "", extra)
            at += 1
        return at

    def set_visible(self, visible: bool) -> None:
        for widget in self.rows:
            self.form.setRowVisible(widget, visible)

    def is_visible(self) -> bool:
        return self.form.isRowVisible(self.rows[0])

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
                 section_idx: int = 0, parent: QWidget | None = None,
                 col: Collection | None = None) -> None:
        super().__init__(parent)
        self.original = note
        self.setWindowTitle("Edit card" if note else "Add card")
        self.setMinimumWidth(520)
        self.kind_box = QComboBox()
        for kind in NOTE_KINDS:
            self.kind_box.addItem(KIND_LABELS[kind], kind)
        self.section_box = section_combo(sections)
        self.tags = QLineEdit()
        self.tags.setPlaceholderText("space-separated")
        self.source = _text_box()
        self.explanation = _text_box()
        self.error = QLabel()
        self.error.setWordWrap(True)
        set_text_role(self.error, "bad")
        self.error.setVisible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        # one form: the common fields and every kind's fields share the label column
        self.fields_form = QFormLayout()
        self.fields_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields_form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.fields_form.setVerticalSpacing(6)
        self.fields_form.addRow("Kind", self.kind_box)
        self.fields_form.addRow("Section", self.section_box)
        self.fields_form.addRow("Tags", self.tags)
        self.fields_form.addRow("Source sentence", self.source)
        self.fields_form.addRow("Explanation", self.explanation)
        self.kind_pages: dict[str, KindPage] = {}
        at = 2  # after Kind and Section
        for kind in NOTE_KINDS:
            self.kind_pages[kind] = page = KindPage(kind, self.fields_form)
            at = page.add_rows(at)
        # an imported card's images and sounds, shown as the fields name them (with `col`)
        self.media = CardTextLabel(col, max_width=PREVIEW_IMAGE_WIDTH) if col else None
        if self.media is not None:
            self.media.setWordWrap(True)
            self.fields_form.addRow("Media", self.media)
            for page in self.kind_pages.values():
                for editor in page.editors.values():
                    changed = getattr(editor, "textChanged", None)
                    if changed is not None:
                        changed.connect(self._show_media)
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addLayout(self.fields_form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(buttons)

        self.kind_box.currentIndexChanged.connect(self._show_kind)
        if note is not None:
            self.kind_box.setCurrentIndex(NOTE_KINDS.index(note.kind))
            self.kind_box.setEnabled(False)
            self.kind_pages[note.kind].set_fields(note.fields)
            section_idx = note.section_idx or 0
            self.tags.setText(" ".join(note.tags))
            self.source.setPlainText(note.source)
            self.explanation.setPlainText(note.explanation)
        self.section_box.setCurrentIndex(section_idx)
        self._show_kind()

    def _show_kind(self) -> None:
        """Show the chosen kind's rows only, and let the dialog shrink back to fit them."""
        for kind, page in self.kind_pages.items():
            page.set_visible(kind == self.kind)
        self._show_media()
        self.adjustSize()

    def _show_media(self) -> None:
        """The Media row: every image and sound the fields name (hidden when none)."""
        if self.media is None:
            return
        values = self.page().fields().values()
        markers = [m for v in values for text in (v if isinstance(v, list) else [v])
                   if isinstance(text, str) for m in media_markers(text)]
        self.media.set_card_text("  ".join(markers))
        shown = self.media.textFormat() == Qt.TextFormat.RichText
        self.fields_form.setRowVisible(self.media, shown)

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

    def edited_note(self) -> Note:
        """The edited note with the form's values (same id, so its cards keep their history)."""
        assert self.original is not None, "edited_note() is for a form opened on a note"
        v = self.values()
        note = self.original
        note.section_idx, note.fields, note.tags = v["section_idx"], v["fields"], v["tags"]
        note.source, note.explanation = v["source"], v["explanation"]
        return note

    def accept(self) -> None:
        """Close only when the card is valid; otherwise say what is wrong."""
        try:
            validate_fields(self.kind, self.page().fields(), label="This card")
        except NoteError as exc:
            self.error.setText(str(exc))
            self.error.setVisible(True)
            return
        self.error.clear()
        self.error.setVisible(False)
        super().accept()
