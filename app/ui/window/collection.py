"""The main window's collection as a whole and help: Edit → Undo, backups, Check
Database, keyboard shortcuts, About."""

from __future__ import annotations


class CollectionMixin:
    """Mixed into MainWindow: Edit → Undo, File → Backups, Tools and Help."""

    def undo_last_action(self) -> None:
        from app.ui.collection.actions import undo_last_action

        undone = undo_last_action(self, self.col)
        if undone:
            self.statusBar().showMessage(f"Undone: {undone}.", 5000)

    def show_backups(self) -> None:
        from PySide6.QtCore import Qt

        from app.ui.collection.backups import BackupsDialog

        dialog = BackupsDialog(self.col, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def check_database(self) -> None:
        from app.ui.collection.actions import run_check_database

        run_check_database(self, self.col)

    def show_shortcuts(self) -> None:
        from app.ui.help import show_shortcuts

        show_shortcuts(self)

    def show_about(self) -> None:
        from app.ui.help import show_about

        show_about(self, self.col.path)
