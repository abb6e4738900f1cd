"""The card browser: an article's cards in a table, with search, filters, add, edit,
delete, and suspend/unsuspend (the only way back for a card suspended during review).

Thin by design: rows come from `app.core.notes.browse.browse_rows`, changes go
through the core note functions (each one transaction); the widget only shows
them and collects what the user typed.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
)
from PySide6.QtGui import QAction, QColor, QGuiApplication, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.core.articles.library import section_titles
from app.core.changes import Change
from app.core.errors import CollectionWriteError
from app.core.notes.browse import (
    BrowseRow,
    add_note,
    browse_rows,
    count_text,
    delete_notes,
    due_text,
    set_notes_suspended,
    state_text,
)
from app.core.notes.model import NOTE_KINDS, Note, NoteError, render
from app.core.notes.store import get_note, save_note
from app.core.storage.collection import Collection
from app.core.study.settings import StudyError
from app.ui.cards.note_form import KIND_LABELS, NoteForm
from app.ui.changes import changes_of
from app.ui.widgets import section_combo

COLUMNS = ("Section", "Kind", "Prompt", "Answer", "Due", "State")
STATE_CHOICES = (("Any state", None), ("New", "new"), ("Learning", "learning"),
                 ("Due today", "due"), ("Suspended", "suspended"), ("Buried", "buried"))
SUSPENDED_TINT = QColor(240, 200, 40)  # mixed into the palette's base colour, light or dark
CLOSE_KEYS = ("Esc", "Ctrl+W")
TOGGLE_SUSPEND_KEY = "Ctrl+J"  # as in Anki's browser
AnyIndex = QModelIndex | QPersistentModelIndex


def _mix(base: QColor, tint: QColor, amount: float) -> QColor:
    return QColor(*(round(b + (t - b) * amount) for b, t in
                    ((base.red(), tint.red()), (base.green(), tint.green()),
                     (base.blue(), tint.blue()))))


def suspended_colors(palette: QPalette) -> tuple[QColor, QColor]:
    """Background and text of a suspended row: a yellowish tint of the palette's own
    base (so dark mode stays dark) and a muted text colour that still reads on it."""
    base, text = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)
    background = _mix(base, SUSPENDED_TINT, 0.28 if base.lightness() > 128 else 0.22)
    return background, _mix(text, background, 0.3)


def preview_html(note: Note) -> str:
    """The note as the student sees it: each card's front, then its back, then the
    source sentence and the explanation (rendered once: they belong to the note)."""
    parts = []
    for number, ord_ in enumerate(note.ords, 1):
        face = render(note.kind, note.fields, ord_)
        heading = f"<p><b>Card {number}</b></p>" if len(note.ords) > 1 else ""
        options = "".join(f"<li>{html.escape(o)}</li>" for o in face.options)
        parts.append(heading
                     + f"<p>{_lines(face.front)}</p>"
                     + (f"<ul>{options}</ul>" if options else "")
                     + f"<hr/><p>{_lines(face.back)}</p>")
    if note.source:
        parts.append(f"<p><i>Source:</i> {_lines(note.source)}</p>")
    if note.explanation:
        parts.append(f"<p><i>Explanation:</i> {_lines(note.explanation)}</p>")
    return "<br/>".join(parts)


def _lines(text: str) -> str:
    return html.escape(text).replace("\n", "<br/>")


class CardTableModel(QAbstractTableModel):
    """Rows of `BrowseRow`, one per note."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[BrowseRow] = []

    def set_rows(self, rows: list[BrowseRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            values = (row.section, KIND_LABELS.get(row.kind, row.kind),
                      row.prompt, row.answer, due_text(row.due), state_text(row))
            text = values[index.column()]
            return text if role == Qt.ItemDataRole.ToolTipRole else " ".join(text.split())
        if role == Qt.ItemDataRole.UserRole:
            return row.note_id
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole) \
                and row.fully_suspended:
            background, text = suspended_colors(QGuiApplication.palette())
            return background if role == Qt.ItemDataRole.BackgroundRole else text
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None


class CardBrowser(QWidget):
    """A window listing one article's cards."""

    def __init__(self, col: Collection, article_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.col = col
        self.article_id = article_id
        self.sections = section_titles(col, article_id)
        self.form: NoteForm | None = None
        self.confirm: QMessageBox | None = None
        self.menu: QMenu | None = None
        self.setWindowTitle("Cards")
        self.resize(980, 560)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search cards…")
        self.search.setClearButtonEnabled(True)
        self.section_filter = section_combo(self.sections, "All sections")
        self.kind_filter = QComboBox()
        self.kind_filter.addItem("All kinds", None)
        for kind in NOTE_KINDS:
            self.kind_filter.addItem(KIND_LABELS[kind], kind)
        self.state_filter = QComboBox()
        for label, state in STATE_CHOICES:
            self.state_filter.addItem(label, state)

        self.model = CardTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for column, width in enumerate((180, 110, 360, 200, 90, 110)):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)  # the prompt takes the room
        self.preview = QTextBrowser()
        self.preview.setOpenLinks(False)
        self.preview.setPlaceholderText("Select a card to see it as you will study it.")
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.preview)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.count = QLabel()
        self.add_button = QPushButton("&Add…")
        self.edit_button = QPushButton("&Edit…")
        self.delete_button = QPushButton("&Delete")
        self.suspend_button = QPushButton("&Suspend")
        self.unsuspend_button = QPushButton("&Unsuspend")
        for button in (self.suspend_button, self.unsuspend_button):
            button.setToolTip(f"{button.text().replace('&', '')} the selected cards "
                              f"({TOGGLE_SUSPEND_KEY} toggles)")
        # one action for the shortcut and the context menu; its text follows the selection
        self.toggle_suspend_action = QAction("Suspend", self)
        self.toggle_suspend_action.setShortcut(QKeySequence(TOGGLE_SUSPEND_KEY))
        self.toggle_suspend_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.toggle_suspend_action)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.section_filter)
        top.addWidget(self.kind_filter)
        top.addWidget(self.state_filter)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        for button in (self.suspend_button, self.unsuspend_button, self.add_button,
                       self.edit_button, self.delete_button):
            bottom.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(bottom)

        self.search.textChanged.connect(self.refresh)
        self.section_filter.currentIndexChanged.connect(self.refresh)
        self.kind_filter.currentIndexChanged.connect(self.refresh)
        self.state_filter.currentIndexChanged.connect(self.refresh)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.table.selectionModel().selectionChanged.connect(self._update_preview)
        self.table.customContextMenuRequested.connect(self.show_context_menu)
        self.suspend_button.clicked.connect(self.suspend_cards)
        self.unsuspend_button.clicked.connect(self.unsuspend_cards)
        self.toggle_suspend_action.triggered.connect(self.toggle_suspend)
        self.add_button.clicked.connect(self.add_card)
        self.edit_button.clicked.connect(self.edit_card)
        self.delete_button.clicked.connect(self.delete_card)
        self.table.doubleClicked.connect(self.edit_card)
        QShortcut(QKeySequence.StandardKey.Delete, self.table, self.delete_card)
        # Edit → Undo's key works here too: a deletion is undone where it was made
        QShortcut(QKeySequence.StandardKey.Undo, self.table, self.undo_last_action)
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.table, self.edit_card)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        self.card_info_action = QAction("Card &Info…", self)  # the menu's and the key's
        self.card_info_action.setShortcut(QKeySequence("Ctrl+Shift+I"))
        self.card_info_action.triggered.connect(self.show_card_info)
        self.addAction(self.card_info_action)
        for key in CLOSE_KEYS:
            QShortcut(QKeySequence(key), self, self.close)
        self.refresh()
        changes_of(col).changed.connect(self._on_changes)

    def _on_changes(self, changes: Change) -> None:
        """Cards changed anywhere (here, in review, a quiz, Generate): show them as they are."""
        if changes & (Change.CARDS | Change.NOTES | Change.STUDY | Change.ARTICLES):
            self.refresh()

    # -- the table ----------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the rows for the current search and filters, keeping the selection."""
        selected = self.selected_note_ids()
        rows = browse_rows(self.col, self.article_id, self.search.text(),
                           self.section_filter.currentData(), self.kind_filter.currentData(),
                           self.state_filter.currentData())
        self.model.set_rows(rows)
        self.count.setText(count_text(len(rows), sum(r.cards for r in rows)))
        if selected:
            self.select_notes(selected)
        has_rows = bool(rows)
        self.edit_button.setEnabled(has_rows)
        self.delete_button.setEnabled(has_rows)
        self._update_actions()
        self._update_preview()

    def _update_preview(self) -> None:
        """Show the one selected note as studied; nothing for none or several."""
        ids = self.selected_note_ids()
        note = get_note(self.col, ids[0]) if len(ids) == 1 else None
        if note is None:
            self.preview.clear()
        else:
            self.preview.setHtml(preview_html(note))

    def selected_rows(self) -> list[BrowseRow]:
        """The selected rows in table order."""
        indexes = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        return [self.model.rows[i] for i in indexes]

    def selected_note_ids(self) -> list[str]:
        return [row.note_id for row in self.selected_rows()]

    def selected_note_id(self) -> str | None:
        ids = self.selected_note_ids()
        return ids[0] if ids else None

    def select_notes(self, note_ids: list[str]) -> None:
        """Select the rows of these notes (those the filters still show)."""
        wanted = set(note_ids)
        selection = QItemSelection()
        last = self.model.columnCount() - 1
        for i, row in enumerate(self.model.rows):
            if row.note_id in wanted:
                selection.select(self.model.index(i, 0), self.model.index(i, last))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        self.table.selectionModel().select(selection, flags)

    def select_note(self, note_id: str) -> bool:
        for i, row in enumerate(self.model.rows):
            if row.note_id == note_id:
                self.table.selectRow(i)
                return True
        return False

    def _current_or_first(self) -> str | None:
        note_id = self.selected_note_id()
        if note_id is None and self.model.rows:
            note_id = self.model.rows[0].note_id
            self.table.selectRow(0)
        return note_id

    # -- suspend / unsuspend ---------------------------------------------------------
    def _update_actions(self) -> None:
        """Enable what applies to the selection; Ctrl+J toggles like Anki's browser:
        unsuspend when every selected card is suspended, suspend otherwise."""
        rows = self.selected_rows()
        can_suspend = any(not r.fully_suspended for r in rows)
        can_unsuspend = any(r.suspended for r in rows)
        self.suspend_button.setEnabled(can_suspend)
        self.unsuspend_button.setEnabled(can_unsuspend)
        self.toggle_suspend_action.setEnabled(bool(rows))
        self.toggle_suspend_action.setText("Suspend" if can_suspend or not rows else "Unsuspend")

    def suspend_cards(self) -> None:
        self._set_suspended(True)

    def unsuspend_cards(self) -> None:
        self._set_suspended(False)

    def toggle_suspend(self) -> None:
        rows = self.selected_rows()
        if rows:
            self._set_suspended(not all(r.fully_suspended for r in rows))

    def _set_suspended(self, suspended: bool) -> None:
        note_ids = self.selected_note_ids()
        if not note_ids:
            return
        try:
            set_notes_suspended(self.col, note_ids, suspended)
        except StudyError as exc:
            QMessageBox.warning(self, "Cards not changed", str(exc))

    def show_context_menu(self, pos: QPoint) -> None:
        """Right-click: act on the clicked row, or on the selection it belongs to."""
        index = self.table.indexAt(pos)
        if index.isValid() and not self.table.selectionModel().isRowSelected(index.row()):
            self.table.selectRow(index.row())
        if not self.selected_rows():
            return
        if self.menu is not None:
            self.menu.deleteLater()  # one menu at a time, not one per right-click
        menu = QMenu(self)
        menu.addAction("&Edit…", self.edit_card)
        menu.addAction(self.toggle_suspend_action)
        menu.addAction(self.card_info_action)
        menu.addSeparator()
        menu.addAction("&Delete", self.delete_card)
        self.menu = menu
        menu.popup(self.table.viewport().mapToGlobal(pos))

    def show_card_info(self) -> None:
        """Card Info (Ctrl+Shift+I): the history of the selected note's cards."""
        note_id = self.selected_note_id()
        if note_id is None:
            return
        from app.core.stats.cardinfo import note_card_ids
        from app.ui.stats.card_info import show_card_info

        self.card_info = show_card_info(self, self.col, note_card_ids(self.col, note_id))

    # -- add / edit / delete ------------------------------------------------------
    def add_card(self) -> None:
        section = self.section_filter.currentData()
        self.form = NoteForm(self.sections, None, section if section is not None else 0, self)
        self.form.accepted.connect(self._save_new)
        self.form.open()

    def _save_new(self) -> None:
        assert self.form is not None
        v = self.form.values()
        try:
            note = add_note(self.col, self.article_id, v["section_idx"], v["kind"], v["fields"],
                            tags=v["tags"], source=v["source"], explanation=v["explanation"])
        except NoteError as exc:
            QMessageBox.warning(self, "Card not saved", str(exc))
            return
        except CollectionWriteError as exc:
            self._keep_form_open(exc)
            return
        if not self.select_note(note.id):  # hidden by the filters: show it
            self.search.clear()
            self.section_filter.setCurrentIndex(0)
            self.kind_filter.setCurrentIndex(0)
            self.select_note(note.id)

    def edit_card(self) -> None:
        note_id = self._current_or_first()
        if note_id is None:
            return
        self.form = NoteForm(self.sections, get_note(self.col, note_id), parent=self)
        self.form.accepted.connect(self._save_edit)
        self.form.open()

    def _save_edit(self) -> None:
        assert self.form is not None
        try:
            save_note(self.col, self.form.edited_note())  # same id: cards keep their scheduling
        except NoteError as exc:
            QMessageBox.warning(self, "Card not saved", str(exc))
        except CollectionWriteError as exc:
            self._keep_form_open(exc)

    def _keep_form_open(self, exc: CollectionWriteError) -> None:
        """The card could not be saved: say why and give the form back, as it was typed."""
        QMessageBox.warning(self, "Card not saved", f"{exc}\n\nWhat you typed is kept: "
                            "press Save again once the problem is fixed.")
        if self.form is not None:
            self.form.open()

    def undo_last_action(self) -> None:
        from app.ui.collection.actions import undo_last_action

        undo_last_action(self, self.col)

    def delete_card(self) -> None:
        if self._current_or_first() is None:
            return
        rows = self.selected_rows()
        if len(rows) == 1:
            title, text = "Delete card", f"Delete this card and its review history?\n\n{rows[0].prompt}"
        else:
            title, text = "Delete cards", f"Delete these {len(rows)} cards and their review history?"
        self.confirm = QMessageBox(
            QMessageBox.Icon.Question, title, text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        self.confirm.setDefaultButton(QMessageBox.StandardButton.No)
        self.confirm.setTextFormat(Qt.TextFormat.PlainText)  # card text is not markup
        box, note_ids = self.confirm, [r.note_id for r in rows]
        box.finished.connect(lambda _r: self._delete_if_confirmed(box, note_ids))
        box.open()

    def _delete_if_confirmed(self, box: QMessageBox, note_ids: list[str]) -> None:
        if box.standardButton(box.clickedButton()) != QMessageBox.StandardButton.Yes:
            return
        delete_notes(self.col, note_ids)
