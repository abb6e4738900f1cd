"""HTML → Article, with selectolax (a fast, well-kept HTML5 parser) doing the parsing.

The article body is the page's <article> or <main> (else <body>) without
navigation, headers, footers, asides, scripts, forms and the footnote list.
<h1> is the title, <h2>–<h6> (and further <h1>s) start sections, <p>, <li> and
text standing directly in a <div>, <td> or <section> are paragraphs,
<blockquote> is a quote; <time> or the published-time meta tag gives the date,
the author meta tag or a .byline element the byline; <li> is a list item,
<figcaption> a caption (the first one, before any text, the article's caption). Footnote references (<sup>1</sup>, <a class="footnote-ref">) become
footnotes of their sentence, never text.

The body is walked once, node by node, so text nested in a <div> *and* a <p>
is read exactly once, and inline elements join their neighbours without an
invented space ("word<em>s</em>" stays "words").
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from app.core.articles.importers.front_matter import fallback_title
from app.core.articles.importers.sentences import note_marker, strip_note_markers
from app.core.articles.importers.structure import (
    MARKUP_HEADING_MAX_WORDS,
    Item,
    ItemKind,
    build_article,
)
from app.core.articles.model import Article, Footnote

_DROP = ("script, style, nav, header, footer, aside, form, noscript, template, svg, "
         ".byline, .footnotes, [role=doc-endnotes], [role=doc-backlink], [role=navigation], "
         # a wiki's furniture; an infobox is a table of fields beside the prose
         ".navbox, .infobox, .catlinks, .printfooter, #toc, .toc, [role=doc-toc]")
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_LEAF_BLOCKS = frozenset({"p", "li", "dt", "dd", "pre", "figcaption", "caption"})
_INLINE = frozenset({
    "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn",
    "em", "font", "i", "img", "ins", "kbd", "label", "mark", "q", "s", "samp", "small", "span",
    "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr"})
_NOTE_NUMBER = re.compile(r"^\[?(\d{1,4})\]?$")
_NOTE_HREF = re.compile(r"^#(?:fn|footnote|note|cite_note|endnote)", re.IGNORECASE)
_NOTE_CLASS = re.compile(r"\b(?:footnote-ref|footnote|noteref|reference)\b", re.IGNORECASE)


#: A space the joining put before closing punctuation: '<b>apt</b>, then' is 'apt, then'.
_SPACE_BEFORE_MARK = re.compile(r"\s+(?=[,.;:!?)\]’”](?:\s|$))")


def joined(text: str) -> str:
    """Text whose inline pieces were joined by spaces, in single spaces and with no space
    before a closing mark that followed an inline element."""
    return _SPACE_BEFORE_MARK.sub("", " ".join(text.split()))


def _text(node: Node) -> str:
    return joined(node.text(separator=" "))


def _meta(tree: HTMLParser, *selectors: str) -> str | None:
    for sel in selectors:
        node = tree.css_first(sel)
        if node is not None:
            value = node.attributes.get("content") or node.attributes.get("datetime") or _text(node)
            if value and value.strip():
                return value.strip()
    return None


def note_number(tag: str, text: str, attrs: dict[str, str | None]) -> int | None:
    """The number of a footnote reference element, else None.

    A numeric <sup> is a reference; so is a link marked up as one (Pandoc's
    class="footnote-ref", role="doc-noteref", an href to "#fn1" or "#cite_note-1").
    Shared with the web-page importer, which sees lxml elements, not selectolax nodes.
    """
    if tag not in ("sup", "a"):
        return None
    match = _NOTE_NUMBER.match(text.strip())
    if match is None:
        return None
    if tag == "sup":
        return int(match.group(1))
    if (attrs.get("role") == "doc-noteref" or _NOTE_CLASS.search(attrs.get("class") or "")
            or _NOTE_HREF.match(attrs.get("href") or "")):
        return int(match.group(1))
    return None


def _note_number(node: Node) -> int | None:
    return note_number(node.tag, node.text(deep=True) or "", node.attributes)


def _is_markup(tag: str) -> bool:
    """Comments, doctypes and the like: no text of their own."""
    return tag.startswith(("-", "_", "!")) and tag != "-text"


def _append_text(nodes: list[Node], pieces: list[str]) -> None:
    """Append the text of nodes and their descendants; note references become
    markers, nested block elements get spaces around them. Iterative, so absurdly
    deep markup cannot exhaust the stack."""
    stack: list[Node | str] = list(reversed(nodes))
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            pieces.append(node)
            continue
        tag = node.tag
        if tag == "-text":
            pieces.append(node.text_content or "")
        elif tag == "br":
            pieces.append(" ")
        elif not _is_markup(tag):
            number = _note_number(node)
            if number is not None:  # but 10<sup>6</sup> is a power of ten
                power = tag == "sup" and node.css_first("a") is None and _last_char(pieces)
                pieces.append(f"^{number}" if power and power.isdigit() else note_marker(number))
                continue
            pad = "" if tag in _INLINE else " "
            pieces.append(pad)
            stack.append(pad)
            stack.extend(reversed(list(node.iter(include_text=True))))


def _last_char(pieces: list[str]) -> str:
    return next((p[-1] for p in reversed(pieces) if p), "")


def _render(node: Node) -> str:
    pieces: list[str] = []
    _append_text(list(node.iter(include_text=True)), pieces)
    return " ".join("".join(pieces).split())


def _has_words(text: str) -> bool:
    return bool(strip_note_markers(text))


_LEAF_KINDS: dict[str, ItemKind] = {"li": "item", "dt": "item", "dd": "item",
                                    "figcaption": "caption", "caption": "caption"}


@dataclass
class _Walker:
    """Collects (kind, text) items from the body in document order.

    A <div>-like element's loose text runs are paragraphs (ended by a block
    element or <br>), its block children are walked in turn. `levels` holds each
    item's heading level (0 for text), for callers that cut sections by rank.
    """

    items: list[Item] = field(default_factory=list)
    levels: list[int] = field(default_factory=list)
    title: str | None = None

    def walk(self, root: Node) -> None:
        pieces: list[str] = []  # loose inline text of the innermost open container
        stack: list[tuple[Node | None, bool]] = [(None, False), (root, False)]
        while stack:
            node, quote = stack.pop()
            if node is None:  # a container ends
                self._paragraph(pieces, quote)
                continue
            tag = node.tag
            if tag == "-text" or tag in _INLINE:
                _append_text([node], pieces)
            elif tag == "br" or not _is_markup(tag):
                self._paragraph(pieces, quote)
                if tag in _HEADINGS:
                    self._heading(tag, strip_note_markers(_render(node)))
                elif tag in _LEAF_BLOCKS:
                    self._add(_render(node), quote, _LEAF_KINDS.get(tag, "paragraph"))
                elif tag != "br":
                    inner = quote or tag == "blockquote"
                    stack.append((None, inner))
                    stack.extend((c, inner) for c in reversed(list(node.iter(include_text=True))))

    def _heading(self, tag: str, text: str) -> None:
        if not text:
            return
        if len(text.split()) > MARKUP_HEADING_MAX_WORDS:  # a paragraph set in large type
            self._add(text, False)
            return
        if tag == "h1" and self.title is None and not self.items:
            self.title = text
        else:
            self.items.append(("heading", text))
            self.levels.append(int(tag[1]))

    def _paragraph(self, pieces: list[str], quote: bool) -> None:
        self._add(" ".join("".join(pieces).split()), quote)
        pieces.clear()

    def _add(self, text: str, quote: bool, kind: ItemKind = "paragraph") -> None:
        if _has_words(text):
            self.items.append(("quote" if quote and kind != "caption" else kind, text))
            self.levels.append(0)


def _drop_dateline(tree: HTMLParser) -> None:
    """A <time> standing on its own line is the date, not body text."""
    node = tree.css_first("time")
    if node is not None and node.parent is not None and node.parent.tag not in (
            _LEAF_BLOCKS | _INLINE):
        node.decompose()


_MATH_TEX = re.compile(r"^\{\\displaystyle\s*(.*)\}$", re.DOTALL)
#: Link debris and duplicates that no reader wants in study text: Wikipedia's
#: "[edit]" links and the image fallback that repeats every formula.
_DEBRIS = (".mw-editsection, .mwe-math-fallback-image-inline, .mwe-math-fallback-image-display, "
           ".mw-jump-link, .mw-cite-backlink, "
           # permalink marks beside headings: Sphinx's "¶", markdown-it/VuePress "#", anchor.js
           "a.headerlink, a.header-anchor, a.anchorjs-link, a.heading-anchor")


def _formula(math: Node) -> str:
    """A MathML formula as text once: its TeX annotation, else its alt text, else its symbols."""
    for annotation in math.css("annotation"):
        if (annotation.attributes.get("encoding") or "").lower() in ("application/x-tex", "tex"):
            tex = " ".join((annotation.text(deep=True) or "").split())
            match = _MATH_TEX.match(tex)
            return match.group(1).strip() if match else tex
    alt = math.attributes.get("alttext") or math.attributes.get("alt")
    return " ".join(alt.split()) if alt else _text(math)


def _clean_debris(tree: HTMLParser) -> None:
    for node in tree.css(_DEBRIS):
        node.decompose()
    for math in tree.css("math"):
        math.replace_with(_formula(math))


_CONTAINER_TAG = re.compile(
    r"<(/?)(div|section|article|main|span|font|center|aside|header|footer|nav)\b[^>]*>",
    re.IGNORECASE)
MAX_NESTING = 48  # containers: far more than any layout needs


def _cut(cuts: list[tuple[int, int]], text: str, span: tuple[int, int]) -> None:
    """Add a span to remove; one that follows the last after mere whitespace joins it."""
    if cuts and not text[cuts[-1][1]:span[0]].strip():
        cuts[-1] = (cuts[-1][0], span[1])
    else:
        cuts.append(span)


def limit_nesting(text: str) -> str:
    """The page with container tags nested deeper than MAX_NESTING replaced by line breaks.

    Why: every HTML5 parser checks the stack of open elements at each tag, so
    parsing is quadratic in nesting depth: 2 MB of nested <div>s took minutes.
    Nesting that deep carries no structure a reader sees; one linear pass over
    the tags removes it before any parser runs.
    """
    stack: list[tuple[str, bool]] = []  # (tag, dropped)
    open_count: dict[str, int] = {}
    cuts: list[tuple[int, int]] = []
    for match in _CONTAINER_TAG.finditer(text):
        closing, tag = match.group(1), match.group(2).lower()
        if not closing:
            if match.group(0).endswith("/>"):
                continue
            dropped = len(stack) >= MAX_NESTING
            stack.append((tag, dropped))
            open_count[tag] = open_count.get(tag, 0) + 1
            if dropped:
                _cut(cuts, text, match.span())
        elif open_count.get(tag):
            while stack:  # close up to the matching open tag, as a parser would
                name, dropped = stack.pop()
                open_count[name] -= 1
                if name == tag:
                    break
            if dropped:
                _cut(cuts, text, match.span())
    if not cuts:
        return text
    pieces, at = [], 0
    for start, end in cuts:  # a block's edge still ends a paragraph; an inline one does not
        pieces.append(text[at:start])
        pieces.append(" " if text[start:end].lower().lstrip("</").startswith(("span", "font"))
                      else "<br>")
        at = end
    pieces.append(text[at:])
    return "".join(pieces)


@dataclass
class HtmlPage:
    """What the structural walker read from a page: items in order, and the front matter."""

    items: list[Item]
    levels: list[int]
    title: str | None  # the first <h1> before any text
    page_title: str | None  # <title>
    date: str | None
    byline: str | None
    html: str  # the page as walked (debris and formulas cleaned), for main-text extraction
    notes: tuple[Footnote, ...] = ()  # what the page's footnote list says, by number


#: XHTML's empty anchor, "<a id="x"/>" (DocBook and other generated documents): to an
#: HTML parser an open <a> that wraps everything after it, which then reads as one
#: long link — trafilatura drops it as link text, the walker glues it into one paragraph.
_SELF_CLOSED_ANCHOR = re.compile(r"<a(\s[^<>]*?)?/>", re.IGNORECASE)


#: A page's list of footnotes (Pandoc, EPUB 3 and DPUB-ARIA mark it so); item N is note N.
_NOTE_LISTS = ".footnotes, [role=doc-endnotes]"
_NOTE_ID = re.compile(r"(\d{1,4})$")
_BACKLINK_ARROWS = " ↩↑^\ufe0e"


def _footnote_texts(tree: HTMLParser) -> tuple[Footnote, ...]:
    """What each note of the page's footnote list says (its back-link arrow left out),
    numbered by the item's id ("fn3") or, without one, by its place in the list."""
    notes: dict[int, str] = {}
    for holder in tree.css(_NOTE_LISTS):
        for place, item in enumerate(holder.css("li"), 1):
            found = _NOTE_ID.search(item.attributes.get("id") or "")
            text = strip_note_markers(_render(item)).rstrip(_BACKLINK_ARROWS)
            if text:
                notes.setdefault(int(found.group(1)) if found else place, text)
    return tuple(Footnote(number, notes[number]) for number in sorted(notes))


