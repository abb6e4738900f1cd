"""What every importer produces, and storing it: one deck without an article.

Why one shape for all formats: Anki packages, CSV/Quizlet files, GIFT and Aiken
question banks all become the same thing — notes in named sections, perhaps
quizzes, perhaps a review history — so validating, storing, summarising and
refusing bad input are written once here. Everything is parsed and checked
before the first write; storing is one transaction, so a refused import
changes nothing.

A deck without an article is kept as an `articles` row of kind 'deck' whose
sections have titles but no text: it is then listed, studied, quizzed,
browsed and exported by the same code as an article's cards.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field, replace
from operator import attrgetter
from pathlib import Path
from typing import Any

from app.core.batches import Progress, report
from app.core.changes import Change
from app.core.clock import utcnow
from app.core.errors import InteropError, NoteError
from app.core.gc_pause import gc_paused
from app.core.notes.model import Note
from app.core.quiz.spec import QuizSpec
from app.core.storage.collection import Collection
from app.core.study import daycounts
from app.core.study.reviews import SOURCES

#: Largest file any importer reads: bigger is refused before reading (not a deck).
MAX_IMPORT_BYTES = 2 << 30
DECK_KIND = "deck"


@dataclass(frozen=True)
class Skipped:
    """Something in the file that did not become a card, and why (never dropped silently)."""

    item: str
    line: int | None
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"item": self.item, "line": self.line, "reason": self.reason}


@dataclass(frozen=True)
class ImportedReview:
    """One answer from another program's review log, for card `ord` of note `note_id`."""

    note_id: str
    ord: int
    rating: int  # 1 Again … 4 Easy
    at: float  # unix seconds
    duration_ms: int = 0


@dataclass(frozen=True)
class ImportedCardState:
    """What another program knows of a card beyond its reviews."""

    suspended: bool = False
    stability: float | None = None  # FSRS memory state, when the program had one
    difficulty: float | None = None
    due: float | None = None  # unix seconds


@dataclass
class ImportedDeck:
    """A parsed file, ready to store. `notes[i].section_idx` indexes `sections`."""

    format: str
    path: Path
    title: str
    digest: str  # of the file's bytes: importing the same file again updates, never duplicates
    sections: list[str] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    quizzes: list[QuizSpec] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    #: how each foreign note type / question type was converted, e.g. {"Basic": "basic"}
    converted: dict[str, str] = field(default_factory=dict)
    media: dict[str, bytes] = field(default_factory=dict)
    reviews: list[ImportedReview] = field(default_factory=list)
    card_states: dict[tuple[str, int], ImportedCardState] = field(default_factory=dict)
    #: notes that came from this collection (an exported StudyDesk note coming back):
    #: only their new reviews are taken, their content stays as it is here
    own_note_ids: set[str] = field(default_factory=set)

    def section(self, title: str) -> int:
        """The index of a section, added on first use."""
        title = title.strip() or "Cards"
        for i, existing in enumerate(self.sections):
            if existing.casefold() == title.casefold():
                return i
        self.sections.append(title)
        return len(self.sections) - 1


@dataclass(frozen=True)
class ImportSummary:
    """What an import stored: the `--json` summary of `studydesk import`."""

    format: str
    article_id: str | None
    title: str
    notes: int
    cards: int
    quizzes: int
    questions: int
    reviews: int
    merged: int
    by_kind: dict[str, int]
    skipped: list[Skipped]
    converted: dict[str, str]
    media: int

    def to_json(self) -> dict[str, Any]:
        return {"format": self.format, "article": self.article_id, "title": self.title,
                "notes": self.notes, "cards": self.cards, "quizzes": self.quizzes,
                "questions": self.questions, "reviews": self.reviews, "merged": self.merged,
                "media": self.media, "by_kind": dict(self.by_kind),
                "converted": dict(self.converted),
                "skipped": [s.to_json() for s in self.skipped]}

    @property
    def message(self) -> str:
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(self.by_kind.items()))
        parts = [f"Imported {self.title!r} ({self.format}): {self.notes} notes, "
                 f"{self.cards} cards" + (f" ({kinds})" if kinds else "")]
        parts += [text for count, text in (
            (self.merged, f"{self.merged} notes of this collection came back"),
            (self.quizzes, f"{self.quizzes} quizzes with {self.questions} questions"),
            (self.reviews, f"{self.reviews} reviews added"),
            (self.media, f"{self.media} media files")) if count]
        text = "; ".join(parts) + "."
        if self.converted:
            text += "\nConverted: " + "; ".join(f"{k} → {v}" for k, v in self.converted.items())
        if self.skipped:
            shown = "\n".join(f"  - {s.item}" + (f" (line {s.line})" if s.line else "")
                              + f": {s.reason}" for s in self.skipped[:20])
            more = f"\n  … and {len(self.skipped) - 20} more" if len(self.skipped) > 20 else ""
            text += f"\nNot imported ({len(self.skipped)}):\n{shown}{more}"
        return text


