"""The TOML deck file: an instructor's cards and quizzes for one article.

Why validate everything at once: an instructor editing a file of a hundred
cards wants the whole list of mistakes (file, line, what is wrong) in one go,
not one error per run. `load_deck` never touches a collection; storing a valid
deck is `app.core.decks.store.load_deck_into_collection`; writing one is
`app.core.decks.writer.save_deck`.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.articles.model import Article, find_section
from app.core.decks.lines import LineIndex, index_lines
from app.core.errors import DeckFileError
from app.core.notes.model import (
    CLOZE_RE,
    NOTE_KINDS,
    OPTIONAL_FIELDS,
    REQUIRED_FIELDS,
    Note,
    NoteError,
    NoteKind,
    cloze_numbers,
    validate_fields,
)
from app.core.quiz.spec import ASK_AS, QuestionSpec, QuizSpec, kinds_askable_as

if TYPE_CHECKING:
    from app.core.storage.collection import Collection

ID_RE = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
DECK_KEYS = ("id", "title", "article", "description")
CARD_COMMON_KEYS = ("id", "section", "kind", "source", "tags", "explanation")
QUIZ_KEYS = ("id", "title", "instructions", "order", "shuffle_options", "time_limit",
             "pass_mark", "feedback", "attempts", "questions")
LIST_FIELDS = ("options", "alternatives")
ARTICLE_SUFFIXES = ("", ".txt", ".md", ".html")
MAX_TIME_LIMIT = 24 * 60 * 60  # seconds: a quiz longer than a day is a typo
MAX_ATTEMPTS = 1000
MAX_DECK_BYTES = 20 * 1024 * 1024  # far beyond any real deck; refuses a wrong file fast


@dataclass(frozen=True)
class DeckProblem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class DeckCard:
    """One card as written in a deck file; becomes a `Note` once the article is known."""

    id: str
    section: str
    kind: NoteKind
    fields: dict[str, Any]
    source: str = ""
    tags: list[str] = field(default_factory=list)
    explanation: str = ""

    def to_note(self, *, article_id: str | None, section_idx: int | None,
                deck_id: str | None, position: int) -> Note:
        return Note(id=self.id, kind=self.kind, fields=dict(self.fields), article_id=article_id,
                    section_idx=section_idx, deck_id=deck_id, tags=list(self.tags),
                    source=self.source, explanation=self.explanation, position=position)

    @classmethod
    def from_note(cls, note: Note, section: str) -> DeckCard:
        return cls(id=note.id, section=section, kind=note.kind, fields=dict(note.fields),
                   source=note.source, tags=list(note.tags), explanation=note.explanation)


@dataclass
class Deck:
    """A whole deck file. `section_titles` (the article's) are known after validation."""

    id: str
    title: str
    article: str
    description: str = ""
    cards: list[DeckCard] = field(default_factory=list)
    quizzes: list[QuizSpec] = field(default_factory=list)
    section_titles: list[str] = field(default_factory=list, compare=False)
    article_path: Path | None = field(default=None, compare=False)

    def section_index(self, title: str) -> int | None:
        return find_section(self.section_titles, title)

    @property
    def sections_used(self) -> list[str]:
        seen: dict[str, None] = {}
        for card in self.cards:
            seen.setdefault(card.section.casefold(), None)
        return list(seen)


# -- resolving the article ------------------------------------------------------

@dataclass(frozen=True)
class ResolvedArticle:
    article: Article
    article_id: str | None  # set when found in a collection
    path: Path | None  # set when found as a file


def article_search_dirs(deck_path: Path) -> list[Path]:
    """Where a deck's `article = "name.txt"` may live: beside it, the project's, the bundled."""
    from app.core.paths import resources_dir

    here = deck_path.resolve().parent
    dirs = [here, here / "articles", here.parent / "resources" / "articles",
            resources_dir() / "articles"]
    return list(dict.fromkeys(dirs))


def article_path_allowed(candidate: Path, folder: Path) -> bool:
    """Whether a deck's `article` may be read from `candidate`: only a file inside the
    folder it was looked for in (the deck's folder and the bundled articles), so a
    shared deck file cannot make StudyDesk import "../../../../etc/passwd"."""
    try:
        return candidate.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError, ValueError):
        return False


