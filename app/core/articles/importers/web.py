"""Saved web pages → Article: trafilatura finds the article, we keep its structure.

Why trafilatura: real pages wrap a few paragraphs in menus, cookie banners,
share boxes, "most read" lists, comments and footers, and no handful of CSS
rules tells them apart from the article on every site. trafilatura (Apache-2.0,
with lxml_html_clean) is made for exactly this and returns the main content as
a small XML tree (`head`, `p`, `list`/`item`, `quote`, `table`, `lb`) plus the
page's metadata (headline, author, date, URL, site name).

What we add around it, because study text needs it and trafilatura does not:

* before extraction, footnote references (<sup>1</sup>, Wikipedia's
  [1]) become note markers, MathML becomes its TeX annotation once (never the
  flattened symbols *and* the TeX), "[edit]" links and similar debris go, and
  figure captions are marked so they stay captions and are never glued to text;
* after extraction, reference lists and link sections ("References", "See
  also", "External links", "Related stories", "Tags" …) are left out with
  everything under them, and the headline loses a site-name/date suffix;
* the reference lists among them are kept apart as the article's `sources`
  (read from the whole page, since trafilatura drops most of them): the reader
  shows them folded away, and no card is ever made from them.

A page where trafilatura finds no main content (a tiny hand-written page, a
bare fragment) is read by the structural walker of `html.py` instead, which is
also what reads clean documents such as EPUB chapters.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import re
import string
from collections.abc import Iterable, Iterator

import htmldate
import lxml.html
import trafilatura
from lxml import etree
from trafilatura.settings import use_config

from app.core.articles.importers.front_matter import fallback_title
from app.core.articles.importers.html import (
    HtmlPage,
    joined,
    parse_html,
    read_html,
    split_caption,
)
from app.core.articles.importers.sentences import strip_note_markers
from app.core.articles.importers.structure import (
    HEADING_MAX_WORDS,
    NUMBERED,
    SOURCE_HEADINGS,
    Item,
    build_article,
    is_source_heading,
    is_source_list,
)
from app.core.articles.model import Article, SourceList

#: Sections of apparatus: everything under such a heading is left out.
_APPARATUS = re.compile(
    NUMBERED + f"(?:{SOURCE_HEADINGS}|"
    r"comments?|leave a (?:comment|reply)|(?:\d+ )?(?:comments?|responses?|replies))$",
    re.IGNORECASE)
#: The page's own lines that follow a reference list on blogs: the list ends there.
_AFTER_SOURCES = re.compile(r"^(?:(?:add|leave|post|write) a (?:comment|reply)|posted by\b|"
                            r"(?:newer|older) posts?\b|created\b|edited\b|share\b|tags?:)",
                            re.IGNORECASE)
#: Site furniture: the heading and the short blurbs and links under it are left out, but
#: the article may go on below such a box without a heading of its own.
_FURNITURE = re.compile(
    NUMBERED + r"(?:related(?: articles| stories| posts| content| news| topics| reading|"
    r" terms| links)?|"
    r"more (?:from|on|stories|articles)\b.*|most (?:read|popular|viewed)|latest(?: news| stories)?|"
    r"you (?:may|might) also like|read (?:more|next)|recommended(?: for you)?|"
    r"(?:share|follow)(?: this| us)?(?: article| story| post)?|tags?|topics|"
    r"about the authors?|author|(?:\w+ ){0,3}newsletters?|contents|table of contents|"
    r"on this page|in this (?:article|section)|navigation(?: menu)?|"
    r"(?:media |press )?contacts?|contact us|(?:join|subscribe to) our newsletter|"
    r"sign up.*newsletter.*|donate.*|support (?:us|our work)|advertisement)$",
    re.IGNORECASE)
_BLURB_WORDS = 30  # under a furniture heading, text this short is the box's own
#: Headings that only count what follows ("2 Answers"): the heading goes, the text stays.
_COUNTING = re.compile(r"^\d+\s+(?:answers?|replies|responses|comments?)$", re.IGNORECASE)
_EDIT_DEBRIS = re.compile(r"\s*\[\s*(?:edit|edit source|update|citation needed)\s*\]\s*",
                          re.IGNORECASE)
#: A wiki's or CMS's page-info line ("page revision: 8, last edited: 17 Jun 2018").
_PAGE_INFO = re.compile(r"^(?:page revision:?\s*\d+,\s*)?(?:this page was )?last "
                        r"(?:edited|modified|updated|changed)\b", re.IGNORECASE)
_TITLE_SEPARATORS = (" | ", " – ", " — ", " - ", " :: ", " « ", " » ", " · ")

_SHORT_KEY = 24  # letters: a shorter item must be a whole line of the main text
_PROSE_WORDS = 12  # the article's first paragraph this long: its byline area is above
_JANUARY_FIRST = re.compile(r"\bjan|\b0?1[./-]0?1\b|-01-01\b", re.IGNORECASE)
_DATE_LINES_BELOW = 3  # lines below it that may still be its byline ("asked Mar 3, 2021")
_PREFIX = 80  # letters: an item whose opening is main text is main text
_WINDOW = 4000  # letters of main text the walker may lack between two kept items


def _config() -> object:
    """trafilatura's defaults, except that a short article is still an article."""
    config = use_config()
    for key in ("MIN_EXTRACTED_SIZE", "MIN_OUTPUT_SIZE", "MIN_EXTRACTED_COMM_SIZE",
                "MIN_OUTPUT_COMM_SIZE"):
        config.set("DEFAULT", key, "1")
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")  # signals only work on the main thread
    return config


