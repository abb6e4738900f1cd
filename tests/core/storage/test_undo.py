"""Edit → Undo of destructive actions: back exactly as before, or refused untouched."""

from __future__ import annotations

import pytest

from app.core.changes import Change
from app.core.errors import UndoError
from app.core.notes.card_actions import add_note, delete_notes, set_notes_suspended
from app.core.storage import undo
from app.core.storage.collection import Collection
from app.core.storage.undo import columns_written, undo_last, undoable
from app.core.study.reviews import record_review

ARTICLE = "russia-china-military-cooperation"


def _dump(col: Collection) -> dict[str, list[tuple]]:
    from app.core.storage.sql import ordinary_tables

    tables = ordinary_tables(col.conn)  # the full-text index is derived from note_text
    return {t: col.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall() for t in tables}


def _two_studied_notes(col: Collection) -> list[str]:
    notes = [add_note(col, ARTICLE, 0, "reversed", {"front": f"Q{i}", "back": "A"}).id
             for i in range(2)]
    for (card_id,) in col.execute("SELECT id FROM cards").fetchall():
        record_review(col, card_id, 3, 900)
    return notes


def test_undo_delete_brings_back_notes_cards_and_reviews_exactly(
        col_with_article: Collection) -> None:
    col = col_with_article
    notes = _two_studied_notes(col)
    before = _dump(col)
    entries = len(col.undo)
    delete_notes(col, notes)
    assert col.undo.label == "Delete 2 Cards"
    assert col.execute("SELECT COUNT(*) FROM revlog").fetchone()[0] == 0
    seen: list[Change] = []
    col.changes.subscribe(seen.append)
    assert undo_last(col) == "Delete 2 Cards"
    assert _dump(col) == before
    assert seen and Change.CARDS in seen[-1]
    assert len(col.undo) == entries
    assert col.execute("PRAGMA foreign_key_check").fetchall() == []


def test_undo_suspend_keeps_an_answer_given_since(col_with_article: Collection) -> None:
    col = col_with_article
    notes = _two_studied_notes(col)
    set_notes_suspended(col, notes[:1], True)
    assert col.undo.label == "Suspend 1 Card"
    card = col.execute("SELECT id FROM cards WHERE note_id = ?", [notes[0]]).fetchone()[0]
    record_review(col, card, 1, 500)  # an answer after the suspend
    reps = col.execute("SELECT reps FROM cards WHERE id = ?", [card]).fetchone()[0]
    undo_last(col)
    assert col.execute("SELECT suspended, reps FROM cards WHERE id = ?", [card]).fetchone() \
        == (0, reps)


def test_undo_refuses_when_the_same_value_changed_since(col_with_article: Collection) -> None:
    col = col_with_article
    notes = _two_studied_notes(col)
    set_notes_suspended(col, notes[:1], True)
    col.execute("UPDATE cards SET suspended = 2 WHERE note_id = ?", [notes[0]])
    before = _dump(col)
    with pytest.raises(UndoError, match="changed again since"):
        undo_last(col)
    assert _dump(col) == before
    assert col.undo.label == "Suspend 1 Card"  # still offered, nothing half-done


def test_undo_of_an_insert_removes_it(col_with_article: Collection) -> None:
    col = col_with_article
    before = _dump(col)
    with undoable(col, "Add Test", Change.NOTES | Change.CARDS):
        add_note(col, ARTICLE, 0, "basic", {"front": "new", "back": "x"})
    undo_last(col)
    assert _dump(col) == before


def test_a_failed_action_leaves_nothing_to_undo(col_with_article: Collection) -> None:
    col = col_with_article
    col.undo.clear()
    with pytest.raises(RuntimeError), undoable(col, "Boom", Change.NOTES):
        add_note(col, ARTICLE, 0, "basic", {"front": "new", "back": "x"})
        raise RuntimeError("boom")
    assert col.undo.label is None
    assert col.execute("SELECT name FROM sqlite_temp_master "
                       "WHERE name LIKE 'studydesk_undo%'").fetchall() == []


