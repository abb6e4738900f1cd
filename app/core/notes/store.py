"""Storing notes and their cards in the collection.

Why a separate module: decks, the generator, the card browser and the quiz all
create and edit notes, and all of them must keep the same invariants — a note
is validated before it is stored, its cards match its kind, and editing a note
never touches the scheduling of the cards it keeps.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from app.core.changes import Change
from app.core.clock import now_iso
from app.core.notes.index import search_entry
from app.core.notes.model import Note, NoteError
from app.core.storage.collection import Collection


def new_note_id(prefix: str = "note") -> str:
    """A fresh stable id for a note created in the app: 48 random bits, as the first 12
    hex digits of a uuid4 were (without uuid, which imports platform at every start)."""
    return f"{prefix}-{os.urandom(6).hex()}"


def _row(note: Note) -> dict[str, Any]:
    return {
        "id": note.id,
        "deck_id": note.deck_id,
        "article_id": note.article_id,
        "section_idx": note.section_idx,
        "kind": note.kind,
        "fields": json.dumps(note.fields, ensure_ascii=False),
        "tags": json.dumps(note.tags, ensure_ascii=False),
        "source": note.source,
        "explanation": note.explanation,
        "position": note.position,
    }


def note_from_row(row: dict[str, Any]) -> Note:
    return Note(
        id=row["id"],
        kind=row["kind"],
        fields=json.loads(row["fields"]),
        article_id=row["article_id"],
        section_idx=row["section_idx"],
        deck_id=row["deck_id"],
        tags=json.loads(row["tags"]),
        source=row["source"],
        explanation=row["explanation"],
        position=row["position"],
        modified=row.get("modified"),
    )


def same_content(a: Note, b: Note) -> bool:
    """Whether two versions of a note say the same thing (what a student sees in Anki).

    Why one definition: storing a deck file keeps a note's edit time when its
    content is unchanged, and exporting gives Anki that edit time; if the two
    disagreed on what "changed" means, Anki would re-import untouched notes or
    miss edited ones. Its place (position, deck, article) is not content.
    """
    return (a.kind, a.fields, a.tags, a.source, a.explanation, a.section_idx) == \
        (b.kind, b.fields, b.tags, b.source, b.explanation, b.section_idx)


def save_note(col: Collection, note: Note, modified: str | None = None) -> None:
    """Insert or update a note and bring its cards in line with its kind.

    Cards the note keeps keep their scheduling; cards it no longer yields
    (a removed cloze number) are deleted; new ones start as new cards. `modified`
    is the edit time to record (default: now); a deck file gives its cards' own.
    """
    note.validate()
    with col.transaction(Change.NOTES | Change.CARDS):
        existing = col.execute("SELECT created FROM notes WHERE id = ?", [note.id]).fetchone()
        row = _row(note)
        row["modified"] = modified or now_iso()
        row["created"] = existing[0] if existing else row["modified"]
        row["active"] = 1
        col.table("notes").upsert(row, pk="id")
        index_note(col.conn, note)
        wanted = set(note.ords)
        have = {r[0] for r in col.execute("SELECT ord FROM cards WHERE note_id = ?", [note.id])}
        for ord_ in sorted(have - wanted):
            col.execute("DELETE FROM cards WHERE note_id = ? AND ord = ?", [note.id, ord_])
        for ord_ in sorted(wanted - have):
            col.execute("INSERT INTO cards (note_id, ord) VALUES (?, ?)", [note.id, ord_])


#: From how many notes `index_notes` fills the full-text index in one statement.
BULK_INDEX_NOTES = 200
_UPSERT_NOTE_TEXT = (
    "INSERT INTO note_text (note_id, text, tags, prompt, answer) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT(note_id) DO UPDATE SET text = excluded.text, tags = excluded.tags, "
    "prompt = excluded.prompt, answer = excluded.answer")


def index_notes(conn: sqlite3.Connection, notes: Sequence[Note]) -> None:
    """`index_note` for many new notes (bulk imports), inside the caller's transaction.

    Why the insert trigger is lifted: fired once per row, it makes FTS5 write a
    segment per note — 20,000 notes took 1.3 s of CPU, against 0.2 s when the
    new rows enter `note_fts` in one statement afterwards. The trigger's own SQL is
    put back in the same transaction (a failure rolls its removal back too), and
    notes already indexed still go through the update trigger.
    """
    rows = []
    for note in notes:
        entry = search_entry(note.kind, note.fields, note.tags, note.source, note.explanation)
        rows.append((note.id, entry.text, entry.tags, entry.prompt, entry.answer))
    trigger = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                           "AND name = 'note_text_ai'").fetchone()
    if len(rows) < BULK_INDEX_NOTES or trigger is None:
        conn.executemany(_UPSERT_NOTE_TEXT, rows)
        return
    (indexed_up_to,) = conn.execute("SELECT COALESCE(MAX(id), 0) FROM note_text").fetchone()
    conn.execute("DROP TRIGGER note_text_ai")
    conn.executemany(_UPSERT_NOTE_TEXT, rows)
    conn.execute("INSERT INTO note_fts (rowid, text) SELECT id, text FROM note_text "
                 "WHERE id > ?", [indexed_up_to])
    conn.execute(trigger[0])


def index_note(conn: sqlite3.Connection, note: Note) -> None:
    """Write the note's row of the browser's search index (its FTS rows follow by trigger).

    Called by every write of a note's content, inside that write's transaction;
    deleting a note deletes its row (foreign key cascade).
    """
    entry = search_entry(note.kind, note.fields, note.tags, note.source, note.explanation)
    conn.execute(_UPSERT_NOTE_TEXT, [note.id, entry.text, entry.tags, entry.prompt, entry.answer])


def index_all_notes(col: Collection) -> int:
    """(Re)build the search index of every note; for bulk loaders that insert notes
    with plain SQL (the benchmarks). Returns how many notes were indexed."""
    with col.transaction(Change.NOTES):
        rows = col.query("SELECT * FROM notes")
        for row in rows:
            index_note(col.conn, note_from_row(row))
    return len(rows)


def set_tags(col: Collection, note_ids: Iterable[str], add: Iterable[str] = (),
             remove: Iterable[str] = ()) -> int:
    """Add and/or remove tags on several notes as one user action (case-insensitive,
    as in Anki: removing "Dates" removes "dates"). Returns how many notes changed."""
    to_add = [t for t in dict.fromkeys(add) if t]
    gone = {t.casefold() for t in remove}
    changed = 0
    with col.transaction(Change.NOTES):
        for note_id in dict.fromkeys(note_ids):
            note = get_note(col, note_id)
            tags = [t for t in note.tags if t.casefold() not in gone]
            have = {t.casefold() for t in tags}
            tags += [t for t in to_add if t.casefold() not in have]
            if tags != note.tags:
                note.tags = tags
                _write_fields(col, note)
                changed += 1
    return changed


def _write_fields(col: Collection, note: Note) -> None:
    """Store edited content of a note whose cards stay as they are (tags, section)."""
    col.conn.execute("UPDATE notes SET tags = ?, section_idx = ?, position = ?, modified = ? "
                     "WHERE id = ?", [json.dumps(note.tags, ensure_ascii=False),
                                      note.section_idx, note.position, now_iso(), note.id])
    index_note(col.conn, note)


def move_to_section(col: Collection, note_ids: Iterable[str], section_idx: int) -> int:
    """Move notes to another section of their article, after the cards already there,
    keeping their order. Refuses notes of different articles or a section the article
    does not have, changing nothing. Returns how many notes moved."""
    notes = [get_note(col, i) for i in dict.fromkeys(note_ids)]
    articles = {n.article_id for n in notes}
    if len(articles) > 1:
        raise NoteError("These cards belong to different articles; change the section of "
                        "one article's cards at a time.")
    if not notes:
        return 0
    article_id = notes[0].article_id
    known = col.conn.execute("SELECT title FROM sections WHERE article_id IS ? AND idx = ?",
                             [article_id, section_idx]).fetchone()
    if known is None:
        raise NoteError(f"The article has no section {section_idx + 1}.")
    notes.sort(key=lambda n: (n.section_idx if n.section_idx is not None else -1, n.position))
    moved = 0
    with col.transaction(Change.NOTES | Change.CARDS):
        position = next_position(col, article_id, section_idx)
        for note in notes:
            if note.section_idx == section_idx:
                continue
            note.section_idx, note.position = section_idx, position
            position += 1
            _write_fields(col, note)
            moved += 1
    return moved


def reposition(col: Collection, note_ids: Iterable[str], start: int) -> int:
    """Put notes at position `start` (1 = first) of their section's new cards, in the
    order given, shifting the others down: new cards are studied in this order.
    All notes must share one section. Returns how many notes were placed."""
    notes = [get_note(col, i) for i in dict.fromkeys(note_ids)]
    if not notes:
        return 0
    places = {(n.article_id, n.section_idx) for n in notes}
    if len(places) > 1:
        raise NoteError("Reposition the cards of one section at a time: the new-card order "
                        "is kept per section.")
    if start < 1:
        raise NoteError("Positions start at 1.")
    article_id, section_idx = places.pop()
    moving = {n.id for n in notes}
    others = [r[0] for r in col.conn.execute(
        "SELECT id FROM notes WHERE article_id IS ? AND section_idx IS ? "
        "ORDER BY position, id", [article_id, section_idx]) if r[0] not in moving]
    at = min(start - 1, len(others))
    order = others[:at] + [n.id for n in notes] + others[at:]
    with col.transaction(Change.NOTES | Change.CARDS):
        col.conn.executemany("UPDATE notes SET position = ? WHERE id = ?",
                             [(i, note_id) for i, note_id in enumerate(order)])
    return len(notes)


def add_new_notes(col: Collection, notes: Sequence[Note]) -> None:
    """Insert notes that are not in the collection yet, with their cards, in bulk.

    The same invariants as `save_note` (validated first, one card per ord), written
    with one statement per table: importing 20,000 notes must take seconds, not minutes.
    """
    for note in notes:
        note.validate()
    stamp = now_iso()
    rows = []
    for note in notes:
        row = _row(note)
        rows.append((row["id"], row["deck_id"], row["article_id"], row["section_idx"],
                     row["kind"], row["fields"], row["tags"], row["source"],
                     row["explanation"], row["position"], stamp, note.modified or stamp))
    with col.transaction(Change.NOTES | Change.CARDS):
        col.conn.executemany(
            "INSERT INTO notes (id, deck_id, article_id, section_idx, kind, fields, tags, "
            "source, explanation, position, created, modified, active) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)", rows)
        # each card with its copy of the note's place (the browser's order) given here:
        # the insert trigger that fills it in would cost an update per card
        col.conn.executemany(
            "INSERT INTO cards (note_id, ord, note_article_id, note_section_idx, note_position) "
            "VALUES (?, ?, ?, ?, ?)",
            [(n.id, o, n.article_id, n.section_idx, n.position) for n in notes for o in n.ords])
        index_notes(col.conn, notes)


def save_notes(col: Collection, notes: Iterable[Note]) -> int:
    """Save many notes in one transaction; all or nothing."""
    count = 0
    with col.transaction(Change.NOTES | Change.CARDS):
        for note in notes:
            save_note(col, note)
            count += 1
    return count


def all_note_ids(col: Collection) -> set[str]:
    """Every note id in the collection (an import recognises StudyDesk's own notes by it)."""
    return {str(r[0]) for r in col.execute("SELECT id FROM notes")}


def get_note(col: Collection, note_id: str) -> Note:
    rows = list(col.query("SELECT * FROM notes WHERE id = ?", [note_id]))
    if not rows:
        raise NoteError(f"no note with id {note_id!r}")
    return note_from_row(rows[0])


def list_notes(
    col: Collection,
    article_id: str | None = None,
    section_idx: int | None = None,
    deck_id: str | None = None,
    include_inactive: bool = False,
) -> list[Note]:
    """Notes in article order (section, then position)."""
    where: list[str] = []
    params: list[object] = []
    if article_id is not None:
        where.append("article_id = ?")
        params.append(article_id)
    if section_idx is not None:
        where.append("section_idx = ?")
        params.append(section_idx)
    if deck_id is not None:
        where.append("deck_id = ?")
        params.append(deck_id)
    if not include_inactive:
        where.append("active = 1")
    sql = "SELECT * FROM notes"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY article_id, section_idx, position, id"
    return [note_from_row(r) for r in col.query(sql, params)]


def deactivate_note(col: Collection, note_id: str) -> None:
    """Take a note out of study but keep it and its review history."""
    with col.transaction(Change.NOTES | Change.CARDS):
        col.execute("UPDATE notes SET active = 0, modified = ? WHERE id = ?", [now_iso(), note_id])


def delete_note(col: Collection, note_id: str) -> None:
    """Delete a note, its cards and their review history (the user asked for it)."""
    delete_note_ids(col, [note_id])


def delete_note_ids(col: Collection, note_ids: Sequence[str]) -> None:
    """`delete_note` of many notes in one statement (the cascade does the rest)."""
    with col.transaction(Change.NOTES | Change.CARDS):
        col.execute("DELETE FROM notes WHERE id IN (SELECT value FROM json_each(?))",
                    [json.dumps(list(note_ids))])


def next_position(col: Collection, article_id: str | None, section_idx: int | None) -> int:
    row = col.execute(
        "SELECT COALESCE(MAX(position), -1) + 1 FROM notes WHERE article_id IS ? AND section_idx IS ?",
        [article_id, section_idx],
    ).fetchone()
    return int(row[0])
