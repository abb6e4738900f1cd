"""Pressing Cancel in a progress dialog (`app.ui.jobs.run_with_progress`) as the user
does: once it is on screen and the job has begun, a click on its Cancel button; and
watching (or slowing, so that Cancel can be pressed) a job's core call."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from tests.helpers.polling import poll


def cancel_when_shown(qtbot, ready: Callable[[], bool] = lambda: True) -> list[str]:  # type: ignore[no-untyped-def]
    """Click Cancel in the progress dialog as soon as one is visible and `ready()`; the
    returned list receives the dialog's label when it is pressed."""
    pressed: list[str] = []

    def press() -> bool:
        dialog = next((w for w in QApplication.topLevelWidgets()
                       if isinstance(w, QProgressDialog) and w.isVisible()), None)
        if dialog is None or not ready():
            return False
        pressed.append(dialog.labelText())
        cancel = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel")
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
        return True

    poll(press)
    return pressed


def watched(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[int]:
    """Let `module.name` (a job's core call) run as it is; returns the threads it ran on."""
    real = getattr(module, name)
    threads: list[int] = []
    monkeypatch.setattr(module, name, lambda *a, **k: (threads.append(threading.get_ident()),
                                                       real(*a, **k))[1])
    return threads


def slowed(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[int]:
    """Make `module.name(…, progress)` (a job's core call) slow enough to cancel: it waits,
    telling progress, until Cancel is pressed (or 10 s), then runs; returns the threads
    it ran on."""
    real = getattr(module, name)
    threads: list[int] = []

    def slow(*args: object, **kwargs: object) -> object:
        progress = kwargs.get("progress", args[-1])
        threads.append(threading.get_ident())
        deadline = time.monotonic() + 10
        while progress(0, 1) and time.monotonic() < deadline:  # type: ignore[operator]
            time.sleep(0.01)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, slow)
    return threads
