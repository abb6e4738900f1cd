"""File → Export to Anki…, driven as a user would: keys and clicks, what is shown."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from app.core.notes.model import Note
from app.core.notes.store import save_notes
from app.core.storage.collection import Collection
from app.ui.decks import export_dialog
from app.ui.decks.export_dialog import ExportDialog, export_to_anki
from tests.helpers.progress import cancel_when_shown

ARTICLE = "russia-china-military-cooperation"


@pytest.fixture
def col_with_cards(col_with_article: Collection) -> Collection:
    save_notes(col_with_article, [
        Note("a", "basic", {"front": "Q1", "back": "A1"}, ARTICLE, 0, position=0),
        Note("b", "reversed", {"front": "Q2", "back": "A2"}, ARTICLE, 0, position=1),
        Note("c", "cloze", {"text": "{{c1::x}} and {{c2::y}}"}, ARTICLE, 2, position=0),
        Note("d", "truefalse", {"statement": "S", "answer": True}, ARTICLE, 5, position=0),
    ])
    return col_with_article


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Messages the user would see in message boxes (which would block a test)."""
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: messages.append(a[2]))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: messages.append(a[2]))
    return messages


def save_as(monkeypatch: pytest.MonkeyPatch, path: Path | None) -> None:
    """The user types this name in the save dialog (None: presses Cancel)."""
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(path) if path else "", ""))


def labels(dialog: ExportDialog) -> list[str]:
    return [dialog.sections.item(i).text() for i in range(dialog.sections.count())]


def toggle(qtbot: QtBot, dialog: ExportDialog, row: int) -> None:
    dialog.sections.setFocus()
    dialog.sections.setCurrentRow(row)
    qtbot.keyClick(dialog.sections, Qt.Key.Key_Space)


def test_lists_sections_with_card_counts(qtbot: QtBot, col_with_cards: Collection) -> None:
    dialog = ExportDialog(col_with_cards, ARTICLE)
    qtbot.addWidget(dialog)
    dialog.show()
    assert labels(dialog)[0] == "01 Introduction — 2 notes (3 cards)"
    assert labels(dialog)[2] == "03 Joint Exercises — 1 note (2 cards)"
    assert labels(dialog)[1] == "02 Military cooperation in recent years — 0 notes (0 cards)"
    assert not dialog.sections.item(1).flags() & Qt.ItemFlag.ItemIsEnabled
    assert dialog.chosen_sections() == [0, 2, 5]
    assert dialog.summary.text() == "4 notes (6 cards) in 3 section(s) will be exported."
    toggle(qtbot, dialog, 0)
    assert dialog.chosen_sections() == [2, 5]
    assert dialog.summary.text() == "2 notes (3 cards) in 2 section(s) will be exported."
    qtbot.mouseClick(dialog.select_none, Qt.MouseButton.LeftButton)
    assert not dialog.export_button.isEnabled()
    assert "no cards to export" in dialog.summary.text()
    qtbot.mouseClick(dialog.select_all, Qt.MouseButton.LeftButton)
    assert dialog.chosen_sections() == [0, 2, 5] and dialog.export_button.isEnabled()