def _article_key_problem(key: str) -> str | None:
    """Why an `article` value can never name an allowed file, or None."""
    if "\0" in key:
        return "must not contain NUL characters"
    parts = Path(key.replace("\\", "/")).parts
    if Path(key).is_absolute() or key.startswith(("/", "\\")) or ".." in parts:
        return ("must name a file in the deck's folder (or its articles/ folder) or a "
                "bundled article, not a path outside it")
    return None


def resolve_article(key: str, deck_path: Path,
                    col: Collection | None = None) -> ResolvedArticle | None:
    """The article a deck names: from the collection first, else from a file."""
    if col is not None:
        from app.core.articles.library import find_article_id, load_article

        article_id = find_article_id(col, key)
        if article_id is not None:
            return ResolvedArticle(load_article(col, article_id), article_id, None)
    from app.core.articles.importers import ArticleImportError, import_file

    for folder in article_search_dirs(deck_path):
        for suffix in ARTICLE_SUFFIXES:
            candidate = folder / (key + suffix)
            if not article_path_allowed(candidate, folder):
                continue
            if candidate.is_file():
                try:
                    return ResolvedArticle(import_file(candidate), None, candidate)
                except ArticleImportError:
                    continue
    return None


# -- loading ----------------------------------------------------------------------

class _Checker:
    """Collects problems with their lines while the raw TOML is turned into a Deck."""

    def __init__(self, path: Path, lines: LineIndex) -> None:
        self.path = path
        self.lines = lines
        self.problems: list[DeckProblem] = []

    def add(self, line: int, message: str) -> None:
        self.problems.append(DeckProblem(str(self.path), line, message))

    def string(self, table: dict[str, Any], key: str, where: tuple[str, int], label: str,
               required: bool = True) -> str:
        value = table.get(key)
        if value is None:
            if required:
                self.add(self.lines.table(*where), f"{label}: missing field {key!r}")
            return ""
        if not isinstance(value, str):
            self.add(self.lines.key(*where, key), f"{label}: {key!r} must be text")
            return ""
        if required and not value.strip():
            self.add(self.lines.key(*where, key), f"{label}: {key!r} is empty")
        return value

    def unknown_keys(self, table: dict[str, Any], allowed: tuple[str, ...],
                     where: tuple[str, int], label: str) -> None:
        for key in table:
            if key not in allowed:
                self.add(self.lines.key(*where, key),
                         f"{label}: unknown field {key!r} (allowed: {', '.join(allowed)})")


@dataclass(frozen=True)
class LoadedDeck:
    """A valid deck with what was learnt from the one read of its file.

    Why keep them together: storing the deck (ids already owned elsewhere,
    reported by line) and exporting it (the file's time) must describe the
    same text that was validated, even if the file changes meanwhile.
    """

    path: Path
    deck: Deck
    lines: LineIndex
    mtime: float  # the file's modification time when it was read


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
    raw = _parse_toml(text, path)
    check = _Checker(path, index_lines(text))
    deck = _read_deck(raw, check, path, article, col)
    if check.problems:
        check.problems.sort(key=lambda p: p.line)
        raise DeckFileError(check.problems)
    return LoadedDeck(path, deck, check.lines, mtime)


