"""Writing an Anki package (.apkg): the one place that talks to genanki.

Why it looks like this: each note carries the time it was last edited in
StudyDesk as its Anki modification time, so Anki's default "update if newer"
updates exactly the notes edited since the last export; the package's own
timestamp is always the export time. The package is written to a temporary
file first, so a failed or cancelled export leaves nothing behind.
"""

from __future__ import annotations

import itertools
import os
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import genanki

from app.core.articles.library import slugify
from app.core.atomic import atomic_file
from app.core.export.fields import (
    deck_name,
    field_values,
    section_deck_name,
    section_tag,
    stable_id,
    tag,
    to_html,
)
from app.core.export.notetypes import CSS, NOTE_TYPES, NoteTypeSpec
from app.core.export.source import ExportSource

if TYPE_CHECKING:
    from app.core.export.scheduling import Scheduling

Progress = Callable[[int, int], None]
REMOVED_DECK = "Removed"
REMOVED_TAG = "StudyDesk::removed"


@cache
def _model(kind: str) -> genanki.Model:
    """One genanki model per kind, built once: genanki caches its field analysis on it."""
    spec: NoteTypeSpec = NOTE_TYPES[kind]
    return genanki.Model(
        spec.model_id, spec.name,
        fields=[{"name": name} for name in spec.fields],
        templates=[{"name": n, "qfmt": q, "afmt": a} for n, q, a in spec.templates],
        css=CSS,
        model_type=genanki.Model.CLOZE if spec.cloze else genanki.Model.FRONT_BACK,
    )


class _Note(genanki.Note):
    """A genanki note stamped with its own edit time, reporting when written."""

    def __init__(self, *, mtime: float, written: Callable[[], None], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.mtime = mtime
        self.written = written

    def write_to_db(self, cursor: Any, timestamp: float, deck_id: int, id_gen: Any) -> None:
        super().write_to_db(cursor, self.mtime, deck_id, id_gen)
        self.written()

    def _check_invalid_html_tags_in_fields(self) -> None:
        """Skipped: every text is escaped by `to_html`, the only tags are our own lists."""


def _mtime(modified: str, default: float) -> float:
    try:
        return datetime.fromisoformat(modified).timestamp()
    except ValueError:
        return default


def _ticker(total: int, progress: Progress | None) -> Callable[[], None]:
    """Counts written notes; reports about a hundred times, not ten thousand."""
    done = 0
    step = max(1, total // 100)

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None and (done % step == 0 or done == total):
            progress(done, total)

    return tick


@dataclass
class _DeckPlan:
    """One Anki deck being filled: what every note in it shares, computed once."""

    deck: genanki.Deck
    section_html: str
    tags: tuple[str, ...]


def _plans(source: ExportSource) -> dict[int | None, _DeckPlan]:
    """The top deck (key None) and one subdeck per section that has notes."""
    key_tag = tag(slugify(source.key))
    plans = {None: _DeckPlan(
        genanki.Deck(stable_id("deck", source.key), deck_name(source.title),
                     description=to_html(source.description or source.title)), "", (key_tag,))}
    for idx in sorted({n.section_idx for n in source.notes if n.section_idx is not None}):
        title = source.sections[idx]
        plans[idx] = _DeckPlan(
            genanki.Deck(stable_id("deck", source.key, idx),
                         section_deck_name(source.title, idx, title),
                         description=to_html(f"Section {idx + 1} of {source.title}: {title}")),
            to_html(title), (key_tag, section_tag(source.key, idx, title)))
    return plans


def build_decks(source: ExportSource, timestamp: float,
                progress: Progress | None = None) -> list[genanki.Deck]:
    """The top deck and one subdeck per section with notes, in article order."""
    plans = _plans(source)
    article_html = to_html(source.title)
    tick = _ticker(len(source.notes), progress)
    notes = sorted(source.notes, key=lambda n: (-1 if n.section_idx is None else n.section_idx,
                                                n.position, n.id))
    for due, note in enumerate(notes, start=1):
        plan = plans[note.section_idx]
        tags = [*plan.tags, f"kind::{note.kind}"]
        if note.tags:
            tags += [t for t in map(tag, note.tags) if t and t not in tags]
        plan.deck.add_note(_Note(
            model=_model(note.kind), fields=field_values(note, plan.section_html, article_html),
            tags=tags, guid=genanki.guid_for(note.id), due=due,
            mtime=_mtime(note.modified, timestamp) if note.modified else timestamp,
            written=tick))
    if source.removed:
        gone = genanki.Deck(stable_id("deck", source.key, "removed"),
                            f"{deck_name(source.title)}::{REMOVED_DECK}",
                            description=to_html("Cards removed from the deck since an earlier "
                                                "export: suspended, kept with their history."))
        for note in source.removed:
            tags = [tag(slugify(source.key)), REMOVED_TAG, f"kind::{note.kind}"]
            exported = _Note(model=_model(note.kind), fields=field_values(note, "", article_html),
                             tags=tags, guid=genanki.guid_for(note.id), due=0,
                             mtime=_mtime(note.modified, timestamp) if note.modified
                             else timestamp, written=lambda: None)
            for card in exported.cards:
                card.suspend = True
            gone.add_note(exported)
        return [*(p.deck for p in plans.values()), gone]
    return [p.deck for p in plans.values()]


def card_counts(decks: list[genanki.Deck]) -> dict[str, int]:
    """Cards per deck as genanki wrote them (its card list is cached on each note)."""
    counts = {d.name: sum(len(n.cards) for n in d.notes) for d in decks}
    return {name: n for name, n in counts.items() if n}


def write_package(decks: list[genanki.Deck], out: Path, timestamp: float,
                   scheduling: Scheduling | None = None) -> None:
    """Write atomically: genanki fills a temporary database, which is zipped into a
    temporary file beside `out` that then replaces it in one rename. With `scheduling`,
    the cards get StudyDesk's states and reviews (`app.core.export.scheduling`)."""
    fd, db_path = tempfile.mkstemp(prefix="studydesk-export-", suffix=".anki2")
    os.close(fd)
    try:
        conn = sqlite3.connect(db_path)
        try:
            genanki.Package(decks).write_to_db(conn.cursor(), timestamp,
                                               itertools.count(int(timestamp * 1000)))
            if scheduling is not None:
                from app.core.export.scheduling import write_scheduling

                write_scheduling(conn, scheduling)
            conn.commit()
        finally:
            conn.close()
        with atomic_file(out, "wb") as fh, zipfile.ZipFile(fh, "w") as package:
            package.write(db_path, "collection.anki2")
            package.writestr("media", "{}")
    finally:
        os.remove(db_path)
