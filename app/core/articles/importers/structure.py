"""Shared assembly of an Article from classified paragraphs.

Every importer ends up with the same list: (kind, text) pairs where kind is
"heading", "paragraph", "quote", "item" (of a list) or "caption". This module turns that list into sections
(an untitled opening becomes "Introduction"; a long text without headings is
cut into parts at paragraph boundaries) and splits sentences once, in article
order, so footnote numbering runs across the whole article.

A section headed as a list of the article's sources ("References", "Bibliography",
"Works cited", "Further reading", "Sources", …) whose body is mostly entries (list
items, citations with a year, DOI, ISBN, author's initials, a bare link) is no study
text in any format: its lines become one of the article's source lists, shown on
demand. A manual's "6.2.5. Sources" that says in prose where the source code is stays
a section. `is_source_list` is the one rule; the web importer applies it too.

A heading with no text of its own before its subheading ("Scripts", then "media2iki")
leads that subheading's title ("Scripts › media2iki"), so it stays visible in the
reader's list of sections without being an empty section. The rule needs no heading
levels, so it is the same in every format.

No section is ever a 10,000-word wall: a paragraph longer than PART_MAX_WORDS
(a text whose paragraphs could not be recognised) is cut at sentence
boundaries first, and a headed section that is still too long continues in
"Heading (part 2)".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Literal

from app.core.articles.importers.sentences import (
    FootnoteCounter,
    split_sentences,
    strip_note_markers,
)
from app.core.articles.model import Article, Block, Section, SourceList

ItemKind = Literal["heading", "paragraph", "quote", "item", "caption"]
Item = tuple[ItemKind, str]

INTRODUCTION = "Introduction"
#: Between a heading with no text of its own and its first subheading, which carries it:
#: "Scripts › media2iki" (a heading is never lost, and no section is empty).
SUBSECTION = " › "
#: A heading guessed from layout (a short line of plain text, a bold line of a PDF) is
#: no longer than this.
HEADING_MAX_WORDS = 16
#: A page's own heading markup (<h1>–<h6>) is trusted far longer: a FAQ's questions run
#: to 25 words; only a whole paragraph put in a heading for its large type is longer.
MARKUP_HEADING_MAX_WORDS = 40
PART_TARGET_WORDS = 600  # a section is a comfortable sitting: a few minutes of reading
PART_MAX_WORDS = 1200

#: A heading's numbering: "4 References", "7.1 See also".
NUMBERED = r"^(?:\d+(?:\.\d+)*\.?\s+)?"
#: Headings of the lists of an article's sources: kept apart from it, shown on demand.
SOURCE_HEADINGS = (r"references?|notes?(?: and references)?|footnotes|citations|sources|"
                   r"bibliography|works cited|further reading|external links|see also|literature")
SOURCE_LIST = re.compile(NUMBERED + f"(?:{SOURCE_HEADINGS})$", re.IGNORECASE)


def is_source_heading(heading: str) -> bool:
    """Whether a heading ("References", "5. Further reading:") may head a list of sources."""
    return SOURCE_LIST.match(heading.strip().strip(":").strip()) is not None


#: Marks of a citation: a year ("(2004)", "1850 to 1931"), a DOI, an ISBN, "pp. 3–9", "et al.",
#: "Retrieved 5 May", "Vol. 2", a surname with initials ("Smith, J. A.", "J. Smith").
_CITATION = re.compile(
    r"\b(?:1[5-9]|20)\d\d[a-z]?\b|(?i:\bdoi\b|\b10\.\d{4,}/|\bisbn\b|"
    r"\bpp?\.\s*\d|\bet al\b|\bretrieved\b|\barchived\b|\bvol\.\s*\d|\beds?\.)|"
    r"^[A-Z][\w'’-]+,\s+(?:[A-Z]\.\s*)+|^(?:[A-Z]\.\s*)+[A-Z][\w'’-]+,")
_URL = re.compile(r"(?:https?://|www\.)\S+")
_LINK_ENTRY_WORDS = 12  # words beside a link: more is a sentence that mentions a link


def is_source_entry(kind: ItemKind, text: str) -> bool:
    """Whether a line under a source-list heading is an entry of a list (a list item,
    a citation, a titled link), not a paragraph of prose."""
    if kind == "item" or _CITATION.search(text):
        return True
    links = _URL.findall(text)
    return bool(links) and len(_URL.sub(" ", text).split()) <= _LINK_ENTRY_WORDS


def is_source_list(heading: str, body: Sequence[Item]) -> bool:
    """Whether a section is a list of the article's sources: a source-list heading over
    a body that is mostly entries (an empty body: its subsections decide)."""
    if not is_source_heading(heading):
        return False
    lines = [(kind, text) for kind, text in body if kind not in ("heading", "caption")]
    entries = sum(is_source_entry(kind, text) for kind, text in lines)
    return 2 * entries >= len(lines)


def build_article(
    items: Sequence[Item],
    *,
    title: str,
    source_name: str,
    date: str | None = None,
    byline: str | None = None,
    caption: str | None = None,
) -> Article:
    counter = FootnoteCounter()
    raw_sections: list[tuple[str | None, list[Block]]] = []
    current_title: str | None = None
    blocks: list[Block] = []
    sources: list[SourceList] = []
    entries: list[str] | None = None  # under a source-list heading: its lines
    for at, (kind, text) in enumerate(items):
        if entries is not None and kind != "heading":
            if kind != "caption" and (entry := strip_note_markers(text).strip()):
                entries.append(entry)
            continue
        if entries is not None:  # the source list ends at the next heading
            sources[-1] = SourceList(sources[-1].title, tuple(entries))
            entries = None
        if kind == "heading" and is_source_list(text, _body_of(items, at)):
            if blocks or current_title is not None:
                raw_sections.append((current_title, blocks))
            current_title, blocks, entries = None, [], []
            sources.append(SourceList(text.strip().strip(":").strip(), ()))
            continue
        if kind == "heading":
            if current_title is not None and not blocks:  # "Scripts", then "media2iki"
                current_title = f"{current_title}{SUBSECTION}{text.strip()}"
                continue
            if blocks:
                raw_sections.append((current_title, blocks))
            current_title, blocks = text.strip(), []
            continue
        sentences = split_sentences(text, counter)
        if sentences:
            blocks.extend(_split_block(Block(kind, sentences)))
    if entries is not None:
        sources[-1] = SourceList(sources[-1].title, tuple(entries))
    elif blocks or current_title is not None:
        raw_sections.append((current_title, blocks))

    raw_sections = [(t, b) for t, b in raw_sections if b]  # a heading with no text is dropped
    has_headings = any(t is not None for t, _ in raw_sections)
    if not has_headings:
        all_blocks = [b for _, bs in raw_sections for b in bs]
        sections = _split_into_parts(all_blocks)
    else:
        sections = tuple(part for t, b in raw_sections
                         for part in _split_section(t or INTRODUCTION, b))
    return Article(title=title, sections=sections, date=date, byline=byline,
                   caption=caption, source_name=source_name,
                   sources=tuple(source for source in sources if source.entries))


def _body_of(items: Sequence[Item], heading_at: int) -> Sequence[Item]:
    """The items under the heading at `heading_at`, up to the next heading."""
    end = next((i for i in range(heading_at + 1, len(items)) if items[i][0] == "heading"),
               len(items))
    return items[heading_at + 1:end]


def _groups(sizes: Sequence[int]) -> list[slice]:
    """Consecutive runs of items (by word count) of about PART_TARGET_WORDS each,
    cut where the boundary is nearest an even share of the total."""
    total = sum(sizes)
    n_parts = max(2, round(total / PART_TARGET_WORDS))
    target = total / n_parts
    starts = [0]
    count = 0
    for i, words in enumerate(sizes):
        if i > starts[-1] and count + words / 2 > target:
            starts.append(i)
            count = 0
        count += words
    ends = [*starts[1:], len(sizes)]
    return [slice(a, b) for a, b in zip(starts, ends, strict=True)]


def _split_block(block: Block) -> list[Block]:
    """An oversized paragraph (no paragraphs were recognised) cut at sentence boundaries."""
    if block.words <= PART_MAX_WORDS or len(block.sentences) < 2:
        return [block]
    sizes = [len(s.text.split()) for s in block.sentences]
    return [Block(block.kind, block.sentences[g]) for g in _groups(sizes)]


def _split_section(title: str, blocks: list[Block]) -> tuple[Section, ...]:
    """A headed section too long for one sitting continues as "Title (part 2)"."""
    if sum(b.words for b in blocks) <= PART_MAX_WORDS or len(blocks) < 2:
        return (Section(title, tuple(blocks)),)
    groups = _groups([b.words for b in blocks])
    return tuple(Section(title if i == 0 else f"{title} (part {i + 1})", tuple(blocks[g]))
                 for i, g in enumerate(groups))


def _split_into_parts(blocks: list[Block]) -> tuple[Section, ...]:
    """Cut a heading-less text into parts of sensible length at paragraph boundaries."""
    total = sum(b.words for b in blocks)
    if total <= PART_MAX_WORDS:
        return (Section(INTRODUCTION, tuple(blocks)),) if blocks else ()
    parts = [blocks[g] for g in _groups([b.words for b in blocks])]
    titles = _part_titles(parts)
    return tuple(Section(title, tuple(part)) for title, part in zip(titles, parts, strict=True))


def _part_titles(parts: list[list[Block]]) -> list[str]:
    """"Part 2 — The harbour after the storm…": each part named by its own opening, with
    as many words as it takes to tell it from the other parts (never one title twice)."""
    openings = [(p[0].sentences[0].text if p and p[0].sentences else "").split()
                for p in parts]
    lengths = (6, 9, 12, 16)
    shared = {n: Counter(tuple(o[:n]) for o in openings) for n in lengths}
    titles = [INTRODUCTION]
    for index, words in enumerate(openings[1:], 2):
        title = f"Part {index}"
        for length in lengths:
            teaser = " ".join(words[:length]).rstrip(",;:.")
            if teaser:
                title = f"Part {index} — {teaser}{'…' if len(words) > length else ''}"
            if shared[length][tuple(words[:length])] == 1:
                break  # no other part opens with these words
        titles.append(title)
    return titles
