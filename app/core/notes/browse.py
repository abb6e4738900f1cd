"""What the card browser lists and does: one row per note of an article, searchable
and filterable, with the suspend/unsuspend and delete actions the browser offers.

Why in core: the browser widget must hold no SQL, and the same query serves
any other list of cards (the quiz builder's picker, for one).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app.core.articles.library import section_titles
from app.core.changes import Change
from app.core.clock import next_day_start
from app.core.notes.model import Note, cloze_plain, render
from app.core.notes.store import delete_note, new_note_id, next_position, save_note
from app.core.storage.backups import backup_before
from app.core.storage.collection import Collection
from app.core.storage.sql import equal_filters
from app.core.storage.undo import undoable
from app.core.study.reviews import set_suspended
from app.core.study.settings import StudyError

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
class BrowseRow:
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


def browse_rows(col: Collection, article_id: str, search: str = "",
                section_idx: int | None = None, kind: str | None = None,
                state: str | None = None, now: float | None = None) -> list[BrowseRow]:
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
    where, filter_params = equal_filters(n__section_idx=section_idx, n__kind=kind)
    params: list[Any] = [now, day_end, now, article_id, *filter_params]
    sql += where + " GROUP BY n.id"
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


def _row(r: dict[str, Any], titles: list[str]) -> BrowseRow:
    fields = json.loads(r["fields"])
    note = Note(id=r["id"], kind=r["kind"], fields=fields)
    ords = note.ords or [0]
    face = render(r["kind"], fields, ords[0])
    idx = r["section_idx"]
    section = titles[idx] if idx is not None and 0 <= idx < len(titles) else ""
    due = r["due"] if r["last_review"] is not None else None
    return BrowseRow(r["id"], idx, section, r["kind"], face.front, face.answer, due, r["deck_id"],
                     r["cards"], r["suspended"], r["buried"])


def count_text(notes: int, cards: int) -> str:
    """"109 notes (118 cards)": the browser lists notes, study and export count cards,
    so every count the user sees names both the same way."""
    return (f"{notes} note{'s' if notes != 1 else ''} "
            f"({cards} card{'s' if cards != 1 else ''})")


def due_text(due: float | None, now: datetime | None = None) -> str:
    """"new", "now" or the due date, as the browser's Due column shows it."""
    if due is None:
        return "new"
    now = now or datetime.now()
    when = datetime.fromtimestamp(due)
    return "now" if when <= now else when.strftime("%Y-%m-%d")


def state_text(row: BrowseRow) -> str:
    """"suspended", "1 of 2 suspended", "buried" or "" (studied normally), for the State column."""
    if row.fully_suspended:
        return "suspended"
    if row.suspended:
        return f"{row.suspended} of {row.cards} suspended"
    if row.buried:
        return "buried" if row.buried == row.cards else f"{row.buried} of {row.cards} buried"
    return ""


def set_notes_suspended(col: Collection, note_ids: Iterable[str], suspended: bool) -> int:
    """Suspend or unsuspend every card of the given notes as ONE user action.

    A note is what the browser lists, so its reversed or other cloze cards go
    with it. Returns how many cards changed. A note that is gone (deleted
    elsewhere) refuses the whole action, so nothing changes.
    """
    ids = list(dict.fromkeys(note_ids))
    label = f"{'Suspend' if suspended else 'Unsuspend'} {_cards(len(ids))}"
    with undoable(col, label, Change.CARDS):
        known = {r[0] for r in col.execute(
            "SELECT id FROM notes WHERE id IN (SELECT value FROM json_each(?))", [json.dumps(ids)])}
        missing = [i for i in ids if i not in known]
        if missing:
            raise StudyError(f"The card {missing[0]!r} is no longer in the collection.")
        card_ids = [r[0] for r in col.execute(
            "SELECT id FROM cards WHERE note_id IN (SELECT value FROM json_each(?)) "
            "AND suspended != ?", [json.dumps(ids), int(suspended)])]
        set_suspended(col, card_ids, suspended)
    return len(card_ids)


def _cards(n: int) -> str:
    return "1 Card" if n == 1 else f"{n} Cards"


def delete_notes(col: Collection, note_ids: Iterable[str]) -> None:
    """Delete several notes (cards and review history too) as one user action,
    after a backup; Edit → Undo brings them back."""
    note_ids = list(dict.fromkeys(note_ids))
    backup_before(col, "delete")
    with undoable(col, f"Delete {_cards(len(note_ids))}", Change.NOTES | Change.CARDS):
        for note_id in note_ids:
            delete_note(col, note_id)


def add_note(col: Collection, article_id: str, section_idx: int, kind: str,
             fields: dict[str, Any], *, tags: list[str] | None = None, source: str = "",
             explanation: str = "") -> Note:
    """A card made in the app: a fresh stable id, placed after the section's other cards."""
    with col.transaction(Change.NOTES | Change.CARDS):
        note = Note(id=new_note_id(), kind=kind, fields=fields,  # type: ignore[arg-type]
                    article_id=article_id, section_idx=section_idx, tags=list(tags or []),
                    source=source, explanation=explanation,
                    position=next_position(col, article_id, section_idx))
        save_note(col, note)
    return note
