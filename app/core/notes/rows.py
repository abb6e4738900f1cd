"""The card browser's rows: what each listed note or card shows, fetched by id for the
rows on screen, and the texts of its Due, State and Interval columns and its counts.

Why apart from `browse`: `find` answers "which rows, in which order" for 300,000
cards at once; this module builds the few dozen rows the table paints.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.core.notes.browse import BrowseQuery, find
from app.core.notes.model import Note, render
from app.core.notes.search import DAY, LEARNING_STATES
from app.core.storage.collection import Collection


@dataclass(frozen=True)
class BrowseRow:
    note_id: str
    section_idx: int | None
    section: str
    kind: str
    prompt: str
    answer: str
    due: float | None  # earliest due of the row's cards (unix seconds); None = new
    deck_id: str | None
    cards: int = 0      # how many cards the row stands for (the note's, or 1)
    suspended: int = 0  # how many of them are suspended
    buried: int = 0     # how many are buried until a later study day
    card_id: int | None = None  # rows are cards: which one
    ord: int | None = None
    article_id: str | None = None
    article: str = ""
    tags: tuple[str, ...] = ()
    created: str = ""
    modified: str = ""
    reps: int = 0
    lapses: int = 0
    interval: float | None = None  # days from the last answer to the due date
    learning_due: bool = False     # `due` is a (re)learning step, minutes away, not a day
    new_cards: int = 0
    flag: int = 0                  # the card's flag; of a note, its cards' highest
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def fully_suspended(self) -> bool:
        return self.cards > 0 and self.suspended == self.cards

    @property
    def fully_buried(self) -> bool:
        return self.cards > 0 and self.buried == self.cards

    @property
    def row_id(self) -> Any:
        return self.note_id if self.card_id is None else self.card_id


_ROW_COLUMNS = ("n.id AS note_id, n.article_id, n.section_idx, n.kind, n.fields, n.tags, "
                "n.created, n.modified, n.deck_id, s.title AS section, a.title AS article")


_ROW_JOINS = ("LEFT JOIN sections s ON s.article_id = n.article_id AND s.idx = n.section_idx "
              "LEFT JOIN articles a ON a.id = n.article_id")


def fetch(conn: sqlite3.Connection, ids: Sequence[Any], rows_are_cards: bool,
          now: float | None = None) -> list[BrowseRow]:
    """The rows of these ids (as `find` returned them), in the same order; ids no
    longer in the collection are left out."""
    now = time.time() if now is None else now
    learning = f"c.last_review IS NOT NULL AND c.state IN {LEARNING_STATES}"
    if rows_are_cards:
        sql = (f"SELECT {_ROW_COLUMNS}, c.id AS card_id, c.ord, c.due, c.last_review, "
               "1 AS cards, c.suspended, COALESCE(c.buried_until > ?, 0) AS buried, "
               f"c.reps, c.lapses, ({learning}) AS learning, (c.last_review IS NULL) AS new_cards, "
               "c.flag "
               f"FROM cards c JOIN notes n ON n.id = c.note_id {_ROW_JOINS} "
               "WHERE c.id IN (SELECT value FROM json_each(?))")
    else:
        sql = (f"SELECT {_ROW_COLUMNS}, NULL AS card_id, NULL AS ord, MIN(c.due) AS due, "
               "MAX(c.last_review) AS last_review, COUNT(c.id) AS cards, "
               "COALESCE(SUM(c.suspended), 0) AS suspended, "
               "COALESCE(SUM(c.buried_until > ?), 0) AS buried, "
               "COALESCE(SUM(c.reps), 0) AS reps, COALESCE(SUM(c.lapses), 0) AS lapses, "
               f"MIN(CASE WHEN {learning} THEN c.due END) AS learning_due, "
               "COALESCE(SUM(c.last_review IS NULL), 0) AS new_cards, "
               f"MAX(CASE WHEN c.last_review IS NOT NULL THEN (c.due - c.last_review) / {DAY} "
               "END) AS interval, COALESCE(MAX(c.flag), 0) AS flag "
               f"FROM notes n {_ROW_JOINS} LEFT JOIN cards c ON c.note_id = n.id "
               "WHERE n.id IN (SELECT value FROM json_each(?)) GROUP BY n.id")
    cursor = conn.execute(sql, [now, json.dumps(list(ids))])
    names = [d[0] for d in cursor.description]
    by_id = {}
    for values in cursor.fetchall():
        row = _row(dict(zip(names, values, strict=True)))
        by_id[row.row_id] = row
    return [by_id[i] for i in ids if i in by_id]


def _row(r: dict[str, Any]) -> BrowseRow:
    fields = json.loads(r["fields"])
    note = Note(id=r["note_id"], kind=r["kind"], fields=fields)
    card_ord = r["ord"] if r["ord"] is not None else (note.ords or [0])[0]
    face = render(r["kind"], fields, card_ord)
    reviewed = r["last_review"] is not None
    due = r["due"] if reviewed else None
    if r["card_id"] is not None:
        learning_due = bool(r["learning"])
        interval = (r["due"] - r["last_review"]) / DAY if reviewed else None
    else:
        learning_due = due is not None and r["learning_due"] == due
        interval = r["interval"]
    return BrowseRow(
        r["note_id"], r["section_idx"], r["section"] or "", r["kind"], face.front, face.answer,
        due, r["deck_id"], r["cards"], r["suspended"], r["buried"], card_id=r["card_id"],
        ord=r["ord"], article_id=r["article_id"], article=r["article"] or "",
        tags=tuple(json.loads(r["tags"])), created=r["created"], modified=r["modified"],
        reps=r["reps"], lapses=r["lapses"], interval=interval, learning_due=learning_due,
        new_cards=r["new_cards"], flag=r["flag"])


def browse_rows(col: Collection, article_id: str, search: str = "",
                section_idx: int | None = None, kind: str | None = None,
                state: str | None = None, now: float | None = None) -> list[BrowseRow]:
    """Active notes of an article in article order, found as the browser finds them:
    `search` in Anki syntax, `state` a key of STATE_FILTERS; `now` (unix seconds)
    decides what is still buried and which study day "due" means."""
    query = BrowseQuery(search, article_id, section_idx, kind, state)
    found = find(col.conn, query, now)
    return fetch(col.conn, found.ids, False, now)


def due_text(row: BrowseRow, now: datetime | None = None) -> str:
    """One kind of value in the Due column: "new"; for a (re)learning step "now" or
    "in 10 min" / "in 3 h"; otherwise the due date (overdue reviews too)."""
    if row.due is None:
        return "new"
    now = now or datetime.now()
    when = datetime.fromtimestamp(row.due)
    if row.learning_due:
        seconds = (when - now).total_seconds()
        if seconds <= 0:
            return "now"
        if seconds < 3600:
            return f"in {max(1, round(seconds / 60))} min"
        if seconds < DAY:
            return f"in {round(seconds / 3600)} h"
    return when.strftime("%Y-%m-%d")


def state_text(row: BrowseRow) -> str:
    """"suspended", "1 of 2 suspended", "buried" or "" (studied normally), for the State column."""
    if row.fully_suspended:
        return "suspended"
    if row.suspended:
        return f"{row.suspended} of {row.cards} suspended"
    if row.buried:
        return "buried" if row.buried == row.cards else f"{row.buried} of {row.cards} buried"
    return ""


def interval_text(row: BrowseRow) -> str:
    if row.interval is None:
        return ""
    days = row.interval
    if days < 1:
        return f"{max(1, round(days * 1440))} min"
    return f"{round(days)} d" if days < 60 else f"{days / 30.4:.1f} mo"


def count_text(notes: int | None, cards: int | None) -> str:
    """"109 notes (118 cards)": the browser lists notes, study and export count cards,
    so every count the user sees names both the same way ("118 cards" or "109 notes"
    while the other is still being counted)."""
    of_notes = None if notes is None else f"{notes} note{'s' if notes != 1 else ''}"
    of_cards = None if cards is None else f"{cards} card{'s' if cards != 1 else ''}"
    if of_notes is None or of_cards is None:
        return of_notes or of_cards or ""
    return f"{of_notes} ({of_cards})"
