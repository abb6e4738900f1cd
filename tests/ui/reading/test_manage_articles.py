"""Rename, delete and undo delete from the Article menu and the sidebar, as a user would."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QInputDialog, QMenu, QMessageBox

from app.ui.main_window import MainWindow
from tests.helpers import ROOT

PAGES = ROOT / "tests" / "data" / "web"


def _titles(win: MainWindow) -> list[str]:
    return [win.sidebar.topLevelItem(i).text(0) for i in range(win.sidebar.topLevelItemCount())]


def test_f2_renames_the_open_article(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Russia and China", True))
    window.reader.browser.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F2)
    assert _titles(window) == ["Russia and China"]
    assert window.reader.browser.toHtml().count("Russia and China") >= 1


def test_delete_asks_with_the_card_count_then_edit_undo_brings_it_back(
        window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    def answer(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    window.import_article(str(PAGES / "blog.html"))
    assert len(_titles(window)) == 2
    cards = window.col.execute("SELECT COUNT(*) FROM cards").fetchone()[0]
    assert cards > 0  # the bundled article's curated deck
    window.open_section("russia-china-military-cooperation", 0)
    menu_action = next(a for a in window.actions() if a.text() == "&Delete Article…")
    menu_action.trigger()
    assert asked and f"its {cards} cards" in asked[0]
    assert _titles(window) == ["Why I learned to splice rope"]
    assert window.col.execute("SELECT COUNT(*) FROM cards").fetchone()[0] == 0
    assert window.reader.section.title == "Introduction"
    undo = next(a for a in window.actions() if a.objectName() == "undo_last_action")  # Edit → Undo
    undo.trigger()
    assert len(_titles(window)) == 2
    assert window.col.execute("SELECT COUNT(*) FROM cards").fetchone()[0] == cards


def test_cancelled_delete_keeps_the_article(window: MainWindow,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Cancel)
    assert window.delete_article() is False
    assert len(_titles(window)) == 1


def test_deleting_the_last_article_leaves_a_helpful_empty_reader(
        window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert window.delete_article()
    assert _titles(window) == []
    assert "Import one with File" in window.reader.browser.toPlainText()
    assert not window.reader.next_button.isEnabled()


def test_sidebar_right_click_offers_rename_and_delete(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Renamed by menu", True))
    offered: list[list[str]] = []

    def choose_rename() -> None:
        menu = next((w for w in QApplication.topLevelWidgets()
                     if isinstance(w, QMenu) and w.isVisible()), None)
        if menu is None:
            QTimer.singleShot(50, choose_rename)
            return
        offered.append([a.text() for a in menu.actions()])
        qtbot.keyClick(menu, Qt.Key.Key_Down)
        qtbot.keyClick(menu, Qt.Key.Key_Return)

    top = window.sidebar.topLevelItem(0)
    viewport = window.sidebar.viewport()
    pos = window.sidebar.visualItemRect(top).center()
    QTimer.singleShot(0, choose_rename)
    QApplication.sendEvent(viewport, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos,
                                                       viewport.mapToGlobal(pos)))
    assert offered == [["Rename…", "Re-import from File…", "Delete…"]]
    assert _titles(window) == ["Renamed by menu"]


def test_reimport_lists_the_sentences_whose_cards_were_suspended(
        window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.core.notes.model import Note
    from app.core.notes.store import save_notes

    path = tmp_path / "harbour.md"
    path.write_text("# Harbour\n\n## Old\n\nThe wall was granite. It stood for ages.\n",
                    encoding="utf-8")
    article_id = window.import_article(str(path))
    assert article_id is not None
    save_notes(window.col, [Note(id="lost", kind="basic", fields={"front": "Q", "back": "A"},
                                 article_id=article_id, section_idx=0,
                                 source="It stood for ages.")])
    path.write_text("# Harbour\n\n## Old\n\nThe wall was granite.\n\n## New\n\nMore text.\n",
                    encoding="utf-8")
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: told.append(str(a[2])))
    action = next(a for a in window.actions() if a.text() == "Re-&import from File…")
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getOpenFileName",
                        lambda *a, **k: (str(path), ""))
    action.trigger()
    assert told and "It stood for ages." in told[0]
    assert [window.sidebar.topLevelItem(1).child(i).text(0) for i in range(2)] == [
        "1. Old", "2. New"]