_CONFIG = _config()


def _key(text: str) -> str:
    """Text without spacing, digits, ASCII punctuation and note markers ("[2]" in one
    reader is a marker in the other): both readers agree on the rest.
    (A few str.replace and one bytes.translate: str.translate with a table, let alone
    a regex, costs more per paragraph than trafilatura's extraction.)"""
    for char in _UNKEYED_OTHER:
        if char in text:
            text = text.replace(char, "")
    return text.casefold().encode().translate(None, _UNKEYED_ASCII).decode()


_UNKEYED_ASCII = (string.punctuation + "0123456789\t\n\r\f\v ").encode()
_UNKEYED_OTHER = "\xa0\u2002\u2003\u2009\u200a\u200b\u202f\u3000\ue000\ue001"


#: trafilatura puts a <pre> (a code block) in a <quote> of its own text.
_LINE_TAGS = ("p", "head", "item", "cell", "code", "quote")


def _main_lines(body: etree._Element) -> Iterator[str]:
    """Every line of trafilatura's main text in order; a <lb/> ends a line."""
    for lb in body.iter("lb"):
        lb.tail = "\n" + (lb.tail or "")
    for node in body.iter(*_LINE_TAGS):
        if any(True for _ in node.iterdescendants("p", "item", "cell")):
            continue  # a cell or item holding paragraphs: those are its lines
        if node.tag == "code" and any(True for _ in node.iterancestors(*_LINE_TAGS)):
            continue  # inline code: part of its paragraph's line
        yield from "".join(node.itertext()).split("\n")


_LOOSE_TEXT_HOLDERS = ("div", "section", "article", "main", "td", "th", "body", "center",
                       "dd", "blockquote", "span", "font")
_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "center", "dd", "details", "dialog", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
    "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "br"})
#: Pages may nest deeper than libxml2 allows by default (see html.limit_nesting).
_PARSER = lxml.html.HTMLParser(huge_tree=True, remove_comments=True)


def _wrap_loose_text(tree: etree._Element) -> None:
    """Put text standing directly in a <div> (or <td>, <section>…) into <p>s.

    trafilatura reads paragraphs, so a page built of bare <div>s would lose its
    text; a run of text and inline elements between two blocks is the paragraph
    a reader sees there (as the structural walker reads it too).
    """
    for holder in list(tree.iter(*_LOOSE_TEXT_HOLDERS)):
        children = list(holder)
        if not (holder.text or "").strip() and not any((c.tail or "").strip() for c in children):
            continue
        if holder.tag in ("span", "font") or not any(
                isinstance(c.tag, str) and c.tag in _BLOCK_TAGS for c in children):
            if holder.tag not in ("span", "font", "body", "td", "th", "blockquote", "dd"):
                holder.tag = "p"  # only inline content: the element is a paragraph
            continue
        rebuilt: list[etree._Element] = []
        text, inline = holder.text or "", []
        for child in children:
            holder.remove(child)
            if isinstance(child.tag, str) and child.tag in _BLOCK_TAGS:
                rebuilt.extend(_paragraph_of(text, inline))
                text, inline, child.tail = child.tail or "", [], None
                rebuilt.append(child)
            else:
                inline.append(child)
        rebuilt.extend(_paragraph_of(text, inline))
        holder.text = None
        holder.extend(rebuilt)