def test_nothing_to_undo(col: Collection) -> None:
    with pytest.raises(UndoError, match="nothing to undo"):
        undo_last(col)


def test_undo_import_removes_the_article(col: Collection, article_path) -> None:
    from app.core.articles.library import import_article_file, list_articles

    before = _dump(col)
    import_article_file(col, article_path)
    assert col.undo.label.startswith("Import “")
    assert list_articles(col)
    undo_last(col)
    assert _dump(col) == before


def test_undo_deck_load_takes_the_deck_out_again(col: Collection) -> None:
    from app.core.decks.store import load_deck_into_collection
    from app.core.paths import bundled_decks_dir

    deck = min(bundled_decks_dir().glob("*.toml"))
    before = _dump(col)
    load_deck_into_collection(col, deck)
    assert col.undo.label.startswith("Load Deck “")
    assert col.execute("SELECT COUNT(*) FROM cards").fetchone()[0] > 0
    undo_last(col)
    assert _dump(col) == before


def test_undo_that_would_take_answers_given_since_is_refused(col: Collection) -> None:
    from app.core.decks.store import load_deck_into_collection
    from app.core.paths import bundled_decks_dir

    load_deck_into_collection(col, min(bundled_decks_dir().glob("*.toml")))
    card = col.execute("SELECT MIN(id) FROM cards").fetchone()[0]
    record_review(col, card, 3, 700)  # studied after the load
    before = _dump(col)
    with pytest.raises(UndoError, match="changed since|would also remove"):
        undo_last(col)
    assert _dump(col) == before
    assert col.undo.label.startswith("Load Deck")


def test_undo_that_would_cascade_into_newer_rows_is_refused(col: Collection,
                                                            article_path) -> None:
    from app.core.articles.library import import_article_file, set_section_read

    result = import_article_file(col, article_path)
    set_section_read(col, result.article_id, 0, True)  # a read mark made since
    before = _dump(col)
    with pytest.raises(UndoError, match="would also remove or change 1 row.*section_reads"):
        undo_last(col)
    assert _dump(col) == before


def test_undo_of_an_edited_addition_is_refused(col_with_article: Collection) -> None:
    from app.core.notes.store import get_note, save_note

    col = col_with_article
    with undoable(col, "Add Test", Change.NOTES | Change.CARDS):
        note = add_note(col, ARTICLE, 0, "basic", {"front": "new", "back": "x"})
    edited = get_note(col, note.id)
    edited.fields["back"] = "edited since"
    save_note(col, edited)
    with pytest.raises(UndoError, match="changed since"):
        undo_last(col)
    assert get_note(col, note.id).fields["back"] == "edited since"


def test_columns_written_in_bulk_are_undone_exactly_nulls_included(
        col_with_article: Collection) -> None:
    """`columns_written`: values kept as arrays (NULL as NaN), put back as they were; a
    row the same action changed through the triggers, before and after, too."""
    col = col_with_article
    _two_studied_notes(col)
    first, *ids = [r[0] for r in col.execute("SELECT id FROM cards ORDER BY id")]
    before = _dump(col)
    old = col.execute("SELECT id, due, stability FROM cards WHERE id != ? ORDER BY id",
                      (first,)).fetchall()
    with undoable(col, "Bulk", Change.CARDS):
        col.execute("UPDATE cards SET suspended = 1 WHERE id = ?", (first,))
        with columns_written(col, "cards", ("due", "stability"), len(ids)) as cards:
            cards.write(ids, [[r[1] for r in old], [r[2] for r in old]],
                        [[None] * len(ids), [float(i) for i in ids]])
        col.execute("UPDATE cards SET buried_until = 1 WHERE id = ?", (first,))
    assert col.execute("SELECT COUNT(*) FROM cards WHERE due IS NULL").fetchone()[0] == len(ids)
    entry = col.undo.peek()
    assert entry is not None and len(entry.columns[0].rowids) == len(ids)
    assert [(r.table, r.rowid) for r in entry.rows] == [("cards", first)]  # by the triggers
    assert undo_last(col) == "Bulk"
    assert _dump(col) == before


