"""File → Import Deck… and a Quizlet file offered to File → Import Article, driven as a user."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.ui.app import open_collection
from app.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    col = open_collection(tmp_path / "gui.sqlite3")
    win = MainWindow(col)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()
    col.close()


def _answer(monkeypatch: pytest.MonkeyPatch, shown: list[str]) -> None:
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    monkeypatch.setattr(QMessageBox, "information",
                        staticmethod(lambda _p, _t, text, *a: shown.append(text)))


def test_quizlet_txt_given_to_import_article_becomes_a_deck(qtbot, window: MainWindow,
                                                           tmp_path: Path, monkeypatch) -> None:
    shown: list[str] = []
    _answer(monkeypatch, shown)
    path = tmp_path / "vocab.txt"
    path.write_text("hola\thello\nperro\tdog\n", encoding="utf-8")
    window.import_article(str(path))
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert "2 notes" in shown[0]
    titles = [window.sidebar.topLevelItem(i).text(0)
              for i in range(window.sidebar.topLevelItemCount())]
    assert any("vocab" in t for t in titles)
    assert window.col.execute("SELECT COUNT(*) FROM articles WHERE kind = 'article' "
                              "AND title = 'vocab'").fetchone()[0] == 0


def test_import_deck_shortcut_and_a_bad_file(qtbot, window: MainWindow, tmp_path: Path,
                                             monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    bad = tmp_path / "bad.gift"
    bad.write_text("::Q:: Unclosed {=a ~b\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(bad), "")))
    errors: list[str] = []
    monkeypatch.setattr("app.ui.decks.import_deck.show_error",
                        lambda _p, _t, exc: errors.append(str(exc)))
    before = window.col.execute("SELECT COUNT(*) FROM notes").fetchone()[0]
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: bool(errors), timeout=10000)
    assert f"{bad}:1:" in errors[0] and "never closed" in errors[0]
    assert window.col.execute("SELECT COUNT(*) FROM notes").fetchone()[0] == before


def test_export_cards_as_gift_from_the_file_menu(qtbot, window: MainWindow, tmp_path: Path,
                                                 monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    out = tmp_path / "bank"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(
        lambda *a, **k: (str(out), "Moodle GIFT (*.gift *.txt)")))
    from app.core.notes.model import Note
    from app.core.notes.store import save_note

    save_note(window.col, Note(id="g1", kind="truefalse", fields={"statement": "Sky is blue",
                                                                  "answer": True},
                               article_id=window._article_id, section_idx=0))
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    written = (tmp_path / "bank.gift").read_text(encoding="utf-8")
    assert "::g1:: Sky is blue {TRUE}" in written
    assert "110 cards written" in window.statusBar().currentMessage()  # with the bundled deck
