"""Importing from the GUI: off the GUI thread, with progress and Cancel; Import from Web."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QInputDialog,
    QMessageBox,
)

from app.core.articles import library
from app.ui.main_window import MainWindow
from tests.helpers import ROOT
from tests.helpers.progress import cancel_when_shown
from tests.helpers.web_server import serving

PAGES = ROOT / "tests" / "data" / "web"


def _collection_bytes(path: Path) -> dict[str, bytes]:
    """The database and its write-ahead log (the -shm index is a cache any reader rewrites)."""
    return {p.name: p.read_bytes() for p in (path, path.with_name(path.name + "-wal"))
            if p.exists()}


def test_cancelled_import_leaves_the_collection_byte_identical(
        qtbot, window: MainWindow, collection_path: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> None:
    page = tmp_path / "slow.html"
    page.write_bytes((PAGES / "news.html").read_bytes())
    release = threading.Event()
    started = threading.Event()
    real_prepare = library.prepare_file

    def slow_prepare(path: object, cancelled: object, progress: object) -> object:
        started.set()
        release.wait(30)  # a parse that takes long, until the test lets it finish
        return real_prepare(path, cancelled, progress)  # type: ignore[arg-type]

    monkeypatch.setattr(library, "prepare_file", slow_prepare)
    before = _collection_bytes(collection_path)
    seen = cancel_when_shown(qtbot, started.is_set)
    assert window.import_article(str(page)) is None
    release.set()
    assert seen and "slow.html" in seen[0]
    assert window.sidebar.topLevelItemCount() == 1
    assert "cancelled" in window.statusBar().currentMessage()
    assert _collection_bytes(collection_path) == before


def test_import_runs_off_the_gui_thread(window: MainWindow, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[threading.Thread] = []
    real_prepare = library.prepare_file

    phases: list[str] = []

    def recording(path: object, cancelled: object, progress: object) -> object:
        threads.append(threading.current_thread())

        def told(text: str) -> None:
            phases.append(text)
            progress(text)  # type: ignore[operator]

        return real_prepare(path, cancelled, told)  # type: ignore[arg-type]

    monkeypatch.setattr(library, "prepare_file", recording)
    article_id = window.import_article(str(PAGES / "blog.html"))
    assert article_id == "blog"
    assert threads and threads[0] is not threading.main_thread()
    assert phases == ["Reading blog.html…", "Finding the sections and sentences of blog.html…"]
    assert window.reader.section.title == "Introduction"
    assert window.sidebar.topLevelItemCount() == 2


def test_import_from_web_menu_asks_for_the_address(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    page = (PAGES / "encyclopedia.html").read_bytes()
    with serving({"/wiki/Tidal_mill": (200, "text/html", page)}) as base:
        monkeypatch.setattr(QInputDialog, "getText",
                            lambda *args, **kwargs: (f"{base}/wiki/Tidal_mill", True))
        action = next(a for a in window.actions() if a.text() == "Import from &Web…")
        assert action.shortcut().toString() == "Ctrl+Alt+I"  # Ctrl+Shift+I is Import Deck…
        action.trigger()
    assert window.sidebar.topLevelItemCount() == 2
    assert "Tidal mill" in window.sidebar.topLevelItem(1).text(0)


def test_import_from_web_failure_is_shown_and_changes_nothing(
        window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    with serving({}) as base:
        assert window.import_from_web(f"{base}/nothing-here") is None
    assert shown and f"{base}/nothing-here" in shown[0] and "404" in shown[0]
    assert window.sidebar.topLevelItemCount() == 1
