"""Start-up with a collection that cannot be opened: a dialog in its own words; a
damaged one offers the newest good backup or a copy of what can be read."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from app.core.notes.card_actions import add_note
from app.core.storage import backups
from app.core.storage.collection import Collection
from app.ui.app import run
from tests.helpers.faults import damage, read_only

ARTICLE = "russia-china-military-cooperation"


def _collection(path: Path, cards: int) -> int:
    """A collection with the bundled content, `cards` more cards and a backup; returns
    how many cards it holds."""
    from app.core.articles.bootstrap import ensure_bundled_content

    with Collection.open(path) as col:
        ensure_bundled_content(col)
        for i in range(cards):
            add_note(col, ARTICLE, 0, "basic", {"front": f"Q{i} " + "w" * 300, "back": "A"})
        backups.create_backup(col, "manual")
        col.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        col.backup_on_close = False
        return col.execute("SELECT COUNT(*) FROM cards").fetchone()[0]


def _capture_critical(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(
        lambda parent, title, text, *a: shown.append(text)))
    return shown


def test_read_only_collection_at_start_up_gets_a_dialog(qtbot, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "c.sqlite3"
    _collection(path, 1)
    shown = _capture_critical(monkeypatch)
    with read_only(path):
        assert run(str(path), quit_when_shown=True) == 1
    assert len(shown) == 1 and "read-only" in shown[0] and str(path) in shown[0]


def test_second_window_on_a_hard_link_gets_a_dialog(qtbot, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    path = tmp_path / "c.sqlite3"
    _collection(path, 1)
    link = tmp_path / "link.sqlite3"
    os.link(path, link)
    shown = _capture_critical(monkeypatch)
    with Collection.open(path):
        assert run(str(link), quit_when_shown=True) == 1
    assert "already open" in shown[0]


def _click_when_shown(text: str) -> None:
    """Click the button `text` of the message box that is about to open."""
    def click(tries: int = 0) -> None:
        for box in QApplication.topLevelWidgets():
            if isinstance(box, QMessageBox) and box.isVisible():
                for button in box.findChildren(QPushButton):
                    if button.text() == text:
                        button.click()
                        return
        if tries < 500:
            QTimer.singleShot(20, lambda: click(tries + 1))

    QTimer.singleShot(0, click)


def test_damaged_collection_is_restored_from_the_newest_good_backup(
        qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.core.errors import CollectionDamagedError
    from app.ui.recovery import explain_open_failure

    path = tmp_path / "c.sqlite3"
    total = _collection(path, 200)
    damage(path, page=path.stat().st_size // 4096 - 3)
    damaged = path.read_bytes()
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", staticmethod(
        lambda parent, title, text, *a: told.append(text)))
    with pytest.raises(CollectionDamagedError) as caught:
        Collection.open(path)
    _click_when_shown("Restore Newest Backup")
    # what run() does at start-up (not called here: its event loop would end the test's)
    assert explain_open_failure(None, path, caught.value) is True
    assert told and "damaged file is kept as" in told[0]
    kept = [p for p in tmp_path.iterdir() if ".damaged-" in p.name and p.suffix != ".sqlite3-wal"]
    assert kept and kept[0].read_bytes() == damaged
    with Collection.open(path) as col:
        col.backup_on_close = False
        assert col.execute("SELECT COUNT(*) FROM cards").fetchone()[0] == total


def test_damaged_collection_quit_leaves_it_untouched(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    _collection(path, 200)
    damage(path, page=path.stat().st_size // 4096 - 3)
    damaged = path.read_bytes()
    _click_when_shown("Quit")
    assert run(str(path), quit_when_shown=True) == 1
    assert path.read_bytes() == damaged
