"""What a deck file holds once read: the deck, its cards, its problems by line.

Why a module of its own: reading (`file`), writing (`writer`) and storing
(`store`) a deck all speak of these values; none of them needs the others'
rules to do so.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.core.articles.model import find_section
from app.core.decks.lines import LineIndex
from app.core.notes.model import Note, NoteKind
from app.core.quiz.spec import QuizSpec

#: a deck's, card's or quiz's id: what a file may write and a stable Anki id derives from
ID_RE = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
DECK_KEYS = ("id", "title", "article", "description")


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
    #: ISO time of the card's last edit as its file records it (None: never recorded)
    edited: str | None = field(default=None, compare=False)
    #: the content fingerprint recorded with it; differs from `fingerprint()` after a hand edit
    edited_print: str = field(default="", compare=False)

    def fingerprint(self) -> str:
        """Eight hex digits of what the card says (as `same_content` compares notes)."""
        data = json.dumps([self.kind, self.fields, self.tags, self.source, self.explanation,
                           self.section.strip().casefold()], sort_keys=True, ensure_ascii=False)
        return hashlib.sha1(data.encode()).hexdigest()[:8]

    @property
    def edited_unchanged(self) -> bool:
        """Whether the recorded edit time still describes the card (no hand edit since)."""
        return self.edited is not None and self.edited_print == self.fingerprint()

    def to_note(self, *, article_id: str | None, section_idx: int | None,
                deck_id: str | None, position: int) -> Note:
        return Note(id=self.id, kind=self.kind, fields=dict(self.fields), article_id=article_id,
                    section_idx=section_idx, deck_id=deck_id, tags=list(self.tags),
                    source=self.source, explanation=self.explanation, position=position)

    @classmethod
    def from_note(cls, note: Note, section: str) -> DeckCard:
        return cls(id=note.id, section=section, kind=note.kind, fields=dict(note.fields),
                   source=note.source, tags=list(note.tags), explanation=note.explanation,
                   edited=note.modified)


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


def card_edit_times(deck: Deck, file_mtime: float) -> dict[str, str]:
    """Each card's edit time, from the file alone: the same in every collection.

    A card whose recorded fingerprint still matches keeps its recorded time. A card
    edited by hand since (or never recorded) gets a time newer than every recorded
    one and no older than the file, so Anki updates exactly the edited notes.
    """
    recorded = [datetime.fromisoformat(c.edited).timestamp()
                for c in deck.cards if c.edited]
    later = max([file_mtime] + [t + 1 for t in recorded])
    fallback = datetime.fromtimestamp(int(later), tz=UTC).isoformat()
    return {c.id: (c.edited if c.edited_unchanged and c.edited else fallback)
            for c in deck.cards}
