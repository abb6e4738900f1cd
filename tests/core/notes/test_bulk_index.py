"""A bulk import fills the search index in one statement: the same searches find the
same notes as after saving them one by one, and the insert trigger is back afterwards."""

from __future__ import annotations

import pytest

from app.core.changes import Change
from app.core.notes.browse import BrowseQuery, find
from app.core.notes.model import Note
from app.core.notes.store import BULK_INDEX_NOTES, add_new_notes, save_note
from app.core.storage.collection import Collection


def _notes(prefix: str, count: int) -> list[Note]:
    return [Note(id=f"{prefix}-{i}", kind="basic", tags=["bulk"],
                 fields={"front": f"Quokka number {i}", "back": f"Rottnest {i} island"})
            for i in range(count)]


def _found(col: Collection, search: str) -> set[str]:
    return set(find(col.conn, BrowseQuery(search)).ids)


def _has_insert_trigger(col: Collection) -> bool:
    return col.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' "
                       "AND name = 'note_text_ai'").fetchone() is not None


def test_bulk_and_one_by_one_index_alike(col: Collection) -> None:
    count = BULK_INDEX_NOTES + 50
    add_new_notes(col, _notes("bulk", count))
    with col.transaction(Change.NOTES):
        for note in _notes("single", count):
            save_note(col, note)
    for search in ("quokka", "rottnest 17", "number 249", "tag:bulk", "island -number"):
        found = _found(col, search)
        assert {i.replace("single-", "bulk-") for i in found if i.startswith("single-")} \
            == {i for i in found if i.startswith("bulk-")}, search
    assert len(_found(col, "quokka")) == 2 * count
    assert _found(col, '"rottnest 17 island"') == {"bulk-17", "single-17"}
    assert _has_insert_trigger(col)


def test_a_note_added_after_a_bulk_import_is_found(col: Collection) -> None:
    add_new_notes(col, _notes("bulk", BULK_INDEX_NOTES))
    save_note(col, Note(id="later", kind="basic", fields={"front": "Wombat", "back": "burrow"}))
    assert _found(col, "wombat") == {"later"}


def test_a_failed_bulk_import_keeps_the_trigger_and_the_index(col: Collection) -> None:
    save_note(col, Note(id="old", kind="basic", fields={"front": "Quokka", "back": "old"}))
    with pytest.raises(RuntimeError), col.transaction(Change.NOTES):
        add_new_notes(col, _notes("bulk", BULK_INDEX_NOTES))
        raise RuntimeError("the import failed after storing its notes")
    assert _has_insert_trigger(col)
    assert _found(col, "quokka") == {"old"}
    save_note(col, Note(id="new", kind="basic", fields={"front": "Quokka", "back": "new"}))
    assert _found(col, "quokka") == {"old", "new"}