def _paragraph_of(text: str, inline: list[etree._Element]) -> list[etree._Element]:
    """A <p> of a loose text run and its inline elements; none if it has no text."""
    if not text.strip() and not any("".join(e.itertext()).strip() for e in inline):
        return []
    paragraph = lxml.html.Element("p")
    paragraph.text = text
    paragraph.extend(inline)
    return [paragraph]


_QA_PAGE = "schema.org/QAPage"
_ANSWER_TEXT = ('//*[@itemprop="acceptedAnswer" or @itemprop="suggestedAnswer"]'
                '//*[@itemprop="text"]')


def _answer_lines(tree: etree._Element, page: str) -> list[str]:
    """The answers of a question-and-answer page (schema.org QAPage microdata, as Stack
    Exchange and most forums mark them up), which trafilatura leaves out like comments
    although they are what the student came for. Read before extraction, which prunes
    the tree."""
    if _QA_PAGE not in page or not any(
            str(kind).rstrip("/").endswith(_QA_PAGE) for kind in tree.xpath("//@itemtype")):
        return []
    return [line for answer in tree.xpath(_ANSWER_TEXT)
            for node in answer.iter("p", "li", "pre", "h1", "h2", "h3", "h4", "h5", "h6")
            for line in "".join(node.itertext()).split("\n")]


class _MainText:
    """trafilatura's main text, to ask in document order whether a walker item is in it."""

    def __init__(self, body: etree._Element, more: Iterable[str] = ()) -> None:
        """`more`: lines of main text trafilatura does not return, after its own."""
        self.stream = ""
        self.lines: dict[str, list[int]] = {}
        parts: list[str] = []
        at = 0
        for line in itertools.chain(_main_lines(body), more):
            key = _key(line)
            if key:
                self.lines.setdefault(key, []).append(at)
                parts.append(key)
                at += len(key)
        self.stream = "".join(parts)
        self.cursor = 0

    def take(self, text: str) -> bool:
        key = _key(text)
        if not key:
            return False
        if len(key) >= _SHORT_KEY:
            # whole, or its opening (trafilatura drops link lists nested in an item)
            for probe in (key, key[:_PREFIX]) if len(key) > 2 * _PREFIX else (key,):
                found = self.stream.find(probe, self.cursor, self.cursor + len(probe) + _WINDOW)
                if found >= 0:
                    self.cursor = found + len(probe)
                    return True
        starts = self.lines.get(key, [])
        at = bisect.bisect_left(starts, self.cursor)
        later = starts[at] if at < len(starts) else None
        if later is None and starts and len(key) >= _SHORT_KEY:
            later = starts[-1]  # the walker met it earlier than trafilatura did
        if later is None:
            return False
        self.cursor = max(self.cursor, later + len(key))
        return True


def _select(items: list[Item], main: _MainText) -> list[bool]:
    """Which walker items are main text: text trafilatura kept, captions of pictures
    among such text, and headings with kept text under them."""
    kept = [kind not in ("heading", "caption") and main.take(text) for kind, text in items]
    _keep_whole_lists(items, kept)
    for i, (kind, _) in enumerate(items):
        if kind == "caption":
            kept[i] = _nearest_text_kept(items, kept, i, -1) or \
                _nearest_text_kept(items, kept, i, 1)
    for i in range(len(items) - 1, -1, -1):  # backwards: a heading's text is decided
        if items[i][0] == "heading":
            kept[i] = i + 1 < len(items) and (kept[i + 1] or items[i + 1][0] == "heading" and
                                              _has_kept_text_below(items, kept, i))
    return kept


