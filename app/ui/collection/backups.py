"""File → Backups…: the collection's backups, newest first; back up now or restore one.

Restoring asks first and backs the current state up before anything is replaced,
so a restore can itself be taken back by restoring that backup. Both copies, like
Back Up Now's, run on a worker's connection with progress and Cancel. Every window
refreshes itself from the change the restore announces.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from app.core.errors import ActionCancelled, BackupError
from app.core.storage import backups
from app.core.storage.collection import Collection
from app.ui.errors import reporting
from app.ui.jobs import Progress, run_with_progress
from app.ui.widgets import dialog_column

COLUMNS = ("Date", "Made", "Size", "Cards", "Reviews")
REASONS = {"close": "on closing", "periodic": "every 30 minutes", "manual": "by you",
           "before-delete": "before a deletion", "before-import": "before an import",
           "before-deck-load": "before loading a deck", "before-restore": "before a restore",
           "before-check": "before Check Database"}


def describe_reason(reason: str) -> str:
    if reason.startswith("before-upgrade"):
        return "before an upgrade"
    return REASONS.get(reason, reason.replace("-", " "))


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


class BackupsDialog(QDialog):
    def __init__(self, col: Collection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.col = col
        self.setWindowTitle("Backups")
        self.resize(720, 420)
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.TextFormat.PlainText)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(self.restore_selected)

        self.backup_button = QPushButton("&Back Up Now")
        self.restore_button = QPushButton("&Restore…")
        self.folder_button = QPushButton("Show &Folder")
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self.restore_selected)
        self.folder_button.clicked.connect(self._show_folder)
        self.keep = QSpinBox()
        self.keep.setRange(1, 1000)
        self.keep.setValue(backups.keep_count(col))
        self.keep.setToolTip("How many of the newest backups to keep, besides one a day for "
                             "a week and one a week for a month")
        self.keep.editingFinished.connect(self._save_keep)
        keep_label = QLabel("&Keep the newest:")
        keep_label.setBuddy(self.keep)

        row = QHBoxLayout()
        for w in (self.backup_button, self.restore_button, self.folder_button):
            row.addWidget(w)
        row.addStretch(1)
        row.addWidget(keep_label)
        row.addWidget(self.keep)
        dialog_column(self, self.info, (self.table, 1), row)
        self.refresh()

    def refresh(self) -> None:
        self.found = backups.list_backups(self.col.path)
        self.table.setRowCount(len(self.found))
        for r, b in enumerate(self.found):
            cells = (f"{b.created.astimezone():%a %d %b %Y, %H:%M:%S}", describe_reason(b.reason),
                     _size(b.size), "unreadable" if b.cards is None else str(b.cards),
                     "" if b.reviews is None else str(b.reviews))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        where = backups.backup_folder(self.col.path)
        self.info.setText(f"Backups of {self.col.path.name} are kept in {where}." if self.found
                          else "No backups yet. One is made when you close StudyDesk after a "
                          "change, every 30 minutes of use, and before deletions, imports and "
                          f"restores; they are kept in {where}.")
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        if self.found:
            self.table.selectRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.selected()
        self.restore_button.setEnabled(chosen is not None and chosen.readable)

    def selected(self) -> backups.BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.found[rows[0].row()] if rows else None

    def back_up_now(self) -> None:
        """Copy the collection on a worker thread with progress and Cancel: a big
        collection takes seconds to copy, and the window must not freeze meanwhile."""

        def copy(progress: Progress) -> None:
            with self.col.worker_view() as view:  # copied from the job's own connection
                backups.create_backup(view, "manual", progress=progress)

        with reporting(self, "Back Up Now"):
            try:
                run_with_progress(self, "Back Up Now", "Backing up the collection…", copy)
            except ActionCancelled:
                self.info.setText("Back Up Now was cancelled; no backup was made.")
                return
            self.col.changed_since_backup = False
            self.refresh()

    def restore_selected(self) -> None:
        chosen = self.selected()
        if chosen is None or not chosen.readable:
            return
        when = f"{chosen.created.astimezone():%a %d %b %Y, %H:%M}"
        answer = QMessageBox.question(
            self, "Restore Backup",
            f"Replace the collection with the backup of {when} ({chosen.cards} cards, "
            f"{chosen.reviews} reviews)?\n\nEverything done since then is replaced. The "
            "collection as it is now is backed up first, so you can come back to it.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return
        with reporting(self, "Restore Backup"):
            self._restore(chosen.path, when)

    def _restore(self, path: Path, when: str) -> None:
        """Both copies (the safety backup, then the backup over the collection) on a
        worker's connection with progress and Cancel: at 300,000 cards each takes
        seconds. The GUI's connection stays open and sees the restored content once the
        worker has committed it; only then is it told (`after_restore`)."""

        def restore(progress: Progress) -> Path:
            with self.col.worker_view() as view:
                return backups.restore_backup(view, path, progress=progress)

        if self.col.conn.in_transaction:  # never swapped under an action in progress
            raise BackupError("Another change is still being saved; restore the backup "
                              "once it is done.")
        try:
            run_with_progress(self, "Restore Backup", f"Restoring the backup of {when}…",
                              restore)
        except ActionCancelled:
            self.refresh()  # a safety backup may have been made; the collection is as it was
            self.info.setText("Restore was cancelled; the collection is as it was.")
            return
        backups.after_restore(self.col)
        self.refresh()
        self.info.setText(f"Restored the backup of {when}. The collection as it was "
                          "before is the newest backup in the list.")

    def _save_keep(self) -> None:
        with reporting(self, "Backups"):
            if self.keep.value() != backups.keep_count(self.col):
                backups.set_keep_count(self.col, self.keep.value())

    def _show_folder(self) -> None:
        folder = backups.backup_folder(self.col.path)
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
