"""Edit → Undo, Tools → Check Database and the 30-minute backups, for the main window.

Why here and not in the window: each is a few lines of UI around one core call
(`undo_last`, `check_database`, `automatic_backup`), and the main window only
wires them to its menus.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.core.storage.backups import PERIODIC_MINUTES, automatic_backup
from app.core.storage.check import check_database
from app.core.storage.collection import Collection
from app.core.storage.undo import undo_last
from app.ui.errors import reporting


def undo_text(col: Collection) -> str:
    """The Edit menu's words for what Undo would take back."""
    label = col.undo.label
    return f"&Undo {label}" if label else "&Undo"


def update_undo_action(action: QAction, col: Collection) -> None:
    action.setText(undo_text(col))
    action.setEnabled(col.undo.label is not None)


def undo_last_action(parent: QWidget, col: Collection) -> str | None:
    """Take back the newest destructive action; returns what was undone."""
    if col.undo.label is None:
        return None
    with reporting(parent, "Undo"):
        return undo_last(col)
    return None


def run_check_database(parent: QWidget, col: Collection) -> None:
    """Tools → Check Database: check, fix what is safe (after a backup), say what was done."""
    with reporting(parent, "Check Database"):
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            report = check_database(col, fix=True)
        finally:
            QApplication.restoreOverrideCursor()
        icon = (QMessageBox.Icon.Information if not report.damaged
                else QMessageBox.Icon.Critical)
        box = QMessageBox(icon, "Check Database", report.text(), QMessageBox.StandardButton.Ok,
                          parent)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setObjectName("checkReport")
        box.open()


class PeriodicBackups(QObject):
    """A backup every 30 minutes of use, when something changed since the last one."""

    def __init__(self, col: Collection, parent: QObject, minutes: int = PERIODIC_MINUTES) -> None:
        super().__init__(parent)
        self.col = col
        self.timer = QTimer(self)
        self.timer.setInterval(minutes * 60 * 1000)
        self.timer.timeout.connect(self.backup_if_changed)
        self.timer.start()

    def backup_if_changed(self) -> None:
        if self.col.changed_since_backup and not self.col.closed:
            automatic_backup(self.col, "periodic")