def read_bytes(path: Path) -> bytes:
    """A file's bytes, or a message naming it (missing, unreadable, empty, too big)."""
    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise InteropError(path, f"is {size >> 20} MB, too big to be a deck")
        data = path.read_bytes()
    except OSError as exc:
        raise InteropError(path, f"cannot be read ({exc.strerror or exc})") from exc
    if not data.strip():
        raise InteropError(path, "is empty; nothing was imported")
    return data


def read_text(path: Path, data: bytes) -> str:
    """Text of a text format (UTF-8, with or without BOM), or a message with the line."""
    if b"\0" in data[:8192]:
        raise InteropError(path, "is a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            return data.decode("cp1252")  # Windows exports (Quizlet, Excel) are often ANSI
        except UnicodeDecodeError:
            line = data[: exc.start].count(b"\n") + 1
            raise InteropError(path, "is not UTF-8 text", line) from exc


def stable_note_id(fmt: str, *parts: object) -> str:
    """A note id from what identifies the item in its file: importing again updates it."""
    digest = hashlib.sha1("\x1f".join(map(str, (fmt, *parts))).encode()).hexdigest()[:14]
    return f"{fmt}-{digest}"


def digest_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# -- storing ------------------------------------------------------------------------------
def media_dir(col: Collection) -> Path:
    """Where a collection keeps imported images and sounds: beside its file, like Anki."""
    return col.path.with_name(col.path.stem + ".media")


#: The steps of storing an import, told to `store_import`'s progress one by one.
STORE_STEPS = ("notes", "scheduling", "review history", "media")

#: The changes an import makes, for whoever tells the windows.
IMPORT_CHANGES = (Change.ARTICLES | Change.DECKS | Change.NOTES | Change.CARDS | Change.QUIZZES
                  | Change.STUDY)


def store_import(col: Collection, deck: ImportedDeck,
                 progress: Progress | None = None) -> ImportSummary:
    """Validate every note, then store the deck in one transaction (nothing on failure).

    `progress` is told (steps done, `len(STORE_STEPS)`) after each step — 20,000 notes
    with 200,000 reviews take seconds — and a False rolls everything back
    (`ActionCancelled`)."""
    problems = []
    for note in deck.notes:
        try:
            note.validate()
        except NoteError as exc:
            problems.append(str(exc))
    if problems:
        raise InteropError(deck.path, f"{len(problems)} cards would be broken: "
                                      + "; ".join(problems[:5]))
    if not deck.notes and not deck.reviews:
        raise InteropError(deck.path, "holds no cards StudyDesk can import"
                           + (f" ({len(deck.skipped)} items skipped: "
                              f"{deck.skipped[0].reason})" if deck.skipped else ""))
    from app.core.notes.store import add_new_notes, save_note

    new_notes = deck.notes
    article_id = None
    steps = len(STORE_STEPS)
    with gc_paused(), col.transaction(IMPORT_CHANGES):
        if new_notes or deck.quizzes:
            article_id = _deck_article(col, deck)
            deck_id = _deck_row(col, article_id, deck)
            for position, note in enumerate(new_notes):
                note.article_id, note.deck_id, note.position = article_id, deck_id, position
            known = _known_ids(col, [n.id for n in new_notes])
            add_new_notes(col, [n for n in new_notes if n.id not in known])
            for note in new_notes:
                if note.id in known:  # imported before: updated in place, scheduling kept
                    save_note(col, note)
            for position, quiz in enumerate(deck.quizzes):
                quiz.deck_id = deck_id
                col.table("quizzes").upsert({"id": quiz.id, "deck_id": deck_id, "position": position,
                                      "article_id": article_id, "in_file": 0,
                                      "spec": json.dumps(quiz.to_dict(), ensure_ascii=False)},
                                     pk="id")
        report(progress, 1, steps, "Import")
        card_ids = _card_ids(col, deck)
        _apply_states(col, deck, card_ids)
        report(progress, 2, steps, "Import")
        reviews = _add_reviews(col, deck, card_ids)
        report(progress, 3, steps, "Import")  # the last point to cancel: files follow
        _store_media(col, deck)
    cards = sum(len(n.ords) for n in new_notes)
    return ImportSummary(
        format=deck.format, article_id=article_id, title=deck.title, notes=len(new_notes),
        cards=cards, quizzes=len(deck.quizzes),
        questions=sum(len(q.questions) for q in deck.quizzes), reviews=reviews,
        merged=len(deck.own_note_ids), by_kind=dict(Counter(n.kind for n in new_notes)),
        skipped=list(deck.skipped), converted=dict(deck.converted), media=len(deck.media))


def _deck_article(col: Collection, deck: ImportedDeck) -> str:
    """The text-less article of an imported deck: found again by the file's digest, or by
    cards it already holds (the same deck from a newer file)."""
    known = col.execute("SELECT id FROM articles WHERE content_hash = ?",
                        [f"deck:{deck.digest}"]).fetchone()
    for note in deck.notes if not known else ():
        known = col.execute("SELECT a.id FROM notes n JOIN articles a ON a.id = n.article_id "
                            "WHERE n.id = ? AND a.kind = ?", [note.id, DECK_KIND]).fetchone()
        if known:
            break
    article_id, where = deck_article(col, f"deck:{deck.digest}", deck.title,
                                     list(deck.sections) or ["Cards"], deck.path.name,
                                     str(known[0]) if known else None)
    for note in deck.notes:  # the file's section numbers → the stored deck's
        if note.section_idx is not None:
            note.section_idx = where.get(note.section_idx, note.section_idx)
    return article_id


def deck_article(col: Collection, key: str, title: str, sections: list[str], source_name: str,
                 article_id: str | None = None) -> tuple[str, dict[int, int]]:
    """Find (by `article_id`, else `key`) or create the text-less article of a deck.

    Sections it lacks are appended, so cards keep their places; returns the article id
    and where each of `sections` is stored (its index in the article).
    """
    from app.core.articles.library import store_article
    from app.core.articles.model import Article, Section

    if article_id is None:
        row = col.execute("SELECT id FROM articles WHERE content_hash = ?", [key]).fetchone()
        article_id = str(row[0]) if row else None
    if article_id is None:
        article = Article(title=title, sections=tuple(Section(t, ()) for t in sections),
                          source_name=source_name)
        article_id = store_article(col, article, key, title).article_id
        col.execute("UPDATE articles SET kind = ? WHERE id = ?", [DECK_KIND, article_id])
        return article_id, {i: i for i in range(len(sections))}
    have = [r[0].casefold() for r in col.execute(
        "SELECT title FROM sections WHERE article_id = ? ORDER BY idx", [article_id])]
    where: dict[int, int] = {}
    for idx, section in enumerate(sections):
        if section.casefold() not in have:
            col.execute("INSERT INTO sections (article_id, idx, title, words) VALUES (?, ?, ?, 0)",
                        [article_id, len(have), section])
            have.append(section.casefold())
        where[idx] = have.index(section.casefold())
    return article_id, where


def is_deck_article(col: Collection, article_id: str) -> bool:
    """Whether an article is a deck's text-less one (no text to read, only cards)."""
    row = col.execute("SELECT kind FROM articles WHERE id = ?", [article_id]).fetchone()
    return bool(row and row[0] == DECK_KIND)


def _deck_row(col: Collection, article_id: str, deck: ImportedDeck) -> str:
    from app.core.clock import now_iso

    row = col.execute("SELECT id FROM decks WHERE article_id = ?", [article_id]).fetchone()
    if row:
        return str(row[0])
    deck_id, n = article_id, 2
    while col.execute("SELECT 1 FROM decks WHERE id = ?", [deck_id]).fetchone():
        deck_id, n = f"{article_id}-{n}", n + 1
    col.execute("INSERT INTO decks (id, title, article_id, description, path, loaded_at) "
                "VALUES (?, ?, ?, ?, NULL, ?)",
                [deck_id, deck.title, article_id, f"Imported from {deck.path.name}", now_iso()])
    return deck_id


def _known_ids(col: Collection, note_ids: list[str]) -> set[str]:
    """Which of these notes the collection already has (one query, not one per note)."""
    return {r[0] for r in col.execute(
        "SELECT id FROM notes WHERE id IN (SELECT value FROM json_each(?))",
        [json.dumps(note_ids)])}


def _card_ids(col: Collection, deck: ImportedDeck) -> dict[tuple[str, int], int]:
    """The collection's card id of every (note, ord) the import has reviews or states for."""
    keys = {(r.note_id, r.ord) for r in deck.reviews} | set(deck.card_states)
    note_ids = sorted({k[0] for k in keys})
    ids = {}
    for note_id, ord_, card_id in col.execute(
            "SELECT note_id, ord, id FROM cards WHERE note_id IN "
            "(SELECT value FROM json_each(?))", [json.dumps(note_ids)]):
        if (note_id, ord_) in keys:
            ids[(note_id, ord_)] = int(card_id)
    return ids


def _add_reviews(col: Collection, deck: ImportedDeck,
                 card_ids: dict[tuple[str, int], int]) -> int:
    """Add the reviews a card does not have yet (same second = same answer), then give
    each touched card its FSRS state: the other program's memory state when it had one,
    else its whole history replayed through the scheduler (in one batch)."""
    if not deck.reviews:
        return 0
    from app.core.study.reviews import write_states
    from app.core.study.scheduler import REVIEW
    from app.core.study.settings import load_settings

    answered: set[tuple[int, int]] = set()  # (card, second) already in the review log
    earlier: set[int] = set()  # cards with a history here before this import
    for card_id, at in col.execute(
            "SELECT card_id, reviewed_at FROM revlog WHERE card_id IN "
            "(SELECT value FROM json_each(?))", [json.dumps(sorted(set(card_ids.values())))]):
        answered.add((card_id, round(at)))
        earlier.add(card_id)
    rows = []
    histories: dict[int, list[tuple[int, float]]] = {}
    card_of = card_ids.get
    for review in sorted(deck.reviews, key=attrgetter("at")):
        card_id = card_of((review.note_id, review.ord))
        if card_id is None:
            continue
        second = (card_id, round(review.at))
        if second in answered:
            continue
        answered.add(second)
        rows.append((card_id, review.rating, review.at, max(0, review.duration_ms)))
        histories.setdefault(card_id, []).append((review.rating, review.at))
    if not rows:
        return 0
    col.conn.executemany("INSERT INTO revlog (card_id, rating, reviewed_at, duration_ms, "
                         f"source, queue) VALUES (?, ?, ?, ?, {SOURCES.index('flashcards')}, 2)",
                         rows)
    daycounts.recount(col, utcnow())  # an imported answer from today counts in the limits
    earlier = [c for c in histories if c in earlier]
    if earlier:  # cards with a history here already: replay all of it, in time order
        for card_id in earlier:
            histories[card_id] = []
        for card_id, rating, at in col.execute(
                "SELECT card_id, rating, reviewed_at FROM revlog WHERE card_id IN "
                "(SELECT value FROM json_each(?)) ORDER BY card_id, reviewed_at",
                [json.dumps(earlier)]):
            histories[card_id].append((rating, at))
    scheduler = load_settings(col).scheduler()
    by_id = {v: k for k, v in card_ids.items()}
    known_memory = {}
    for card_id in histories:
        known = deck.card_states.get(by_id[card_id])
        if known is not None and known.stability is not None and known.difficulty is not None:
            known_memory[card_id] = (known.stability, known.difficulty)
    states = []
    for state in scheduler.replay_memories(histories, known_memory):
        known = deck.card_states.get(by_id[state.card_id])
        if known is not None and known.due is not None and state.state == REVIEW:
            state = replace(state, due=known.due)  # where the other program scheduled it
        states.append(state)
    write_states(col, states)
    return len(rows)


def _apply_states(col: Collection, deck: ImportedDeck,
                  card_ids: dict[tuple[str, int], int]) -> None:
    """Suspend the cards the other program had suspended."""
    col.conn.executemany("UPDATE cards SET suspended = 1 WHERE id = ?",
                         [(card_id,) for key, card_id in card_ids.items()
                          if (known := deck.card_states.get(key)) is not None
                          and known.suspended])


def _store_media(col: Collection, deck: ImportedDeck) -> None:
    """Media files beside the collection, names kept (cards refer to them by name)."""
    if not deck.media:
        return
    folder = media_dir(col)
    try:
        folder.mkdir(exist_ok=True)
        for name, data in list(deck.media.items()):
            safe = Path(name).name
            if "\x00" in name:  # no file system takes it: the card shows it missing
                del deck.media[name]  # and it is not counted as imported
                deck.skipped.append(Skipped(f"media file {name!r}", None,
                                            "its name is not a file name"))
            elif safe and safe not in (".", ".."):
                (folder / safe).write_bytes(data)
    except OSError as exc:
        raise InteropError(deck.path, f"its media cannot be stored in {folder} "
                                      f"({exc.strerror or exc})") from exc
