"""Markdown → Article, with markdown-it-py doing the parsing.

The first level-1 heading is the title; other headings start sections; block
quotes stay block quotes. A date or "By …" line right under the title, and an
image's alt text as a caption, are picked up as in plain text.

Footnotes ("text[^1]" with "[^1]: the note" below) are handled by a small rule
rather than the mdit-py-plugins footnote plugin, which is not a dependency:
references become footnotes of their sentence, numbered in order of first use
as the plugin would, and the definitions are left out of the body: they become
the article's footnote texts.
"""

from __future__ import annotations

import dataclasses
import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from app.core.articles.importers.front_matter import BYLINE, DATE_LINE, fallback_title
from app.core.articles.importers.sentences import note_marker, strip_note_markers
from app.core.articles.importers.structure import Item, build_article
from app.core.articles.model import Article, Footnote

_NOTE_REF = re.compile(r"\[\^([^\]\s]+)\]")
_NOTE_DEF = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:")


def _take_note_definitions(text: str) -> tuple[str, dict[str, str]]:
    """The text without its "[^1]: …" definitions (and their indented continuation
    lines), and what each definition says, by label."""
    kept: list[str] = []
    definitions: dict[str, list[str]] = {}
    label: str | None = None
    for line in text.split("\n"):
        start = _NOTE_DEF.match(line)
        if start:
            label = start.group(1)
            definitions.setdefault(label, []).append(line[start.end():])
            continue
        if label is not None and (line.startswith(("    ", "\t")) or not line.strip()):
            definitions[label].append(line)
            continue
        label = None
        kept.append(line)
    return "\n".join(kept), {k: " ".join(" ".join(v).split()) for k, v in definitions.items()}


def _note_refs(text: str, numbers: dict[str, int]) -> str:
    """Replace "[^label]" references by note markers, numbering labels by first use."""
    def marker(match: re.Match[str]) -> str:
        number = numbers.setdefault(match.group(1), len(numbers) + 1)
        return note_marker(number)

    return _NOTE_REF.sub(marker, text)


def _inline_text(token: Token, numbers: dict[str, int]) -> tuple[str, str | None]:
    """Plain text of an inline token, and the alt text of an image if it is only an image."""
    parts: list[str] = []
    image_alt: str | None = None
    for child in token.children or []:
        if child.type == "text":
            parts.append(_note_refs(child.content, numbers))
        elif child.type in ("code_inline", "html_inline"):
            parts.append(child.content if child.type != "html_inline" else "")
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            image_alt = child.content or "".join(c.content for c in child.children or [])
    return " ".join("".join(parts).split()), image_alt


def parse_markdown(text: str, source_name: str = "") -> Article:
    body, definitions = _take_note_definitions(text)
    tokens = MarkdownIt("commonmark").parse(body)
    numbers: dict[str, int] = {}
    items: list[Item] = []
    title = date = byline = caption = None
    quote_depth = 0
    pending_heading: str | None = None
    for tok in tokens:
        if tok.type == "blockquote_open":
            quote_depth += 1
        elif tok.type == "blockquote_close":
            quote_depth -= 1
        elif tok.type == "heading_open":
            pending_heading = tok.tag
        elif tok.type == "inline":
            content, image_alt = _inline_text(tok, numbers)
            if pending_heading:
                content = strip_note_markers(content)
                if pending_heading == "h1" and title is None and not items:
                    title = content
                else:
                    items.append(("heading", content))
                pending_heading = None
            elif not content and image_alt:
                caption = caption or image_alt
            elif not content:
                continue
            elif not items and title is not None and date is None and DATE_LINE.match(content):
                date = content
            elif not items and title is not None and byline is None and BYLINE.match(content):
                byline = content
            elif not items and date is None and title is None and DATE_LINE.match(content):
                date = content
            else:
                items.append(("quote" if quote_depth else "paragraph", content))
    if title is None:
        title = fallback_title([strip_note_markers(c) for _, c in items], source_name)
    article = build_article(items, title=title, source_name=source_name, date=date,
                            byline=byline, caption=caption)
    notes = tuple(Footnote(numbers[label], strip_note_markers(_note_refs(said, numbers)))
                  for label, said in definitions.items() if label in numbers and said)
    return dataclasses.replace(article, footnote_texts=tuple(sorted(notes,
                                                                     key=lambda n: n.number)))