def _keep_whole_lists(items: list[Item], kept: list[bool]) -> None:
    """A list of the article is kept whole: trafilatura drops items of a list it keeps
    others of (Doxygen's FAQ loses two of three points of "Check the following:").
    A run of items counts as the article's when one of them is kept and the text just
    before it is too (a menu's list follows no kept paragraph)."""
    at = 0
    while at < len(items):
        if items[at][0] != "item":
            at += 1
            continue
        end = at
        while end < len(items) and items[end][0] == "item":
            end += 1
        if any(kept[at:end]) and (at == 0 or kept[at - 1]):
            kept[at:end] = [True] * (end - at)
        at = end


def _nearest_text_kept(items: list[Item], kept: list[bool], at: int, step: int) -> bool:
    """Whether the nearest paragraph-like item before (step -1) or after (+1) is kept."""
    i = at + step
    while 0 <= i < len(items) and items[i][0] in ("caption", "heading"):
        i += step
    return 0 <= i < len(items) and kept[i]


def _has_kept_text_below(items: list[Item], kept: list[bool], at: int) -> bool:
    """A heading followed directly by subheadings is kept when one of them is."""
    i = at + 1
    while i < len(items) and items[i][0] == "heading":
        if kept[i]:
            return True
        i += 1
    return False


def _without_apparatus(items: list[Item], levels: list[int]) -> list[Item]:
    """Leave out reference lists and comments with all under them, and site furniture
    (share, newsletter, "most read" boxes) with its short blurbs."""
    result: list[Item] = []
    skip_below: int | None = None  # inside an apparatus section of this heading level
    in_box = False  # right under a furniture heading
    for at, ((kind, text), level) in enumerate(zip(items, levels, strict=True)):
        if kind == "heading":
            text = _EDIT_DEBRIS.sub(" ", text).strip()
            if skip_below is not None and level > skip_below:
                continue
            bare = text.strip(" :")
            skip_below = level if _APPARATUS.match(bare) and (
                not is_source_heading(bare) or
                is_source_list(bare, _body_of(items, levels, at))) else None
            in_box = skip_below is None and _FURNITURE.match(bare) is not None
            if skip_below is None and not in_box and not _COUNTING.match(text):
                result.append((kind, text))
        elif skip_below is None:
            if in_box and len(text.split()) < _BLURB_WORDS:
                continue
            if _PAGE_INFO.match(text) and len(text.split()) <= HEADING_MAX_WORDS:
                continue
            in_box = False  # prose again: the article goes on below the box
            result.append((kind, text))
    return result


def _body_of(items: list[Item], levels: list[int], heading_at: int) -> list[Item]:
    """The items under the heading at `heading_at`, its subsections' included."""
    end = next((i for i in range(heading_at + 1, len(items))
                if items[i][0] == "heading" and levels[i] <= levels[heading_at]), len(items))
    return items[heading_at + 1:end]


def _source_lists(items: list[Item], levels: list[int], start: int) -> tuple[SourceList, ...]:
    """The reference lists after the article's first kept item: the text under each
    source-list heading ("References", "See also"), each subheading its own list.

    A list ends at the next heading of its rank, and where the page goes on with its
    own furniture: a paragraph after list items ("Posted by … at 2:33 PM"), or a line
    such as "Add a comment"."""
    lists: list[SourceList] = []
    inside: int | None = None  # the level of the source-list heading we are under
    title, entries, kinds = "", [], set()

    def close() -> None:
        if entries:
            lists.append(SourceList(title, tuple(entries)))

    for at, ((kind, text), level) in enumerate(zip(items, levels, strict=True)):
        if at < start:
            continue
        if kind == "heading":
            heading = _EDIT_DEBRIS.sub(" ", text).strip(" :")
            if inside is not None and level > inside or is_source_list(
                    heading, _body_of(items, levels, at)):
                close()
                title, entries, kinds = heading, [], set()
                inside = level if inside is None or level <= inside else inside
            elif inside is not None and level <= inside:
                close()
                inside, entries = None, []
            continue
        if inside is None or kind == "caption":
            continue
        entry = strip_note_markers(text)
        if _AFTER_SOURCES.match(entry) or (kind == "paragraph" and "item" in kinds):
            close()
            inside, entries = None, []  # the page's furniture: the sources are over
            continue
        if entry:
            entries.append(entry)
            kinds.add(kind)
    close()
    return tuple(lists)


