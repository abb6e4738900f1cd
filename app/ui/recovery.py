"""When the collection cannot be opened: say why, and for a damaged one offer a way out.

Why a dialog of its own: a damaged collection is never written to silently; the
student chooses between restoring the newest backup that reads back whole
(the damaged file is kept, renamed) and copying what can still be read into a
new collection. Any other refusal (read-only, locked, newer version, not ours)
is shown in its own words.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.core.errors import CollectionDamagedError, StudyDeskError
from app.core.paths import APP_NAME


def explain_open_failure(parent: QWidget | None, path: Path, exc: StudyDeskError) -> bool:
    """Tell the user why `path` did not open. True when it was repaired (restored or
    salvaged into its place) and opening it again may succeed."""
    if not isinstance(exc, CollectionDamagedError):
        QMessageBox.critical(parent, APP_NAME, str(exc))
        return False
    from app.core.storage.check import newest_good_backup, restore_damaged, salvage

    backup = newest_good_backup(path)
    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, str(exc),
                      QMessageBox.StandardButton.NoButton, parent)
    restore = None
    if backup is not None:
        restore = box.addButton("Restore Newest Backup", QMessageBox.ButtonRole.AcceptRole)
        box.setInformativeText(f"The newest good backup is {backup.name}. Restoring it keeps "
                               "the damaged file beside it, renamed.")
    else:
        box.setInformativeText("There is no backup that reads back whole.")
    copy = box.addButton("Copy Out What Can Be Read…", QMessageBox.ButtonRole.ActionRole)
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    try:
        if restore is not None and clicked is restore:
            kept = restore_damaged(path, backup)  # type: ignore[arg-type]
            QMessageBox.information(parent, APP_NAME, f"Restored {backup.name}. "  # type: ignore[union-attr]
                                    f"The damaged file is kept as {kept.name}.")
            return True
        if clicked is copy:
            target, _ = QFileDialog.getSaveFileName(
                parent, "Copy into a New Collection",
                str(path.with_name(path.stem + "-rescued.sqlite3")),
                "StudyDesk collections (*.sqlite3)")
            if target:
                summary = salvage(path, Path(target))
                QMessageBox.information(parent, APP_NAME, f"{summary}\n\nOpen it with "
                                        f"--collection \"{target}\".")
    except StudyDeskError as failure:
        QMessageBox.critical(parent, APP_NAME, str(failure))
    return False
