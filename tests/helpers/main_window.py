"""The main window on a fresh collection (the bundled content loaded as on first start),
shown and closed as a test needs it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from app.ui.main_window import MainWindow
from tests.helpers.prepared import first_started


def gui_collection(tmp_path: Path) -> Path:
    """Where the main window's collection lives in a test."""
    return tmp_path / "gui.sqlite3"


@contextmanager
def main_window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    col = first_started(gui_collection(tmp_path))
    # No backup when the test is over: qtbot closes the window (whose close backs up)
    # before this block's end. A test of that backup sets it back to True.
    col.backup_on_close = False
    win = MainWindow(col)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    # what the window does once painted (the menus' icons, the counts…) has run, as it
    # has before a student's first click
    qtbot.waitUntil(lambda: win.periodic_backups is not None)
    try:
        yield win
    finally:
        col.backup_on_close = False  # the test is over: no backup of its collection
        win.close()
        col.close()


@pytest.fixture
def collection_path(tmp_path: Path) -> Path:
    return gui_collection(tmp_path)


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    with main_window(qtbot, tmp_path) as win:
        yield win