def _parse_toml(text: str, path: Path) -> dict[str, Any]:
    """The TOML document, or a DeckFileError at the line where the mistake starts: an
    unclosed string, array or inline table is reported where it opens, not at the
    end of the file where the parser noticed it."""
    opened = _unclosed(text)
    try:
        return tomllib.loads(text)
    except RecursionError:
        line = opened.deep_line if opened.deep_line else 1
        raise DeckFileError([DeckProblem(str(path), line, "TOML syntax error: values are "
                                         f"nested more than {_DEEP} levels deep")]) from None
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(exc))
        if opened.line and (m is None or int(m.group(1)) > opened.line):
            noticed = f"line {m.group(1)}" if m else "the end of the file"
            raise DeckFileError([DeckProblem(
                str(path), opened.line, f"TOML syntax error: the {opened.what} that starts "
                f"here is never closed ({message} at {noticed})")]) from None
        if m is not None and "Illegal character '\\n'" in message:
            raise DeckFileError([DeckProblem(str(path), int(m.group(1)), "TOML syntax error: "
                                             "a string on this line is not closed (a quote is "
                                             "missing)")]) from None
        if m is None:
            last = text.rstrip().count("\n") + 1
            raise DeckFileError([DeckProblem(str(path), last, f"TOML syntax error: {message} "
                                             "at the end of the file")]) from None
        raise DeckFileError([DeckProblem(str(path), int(m.group(1)),
                                         f"TOML syntax error: {message} (column "
                                         f"{m.group(2)})")]) from None


_DEEP = 100
_CLOSERS = {"[": "]", "{": "}"}


@dataclass
class _Unclosed:
    line: int = 0     # where the still-open construct starts (0: none)
    what: str = ""
    deep_line: int = 0  # where nesting first went past _DEEP levels


def _unclosed(text: str) -> _Unclosed:
    """Scan TOML for a multi-line string, array or inline table left open at the end."""
    found = _Unclosed()
    stack: list[tuple[str, int]] = []
    i, line, n = 0, 1, len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            line += 1
        elif ch == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        elif text.startswith(('"""', "'''"), i):
            quote, start = text[i:i + 3], line
            end = text.find(quote, i + 3)
            while quote == '"""' and end > 0 and _escaped(text, end):
                end = text.find(quote, end + 1)
            if end < 0:
                return _Unclosed(start, "multi-line string", found.deep_line)
            line += text.count("\n", i, end)
            i = end + 3
            continue
        elif ch in "\"'":
            end = i + 1
            while end < n and text[end] != ch and text[end] != "\n":
                end += 2 if ch == '"' and text[end] == "\\" else 1
            i = end + 1 if end < n and text[end] == ch else end
            continue
        elif ch in _CLOSERS:
            stack.append((ch, line))
            if len(stack) > _DEEP and not found.deep_line:
                found.deep_line = line
        elif ch in "]}" and stack and _CLOSERS[stack[-1][0]] == ch:
            stack.pop()
        i += 1
    if stack:
        opener, start = stack[-1]
        found.line, found.what = start, "array" if opener == "[" else "inline table"
    return found


