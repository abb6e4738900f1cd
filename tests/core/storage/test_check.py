"""Check Database: finds what is wrong, fixes what is safe after a backup, says what it did."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.errors import CollectionDamagedError
from app.core.notes.card_actions import add_note
from app.core.storage import backups
from app.core.storage.check import check_database, salvage
from app.core.storage.collection import Collection
from app.core.study.reviews import record_review
from tests.helpers.faults import damage

ARTICLE = "russia-china-military-cooperation"


def test_healthy_collection_is_left_alone(col_with_article: Collection) -> None:
    report = check_database(col_with_article)
    assert report.ok and report.fixed == [] and report.backup is None
    assert "healthy" in report.text()
    assert backups.list_backups(col_with_article.path) == []


def test_orphans_empty_notes_and_contradicted_cards_are_fixed(
        col_with_article: Collection) -> None:
    col = col_with_article
    note = add_note(col, ARTICLE, 0, "basic", {"front": "Q", "back": "A"})
    empty = add_note(col, ARTICLE, 0, "basic", {"front": "Q2", "back": "A"})
    card = col.execute("SELECT id FROM cards WHERE note_id = ?", [note.id]).fetchone()[0]
    record_review(col, card, 3, 800)
    col.conn.execute("PRAGMA foreign_keys = OFF")
    col.execute("INSERT INTO revlog (card_id, rating, reviewed_at) VALUES (999999, 3, 1.0)")
    col.execute("DELETE FROM cards WHERE note_id = ?", [empty.id])
    col.execute("UPDATE cards SET last_review = NULL, state = 1, due = NULL WHERE id = ?",
                [card])
    col.conn.execute("PRAGMA foreign_keys = ON")
    report = check_database(col)
    assert "1 row of revlog refer to a missing cards row" in report.problems
    assert "1 note without cards" in report.problems
    assert "1 card whose scheduling contradicts the review log" in report.problems
    assert report.fixed == ["deleted 1 orphaned row of revlog",
                            "made the missing cards of 1 note",
                            "rescheduled 1 card from their review log"]
    assert report.backup is not None and report.backup.exists()
    assert check_database(col).ok
    assert col.execute("SELECT last_review FROM cards WHERE id = ?", [card]).fetchone()[0]


def test_check_without_fix_changes_nothing(col_with_article: Collection) -> None:
    col = col_with_article
    empty = add_note(col, ARTICLE, 0, "basic", {"front": "Q2", "back": "A"})
    col.execute("DELETE FROM cards WHERE note_id = ?", [empty.id])
    report = check_database(col, fix=False)
    assert report.problems == ["1 note without cards"] and report.fixed == []
    assert col.execute("SELECT COUNT(*) FROM cards").fetchone()[0] == 0


def test_damaged_copy_can_be_salvaged(col_with_article: Collection, tmp_path: Path) -> None:
    col = col_with_article
    for i in range(300):
        add_note(col, ARTICLE, i % 3, "basic", {"front": f"Question {i} " + "x" * 200,
                                                "back": "A"})
    col.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    path = col.path
    col.backup_on_close = False
    col.close()
    pages = path.stat().st_size // 4096
    damage(path, page=pages - 2)
    with pytest.raises(CollectionDamagedError):
        Collection.open(path)
    out = tmp_path / "rescued.sqlite3"
    summary = salvage(path, out)
    assert "rows of notes" in summary
    with Collection.open(out) as rescued:
        notes = rescued.execute("SELECT COUNT(*) FROM notes").fetchone()[0]
        assert 0 < notes <= 300
        assert check_database(rescued, fix=False).ok


def test_cards_out_of_their_notes_order_are_put_back(col_with_article: Collection) -> None:
    """The card browser lists cards by their copy of the note's place; a copy changed
    behind the app's back (another SQLite tool) is found and rewritten."""
    col = col_with_article
    note = add_note(col, ARTICLE, 1, "reversed", {"front": "Q", "back": "A"})
    col.execute("UPDATE cards SET note_position = 99, note_section_idx = NULL "
                "WHERE note_id = ?", [note.id])
    report = check_database(col)
    assert report.problems == ["2 cards out of their notes' order in the card browser"]
    assert report.fixed == ["put 2 cards back in their notes' order"]
    assert col.execute("SELECT DISTINCT note_section_idx, note_position FROM cards "
                       "WHERE note_id = ?", [note.id]).fetchall() == [(1, note.position)]
    assert check_database(col).ok


def _broken_in_three_ways(col: Collection) -> int:
    """Three notes without cards, one card that contradicts its log; returns that card."""
    for i in range(3):
        empty = add_note(col, ARTICLE, 0, "basic", {"front": f"Q{i}", "back": "A"})
        col.execute("DELETE FROM cards WHERE note_id = ?", [empty.id])
    note = add_note(col, ARTICLE, 0, "basic", {"front": "Q", "back": "A"})
    card = col.execute("SELECT id FROM cards WHERE note_id = ?", [note.id]).fetchone()[0]
    record_review(col, card, 3, 800)
    col.execute("UPDATE cards SET last_review = NULL, state = 1, due = NULL WHERE id = ?",
                [card])
    return card


def test_fixing_in_batches_tells_progress_and_fixes_the_same(
        col_with_article: Collection, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.core import batches

    col = col_with_article
    _broken_in_three_ways(col)
    monkeypatch.setattr(batches, "BATCH", 1)  # one row a batch
    told: list[tuple[int, int]] = []
    report = check_database(col, progress=lambda done, total: told.append((done, total)) or True)
    assert report.fixed == ["made the missing cards of 3 notes",
                            "rescheduled 1 card from their review log"]
    fixing = [(d, t) for d, t in told if d > t // 2]
    assert [d - t // 2 for d, t in fixing] == [1, 2, 3, 4]  # after each of the four rows
    shares = [d / t for d, t in told]  # the backup's copy the first half, the fixes the second
    assert shares == sorted(shares) and shares[0] <= 0.5 and shares[-1] == 1
    assert check_database(col).ok


def test_a_fix_cancelled_half_way_rolls_back(col_with_article: Collection,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from app.core import batches
    from app.core.errors import ActionCancelled

    col = col_with_article
    card = _broken_in_three_ways(col)
    monkeypatch.setattr(batches, "BATCH", 1)
    cards = col.execute("SELECT COUNT(*) FROM cards").fetchone()[0]
    with pytest.raises(ActionCancelled, match="Check Database was cancelled"):
        check_database(col, progress=lambda done, total: done < total * 3 // 4)
    assert col.execute("SELECT COUNT(*) FROM cards").fetchone()[0] == cards
    assert col.execute("SELECT last_review FROM cards WHERE id = ?", [card]).fetchone()[0] is None
    assert check_database(col, fix=False).problems == [
        "3 notes without cards", "1 card whose scheduling contradicts the review log"]
