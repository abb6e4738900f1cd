"""What the card browser lists: notes or cards of the collection found by an Anki-style
search, in display order, by indexed SQL.

Why in core: the browser widget must hold no SQL, and the same query serves any
other list of cards. Why two steps (`find` here, then `rows.fetch`): a search over
300,000 cards returns only ids in display order (fast, and run off the GUI thread by
the browser); the table then fetches the few rows on screen by id. What the browser
does to the rows it lists is in `card_actions`.
"""

from __future__ import annotations

import json
import operator
import re
import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from itertools import repeat
from typing import Any

from app.core.clock import day_start
from app.core.notes.search import (
    DAY,
    Compiled,
    GramPicker,
    Moment,
    combine,
    compile_search,
    register_functions,
)
from app.core.notes.search_syntax import parse
from app.core.storage.collection import Collection
from app.core.storage.sql import equal_filters

#: the browser's state filter: which search each choice stands for
STATE_FILTERS = {
    "new": "is:new",              # a card never answered
    "learning": "is:learn",       # an answered card still in (re)learning steps
    "due": "is:due",              # an answered card due by the end of the study day
    "suspended": "is:suspended",
    "buried": "is:buried",        # buried until a later study day
}

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


#: a trigram in more than this share of the notes is not worth an index lookup
COMMON_GRAM_SHARE = 0.3
GRAMS_PER_WORD = 3  # the rarest few narrow a search down enough; more cost list merges
#: how many notes' search texts, spread evenly over the index, stand for the collection
#: when a search estimates how common a word's trigrams are (all of them when fewer)
SAMPLE_NOTES = 1000


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
    choose the plan (every candidate is checked exactly). Read at the first word, so a
    search without words (the browser's first page, on the GUI thread) never reads it."""
    sample: list[list[str]] = []

    def pick(grams: list[str]) -> tuple[list[str] | None, float]:
        if not sample:
            sample.append(_kept_sample(conn))
        texts = sample[0]
        counts = {g: sum(map(operator.contains, texts, repeat(g))) for g in grams}
        rarest = sorted(grams, key=counts.__getitem__)
        share = counts[rarest[0]] / len(texts) if texts else 0.0
        if share > COMMON_GRAM_SHARE:
            return None, share
        return rarest[:GRAMS_PER_WORD], share

    return pick


class Reader(sqlite3.Connection):
    """The browser's read-only connection (`open_reader`): it keeps the note sample that
    chooses a search's plan from one search to the next while nothing is committed to
    the collection (`PRAGMA data_version`), as SQLite keeps its statistics. Reading the
    sample is 2-3 ms of a 10,000-card search, paid at every key press; a stale sample
    could only choose a slower plan, never other rows."""

    sample: tuple[int, list[str]] | None = None  # (data_version, texts)


def _kept_sample(conn: sqlite3.Connection) -> list[str]:
    if not isinstance(conn, Reader):
        return _sampled_texts(conn)
    version = conn.execute("PRAGMA data_version").fetchone()[0]
    if conn.sample is None or conn.sample[0] != version:
        conn.sample = (version, _sampled_texts(conn))
    return conn.sample[1]


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
                           check_same_thread=False, factory=Reader)
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


def compile_query(query: BrowseQuery, moment: Moment, from_cards: bool | None = None) -> Compiled:
    """The browser's whole condition: its scope and filters and the typed search.
    `from_cards`: the query reads `cards c` first, so the scope is on each card's copy
    of its note's place (no join); by default, when the rows are cards."""
    from_cards = query.rows_are_cards if from_cards is None else from_cards
    if query.state is not None and query.state not in STATE_FILTERS:
        raise ValueError(f"unknown state filter {query.state!r} "
                         f"(expected one of {sorted(STATE_FILTERS)})")
    if query.sort not in SORT_KEYS:
        raise ValueError(f"unknown sort column {query.sort!r}")
    parts = [compile_search(parse(query.search), moment)]
    if query.state is not None:
        parts.append(compile_search(parse(STATE_FILTERS[query.state]), moment))
    if from_cards:
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
    moment = moment_at(now, conn)
    register_functions(conn)
    from_cards = replace(moment, note_key="c.note_id")  # text conditions on a card's note
    if query.rows_are_cards:
        return _find_cards(conn, query, compile_query(query, from_cards, True), from_cards, limit)
    if query.sort == "section":
        cond = compile_query(query, from_cards, True)
        if cond.on_cards and not cond.narrow:
            return _find_notes_by_cards(conn, query, cond, limit)
    cond = compile_query(query, moment, False)
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


