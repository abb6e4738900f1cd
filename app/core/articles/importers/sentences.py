"""Paragraph text → sentences, with footnote reference markers taken out.

Why markers first: publishers glue note numbers to the text ("border.1",
"in 2005.11", "implemented”.8", "took part.)13"). They are recognised only
where the *next expected* note number follows closing punctuation, so real
figures ("$1.8 billion", "18%", "1991.") stay intact, then removed from the text
and re-attached to their sentence. References the source marks up explicitly
(HTML <sup>, Markdown [^1]) arrive as `note_marker`s and are always taken.
Sentence splitting itself is sentencex's job (Wikimedia's rule-based segmenter): it knows abbreviations, quotation
marks and decimals, and is fast enough for megabyte-long articles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sentencex import segment

from app.core.articles.importers.markers import NOTE_CLOSE, NOTE_OPEN
from app.core.articles.model import Sentence

# closing punctuation, then the note number, then a space + sentence start or the end
# (the punctuation is matched, not looked behind for: a lookbehind first runs at every
# position of every paragraph; the number starts at the match's second group)
_GLUED = (r"[.!?;:,\u201d\u2019\"')\]](\d{1,3})"
          r"(?=\s+[A-Z\u201c\u2018\"'(\[\u2026]|\s*$)")
_EXPLICIT = rf"{NOTE_OPEN}(\d{{1,4}}){NOTE_CLOSE}"
_MARKER = re.compile(rf"{_EXPLICIT}|{_GLUED}")
_SPACE_BEFORE_NOTE = re.compile(rf"\s+(?={_EXPLICIT})")
_STRAY = re.compile(rf"{_EXPLICIT}|[{NOTE_OPEN}{NOTE_CLOSE}]")


def note_marker(number: int) -> str:
    """An explicit footnote reference to put into paragraph text.

    Importers that *know* a note reference (HTML <sup>1</sup>, Markdown [^1])
    embed this marker instead of the digits: it can never be mistaken for text,
    is taken out by `extract_footnotes` wherever it sits (mid-sentence too), and
    becomes a footnote of the sentence that contains it.
    """
    return f"{NOTE_OPEN}{number}{NOTE_CLOSE}"


def strip_note_markers(text: str) -> str:
    """Text without note markers, for places that keep no footnotes (headings, titles)."""
    if NOTE_OPEN not in text and NOTE_CLOSE not in text:
        return " ".join(text.split())  # the usual case, without two regex passes
    return " ".join(_STRAY.sub("", _SPACE_BEFORE_NOTE.sub("", text)).split())


@dataclass
class FootnoteCounter:
    """Tracks the next expected note number across a whole article."""

    next_number: int = 1
    seen: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Mark:
    """A note reference taken out of the text: where it was, its number, and
    whether it was explicit (marked up by the source) or guessed from glued digits."""

    offset: int
    number: int
    explicit: bool = False


def extract_footnotes(text: str, counter: FootnoteCounter) -> tuple[str, list[Mark]]:
    """Remove note markers; return the clean text and the marks (offsets in clean text)."""
    if NOTE_OPEN in text:
        text = _SPACE_BEFORE_NOTE.sub("", text)
    out: list[str] = []
    marks: list[Mark] = []
    last = length = 0
    for m in _MARKER.finditer(text):
        explicit = m.group(1) is not None
        number = int(m.group(1) if explicit else m.group(2))
        if not explicit and number != counter.next_number:
            continue
        start = m.start() if explicit else m.start(2)
        out.append(text[last:start])
        length += start - last
        marks.append(Mark(length, number, explicit))
        last = m.end()
        counter.next_number = max(counter.next_number, number + 1)
        counter.seen.append(number)
    out.append(text[last:])
    return "".join(out), marks


def _segment(piece: str, base: int) -> list[tuple[int, str]]:
    """Sentences of a piece of text with their start offsets in the whole paragraph."""
    found: list[tuple[int, str]] = []
    pos = 0
    for part in segment("en", piece):
        text = part.strip()
        if not text:
            continue
        at = piece.find(text, pos)
        at = pos if at < 0 else at
        found.append((base + at, text))
        pos = at + len(text)
    return found


def split_sentences(text: str, counter: FootnoteCounter) -> tuple[Sentence, ...]:
    """Split a paragraph into sentences, each carrying the notes it references.

    A guessed (glued) note marker always closes a sentence ("…took part.)13 The…"),
    so the text is first cut at those, then each piece is segmented. An explicit
    marker goes to whichever sentence contains it, even mid-sentence.
    """
    clean, marks = extract_footnotes(" ".join(text.split()), counter)
    glued = [m for m in marks if not m.explicit]
    spans: list[tuple[int, str]] = []
    notes: list[list[Mark]] = []
    start = 0
    for cut in sorted({m.offset for m in glued} | {len(clean)}):
        found = _segment(clean[start:cut], start)
        start = cut
        cut_marks = [m for m in glued if m.offset == cut]
        if not found:
            if cut_marks and notes:  # a marker right after an earlier cut
                notes[-1].extend(cut_marks)
            continue
        spans.extend(found)
        notes.extend([] for _ in found)
        notes[-1].extend(cut_marks)
    for mark in (m for m in marks if m.explicit and spans):
        owner = max((i for i, (at, _) in enumerate(spans) if at <= mark.offset), default=0)
        notes[owner].append(mark)
    return tuple(Sentence(body, tuple(m.number for m in sorted(ms, key=lambda m: m.offset)))
                 for (_, body), ms in zip(spans, notes, strict=True))
