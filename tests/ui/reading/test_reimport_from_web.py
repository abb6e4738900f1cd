"""Article → Re-import from Web fetches the page again from a real local server; it is
offered only for an article that has a web address."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox

from app.ui.main_window import MainWindow
from tests.helpers import ROOT
from tests.helpers.web_server import serving

PAGES = ROOT / "tests" / "data" / "web"
GONE = "The harbour master, Tomas Greel, said the wall would be inspected every spring."


def _menu_action(window: MainWindow) -> QAction:
    window.findChild(QMenu, "articleMenu").aboutToShow.emit()  # as when the menu opens
    return window.findChild(QAction, "reimport_article_from_web")


def test_reimport_from_web_updates_the_text_and_lists_lost_sentences(
        window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.core.notes.model import Note
    from app.core.notes.store import save_notes

    assert not _menu_action(window).isEnabled()  # the bundled article has no address
    page = (PAGES / "news.html").read_text(encoding="utf-8")
    routes = {"/story": (200, "text/html; charset=utf-8", page.encode())}
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: told.append(str(a[2])))
    with serving(routes) as base:
        article_id = window.import_from_web(f"{base}/story")
        assert article_id is not None
        save_notes(window.col, [Note(id="gone", kind="basic", fields={"front": "Q", "back": "A"},
                                     article_id=article_id, section_idx=1, source=GONE)])
        routes["/story"] = (200, "text/html", page.replace(GONE, "").encode())
        action = _menu_action(window)
        assert action.isEnabled()
        action.trigger()
    assert told and GONE in told[0]
    window.open_section(article_id, 1)
    assert "Tomas Greel" not in window.reader.browser.toPlainText()
    assert "We did not simply rebuild" in window.reader.browser.toPlainText()
