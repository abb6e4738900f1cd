"""Deleting an article, storing an import and re-importing write on a worker connection,
with progress and Cancel, driven from the menus as a user would: the window keeps
painting, Cancel or a failure leaves the collection as it was (the failure said in
words), and Edit → Undo takes the action back."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu, QMessageBox

from app.core.articles import library, manage
from app.core.storage import backups
from app.core.storage.collection import Collection
from app.core.study.reviews import record_review
from app.ui.main_window import MainWindow
from tests.helpers.faults import another_program_holding_the_lock, fill_the_disk, short_busy_wait
from tests.helpers.message_box import trigger
from tests.helpers.progress import cancel_when_shown, slowed, watched

TITLE = ("Military Cooperation Between Russia and China: The Military Alliance Without an "
         "Agreement?")
_TABLES = ("articles", "sections", "blocks", "footnotes", "source_lists", "section_reads",
           "decks", "notes", "cards", "revlog", "quizzes")


def _rows(col: Collection) -> dict[str, list[tuple[object, ...]]]:
    """Every row an article action could touch."""
    return {t: sorted(tuple(r) for r in col.execute(f"SELECT * FROM {t}")) for t in _TABLES}


def _titles(window: MainWindow) -> list[str]:
    return [window.sidebar.topLevelItem(i).text(0)
            for i in range(window.sidebar.topLevelItemCount())]


def _yes_to_delete(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    asked: list[str] = []

    def answer(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(answer))
    return asked


def _warnings(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """The failures shown (`ui/errors.show_error` of a StudyDeskError): (title, text)."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(
        lambda parent, title, text, *a: shown.append((title, text))))
    return shown


def _worker_views(monkeypatch: pytest.MonkeyPatch, fault) -> None:  # type: ignore[no-untyped-def]
    """Every worker connection gets `fault(view)` applied as it opens."""
    real = Collection.worker_view

    def faulty(self: Collection) -> Collection:
        view = real(self)
        fault(view)
        return view

    monkeypatch.setattr(Collection, "worker_view", faulty)


def _review_something(window: MainWindow) -> None:
    """A review since the collection opened: history the delete takes, and a change the
    backup before the delete keeps."""
    card = window.col.execute("SELECT MIN(id) FROM cards").fetchone()[0]
    record_review(window.col, card, 3, 1500)


# -- deleting -------------------------------------------------------------------------

