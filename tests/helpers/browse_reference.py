"""The card browser's rows as they were computed before the browser searched in SQL:
every note of an article read into Python and filtered there. Kept verbatim as the
oracle the SQL-backed browser is tested against (issue 15: "the browser model
returns the same rows as today's browse_rows")."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app.core.clock import next_day_start
from app.core.notes.model import Note, cloze_plain, render
from app.core.storage.collection import Collection

# state filters of browse_rows: which notes to keep, as a HAVING condition
STATE_FILTERS = {
    "new": "new_cards > 0",        # at least one card never answered
    "learning": "learning > 0",    # at least one answered card still in (re)learning steps
    "due": "due_cards > 0",        # at least one answered card due by the end of the study day
    "suspended": "suspended > 0",  # at least one card suspended
    "buried": "buried > 0",        # at least one card buried until a later study day
}
_LEARNING_STATES = (1, 3)  # fsrs.State.Learning, fsrs.State.Relearning (the cards.state column)


@dataclass(frozen=True)
class ReferenceRow:
    note_id: str
    section_idx: int | None
    section: str
    kind: str
    prompt: str
    answer: str
    due: float | None  # earliest due of the note's cards (unix seconds); None = new
    deck_id: str | None
    cards: int = 0      # how many cards the note has
    suspended: int = 0  # how many of them are suspended
    buried: int = 0     # how many are buried until a later study day

    @property
    def fully_suspended(self) -> bool:
        return self.cards > 0 and self.suspended == self.cards


def section_titles(col: Collection, article_id: str) -> list[str]:
    return [r[0] for r in col.execute(
        "SELECT title FROM sections WHERE article_id = ? ORDER BY idx", [article_id])]


def reference_rows(col: Collection, article_id: str, search: str = "",
                section_idx: int | None = None, kind: str | None = None,
                state: str | None = None, now: float | None = None) -> list[ReferenceRow]:
    """Active notes of an article in article order; `search` words must all appear
    (case-insensitive) in the prompt, answer, source, tags or explanation.

    `state` is a key of STATE_FILTERS; `now` (unix seconds) decides what is still
    buried and which study day "due" means: due before the next day start, as the
    review screen counts it, so suspended and buried cards are not due.
    """
    if state is not None and state not in STATE_FILTERS:
        raise ValueError(f"unknown state filter {state!r} (expected one of {sorted(STATE_FILTERS)})")
    titles = section_titles(col, article_id)
    now = time.time() if now is None else now
    day_end = next_day_start(datetime.fromtimestamp(now, UTC)).timestamp()
    sql = ("SELECT n.*, MIN(c.due) AS due, MAX(c.last_review) AS last_review, "
           "COUNT(c.id) AS cards, COALESCE(SUM(c.suspended), 0) AS suspended, "
           "COALESCE(SUM(c.buried_until > ?), 0) AS buried, "
           "COALESCE(SUM(c.last_review IS NULL), 0) AS new_cards, "
           f"COALESCE(SUM(c.last_review IS NOT NULL AND c.state IN {_LEARNING_STATES}), 0) "
           "AS learning, "
           "COALESCE(SUM(c.last_review IS NOT NULL AND c.suspended = 0 AND c.due <= ? "
           "AND NOT COALESCE(c.buried_until > ?, 0)), 0) AS due_cards FROM notes n "
           "LEFT JOIN cards c ON c.note_id = n.id WHERE n.article_id = ? AND n.active = 1")
    params: list[Any] = [now, day_end, now, article_id]
    if section_idx is not None:
        sql += " AND n.section_idx = ?"
        params.append(section_idx)
    if kind is not None:
        sql += " AND n.kind = ?"
        params.append(kind)
    sql += " GROUP BY n.id"
    if state is not None:
        sql += " HAVING " + STATE_FILTERS[state]
    sql += " ORDER BY n.section_idx, n.position, n.id"
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


def _row(r: dict[str, Any], titles: list[str]) -> ReferenceRow:
    fields = json.loads(r["fields"])
    note = Note(id=r["id"], kind=r["kind"], fields=fields)
    ords = note.ords or [0]
    face = render(r["kind"], fields, ords[0])
    idx = r["section_idx"]
    section = titles[idx] if idx is not None and 0 <= idx < len(titles) else ""
    due = r["due"] if r["last_review"] is not None else None
    return ReferenceRow(r["id"], idx, section, r["kind"], face.front, face.answer, due, r["deck_id"],
                     r["cards"], r["suspended"], r["buried"])


