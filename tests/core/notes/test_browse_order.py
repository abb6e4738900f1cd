"""Cards listed in article order from `cards_browse`: each card's copy of its note's place
stays right after every write that adds, edits, moves, deletes or brings back notes, and
the cards a search lists come in the order of their notes' places."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from app.core.articles.library import import_article_file
from app.core.articles.manage import delete_article, reimport_article
from app.core.clock import utcnow
from app.core.decks.store import load_deck_into_collection
from app.core.interop.imports import import_deck_file
from app.core.notes.browse import BrowseQuery, find
from app.core.notes.card_actions import add_note, delete_notes
from app.core.notes.model import Note
from app.core.notes.store import (
    add_new_notes,
    deactivate_note,
    get_note,
    move_to_section,
    reposition,
    save_note,
    save_notes,
)
from app.core.storage import migrations
from app.core.storage.collection import Collection
from app.core.storage.undo import undo_last
from app.core.study.reviews import record_review
from tests.helpers.decks import VALID, write
from tests.helpers.old_schema import schema_before
from tests.helpers.quizdata import ARTICLE, card_id

#: searches whose cards come from the index in article order (or, a rare word, sorted)
SEARCHES = ("", "is:due", "is:new", "prop:ivl>0", "-is:new", "a", "granite", "kind:basic")
CARD_SEARCHES = ("is:due", "is:new", "prop:ivl>0", "-is:new", "is:new kind:reversed")


def expected_ids(col: Collection, search: str) -> list[int]:
    """The cards `search` lists, in their notes' article order, from the notes table."""
    listed = set(find(col.conn, BrowseQuery(search, rows_are_cards=True)).ids)
    ordered = [r[0] for r in col.execute(
        "SELECT c.id FROM cards c JOIN notes n ON n.id = c.note_id WHERE n.active = 1 "
        "ORDER BY n.article_id, n.section_idx, n.position, n.id, c.ord")]
    return [i for i in ordered if i in listed]


