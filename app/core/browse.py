"""What the card browser lists: one row per note of an article, searchable and filterable.

Why in core: the browser widget must hold no SQL, and the same query serves
any other list of cards (the quiz builder's picker, for one).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.core.cards import Note, cloze_plain, render
from app.core.collection import Collection
from app.core.notes import new_note_id, next_position, save_note


@dataclass(frozen=True)
class BrowseRow:
    note_id: str
    section_idx: int | None
    section: str
    kind: str
    prompt: str
    answer: str
    due: float | None  # earliest due of the note's cards (unix seconds); None = new
    deck_id: str | None


def section_titles(col: Collection, article_id: str) -> list[str]:
    return [r[0] for r in col.execute(
        "SELECT title FROM sections WHERE article_id = ? ORDER BY idx", [article_id])]


def browse_rows(col: Collection, article_id: str, search: str = "",
                section_idx: int | None = None, kind: str | None = None) -> list[BrowseRow]:
    """Active notes of an article in article order; `search` words must all appear
    (case-insensitive) in the prompt, answer, source, tags or explanation."""
    titles = section_titles(col, article_id)
    sql = ("SELECT n.*, MIN(c.due) AS due, MAX(c.last_review) AS last_review FROM notes n "
           "LEFT JOIN cards c ON c.note_id = n.id WHERE n.article_id = ? AND n.active = 1")
    params: list[Any] = [article_id]
    if section_idx is not None:
        sql += " AND n.section_idx = ?"
        params.append(section_idx)
    if kind is not None:
        sql += " AND n.kind = ?"
        params.append(kind)
    sql += " GROUP BY n.id ORDER BY n.section_idx, n.position, n.id"
    words = search.casefold().split()
    rows = []
    for r in col.query(sql, params):
        row = _row(r, titles)
        if words:
            fields = json.loads(r["fields"])
            haystack = " ".join([row.prompt, row.answer, r["source"], r["explanation"],
                                 " ".join(json.loads(r["tags"])),
                                 cloze_plain(fields.get("text", "")),
                                 " ".join(map(str, fields.get("options", [])))]).casefold()
            if not all(w in haystack for w in words):
                continue
        rows.append(row)
    return rows


def _row(r: dict[str, Any], titles: list[str]) -> BrowseRow:
    fields = json.loads(r["fields"])
    note = Note(id=r["id"], kind=r["kind"], fields=fields)
    ords = note.ords or [0]
    face = render(r["kind"], fields, ords[0])
    idx = r["section_idx"]
    section = titles[idx] if idx is not None and 0 <= idx < len(titles) else ""
    due = r["due"] if r["last_review"] is not None else None
    return BrowseRow(r["id"], idx, section, r["kind"], face.front, face.answer, due, r["deck_id"])


def due_text(due: float | None, now: datetime | None = None) -> str:
    """"new", "now" or the due date, as the browser's Due column shows it."""
    if due is None:
        return "new"
    now = now or datetime.now()
    when = datetime.fromtimestamp(due)
    return "now" if when <= now else when.strftime("%Y-%m-%d")


def add_note(col: Collection, article_id: str, section_idx: int, kind: str,
             fields: dict[str, Any], *, tags: list[str] | None = None, source: str = "",
             explanation: str = "") -> Note:
    """A card made in the app: a fresh stable id, placed after the section's other cards."""
    with col.transaction():
        note = Note(id=new_note_id(), kind=kind, fields=fields,  # type: ignore[arg-type]
                    article_id=article_id, section_idx=section_idx, tags=list(tags or []),
                    source=source, explanation=explanation,
                    position=next_position(col, article_id, section_idx))
        save_note(col, note)
    return note