def _escaped(text: str, at: int) -> bool:
    """Whether the quote at `at` is escaped by an odd number of backslashes."""
    count = 0
    while at - count - 1 >= 0 and text[at - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def _read_deck(raw: dict[str, Any], check: _Checker, path: Path,
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
        article=check.string(meta, "article", where, "[deck]"),
        description=check.string(meta, "description", where, "[deck]", required=False),
    )
    if deck.id and not ID_RE.match(deck.id):
        check.add(check.lines.key(*where, "id"),
                  f"[deck]: id {deck.id!r} must be lower-case letters, digits and dashes")
    if article is not None:
        deck.section_titles = [s.title for s in article.sections]
    elif deck.article and (bad := _article_key_problem(deck.article)):
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
    cards_raw = _array_of_tables(raw, "cards", check)
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
    for j, table in enumerate(_array_of_tables(raw, "quizzes", check)):
        quiz = _read_quiz(table, j, check, kinds, quiz_ids)
        if quiz is not None:
            quiz.deck_id = deck.id
            deck.quizzes.append(quiz)
    return deck


def _array_of_tables(raw: dict[str, Any], name: str, check: _Checker) -> list[dict[str, Any]]:
    value = raw.get(name, [])
    if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
        check.add(check.lines.key("", 0, name), f"{name!r} must be written as [[{name}]] tables")
        return []
    return value


def _read_id(table: dict[str, Any], where: tuple[str, int], check: _Checker,
             seen: dict[str, int], noun: str, what: str) -> tuple[str | None, str]:
    """A card's or quiz's id, checked for form and uniqueness; also its label for messages."""
    number = f"{noun} #{where[1] + 1}"
    item_id = check.string(table, "id", where, number)
    label = f"{noun} {item_id!r}" if item_id else number
    if item_id:
        line = check.lines.key(*where, "id")
        if not ID_RE.match(item_id):
            check.add(line, f"{label}: id must be lower-case letters, digits and dashes")
        elif item_id in seen:
            check.add(line, f"{label}: duplicate {what} (first used on line {seen[item_id]})")
        else:
            seen[item_id] = line
    return item_id, label


def _read_card(table: dict[str, Any], i: int, check: _Checker, deck: Deck,
               known_article: bool, seen: dict[str, int]) -> DeckCard | None:
    where = ("cards", i)
    lines = check.lines
    before = len(check.problems)
    card_id, label = _read_id(table, where, check, seen, "card", "id")
    section = check.string(table, "section", where, label)
    if section and known_article and deck.section_index(section) is None:
        check.add(lines.key(*where, "section"),
                  f"{label}: unknown section {section!r} (the article's sections: "
                  + "; ".join(repr(t) for t in deck.section_titles) + ")")
    kind = check.string(table, "kind", where, label)
    source = check.string(table, "source", where, label, required=False)
    if "source" not in table:
        check.add(lines.table(*where), f"{label}: missing field 'source' (the sentence it "
                                      "comes from)")
    explanation = check.string(table, "explanation", where, label, required=False)
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
                    source=source, tags=list(tags), explanation=explanation)


def _read_fields(table: dict[str, Any], kind: str, where: tuple[str, int], label: str,
                 check: _Checker) -> dict[str, Any]:
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


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _read_quiz(table: dict[str, Any], j: int, check: _Checker, kinds: dict[str, Any],
               quiz_ids: dict[str, int]) -> QuizSpec | None:
    where = ("quizzes", j)
    lines = check.lines
    before = len(check.problems)
    quiz_id, label = _read_id(table, where, check, quiz_ids, "quiz", "quiz id")
    check.unknown_keys(table, QUIZ_KEYS, where, label)
    title = check.string(table, "title", where, label)
    instructions = check.string(table, "instructions", where, label, required=False)
    spec = QuizSpec(id=quiz_id, title=title, questions=[], instructions=instructions)
    rules: list[tuple[str, Callable[[Any], bool], str]] = [
        ("order", lambda v: v in ("fixed", "shuffled"), "must be \"fixed\" or \"shuffled\""),
        ("shuffle_options", lambda v: isinstance(v, bool), "must be true or false"),
        ("time_limit", lambda v: _is_int(v) and 0 < v <= MAX_TIME_LIMIT,
         f"must be a whole number of seconds from 1 to {MAX_TIME_LIMIT} (24 hours)"),
        ("pass_mark", lambda v: (_is_int(v) or isinstance(v, float)) and 0 <= v <= 1,
         "must be a number from 0 to 1"),
        ("feedback", lambda v: v in ("each", "end"), "must be \"each\" or \"end\""),
        ("attempts", lambda v: _is_int(v) and 0 <= v <= MAX_ATTEMPTS,
         f"must be a whole number from 0 to {MAX_ATTEMPTS} (0 = unlimited)"),
    ]
    for key, ok, message in rules:
        if key in table:
            if ok(table[key]):
                setattr(spec, key, float(table[key]) if key == "pass_mark" else table[key])
            else:
                check.add(lines.key(*where, key), f"{label}: {key!r} {message}")
    questions = table.get("questions")
    if questions is None:
        check.add(lines.table(*where), f"{label}: missing field 'questions'")
    elif not isinstance(questions, list) or not questions:
        check.add(lines.key(*where, "questions"),
                  f"{label}: 'questions' must be a non-empty list of {{ card = ..., ask_as = ... }}")
    else:
        for k, q in enumerate(questions):
            line = lines.item("quizzes", j, "questions", k)
            question = _read_question(q, f"{label}, question {k + 1}", line, check)
            if question is not None:
                for message in question_problems(question, kinds):
                    check.add(line, f"{label}, question {k + 1}: {message}")
                spec.questions.append(question)
    return spec if len(check.problems) == before else None


