"""Driving the main window as the user does when a message box is the answer: a menu
entry triggered by its words, and the next modal message box read and closed."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from tests.helpers.polling import poll


def trigger(window: QMainWindow, text: str) -> None:
    action = next(a for a in window.actions() if a.text().replace("&", "") == text)
    action.trigger()


def capture_message_box() -> list[tuple[str, str, str]]:
    """Read and close the next modal message box: (title, text, informative text)."""
    seen: list[tuple[str, str, str]] = []

    def close_box() -> bool:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            return False
        seen.append((box.windowTitle(), box.text(), box.informativeText()))
        box.done(0)
        return True

    poll(close_box)
    return seen
