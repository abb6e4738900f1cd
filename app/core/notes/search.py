"""The browser's searches (read by `app.core.notes.search_syntax`) compiled to
parameterised SQL: every user value reaches SQLite as a parameter, never pasted into
the SQL text.

Why the plan is chosen here: a word in most notes is checked row by row, one in
nearly every note by the short list of notes without it, a rare one by its notes
from the trigram index — estimated from the counts a `GramPicker` gives.

The SQL refers to the aliases the caller's query provides: `n` (notes) and, for
card conditions, `c` (cards); `Compiled.on_cards` says whether `c` is needed.
Text and tag conditions read `note_text` (the search index kept by
`app.core.notes.store`) in subqueries of their own.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from app.core.errors import SearchError
from app.core.notes.index import SEPARATOR
from app.core.notes.model import NOTE_KINDS
from app.core.notes.search_syntax import (
    DUPE_COLUMNS,
    EXAMPLES,
    FLAG_COUNT,
    IS_VALUES,
    NOTE_FIELDS,
    PROPS,
    All,
    Any_,
    Node,
    Not,
    Term,
)

DAY = 86400.0
LEARNING_STATES = "(1, 3)"  # fsrs.State.Learning, Relearning (cards.state)
_REVIEW_STATES = "(2, 3)"    # fsrs.State.Review, Relearning: answered and graduated once


_PROP_RE = re.compile(r"^(\w+)(<=|>=|!=|=|<|>)(-?\d+(?:\.\d+)?)$")


@dataclass
class Compiled:
    """A WHERE condition and its parameters, in order."""

    sql: str
    params: list[Any] = field(default_factory=list)
    on_cards: bool = False  # refers to `c` (a card condition)
    on_text: bool = False   # refers to `t`, the row's own note_text row (joined by the caller)
    narrow: bool = False    # holds only for the notes of a rare word's short list


#: Given a word's trigrams: the few worth asking the index for (the rarest), or None
#: when even the rarest is so common that reading every note is quicker; and the share
#: of notes holding the rarest one (at least the share the word can be in).
GramPicker = Callable[[list[str]], tuple[list[str] | None, float]]

#: a text condition expected to hold for more than this share of the notes is checked
#: row by row while the notes are read in display order (no sort of a long list);
#: a rarer one first finds its few notes, which are then sorted
ROW_BY_ROW_SHARE = 0.05
#: and one expected to hold for nearly every note, by the short list of notes it does
#: not hold for (read in one pass over the index, no lookup per note)
COMPLEMENT_SHARE = 0.9


@dataclass(frozen=True)
class Moment:
    """When the search runs: what "due today", "rated:1" and "added:1" mean; and,
    when searching a real collection, which trigrams of a word to look up."""

    now: float       # unix seconds
    day_start: float  # unix seconds: the start of the study day containing `now`
    pick_grams: GramPicker | None = field(default=None, compare=False)
    note_key: str = "n.id"  # how the SQL names a row's note id (c.note_id when rows are cards)

    @property
    def day_end(self) -> float:
        return self.day_start + DAY


def like_pattern(value: str, *, contains: bool) -> str:
    """A LIKE pattern (escape `\\`) where `*` is any run of characters."""
    escaped = re.sub(r"([\\%_])", r"\\\1", value.casefold()).replace("*", "%")
    return f"%{escaped}%" if contains else escaped


def fts_phrase(text: str, pick: GramPicker | None = None) -> tuple[str | None, float]:
    """An FTS5 query for the notes that may contain `text`: its trigrams, or those
    `pick` chooses (the index is detail=none, so it cannot check their order; the
    caller checks the text itself); None when the index cannot help: too short for
    trigrams, or every trigram is in most notes. And the share of notes that may hold
    `text` (1.0 when unknown)."""
    grams = list(dict.fromkeys(text[i:i + 3] for i in range(len(text) - 2)))
    if not grams:
        return None, 1.0
    share = 0.0  # no collection to ask: every word counts as rare
    if pick is not None:
        chosen, share = pick(grams)
        if chosen is None:
            return None, share
        grams = chosen
    if len(grams) > _MAX_GRAMS:  # enough to narrow down; each one more costs a list merge
        step = (len(grams) - 1) / (_MAX_GRAMS - 1)
        grams = [grams[round(i * step)] for i in range(_MAX_GRAMS)]
    return " AND ".join('"' + g.replace('"', '""') + '"' for g in grams), share


_MAX_GRAMS = 12


_TEXT_FIELDS = ("", "tag", "re")


def _on_text(node: Node) -> bool:
    """Whether `node` reads only a note's text and tags (words, phrases, tag:)."""
    if isinstance(node, Term):
        return node.field in _TEXT_FIELDS
    if isinstance(node, Not):
        return _on_text(node.node)
    return all(_on_text(n) for n in node.nodes)


