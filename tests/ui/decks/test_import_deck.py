"""File → Import Deck… and a Quizlet file offered to File → Import Article, driven as a user."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from app.ui.main_window import MainWindow


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
    from app.ui.decks.table_preview import TablePreviewDialog

    previewed: list[list[str]] = []

    def accept(dialog: TablePreviewDialog) -> int:
        previewed.append([dialog.grid.item(r, 0).text() for r in (1, 2)])
        assert dialog.roles() == ["front", "back"] and dialog.current_separator() == "\t"
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(TablePreviewDialog, "exec", accept)
    window.import_article(str(path))
    assert previewed == [["hola", "perro"]]
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


def test_preview_maps_columns_and_refuses_a_ragged_file(qtbot, tmp_path: Path) -> None:
    from app.ui.decks.table_preview import TablePreviewDialog

    path = tmp_path / "words.csv"
    path.write_text("word;meaning;level\nhola;hello;A1\nperro;dog;A1\n", encoding="utf-8")
    dialog = TablePreviewDialog(path, "csv")
    qtbot.addWidget(dialog)
    assert dialog.current_separator() == ";" and dialog.roles() == ["front", "back", "ignore"]
    dialog.role_boxes[2].setCurrentIndex(dialog.role_boxes[2].findData("tags"))
    deck = dialog.deck()
    assert [n.tags for n in deck.notes] == [["A1"], ["A1"]]
    dialog.role_boxes[1].setCurrentIndex(dialog.role_boxes[1].findData("front"))
    assert not dialog.import_button.isEnabled()  # two fronts, no back
    dialog.separator.setCurrentText("Comma")
    assert not dialog.import_button.isEnabled() and "one column" in dialog.problem.text()
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("front,back\na,b\nc,d,e\n", encoding="utf-8")
    bad = TablePreviewDialog(ragged, "csv")
    qtbot.addWidget(bad)
    assert f"{ragged}:3:" in bad.problem.text() and not bad.import_button.isEnabled()


def test_export_quiz_for_moodle_from_the_file_menu(qtbot, window: MainWindow, tmp_path: Path,
                                                   monkeypatch) -> None:
    import xml.etree.ElementTree as ET

    from PySide6.QtWidgets import QFileDialog, QInputDialog

    picked: list[list[str]] = []

    def pick(_parent, _title, _label, items, *a):  # type: ignore[no-untyped-def]
        picked.append(list(items))
        return next(i for i in items if i.startswith("Final quiz")), True

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(pick))
    out = tmp_path / "final"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(
        lambda *a, **k: (str(out), "Moodle XML (*.xml)")))
    action = next(a for a in window.findChildren(type(window.menuBar().actions()[0]))
                  if a.text() == "Export &Quiz for Moodle…")
    action.trigger()
    assert len(picked[0]) == 7  # the bundled deck's quizzes
    root = ET.parse(tmp_path / "final.xml").getroot()
    assert len([q for q in root if q.get("type") != "category"]) == 15


def test_import_an_anki_package_in_the_background(qtbot, window: MainWindow, tmp_path: Path,
                                                  monkeypatch, anki) -> None:
    from PySide6.QtWidgets import QFileDialog

    from tests.helpers.anki import export_from_anki, fill_anki

    fill_anki(anki)
    package = export_from_anki(anki, tmp_path / "spanish.apkg", legacy=False)
    shown: list[str] = []
    _answer(monkeypatch, shown)  # "Include scheduling?" → Yes
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(package), "")))
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: bool(shown), timeout=30000)
    assert "6 notes" in shown[0] and "3 reviews added" in shown[0]
    assert "Vocabulary → basic" in shown[0]
    assert window.reader.position_label.text() == "1 / 2"  # the deck is opened: Nouns, Verbs


def test_a_deck_looking_txt_can_still_be_read_as_an_article(qtbot, window: MainWindow,
                                                            tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: QMessageBox.StandardButton.No))
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: warned.append(a[2])))
    path = tmp_path / "sets.txt"
    path.write_text("Sets\n\nIn set notation a set with one element is written {=a} by some "
                    "authors, though most write it with plain braces around the element.\n\n"
                    "This second paragraph says more about notation and its history.\n",
                    encoding="utf-8")
    before = window.col.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    window.import_article(str(path))
    assert not warned
    assert window.col.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == before + 1


GIFT = "::Capital:: The capital of France is {=Paris ~Lyon ~Nice}\n\n" \
       "::Sum:: Two plus two is {#4}\n"


def _gift_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], Path]:
    """A GIFT file to import, and the list the import's summary box is written to."""
    shown: list[str] = []
    _answer(monkeypatch, shown)
    path = tmp_path / "bank.gift"
    path.write_text(GIFT, encoding="utf-8")
    return shown, path


def _import_gift(qtbot, window: MainWindow, path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(path), "")))
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)


def test_an_imported_deck_is_stored_on_a_worker(qtbot, window: MainWindow, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                monkeypatch) -> None:
    import threading

    from app.ui.decks import import_deck
    from tests.helpers.progress import watched

    shown, path = _gift_file(tmp_path, monkeypatch)
    threads = watched(monkeypatch, import_deck, "store_import")
    _import_gift(qtbot, window, path, monkeypatch)
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert threads and threads[0] != threading.get_ident()
    assert "2 notes" in shown[0]
    assert window.col.execute("SELECT COUNT(*) FROM articles WHERE title = 'bank'"
                              ).fetchone()[0] == 1  # the GUI's connection sees it


def test_a_cancelled_deck_import_stores_nothing(qtbot, window: MainWindow, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                monkeypatch) -> None:
    from app.ui.decks import import_deck
    from tests.helpers.decks import snapshot
    from tests.helpers.progress import cancel_when_shown, slowed

    shown, path = _gift_file(tmp_path, monkeypatch)
    threads = slowed(monkeypatch, import_deck, "store_import")
    before = snapshot(window.col)
    pressed = cancel_when_shown(qtbot, lambda: bool(threads))
    _import_gift(qtbot, window, path, monkeypatch)
    qtbot.waitUntil(lambda: bool(pressed) and "cancelled" in window.statusBar().currentMessage(),
                    timeout=10000)
    assert pressed == ["Storing 2 notes from bank.gift…"]
    assert snapshot(window.col) == before and shown == []
