"""An e-book's footnotes and endnotes: what each note says, kept out of the study text.

EPUB 3 marks a reference epub:type="noteref" and its note epub:type="footnote" or
"endnote" (an <aside>, or an item of an endnotes section, often in a chapter of its own);
DPUB-ARIA says the same with role="doc-noteref" / "doc-footnote"; older books link a
number to the note's id (<sup><a href="#fn1">1</a></sup>, or notes.xhtml#n1) and set the
note as a paragraph or list item that starts with its number. In every case a reference
is a link to an element by id, so the element a note reference points at is the note.

Books restart their numbers in each chapter; the article numbers its notes 1, 2, … in
reading order, as the reader shows them. Each reference becomes that number's note
marker (which the HTML walker keeps as a reference of its sentence, never as text), and
each note and the notes' own sections leave the chapter.
"""

from __future__ import annotations

import posixpath
import re
import urllib.parse

from selectolax.lexbor import LexborHTMLParser, LexborNode

from app.core.articles.importers.html import joined, note_number, parse_page
from app.core.articles.importers.sentences import note_marker, strip_note_markers
from app.core.articles.model import Footnote

_NOTE = re.compile(r"\b(?:foot|end|rear)note\b")  # epub:type of one note
_NOTES = re.compile(r"\b(?:foot|end|rear)notes\b")  # epub:type of a section of notes
_NOTE_ROLES = frozenset({"doc-footnote", "doc-endnote"})
_REFERENCE_ROLES = frozenset({"doc-noteref"})
#: What a note is set in, climbing from the element its reference points at.
_NOTE_BLOCKS = frozenset({"aside", "li", "p", "div", "dd", "td", "section"})
_NOTE_MAX_WORDS = 300  # a longer "note" is a part of the book a number links to
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_LEADING_NUMBER = re.compile(r"^\[?\d{1,4}\]?[.):]?\s*")
_BACK_ARROWS = " ↩↑^\ufe0e"
_SHORT_MARK = 4  # characters: "1", "[12]", "*", "†"

Key = tuple[str, str]  # (the chapter's path in the book, the note's id)


class BookNotes:
    """The chapters of one book, read for their notes before any is walked."""

    def __init__(self) -> None:
        self._chapters: dict[str, str] = {}  # as read, in reading order
        self._trees: dict[str, LexborHTMLParser] = {}  # parsed when links or notes need it
        self._ids: dict[str, dict[str, LexborNode]] = {}
        self._numbers: dict[Key, int] = {}
        self._texts: dict[int, str] = {}
        self._notes: dict[str, list[LexborNode]] = {}  # by chapter: the notes to take out

    def add(self, href: str, chapter: str) -> None:
        """Read a chapter (in reading order); its notes can be referred to from anywhere."""
        self._chapters[href] = chapter

    def number_references(self) -> None:
        """Number every note by its first reference in reading order; put markers in."""
        for href, chapter in self._chapters.items():
            if not _links_to_an_id(chapter):
                continue  # no link to an id: no reference (a book without notes costs nothing)
            for link in self._tree(href).css("a[href]"):
                key = self._target(href, link.attributes.get("href") or "")
                note = self._note_at(key) if key else None
                if key is None or note is None or not _is_reference(link, note) or \
                        self._in_a_note(link):  # a note's link back to its reference
                    continue
                if key not in self._numbers:
                    number = self._numbers[key] = len(self._numbers) + 1
                    self._texts[number] = _note_text(note, (link.text(deep=True) or "").strip())
                    self._notes.setdefault(key[0], []).append(note)
                mark = link.parent if _only_child_of_sup(link) else link
                if mark is not None:
                    mark.replace_with(note_marker(self._numbers[key]))

    def chapter(self, href: str) -> str:
        """The chapter without its notes, their sections and its note references' digits."""
        tree = self._trees.get(href)
        if tree is None:
            return self._chapters[href]
        for note in self._notes.get(href, []):
            note.decompose()
        if tree.root is not None:
            for section in [node for node in tree.root.traverse() if _is_notes_section(node)]:
                section.decompose()
        return tree.html or ""

    def _tree(self, href: str) -> LexborHTMLParser:
        tree = self._trees.get(href)
        if tree is None:
            tree = self._trees[href] = parse_page(self._chapters[href])
            self._ids[href] = {node.id: node for node in tree.root.traverse()
                               if node.id} if tree.root is not None else {}
        return tree

    def footnotes(self) -> tuple[Footnote, ...]:
        return tuple(Footnote(number, text) for number, text in sorted(self._texts.items())
                     if text)

    def _in_a_note(self, node: LexborNode) -> bool:
        taken = {note.mem_id for notes in self._notes.values() for note in notes}
        while node is not None:
            if node.mem_id in taken or _is_notes_section(node) or _NOTE.search(
                    node.attributes.get("epub:type") or "") or \
                    node.attributes.get("role") in _NOTE_ROLES:
                return True
            node = node.parent
        return False

    def _target(self, href: str, link_href: str) -> Key | None:
        path, _, fragment = link_href.partition("#")
        if not fragment or "://" in path:
            return None
        chapter = href if not path else posixpath.normpath(
            posixpath.join(posixpath.dirname(href), urllib.parse.unquote(path)))
        return chapter, urllib.parse.unquote(fragment)

    def _note_at(self, key: Key) -> LexborNode | None:
        if key[0] not in self._chapters:
            return None  # a link out of the book, or to a page left out
        self._tree(key[0])
        node = self._ids[key[0]].get(key[1])
        while node is not None and node.tag not in _NOTE_BLOCKS:
            node = node.parent
        if node is None or node.tag == "body" or node.css_first(", ".join(_HEADINGS)):
            return None
        if len((node.text(deep=True) or "").split()) > _NOTE_MAX_WORDS:
            return None
        return node