def _headline_in_text(items: list[Item], page_title: str | None) -> tuple[str, int] | None:
    """The headline of a page that sets it in a styled <div>, not an <h1> (wikis, Doxygen),
    and how many opening lines it takes: the first line of the main text when the page's
    <title> starts with exactly it ("Enchufla Figuren" of "Enchufla Figuren - Salsa-Figuren -
    Rueda in Berlin"), or the second when the first is the site's name the <title> starts
    with ("Doxygen", then "Getting started", of "Doxygen: Getting started")."""
    lines = [strip_note_markers(text) for kind, text in items[:2]
             if kind in ("heading", "paragraph")]
    if not lines or items[0][0] not in ("heading", "paragraph") or not page_title:
        return None
    first, whole = lines[0], " ".join(page_title.split())
    if len(first.split()) > HEADING_MAX_WORDS or len(first) >= len(whole):
        return None
    for sep in (*_TITLE_SEPARATORS, ": "):
        if whole.startswith(first + sep):
            rest = whole[len(first + sep):]
            if len(lines) > 1 and _key(lines[1]) == _key(rest):
                return lines[1], 2
            return (first, 1) if sep != ": " else None
    return None


def _publication_date(page: HtmlPage, kept: list[bool]) -> str | None:
    """The date the page was published: from its metadata (meta tags, JSON-LD, a <time>),
    a date line above the article's first paragraph of prose or just below it (a byline,
    "asked Mar 3, 2021"), or the page's own "last edited" line; never from the text
    itself, whose dates are those of what it tells or cites (Wikipedia's "Retrieved
    2007-09-08", a FAQ's "in 2002")."""
    first_prose = next((i for i, ((kind, text), keep) in enumerate(zip(page.items, kept,
                                                                        strict=True))
                        if keep and kind == "paragraph" and len(text.split()) >= _PROSE_WORDS),
                       None)
    opening = _key(page.items[first_prose][1])[:_PREFIX] if first_prose is not None else ""
    tree = lxml.html.document_fromstring(page.html, parser=_PARSER)
    page_info = _page_info_lines(tree)
    found = htmldate.find_date(_cut_above(tree, opening), extensive_search=False,
                               original_date=True)
    if found:
        return found
    below = zip(page.items[first_prose + 1:first_prose + 1 + _DATE_LINES_BELOW],
                kept[first_prose + 1:], strict=False) if first_prose is not None else ()
    lines = [text for (kind, text), keep in below if kind == "paragraph" and not keep
             and _key(text) and len(text.split()) <= HEADING_MAX_WORDS] + page_info
    if not lines:
        return None
    snippet = lxml.html.Element("div")
    for line in lines:
        etree.SubElement(snippet, "p").text = line
    # short lines only: htmldate's search of their text finds "asked Mar 3, 2021"; where
    # it finds only a year ("Sun Feb  2 20:23:50 2020") it says 1 January: no date
    found = htmldate.find_date(snippet, extensive_search=True, original_date=True)
    if found and found.endswith("-01-01") and not any(_JANUARY_FIRST.search(line)
                                                      for line in lines):
        return None
    return found


def _page_info_lines(tree: etree._Element) -> list[str]:
    """The page's own "Last edited on 3 May 2024" lines, wherever they stand (a footer)."""
    lines = []
    for text in tree.xpath('//body//text()[contains(translate(., "LAST", "last"), "last ")]'):
        parent = text.getparent()
        for line in (" ".join(text.split()), " ".join("".join(parent.itertext()).split())):
            if _PAGE_INFO.match(line) and len(line.split()) <= HEADING_MAX_WORDS:
                lines.append(line)
                break
    return lines


def _cut_above(tree: etree._Element, opening: str) -> etree._Element:
    """The page with its metadata, cut above the block whose text starts with `opening`
    (the article's first paragraph): its <head>, with the meta tags and JSON-LD that
    pages put in the body moved there, and the page's top."""
    head = tree.find("head")
    if head is None:
        head = lxml.html.Element("head")
        tree.insert(0, head)
    for node in tree.xpath('//body//meta | //body//script[@type="application/ld+json"]'):
        head.append(node)
    first = next((node for node in tree.iter("p", "div", "li", "td")
                  if _key("".join(node.itertext())).startswith(opening)), None) \
        if opening else None
    if first is not None:
        for node in (first, *first.iterancestors()):
            if node.getparent() is None:
                break
            for later in list(node.itersiblings()):
                node.getparent().remove(later)
        first.getparent().remove(first)
    return tree


