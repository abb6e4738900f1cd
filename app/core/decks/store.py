"""Decks and quizzes in the collection: loading a deck file, saving one back.

Why by stable id: a note's id is its card id in the file, so loading the file
again after edits updates each note in place and keeps its cards' review
history; cards that left the file leave study (`active = 0`) but keep their
history. A deck is validated completely before anything is written, and then
stored in one transaction: an invalid deck changes nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.batches import Progress, report
from app.core.changes import Change
from app.core.clock import now_iso
from app.core.decks.file import read_deck
from app.core.decks.model import Deck, DeckCard, DeckProblem, LoadedDeck, card_edit_times
from app.core.decks.quizzes import quiz_problems
from app.core.errors import DeckFileError, QuizSpecError
from app.core.notes.model import Note
from app.core.notes.store import (
    deactivate_note,
    list_notes,
    note_from_row,
    same_content,
    save_note,
)
from app.core.quiz.spec import QuizSpec
from app.core.storage.backups import backup_before
from app.core.storage.collection import Collection
from app.core.storage.sql import equal_filters
from app.core.storage.undo import undoable


@dataclass(frozen=True)
class LoadSummary:
    deck_id: str
    article_id: str
    added: int
    updated: int
    unchanged: int
    deactivated: int
    quizzes: int

    def __str__(self) -> str:
        return (f"Deck {self.deck_id!r}: {self.added} cards added, {self.updated} updated, "
                f"{self.unchanged} unchanged, {self.deactivated} removed from study, "
                f"{self.quizzes} quizzes.")


# -- loading a deck file -----------------------------------------------------------

#: What storing a deck may change (for a window that loads one on a worker view).
DECK_CHANGES = Change.DECKS | Change.NOTES | Change.CARDS | Change.QUIZZES | Change.ARTICLES


def load_deck_into_collection(col: Collection, path: str | Path,
                              progress: Progress | None = None) -> LoadSummary:
    """Validate a deck file, then store it (article, deck, notes, quizzes) in one transaction.

    `progress(done, total)` is told after each card; False cancels the load, which then
    stores nothing (`ActionCancelled`)."""
    return store_deck(col, read_deck(path, col=col), progress)


def store_deck(col: Collection, loaded: LoadedDeck,
               progress: Progress | None = None) -> LoadSummary:
    """Store a deck read by `read_deck` in one transaction: the same text that was validated
    (`progress` as for `load_deck_into_collection`)."""
    deck, path = loaded.deck, loaded.path
    what = f"Loading the deck “{deck.title}”"
    _check_ownership(col, loaded)
    backup_before(col, "deck-load")
    with undoable(col, f"Load Deck “{deck.title}”", DECK_CHANGES):
        article_id = _article_id(col, deck)
        col.table("decks").upsert({"id": deck.id, "title": deck.title, "article_id": article_id,
                            "description": deck.description, "path": str(path.resolve()),
                            "loaded_at": now_iso()}, pk="id")
        added = updated = unchanged = 0
        existing = {n.id: n for n in _all_notes(col, deck.id)}
        edit_times = card_edit_times(deck, loaded.mtime)
        for position, card in enumerate(deck.cards):
            report(progress, position, len(deck.cards), what)
            note = card.to_note(article_id=article_id, section_idx=deck.section_index(card.section),
                                deck_id=deck.id, position=position)
            old = existing.get(note.id) or _stored_note(col, note.id)
            if old is not None and _is_active(col, note.id) and _unchanged(old, note):
                if old.position != note.position:  # moved, not edited: keep its edit time
                    col.execute("UPDATE notes SET position = ? WHERE id = ?",
                               [note.position, note.id])
                unchanged += 1
                continue
            save_note(col, note, modified=edit_times[card.id])
            added, updated = (added + 1, updated) if old is None else (added, updated + 1)
        keep = {c.id for c in deck.cards}
        gone = [n for n in existing.values() if n.id not in keep and _is_active(col, n.id)]
        for note in gone:
            deactivate_note(col, note.id)
        _store_quizzes(col, deck, article_id)
        report(progress, len(deck.cards), len(deck.cards), what)  # the last word before commit
    return LoadSummary(deck.id, article_id, added, updated, unchanged, len(gone),
                       len(deck.quizzes))


def _unchanged(old: Note, new: Note) -> bool:
    """Same content in the same deck and article, at most moved within the file.

    Why position does not count: a note's `modified` is its edit time in Anki
    exports, so a card that only moved because another was inserted above it
    must keep it, or Anki would "update" every card below the new one. A note
    the deck adopts (made in the app) does change: its Anki deck and tags do.
    """
    return same_content(old, new) and (old.deck_id, old.article_id) == \
        (new.deck_id, new.article_id)


def _article_id(col: Collection, deck: Deck) -> str:
    from app.core.articles.library import find_article_id, import_article_file

    if not deck.article:  # a deck without an article: a text-less one holds its sections
        from app.core.interop.model import deck_article

        row = col.execute("SELECT article_id FROM decks WHERE id = ?", [deck.id]).fetchone()
        article_id, _ = deck_article(col, f"deck-file:{deck.id}", deck.title,
                                     deck.section_titles or ["Cards"], f"{deck.id}.toml",
                                     row[0] if row and row[0] else None)
        deck.section_titles = [r[0] for r in col.execute(
            "SELECT title FROM sections WHERE article_id = ? ORDER BY idx", [article_id])]
        return article_id

    found = find_article_id(col, deck.article)
    if found is not None:
        return found
    assert deck.article_path is not None  # read_deck resolved it, else it had raised
    return import_article_file(col, deck.article_path).article_id


def _all_notes(col: Collection, deck_id: str) -> list[Note]:
    return list_notes(col, deck_id=deck_id, include_inactive=True)


def _stored_note(col: Collection, note_id: str) -> Note | None:
    """A note the deck adopts (e.g. one made in the app, then saved into the deck file)."""
    rows = list(col.query("SELECT * FROM notes WHERE id = ?", [note_id]))
    return note_from_row(rows[0]) if rows else None


def _is_active(col: Collection, note_id: str) -> bool:
    row = col.execute("SELECT active FROM notes WHERE id = ?", [note_id]).fetchone()
    return bool(row and row[0])


def _other_deck_file(col: Collection, deck_id: str, path: Path) -> str | None:
    """The other, still existing file that loaded this deck id before, if any (a file
    that was moved or renamed since is the same deck, not another one)."""
    row = col.execute("SELECT path FROM decks WHERE id = ?", [deck_id]).fetchone()
    if row is None or not row[0]:
        return None
    other = Path(row[0])
    try:
        if not other.is_file() or other.samefile(path):
            return None
    except OSError:
        return None
    return str(other)


def _check_ownership(col: Collection, loaded: LoadedDeck) -> None:
    """Card and quiz ids are global: refuse ids that already belong to another deck."""
    deck, lines, path = loaded.deck, loaded.lines, loaded.path
    problems = []
    owner = _other_deck_file(col, deck.id, path)
    if owner is not None:
        cards = {c.id for c in deck.cards}
        quizzes = {q.id for q in deck.quizzes}
        dropped = [r[0] for r in col.execute(
            "SELECT id FROM notes WHERE deck_id = ? AND active = 1", [deck.id])
            if r[0] not in cards]
        dropped += [r[0] for r in col.execute(
            "SELECT id FROM quizzes WHERE deck_id = ? AND in_file = 1", [deck.id])
            if r[0] not in quizzes]
        if dropped:  # a copy saved with Save Deck As keeps them all, and loads
            problems.append(DeckProblem(
                str(path), lines.key("deck", 0, "id"),
                f"[deck]: the deck id {deck.id!r} already belongs to the deck file {owner}, "
                f"and loading this file would take {len(dropped)} of its cards and quizzes "
                "out of the collection; nothing was loaded. Give this deck its own id, or "
                "open that file instead"))
    for table, key, label, ids in (("notes", "cards", "card", [c.id for c in deck.cards]),
                                   ("quizzes", "quizzes", "quiz", [q.id for q in deck.quizzes])):
        for i, item_id in enumerate(ids):
            row = col.execute(f"SELECT deck_id FROM {table} WHERE id = ?", [item_id]).fetchone()
            if row and row[0] not in (None, deck.id):
                problems.append(DeckProblem(str(path), lines.key(key, i, "id"),
                                            f"{label} {item_id!r}: this id already belongs to "
                                            f"deck {row[0]!r} in the collection"))
    if problems:
        raise DeckFileError(problems)


def _store_quizzes(col: Collection, deck: Deck, article_id: str) -> None:
    """The deck's quizzes; a quiz that came from this file and left it is deleted, but
    one made in the app (never in the file) is kept."""
    with col.transaction(Change.QUIZZES):
        ids = [q.id for q in deck.quizzes]
        marks = ",".join("?" * len(ids))
        col.execute(f"DELETE FROM quizzes WHERE deck_id = ? AND in_file = 1 "
                   f"AND id NOT IN ({marks})", [deck.id, *ids])
        for position, quiz in enumerate(deck.quizzes):
            quiz.deck_id = deck.id
            col.table("quizzes").upsert({"id": quiz.id, "deck_id": deck.id, "position": position,
                                  "article_id": article_id, "in_file": 1,
                                  "spec": json.dumps(quiz.to_dict(), ensure_ascii=False)},
                                 pk="id")


# -- quizzes -------------------------------------------------------------------------

def list_quizzes(col: Collection, article_id: str | None = None,
                 deck_id: str | None = None) -> list[QuizSpec]:
    """Quizzes in deck order; filtered by the deck or by their article (with or without a deck)."""
    where, params = equal_filters(q__deck_id=deck_id)
    if article_id is not None:
        where += " AND COALESCE(q.article_id, d.article_id) = ?"
        params.append(article_id)
    sql = ("SELECT q.spec FROM quizzes q LEFT JOIN decks d ON d.id = q.deck_id WHERE 1 = 1"
           f"{where} ORDER BY q.deck_id, q.position, q.id")
    return [QuizSpec.from_dict(json.loads(r[0])) for r in col.execute(sql, params)]


def get_quiz(col: Collection, quiz_id: str) -> QuizSpec:
    row = col.execute("SELECT spec FROM quizzes WHERE id = ?", [quiz_id]).fetchone()
    if row is None:
        raise KeyError(f"no quiz with id {quiz_id!r}")
    return QuizSpec.from_dict(json.loads(row[0]))


def quiz_article_id(col: Collection, spec: QuizSpec) -> str | None:
    """The article a quiz is on: its deck's, else that of its first card."""
    if spec.deck_id is not None:
        row = col.execute("SELECT article_id FROM decks WHERE id = ?", [spec.deck_id]).fetchone()
        if row and row[0]:
            return str(row[0])
    for cid in (c for q in spec.questions for c in q.card_ids):
        row = col.execute("SELECT article_id FROM notes WHERE id = ?", [cid]).fetchone()
        if row and row[0]:
            return str(row[0])
    return None


