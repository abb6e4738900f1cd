"""Paragraph text → sentences, with footnote reference markers taken out.

Why markers first: publishers glue note numbers to the text ("border.1",
"in 2005.11", "implemented”.8", "took part.)13"). They are recognised only
where the *next expected* note number follows closing punctuation, so real
figures ("$1.8 billion", "18%", "1991.") stay intact, then removed from the text
and re-attached to their sentence. Sentence splitting itself is sentencex's
job (Wikimedia's rule-based segmenter): it knows abbreviations, quotation
marks and decimals, and is fast enough for megabyte-long articles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sentencex import segment

from app.core.article import Sentence

# closing punctuation, then the note number, then a space + sentence start or the end
_MARKER = re.compile(
    r"(?<=[.!?;:,\u201d\u2019\"')\]])(\d{1,3})(?=\s+[A-Z\u201c\u2018\"'(\[\u2026]|\s*$)")


@dataclass
class FootnoteCounter:
    """Tracks the next expected note number across a whole article."""

    next_number: int = 1
    seen: list[int] = field(default_factory=list)


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
    """Split a paragraph into sentences, each carrying the notes that end it.

    A recognised note marker always closes a sentence ("…took part.)13 The…"),
    so the text is first cut at the markers, then each piece is segmented.
    """
    clean, marks = extract_footnotes(" ".join(text.split()), counter)
    sentences: list[Sentence] = []
    start = 0
    cuts = sorted({off for off, _ in marks} | {len(clean)})
    for cut in cuts:
        piece = clean[start:cut]
        start = cut
        parts = [p.strip() for p in segment("en", piece) if p.strip()]
        notes = tuple(n for off, n in marks if off == cut)
        if not parts:
            if notes and sentences:  # a marker right after an earlier cut
                last = sentences[-1]
                sentences[-1] = Sentence(last.text, last.footnotes + notes)
            continue
        sentences.extend(Sentence(p) for p in parts[:-1])
        sentences.append(Sentence(parts[-1], notes))
    return tuple(sentences)
