"""The preview of a CSV, TSV, Quizlet or Anki text file before its cards are stored.

Why a preview: a separator guessed wrong or a column meant for tags read as
the back would store hundreds of wrong cards. The dialog shows the first rows
as the importer reads them, lets the user change the separators and say what
each column holds, and names a malformed line (file:line) before anything is
stored. Parsing and storing are the core's (`app.core.interop.delimited`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import StudyDeskError
from app.core.interop.delimited import (
    ANKI_ROLES,
    ROLES,
    Table,
    detect_separator,
    read_table,
    table_deck,
)
from app.core.interop.model import ImportedDeck, read_bytes, read_text
from app.ui.widgets import form_of

PREVIEW_ROWS = 10
SEPARATORS = {"Tab": "\t", "Comma": ",", "Semicolon": ";", "Pipe": "|", "Dash ( - )": " - "}
CARD_SEPARATORS = {"New line": "\n", "Semicolon": ";"}
ROLE_NAMES = {"front": "Front", "back": "Back", "extra": "Extra (on the back)", "tags": "Tags",
              "section": "Section", "ignore": "Ignore", "guid": "Anki GUID",
              "notetype": "Anki note type", "deck": "Anki deck"}


class TablePreviewDialog(QDialog):
    """Separators, the first rows and a role per column; accepted → `deck()` is ready."""

    def __init__(self, path: Path, fmt: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Import {path.name}")
        self.resize(760, 460)
        self.path, self.fmt = path, fmt
        self.text = read_text(path, read_bytes(path))
        self.table: Table | None = None
        self.role_boxes: list[QComboBox] = []

        self.separator = QComboBox()
        self.separator.addItems([*SEPARATORS, "Other…"])
        self.custom = QLineEdit()
        self.custom.setPlaceholderText("the characters between a term and its definition")
        self.custom.setVisible(False)
        self.card_separator = QComboBox()
        self.card_separator.addItems(list(CARD_SEPARATORS))
        quizlet_rows = [("Between cards:", self.card_separator)] if fmt == "quizlet" else []
        form = form_of(("Between fields:", self.separator), ("", self.custom), *quizlet_rows)
        self.grid = QTableWidget()
        self.grid.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton("Import",
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("The first rows, as they will be imported; say above each "
                                "column what it holds:"))
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

        detected = self._detected_separator()
        name = next((n for n, s in SEPARATORS.items() if s == detected), None)
        if name is None:
            self.separator.setCurrentText("Other…")
            self.custom.setText(detected)
            self.custom.setVisible(True)
        else:
            self.separator.setCurrentText(name)
        self.separator.currentTextChanged.connect(self._separator_changed)
        self.custom.textChanged.connect(lambda _: self.refresh())
        self.card_separator.currentTextChanged.connect(lambda _: self.refresh())
        self.refresh()

    def _detected_separator(self) -> str:
        """The importer's own guess (even for a file with a bad line, shown next)."""
        try:
            return read_table(self.path, self.text, self.fmt).separator
        except StudyDeskError:
            return "\t" if self.fmt == "tsv" else detect_separator(self.text)

    def _separator_changed(self, name: str) -> None:
        self.custom.setVisible(name == "Other…")
        self.refresh()

    def current_separator(self) -> str:
        name = self.separator.currentText()
        return self.custom.text() if name == "Other…" else SEPARATORS[name]

    def refresh(self) -> None:
        """Parse again with the chosen separators and show the first rows (or the problem)."""
        separator = self.current_separator()
        if not separator:
            self._show_problem("Type the separator between fields.")
            return
        try:
            self.table = read_table(self.path, self.text, self.fmt, separator,
                                    CARD_SEPARATORS[self.card_separator.currentText()])
        except StudyDeskError as exc:
            self._show_problem(str(exc))
            return
        self.problem.setText("")
        self.import_button.setEnabled(True)
        table = self.table
        rows = table.rows[:PREVIEW_ROWS]
        self.grid.clear()
        self.grid.setColumnCount(table.width)
        self.grid.setRowCount(len(rows) + 1)
        self.role_boxes = []
        for column in range(table.width):
            box = QComboBox()
            roles = [*ROLES, *ANKI_ROLES] if table.format == "anki-text" else list(ROLES)
            for role in roles:
                box.addItem(ROLE_NAMES[role], role)
            box.setCurrentIndex(roles.index(table.roles[column]))
            box.currentIndexChanged.connect(self._check_roles)
            self.grid.setCellWidget(0, column, box)
            self.role_boxes.append(box)
        self.grid.setHorizontalHeaderLabels(table.header or [f"Column {i + 1}"
                                                             for i in range(table.width)])
        self.grid.setVerticalHeaderLabels(["Role"] + [f"Line {line}" for line, _ in rows])
        for r, (_, cells) in enumerate(rows, start=1):
            for c, value in enumerate(cells):
                self.grid.setItem(r, c, QTableWidgetItem(value))
        self.grid.resizeColumnsToContents()
        self._check_roles()

    def _show_problem(self, text: str) -> None:
        self.table = None
        self.problem.setText(text)
        self.import_button.setEnabled(False)
        self.grid.clear()
        self.grid.setRowCount(0)

    def roles(self) -> list[str]:
        return [box.currentData() for box in self.role_boxes]

    def _check_roles(self) -> None:
        roles = self.roles()
        ok = roles.count("front") == 1 and roles.count("back") == 1
        self.import_button.setEnabled(ok and self.table is not None)
        if not ok and self.table is not None:
            self.problem.setText("Choose one column for the front and one for the back.")
        elif self.table is not None:
            self.problem.setText(f"{len(self.table.rows)} rows will become cards.")

    def deck(self) -> ImportedDeck:
        """The cards as mapped (call after the dialog was accepted)."""
        assert self.table is not None
        return table_deck(self.table, self.roles())
