"""The shape of an imported article: Article → Section → Block → Sentence.

Pure, immutable data. Importers build it, the collection stores it, the reader
shows it, the card generator mines it. Footnote references are kept apart from
the sentence text so that no card or quiz ever shows a stray footnote digit.

Footnote texts and reference lists ("References", "External links") are kept
beside the sections, never in them: the reader shows them on demand, while
everything that reads study text — generation, quizzes, reading progress, word
counts — walks `sections` only and so can never make a card from a citation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

#: "item" is a list item, "caption" a figure caption: both shown apart from paragraphs.
BlockKind = Literal["paragraph", "quote", "item", "caption"]


@dataclass(frozen=True)
class Sentence:
    text: str
    footnotes: tuple[int, ...] = ()


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    sentences: tuple[Sentence, ...]

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    @cached_property
    def words(self) -> int:
        """Asked again and again while an import cuts sections to length: counted once."""
        return sum(len(s.text.split()) for s in self.sentences)


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple[Block, ...]

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return tuple(s for b in self.blocks for s in b.sentences)

    @property
    def text(self) -> str:
        return "\n\n".join(b.text for b in self.blocks)

    @property
    def words(self) -> int:
        return sum(b.words for b in self.blocks)

    @property
    def footnotes(self) -> tuple[int, ...]:
        """The footnote numbers its sentences cite, in reading order (what the reader lists)."""
        return tuple(n for s in self.sentences for n in s.footnotes)


@dataclass(frozen=True)
class Footnote:
    """The text of note `number` (a PDF's small print at the page foot)."""

    number: int
    text: str


@dataclass(frozen=True)
class SourceList:
    """A reference list of the source ("References", "See also"), one entry a line."""

    title: str
    entries: tuple[str, ...]


@dataclass(frozen=True)
class Article:
    title: str
    sections: tuple[Section, ...]
    date: str | None = None
    byline: str | None = None
    caption: str | None = None
    source_name: str = ""
    source_url: str | None = None  # the web address it came from, when known
    footnote_texts: tuple[Footnote, ...] = ()  # what the notes say, by number; not study text
    sources: tuple[SourceList, ...] = ()  # reference lists; not study text

    @property
    def words(self) -> int:
        return sum(s.words for s in self.sections)



def find_section(titles: Sequence[str], title: str) -> int | None:
    """The index of the section called `title` (any case, outer spaces ignored), or None.

    The one way a name typed by a person (a deck file's `section`, `--section` on the
    command line) finds its section.
    """
    wanted = title.strip().casefold()
    return next((i for i, t in enumerate(titles) if t.strip().casefold() == wanted), None)
