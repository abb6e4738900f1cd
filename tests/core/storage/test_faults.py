"""Failed writes reach the caller with their real cause, and nothing is lost."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from app.core.changes import Change
from app.core.errors import (
    CollectionBusyError,
    CollectionDamagedError,
    CollectionLockedError,
    CollectionReadOnlyError,
    CollectionTooNewError,
    DiskFullError,
    NotACollectionError,
)
from app.core.storage import migrations
from app.core.storage.collection import Collection
from app.core.study.reviews import record_review
from tests.helpers.faults import (
    another_program_holding_the_lock,
    damage,
    fill_the_disk,
    make_room,
    read_only,
    short_busy_wait,
)


def _first_card(col: Collection) -> int:
    from app.core.notes.card_actions import add_note

    add_note(col, "russia-china-military-cooperation", 0, "basic",
             {"front": "Q?", "back": "A"})
    return col.execute("SELECT MIN(id) FROM cards").fetchone()[0]


def _reviews(col: Collection) -> int:
    return col.execute("SELECT COUNT(*) FROM revlog").fetchone()[0]


def test_full_disk_keeps_the_real_message_and_every_earlier_answer(
        col_with_article: Collection) -> None:
    col = col_with_article
    card = _first_card(col)
    record_review(col, card, 3, 1000)
    fill_the_disk(col)
    with (pytest.raises(DiskFullError, match="disk holding .* is full") as caught,
          col.transaction(Change.NOTES)):
        col.execute("INSERT INTO settings (key, value) VALUES ('big', ?)", ["x" * 400_000])
    assert "no transaction is active" not in str(caught.value)
    make_room(col)
    record_review(col, card, 3, 1000)  # after room is made, saving works again
    assert _reviews(col) == 2
    assert col.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_read_only_file_is_said_in_its_own_words(col_with_article: Collection) -> None:
    col = col_with_article
    card = _first_card(col)
    path = col.path
    col.close()
    with (read_only(path),
          pytest.raises(CollectionReadOnlyError, match="collection file .* is read-only")):
        reopened = Collection.open(path)
        try:
            record_review(reopened, card, 3, 1000)
        finally:
            reopened.close()


def test_read_only_folder_is_said_in_its_own_words(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    with Collection.open(folder / "c.sqlite3") as col:
        col.set_setting("kept", 1)
        col.backup_on_close = False
    for extra in folder.iterdir():  # a clean close leaves only the database
        assert extra.name in ("c.sqlite3",), extra
    with (read_only(folder),
          pytest.raises(CollectionReadOnlyError, match="folder .* is read-only"),
          Collection.open(folder / "c.sqlite3") as col):
        col.set_setting("lost", 1)


def test_lock_held_by_another_program(col_with_article: Collection) -> None:
    col = col_with_article
    card = _first_card(col)
    short_busy_wait(col)
    with (another_program_holding_the_lock(col.path),
          pytest.raises(CollectionBusyError, match="another program is using")):
        record_review(col, card, 3, 1000)
    record_review(col, card, 3, 1000)
    assert _reviews(col) == 1


def test_damaged_file_is_detected_on_open_and_left_alone(col_with_article: Collection) -> None:
    path = col_with_article.path
    col_with_article.backup_on_close = False
    col_with_article.close()
    damage(path, page=3)
    before = path.read_bytes()
    with pytest.raises(CollectionDamagedError, match="is damaged"):
        Collection.open(path)
    assert path.read_bytes() == before
    assert not path.with_name(path.name + "-wal").exists()


def test_newer_version_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {migrations.APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {migrations.LATEST_VERSION + 1}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(CollectionTooNewError, match="newer StudyDesk"):
        Collection.open(path)
    assert path.read_bytes() == before
    assert not path.with_name(path.name + "-wal").exists()


def test_not_sqlite_is_not_a_collection(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"hello\n" * 2000)
    with pytest.raises(NotACollectionError, match="not a StudyDesk collection"):
        Collection.open(path)
    assert path.read_bytes() == b"hello\n" * 2000


def test_hard_link_is_refused_like_a_second_window(col: Collection, tmp_path: Path) -> None:
    link = tmp_path / "elsewhere" / "same.sqlite3"
    link.parent.mkdir()
    os.link(col.path, link)
    with pytest.raises(CollectionLockedError, match="already open"):
        Collection.open(link)
    col.set_setting("still", "works")


def test_symlink_is_refused_like_a_second_window(col: Collection, tmp_path: Path) -> None:
    link = tmp_path / "link.sqlite3"
    link.symlink_to(col.path)
    with pytest.raises(CollectionLockedError, match="already open"):
        Collection.open(link)


_OPEN_VIA = """
import sys
from app.core.storage.collection import Collection
from app.core.errors import CollectionLockedError
try:
    Collection.open(sys.argv[1]).close()
except CollectionLockedError:
    print("refused")
else:
    print("opened")
"""


def test_hard_link_from_another_process_is_refused(col: Collection, tmp_path: Path) -> None:
    import subprocess
    import sys

    link = tmp_path / "hard.sqlite3"
    os.link(col.path, link)
    out = subprocess.run([sys.executable, "-c", _OPEN_VIA, str(link)], capture_output=True, check=False,
                         text=True, cwd=Path(__file__).resolve().parents[3], timeout=120)
    assert out.stdout.strip() == "refused", out.stderr
    col.close()
    out = subprocess.run([sys.executable, "-c", _OPEN_VIA, str(link)], capture_output=True, check=False,
                         text=True, cwd=Path(__file__).resolve().parents[3], timeout=120)
    assert out.stdout.strip() == "opened", out.stderr


def test_commits_are_fully_synced(col: Collection) -> None:
    assert col.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert col.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


_HOLD_OPEN = """
import sys, time
from app.core.storage.collection import Collection
col = Collection.open(sys.argv[1])
col.set_setting("written", 1)
print("open", flush=True)
time.sleep(600)
"""


def test_a_crashed_studydesk_leaves_no_stale_lock(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys

    path = tmp_path / "c.sqlite3"
    proc = subprocess.Popen([sys.executable, "-c", _HOLD_OPEN, str(path)],
                            stdout=subprocess.PIPE, text=True,
                            cwd=Path(__file__).resolve().parents[3])
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "open"
        with pytest.raises(CollectionLockedError):
            Collection.open(path)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    with Collection.open(path) as col:  # the OS dropped the dead process's lock
        assert col.get_setting("written") == 1
        assert col.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_folder_is_not_a_collection(tmp_path: Path) -> None:
    with pytest.raises(NotACollectionError, match="is a folder"):
        Collection.open(tmp_path)