def parse_page(text: str) -> HTMLParser:
    """A page's tree as the walker reads it: XHTML's empty anchors closed, nesting bounded."""
    if "/>" in text:
        text = _SELF_CLOSED_ANCHOR.sub(r"<a\1></a>", text)
    return HTMLParser(limit_nesting(text))


def read_html(text: str, *, whole_body: bool = False) -> HtmlPage:
    """Walk a page: its <article>/<main> (or, with `whole_body`, all of <body>)."""
    tree = parse_page(text)
    _clean_debris(tree)
    date = _meta(tree, "time", 'meta[property="article:published_time"]', 'meta[name="date"]')
    byline = _meta(tree, 'meta[name="author"]', ".byline", '[rel="author"]')
    page_title = _meta(tree, "title")
    html = tree.html or ""
    notes = _footnote_texts(tree)
    root = tree.body if whole_body else None
    root = root or tree.css_first("article") or tree.css_first("main") or tree.body or tree.root
    walker = _Walker()
    if root is not None:
        _drop_dateline(tree)
        for node in root.css(_DROP):
            node.decompose()
        walker.walk(root)
    return HtmlPage(walker.items, walker.levels, walker.title, page_title, date, byline, html,
                    notes)


def split_caption(items: list[Item]) -> tuple[str | None, list[Item]]:
    """A caption before any text is the lead picture's: the article's caption, as in print."""
    if items and items[0][0] == "caption":
        return strip_note_markers(items[0][1]), items[1:]
    return None, items


def article_from_page(page: HtmlPage, items: list[Item], source_name: str,
                      title: str | None = None) -> Article:
    title = title or page.title or page.page_title or fallback_title(
        [strip_note_markers(c) for _, c in items], source_name)
    caption, items = split_caption(items)
    article = build_article(items, title=title, source_name=source_name, date=page.date,
                            byline=page.byline, caption=caption)
    return dataclasses.replace(article, footnote_texts=page.notes)


def parse_html(text: str, source_name: str = "") -> Article:
    """A clean HTML document (an EPUB chapter, a hand-written page): everything in it is text."""
    page = read_html(text)
    return article_from_page(page, page.items, source_name)
