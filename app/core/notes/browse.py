"""What the card browser lists and does: notes or cards of the collection found by an
Anki-style search, sorted and fetched by SQLite, with the actions the browser offers.

Why in core: the browser widget must hold no SQL, and the same query serves any
other list of cards. Why two steps (`find`, then `fetch`): a search over 300,000
cards returns only ids in display order (fast, and run off the GUI thread by the
browser); the table then fetches the few rows on screen by id.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from app.core.batches import Progress, batches
from app.core.changes import Change
from app.core.clock import day_start, next_day_start, utcnow
from app.core.notes.model import Note, render
from app.core.notes.search import (
    DAY,
    Compiled,
    GramPicker,
    Moment,
    combine,
    compile_search,
    parse,
    register_functions,
)
from app.core.notes.store import delete_note_ids, new_note_id, next_position, save_note
from app.core.storage.backups import backup_before
from app.core.storage.collection import Collection
from app.core.storage.sql import equal_filters
from app.core.storage.undo import undoable
from app.core.study.reviews import set_suspended
from app.core.study.settings import StudyError

#: the browser's state filter: which search each choice stands for
STATE_FILTERS = {
    "new": "is:new",              # a card never answered
    "learning": "is:learn",       # an answered card still in (re)learning steps
    "due": "is:due",              # an answered card due by the end of the study day
    "suspended": "is:suspended",
    "buried": "is:buried",        # buried until a later study day
}
_LEARNING_STATES = (1, 3)  # fsrs.State.Learning, fsrs.State.Relearning (the cards.state column)

#: sortable columns: ORDER BY keys when rows are notes, and when rows are cards.
#: `?` in a key is the current time (for "buried").
_NOTE_DUE = "(SELECT MIN(due) FROM cards WHERE note_id = n.id)"
_SECTION_KEYS = ("n.article_id", "n.section_idx", "n.position")
#: article order of cards, from each card's copy of its note's place (`cards_browse`)
CARD_BROWSE_ORDER = ("c.note_article_id", "c.note_section_idx", "c.note_position",
                     "c.note_id", "c.ord")
SORT_KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "section": (_SECTION_KEYS, (*_SECTION_KEYS, "c.ord")),
    "article": (("n.article_id",), ("n.article_id",)),
    "kind": (("n.kind", *_SECTION_KEYS), ("n.kind", *_SECTION_KEYS, "c.ord")),
    "prompt": (("t.prompt",), ("t.prompt", "c.ord")),
    "answer": (("t.answer",), ("t.answer", "c.ord")),
    "due": ((f"{_NOTE_DUE} IS NULL", _NOTE_DUE), ("c.due IS NULL", "c.due")),
    "state": ((("(SELECT MAX(suspended) * 2 + MAX(COALESCE(buried_until > ?, 0)) "
               "FROM cards WHERE note_id = n.id)"),),
              ("c.suspended * 2 + COALESCE(c.buried_until > ?, 0)",)),
    "tags": (("t.tags",), ("t.tags",)),
    "added": (("n.created",), ("n.created",)),
    "modified": (("n.modified",), ("n.modified",)),
    "interval": (((f"(SELECT MAX((due - last_review) / {DAY}) FROM cards WHERE note_id = n.id "
                  "AND last_review IS NOT NULL)"),),
                 ((f"CASE WHEN c.last_review IS NULL THEN NULL "
                  f"ELSE (c.due - c.last_review) / {DAY} END"),)),
    "reps": (("(SELECT SUM(reps) FROM cards WHERE note_id = n.id)",), ("c.reps",)),
    "lapses": (("(SELECT SUM(lapses) FROM cards WHERE note_id = n.id)",), ("c.lapses",)),
    "card": (("(SELECT COUNT(*) FROM cards WHERE note_id = n.id)",), ("c.ord",)),
    "flag": (("(SELECT MAX(flag) FROM cards WHERE note_id = n.id)",), ("c.flag",)),
}

#: the flags' names, from flag 1 (`cards.flag`; 0 is none), as in Anki
FLAG_NAMES = ("Red", "Orange", "Green", "Blue", "Pink", "Turquoise", "Purple")


@dataclass(frozen=True)
class BrowseQuery:
    """What the browser asks for: a search (Anki syntax), the scope chosen in its
    sidebar and filters, whether rows are notes or cards, and the sort."""

    search: str = ""
    article_id: str | None = None
    section_idx: int | None = None
    kind: str | None = None
    state: str | None = None  # a key of STATE_FILTERS
    rows_are_cards: bool = False
    sort: str = "section"
    descending: bool = False


@dataclass(frozen=True)
class Found:
    """A search's result: row ids in display order (note ids, or card ids), and counts."""

    ids: list[Any]
    notes: int | None  # None when rows are cards: `counted` counts them
    cards: int | None  # None when rows are notes: `counted` counts them


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


