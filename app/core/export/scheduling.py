"""StudyDesk's scheduling and review history inside an Anki package ("include scheduling").

Why a separate step after genanki: genanki writes every card as new. With
scheduling, each exported card then gets its StudyDesk state in Anki's terms —
queue and type, due (days since the package's creation day for review cards,
unix seconds while learning), interval, suspension and the FSRS memory state
in the card's `data` — and its reviews become Anki review-log rows, so a
student moving to Anki (or AnkiDroid) keeps their progress. Anki takes them
when the package is imported with "Import scheduling".
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

import genanki

from app.core.notes.model import Note
from app.core.storage.collection import Collection

NEW, LEARNING, REVIEW, RELEARNING = 0, 1, 2, 3  # Anki's card types (StudyDesk's states too)
SUSPENDED_QUEUE = -1


@dataclass(frozen=True)
class CardSchedule:
    note_id: str
    ord: int
    state: int
    due: float | None
    stability: float | None
    difficulty: float | None
    last_review: float | None
    reps: int
    lapses: int
    suspended: bool


@dataclass(frozen=True)
class Scheduling:
    """What StudyDesk knows of the exported cards: their states and every review."""

    cards: Sequence[CardSchedule]
    reviews: Sequence[tuple[str, int, int, float, int]]  # note id, ord, rating, at, ms


def collect_scheduling(col: Collection, notes: Sequence[Note]) -> Scheduling:
    ids = json.dumps([n.id for n in notes])
    cards = [CardSchedule(*row[:9], bool(row[9])) for row in col.execute(
        "SELECT note_id, ord, state, due, stability, difficulty, last_review, reps, lapses, "
        "suspended FROM cards WHERE note_id IN (SELECT value FROM json_each(?))", [ids])]
    reviews = [tuple(r) for r in col.execute(
        "SELECT c.note_id, c.ord, r.rating, r.reviewed_at, r.duration_ms FROM revlog r "
        "JOIN cards c ON c.id = r.card_id WHERE c.note_id IN (SELECT value FROM json_each(?)) "
        "ORDER BY r.reviewed_at", [ids])]
    return Scheduling(cards, reviews)  # type: ignore[arg-type]


def write_scheduling(conn: sqlite3.Connection, scheduling: Scheduling) -> None:
    """Give the package's cards (written by genanki) their StudyDesk state and reviews."""
    (crt,) = conn.execute("SELECT crt FROM col").fetchone()
    nids = {guid: nid for nid, guid in conn.execute("SELECT id, guid FROM notes")}
    card_ids = {(nid, ord_): cid for cid, nid, ord_ in conn.execute(
        "SELECT id, nid, ord FROM cards")}

    def card_id(note_id: str, ord_: int) -> int | None:
        nid = nids.get(genanki.guid_for(note_id))
        return None if nid is None else card_ids.get((nid, ord_))

    for c in scheduling.cards:
        cid = card_id(c.note_id, c.ord)
        if cid is None or c.last_review is None:
            if cid is not None and c.suspended:
                conn.execute("UPDATE cards SET queue = ? WHERE id = ?", [SUSPENDED_QUEUE, cid])
            continue
        if c.state == REVIEW and c.due is not None:
            due = int((c.due - crt) // 86400)
            ivl = max(1, round((c.due - c.last_review) / 86400))
        else:
            due, ivl = int(c.due or c.last_review), 0
        data = json.dumps({"s": c.stability, "d": c.difficulty, "lrt": int(c.last_review)}
                          if c.stability is not None and c.difficulty is not None else {})
        conn.execute("UPDATE cards SET type = ?, queue = ?, due = ?, ivl = ?, factor = 2500, "
                     "reps = ?, lapses = ?, data = ? WHERE id = ?",
                     [c.state, SUSPENDED_QUEUE if c.suspended else c.state, due, ivl, c.reps,
                      c.lapses, data, cid])
    used: set[int] = set()
    rows = []
    for note_id, ord_, rating, at, ms in scheduling.reviews:
        cid = card_id(note_id, ord_)
        if cid is None:
            continue
        rid = int(at * 1000)
        while rid in used:  # Anki's review-log id is the answer time in ms, and unique
            rid += 1
        used.add(rid)
        rows.append((rid, cid, -1, rating, 0, 0, 2500, int(ms), 1))
    conn.executemany("INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
