"""Find in the article: a bar under the text with the match count, next/previous and
every match highlighted — what Ctrl+F does in any reader or browser."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QTextEdit,
    QWidget,
)

from app.ui.theme import tint


class FindBar(QWidget):
    """Searches `browser`'s text as the user types; Enter/F3 next, Shift+Enter previous,
    Esc closes (and gives the text back its focus)."""

    def __init__(self, browser: QTextBrowser, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.browser = browser
        self._matches: list[QTextCursor] = []
        self._current = -1
        self.field = QLineEdit(self)
        self.field.setPlaceholderText("Find in article")
        self.field.setClearButtonEnabled(True)
        self.count_label = QLabel(self)
        self.count_label.setMinimumWidth(90)
        self.previous_button = QPushButton("▲", self)
        self.previous_button.setToolTip("Previous match (Shift+F3)")
        self.next_button = QPushButton("▼", self)
        self.next_button.setToolTip("Next match (F3)")
        self.close_button = QPushButton("✕", self)
        self.close_button.setToolTip("Close (Esc)")
        for button in (self.previous_button, self.next_button, self.close_button):
            button.setFixedWidth(32)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 4, 12, 4)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.close_button)
        self.field.textChanged.connect(self.search)
        self.field.returnPressed.connect(self.find_next)
        self.previous_button.clicked.connect(self.find_previous)
        self.next_button.clicked.connect(self.find_next)
        self.close_button.clicked.connect(self.close_bar)
        self.field.installEventFilter(self)
        self.setVisible(False)

    def open_bar(self) -> None:
        self.setVisible(True)
        self.field.setFocus()
        self.field.selectAll()
        self.search()

    def close_bar(self) -> None:
        self.setVisible(False)
        self.browser.setExtraSelections([])
        self.browser.setFocus()

    def eventFilter(self, watched: object, event: object) -> bool:
        if watched is self.field and isinstance(event, QKeyEvent) and \
                event.type() == QKeyEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                    event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.find_previous()
                return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]

    def search(self) -> None:
        """Find every match of the field's text (case-insensitive) and show the first."""
        needle = self.field.text()
        self._matches = []
        document = self.browser.document()
        cursor = QTextCursor(document)
        while needle:
            cursor = document.find(needle, cursor, QTextDocument.FindFlag(0))
            if cursor.isNull():
                break
            self._matches.append(QTextCursor(cursor))
        self._current = 0 if self._matches else -1
        self._show()

    def refresh(self) -> None:
        """The text changed (another section): search it again if the bar is open."""
        if self.isVisible():
            self.search()

    def find_next(self) -> None:
        self._step(1)

    def find_previous(self) -> None:
        self._step(-1)

    def _step(self, by: int) -> None:
        """Move `by` matches on, round the ends; a shut bar opens instead (Find Next from the
        menu before any search)."""
        if not self.isVisible():
            self.open_bar()
            return
        if self._matches:
            self._current = (self._current + by) % len(self._matches)
        self._show()

    @property
    def match_count(self) -> int:
        return len(self._matches)

    def _show(self) -> None:
        if not self.field.text():
            self.count_label.setText("")
        elif not self._matches:
            self.count_label.setText("No matches")
        else:
            self.count_label.setText(f"{self._current + 1} of {len(self._matches)}")
        palette = self.browser.palette()
        every = QTextCharFormat()
        every.setBackground(tint("missing", palette))  # the reader's yellow marker
        current = QTextCharFormat()
        current.setBackground(palette.highlight())
        current.setForeground(palette.highlightedText())
        selections = []
        for i, match in enumerate(self._matches):
            selection = QTextEdit.ExtraSelection()
            selection.cursor = match  # type: ignore[misc]
            selection.format = current if i == self._current else every  # type: ignore[misc]
            selections.append(selection)
        self.browser.setExtraSelections(selections)
        if 0 <= self._current < len(self._matches):
            cursor = QTextCursor(self._matches[self._current])
            cursor.clearSelection()
            self.browser.setTextCursor(cursor)
            self.browser.ensureCursorVisible()
