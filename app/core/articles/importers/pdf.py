"""PDF → Article, from the text layer pdfminer.six lays out (MIT; PyMuPDF is AGPL).

A PDF has no paragraphs or headings, only characters placed on pages, so the
structure is read from typography, as a reader sees it:

* pdfminer groups lines into text boxes in reading order (two-column pages are
  read column by column); a box is a paragraph;
* a short box set larger than the body text, or bold at body size, is a heading;
* running headers and footers (the same words at the top or bottom of most
  pages, page numbers aside) and page numbers are left out;
* a word hyphenated at a line end is joined ("exam-" + "ple" → "example");
* small raised digits are footnote references; the small print at the bottom
  of a page that starts with a number (raised or not) is the footnote itself:
  kept as the article's footnote texts, out of the running text.

A PDF without any text (a scan) or with a password is refused by name.
"""

from __future__ import annotations

import dataclasses
import io
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from app.core.articles.importers.markers import NOTE_CLOSE, NOTE_OPEN
from app.core.articles.importers.sentences import note_marker
from app.core.articles.importers.structure import HEADING_MAX_WORDS, Item, build_article
from app.core.articles.model import Article, Footnote
from app.core.errors import ArticleImportError

_MARGIN = 0.09  # of the page height: where running headers and footers live
#: A footnote's opening: its number, raised (a note marker) or set on the line, then text.
_NOTE_START = re.compile(rf"^(?:{NOTE_OPEN}(\d{{1,3}}){NOTE_CLOSE}|(\d{{1,3}})(?=\s|[.)]\s))"
                         r"[.)]?\s*(?=\S)")
_FOOT = 0.6  # of the page height: footnotes sit below this
_SMALL = 0.85  # of the body size: footnotes are set smaller than the text
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?(?:\d{1,4}|[ivxlcdm]{1,7})(?:\s*(?:/|of)\s*\d{1,4})?$",
                          re.IGNORECASE)


@dataclass
class _Line:
    text: str
    size: float  # the line's most common character size
    bold: bool
    top: float  # distance from the page's top, as a share of its height
    bottom: float


@dataclass
class _Box:
    page: int
    lines: list[_Line]
    left: float = 0.0  # shares of the page width
    right: float = 1.0
    top: float = 0.0


def _reading_order(boxes: list[_Box]) -> list[_Box]:
    """A page's boxes top to bottom, and on a two-column page the left column first.

    A page is two-column when most of its boxes stay within one half; boxes
    spanning both halves (a title, a wide figure caption) keep their place
    above or below the columns.
    """
    halves = [b for b in boxes if b.right <= 0.55 or b.left >= 0.45]
    right_column = sum(b.left >= 0.45 for b in halves)
    # short headings and lines stay in the left half on any page, and one box on the
    # right (a centred page number) makes no second column
    if len(boxes) < 3 or len(halves) < 0.7 * len(boxes) or right_column < max(
            2, len(halves) / 4):
        return sorted(boxes, key=lambda b: b.top)
    columns_top = min(b.top for b in halves)

    def key(box: _Box) -> tuple[int, float]:
        if box.right <= 0.55:
            return (1, box.top)
        if box.left >= 0.45:
            return (2, box.top)
        return (0 if box.top <= columns_top else 3, box.top)

    return sorted(boxes, key=key)


