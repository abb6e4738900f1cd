"""HTML → Article, with selectolax (a fast, well-kept HTML5 parser) doing the parsing.

The article body is the page's <article> or <main> (else <body>) without
navigation, headers, footers, asides, scripts and forms. <h1> is the title,
<h2>/<h3> (and further <h1>s) start sections, <p> and <li> are paragraphs,
<blockquote> is a quote; <time> or the published-time meta tag gives the date,
the author meta tag or a .byline element the byline, the first <figcaption>
the caption.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from app.core.article import Article
from app.core.importers.structure import Item, build_article
from app.core.importers.text import _fallback_title

_DROP = "script, style, nav, header, footer, aside, form, noscript, template, svg"
_BLOCKS = "h1, h2, h3, p, li, blockquote"


def _text(node: Node) -> str:
    return " ".join(node.text(separator=" ").split())


def _meta(tree: HTMLParser, *selectors: str) -> str | None:
    for sel in selectors:
        node = tree.css_first(sel)
        if node is not None:
            value = node.attributes.get("content") or node.attributes.get("datetime") or _text(node)
            if value and value.strip():
                return value.strip()
    return None


def _inside(node: Node, tag: str) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag == tag:
            return True
        parent = parent.parent
    return False


def parse_html(text: str, source_name: str = "") -> Article:
    tree = HTMLParser(text)
    date = _meta(tree, "time", 'meta[property="article:published_time"]', 'meta[name="date"]')
    byline = _meta(tree, 'meta[name="author"]', ".byline", '[rel="author"]')
    caption_node = tree.css_first("figcaption")
    caption = _text(caption_node) if caption_node is not None else None
    page_title = _meta(tree, "title")
    root = tree.css_first("article") or tree.css_first("main") or tree.body or tree.root
    if root is None:
        return build_article([], title=page_title or "Untitled article", source_name=source_name)
    for node in root.css(_DROP):
        node.decompose()
    for node in root.css("figure"):
        node.decompose()

    items: list[Item] = []
    title: str | None = None
    for node in root.css(_BLOCKS):
        if node.tag in ("p", "li") and (_inside(node, "blockquote") or _inside(node, "li")):
            if node.tag == "p" and _inside(node, "blockquote"):
                content = _text(node)
                if content:
                    items.append(("quote", content))
            continue
        content = _text(node)
        if not content:
            continue
        if node.tag == "blockquote":
            if node.css_first("p") is None:
                items.append(("quote", content))
        elif node.tag == "h1" and title is None and not items:
            title = content
        elif node.tag in ("h1", "h2", "h3"):
            items.append(("heading", content))
        else:
            items.append(("paragraph", content))
    if title is None:
        title = page_title or _fallback_title([c for _, c in items], source_name)
    return build_article(items, title=title, source_name=source_name, date=date,
                         byline=byline, caption=caption)