#: a trigram in more than this share of the notes is not worth an index lookup
COMMON_GRAM_SHARE = 0.3
GRAMS_PER_WORD = 3  # the rarest few narrow a search down enough; more cost list merges
#: how many notes' search texts, spread evenly over the index, stand for the collection
#: when a search estimates how common a word's trigrams are (all of them when fewer)
SAMPLE_NOTES = 2000


def moment_at(now: float | None = None, conn: sqlite3.Connection | None = None) -> Moment:
    """The search's time, and (given the collection) how it picks trigrams to look up."""
    now = time.time() if now is None else now
    start = day_start(datetime.fromtimestamp(now, UTC)).timestamp()
    return Moment(now, start, None if conn is None else _gram_picker(conn))


def _gram_picker(conn: sqlite3.Connection) -> GramPicker:
    """Trigrams picked by how many notes of an even sample hold them. Why a sample and
    not the index's own counts (`note_fts_terms`): FTS5 counts a term's notes by
    reading its whole list, 7 ms for a trigram in each of 300,000 notes, longer than
    the rest of a search; the sample's texts are read in about a millisecond and only
    choose the plan (every candidate is checked exactly)."""
    texts = _sampled_texts(conn)

    def pick(grams: list[str]) -> tuple[list[str] | None, float]:
        counts = {g: sum(g in text for text in texts) for g in grams}
        rarest = sorted(grams, key=counts.__getitem__)
        share = counts[rarest[0]] / len(texts) if texts else 0.0
        if share > COMMON_GRAM_SHARE:
            return None, share
        return rarest[:GRAMS_PER_WORD], share

    return pick


def _sampled_texts(conn: sqlite3.Connection) -> list[str]:
    """The search texts of about `SAMPLE_NOTES` notes, their ids evenly spread."""
    # two subqueries: MIN and MAX in one SELECT would read the whole table
    low, high = conn.execute("SELECT (SELECT MIN(id) FROM note_text), "
                             "(SELECT MAX(id) FROM note_text)").fetchone()
    if low is None:
        return []
    step = max(1.0, (high - low + 1) / SAMPLE_NOTES)
    ids = sorted({low + int(i * step) for i in range(SAMPLE_NOTES) if low + i * step <= high})
    return [r[0] for r in conn.execute(
        "SELECT text FROM note_text WHERE id IN (SELECT value FROM json_each(?))",
        [json.dumps(ids)])]


def open_reader(col: Collection) -> sqlite3.Connection:
    """A read-only connection to the collection for searches run off the GUI thread
    (the browser's own, used by one worker thread at a time; WAL lets it read while
    the GUI's connection writes)."""
    from urllib.parse import quote

    conn = sqlite3.connect(f"file:{quote(str(col.path))}?mode=ro", uri=True,
                           check_same_thread=False)
    conn.execute("PRAGMA query_only = 1")
    return conn


def all_tags(conn: sqlite3.Connection) -> list[str]:
    """Every tag of an active note, sorted case-insensitively, for the sidebar."""
    rows = conn.execute("SELECT DISTINCT j.value FROM notes n, json_each(n.tags) j "
                        "WHERE n.active = 1").fetchall()
    return sorted({r[0] for r in rows}, key=str.casefold)


def articles_and_sections(conn: sqlite3.Connection) -> list[tuple[str, str, list[str]]]:
    """(article id, title, section titles) in library order, for the sidebar."""
    sections: dict[str, list[str]] = {}
    for article_id, title in conn.execute(
            "SELECT article_id, title FROM sections ORDER BY article_id, idx"):
        sections.setdefault(article_id, []).append(title)
    return [(a, t, sections.get(a, [])) for a, t in conn.execute(
        "SELECT id, title FROM articles ORDER BY position, title")]