def compile_search(node: Node | None, moment: Moment) -> Compiled:
    """The condition for `node` (TRUE for None)."""
    if node is None:
        return Compiled("1")
    if _on_text(node):
        # words, tags and their negations and alternatives, however nested: one pass
        # over the search index, instead of one set of notes per word
        if isinstance(node, Any_):
            branches = [_text_tree(n, moment) for n in node.nodes]
            return _text_search(*_joined(branches, all_of=False), moment, branches)
        return _text_search(*_text_tree(node, moment), moment)
    if isinstance(node, Not):
        inner = compile_search(node.node, moment)
        return Compiled(f"NOT ({inner.sql})", inner.params, inner.on_cards, inner.on_text)
    if isinstance(node, Term):
        return _term(node, moment)
    nodes = list(node.nodes)
    if isinstance(node, All):
        on_text = [n for n in nodes if _on_text(n)]
        if len(on_text) > 1:  # the words of "tag:a dog is:due" share one pass too
            nodes = [All(tuple(on_text)), *(n for n in nodes if n not in on_text)]
    parts = [compile_search(n, moment) for n in nodes]
    return combine(parts, isinstance(node, All))


def combine(parts: list[Compiled], all_of: bool = True) -> Compiled:
    """`parts` joined by AND (`all_of`) or OR."""
    narrow = [p.narrow for p in parts]
    return Compiled((" AND " if all_of else " OR ").join(f"({p.sql})" for p in parts),
                    [x for p in parts for x in p.params], any(p.on_cards for p in parts),
                    any(p.on_text for p in parts), any(narrow) if all_of else all(narrow))


def _text_tree(node: Node, moment: Moment) -> tuple[str, list[Any], float]:
    """A text-only search as a condition on the search index row `t`, with the share of
    notes it is expected to hold for (an estimate from the trigrams' note counts)."""
    if isinstance(node, Term):
        return _text_condition(node, moment)
    if isinstance(node, Not):
        sql, params, share = _text_tree(node.node, moment)
        return f"NOT ({sql})", params, 1.0 - share
    return _joined([_text_tree(n, moment) for n in node.nodes], isinstance(node, All))


TextCondition = tuple[str, list[Any], float]  # SQL on `t`, its parameters, expected share


def _joined(parts: list[TextCondition], all_of: bool) -> TextCondition:
    """Conditions on `t` joined by AND (`all_of`) or OR, with the share expected."""
    shares = [share for _, _, share in parts]
    return ((" AND " if all_of else " OR ").join(f"({sql})" for sql, _, _ in parts),
            [x for _, p, _ in parts for x in p],
            min(shares) if all_of else min(1.0, sum(shares)))


def _text_search(sql: str, params: list[Any], share: float, moment: Moment,
                 alternatives: list[TextCondition] | None = None) -> Compiled:
    """A condition on `t` for the row: as the set of the few notes it does not hold for
    when nearly all match it; checked on the row's own index row when many do (the
    caller joins `note_text t`); or as the set of the few notes that do (SQLite reads
    the set once, by the FTS index for a rare word, instead of looking the index row
    up, by text key, for every card). The set of "a or b" (`alternatives`) is each
    one's notes merged: in one pass over the index with both tests, a rare word's
    index lookup became a check of every row (`-question or 999`: 70 ms against 42 at
    300,000 notes)."""
    if share > COMPLEMENT_SHARE:  # "question" in every note: list the few without it
        return Compiled(f"NOT ({moment.note_key} IN (SELECT t.note_id FROM note_text t "
                        f"WHERE NOT ({sql})))", params)
    if share > ROW_BY_ROW_SHARE:
        return Compiled(sql, params, on_text=True)
    if alternatives:
        sets = " UNION ".join(f"SELECT t.note_id FROM note_text t WHERE {part}"
                              for part, _, _ in alternatives)
        return Compiled(f"{moment.note_key} IN ({sets})",
                        [x for _, p, _ in alternatives for x in p], narrow=True)
    return Compiled(f"{moment.note_key} IN (SELECT t.note_id FROM note_text t WHERE {sql})",
                    params, narrow=True)


#: tags are not in the trigram index; most tag searches pick out a few notes
TAG_SHARE = 0.0


