"""Turning files into Articles: plain text, Markdown, web pages, EPUB and PDF.

Reading is separated from parsing so that every bad input — missing, empty,
binary, huge, undecodable — is refused with a message naming the file before
anything touches the collection.
"""

from __future__ import annotations

import re
from pathlib import Path

from app.core.articles.importers.markers import RESERVED
from app.core.articles.model import Article
from app.core.errors import ArticleImportError

MAX_BYTES = 20 * 1024 * 1024  # far beyond any article; protects the reader and the DB
TEXT_SUFFIXES = {".txt", ".text", ""}
MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
EPUB_SUFFIXES = {".epub"}
PDF_SUFFIXES = {".pdf"}
BINARY_SUFFIXES = EPUB_SUFFIXES | PDF_SUFFIXES
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | BINARY_SUFFIXES
#: For file dialogs: every kind of article StudyDesk reads.
FILE_PATTERNS = " ".join(f"*{s}" for s in sorted(SUPPORTED_SUFFIXES - {""}))


#: Control characters no text file holds (tab, line breaks and form feed aside). Counted
#: by a regex: a Python loop over 64K characters costs more than parsing a small page.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def read_source(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ArticleImportError(f"{path} cannot be read ({exc.strerror or exc}).") from exc
    if path.is_dir():
        raise ArticleImportError(f"{path} is a folder, not a file.")
    if size > MAX_BYTES:
        raise ArticleImportError(
            f"{path} is too large ({size / 1_048_576:.1f} MB); "
            f"articles up to {MAX_BYTES // 1_048_576} MB can be imported.")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ArticleImportError(f"{path} cannot be read ({exc.strerror or exc}).") from exc


def decode(path: Path | str, data: bytes, charset: str | None = None) -> str:
    """UTF-8 (with or without BOM), else the legacy Windows-1252 most old files use;
    a web server's declared `charset` first, when it names one Python knows."""
    if not data.strip():
        raise ArticleImportError(f"{path} is empty; there is nothing to import.")
    if b"\x00" in data[:65536] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ArticleImportError(f"{path} looks like a binary file, not a text article.")
    if charset and not data.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        try:
            data = data.decode(charset).encode("utf-8")
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown label: the content decides, as below
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ArticleImportError(
                f"{path} is damaged UTF-16 text (bad bytes at offset {exc.start}).") from exc
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _decode_lines(path, data)
    controls = len(_CONTROL.findall(text, 0, 65536))
    if controls > max(8, len(text[:65536]) // 100):
        raise ArticleImportError(f"{path} looks like a binary file, not a text article.")
    if not text.strip():
        raise ArticleImportError(f"{path} is empty; there is nothing to import.")
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ArticleImportError(f"{path} contains a NUL character (line {line}); it is not "
                                 "a plain text article. Nothing was imported.")
    for reserved in RESERVED:  # no input can forge a note reference or a caption
        text = text.replace(reserved, "")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_lines(path: Path, data: bytes) -> str:
    """Text that is not all UTF-8, decoded line by line: UTF-8 where a line is valid
    UTF-8, else Windows-1252 — so a file pasted together from both is not mojibaked."""
    lines = []
    for number, raw in enumerate(data.removeprefix(b"\xef\xbb\xbf").split(b"\n"), 1):
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            try:
                lines.append(raw.decode("cp1252"))
            except UnicodeDecodeError as exc:
                raise ArticleImportError(
                    f"{path} is not readable text: line {number} is neither UTF-8 nor "
                    f"Windows-1252 (bad byte at offset {exc.start} of the line).") from exc
    return "\n".join(lines)


def parse_file(path: Path, data: bytes) -> Article:
    """Parse already-read bytes by the file's type."""
    suffix = path.suffix.lower()
    if suffix in BINARY_SUFFIXES:
        if not data.strip():
            raise ArticleImportError(f"{path} is empty; there is nothing to import.")
        if suffix in EPUB_SUFFIXES:
            from app.core.articles.importers.epub import parse_epub as parse_binary
        else:
            from app.core.articles.importers.pdf import parse_pdf as parse_binary
        return _checked(path, parse_binary(data, source=path))
    text = decode(path, data)
    if suffix not in SUPPORTED_SUFFIXES:
        raise ArticleImportError(
            f"{path}: {suffix} files are not articles StudyDesk can read; import plain text "
            "(.txt), Markdown (.md), a web page (.html), an e-book (.epub) or a PDF (.pdf).")
    if suffix in MARKDOWN_SUFFIXES:
        from app.core.articles.importers.markdown import parse_markdown as parse
    elif suffix in HTML_SUFFIXES:
        from app.core.articles.importers.web import parse_web_page as parse
    else:
        from app.core.articles.importers.text import parse_text as parse
    return _checked(path, parse(text, source_name=path.name))


def parse_fetched_page(url: str, data: bytes, charset: str | None) -> Article:
    """A page fetched from `url` (see app.core.articles.fetch)."""
    from app.core.articles.importers.web import parse_web_page

    if len(data) > MAX_BYTES:
        raise ArticleImportError(f"{url} is too large to import.")
    return _checked(url, parse_web_page(decode(url, data, charset), source_name=url, url=url))


def _checked(source: Path | str, article: Article) -> Article:
    if not article.sections or not any(s.blocks for s in article.sections):
        raise ArticleImportError(f"{source} contains no readable paragraphs.")
    return article


def import_file(path: str | Path) -> Article:
    """Read and parse a file into an Article without storing it."""
    path = Path(path)
    return parse_file(path, read_source(path))
