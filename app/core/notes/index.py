"""What the browser's search index holds for a note: its searchable text and sort keys.

Why one function: the migration that builds the index, every note write
(`app.core.notes.store`) and the benchmark's bulk loader must derive the same
text from a note, or a search would find a note only until it is next saved.
Pure: no database here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.core.notes.model import NoteError, card_ords, cloze_plain, render

SEPARATOR = "\x1f"  # between fields, so a quoted phrase never matches across two of them
SORT_KEY_LENGTH = 120  # enough to order by; keeps the sort indexes small


@dataclass(frozen=True)
class SearchEntry:
    text: str    # casefolded: everything a search word may match
    tags: str    # casefolded, " a b::c " (a space either side of each tag)
    prompt: str  # sort key of the Prompt column (the first card's question)
    answer: str  # sort key of the Answer column


def search_entry(kind: str, fields: dict[str, Any], tags: list[str], source: str,
                 explanation: str) -> SearchEntry:
    """The index row of a note: what the student reads on its cards, its source
    sentence, explanation, tags and every field (a cloze's extra, a typed card's
    accepted alternatives)."""
    try:
        face = render(kind, fields, (card_ords(kind, fields) or [0])[0])
        front, answer = face.front, face.answer
    except (KeyError, TypeError, NoteError):  # a malformed stored note is still findable
        front = answer = ""
    values: list[str] = [front, answer, source, explanation, " ".join(tags)]
    for name, value in fields.items():
        if name == "text":
            values.append(cloze_plain(str(value)))
        elif isinstance(value, list):
            values.extend(str(v) for v in value)
        elif isinstance(value, str):
            values.append(value)
    return SearchEntry(
        text=SEPARATOR.join(v for v in values if v).casefold(),
        tags=" " + "".join(t.casefold() + " " for t in tags),
        prompt=" ".join(front.split()).casefold()[:SORT_KEY_LENGTH],
        answer=" ".join(answer.split()).casefold()[:SORT_KEY_LENGTH],
    )
