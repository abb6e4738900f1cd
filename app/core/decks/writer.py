"""Writing a deck file: the TOML an instructor reads, diffs and edits by hand.

Why separate from `deckfile` (reading and validation): the writer only needs a
valid `Deck`. It writes the same deck the same way every time (article order,
fixed key order, long text wrapped at spaces), so saving again is a no-op and
editing one word changes one line of the diff; `load_deck` reads it back equal.

Saving over (or "as", from) an existing deck file is a tomlkit round trip:
the instructor's comments, order and formatting stay, and only the values
that changed, the cards and quizzes added and those removed are rewritten.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.core.atomic import write_text_atomic
from app.core.batches import Progress, report
from app.core.decks.model import DECK_KEYS, Deck, DeckCard
from app.core.notes.model import OPTIONAL_FIELDS, REQUIRED_FIELDS

WRAP = 88  # long free text is wrapped so that editing one word changes one line of the diff
WRAPPED_KEYS = ("description", "text", "extra", "front", "back", "question", "statement",
                "source", "explanation", "instructions")


def _value(value: Any, wrap: bool = False) -> str:
    """One TOML value; text with line breaks (or, if `wrap`, long text) as a multi-line string."""
    import tomlkit

    if isinstance(value, str):
        if "\n" in value and "\r" not in value and not value.startswith("\n") \
                and not value.endswith("\\"):
            return tomlkit.string(value, multiline=True).as_string()
        escaped = tomlkit.string(value).as_string()[1:-1]
        if wrap and len(escaped) > WRAP and not value[:1].isspace():
            return '"""\\\n' + " \\\n".join(_wrap(escaped)) + '"""'
        return f'"{escaped}"'
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    raise TypeError(f"cannot write {value!r} to a deck file")


def _wrap(escaped: str) -> list[str]:
    """Split at single spaces (a line-ending backslash eats the next line's indent)."""
    lines, start, last = [], 0, -1
    for i, ch in enumerate(escaped):
        if ch == " " and 0 < i < len(escaped) - 1 and escaped[i - 1] != " " \
                and not escaped[i + 1].isspace():
            if i - start > WRAP and last > start:
                lines.append(escaped[start:last])
                start = last + 1
            last = i
    if len(escaped) - start > WRAP and last > start:
        lines.append(escaped[start:last])
        start = last + 1
    lines.append(escaped[start:])
    return lines


def ordered_cards(deck: Deck) -> list[DeckCard]:
    """Cards in article order (by section), then as given: the order files are written in."""
    def key(card: DeckCard) -> int:
        idx = deck.section_index(card.section)
        return len(deck.section_titles) if idx is None else idx

    return sorted(deck.cards, key=key)


def dumps_deck(deck: Deck) -> str:
    out = ["[deck]"]
    for key in DECK_KEYS:
        value = getattr(deck, key)
        if value or key not in ("description", "article"):
            out.append(f"{key} = {_value(value, wrap=True)}")
    for card in ordered_cards(deck):
        out += ["", "[[cards]]", f"id = {_value(card.id)}", f"section = {_value(card.section)}",
                f"kind = {_value(card.kind)}"]
        for name in REQUIRED_FIELDS[card.kind] + OPTIONAL_FIELDS[card.kind]:
            if name in card.fields:
                out.append(f"{name} = {_value(card.fields[name], name in WRAPPED_KEYS)}")
        if card.source or deck.article:  # a deck without an article has no source sentences
            out.append(f"source = {_value(card.source, wrap=True)}")
        if card.tags:
            out.append(f"tags = {_value(card.tags)}")
        if card.explanation:
            out.append(f"explanation = {_value(card.explanation, wrap=True)}")
        if card.edited:
            out.append(f"edited = {_value(f'{card.edited} {card.fingerprint()}')}")
    for quiz in deck.quizzes:
        out += ["", "[[quizzes]]", f"id = {_value(quiz.id)}", f"title = {_value(quiz.title)}"]
        if quiz.instructions:
            out.append(f"instructions = {_value(quiz.instructions, wrap=True)}")
        out += [f"order = {_value(quiz.order)}",
                f"shuffle_options = {_value(quiz.shuffle_options)}"]
        if quiz.time_limit is not None:
            out.append(f"time_limit = {_value(quiz.time_limit)}")
        out += [f"pass_mark = {_value(float(quiz.pass_mark))}",
                f"feedback = {_value(quiz.feedback)}", f"attempts = {_value(quiz.attempts)}",
                "questions = ["]
        for q in quiz.questions:
            target = (f"cards = {_value(list(q.cards))}" if q.ask_as == "matching"
                      else f"card = {_value(q.card)}")
            out.append(f"  {{ {target}, ask_as = {_value(q.ask_as)} }},")
        out.append("]")
    return "\n".join(out) + "\n"


def merge_deck(deck: Deck, original: str) -> str:
    """`original` (a deck file's text) with the deck's content: comments, order and
    formatting kept, changed values rewritten as `dumps_deck` writes them."""
    import tomlkit

    doc = tomlkit.parse(original)
    fresh = tomlkit.parse(dumps_deck(deck))
    if "deck" not in doc:
        return dumps_deck(deck)
    _merge_table(doc["deck"], fresh["deck"])
    for name in ("cards", "quizzes"):
        _merge_tables(doc, fresh, name)
    return tomlkit.dumps(doc)


def _merge_table(old: Any, new: Any) -> None:
    for key in [k for k in old if k not in new]:
        del old[key]
    for key, value in new.items():
        if key not in old or _plain(old[key]) != _plain(value):
            old[key] = value


def _plain(value: Any) -> Any:
    """A tomlkit value as plain Python (tomlkit hands out booleans already unwrapped)."""
    return value.unwrap() if hasattr(value, "unwrap") else value


def _merge_tables(doc: Any, fresh: Any, name: str) -> None:
    """Cards (or quizzes) matched by id: kept in place, updated, removed, new ones appended."""
    import tomlkit

    wanted = {t["id"]: t for t in fresh.get(name, [])}
    if name not in doc:
        if wanted:
            doc.append(name, fresh[name])
        return
    tables = doc[name]
    for i in reversed(range(len(tables))):
        if tables[i].get("id") not in wanted:
            _delete_table(tables, i)
    have = {t.get("id"): t for t in tables}
    for item_id, table in wanted.items():
        if item_id in have:
            _merge_table(have[item_id], table)
        else:
            if len(tables) and not tables[-1].as_string().endswith("\n\n"):
                tables[-1].add(tomlkit.nl())
            tables.append(table)
    if not len(tables):
        del doc[name]


def _trailing_comments(table: Any) -> int:
    """How many comment and blank lines end a table's body (tomlkit keeps the comments
    above a header at the end of the table before it)."""
    from tomlkit.items import Comment, Whitespace

    count = 0
    for key, item in reversed(table.value.body):
        if key is not None or not isinstance(item, Comment | Whitespace):
            break
        count += 1
    return count


def _delete_table(tables: Any, i: int) -> None:
    """Delete table `i` with the comments written above it (which tomlkit files under the
    table before), keeping those above the next table."""
    if i > 0:
        above, body = tables[i - 1].value.body, tables[i].value.body
        mine, theirs = _trailing_comments(tables[i - 1]), _trailing_comments(tables[i])
        del above[len(above) - mine:]
        above.extend(body[len(body) - theirs:])
    del tables[i]


def save_deck(deck: Deck, path: str | Path, original: str | Path | None = None,
              progress: Progress | None = None) -> None:
    """Write the deck atomically: an error leaves the old file (and no temporary one).

    When `original` (default: `path` itself) is an existing deck file, it is kept as
    the instructor wrote it and only what changed is rewritten (see `merge_deck`).
    `progress` is told (0, n) and (n, n) before the file is written; False cancels
    (`ActionCancelled`), and the old file, or none, stays.
    """
    report(progress, 0, len(deck.cards), "Save Deck")
    base = Path(original) if original is not None else Path(path)
    text = dumps_deck(deck)
    try:
        previous = base.read_text(encoding="utf-8-sig") if base.is_file() else None
    except (OSError, UnicodeDecodeError):
        previous = None
    if previous is not None:
        from tomlkit.exceptions import ParseError

        try:
            text = merge_deck(deck, previous)
        except ParseError:  # the old file is not TOML any more: written afresh
            text = dumps_deck(deck)
    report(progress, len(deck.cards), len(deck.cards), "Save Deck")
    write_text_atomic(path, text)
