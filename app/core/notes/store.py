"""Storing notes and their cards in the collection.

Why a separate module: decks, the generator, the card browser and the quiz all
create and edit notes, and all of them must keep the same invariants — a note
is validated before it is stored, its cards match its kind, and editing a note
never touches the scheduling of the cards it keeps.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from app.core.changes import Change
from app.core.notes.model import Note, NoteError
from app.core.storage.collection import Collection


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def new_note_id(prefix: str = "note") -> str:
    """A fresh stable id for a note created in the app."""
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


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


def save_note(col: Collection, note: Note) -> None:
    """Insert or update a note and bring its cards in line with its kind.

    Cards the note keeps keep their scheduling; cards it no longer yields
    (a removed cloze number) are deleted; new ones start as new cards.
    """
    note.validate()
    with col.transaction(Change.NOTES | Change.CARDS):
        existing = col.execute("SELECT created FROM notes WHERE id = ?", [note.id]).fetchone()
        row = _row(note)
        row["modified"] = now_iso()
        row["created"] = existing[0] if existing else row["modified"]
        row["active"] = 1
        col.table("notes").upsert(row, pk="id")
        wanted = set(note.ords)
        have = {r[0] for r in col.execute("SELECT ord FROM cards WHERE note_id = ?", [note.id])}
        for ord_ in sorted(have - wanted):
            col.execute("DELETE FROM cards WHERE note_id = ? AND ord = ?", [note.id, ord_])
        for ord_ in sorted(wanted - have):
            col.execute("INSERT INTO cards (note_id, ord) VALUES (?, ?)", [note.id, ord_])


def save_notes(col: Collection, notes: Iterable[Note]) -> int:
    """Save many notes in one transaction; all or nothing."""
    count = 0
    with col.transaction(Change.NOTES | Change.CARDS):
        for note in notes:
            save_note(col, note)
            count += 1
    return count


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
    with col.transaction(Change.NOTES | Change.CARDS):
        col.execute("DELETE FROM notes WHERE id = ?", [note_id])


def next_position(col: Collection, article_id: str | None, section_idx: int | None) -> int:
    row = col.execute(
        "SELECT COALESCE(MAX(position), -1) + 1 FROM notes WHERE article_id IS ? AND section_idx IS ?",
        [article_id, section_idx],
    ).fetchone()
    return int(row[0])
