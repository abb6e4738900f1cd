"""Pressing Cancel in a progress dialog (`app.ui.jobs.run_with_progress`) as the user
does: once it is on screen and the job has begun, a click on its Cancel button."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton


def cancel_when_shown(qtbot, ready: Callable[[], bool] = lambda: True) -> list[str]:  # type: ignore[no-untyped-def]
    """Click Cancel in the progress dialog as soon as one is visible and `ready()`; the
    returned list receives the dialog's label when it is pressed."""
    pressed: list[str] = []

    def press() -> None:
        dialog = next((w for w in QApplication.topLevelWidgets()
                       if isinstance(w, QProgressDialog) and w.isVisible()), None)
        if dialog is None or not ready():
            QTimer.singleShot(20, press)
            return
        pressed.append(dialog.labelText())
        cancel = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel")
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, press)
    return pressed
