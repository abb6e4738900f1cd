"""Work that waits for a window's first paint.

Why: the student waits for the main window to appear every morning; what the first
paint does not show (sending class results, checking subscribed decks, the tools
behind menus) should not delay it. The start-up benchmark measures to the same
event, so both use this one definition of "painted".
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _AfterFirstPaint(QObject):
    """Runs `action` once, from the event loop, right after the watched window's first paint."""

    def __init__(self, window: QWidget, action: Callable[[], None]) -> None:
        super().__init__(window)
        self._action = action

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._action)
        return False


def after_first_paint(window: QWidget, action: Callable[[], None]) -> None:
    """Run `action` once the window has been painted (not merely shown); never if it
    never is."""
    window.installEventFilter(_AfterFirstPaint(window, action))
