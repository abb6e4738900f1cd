"""What the browser does to the selected rows: suspend and bury, tags, section,
position, add, edit, delete, card info; each a core call in one transaction (most
undoable), the window refreshing itself from the change that follows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QPoint,
    Qt,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QSpinBox,
    QTableView,
    QWidget,
)

from app.core.articles.library import section_titles
from app.core.batches import Progress
from app.core.changes import Change
from app.core.errors import CollectionWriteError, StudyDeskError
from app.core.notes.card_actions import (
    add_note,
    delete_notes,
    set_cards_buried,
    set_cards_flag,
    set_cards_suspended,
    set_notes_buried,
    set_notes_flag,
    set_notes_suspended,
)
from app.core.notes.rows import BrowseRow, count_text
from app.core.notes.store import get_note, move_to_section, reposition, save_note, set_tags
from app.core.storage.collection import Collection
from app.ui.cards.note_form import NoteForm
from app.ui.cards.preview import preview_html
from app.ui.cards.table_model import CardTableModel
from app.ui.errors import reporting, show_error
from app.ui.jobs import run_on_worker_view
from app.ui.widgets import section_combo

TOGGLE_SUSPEND_KEY = "Ctrl+J"  # as in Anki's browser
TOGGLE_BURY_KEY = "Ctrl+Shift+J"  # Anki's browser: Toggle Bury
#: Selections larger than this are suspended or deleted on a worker thread with progress.
BULK_ROWS = 2000


class SelectionActions:
    """The actions on the selection, for `CardBrowser`."""

    model: CardTableModel
    table: QTableView

    def _update_preview(self) -> None:
        """Show the one selected note as studied; nothing for none or several."""
        ids = self.selected_note_ids()
        note = None
        if len(ids) == 1:
            try:
                note = get_note(self.col, ids[0])
            except Exception:  # noqa: BLE001 - deleted meanwhile: nothing to preview
                note = None
        if note is None:
            self.preview.clear()
        else:
            self.preview.setHtml(preview_html(note, self.col))

    def selected_rows(self) -> list[BrowseRow]:
        """The selected rows in table order."""
        indexes = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        rows = (self.model.row(i) for i in indexes)
        return [r for r in rows if r is not None]

    def selected_row_ids(self) -> list[Any]:
        return [row.row_id for row in self.selected_rows()]

    def selected_note_ids(self) -> list[str]:
        return list(dict.fromkeys(row.note_id for row in self.selected_rows()))

    def selected_note_id(self) -> str | None:
        ids = self.selected_note_ids()
        return ids[0] if ids else None

    def _select_row_ids(self, row_ids: list[Any]) -> None:
        wanted = set(row_ids)
        selection = QItemSelection()
        last = self.model.columnCount() - 1
        first = None
        for i, row_id in enumerate(self.model.ids):
            if row_id in wanted:
                selection.select(self.model.index(i, 0), self.model.index(i, last))
                first = i if first is None else first
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        self.table.selectionModel().select(selection, flags)
        if first is not None:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(first, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
            self.table.scrollTo(self.model.index(first, 0))

    def select_notes(self, note_ids: list[str]) -> None:
        """Select the rows of these notes (those the search still shows)."""
        self.settle()
        if self.model.rows_are_cards:
            wanted = set(note_ids)
            rows = [self.model.row(i) for i in range(len(self.model.ids))]
            self._select_row_ids([r.row_id for r in rows if r is not None and r.note_id in wanted])
        else:
            self._select_row_ids(note_ids)

    def select_note(self, note_id: str) -> bool:
        self.select_notes([note_id])
        return bool(self.selected_rows())

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
        self.toggle_bury_action.setEnabled(bool(rows))
        for flag, action in enumerate(self.flag_actions, 1):
            action.setEnabled(bool(rows))
            action.setChecked(bool(rows) and all(r.flag == flag for r in rows))
        self.toggle_bury_action.setText(
            "Unbury" if rows and all(r.fully_buried for r in rows) else "Bury")
        for widget in (self.edit_button, self.delete_button, self.edit_action,
                       self.delete_action, self.card_info_action, self.add_tags_action,
                       self.remove_tags_action, self.change_section_action):
            widget.setEnabled(bool(rows))
        self.edit_button.setEnabled(len(self.selected_note_ids()) == 1)
        self.edit_action.setEnabled(len(self.selected_note_ids()) == 1)
        self.reposition_action.setEnabled(bool(rows) and all(r.new_cards == r.cards
                                                             for r in rows))

    def suspend_cards(self) -> None:
        self._set_suspended(True)

    def unsuspend_cards(self) -> None:
        self._set_suspended(False)

    def toggle_suspend(self) -> None:
        rows = self.selected_rows()
        if rows:
            self._set_suspended(not all(r.fully_suspended for r in rows))

    def _set_suspended(self, suspended: bool) -> None:
        self._change_cards(set_cards_suspended, set_notes_suspended, suspended,
                           "Suspending cards" if suspended else "Unsuspending cards")

    def _change_cards(self, of_cards: Callable[..., int], of_notes: Callable[..., int],
                      to: Any, bulk_label: str | None = None) -> None:
        """Suspend, bury or flag (`to`: True/False, or a flag) the selected rows: exactly
        the selected cards when rows are cards, every card of the selected notes otherwise.
        With `bulk_label` (the core call takes a progress callback), a big selection
        runs on a worker (`_bulk`)."""
        rows = self.selected_rows()
        if not rows:
            return
        with reporting(self, "Cards not changed"):
            change = of_cards if self.model.rows_are_cards else of_notes
            ids = ([r.card_id for r in rows if r.card_id is not None]
                   if self.model.rows_are_cards else [r.note_id for r in rows])
            if bulk_label is None:
                change(self.col, ids, to)
            else:
                self._bulk(bulk_label, Change.CARDS,
                           lambda col, progress: change(col, ids, to, progress), len(ids))

    def _bulk(self, label: str, changes: Change,
              action: Callable[[Collection, Progress | None], object], count: int) -> None:
        """A change to many cards at once: past BULK_ROWS on a worker thread with
        progress and Cancel (the window keeps painting), otherwise right here."""
        if count <= BULK_ROWS:
            action(self.col, None)
        else:
            run_on_worker_view(self, self.col, label, f"{label}…", changes, action)

    def toggle_flag(self, flag: int) -> None:
        """Ctrl+1 … Ctrl+7, as in Anki's browser: flag the selection, or take the flag off
        when every selected row has it already."""
        rows = self.selected_rows()
        if rows:
            self._change_cards(set_cards_flag, set_notes_flag,
                               0 if all(r.flag == flag for r in rows) else flag)

    def toggle_bury(self) -> None:
        """Ctrl+Shift+J, as in Anki's browser: unbury when every selected card is buried,
        otherwise bury them until the next study day."""
        rows = self.selected_rows()
        if rows:
            self._change_cards(set_cards_buried, set_notes_buried,
                               not all(r.fully_buried for r in rows))

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
        menu.addAction(self.edit_action)
        menu.addAction(self.toggle_suspend_action)
        menu.addAction(self.toggle_bury_action)
        menu.addMenu(self.flag_menu(menu))
        menu.addAction(self.card_info_action)
        menu.addSeparator()
        menu.addAction(self.delete_action)
        menu.addSeparator()
        for action in (self.add_tags_action, self.remove_tags_action,
                       self.change_section_action, self.reposition_action):
            menu.addAction(action)
        self.menu = menu
        menu.popup(self.table.viewport().mapToGlobal(pos))

    def show_card_info(self) -> None:
        """Card Info (Ctrl+Shift+I): the history of the selected note's cards, or of the
        selected card when rows are cards."""
        rows = self.selected_rows()
        if not rows:
            return
        from app.core.stats.cardinfo import note_card_ids
        from app.ui.stats.card_info import show_card_info

        row = rows[0]
        card_ids = [row.card_id] if row.card_id is not None else note_card_ids(self.col,
                                                                                 row.note_id)
        self.card_info = show_card_info(self, self.col, card_ids)

    # -- tags, section, position ---------------------------------------------------------
    def add_tags(self, text: str | None = None) -> None:
        self._tags(text, add=True)

    def remove_tags(self, text: str | None = None) -> None:
        self._tags(text, add=False)

    def _tags(self, text: str | None, add: bool) -> None:
        note_ids = self.selected_note_ids()
        if not note_ids:
            return
        if text is None:
            label = "Tags to add (separated by spaces):" if add else \
                "Tags to remove (separated by spaces):"
            text, ok = QInputDialog.getText(self, "Add tags" if add else "Remove tags", label)
            if not ok:
                return
        tags = text.split()
        if not tags:
            return
        with reporting(self, "Tags not changed"):
            if add:
                set_tags(self.col, note_ids, add=tags)
            else:
                set_tags(self.col, note_ids, remove=tags)

    def change_section(self) -> None:
        rows = self.selected_rows()
        articles = {r.article_id for r in rows}
        if not rows:
            return
        if len(articles) != 1 or None in articles:
            QMessageBox.information(self, "Change section", "Select cards of one article to "
                                    "move them to another of its sections.")
            return
        (article_id,) = articles
        box = section_combo(section_titles(self.col, article_id))
        current = rows[0].section_idx
        if current is not None:
            box.setCurrentIndex(current)
        note_ids = self.selected_note_ids()
        self._ask("Change section",
                  [(f"Move {count_text(len(note_ids), 0).split(' (')[0]} to:", box)],
                  lambda: self._move_to(note_ids, box.currentData()))

    def _move_to(self, note_ids: list[str], section_idx: int) -> None:
        with reporting(self, "Section not changed"):
            move_to_section(self.col, note_ids, section_idx)

    def reposition_cards(self) -> None:
        note_ids = self.selected_note_ids()
        if not note_ids:
            return
        start = QSpinBox()
        start.setRange(1, 1_000_000)
        self.reposition_start = start
        self._ask("Reposition new cards",
                  [(QLabel("New cards are studied in this order within their section."), None),
                   ("Start at position:", start)],
                  lambda: self._reposition(note_ids, start.value()))

    def _ask(self, title: str, rows: list[tuple[str | QWidget, QWidget | None]],
             accepted: Callable[[], None]) -> None:
        """A small OK/Cancel form over the browser; `accepted` runs on OK."""
        dialog = QDialog(self)
        dialog.setWindowTitle(title)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form = QFormLayout(dialog)
        for label, field in rows:
            if field is None:
                form.addRow(label)  # type: ignore[arg-type]  # a widget across the form
            else:
                form.addRow(label, field)
        form.addRow(buttons)
        dialog.accepted.connect(accepted)
        self.dialog = dialog
        dialog.open()

    def _reposition(self, note_ids: list[str], position: int) -> None:
        with reporting(self, "Cards not repositioned"):
            reposition(self.col, note_ids, position)

    # -- add / edit / delete ------------------------------------------------------
    def add_card(self) -> None:
        article_id = self.article_id or next((r.article_id for r in self.selected_rows()
                                              if r.article_id), None)
        if article_id is None:
            QMessageBox.information(self, "Add card", "Choose an article in the sidebar first: "
                                    "a card belongs to a section of an article.")
            return
        if article_id != self.article_id:
            self.set_scope(article_id)
        section = self.section_filter.currentData()
        self.form = NoteForm(self.sections, None, section if section is not None else 0, self,
                             col=self.col)
        self.form.accepted.connect(self._save_new)
        self.form.open()

    def _save_new(self) -> None:
        assert self.form is not None and self.article_id is not None
        v = self.form.values()
        try:
            note = add_note(self.col, self.article_id, v["section_idx"], v["kind"], v["fields"],
                            tags=v["tags"], source=v["source"], explanation=v["explanation"])
        except CollectionWriteError as exc:
            self._keep_form_open(exc)
            return
        except StudyDeskError as exc:
            show_error(self, "Card not saved", exc)
            return
        if not self.select_note(note.id):  # hidden by the search or filters: show it
            self.search.clear()
            self.section_filter.setCurrentIndex(0)
            self.kind_filter.setCurrentIndex(0)
            self.state_filter.setCurrentIndex(0)
            self.select_note(note.id)

    def edit_card(self) -> None:
        note_id = self.selected_note_id()
        if note_id is None or len(self.selected_note_ids()) != 1:
            return
        note = get_note(self.col, note_id)
        sections = section_titles(self.col, note.article_id) if note.article_id else []
        self.form = NoteForm(sections, note, parent=self, col=self.col)
        self.form.accepted.connect(self._save_edit)
        self.form.open()

    def _save_edit(self) -> None:
        assert self.form is not None
        try:
            save_note(self.col, self.form.edited_note())  # same id: cards keep their scheduling
        except CollectionWriteError as exc:
            self._keep_form_open(exc)
        except StudyDeskError as exc:
            show_error(self, "Card not saved", exc)

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
        rows = self.selected_rows()
        note_ids = list(dict.fromkeys(r.note_id for r in rows))
        if not note_ids:
            return
        if len(note_ids) == 1:
            title, text = "Delete card", f"Delete this card and its review history?\n\n{rows[0].prompt}"
        else:
            title, text = "Delete cards", f"Delete these {len(note_ids)} cards and their review history?"
        if self.model.rows_are_cards and len(rows) != len(note_ids) or any(
                r.cards > 1 for r in rows):
            text += "\n\nA note's other cards (reversed or cloze) go with it."
        self.confirm = QMessageBox(
            QMessageBox.Icon.Question, title, text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        self.confirm.setDefaultButton(QMessageBox.StandardButton.No)
        self.confirm.setTextFormat(Qt.TextFormat.PlainText)  # card text is not markup
        box = self.confirm
        box.finished.connect(lambda _r: self._delete_if_confirmed(box, note_ids))
        box.open()

    def _delete_if_confirmed(self, box: QMessageBox, note_ids: list[str]) -> None:
        if box.standardButton(box.clickedButton()) != QMessageBox.StandardButton.Yes:
            return
        from app.ui.collection.auto_backups import backed_up_first

        with reporting(self, "Cards not deleted"), \
                backed_up_first(self, self.col, "delete", "Deleting cards"):
            self._bulk("Deleting cards", Change.NOTES | Change.CARDS,
                       lambda col, progress: delete_notes(col, note_ids, progress),
                       len(note_ids))