def _find_notes_by_cards(conn: sqlite3.Connection, query: BrowseQuery, cond: Compiled,
                         limit: int | None) -> Found:
    """`find` of notes in article order by a condition on their cards (is:due,
    prop:ivl…): the matching cards read from `cards_browse` in that order, each note
    once (grouped by its place, which the index already orders: no sort), instead of
    looking up every note's cards by text key."""
    keys = CARD_BROWSE_ORDER[:-1]  # a note's place and id: its cards' ords are one row
    joins, active = _joins_for_cards(conn, cond, keys)
    direction = " DESC" if query.descending else ""
    sql = (f"SELECT c.note_id AS id FROM cards c INDEXED BY cards_browse {joins}"
           f"WHERE {active} AND ({cond.sql}) GROUP BY {', '.join(keys)} "
           f"ORDER BY {', '.join(k + direction for k in keys)}{_limit(limit)}")
    note_ids = _gathered(conn, sql, cond.params)
    return Found(note_ids, len(note_ids), None)


def _joins_for_cards(conn: sqlite3.Connection, cond: Compiled,
                     keys: Sequence[str]) -> tuple[str, str]:
    """For a query of `cards c`: the joins its condition and sort keys need, and the
    condition that keeps out the cards of inactive notes. The notes and their search
    text are joined only when read: each join is a lookup by text key for every card."""
    needs_text = cond.on_text or any(_USES_TEXT.search(k) for k in keys)
    text_join = "LEFT JOIN note_text t ON t.note_id = c.note_id " if needs_text else ""
    if _USES_NOTE.search(" ".join((cond.sql, *keys))):
        return f"JOIN notes n ON n.id = c.note_id {text_join}", "n.active = 1"
    # INDEXED BY: the planner otherwise scans a covering index of every note (20 ms at
    # 300,000) rather than the partial index of the few inactive ones
    if conn.execute("SELECT 1 FROM notes INDEXED BY notes_inactive WHERE active = 0 "
                    "LIMIT 1").fetchone():
        # few notes are ever inactive: leave their cards out without a join
        return text_join, ("c.note_id NOT IN (SELECT id FROM notes INDEXED BY notes_inactive "
                           "WHERE active = 0)")
    return text_join, "1"  # none: the cards alone, often from an index without the table


def _gathered(conn: sqlite3.Connection, sql: str, params: list[Any],
              numbers: bool = False) -> list[Any]:
    """The `id` column of `sql`'s rows, in their order, gathered into one text by SQLite:
    `numbers` joined by commas and read as JSON a slice at a time, text ids joined by a
    separator and split. Why: a Python object per row costs more than the search itself at
    300,000 rows, and one long C call (json.loads of 300,000 ids takes 100 ms on a
    loaded machine) holds the GIL the GUI thread needs while the search runs on the
    worker. The rows reach the aggregate in the order of the ORDER BY (a subquery
    with ORDER BY under an aggregate is never flattened). A text id holding the
    separator (the count tells) falls back to JSON."""
    if numbers:  # "1,2,3": group_concat costs a third of json_group_array's time
        listed = conn.execute(f"SELECT group_concat(id) FROM ({sql})", params).fetchone()[0]
        return [] if listed is None else _json_numbers(listed)
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
    """Numbers separated by commas (a JSON array's inside), parsed about `piece`
    characters at a time (cut at commas), so that the GUI thread may run between."""
    ids: list[Any] = []
    start, end = 0, len(listed)
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
    if query.sort == "due" and not query.descending and limit is None and cond.sql in ("1", "(1)") \
            and _joins_for_cards(conn, cond, ("c.due",)) == ("", "1"):
        ids = _in_due_order(conn)  # every card, none of an inactive note: the index alone
        return Found(ids, None, len(ids))
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
        joins, active = _joins_for_cards(conn, cond, keys)
        order = ", ".join(k + direction for k in keys)
        left = None if limit is None else limit - len(ids)
        sql = (f"SELECT c.id AS id FROM {cards} {joins}WHERE {active} AND {part_cond} "
               f"AND ({cond.sql}) ORDER BY {order}{_limit(left)}")
        ids += _gathered(conn, sql, [*cond.params, *_order_params(keys, moment)],
                         numbers=True)
    return Found(ids, None, len(ids))


def _in_due_order(conn: sqlite3.Connection) -> list[int]:
    """Every card's id by due date, then id, the new cards (no due date) last: read off the
    `cards_due` index, whose entries are in exactly that order (due, then the id, which is
    the rowid), without the ORDER BY subquery `_gathered` needs for any other list (its
    co-routine was half the time of this sort at 300,000 cards).

    The order an index is walked in is SQLite's behaviour, not a promise of SQL, just as
    group_concat keeping a subquery's order is; INDEXED BY pins the plan, and
    tests/core/notes/test_browse.py compares the result with ORDER BY on ties."""
    ids: list[int] = []
    for part in ("due IS NOT NULL", "due IS NULL"):
        listed = conn.execute(f"SELECT group_concat(id) FROM cards INDEXED BY cards_due "
                              f"WHERE {part}").fetchone()[0]
        if listed is not None:
            ids += _json_numbers(listed)
    return ids


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


