"""Which format a file is in, and importing it: the one entry for File → Import and the CLI.

Why detect by content and not only by name: Quizlet, Anki's plain-text export
and GIFT are all saved as `.txt`, and a deck read as an article gives a
useless article and no cards without a word of warning. A `.txt` that looks
like a deck goes to that importer; one that looks partly like GIFT (braces
with `=`/`~` but unparseable) is refused with the reason instead of guessed.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from app.core.errors import InteropError
from app.core.interop.model import ImportedDeck, ImportSummary, read_bytes, read_text, store_import
from app.core.storage.collection import Collection

IMPORT_FORMATS = ("apkg", "colpkg", "csv", "tsv", "quizlet", "anki-text", "gift", "aiken",
                  "moodle-xml", "article")
#: Formats read as a table of rows (the GUI previews them and lets columns be re-mapped).
TABLE_FORMATS = ("csv", "tsv", "quizlet", "anki-text")
#: How the user is told what a file looks like ("… looks like a Quizlet export").
FORMAT_NAMES = {"apkg": "an Anki package", "colpkg": "an Anki collection package",
                "csv": "a CSV table of cards", "tsv": "a TSV table of cards",
                "quizlet": "a Quizlet export", "anki-text": "Anki's Notes in Plain Text",
                "gift": "a Moodle GIFT question bank", "aiken": "a Moodle Aiken question file",
                "moodle-xml": "a Moodle XML question bank",
                "article": "an article"}
DECK_SUFFIXES = {".apkg": "apkg", ".colpkg": "colpkg", ".csv": "csv", ".tsv": "tsv",
                 ".gift": "gift", ".xml": "moodle-xml"}
ARTICLE_SUFFIXES = (".md", ".markdown", ".html", ".htm", ".epub", ".pdf")
_GIFT_BLOCK = re.compile(r"\{\s*(?:[=~]|#|T\b|F\b|TRUE\b|FALSE\b)", re.IGNORECASE)


def detect_format(path: Path, data: bytes | None = None) -> str:
    """The format of a file: one of IMPORT_FORMATS (`article` when it is none of the decks)."""
    suffix = path.suffix.lower()
    if suffix in DECK_SUFFIXES:
        return DECK_SUFFIXES[suffix]
    if data is None:
        data = read_bytes(path)
    if data[:4] == b"PK\x03\x04" and suffix not in ARTICLE_SUFFIXES:
        return "apkg"
    if suffix in ARTICLE_SUFFIXES or b"\0" in data[:8192]:
        return "article"
    try:
        text = read_text(path, data)
    except InteropError:
        return "article"
    return detect_text_format(text) or "article"


def detect_text_format(text: str) -> str | None:
    """A deck format the text looks like, or None (then it is prose: an article)."""
    from app.core.interop.aiken import looks_like_aiken
    from app.core.interop.delimited import detect_separator
    from app.core.interop.moodle_xml import looks_like_moodle_xml

    head = text.lstrip("\ufeff")[:20000]
    if looks_like_moodle_xml(head):
        return "moodle-xml"
    if re.match(r"#(separator|html|columns|deck|notetype|tags column|guid column):", head):
        return "anki-text"
    if re.search(r"^\s*::.*?::", head, re.MULTILINE) or re.search(r"^\$CATEGORY:", head, re.MULTILINE):
        return "gift"
    if len(_GIFT_BLOCK.findall(head)) >= 1 and head.count("{") == head.count("}"):
        return "gift"
    if looks_like_aiken(head):
        return "aiken"
    lines = [ln for ln in head.splitlines() if ln.strip()]
    if len(lines) >= 2:
        sep = detect_separator(head)
        split = [ln for ln in lines if sep in ln]
        short = all(len(ln) < 400 for ln in lines)
        if sep == "\t" and len(split) >= 0.9 * len(lines) and short:
            return "quizlet"
    return None


def read_deck_file(path: str | os.PathLike[str], fmt: str | None = None,
                   col: Collection | None = None, with_scheduling: bool = True,
                   separator: str | None = None, card_separator: str = "\n",
                   known_ids: set[str] | None = None) -> ImportedDeck:
    """Parse a deck file of any supported format (nothing stored).

    `col` or `known_ids` (the collection's note ids, for a parse off the GUI thread)
    recognise StudyDesk's own exported notes coming back in an Anki package.
    """
    path = Path(path)
    data = read_bytes(path)
    fmt = fmt or detect_format(path, data)
    if fmt not in IMPORT_FORMATS:
        raise InteropError(path, f"unknown format {fmt!r} (expected one of "
                                 f"{', '.join(IMPORT_FORMATS)})")
    if fmt in ("apkg", "colpkg"):
        from app.core.interop.anki import read_anki_package

        return read_anki_package(path, col, with_scheduling, known_ids)
    if fmt == "article":
        raise InteropError(path, "is an article, not a deck: use File → Import Article")
    if fmt == "moodle-xml":
        from app.core.interop.moodle_xml import moodle_xml_deck

        return moodle_xml_deck(path, data)
    text = read_text(path, data)
    if fmt == "gift":
        from app.core.interop.gift import gift_deck

        return gift_deck(path, text)
    if fmt == "aiken":
        from app.core.interop.aiken import aiken_deck

        return aiken_deck(path, text)
    from app.core.interop.delimited import read_table, table_deck

    return table_deck(read_table(path, text, fmt, separator, card_separator))


def import_deck_file(col: Collection, path: str | os.PathLike[str], fmt: str | None = None,
                     with_scheduling: bool = True) -> ImportSummary:
    """Parse, then store in one transaction: a file with any error changes nothing."""
    return store_import(col, read_deck_file(path, fmt, col, with_scheduling))
