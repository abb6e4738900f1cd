"""Backups: made at each trigger, rotated as promised, restored exactly."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.core.errors import BackupError
from app.core.storage import backups
from app.core.storage.collection import Collection
from app.core.storage.migrations import LATEST_VERSION


def _dump(col: Collection) -> dict[str, list[tuple]]:
    from app.core.storage.sql import ordinary_tables

    tables = ordinary_tables(col.conn)  # the full-text index is derived from note_text
    return {t: col.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall() for t in tables}


def _add_card(col: Collection, front: str = "Q?") -> None:
    from app.core.notes.card_actions import add_note

    add_note(col, "russia-china-military-cooperation", 0, "basic", {"front": front, "back": "A"})


def test_restore_round_trips_every_table_exactly(col_with_article: Collection) -> None:
    from app.core.study.reviews import record_review

    col = col_with_article
    _add_card(col)
    record_review(col, col.execute("SELECT MIN(id) FROM cards").fetchone()[0], 3, 1234)
    saved = _dump(col)
    backup = backups.create_backup(col, "manual")
    _add_card(col, "later")
    col.execute("DELETE FROM revlog")
    assert _dump(col) != saved
    safety = backups.restore_backup(col, backup)
    assert _dump(col) == saved
    assert safety.exists() and safety != backup
    assert col.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert col.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    # and the state before the restore is itself a backup that restores
    backups.restore_backup(col, safety)
    assert col.execute("SELECT COUNT(*) FROM revlog").fetchone()[0] == 0


def test_listing_shows_date_size_cards_and_reviews(col_with_article: Collection) -> None:
    col = col_with_article
    _add_card(col)
    backups.create_backup(col, "manual")
    (info,) = backups.list_backups(col.path)
    assert info.cards == 1 and info.reviews == 0 and info.size > 0
    assert info.reason == "manual"
    assert abs((datetime.now(UTC) - info.created).total_seconds()) < 600


def test_close_after_a_change_makes_a_backup_and_a_clean_close_none(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    Collection.open(path).close()
    assert backups.list_backups(path) == []  # nothing changed: nothing to back up
    with Collection.open(path) as col:
        col.set_setting("x", 1)
    assert [b.reason for b in backups.list_backups(path)] == ["close"]


def test_upgrade_makes_a_backup_first(tmp_path: Path) -> None:
    from app.core.storage import migrations

    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    import sqlite_utils

    db = sqlite_utils.Database(conn)
    conn.execute("BEGIN")
    migrations.MIGRATIONS[0](db)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("COMMIT")
    conn.close()
    with Collection.open(path) as col:
        assert col.schema_version == LATEST_VERSION
        col.backup_on_close = False
    (info,) = backups.list_backups(path)
    assert info.reason == "before-upgrade-v1"


def test_deleting_cards_is_preceded_by_a_backup(col_with_article: Collection) -> None:
    from app.core.notes.card_actions import delete_notes

    col = col_with_article
    _add_card(col)
    note = col.execute("SELECT id FROM notes").fetchone()[0]
    delete_notes(col, [note])
    (info,) = backups.list_backups(col.path)
    assert info.reason == "before-delete" and info.cards == 1


def test_rotation_keeps_last_n_plus_daily_for_a_week_and_weekly_for_a_month() -> None:
    now = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)
    # one backup every 6 hours for 60 days
    stamps = [now - timedelta(hours=6 * i) for i in range(240)]
    kept = backups.to_keep(stamps, keep=5, now=now)
    newest = sorted(stamps, reverse=True)
    assert set(newest[:5]) <= kept
    for day in range(7):  # one per day of the last week
        assert any((now - s).days == day for s in kept)
    old = [s for s in kept if now - s > timedelta(days=7)]
    weeks = {s.isocalendar()[:2] for s in old}
    assert len(weeks) == len(old)  # at most one per week beyond the week
    assert all(now - s <= timedelta(days=31) for s in kept)  # nothing older than a month
    assert len(kept) < 5 + 8 + 6


def test_rotation_deletes_files_beyond_the_policy(col: Collection) -> None:
    backups.set_keep_count(col, 2)
    start = datetime.now(UTC) - timedelta(days=60)
    for i in range(5):  # five backups, all older than a month
        backups.create_backup(col, "manual", now=start + timedelta(minutes=i))
    assert len(backups.list_backups(col.path)) == 2


def test_restore_refuses_a_file_that_is_not_a_backup(col: Collection, tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database" * 300)
    before = col.execute("SELECT COUNT(*) FROM settings").fetchone()
    with pytest.raises(BackupError, match="junk.sqlite3"):
        backups.restore_backup(col, junk)
    assert col.execute("SELECT COUNT(*) FROM settings").fetchone() == before


def test_keep_count_is_range_checked(col: Collection) -> None:
    with pytest.raises(BackupError):
        backups.set_keep_count(col, 0)
    assert backups.keep_count(col) == backups.DEFAULT_KEEP


def test_imports_and_deck_loads_are_preceded_by_a_backup(col: Collection, article_path: Path,
                                                        tmp_path: Path) -> None:
    from app.core.articles.library import import_article_file
    from app.core.decks.store import load_deck_into_collection
    from tests.helpers.decks import VALID, write

    col.set_setting("something", 1)  # a change worth keeping before the import
    import_article_file(col, article_path)
    assert [b.reason for b in backups.list_backups(col.path)] == ["before-import"]
    load_deck_into_collection(col, write(tmp_path, VALID))
    assert backups.list_backups(col.path)[0].reason == "before-deck-load"


def test_a_job_on_a_worker_view_makes_the_backup_before_it(col: Collection,
                                                          article_path: Path) -> None:
    """The GUI runs imports, deck loads and deletions on `worker_view`: their
    `backup_before` is made there, when the collection has changed since its last
    backup, and not when it has not."""
    from app.core.articles.library import import_article_file

    with col.worker_view() as view:
        import_article_file(view, article_path)
    assert backups.list_backups(col.path) == []  # nothing had changed since it opened
    col.set_setting("something", 1)
    with col.worker_view() as view:
        import_article_file(view, article_path)  # known already: the backup comes first
    assert [b.reason for b in backups.list_backups(col.path)] == ["before-import"]


def test_a_failed_automatic_backup_never_stops_the_action(col_with_article: Collection) -> None:
    from app.core.notes.card_actions import delete_notes

    col = col_with_article
    _add_card(col)
    folder = backups.backup_folder(col.path)
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("a file where the backup folder should be")
    delete_notes(col, [col.execute("SELECT id FROM notes").fetchone()[0]])
    assert col.execute("SELECT COUNT(*) FROM notes").fetchone()[0] == 0
    assert backups.last_failure is not None and str(folder) in backups.last_failure