def parse_pdf(data: bytes, source: Path | str) -> Article:
    boxes, pages, title = _read(data, source)
    if not any(line.text.strip() for box in boxes for line in box.lines):
        if pages:
            raise ArticleImportError(
                f"{source}: this PDF has no text layer (it is probably a scan); StudyDesk "
                "cannot read text from images. Run OCR on it first.")
        raise ArticleImportError(f"{source} has no pages.")
    body_size = _body_size(boxes)
    furniture = _running_lines(boxes, pages)
    items: list[Item] = []
    notes: dict[int, str] = {}
    for box in boxes:
        lines = box.lines
        if not lines:
            continue
        found = _footnotes(lines, furniture, body_size)
        if found:
            for number, note in found:
                notes.setdefault(number, note)  # numbering restarting per page: the first
            continue
        if len(lines) == 1 and _is_furniture(lines[0], furniture, body_size):
            continue
        text = _join_lines([line.text for line in lines])
        if not text.strip():
            continue
        size = max(line.size for line in lines)
        is_heading = len(text.split()) <= HEADING_MAX_WORDS and not text.rstrip().endswith(
            (",", ";")) and (size >= body_size * 1.15 or all(line.bold for line in lines)
                            and size >= body_size * 0.95 and not text.rstrip().endswith("."))
        if is_heading:
            items.append(("heading", text))
        elif items and items[-1][0] == "paragraph" and _continues(items[-1][1], text):
            items[-1] = ("paragraph", _join_lines([items[-1][1], text]))
        else:
            items.append(("paragraph", text))
    if title is None and items and items[0][0] == "heading":
        title = items.pop(0)[1]
    article = build_article(items, title=title or Path(str(source)).stem.replace("_", " "),
                            source_name=Path(str(source)).name)
    return dataclasses.replace(article, footnote_texts=tuple(
        Footnote(number, notes[number]) for number in sorted(notes)))


def _footnotes(lines: list[_Line], running: set[str], body_size: float,
               ) -> list[tuple[int, str]]:
    """The footnotes a box holds ([] if it is not footnotes): small print below the
    text whose first line starts with a number. A line starting with a higher number
    starts the next note; any other line continues the note above it."""
    first = lines[0].text.strip()
    if (lines[0].top <= _FOOT or not all(line.size < body_size * _SMALL for line in lines)
            or _NOTE_START.match(first) is None or _shape(first) in running
            or _PAGE_NUMBER.match(first)):
        return []
    notes: list[tuple[int, list[str]]] = []
    for line in lines:
        text = line.text.strip()
        start = _NOTE_START.match(text)
        if start is not None and (not notes or int(start.group(1) or start.group(2))
                                  > notes[-1][0]):  # "12 ships were lost" continues a note
            notes.append((int(start.group(1) or start.group(2)), [text[start.end():]]))
        else:
            notes[-1][1].append(text)
    return [(number, _join_lines(parts)) for number, parts in notes]


def _read(data: bytes, source: Path | str) -> tuple[list[_Box], int, str | None]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTChar, LTTextBox, LTTextLine
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psexceptions import PSException

    boxes: list[_Box] = []
    pages = 0
    try:
        for page in extract_pages(io.BytesIO(data), laparams=LAParams()):
            pages += 1
            height, width = page.height or 1.0, page.width or 1.0
            on_page: list[_Box] = []
            for element in page:
                if not isinstance(element, LTTextBox):
                    continue
                lines = []
                for line in element:
                    if not isinstance(line, LTTextLine):
                        continue
                    chars = [c for c in line if isinstance(c, LTChar)]
                    if not chars:
                        continue
                    lines.append(_line(chars, height))
                for run in _type_runs(lines):
                    on_page.append(_Box(pages, run, element.x0 / width, element.x1 / width,
                                        run[0].top))
            boxes.extend(_reading_order(on_page))
    except PDFPasswordIncorrect as exc:
        raise ArticleImportError(f"{source} is protected by a password; open it in a PDF "
                                 "reader, save an unprotected copy and import that.") from exc
    except PDFEncryptionError as exc:
        raise ArticleImportError(f"{source} is encrypted in a way that does not allow "
                                 "copying its text.") from exc
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AssertionError,
            IndexError, AttributeError) as exc:
        raise ArticleImportError(f"{source} is not a readable PDF (the file is damaged or "
                                 "not a PDF).") from exc
    return boxes, pages, None


