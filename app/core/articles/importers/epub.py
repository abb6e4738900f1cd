"""EPUB → Article: each chapter of the spine, in reading order, its headings sections.

An EPUB is a zip of XHTML chapters listed by an OPF package file. The standard
library's zipfile and lxml read it (EbookLib, the usual library, is AGPL and
may not ship in the app). Chapters are clean documents, so they are read by the
structural walker of `html.py` (no boilerplate removal); their first <h1> is a
section heading, not the book's title, which comes from the package metadata.

Left out, as a reader skips them: the cover, the table of contents (the EPUB 3
nav document, the NCX), title and copyright pages — recognised by the package's
guide/landmarks, the item's properties, or an epub:type on the chapter body.

Footnotes and endnotes (epub_notes) are the article's footnote texts, never study text.
"""

from __future__ import annotations

import dataclasses
import io
import posixpath
import re
import urllib.parse
import zipfile
from pathlib import Path

from lxml import etree

from app.core.archives import ZIP_ERRORS
from app.core.articles.importers.epub_notes import BookNotes
from app.core.articles.importers.html import read_html
from app.core.articles.importers.structure import Item, build_article
from app.core.articles.model import Article
from app.core.errors import ArticleImportError

_NS = {"c": "urn:oasis:names:tc:opendocument:xmlns:container",
       "opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
_SKIPPED_TYPES = re.compile(
    r"\b(?:cover|toc|titlepage|title-page|copyright|copyright-page|imprint|colophon|"
    r"halftitlepage|frontispiece|landmarks|loi|lot)\b", re.IGNORECASE)
_SKIPPED_NAMES = re.compile(r"(?:^|[/_\-.])(?:cover|toc|nav|copyright|titlepage)"
                            r"(?:[_\-.]|\d|$)", re.IGNORECASE)
_EPUB_TYPE = re.compile(r"""<(?:body|section)\b[^>]*\bepub:type\s*=\s*["']([^"']+)["']""",
                        re.IGNORECASE)
_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def parse_epub(data: bytes, source: Path | str) -> Article:
    try:
        book = zipfile.ZipFile(io.BytesIO(data))
    except ZIP_ERRORS as exc:
        raise ArticleImportError(f"{source} is not a readable EPUB (the file is damaged or "
                                 "not an e-book).") from exc
    with book:
        names = set(book.namelist())
        if "META-INF/encryption.xml" in names and _has_encrypted_content(book, source):
            raise ArticleImportError(f"{source} is protected by DRM; StudyDesk can only import "
                                     "e-books without copy protection.")
        opf_path = _package_path(book, source)
        opf = _xml(book, opf_path, source)
        base = posixpath.dirname(opf_path)
        manifest = {item.get("id"): item for item in opf.iterfind("opf:manifest/opf:item", _NS)}
        skipped_hrefs = {_href(base, ref.get("href", "")) for ref in
                         opf.iterfind("opf:guide/opf:reference", _NS)
                         if _SKIPPED_TYPES.search(ref.get("type", ""))}
        notes = BookNotes()
        text_chapters: list[str] = []  # hrefs, in reading order
        for itemref in opf.iterfind("opf:spine/opf:itemref", _NS):
            entry = manifest.get(itemref.get("idref"))
            if entry is None:
                continue
            href = _href(base, entry.get("href", ""))
            if (href in skipped_hrefs or "nav" in (entry.get("properties") or "").split()
                    or _SKIPPED_NAMES.search(href)
                    or "html" not in (entry.get("media-type") or "")):
                continue
            try:
                chapter = _member(book, href, source).decode("utf-8", errors="replace")
            except KeyError:
                continue  # listed but missing: read what is there
            match = _EPUB_TYPE.search(chapter)
            if match and _SKIPPED_TYPES.search(match.group(1)):
                continue
            notes.add(href, chapter)  # a chapter out of the reading order may hold notes
            if itemref.get("linear") != "no":
                text_chapters.append(href)
        notes.number_references()
        items = [item for href in text_chapters for item in _chapter_items(notes.chapter(href))]
        meta = opf.find("opf:metadata", _NS)
        title = _first(meta, "dc:title") or Path(str(source)).stem
        article = build_article(items, title=title, source_name=Path(str(source)).name,
                                date=_first(meta, "dc:date"), byline=_first(meta, "dc:creator"))
        return dataclasses.replace(article, footnote_texts=notes.footnotes())


def _chapter_items(chapter: str) -> list[Item]:
    page = read_html(chapter, whole_body=True)
    items = list(page.items)
    heading = page.title or page.page_title
    if heading and not (items and items[0][0] == "heading"):
        items.insert(0, ("heading", heading))
    return items


def _href(base: str, href: str) -> str:
    return posixpath.normpath(posixpath.join(base, urllib.parse.unquote(href.split("#")[0])))


def _package_path(book: zipfile.ZipFile, source: Path | str) -> str:
    container = _xml(book, "META-INF/container.xml", source)
    rootfile = container.find("c:rootfiles/c:rootfile", _NS)
    if rootfile is None or not rootfile.get("full-path"):
        raise ArticleImportError(f"{source} is a damaged EPUB (it names no package file).")
    return rootfile.get("full-path", "")


def _member(book: zipfile.ZipFile, name: str, source: Path | str) -> bytes:
    """A member's bytes; KeyError when it is missing, a message when it is damaged."""
    try:
        return book.read(name)
    except KeyError:
        raise
    except ZIP_ERRORS as exc:
        raise ArticleImportError(f"{source} is a damaged EPUB ({name} cannot be read).") from exc


def _xml(book: zipfile.ZipFile, name: str, source: Path | str) -> etree._Element:
    try:
        return etree.fromstring(_member(book, name, source), _XML)
    except KeyError as exc:
        raise ArticleImportError(f"{source} is a damaged EPUB ({name} is missing).") from exc
    except etree.XMLSyntaxError as exc:
        raise ArticleImportError(f"{source} is a damaged EPUB ({name} cannot be read).") from exc


def _has_encrypted_content(book: zipfile.ZipFile, source: Path | str) -> bool:
    """Font obfuscation is harmless; anything else in encryption.xml is DRM."""
    text = _member(book, "META-INF/encryption.xml", source).decode("utf-8", errors="replace")
    algorithms = re.findall(r'Algorithm\s*=\s*"([^"]+)"', text)
    obfuscation = ("http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC")
    return any(a not in obfuscation and "xmlenc" in a for a in algorithms)


def _first(meta: etree._Element | None, tag: str) -> str | None:
    if meta is None:
        return None
    node = meta.find(tag, _NS)
    text = " ".join("".join(node.itertext()).split()) if node is not None else ""
    return text or None