def test_export_chosen_sections_shows_summary(qtbot: QtBot, col_with_cards: Collection,
                                              tmp_path: Path, shown: list[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from anki.collection import Collection as AnkiCollection
    from anki.collection import ImportAnkiPackageRequest

    dialog = ExportDialog(col_with_cards, ARTICLE)
    qtbot.addWidget(dialog)
    dialog.show()
    toggle(qtbot, dialog, 5)
    out = tmp_path / "chosen.apkg"
    save_as(monkeypatch, out)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert shown == [f"5 cards in 2 subdecks written to {out}."]
    assert dialog.export_result is not None and dialog.export_result.path == out
    assert not dialog.isVisible()
    assert dialog.result() == dialog.DialogCode.Accepted  # QDialog.result() not shadowed

    acol = AnkiCollection(str(tmp_path / "anki.anki2"))
    try:
        acol.import_anki_package(ImportAnkiPackageRequest(
            package_path=str(out), options=acol._backend.get_import_anki_package_presets()))
        assert sorted(d.name.split("::")[-1] for d in acol.decks.all_names_and_ids()
                      if "::" in d.name) == ["01 Introduction", "03 Joint Exercises"]
        assert acol.card_count() == 5
    finally:
        acol.close()


def test_cancelled_save_dialog_writes_nothing(qtbot: QtBot, col_with_cards: Collection,
                                              tmp_path: Path, shown: list[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = ExportDialog(col_with_cards, ARTICLE)
    qtbot.addWidget(dialog)
    dialog.show()
    save_as(monkeypatch, None)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.export_result is None and shown == []
    assert list(tmp_path.glob("*.apkg")) == []


def test_cancel_in_progress_dialog_leaves_no_file(qtbot: QtBot, col_with_cards: Collection,
                                                  tmp_path: Path, shown: list[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    save_notes(col_with_cards, [
        Note(f"bulk-{i}", "basic", {"front": f"Q{i}", "back": "A"}, ARTICLE, 3, position=i)
        for i in range(400)])
    dialog = ExportDialog(col_with_cards, ARTICLE)
    qtbot.addWidget(dialog)
    dialog.show()
    save_as(monkeypatch, tmp_path / "big.apkg")
    real_export = export_dialog.export_notes
    threads: list[int] = []

    def slow_export(source, path, progress, scheduling):  # type: ignore[no-untyped-def]
        def slowly(done: int, total: int) -> None:  # a package that takes a while to write
            threads.append(threading.get_ident())
            time.sleep(0.02)
            progress(done, total)
        return real_export(source, path, slowly, scheduling)

    monkeypatch.setattr(export_dialog, "export_notes", slow_export)
    pressed = cancel_when_shown(qtbot, lambda: len(threads) > 3)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert pressed == ["Writing the Anki package…"]
    assert threads and threads[0] != threading.get_ident()  # written off the GUI thread
    assert dialog.summary.text() == "Export cancelled; nothing was written."
    assert dialog.export_result is None and dialog.isVisible() and shown == []
    assert not list(tmp_path.glob("big.apkg*"))


def test_export_error_is_shown(qtbot: QtBot, col_with_cards: Collection, tmp_path: Path,
                               shown: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = ExportDialog(col_with_cards, ARTICLE)
    qtbot.addWidget(dialog)
    dialog.show()
    save_as(monkeypatch, tmp_path / "missing-folder" / "x.apkg")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert len(shown) == 1 and "does not exist" in shown[0] and "missing-folder" in shown[0]
    assert dialog.isVisible() and dialog.export_result is None


def test_export_to_anki_runs_the_dialog(qtbot: QtBot, col_with_cards: Collection, tmp_path: Path,
                                        shown: list[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    save_as(monkeypatch, tmp_path / "all.apkg")

    def press_export() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ExportDialog)
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, press_export)
    result = export_to_anki(None, col_with_cards, ARTICLE)
    assert result is not None and result.cards == 6 and (tmp_path / "all.apkg").is_file()
    assert shown == [f"6 cards in 3 subdecks written to {tmp_path / 'all.apkg'}."]


def test_export_to_anki_with_unknown_article_says_so(qtbot: QtBot, col: Collection,
                                                     shown: list[str]) -> None:
    assert export_to_anki(None, col, "nope") is None
    assert shown == [f"There is no article 'nope' in {col.path}."]


def test_include_scheduling_puts_the_reviews_in_the_package(
        qtbot: QtBot, col_with_cards: Collection, tmp_path: Path, shown: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3
    import zipfile

    from app.core.study.reviews import record_review

    card_id = col_with_cards.execute("SELECT id FROM cards WHERE note_id = 'a'").fetchone()[0]
    record_review(col_with_cards, card_id, 3, 1500)
    dialog = ExportDialog(col_with_cards, ARTICLE)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.with_scheduling.setFocus()
    qtbot.keyClick(dialog.with_scheduling, Qt.Key.Key_Space)
    assert dialog.with_scheduling.isChecked()
    out = tmp_path / "sched.apkg"
    save_as(monkeypatch, out)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    with zipfile.ZipFile(out) as package:
        (tmp_path / "x.anki2").write_bytes(package.read("collection.anki2"))
    conn = sqlite3.connect(tmp_path / "x.anki2")
    try:
        assert conn.execute("SELECT COUNT(*) FROM revlog").fetchone()[0] == 1
        assert conn.execute("SELECT COUNT(*) FROM cards WHERE type != 0").fetchone()[0] == 1
    finally:
        conn.close()
