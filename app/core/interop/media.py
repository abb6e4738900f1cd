"""Imported media in a card: `[image: a.png]` and `[sound:a.mp3]` markers → HTML.

Why markers: card text is plain text (an imported field's HTML is never shown
as HTML, so nothing in it can run); the importer keeps each image and sound as
a marker naming a file in the collection's media folder. The study screen turns
already-escaped card text into HTML with the image shown and a play link for
each sound — only for files that exist in that folder, never a path elsewhere.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import quote

_MARKER = re.compile(r"\[(image): ([^\]<>]+?)\]|\[(sound):([^\]<>]+?)\]")
SOUND_SCHEME = "sound"  # the play links' scheme: `sound:NAME`


def media_html(escaped: str, folder: Path, max_width: int = 480) -> str:
    """Card text (HTML-escaped already) with its media markers shown."""
    if "[" not in escaped:
        return escaped

    def show(m: re.Match[str]) -> str:
        name = (m.group(2) or m.group(4) or "").strip()
        file = folder / Path(name).name
        if Path(name).name != name or not file.is_file():
            return m.group(0)
        if m.group(1):
            return f'<img src="{file.as_uri()}" width="{max_width}">' if _wide(file, max_width) \
                else f'<img src="{file.as_uri()}">'
        return f'<a href="{SOUND_SCHEME}:{quote(name)}">▶ {name}</a>'

    return _MARKER.sub(show, escaped)


def media_markers(text: str) -> list[str]:
    """The media markers a text holds, in order (`[image: a.png]`, `[sound:b.mp3]`)."""
    return [m.group(0) for m in _MARKER.finditer(text)]


def card_text_html(text: str, folder: Path, max_width: int = 480) -> str:
    """Plain card text as HTML: escaped (only our own markup is rich), line breaks
    kept, media markers shown."""
    return media_html(html.escape(text, quote=False), folder, max_width).replace("\n", "<br/>")


def shows_media(text: str, folder: Path) -> bool:
    """Whether the text names an image or sound that is in the folder (else it is
    best shown as the plain text it is)."""
    if "[" not in text:
        return False
    escaped = html.escape(text, quote=False)
    return media_html(escaped, folder) != escaped


def _wide(file: Path, max_width: int) -> bool:
    """Whether an image is wider than the card (PNG/GIF headers say; others: assume so)."""
    head = file.read_bytes()[:32]
    if head.startswith(b"\x89PNG") and len(head) >= 24:
        return int.from_bytes(head[16:20], "big") > max_width
    if head[:4] == b"GIF8":
        return int.from_bytes(head[6:8], "little") > max_width
    return True


def sound_file(link: str, folder: Path) -> Path | None:
    """The media file a play link names, if it is in the folder."""
    from urllib.parse import unquote

    if not link.startswith(SOUND_SCHEME + ":"):
        return None
    name = unquote(link[len(SOUND_SCHEME) + 1:])
    file = folder / Path(name).name
    return file if Path(name).name == name and file.is_file() else None