def _is_reference(link: LexborNode, note: LexborNode) -> bool:
    """A link is a note reference when it says so, or when it is a number raised or
    pointing at an element that says it is a note."""
    text = (link.text(deep=True) or "").strip()
    if not text or len(text) > _SHORT_MARK + 2:
        return False
    if "noteref" in (link.attributes.get("epub:type") or "") or (
            link.attributes.get("role") in _REFERENCE_ROLES):
        return True
    if note_number("a", text, link.attributes) is not None:
        return True
    if note_number("sup", text, {}) is None:
        return False  # not a number
    return _only_child_of_sup(link) or _says_note(note)


def _links_to_an_id(chapter: str) -> bool:
    """Whether any link of a chapter points at an id ("#n1", "notes.xhtml#n1"); a scan
    of its tags' text, quicker than a regular expression over the whole chapter."""
    at = chapter.find("href=")
    while at >= 0:
        end = chapter.find(">", at)
        if "#" in chapter[at:end if end >= 0 else None]:
            return True
        at = chapter.find("href=", end) if end >= 0 else -1
    return False


def _says_note(node: LexborNode | None) -> bool:
    while node is not None and node.tag != "body":
        kinds = node.attributes.get("epub:type") or ""
        if _NOTE.search(kinds) or _NOTES.search(kinds) or \
                node.attributes.get("role") in (*_NOTE_ROLES, "doc-endnotes") or \
                "footnote" in (node.attributes.get("class") or ""):
            return True
        node = node.parent
    return False


def _is_notes_section(node: LexborNode) -> bool:
    return bool(_NOTES.search(node.attributes.get("epub:type") or "")) or \
        node.attributes.get("role") == "doc-endnotes"


def _only_child_of_sup(link: LexborNode) -> bool:
    parent = link.parent
    return parent is not None and parent.tag == "sup" and (
        (parent.text(deep=True) or "").strip() == (link.text(deep=True) or "").strip())


def _note_text(note: LexborNode, mark: str) -> str:
    """What a note says, without its own number or mark ("1.", "[1]", "*") or its
    back-link arrow."""
    text = strip_note_markers(joined(note.text(deep=True, separator=" ") or ""))
    if mark and not mark[0].isalnum() and text.startswith(mark):
        text = text[len(mark):]
    return _LEADING_NUMBER.sub("", text.strip()).rstrip(_BACK_ARROWS).strip()
