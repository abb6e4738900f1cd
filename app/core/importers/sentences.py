"""Paragraph text → sentences, with footnote reference markers taken out.

Why markers first: publishers glue note numbers to the text ("border.1",
"in 2005.11", "implemented”.8", "took part.)13"). They are recognised only
where the *next expected* note number follows closing punctuation, so real
figures ("$1.8 billion", "18%", "1991.") stay intact, then removed from the text
and re-attached to their sentence. Sentence splitting itself is pysbd's job:
it knows abbreviations, quotation marks and decimals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import pysbd

from app.core.article import Sentence

# closing punctuation, then the note number, then a space + sentence start or the end
_MARKER = re.compile(
    r"(?<=[.!?;:,\u201d\u2019\"')\]])(\d{1,3})(?=\s+[A-Z\u201c\u2018\"'(\[\u2026]|\s*$)")


@dataclass
class FootnoteCounter:
    """Tracks the next expected note number across a whole article."""

    next_number: int = 1
    seen: list[int] = field(default_factory=list)


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False, char_span=False)


def extract_footnotes(text: str, counter: FootnoteCounter) -> tuple[str, list[tuple[int, int]]]:
    """Remove note markers; return the clean text and (offset in clean text, number) pairs."""
    out: list[str] = []
    marks: list[tuple[int, int]] = []
    last = length = 0
    for m in _MARKER.finditer(text):
        number = int(m.group(1))
        if number != counter.next_number:
            continue
        out.append(text[last:m.start()])
        length += m.start() - last
        marks.append((length, number))
        last = m.end()
        counter.next_number += 1
        counter.seen.append(number)
    out.append(text[last:])
    return "".join(out), marks


def split_sentences(text: str, counter: FootnoteCounter) -> tuple[Sentence, ...]:
    """Split a paragraph into sentences, each carrying the notes that end it."""
    clean, marks = extract_footnotes(" ".join(text.split()), counter)
    pieces = [p for p in _segmenter().segment(clean) if p.strip()]
    sentences: list[Sentence] = []
    start = 0
    for piece in pieces:
        begin = clean.find(piece, start)
        if begin < 0:
            begin = start
        end = begin + len(piece)
        start = end
        notes = tuple(n for off, n in marks if begin < off <= end)
        sentences.append(Sentence(piece.strip(), notes))
    # a marker after the last character belongs to the last sentence
    if sentences and marks:
        assigned = {n for s in sentences for n in s.footnotes}
        missing = tuple(n for _, n in marks if n not in assigned)
        if missing:
            last_s = sentences[-1]
            sentences[-1] = Sentence(last_s.text, last_s.footnotes + missing)
    return tuple(sentences)
