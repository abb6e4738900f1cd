"""The TOML deck file: an instructor's cards and quizzes for one article, or for none.

A deck without `article` is a plain deck (vocabulary, say): its sections are
the titles its cards name, in the order they first appear, and its cards need
no `source` sentence.

Why validate everything at once: an instructor editing a file of a hundred
cards wants the whole list of mistakes (file, line, what is wrong) in one go,
not one error per run. `load_deck` never touches a collection; storing a valid
deck is `app.core.decks.store.load_deck_into_collection`; writing one is
`app.core.decks.writer.save_deck`. Beside it: `model` (what a deck holds),
`syntax` (TOML mistakes at the line they start), `articles` (the article a
deck names), `checker` (problems by line) and `quizzes` (a quiz's rules).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.articles.model import Article
from app.core.decks.articles import article_key_problem, resolve_article
from app.core.decks.checker import Checker, array_of_tables, read_id
from app.core.decks.lines import index_lines
from app.core.decks.model import DECK_KEYS, ID_RE, Deck, DeckCard, DeckProblem, LoadedDeck
from app.core.decks.quizzes import read_quiz
from app.core.decks.syntax import parse_toml
from app.core.errors import DeckFileError
from app.core.notes.model import (
    CLOZE_RE,
    NOTE_KINDS,
    OPTIONAL_FIELDS,
    REQUIRED_FIELDS,
    NoteError,
    cloze_numbers,
    validate_fields,
)

if TYPE_CHECKING:
    from app.core.storage.collection import Collection

CARD_COMMON_KEYS = ("id", "section", "kind", "source", "tags", "explanation", "edited")
#: `edited = "2026-12-01T20:00:00+00:00 9f3c2c11"`: when StudyDesk last saw the card change,
#: and a fingerprint of its content then (a hand edit since makes them disagree).
EDITED_RE = re.compile(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:[+-]\d\d:\d\d|Z)) ([0-9a-f]{8})\Z")
LIST_FIELDS = ("options", "alternatives")
MAX_DECK_BYTES = 20 * 1024 * 1024  # far beyond any real deck; refuses a wrong file fast


def load_deck(path: str | Path, *, article: Article | None = None,
              col: Collection | None = None) -> Deck:
    """Read and validate a whole deck file; DeckFileError lists every problem."""
    return read_deck(path, article=article, col=col).deck


def read_deck(path: str | Path, *, article: Article | None = None,
              col: Collection | None = None) -> LoadedDeck:
    """`load_deck`, also returning the line index and time of the text it read (once)."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            data, mtime = fh.read(MAX_DECK_BYTES + 1), os.fstat(fh.fileno()).st_mtime
    except OSError as exc:
        raise DeckFileError([DeckProblem(str(path), 0, f"cannot be read ({exc.strerror or exc})")])
    if len(data) > MAX_DECK_BYTES:
        raise DeckFileError([DeckProblem(str(path), 0, f"is larger than "
                                         f"{MAX_DECK_BYTES // (1024 * 1024)} MB; a deck file "
                                         "is a small text file")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DeckFileError([DeckProblem(str(path), line, "is not UTF-8 text (save it as UTF-8)")])
    if "\0" in text:
        line = text[: text.index("\0")].count("\n") + 1
        raise DeckFileError([DeckProblem(str(path), line, "contains a NUL character; it is "
                                         "not a text file")])
    raw = parse_toml(text, path)
    check = Checker(path, index_lines(text))
    deck = _read_deck(raw, check, path, article, col)
    if check.problems:
        check.problems.sort(key=lambda p: p.line)
        raise DeckFileError(check.problems)
    return LoadedDeck(path, deck, check.lines, mtime)


def _read_deck(raw: dict[str, Any], check: Checker, path: Path,
               article: Article | None, col: Collection | None) -> Deck:
    for key in raw:
        if key not in ("deck", "cards", "quizzes"):
            check.add(check.lines.key("", 0, key) if ("", 0, key) in check.lines.keys
                      else check.lines.table(key),
                      f"unknown top-level entry {key!r} (expected [deck], [[cards]], [[quizzes]])")
    meta = raw.get("deck")
    if not isinstance(meta, dict):
        check.add(1, "missing the [deck] table (id, title, article)")
        meta = {}
    where = ("deck", 0)
    check.unknown_keys(meta, DECK_KEYS, where, "[deck]")
    deck = Deck(
        id=check.string(meta, "id", where, "[deck]"),
        title=check.string(meta, "title", where, "[deck]"),
        article=check.string(meta, "article", where, "[deck]", required=False),
        description=check.string(meta, "description", where, "[deck]", required=False),
    )
    if deck.id and not ID_RE.match(deck.id):
        check.add(check.lines.key(*where, "id"),
                  f"[deck]: id {deck.id!r} must be lower-case letters, digits and dashes")
    if article is not None:
        deck.section_titles = [s.title for s in article.sections]
    elif deck.article and (bad := article_key_problem(deck.article)):
        check.add(check.lines.key(*where, "article"), f"[deck]: article {deck.article!r} {bad}")
    elif deck.article:
        resolved = resolve_article(deck.article, path, col)
        if resolved is None:
            check.add(check.lines.key(*where, "article"),
                      f"[deck]: article {deck.article!r} not found in the collection or in "
                      "resources/articles/")
        else:
            deck.section_titles = [s.title for s in resolved.article.sections]
            deck.article_path = resolved.path
    known_article = bool(deck.section_titles)
    cards_raw = array_of_tables(raw, "cards", check)
    if not deck.article:  # a deck without an article: its sections are the cards' own
        for table in cards_raw:
            title = table.get("section")
            if isinstance(title, str) and title.strip() and deck.section_index(title) is None:
                deck.section_titles.append(title.strip())
    seen: dict[str, int] = {}
    for i, table in enumerate(cards_raw):
        card = _read_card(table, i, check, deck, known_article, seen)
        if card is not None:
            deck.cards.append(card)
    kinds: dict[str, Any] = {}  # every card id, valid or not (no cascade of errors), first wins
    for t in cards_raw:
        if isinstance(t.get("id"), str):
            kinds.setdefault(t["id"], t.get("kind"))
    quiz_ids: dict[str, int] = {}
    for j, table in enumerate(array_of_tables(raw, "quizzes", check)):
        quiz = read_quiz(table, j, check, kinds, quiz_ids)
        if quiz is not None:
            quiz.deck_id = deck.id
            deck.quizzes.append(quiz)
    return deck


def _read_card(table: dict[str, Any], i: int, check: Checker, deck: Deck,
               known_article: bool, seen: dict[str, int]) -> DeckCard | None:
    where = ("cards", i)
    lines = check.lines
    before = len(check.problems)
    card_id, label = read_id(table, where, check, seen, "card", "id")
    section = check.string(table, "section", where, label)
    if section and known_article and deck.section_index(section) is None:
        check.add(lines.key(*where, "section"),
                  f"{label}: unknown section {section!r} (the article's sections: "
                  + "; ".join(repr(t) for t in deck.section_titles) + ")")
    kind = check.string(table, "kind", where, label)
    source = check.string(table, "source", where, label, required=False)
    if "source" not in table and deck.article:
        check.add(lines.table(*where), f"{label}: missing field 'source' (the sentence it "
                                      "comes from)")
    explanation = check.string(table, "explanation", where, label, required=False)
    edited_text = check.string(table, "edited", where, label, required=False)
    edited = EDITED_RE.match(edited_text) if edited_text else None
    if edited_text and edited is None:
        check.add(lines.key(*where, "edited"), f"{label}: 'edited' is written by StudyDesk "
                  "(a time and a fingerprint); delete the line rather than changing it")
    tags = table.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        check.add(lines.key(*where, "tags"), f"{label}: 'tags' must be a list of text")
        tags = []
    if kind and kind not in NOTE_KINDS:
        check.add(lines.key(*where, "kind"),
                  f"{label}: unknown kind {kind!r} (expected one of {', '.join(NOTE_KINDS)})")
        return None
    if not kind:
        return None
    fields = _read_fields(table, kind, where, label, check)
    if len(check.problems) == before:
        try:
            validate_fields(kind, fields, label=label)
        except NoteError as exc:
            check.add(lines.table(*where), str(exc))
    if len(check.problems) != before:
        return None
    return DeckCard(id=card_id, section=section, kind=kind, fields=fields,  # type: ignore[arg-type]
                    source=source, tags=list(tags), explanation=explanation,
                    edited=edited.group(1) if edited else None,
                    edited_print=edited.group(2) if edited else "")


def _read_fields(table: dict[str, Any], kind: str, where: tuple[str, int], label: str,
                 check: Checker) -> dict[str, Any]:
    """The kind's own fields, each checked for presence, type and meaning."""
    lines = check.lines
    required, optional = REQUIRED_FIELDS[kind], OPTIONAL_FIELDS[kind]
    check.unknown_keys(table, CARD_COMMON_KEYS + required + optional, where, label)
    fields: dict[str, Any] = {}
    for name in required + optional:
        if name not in table:
            if name in required:
                check.add(lines.table(*where), f"{label}: missing field {name!r} "
                          f"(a {kind} card needs {', '.join(required)})")
            continue
        value = table[name]
        line = lines.key(*where, name)
        if name in LIST_FIELDS:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                check.add(line, f"{label}: {name!r} must be a list of text")
                continue
        elif kind == "truefalse" and name == "answer":
            if not isinstance(value, bool):
                check.add(line, f"{label}: a true/false answer must be true or false")
                continue
        elif not isinstance(value, str):
            check.add(line, f"{label}: {name!r} must be text")
            continue
        elif name in required and not value.strip():
            check.add(line, f"{label}: {name!r} is empty")
            continue
        fields[name] = value
    if kind == "cloze" and "text" in fields:
        if not cloze_numbers(fields["text"]):
            check.add(lines.key(*where, "text"),
                      f"{label}: a cloze needs at least one deletion like {{{{c1::answer}}}}")
        for m in CLOZE_RE.finditer(fields["text"]):
            if not m.group(2).strip():
                check.add(lines.key(*where, "text"),
                          f"{label}: cloze c{m.group(1)} has an empty answer")
    if kind == "mcq" and "options" in fields and "answer" in fields \
            and fields["answer"] not in fields["options"]:
        check.add(lines.key(*where, "answer"),
                  f"{label}: the answer {fields['answer']!r} is not among its options")
    return fields