def _type_runs(lines: list[_Line]) -> list[list[_Line]]:
    """A box's lines cut where the type changes: a heading set close above its first
    paragraph lands in the same box."""
    runs: list[list[_Line]] = []
    for line in lines:
        if runs and (runs[-1][-1].size, runs[-1][-1].bold) == (line.size, line.bold):
            runs[-1].append(line)
        else:
            runs.append([line])
    return runs


def _line(chars: list[object], height: float) -> _Line:
    """A line's text with note references as markers, and its dominant type."""
    sizes = Counter(round(c.size, 1) for c in chars)  # type: ignore[attr-defined]
    size = sizes.most_common(1)[0][0]
    baseline = min(c.y0 for c in chars if round(c.size, 1) == size)  # type: ignore[attr-defined]
    pieces: list[str] = []
    pending_note = ""
    for c in chars:
        text = c.get_text()  # type: ignore[attr-defined]
        raised = c.size < size * 0.9 and c.y0 > baseline + size * 0.2  # type: ignore[attr-defined]
        if raised and text.isdigit():
            pending_note += text
            continue
        if pending_note:
            pieces.append(note_marker(int(pending_note)))
            pending_note = ""
        pieces.append(text)
    if pending_note:
        pieces.append(note_marker(int(pending_note)))
    bold = all("bold" in c.fontname.lower() or "black" in c.fontname.lower()  # type: ignore[attr-defined]
               for c in chars if not c.get_text().isspace())  # type: ignore[attr-defined]
    y1 = max(c.y1 for c in chars)  # type: ignore[attr-defined]
    y0 = min(c.y0 for c in chars)  # type: ignore[attr-defined]
    return _Line(" ".join("".join(pieces).split()), size, bold,
                 top=1.0 - y1 / height, bottom=1.0 - y0 / height)


def _continues(previous: str, text: str) -> bool:
    """A paragraph cut by a page or column break: no sentence end, then a lowercase word."""
    return not previous.rstrip().endswith((".", "!", "?", ":", '"', "\u201d", ")")) \
        and text[:1].islower()


def _join_lines(lines: list[str]) -> str:
    """Lines of a paragraph as one text; a hyphen at a line end before a lowercase word
    was only there to break the word."""
    text = ""
    for line in (line.strip() for line in lines):
        if not line:
            continue
        if text.endswith("-") and line[:1].islower() and text[-2:-1].isalpha():
            text = text[:-1] + line
        else:
            text = f"{text} {line}" if text else line
    return text


def _body_size(boxes: list[_Box]) -> float:
    """The size most of the text is set in, weighted by characters."""
    sizes: Counter[float] = Counter()
    for box in boxes:
        for line in box.lines:
            sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _shape(text: str) -> str:
    """A running line's text with its numbers blurred ("Chapter 2 · page 7" ≈ "page 8")."""
    return re.sub(r"\d+", "#", text.strip().casefold())


def _in_margin(line: _Line) -> bool:
    return line.bottom < _MARGIN + 0.03 or line.top > 1.0 - _MARGIN - 0.03


def _running_lines(boxes: list[_Box], pages: int) -> set[str]:
    """Shapes of lines repeated in the top or bottom margin of at least half the pages."""
    if pages < 2:
        return set()
    seen: dict[str, set[int]] = {}
    for box in boxes:
        if len(box.lines) == 1 and _in_margin(box.lines[0]):  # a header stands alone
            seen.setdefault(_shape(box.lines[0].text), set()).add(box.page)
    return {shape for shape, on in seen.items() if len(on) >= max(2, pages // 2)}


def _is_furniture(line: _Line, running: set[str], body_size: float) -> bool:
    """A page number, a line repeated on most pages, or small print alone in the margin."""
    if not _in_margin(line):
        return False
    text = line.text.strip()
    return (not text or _PAGE_NUMBER.match(text) is not None or _shape(text) in running
            or (line.size < body_size * 0.9 and len(text.split()) <= 12))