def test_undo_of_columns_written_refuses_a_value_changed_since(
        col_with_article: Collection) -> None:
    col = col_with_article
    _two_studied_notes(col)
    ids = [r[0] for r in col.execute("SELECT id FROM cards ORDER BY id")]
    with (undoable(col, "Bulk", Change.CARDS),
          columns_written(col, "cards", ("due",), len(ids)) as cards):
        cards.write(ids, [[0.0] * len(ids)], [[1.0] * len(ids)])
    col.execute("UPDATE cards SET due = 2 WHERE id = ?", (ids[-1],))
    after = _dump(col)
    with pytest.raises(UndoError, match="changed again since"):
        undo_last(col)
    assert _dump(col) == after and col.undo.label == "Bulk"
    col.execute("DELETE FROM cards WHERE id = ?", (ids[-1],))
    with pytest.raises(UndoError, match="deleted since"):
        undo_last(col)


def test_the_stack_keeps_bulk_values_within_its_budget(col_with_article: Collection,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Each reschedule of 300,000 cards keeps megabytes: beyond MAX_COLUMN_BYTES the oldest
    entries go, the newest always stays."""
    col = col_with_article
    _two_studied_notes(col)
    ids = [r[0] for r in col.execute("SELECT id FROM cards ORDER BY id")]
    monkeypatch.setattr(undo, "MAX_COLUMN_BYTES", 2 * len(ids) * 8 * 3)  # two entries' worth
    for value in range(4):
        with (undoable(col, f"Bulk {value}", Change.CARDS),
              columns_written(col, "cards", ("due",), len(ids)) as cards):
            cards.write(ids, [[float(value)] * len(ids)], [[value + 1.0] * len(ids)])
    assert len(col.undo) == 2 and col.undo.label == "Bulk 3"
    monkeypatch.setattr(undo, "MAX_COLUMN_BYTES", 1)
    with (undoable(col, "Bulk 4", Change.CARDS),
          columns_written(col, "cards", ("due",), len(ids)) as cards):
        cards.write(ids, [[4.0] * len(ids)], [[5.0] * len(ids)])
    assert len(col.undo) == 1 and undo_last(col) == "Bulk 4"


def _bulk_and_rows(col: Collection) -> int:
    """An undoable action of both kinds: one row through the triggers, the other cards'
    due dates written in bulk. Returns how many rows undoing it puts back."""
    _two_studied_notes(col)
    first, *ids = [r[0] for r in col.execute("SELECT id FROM cards ORDER BY id")]
    with undoable(col, "Bulk", Change.CARDS):
        col.execute("UPDATE cards SET suspended = 1 WHERE id = ?", (first,))
        with columns_written(col, "cards", ("due",), len(ids)) as cards:
            cards.write(ids, [[0.0] * len(ids)], [[float(i) for i in ids]])
    return 1 + len(ids)


def test_undo_tells_progress_until_every_row_is_back(col_with_article: Collection,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(undo, "BATCH", 1)  # told after every row
    col = col_with_article
    rows = _bulk_and_rows(col)
    entry = col.undo.peek()
    assert entry is not None and undo.undo_size(entry) == rows
    seen: list[tuple[int, int]] = []
    assert undo_last(col, lambda done, total: seen.append((done, total)) or True) == "Bulk"
    # a bulk-written row counts twice (copied aside, then set back)
    bulk = rows - 1  # each copied aside (one a batch), then all set back; then the row
    assert seen == [(done, 2 * bulk + 1) for done in [*range(1, bulk + 1), 2 * bulk,
                                                      2 * bulk + 1]]


def test_a_cancelled_undo_changes_nothing_and_stays_on_the_stack(
        col_with_article: Collection) -> None:
    from app.core.errors import ActionCancelled

    col = col_with_article
    _bulk_and_rows(col)
    before, entries = _dump(col), len(col.undo)
    with pytest.raises(ActionCancelled, match="Undoing Bulk was cancelled; nothing was changed"):
        undo_last(col, lambda done, total: False)
    assert _dump(col) == before and len(col.undo) == entries and col.undo.label == "Bulk"
    assert undo_last(col) == "Bulk"  # still there to undo