def _text_condition(term: Term, moment: Moment) -> tuple[str, list[Any], float]:
    """A word, phrase or tag as a condition on the search index row `t`, and the share
    of notes it may hold for."""
    value = term.value
    if term.field == "re":  # on the casefolded text, so the pattern ignores case
        _regex(value)  # a mistake is named now, not as a failure inside SQLite
        return f"{REGEXP}(?, t.text)", [value], 1.0
    if term.field == "tag":
        if value.casefold() == "none":
            return "t.tags = ' '", [], TAG_SHARE
        pattern = like_pattern(value, contains=False)
        return ("t.tags LIKE ? ESCAPE '\\' OR t.tags LIKE ? ESCAPE '\\'",
                [f"% {pattern} %", f"% {pattern}::%"], TAG_SHARE)
    folded = value.casefold()
    if "*" in folded:
        longest = max(folded.split("*"), key=len)
        phrase, share = fts_phrase(longest, moment.pick_grams)
        sql = "t.text LIKE ? ESCAPE '\\'"
        params: list[Any] = [like_pattern(value, contains=True)]
    else:
        phrase, share = fts_phrase(folded, moment.pick_grams)
        sql, params = "instr(t.text, ?) > 0", [folded]
    if phrase is not None:  # the index finds candidates; the check above keeps exact matches
        sql = f"t.id IN (SELECT rowid FROM note_fts WHERE note_fts MATCH ?) AND {sql}"
        params.insert(0, phrase)
    return sql, params, share


REGEXP = "studydesk_regexp"
CASEFOLD = "studydesk_casefold"


@cache
def _regex(pattern: str) -> re.Pattern[str]:
    """`^` and `$` also match where each field begins and ends (see `_matches`)."""
    try:
        return re.compile(pattern, re.IGNORECASE | re.MULTILINE)
    except re.error as exc:
        raise SearchError(f"“re:{pattern}” is not a regular expression: {exc}.") from None


def _matches(pattern: str, text: str | None) -> bool:
    """`re:` on a note's search text, its fields one per line."""
    return text is not None and _regex(pattern).search(
        text.replace(SEPARATOR, "\n")) is not None


def _casefold(value: Any) -> str | None:
    return None if value is None else str(value).casefold()


def register_functions(conn: Any) -> None:
    """The SQL functions searches call (`re:` and field searches), on a connection that
    runs them; cheap to repeat."""
    conn.create_function(REGEXP, 2, _matches, deterministic=True)
    conn.create_function(CASEFOLD, 1, _casefold, deterministic=True)


def _ids(name: str, value: str, number: bool) -> list[Any]:
    ids = [i.strip() for i in value.split(",") if i.strip()]
    if number and not all(i.isdigit() for i in ids) or not ids:
        raise SearchError(f"“{name}:{value}” needs ids separated by commas, "
                          f"e.g. {name}:{EXAMPLES[name]}.")
    return [int(i) for i in ids] if number else ids


def _field(name: str, value: str) -> Compiled:
    """A note field is `value` (case-insensitive; `*` is any run of characters), or one
    of a list field's items is; true/false fields read as "true" and "false"."""
    pattern = like_pattern(value, contains=False)
    item = "CASE j.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE j.value END"
    return Compiled(f"EXISTS (SELECT 1 FROM json_each(n.fields, ?) j WHERE j.type != 'array' "
                    f"AND {CASEFOLD}({item}) LIKE ? ESCAPE '\\')", [f"$.{name}", pattern])


def _number(name: str, value: str, low: int = 0, high: int = 36500) -> int:
    if not value.isdigit() or not low <= int(value) <= high:
        raise SearchError(f"“{name}:{value}” needs a whole number of days from {low} to "
                          f"{high}, e.g. {name}:{EXAMPLES[name]}.")
    return int(value)