def save_quiz(col: Collection, spec: QuizSpec, article_id: str | None = None) -> None:
    """Insert or update a quiz (the quiz builder); its cards must be active notes.

    The quiz keeps its article, so it is listed and saved with the article even when
    the article has no deck file; whether it is in a deck file is left as it was.
    """
    kinds = {r[0]: r[1] for r in col.execute("SELECT id, kind FROM notes WHERE active = 1")}
    problems = quiz_problems(spec, kinds)
    if spec.deck_id is not None and not col.execute(
            "SELECT 1 FROM decks WHERE id = ?", [spec.deck_id]).fetchone():
        problems.append(f"no deck with id {spec.deck_id!r}")
    if problems:
        raise QuizSpecError(problems)
    with col.transaction(Change.QUIZZES):
        row = col.execute("SELECT position FROM quizzes WHERE id = ?", [spec.id]).fetchone()
        position = row[0] if row else col.execute(
            "SELECT COALESCE(MAX(position), -1) + 1 FROM quizzes WHERE deck_id IS ?",
            [spec.deck_id]).fetchone()[0]
        col.table("quizzes").upsert({"id": spec.id, "deck_id": spec.deck_id, "position": position,
                              "article_id": article_id or quiz_article_id(col, spec),
                              "spec": json.dumps(spec.to_dict(), ensure_ascii=False)}, pk="id")


