"""A note as Anki shows it: field HTML, deck names and tags, ids that never change.

Why apart from the package writer: these are the rules a re-export depends on
(the same note, deck and tag under the same name and id every time), and the
text every field holds; writing them with genanki is `package`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from app.core.articles.library import slugify
from app.core.errors import ExportError
from app.core.notes.model import Note


def stable_id(*parts: object) -> int:
    """An id in genanki's recommended range, the same for the same parts forever."""
    digest = hashlib.sha256("\x1f".join(map(str, ("studydesk", *parts))).encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:8], "big") % (1 << 30)


def deck_name(title: str) -> str:
    """A deck-name component: "::" would nest decks, so it is flattened."""
    return re.sub(r"\s+", " ", title.replace("::", ":")).strip() or "Untitled"


def section_deck_name(top: str, idx: int, title: str) -> str:
    """"Title::01 Introduction": numbered so Anki's alphabetical list keeps article order."""
    return f"{deck_name(top)}::{idx + 1:02d} {deck_name(title)}"


@cache
def tag(text: str) -> str:
    """An Anki tag: no spaces or quotes, "::" kept for hierarchy."""
    return re.sub(r"[\s\"]+", "-", text.strip()).strip("-")


def section_tag(key: str, idx: int, title: str) -> str:
    return f"{slugify(key)}::{idx + 1:02d}-{slugify(title)}"


def to_html(value: Any) -> str:
    """Plain text → Anki field HTML: escaped, line breaks kept.

    Plain `str.replace` calls: the fastest escaping in CPython, and this runs
    ten times per note.
    """
    text = value if type(value) is str else str(value)
    if not text:
        return ""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\n", "<br>"))


def _options_html(options: Iterable[Any], answer: Any = None) -> str:
    items = []
    for option in options:
        if answer is not None and option == answer:
            items.append(f'<li class="sd-correct">\u2714 {to_html(option)}</li>')
        else:
            items.append(f"<li>{to_html(option)}</li>")
    return '<ol type="A">' + "".join(items) + "</ol>"


def _own_fields(note: Note) -> list[str]:
    f = note.fields
    if note.kind in ("basic", "reversed"):
        return [to_html(f["front"]), to_html(f["back"])]
    if note.kind == "cloze":
        return [to_html(f["text"]), to_html(f.get("extra", ""))]
    if note.kind == "typed":
        alternatives = f.get("alternatives") or []
        if isinstance(alternatives, str):
            alternatives = [alternatives]
        return [to_html(f["front"]), to_html(f["back"]), to_html(", ".join(alternatives))]
    if note.kind == "mcq":
        return [to_html(f["question"]), _options_html(f["options"]), to_html(f["answer"]),
                _options_html(f["options"], f["answer"])]
    if note.kind == "truefalse":
        return [to_html(f["statement"]), "True" if f["answer"] else "False"]
    raise ExportError(f"card {note.id!r}: unknown kind {note.kind!r}")


def field_values(note: Note, section_html: str, article_html: str) -> list[str]:
    """The Anki field values of a note, in its note type's field order (the section's and
    the article's titles already as HTML: they are the same for many notes).

    The common Hint field stays empty: no note kind has a hint of its own (a cloze's hint
    is inside its deletion), and a note type never loses a field (see `notetypes`).
    """
    return [*_own_fields(note), "", to_html(note.source), to_html(note.explanation),
            section_html, article_html, "", "", to_html(note.id)]