def test_delete_article_runs_on_a_worker_after_a_backup_and_edit_undo_brings_it_back(
        window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    _review_something(window)
    before = _rows(window.col)
    cards = len(before["cards"])
    asked = _yes_to_delete(monkeypatch)
    deleting = watched(monkeypatch, manage, "delete_article")
    backing_up = watched(monkeypatch, backups, "create_backup")  # first, with progress
    trigger(window, "Delete Article…")
    assert asked and f"its {cards} cards" in asked[0]
    assert deleting and deleting[0] != threading.get_ident()
    assert len(backing_up) == 1 and backing_up[0] != threading.get_ident()
    assert [b.reason for b in backups.list_backups(window.col.path)] == ["before-delete"]
    assert _titles(window) == []
    assert window.col.execute("SELECT COUNT(*) FROM cards").fetchone()[0] == 0
    assert window.col.execute("SELECT COUNT(*) FROM revlog").fetchone()[0] == 0
    assert f"Deleted “{TITLE}”" in window.statusBar().currentMessage()
    assert window.undo_action.isEnabled() and TITLE in window.undo_action.text()
    window.undo_action.trigger()  # Edit → Undo
    assert _rows(window.col) == before
    assert _titles(window) == [TITLE]


def test_cancelled_delete_changes_nothing(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    _review_something(window)
    before = _rows(window.col)
    _yes_to_delete(monkeypatch)
    threads = slowed(monkeypatch, manage, "delete_article")
    pressed = cancel_when_shown(qtbot, lambda: bool(threads))
    trigger(window, "Delete Article…")
    assert pressed == [f"Deleting “{TITLE}”…"] and threads[0] != threading.get_ident()
    assert _rows(window.col) == before
    assert _titles(window) == [TITLE]
    assert window.reader.section is not None
    assert window.statusBar().currentMessage() == \
        f"Deleting “{TITLE}” was cancelled; nothing was changed."
    assert not window.undo_action.isEnabled()


def test_delete_from_the_sidebar_menu_runs_on_a_worker(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    _yes_to_delete(monkeypatch)
    deleting = watched(monkeypatch, manage, "delete_article")
    chosen: list[str] = []

    def choose_delete() -> None:
        menu = next((w for w in QApplication.topLevelWidgets()
                     if isinstance(w, QMenu) and w.isVisible()), None)
        if menu is None:
            QTimer.singleShot(50, choose_delete)
            return
        for _ in range(3):  # Rename…, Re-import from File…, Delete…
            qtbot.keyClick(menu, Qt.Key.Key_Down)
        chosen.append(menu.activeAction().text())
        qtbot.keyClick(menu, Qt.Key.Key_Return)

    viewport = window.sidebar.viewport()
    pos = window.sidebar.visualItemRect(window.sidebar.topLevelItem(0)).center()
    QTimer.singleShot(0, choose_delete)
    QApplication.sendEvent(viewport, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos,
                                                       viewport.mapToGlobal(pos)))
    assert chosen == ["Delete…"]
    assert deleting and deleting[0] != threading.get_ident()
    assert _titles(window) == []
    assert "Import one with File" in window.reader.browser.toPlainText()


def test_delete_that_cannot_write_says_why_and_changes_nothing(
        window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _rows(window.col)
    _yes_to_delete(monkeypatch)
    shown = _warnings(monkeypatch)
    _worker_views(monkeypatch, short_busy_wait)
    with another_program_holding_the_lock(window.col.path):
        trigger(window, "Delete Article…")
    assert len(shown) == 1
    title, text = shown[0]
    assert title == "Delete failed"
    assert "another program is using" in text and str(window.col.path) in text
    assert _rows(window.col) == before
    assert _titles(window) == [TITLE]
    assert not window.undo_action.isEnabled()


# -- storing an import ----------------------------------------------------------------

def _long_text(tmp_path: Path, paragraphs: int = 1200) -> Path:
    """An article of many sections (the importer splits long ones into parts)."""
    body = [f"The tide mill at bay {i} ground corn for the village." for i in range(paragraphs)]
    path = tmp_path / "mills.md"
    path.write_text("# Tide mills\n\n## Shore\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
    return path


def _import_key(qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
                path: Path) -> None:
    """File → Import Article… (Ctrl+O), choosing `path` in the file dialog."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(path), "")))
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)


def test_import_is_stored_on_a_worker_and_edit_undo_takes_it_back(
        qtbot, window: MainWindow, tmp_path: Path,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> None:
    before = _rows(window.col)
    storing = watched(monkeypatch, library, "store_prepared")
    told: list[tuple[int, int]] = []
    real_insert = library.insert_text

    def counting(col, article_id, article, progress=None, *args):  # type: ignore[no-untyped-def]
        def tell(done: int, total: int) -> bool:
            told.append((done, total))
            return progress(done, total)  # type: ignore[misc]

        return real_insert(col, article_id, article, tell, *args)

    monkeypatch.setattr(library, "insert_text", counting)
    _import_key(qtbot, window, monkeypatch, _long_text(tmp_path))
    assert storing and storing[0] != threading.get_ident()
    assert len(told) > 10 and told[-1] == (1200, 1200)  # the worker's progress, told
    assert _titles(window) == [TITLE, "Tide mills"]
    assert window.reader.section.title == "Shore"
    assert window.statusBar().currentMessage() == "Imported “Tide mills”."
    assert window.undo_action.isEnabled() and "Tide mills" in window.undo_action.text()
    window.undo_action.trigger()  # Edit → Undo
    assert _rows(window.col) == before
    assert _titles(window) == [TITLE]


def test_cancelled_store_of_an_import_leaves_nothing(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                     tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    before = _rows(window.col)
    threads = slowed(monkeypatch, library, "store_prepared")
    pressed = cancel_when_shown(qtbot, lambda: bool(threads))
    _import_key(qtbot, window, monkeypatch, _long_text(tmp_path))
    assert pressed == ["Storing “Tide mills”…"] and threads[0] != threading.get_ident()
    assert _rows(window.col) == before
    assert _titles(window) == [TITLE]
    assert window.statusBar().currentMessage() == \
        "Importing “Tide mills” was cancelled; nothing was changed."
    assert not window.undo_action.isEnabled()


def test_import_onto_a_full_disk_says_so_and_stores_nothing(
        qtbot, window: MainWindow, tmp_path: Path,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> None:
    before = _rows(window.col)
    shown = _warnings(monkeypatch)
    _worker_views(monkeypatch, fill_the_disk)
    _import_key(qtbot, window, monkeypatch, _long_text(tmp_path))
    assert len(shown) == 1
    title, text = shown[0]
    assert title == "Import failed"
    assert f"the disk holding {window.col.path} is full" in text
    assert _rows(window.col) == before
    assert _titles(window) == [TITLE]
    assert not window.undo_action.isEnabled()


# -- re-importing ---------------------------------------------------------------------

def _reimport_from(window: MainWindow, monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """Article → Re-import from File…, choosing `path`."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(path), "")))
    trigger(window, "Re-import from File…")


def _harbour(window: MainWindow, tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "harbour.md"
    path.write_text("# Harbour\n\n## Old\n\nThe wall was granite. It stood for ages.\n",
                    encoding="utf-8")
    article_id = window.import_article(str(path))
    assert article_id is not None
    path.write_text("# Harbour\n\n## New\n\nThe wall was granite.\n\n## Later\n\nMore.\n",
                    encoding="utf-8")
    return path, article_id


def test_reimport_runs_on_a_worker_and_edit_undo_takes_it_back(
        window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, article_id = _harbour(window, tmp_path)
    before = _rows(window.col)
    threads = watched(monkeypatch, manage, "reimport_prepared")
    _reimport_from(window, monkeypatch, path)
    assert threads and threads[0] != threading.get_ident()
    harbour = window.sidebar.topLevelItem(1)
    assert [harbour.child(i).text(0) for i in range(harbour.childCount())] == [
        "1. New", "2. Later"]
    assert window.reader.section.title == "New"
    assert window.undo_action.isEnabled() and "Re-import “Harbour”" in window.undo_action.text()
    window.undo_action.trigger()  # Edit → Undo
    assert _rows(window.col) == before
    assert window.article(article_id).sections[0].title == "Old"


def test_cancelled_reimport_leaves_the_article_as_it_was(
        qtbot, window: MainWindow, tmp_path: Path,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> None:
    path, article_id = _harbour(window, tmp_path)
    before = _rows(window.col)
    undo_before = window.undo_action.text()
    threads = slowed(monkeypatch, manage, "reimport_prepared")
    pressed = cancel_when_shown(qtbot, lambda: bool(threads))
    _reimport_from(window, monkeypatch, path)
    assert pressed == ["Replacing the text of “Harbour”…"]
    assert threads[0] != threading.get_ident()
    assert _rows(window.col) == before
    assert window.article(article_id).sections[0].title == "Old"
    assert window.statusBar().currentMessage() == \
        "Re-importing “Harbour” was cancelled; nothing was changed."
    assert window.undo_action.text() == undo_before  # still the import's