def compile_query(query: BrowseQuery, moment: Moment) -> Compiled:
    """The browser's whole condition: its scope and filters and the typed search."""
    if query.state is not None and query.state not in STATE_FILTERS:
        raise ValueError(f"unknown state filter {query.state!r} "
                         f"(expected one of {sorted(STATE_FILTERS)})")
    if query.sort not in SORT_KEYS:
        raise ValueError(f"unknown sort column {query.sort!r}")
    parts = [compile_search(parse(query.search), moment)]
    if query.state is not None:
        parts.append(compile_search(parse(STATE_FILTERS[query.state]), moment))
    if query.rows_are_cards:  # the card's copy of its note's place: no join for a scope
        scope, scope_params = equal_filters(c__note_article_id=query.article_id,
                                            c__note_section_idx=query.section_idx,
                                            n__kind=query.kind)
    else:
        scope, scope_params = equal_filters(n__article_id=query.article_id,
                                            n__section_idx=query.section_idx, n__kind=query.kind)
    if scope:
        parts.append(Compiled(scope.removeprefix(" AND "), scope_params))
    return combine(parts)


def find(conn: sqlite3.Connection, query: BrowseQuery, now: float | None = None,
         limit: int | None = None) -> Found:
    """The ids of the rows `query` lists, in its order, in one indexed query.

    Rows that are notes list each active note with at least one card matching the
    card conditions (as Anki's notes mode does); a note's card count is all its cards.
    `limit` returns only the first rows (what the browser paints first). The count of
    the other kind (a list of cards' notes, a list of notes' cards) is left to
    `counted`. Raises SearchError for a search that cannot be read.
    """
    moment = replace(moment_at(now, conn),
                     note_key="c.note_id" if query.rows_are_cards else "n.id")
    cond = compile_query(query, moment)
    register_functions(conn)
    if query.rows_are_cards:
        return _find_cards(conn, query, cond, moment, limit)
    keys = (*SORT_KEYS[query.sort][0], "n.id")  # ties too: the other direction is the reverse
    direction = " DESC" if query.descending else ""
    order = ", ".join(k + direction for k in keys)
    where = f"EXISTS (SELECT 1 FROM cards c WHERE c.note_id = n.id AND ({cond.sql}))" \
        if cond.on_cards else f"({cond.sql})"
    joins = "LEFT JOIN note_text t ON t.note_id = n.id " \
        if cond.on_text or any(_USES_TEXT.search(k) for k in keys) else ""
    sql = (f"SELECT n.id AS id FROM notes n {joins}WHERE n.active = 1 AND {where} "
           f"ORDER BY {order}{_limit(limit)}")
    note_ids = _gathered(conn, sql, [*cond.params, *_order_params(keys, moment)])
    return Found(note_ids, len(note_ids), None)


def _gathered(conn: sqlite3.Connection, sql: str, params: list[Any],
              numbers: bool = False) -> list[Any]:
    """The `id` column of `sql`'s rows, in their order, gathered into one text by SQLite:
    `numbers` as a JSON array read a slice at a time, text ids joined by a separator
    and split. Why: a Python object per row costs more than the search itself at
    300,000 rows, and one long C call (json.loads of 300,000 ids takes 100 ms on a
    loaded machine) holds the GIL the GUI thread needs while the search runs on the
    worker. The rows reach the aggregate in the order of the ORDER BY (a subquery
    with ORDER BY under an aggregate is never flattened). A text id holding the
    separator (the count tells) falls back to JSON."""
    if numbers:
        listed = conn.execute(f"SELECT json_group_array(id) FROM ({sql})", params).fetchone()[0]
        return _json_numbers(listed)
    joined, count = conn.execute(f"SELECT group_concat(id, char(31)), COUNT(*) FROM ({sql})",
                                 params).fetchone()
    if not count:
        return []
    parts = joined.split(_SEPARATOR)
    if len(parts) == count:
        return parts
    return json.loads(conn.execute(f"SELECT json_group_array(id) FROM ({sql})",
                                   params).fetchone()[0])


def _json_numbers(listed: str, piece: int = 100_000) -> list[Any]:
    """A JSON array of numbers, parsed about `piece` characters at a time (cut at
    commas, which only separate numbers), so that the GUI thread may run between."""
    ids: list[Any] = []
    start, end = 1, len(listed) - 1  # inside the brackets
    while start < end:
        cut = listed.find(",", min(start + piece, end))
        cut = end if cut == -1 else cut
        ids.extend(json.loads(f"[{listed[start:cut]}]"))
        start = cut + 1
    return ids


_SEPARATOR = "\x1f"
_SLICE = 20_000


