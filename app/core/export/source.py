"""What an export holds: notes plus the names Anki will show, and choosing among them.

Why its own module: the export dialog, the CLI, the Moodle export and the Anki
package writer all take an `ExportSource`, wherever its notes came from (an
article in the collection, a deck file).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from app.core.notes.model import Note


@dataclass(frozen=True)
class ExportSource:
    """What to export: notes plus the names Anki will show.

    `key` is the stable id of the article or deck file (deck ids and tags
    derive from it); `sections` are the article's section titles in order,
    indexed by `Note.section_idx`. Notes without a section go to the top deck.
    """

    key: str
    title: str
    sections: tuple[str, ...]
    notes: Sequence[Note]
    description: str = ""
    #: notes that left the deck since an earlier export: Anki cannot delete through an
    #: import, so they are tagged StudyDesk::removed and written to a "…::Removed"
    #: subdeck, suspended. Anki's importer never changes an existing card's deck or queue
    #: (with or without scheduling, it only adds cards a note lacks), so a student who
    #: has the deck already gets the tag; a first import puts them in the subdeck.
    removed: Sequence[Note] = ()


def only_sections(source: ExportSource, sections: Iterable[int]) -> ExportSource:
    """The same source with only the notes of the chosen section indices."""
    keep = set(sections)
    return replace(source, notes=[n for n in source.notes if n.section_idx in keep],
                   removed=[n for n in source.removed if n.section_idx in keep])


def cards_per_section(source: ExportSource) -> dict[int | None, int]:
    """How many Anki cards each section would get (None: notes without a section)."""
    counts: dict[int | None, int] = {}
    for note in source.notes:
        counts[note.section_idx] = counts.get(note.section_idx, 0) + len(note.ords)
    return counts