def delete_quiz(col: Collection, quiz_id: str) -> None:
    with col.transaction(Change.QUIZZES):
        col.execute("DELETE FROM quizzes WHERE id = ?", [quiz_id])


# -- saving a deck from the collection ----------------------------------------------

def deck_from_collection(col: Collection, deck_id: str | None = None,
                         article_id: str | None = None) -> Deck:
    """A Deck of the active notes of one deck, or of every card of an article.

    By article: the cards created in the app (no deck) are included, and the
    deck's id and title are those of the article's deck when it has one.
    """
    from app.core.articles.library import section_titles
    from app.core.interop.model import is_deck_article

    if (deck_id is None) == (article_id is None):
        raise ValueError("give exactly one of deck_id and article_id")
    deck_row = _deck_row(col, deck_id, article_id)
    article_id = article_id or (deck_row or {}).get("article_id")
    if deck_id is not None and deck_row is None:
        raise KeyError(f"no deck with id {deck_id!r}")
    if article_id is None:
        raise ValueError(f"deck {deck_id!r} has no article")
    art = col.execute("SELECT id, title, source_name FROM articles WHERE id = ?",
                         [article_id]).fetchone()
    if art is None:
        raise KeyError(f"no article with id {article_id!r}")
    titles = section_titles(col, article_id)
    notes = (list_notes(col, deck_id=deck_id) if deck_id is not None
             else list_notes(col, article_id=article_id))
    homeless = [n.id for n in notes if n.section_idx is None]
    if homeless:
        raise ValueError("these cards belong to no section, and a deck file needs one: "
                         + ", ".join(homeless))
    deck = Deck(
        id=deck_row["id"] if deck_row else article_id,
        title=deck_row["title"] if deck_row else art[1],
        article="" if is_deck_article(col, article_id) else art[2] or art[0],
        description=deck_row["description"] if deck_row else "",
        cards=[DeckCard.from_note(n, titles[n.section_idx]) for n in notes
               if n.section_idx is not None],
        section_titles=titles,
    )
    card_ids = {c.id for c in deck.cards}
    quizzes = (list_quizzes(col, deck_id=deck_id) if deck_id is not None
               else list_quizzes(col, article_id=article_id))
    for quiz in quizzes:
        if all(cid in card_ids for q in quiz.questions for cid in q.card_ids):
            quiz.deck_id = deck.id
            deck.quizzes.append(quiz)
    return deck


def deck_file_path(col: Collection, deck_id: str) -> Path | None:
    """The file a deck was last loaded from, if it still exists: "Save Deck As…" keeps the
    instructor's comments and formatting from it."""
    row = col.execute("SELECT path FROM decks WHERE id = ?", [deck_id]).fetchone()
    path = Path(row[0]) if row and row[0] else None
    return path if path is not None and path.is_file() else None


def article_deck_id(col: Collection, article_id: str) -> str:
    """The id a deck file of the article has (`deck_from_collection`): that of the
    article's deck when it has one, else the article's own."""
    row = _deck_row(col, None, article_id)
    return row["id"] if row else article_id


def _deck_row(col: Collection, deck_id: str | None,
              article_id: str | None) -> dict[str, Any] | None:
    if deck_id is not None:
        rows = list(col.query("SELECT * FROM decks WHERE id = ?", [deck_id]))
    else:
        rows = list(col.query("SELECT * FROM decks WHERE article_id = ? ORDER BY loaded_at, id",
                                 [article_id]))
    return rows[0] if rows else None