def _find_cards(conn: sqlite3.Connection, query: BrowseQuery, cond: Compiled, moment: Moment,
                limit: int | None) -> Found:
    """`find` when rows are cards: their ids only (`counted` counts the notes
    after the rows are shown). Two orders are read from an index instead of sorted:
    article order (`cards_browse`: each card's copy of its note's place, then the card
    state columns, so a state search reads only the index), unless a rare word's few
    notes are quicker sorted; and the due date (`cards_due`, an index-only scan, with
    the new cards after it in a second query: SQLite puts NULL first and could not use
    the index for "NULL last")."""
    cards = "cards c"
    if query.sort == "due":
        parts = [("c.due IS NOT NULL", ("c.due", "c.id")), ("c.due IS NULL", ("c.id",))]
    elif query.sort == "section":  # (note, ord) is unique: no ties to add
        parts = [("1", CARD_BROWSE_ORDER)]
        if not cond.narrow:
            cards = "cards c INDEXED BY cards_browse"
    else:
        parts = [("1", (*SORT_KEYS[query.sort][1], "c.id"))]
    if query.descending:
        parts.reverse()
    direction = " DESC" if query.descending else ""
    ids: list[int] = []
    for part_cond, keys in parts:
        if limit is not None and len(ids) >= limit:
            break
        text = " ".join((cond.sql, *keys))
        # join the notes and their search text only when the condition or sort reads
        # them: each join is a lookup by text key for every card
        needs_text = cond.on_text or any(_USES_TEXT.search(k) for k in keys)
        text_join = "LEFT JOIN note_text t ON t.note_id = c.note_id " if needs_text else ""
        if _USES_NOTE.search(text):
            joins, active = f"JOIN notes n ON n.id = c.note_id {text_join}", "n.active = 1"
        elif conn.execute("SELECT 1 FROM notes WHERE active = 0 LIMIT 1").fetchone():
            # few notes are ever inactive: leave their cards out without a join
            joins, active = text_join, "c.note_id NOT IN (SELECT id FROM notes WHERE active = 0)"
        else:  # none: the cards alone, often from an index without the table
            joins, active = text_join, "1"
        order = ", ".join(k + direction for k in keys)
        left = None if limit is None else limit - len(ids)
        sql = (f"SELECT c.id AS id FROM {cards} {joins}WHERE {active} AND {part_cond} "
               f"AND ({cond.sql}) ORDER BY {order}{_limit(left)}")
        ids += _gathered(conn, sql, [*cond.params, *_order_params(keys, moment)],
                         numbers=True)
    return Found(ids, None, len(ids))


def counted(conn: sqlite3.Connection, found: Found) -> Found:
    """`found` with both counts: the notes of a list of cards, or the cards of a list of
    notes (counted after the rows are shown: at 300,000 rows the count costs as much as
    the search)."""
    listed = _json_list(found.ids)
    if found.notes is None:
        notes = conn.execute("SELECT COUNT(DISTINCT note_id) FROM cards WHERE id IN "
                             "(SELECT value FROM json_each(?))", [listed]).fetchone()[0]
        return replace(found, notes=notes)
    if found.cards is None:
        cards = conn.execute("SELECT COUNT(*) FROM cards WHERE note_id IN "
                             "(SELECT value FROM json_each(?))", [listed]).fetchone()[0]
        return replace(found, cards=cards)
    return found


def _json_list(values: Sequence[Any], chunk: int = _SLICE) -> str:
    """`json.dumps(list(values))`, a slice at a time: one call on 300,000 ids holds the
    GIL for tens of milliseconds, a stall of the GUI thread while the worker counts."""
    return "[" + ",".join(json.dumps(list(values[i:i + chunk]))[1:-1]
                          for i in range(0, len(values), chunk)) + "]"


def _limit(limit: int | None) -> str:
    return "" if limit is None else f" LIMIT {int(limit)}"


def _order_params(keys: Iterable[str], moment: Moment) -> list[float]:
    """`?` in a sort key is the current time (what is still buried)."""
    return [moment.now for k in keys if "?" in k]


_USES_TEXT = re.compile(r"\bt\.")
_USES_NOTE = re.compile(r"\bn\.")


_ROW_COLUMNS = ("n.id AS note_id, n.article_id, n.section_idx, n.kind, n.fields, n.tags, "
                "n.created, n.modified, n.deck_id, s.title AS section, a.title AS article")
_ROW_JOINS = ("LEFT JOIN sections s ON s.article_id = n.article_id AND s.idx = n.section_idx "
              "LEFT JOIN articles a ON a.id = n.article_id")


def fetch(conn: sqlite3.Connection, ids: Sequence[Any], rows_are_cards: bool,
          now: float | None = None) -> list[BrowseRow]:
    """The rows of these ids (as `find` returned them), in the same order; ids no
    longer in the collection are left out."""
    now = time.time() if now is None else now
    learning = f"c.last_review IS NOT NULL AND c.state IN {_LEARNING_STATES}"
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
