"""The collection: migrations, transactions, locking, articles and reading progress."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from app.core.articles.importers import ArticleImportError
from app.core.articles.library import (
    import_article_file,
    list_articles,
    load_article,
    reading_position,
    save_reading_position,
    set_section_read,
)
from app.core.changes import Change
from app.core.storage import migrations
from app.core.storage.collection import Collection, CollectionError, CollectionLockedError


def test_new_collection_is_at_latest_schema_in_wal_mode(col: Collection) -> None:
    assert col.schema_version == migrations.LATEST_VERSION
    assert col.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert {"articles", "sections", "blocks", "notes", "cards", "revlog"} <= set(col.db.table_names())


def test_migrations_run_from_every_older_version(tmp_path: Path) -> None:
    """A collection created at version 1 upgrades step by step to the latest."""
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    import sqlite_utils

    migrations.MIGRATIONS[0](sqlite_utils.Database(conn))
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with Collection.open(path) as col:
        assert col.schema_version == migrations.LATEST_VERSION


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {migrations.LATEST_VERSION + 5}")
    conn.close()
    with pytest.raises(CollectionError, match="newer StudyDesk"):
        Collection.open(path)


def test_not_a_database_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "junk.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(CollectionError, match="not a StudyDesk collection"):
        Collection.open(path)


def test_second_opener_is_told_and_first_keeps_working(col: Collection) -> None:
    with pytest.raises(CollectionLockedError, match="already open"):
        Collection.open(col.path)
    col.set_setting("still", "works")
    assert col.get_setting("still") == "works"


def test_lock_is_released_on_close(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    Collection.open(path).close()
    Collection.open(path).close()


def test_failed_transaction_changes_nothing(col: Collection) -> None:
    with pytest.raises(RuntimeError), col.transaction(Change.NOTES):
        col.table("settings").insert({"key": "a", "value": "1"})
        raise RuntimeError("boom")
    assert col.get_setting("a") is None


def test_import_stores_sections_and_is_idempotent(col: Collection, article_path: Path) -> None:
    first = import_article_file(col, article_path)
    again = import_article_file(col, article_path)
    assert first.created and not again.created
    assert again.article_id == first.article_id == "russia-china-military-cooperation"
    assert len(list_articles(col)) == 1
    stored = load_article(col, first.article_id)
    from app.core.articles.importers import import_file

    assert stored == import_file(article_path)  # the round trip through SQLite is exact


def test_reading_progress_and_position(col_with_article: Collection) -> None:
    col = col_with_article
    set_section_read(col, "russia-china-military-cooperation", 0)
    set_section_read(col, "russia-china-military-cooperation", 2)
    summary = list_articles(col)[0]
    assert summary.read == {0, 2} and len(summary.sections) == 6
    set_section_read(col, "russia-china-military-cooperation", 2, read=False)
    assert list_articles(col)[0].read == {0}
    save_reading_position(col, "russia-china-military-cooperation", 3)
    position = reading_position(col)
    assert position is not None
    assert (position.article_id, position.section_idx, position.scroll) == (
        "russia-china-military-cooperation", 3, 0.0)
    save_reading_position(col, "russia-china-military-cooperation", 4, scroll=0.37)
    assert reading_position(col).scroll == pytest.approx(0.37)


@pytest.mark.parametrize("name,data", [
    ("empty.txt", b""),
    ("binary.bin", bytes(range(256)) * 8),
    ("bad.html", b"<html><body><script>x()</script></body></html>"),
    ("undecodable.txt", b"Title\n\nSome text \x81\x8d\x8f\x90\x9d here.\n" * 20),
])
def test_bad_import_leaves_database_file_unchanged(
    col_with_article: Collection, tmp_path: Path, name: str, data: bytes
) -> None:
    col = col_with_article
    col.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = col.path.read_bytes()
    bad = tmp_path / name
    bad.write_bytes(data)
    with pytest.raises(ArticleImportError) as info:
        import_article_file(col, bad)
    assert name in str(info.value)
    if name == "undecodable.txt":
        assert "neither UTF-8 nor Windows-1252" in str(info.value)
    col.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert col.path.read_bytes() == before


def test_collection_copy_opens(col_with_article: Collection, tmp_path: Path) -> None:
    col_with_article.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    copy = tmp_path / "copy.sqlite3"
    shutil.copy(col_with_article.path, copy)
    with Collection.open(copy) as other:
        assert [a.id for a in list_articles(other)] == ["russia-china-military-cooperation"]


def test_another_programs_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.execute("INSERT INTO invoices (total) VALUES (9.5)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(CollectionError, match="another program"):
        Collection.open(path)
    assert path.read_bytes() == before


def test_collection_carries_the_studydesk_application_id(col: Collection) -> None:
    assert col.execute("PRAGMA application_id").fetchone()[0] == migrations.APPLICATION_ID


def test_card_ids_are_never_reused_after_a_delete(col_with_article: Collection) -> None:
    from app.core.notes.model import Note
    from app.core.notes.store import delete_note, save_note

    col = col_with_article
    save_note(col, Note("a", "basic", {"front": "A?", "back": "a"}, "russia-china-military-cooperation", 0))
    first = col.execute("SELECT MAX(id) FROM cards").fetchone()[0]
    delete_note(col, "a")
    save_note(col, Note("b", "basic", {"front": "B?", "back": "b"}, "russia-china-military-cooperation", 0))
    assert col.execute("SELECT id FROM cards WHERE note_id = 'b'").fetchone()[0] > first


def test_upgrade_rebuilding_cards_keeps_reviews(tmp_path: Path) -> None:
    """A collection from before the cards rebuild keeps every card and review."""
    import sqlite_utils

    path = tmp_path / "v5.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {migrations.APPLICATION_ID}")
    db = sqlite_utils.Database(conn)
    for version, migrate in enumerate(migrations.MIGRATIONS[:5], 1):
        migrate(db)
        conn.execute(f"PRAGMA user_version = {version}")
    conn.execute("INSERT INTO notes (id, kind, fields, position, created, modified) "
                 "VALUES ('n', 'basic', ?, 0, 'x', 'x')", ['{"front": "F", "back": "B"}'])
    conn.execute("INSERT INTO cards (id, note_id, ord) VALUES (7, 'n', 0)")
    conn.execute("INSERT INTO revlog (card_id, rating, reviewed_at, before) VALUES (7, 3, 1.0, '{}')")
    conn.close()
    with Collection.open(path) as col:
        assert col.schema_version == migrations.LATEST_VERSION
        assert col.execute("SELECT id FROM cards").fetchall() == [(7,)]
        assert col.execute("SELECT card_id FROM revlog").fetchall() == [(7,)]
        sql = col.execute("SELECT sql FROM sqlite_master WHERE name = 'cards'").fetchone()[0]
        assert "AUTOINCREMENT" in sql
        assert col.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_a_failed_nested_block_is_undone_even_if_the_outer_one_commits(col: Collection) -> None:
    with col.transaction(Change.NOTES):
        col.set_setting("outer", 1)
        with pytest.raises(RuntimeError), col.transaction(Change.NOTES):
            col.set_setting("inner", 2)
            raise RuntimeError("inner step failed")
        col.set_setting("after", 3)
    assert col.get_setting("outer") == 1 and col.get_setting("after") == 3
    assert col.get_setting("inner") is None
