"""A note as the student will study it, for the browser's preview pane."""

from __future__ import annotations

import html

from app.core.notes.model import Note, render
from app.core.storage.collection import Collection
from app.ui.media import PREVIEW_IMAGE_WIDTH, card_html


def preview_html(note: Note, col: Collection) -> str:
    """The note as the student sees it: each card's front, then its back (imported
    images and sounds shown), then the source sentence and the explanation (rendered
    once: they belong to the note)."""
    parts = []
    for number, ord_ in enumerate(note.ords, 1):
        face = render(note.kind, note.fields, ord_)
        heading = f"<p><b>Card {number}</b></p>" if len(note.ords) > 1 else ""
        options = "".join(f"<li>{html.escape(o)}</li>" for o in face.options)
        parts.append(heading
                     + f"<p>{card_html(col, face.front, PREVIEW_IMAGE_WIDTH)}</p>"
                     + (f"<ul>{options}</ul>" if options else "")
                     + f"<hr/><p>{card_html(col, face.back, PREVIEW_IMAGE_WIDTH)}</p>")
    if note.source:
        parts.append(f"<p><i>Source:</i> {_lines(note.source)}</p>")
    if note.explanation:
        parts.append(f"<p><i>Explanation:</i> {_lines(note.explanation)}</p>")
    return "<br/>".join(parts)


def _lines(text: str) -> str:
    return html.escape(text).replace("\n", "<br/>")
