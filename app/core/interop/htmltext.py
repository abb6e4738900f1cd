"""Another program's field HTML → the plain text StudyDesk cards hold.

Why plain text: StudyDesk shows card text as text, so a `<script>` in an
imported Anki field can never run; line breaks, images and sounds are kept
as readable markers (`[image: a.png]`, `[sound:a.mp3]`, Anki's own syntax).
Parsing is selectolax's (a well-kept HTML5 parser), never regular expressions.
"""

from __future__ import annotations

import re

_BLOCKS = {"div", "p", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "hr"}


def html_to_text(html: str) -> str:
    """Visible text of a field: tags dropped, entities decoded, scripts and styles removed."""
    if "<" not in html and "&" not in html:
        return html.strip()
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(f"<body>{html}</body>")
    body = tree.body
    if body is None:
        return ""
    for node in body.css("script, style, noscript, iframe, object"):
        node.decompose()
    out: list[str] = []
    _walk(body, out)
    text = "".join(out).replace("\xa0", " ")
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _walk(node: object, out: list[str]) -> None:
    child = node.child  # type: ignore[attr-defined]
    while child is not None:
        tag = child.tag
        if tag == "-text":
            out.append(child.text_content or "")
        elif tag == "img":
            src = (child.attributes.get("src") or "").strip()
            if src:
                out.append(f"[image: {src}]")
        elif tag == "br":
            out.append("\n")
        else:
            if tag in _BLOCKS and out and not out[-1].endswith("\n"):
                out.append("\n")
            _walk(child, out)
            if tag in _BLOCKS and out and not out[-1].endswith("\n"):
                out.append("\n")
        child = child.next