def _term(term: Term, moment: Moment) -> Compiled:
    name, value = term.field, term.value
    if name in NOTE_FIELDS:
        return _field(name, value)
    if name == "nid":
        return Compiled("n.id IN (SELECT value FROM json_each(?))",
                        [json.dumps(_ids(name, value, number=False))])
    if name == "cid":
        return Compiled("c.id IN (SELECT value FROM json_each(?))",
                        [json.dumps(_ids(name, value, number=True))], on_cards=True)
    if name == "flag":
        if value not in {str(n) for n in range(FLAG_COUNT + 1)}:
            raise SearchError(f"“flag:{value}” needs a flag from 0 (none) to {FLAG_COUNT}: "
                              "1 red, 2 orange, 3 green, 4 blue, 5 pink, 6 turquoise, 7 purple.")
        return Compiled("c.flag = ?", [int(value)], on_cards=True)
    if name == "dupe":
        column = value.casefold()
        if column not in DUPE_COLUMNS:
            raise SearchError(f"“dupe:{value}” finds notes whose prompt or answer another "
                              "note has too: use dupe:prompt or dupe:answer.")
        return Compiled(f"n.id IN (SELECT d.note_id FROM note_text d WHERE d.{column} IN "
                        f"(SELECT x.{column} FROM note_text x JOIN notes o ON o.id = x.note_id "
                        f"WHERE o.active = 1 GROUP BY x.{column} HAVING COUNT(*) > 1))")
    if name == "article":
        if value.casefold() == "none":
            return Compiled("n.article_id IS NULL")
        pattern = like_pattern(value, contains=False)
        return Compiled("n.article_id IN (SELECT id FROM articles WHERE id LIKE ? ESCAPE '\\' "
                        "OR title LIKE ? ESCAPE '\\')", [pattern, pattern])
    if name == "section":
        pattern = like_pattern(value, contains=False)
        sql = ("EXISTS (SELECT 1 FROM sections s WHERE s.article_id = n.article_id "
               "AND s.idx = n.section_idx AND s.title LIKE ? ESCAPE '\\')")
        if value.isdigit():  # section:2 is the second section, as the reader numbers them
            return Compiled(f"(n.section_idx = ? OR {sql})", [int(value) - 1, pattern])
        return Compiled(sql, [pattern])
    if name == "kind":
        kind = value.casefold()
        if kind not in NOTE_KINDS:
            raise SearchError(f"“kind:{value}” is not a kind of card; use one of "
                              f"{', '.join(NOTE_KINDS)}.")
        return Compiled("n.kind = ?", [kind])
    if name == "card":
        return Compiled("c.ord = ?", [_number(name, value, 1, 1000) - 1], on_cards=True)
    if name == "is":
        return _is(value.casefold(), moment)
    if name == "prop":
        return _prop(value, moment)
    if name == "rated":
        days, _, rating = value.partition(":")
        cut = moment.day_end - _number(name, days, 1, 36500) * DAY
        sql = "EXISTS (SELECT 1 FROM revlog r WHERE r.card_id = c.id AND r.reviewed_at >= ?"
        params: list[Any] = [cut]
        if rating:
            if rating not in ("1", "2", "3", "4"):
                raise SearchError(f"“rated:{value}”: the answer is 1 (Again), 2 (Hard), "
                                  "3 (Good) or 4 (Easy).")
            sql += " AND r.rating = ?"
            params.append(int(rating))
        return Compiled(sql + ")", params, on_cards=True)
    # added / edited: the notes' ISO times in UTC compare as text
    from datetime import UTC, datetime

    cut_iso = datetime.fromtimestamp(
        moment.day_end - _number(name, value, 1, 36500) * DAY, UTC).isoformat(timespec="seconds")
    column = "n.created" if name == "added" else "n.modified"
    return Compiled(f"{column} >= ?", [cut_iso])


def _is(value: str, moment: Moment) -> Compiled:
    if value == "new":
        return Compiled("c.last_review IS NULL", on_cards=True)
    if value == "learn":
        return Compiled(f"c.last_review IS NOT NULL AND c.state IN {LEARNING_STATES}",
                        on_cards=True)
    if value == "review":
        return Compiled(f"c.last_review IS NOT NULL AND c.state IN {_REVIEW_STATES}",
                        on_cards=True)
    if value == "due":  # as the review screen counts: by the end of the study day
        return Compiled("c.last_review IS NOT NULL AND c.suspended = 0 AND c.due < ? "
                        "AND NOT COALESCE(c.buried_until > ?, 0)",
                        [moment.day_end, moment.now], on_cards=True)
    if value == "suspended":
        return Compiled("c.suspended = 1", on_cards=True)
    if value == "buried":
        return Compiled("COALESCE(c.buried_until > ?, 0)", [moment.now], on_cards=True)
    raise SearchError(f"“is:{value}” is not a card state; use one of "
                      f"{', '.join('is:' + v for v in IS_VALUES)}.")


def _prop(value: str, moment: Moment) -> Compiled:
    match = _PROP_RE.match(value.replace(" ", ""))
    if match is None or match.group(1).casefold() not in PROPS:
        raise SearchError(f"“prop:{value}” is not a property test; use e.g. prop:ivl>10, "
                          "prop:due<=1, prop:reps>5 or prop:lapses>=2.")
    prop, op, number = match.group(1).casefold(), match.group(2), float(match.group(3))
    if prop == "ivl":  # days between the last answer and the due date
        return Compiled(f"c.last_review IS NOT NULL AND (c.due - c.last_review) / {DAY} {op} ?",
                        [number], on_cards=True)
    if prop == "due":  # study days from today (0 = today, -1 = overdue since yesterday)
        days = f"(CAST((c.due - ?) / {DAY} + 100000 AS INTEGER) - 100000)"
        return Compiled(f"c.last_review IS NOT NULL AND {days} {op} ?",
                        [moment.day_start, number], on_cards=True)
    return Compiled(f"c.{prop} {op} ?", [number], on_cards=True)
