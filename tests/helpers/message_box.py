"""Driving the main window as the user does when a message box is the answer: a menu
entry triggered by its words, and the next modal message box read and closed."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox


def trigger(window: QMainWindow, text: str) -> None:
    action = next(a for a in window.actions() if a.text().replace("&", "") == text)
    action.trigger()


def capture_message_box() -> list[tuple[str, str, str]]:
    """Read and close the next modal message box: (title, text, informative text)."""
    seen: list[tuple[str, str, str]] = []

    def close_box() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append((box.windowTitle(), box.text(), box.informativeText()))
            box.done(0)
        else:
            QTimer.singleShot(20, close_box)

    QTimer.singleShot(0, close_box)
    return seen
