"""What the card browser does to the cards of the rows it lists: suspend, bury, flag,
delete and add, each as one undoable action named in Edit → Undo.

Why apart from `browse`: finding and fetching rows only reads; these write, in
batches with progress, behind undo and (deleting) a backup.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from app.core.batches import Progress, batches
from app.core.changes import Change
from app.core.clock import next_day_start, utcnow
from app.core.notes.model import Note
from app.core.notes.store import delete_note_ids, new_note_id, next_position, save_note
from app.core.storage.backups import backup_before
from app.core.storage.collection import Collection
from app.core.storage.undo import undoable
from app.core.study.reviews import set_suspended
from app.core.study.settings import StudyError

#: the flags' names, from flag 1 (`cards.flag`; 0 is none), as in Anki
FLAG_NAMES = ("Red", "Orange", "Green", "Blue", "Pink", "Turquoise", "Purple")


def set_notes_suspended(col: Collection, note_ids: Iterable[str], suspended: bool,
                        progress: Progress | None = None) -> int:
    """Suspend or unsuspend every card of the given notes as ONE user action.

    A note is what the browser lists, so its reversed or other cloze cards go
    with it. Returns how many cards changed. A note that is gone (deleted
    elsewhere) refuses the whole action, so nothing changes; so does a cancel
    from `progress` (told between batches).
    """
    return _change_cards(col, "Suspend" if suspended else "Unsuspend", "", list(note_ids), True,
                         *_suspending(suspended), progress=progress)


def set_cards_suspended(col: Collection, card_ids: Iterable[int], suspended: bool,
                        progress: Progress | None = None) -> int:
    """Suspend or unsuspend exactly these cards (the browser lists cards) as one
    undoable action; cards that are gone are skipped. Returns how many changed.
    `progress` (told between batches) may cancel, which changes nothing."""
    return _change_cards(col, "Suspend" if suspended else "Unsuspend", "", list(card_ids),
                         False, *_suspending(suspended), progress=progress)


def set_notes_buried(col: Collection, note_ids: Iterable[str], buried: bool,
                     now: datetime | None = None) -> int:
    """Bury every card of these notes until the next study day starts (or unbury them)
    as one undoable action, as `set_notes_suspended` does for suspending."""
    return _change_cards(col, "Bury" if buried else "Unbury", "", list(note_ids), True,
                         *_burying(buried, now))


def set_cards_buried(col: Collection, card_ids: Iterable[int], buried: bool,
                     now: datetime | None = None) -> int:
    """Bury exactly these cards until the next study day starts (or unbury them) as one
    undoable action; cards that are gone are skipped. Returns how many changed."""
    return _change_cards(col, "Bury" if buried else "Unbury", "", list(card_ids), False,
                         *_burying(buried, now))


def set_notes_flag(col: Collection, note_ids: Iterable[str], flag: int) -> int:
    """Flag every card of these notes (0 removes the flag) as one undoable action."""
    return _change_cards(col, *_flag_label(flag), list(note_ids), True, *_flagging(flag))


def set_cards_flag(col: Collection, card_ids: Iterable[int], flag: int) -> int:
    """Flag exactly these cards (0 removes the flag) as one undoable action; cards that
    are gone are skipped. Returns how many changed."""
    return _change_cards(col, *_flag_label(flag), list(card_ids), False, *_flagging(flag))


def _flag_label(flag: int) -> tuple[str, str]:
    if not 0 <= flag <= len(FLAG_NAMES):
        raise StudyError(f"There is no flag {flag}: flags go from 1 to {len(FLAG_NAMES)}.")
    return ("Unflag", "") if flag == 0 else ("Flag", f" {FLAG_NAMES[flag - 1]}")


def _flagging(flag: int) -> CardChange:
    def write(col: Collection, ids: list[int]) -> None:
        col.execute("UPDATE cards SET flag = ? WHERE id IN (SELECT value FROM json_each(?))",
                    [flag, json.dumps(ids)])

    return "flag != ?", [flag], write


#: which of the cards acted on would change (SQL on `cards`, its parameters), and the
#: change itself, given their ids
CardChange = tuple[str, list[Any], Callable[[Collection, list[int]], None]]


def _suspending(suspended: bool) -> CardChange:
    return ("suspended != ?", [int(suspended)],
            lambda col, ids: set_suspended(col, ids, suspended))


def _burying(buried: bool, now: datetime | None) -> CardChange:
    moment = now or utcnow()
    until = next_day_start(moment).timestamp() if buried else None

    def write(col: Collection, ids: list[int]) -> None:
        col.execute("UPDATE cards SET buried_until = ? WHERE id IN "
                    "(SELECT value FROM json_each(?))", [until, json.dumps(ids)])

    still_buried = "COALESCE(buried_until > ?, 0)"
    return (f"NOT {still_buried}" if buried else still_buried, [moment.timestamp()], write)


def _change_cards(col: Collection, verb: str, suffix: str, ids: list[Any], of_notes: bool,
                  changing: str, params: list[Any],
                  write: Callable[[Collection, list[int]], None],
                  progress: Progress | None = None) -> int:
    """One undoable action on the cards of some rows, named in Edit → Undo as
    "{verb} 3 Cards{suffix}": the cards of notes (a note that is gone refuses the whole
    action), or exactly these cards (those gone are skipped). Written in batches,
    `progress` told between them (a cancel changes nothing). Returns how many cards
    changed."""
    ids = list(dict.fromkeys(ids))
    listed = json.dumps(ids)
    label = f"{verb} {_cards(len(ids))}{suffix}"
    with undoable(col, label, Change.CARDS):
        if of_notes:
            known = {r[0] for r in col.execute(
                "SELECT id FROM notes WHERE id IN (SELECT value FROM json_each(?))", [listed])}
            missing = [i for i in ids if i not in known]
            if missing:
                raise StudyError(f"The card {missing[0]!r} is no longer in the collection.")
        column = "note_id" if of_notes else "id"
        card_ids = [r[0] for r in col.execute(
            f"SELECT id FROM cards WHERE {column} IN (SELECT value FROM json_each(?)) "
            f"AND {changing}", [listed, *params])]
        for batch in batches(card_ids, progress, label):
            write(col, list(batch))
    return len(card_ids)


#: Notes deleted per statement: each takes its cards, review log and search text with
#: it, so a batch is about ten times as many rows.
DELETE_BATCH = 500


def _cards(n: int) -> str:
    return "1 Card" if n == 1 else f"{n} Cards"


def delete_notes(col: Collection, note_ids: Iterable[str],
                 progress: Progress | None = None) -> None:
    """Delete several notes (cards and review history too) as one user action,
    after a backup; Edit → Undo brings them back. In batches, telling `progress`
    between them; a cancel changes nothing."""
    note_ids = list(dict.fromkeys(note_ids))
    backup_before(col, "delete")
    label = f"Delete {_cards(len(note_ids))}"
    with undoable(col, label, Change.NOTES | Change.CARDS):
        for batch in batches(note_ids, progress, label, size=DELETE_BATCH):
            delete_note_ids(col, batch)


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