def assert_in_article_order(col: Collection) -> None:
    stale = col.execute(
        "SELECT c.id FROM cards c JOIN notes n ON n.id = c.note_id "
        "WHERE c.note_article_id IS NOT n.article_id OR c.note_section_idx IS NOT n.section_idx "
        "OR c.note_position IS NOT n.position").fetchall()
    assert stale == []
    for search in SEARCHES:
        for descending in (False, True):
            found = find(col.conn, BrowseQuery(search, rows_are_cards=True,
                                               descending=descending)).ids
            expected = expected_ids(col, search)
            assert found == (expected[::-1] if descending else expected), (search, descending)
    for search in CARD_SEARCHES:  # notes by their cards' state: each note once, in order
        cards = find(col.conn, BrowseQuery(search, rows_are_cards=True)).ids
        with_cards = {r[0] for r in col.execute(
            "SELECT note_id FROM cards WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(cards)])}
        expected_notes = [r[0] for r in col.execute(
            "SELECT id FROM notes WHERE active = 1 ORDER BY article_id, section_idx, position, "
            "id") if r[0] in with_cards]
        for descending in (False, True):
            found = find(col.conn, BrowseQuery(search, descending=descending)).ids
            assert found == (expected_notes[::-1] if descending else expected_notes), search


@pytest.fixture
def studied(qcol: Collection, tmp_path: Path) -> Collection:
    load_deck_into_collection(qcol, write(tmp_path, VALID))
    record_review(qcol, card_id(qcol, "m1"), 3, 900, now=utcnow() - timedelta(days=3))
    return qcol


def test_cards_follow_their_notes_through_every_edit(studied: Collection) -> None:
    col = studied
    assert_in_article_order(col)
    note = add_note(col, ARTICLE, 0, "basic", {"front": "A granite wall", "back": "B"})
    assert_in_article_order(col)
    note.section_idx, note.position = 3, 99
    save_note(col, note)  # an edit that moves the note
    assert_in_article_order(col)
    ids = [r[0] for r in col.execute("SELECT id FROM notes WHERE section_idx = 0 LIMIT 3")]
    move_to_section(col, ids, 2)
    assert_in_article_order(col)
    reposition(col, ids[::-1], 1)
    assert_in_article_order(col)
    deactivate_note(col, ids[0])
    assert_in_article_order(col)
    delete_notes(col, ids[1:])
    assert_in_article_order(col)
    undo_last(col)  # the deleted notes and their cards come back in their places
    assert_in_article_order(col)


def test_bulk_adds_imports_and_reloads_keep_the_order(studied: Collection,
                                                      tmp_path: Path) -> None:
    col = studied
    add_new_notes(col, [Note(id=f"bulk{i}", kind="reversed", fields={"front": f"F{i}",
                                                                     "back": "b"},
                             article_id=ARTICLE, section_idx=i % 3, position=50 - i)
                        for i in range(30)])
    assert_in_article_order(col)
    csv = tmp_path / "cards.csv"
    csv.write_text("front,back\ngranite,stone\nbasalt,rock\n", encoding="utf-8")
    import_deck_file(col, csv)
    assert_in_article_order(col)
    load_deck_into_collection(col, write(tmp_path, VALID))  # a reload of the same deck
    assert_in_article_order(col)
    save_notes(col, [Note(id=f"bulk{i}", kind="basic", fields={"front": f"F{i}", "back": "b"},
                          article_id=ARTICLE, section_idx=1, position=i) for i in range(5)])
    assert_in_article_order(col)
    delete_article(col, ARTICLE)
    assert_in_article_order(col)


def test_a_reimport_that_moves_notes_moves_their_cards(col: Collection, tmp_path: Path) -> None:
    path = tmp_path / "harbour.md"
    path.write_text("# Harbour\n\n## Old\n\nThe wall was granite.\n\n"
                    "## Storm\n\nA storm broke the wall.\n", encoding="utf-8")
    article_id = import_article_file(col, path).article_id
    save_notes(col, [Note(id=f"n{i}", kind="basic", fields={"front": f"Q{i}", "back": "A"},
                          article_id=article_id, section_idx=i % 2, position=i,
                          source="A storm broke the wall." if i % 2 else "The wall was granite.")
                     for i in range(6)])
    path.write_text("# Harbour\n\n## New intro\n\nA new opening.\n\n## Old\n\n"
                    "The wall was granite.\n\n## Storm\n\nA storm broke the wall.\n",
                    encoding="utf-8")
    reimport_article(col, article_id, path)
    assert get_note(col, "n1").section_idx == 2
    assert_in_article_order(col)
    undo_last(col)  # Edit → Undo of the re-import moves the notes and their cards back
    assert get_note(col, "n1").section_idx == 1
    assert_in_article_order(col)


def test_the_upgrade_gives_existing_cards_their_notes_places(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    conn = schema_before(path, migrations._cards_in_browse_order)
    for i, (section, position) in enumerate([(1, 0), (0, 5), (0, 2), (None, 0)]):
        conn.execute("INSERT INTO notes (id, kind, fields, section_idx, position, created, "
                     "modified) VALUES (?, 'reversed', ?, ?, ?, 'x', 'x')",
                     [f"n{i}", json.dumps({"front": "f", "back": "b"}), section, position])
        conn.executemany("INSERT INTO cards (note_id, ord) VALUES (?, ?)",
                         [(f"n{i}", 1), (f"n{i}", 0)])
    conn.close()
    with Collection.open(path) as col:
        assert col.schema_version == migrations.LATEST_VERSION
        notes = [r[0] for r in col.execute(
            "SELECT note_id FROM cards INDEXED BY cards_browse "
            "ORDER BY note_article_id, note_section_idx, note_position, note_id, ord")]
        assert notes == ["n3", "n3", "n2", "n2", "n1", "n1", "n0", "n0"]
        assert_in_article_order(col)
        note = get_note(col, "n0")
        note.section_idx = None  # the upgrade's triggers move the cards of a moved note
        save_note(col, note)
        assert_in_article_order(col)