def _read_question(q: Any, label: str, line: int, check: _Checker) -> QuestionSpec | None:
    if not isinstance(q, dict):
        check.add(line, f"{label}: must be an inline table like {{ card = \"id\", ask_as = \"typed\" }}")
        return None
    ok = True
    for key in q:
        if key not in ("card", "cards", "ask_as"):
            check.add(line, f"{label}: unknown field {key!r} (allowed: card, cards, ask_as)")
            ok = False
    ask_as = q.get("ask_as")
    if ask_as not in ASK_AS:
        check.add(line, f"{label}: 'ask_as' must be one of {', '.join(ASK_AS)}")
        return None
    card, cards = q.get("card"), q.get("cards")
    if ask_as == "matching":
        if card is not None or not isinstance(cards, list) \
                or not all(isinstance(c, str) for c in cards):
            check.add(line, f"{label}: a matching question needs 'cards' = [4 to 6 card ids]")
            return None
        return QuestionSpec(ask_as=ask_as, cards=list(cards)) if ok else None
    if cards is not None or not isinstance(card, str):
        check.add(line, f"{label}: needs 'card' = one card id ('cards' is for matching)")
        return None
    return QuestionSpec(ask_as=ask_as, card=card) if ok else None


def question_problems(question: QuestionSpec, kinds: dict[str, Any]) -> list[str]:
    """What is wrong with a question, given the kinds of the cards it may use."""
    if question.ask_as not in ASK_AS:
        return [f"'ask_as' must be one of {', '.join(ASK_AS)}"]
    allowed = kinds_askable_as(question.ask_as)
    problems = []
    ids = question.card_ids
    if question.ask_as == "matching":
        if not 4 <= len(ids) <= 6:
            problems.append(f"a matching question needs 4 to 6 cards, not {len(ids)}")
        if len(set(ids)) != len(ids):
            problems.append("a matching question lists the same card twice")
    elif not ids:
        problems.append("no card given")
    for card_id in ids:
        kind = kinds.get(card_id, "")
        if card_id not in kinds:
            problems.append(f"unknown card {card_id!r}")
        elif kind in NOTE_KINDS and kind not in allowed:  # a bad kind is reported on its card
            problems.append(f"card {card_id!r} is a {kind} card and cannot be asked as "
                            f"{question.ask_as} (needs {', '.join(allowed)})")
    return problems


def quiz_problems(spec: QuizSpec, kinds: dict[str, Any]) -> list[str]:
    """Everything wrong with a QuizSpec built in the app (the same rules as the file)."""
    problems = []
    if not ID_RE.match(spec.id or ""):
        problems.append(f"quiz id {spec.id!r} must be lower-case letters, digits and dashes")
    if not spec.title.strip():
        problems.append("the quiz has no title")
    if not spec.questions:
        problems.append("the quiz has no questions")
    if spec.order not in ("fixed", "shuffled"):
        problems.append("order must be fixed or shuffled")
    if spec.feedback not in ("each", "end"):
        problems.append("feedback must be each or end")
    if spec.time_limit is not None and not (_is_int(spec.time_limit)
                                            and 0 < spec.time_limit <= MAX_TIME_LIMIT):
        problems.append(f"the time limit must be a whole number of seconds from 1 to "
                        f"{MAX_TIME_LIMIT}")
    if not 0 <= spec.pass_mark <= 1:
        problems.append("the pass mark must be from 0 to 1")
    if not (_is_int(spec.attempts) and 0 <= spec.attempts <= MAX_ATTEMPTS):
        problems.append(f"attempts must be a whole number from 0 to {MAX_ATTEMPTS}")
    for k, q in enumerate(spec.questions, 1):
        problems.extend(f"question {k}: {m}" for m in question_problems(q, kinds))
    return problems