def _title_guessed(document_title: str | None, page: HtmlPage) -> bool:
    """Whether trafilatura's title is only its last guess, the first <h2>, made when the
    page names itself nowhere (no <title>, <h1> or og:title: an article body saved on
    its own, as a wiki's API returns it): a section's heading or "Contents", no title."""
    return bool(document_title) and not (page.page_title or page.title) and \
        "og:title" not in page.html


#: Author fields some sites fill with a role, not a name.
_NO_AUTHOR = frozenset({"user", "admin", "administrator", "anonymous", "guest", "staff",
                        "editor", "author", "unknown"})


def _byline(author: str | None) -> str | None:
    return None if not author or author.strip().casefold() in _NO_AUTHOR else author


def clean_title(title: str, site_name: str | None) -> str:
    """The headline without the site name or date the page adds ("… | DW | 19.01.2020",
    "GitHub - …")."""
    title = joined(title)
    site = (site_name or "").casefold()
    for sep in _TITLE_SEPARATORS:  # a site name in front
        head, found, tail = title.partition(sep)
        if found and len(tail) >= 12 and site and (head.casefold() in site
                                                   or site in head.casefold()):
            title = tail.strip()
            break
    for _ in range(3):
        for sep in _TITLE_SEPARATORS:
            head, found, tail = title.rpartition(sep)
            if not found or len(head) < 12:
                continue
            tail_key = tail.strip().casefold()
            is_site = bool(site) and (tail_key in site or site in tail_key)
            is_date = re.fullmatch(r"[\d./\- ]{6,12}|\w+ \d{1,2},? \d{4}", tail.strip()) is not None
            short_brand = len(tail.split()) <= 3 and tail[:1].isupper() and len(tail) <= 24
            if is_site or is_date or (short_brand and len(head.split()) >= 4):
                title = head.strip()
                break
        else:
            break
    return title


def parse_web_page(text: str, source_name: str = "", url: str | None = None) -> Article:
    """A saved web page (or a fetched one, with its `url`) as an Article."""
    page = read_html(text, whole_body=True)
    try:
        tree = lxml.html.document_fromstring(page.html, parser=_PARSER)
        _wrap_loose_text(tree)
        answers = _answer_lines(tree, page.html)
        document = trafilatura.bare_extraction(
            tree, url=url, include_comments=False, include_tables=True,
            include_images=False, include_formatting=False, include_links=False,
            with_metadata=True, config=_CONFIG, fast=True,
            # (its date is not used, see _publication_date: the cheapest search)
            date_extraction_params={"extensive_search": False})
    except (ValueError, etree.LxmlError):  # unparsable: read it plainly
        document = None
    body = getattr(document, "body", None)
    if document is None or body is None or not _key("".join(body.itertext())):
        return parse_html(text, source_name)  # no main content found: a plain document
    main = _MainText(body, answers)
    kept = _select(page.items, main)
    first_kept = next((i for i, keep in enumerate(kept) if keep), len(kept))
    sources = _source_lists(page.items, page.levels, first_kept)
    items = [item for item, keep in zip(page.items, kept, strict=True) if keep]
    levels = [level for level, keep in zip(page.levels, kept, strict=True) if keep]
    items = _without_apparatus(items, levels)
    headline = _headline_in_text(items, page.page_title)
    if headline:
        title, opening_lines = headline
        items = items[opening_lines - 1:]  # the site's name before the headline
    else:
        title = (clean_title(document.title, document.sitename)
                 if document.title and not _title_guessed(document.title, page) else "") \
            or page.title or page.page_title or ""
    while items and items[0][0] in ("heading", "paragraph") and _key(items[0][1]) == _key(title):
        items.pop(0)  # the headline repeated as the first heading (or styled <div>)
    caption, items = split_caption(items)
    article = build_article(items, title=title or fallback_title(
                                [strip_note_markers(t) for _, t in items], source_name),
                            source_name=source_name, date=_publication_date(page, kept),
                            byline=_byline(document.author) or page.byline, caption=caption)
    return dataclasses.replace(article, source_url=url or document.url or None, sources=sources,
                               footnote_texts=page.notes)
