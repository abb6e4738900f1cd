"""Export notes to an Anki package (.apkg): what to export, checked, then written.

Why it looks like this: students re-export after every edit, so a package must
*update* what Anki already has, never duplicate it or reset its scheduling.
Hence note GUIDs derive from StudyDesk's stable note ids, note types and decks
have ids that never change (`fields`), and each note carries the time it was
last edited in StudyDesk as its Anki modification time (`package`, the one
genanki user): Anki's default "update if newer" then updates exactly the notes
edited since the last export and leaves the rest (and every card's scheduling)
alone.

The exporter works on `Note` objects plus the titles of the article and its
sections (`source.ExportSource`), so an article from the collection and a deck
file export the same way. Everything is checked here before a byte is written.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.articles.library import load_article
from app.core.articles.model import find_section
from app.core.errors import DeckFileError, ExportError
from app.core.export.package import (
    REMOVED_DECK,
    REMOVED_TAG,
    Progress,
    build_decks,
    card_counts,
    write_package,
)
from app.core.export.source import ExportSource, only_sections
from app.core.notes.model import CLOZE_RE, NoteError, validate_fields
from app.core.notes.store import list_notes, same_content
from app.core.storage.collection import Collection

if TYPE_CHECKING:
    from app.core.decks.model import LoadedDeck
    from app.core.decks.store import LoadSummary
    from app.core.export.scheduling import Scheduling


@dataclass(frozen=True)
class ExportResult:
    """What was written, for the summary the CLI prints and the dialog shows."""

    path: Path
    notes: int
    cards: int
    #: Anki deck name → cards in it, in article order (only decks holding cards).
    decks: dict[str, int] = field(default_factory=dict)
    removed: int = 0  # notes removed from the deck: tagged, in the "Removed" subdeck

    @property
    def subdecks(self) -> int:
        return sum(1 for name in self.decks if "::" in name)

    @property
    def message(self) -> str:
        cards = f"{self.cards} card{'s' if self.cards != 1 else ''}"
        decks = f"{self.subdecks} subdeck{'s' if self.subdecks != 1 else ''}"
        gone = (f"; {self.removed} note{'s' if self.removed != 1 else ''} removed from the deck "
                f"tagged {REMOVED_TAG} (Anki keeps existing cards where they are: search "
                f"tag:{REMOVED_TAG} there to suspend or delete them; a first import puts them "
                f"in the {REMOVED_DECK!r} subdeck)" if self.removed else "")
        return f"{cards} in {decks} written to {self.path}{gone}"


# -- checking ---------------------------------------------------------------------
def problems(source: ExportSource) -> list[str]:
    """Every reason a note would arrive in Anki broken or card-less, naming the card."""
    found = []
    for note in source.notes:
        idx = note.section_idx
        if idx is not None and not 0 <= idx < len(source.sections):
            found.append(f"card {note.id!r}: section {idx + 1} does not exist "
                         f"in {source.title!r}")
            continue
        try:
            validate_fields(note.kind, note.fields, label="")  # messages read ": reason"
            if note.kind == "cloze" and any(int(m.group(1)) < 1
                                            for m in CLOZE_RE.finditer(note.fields["text"])):
                raise NoteError(": cloze numbers start at c1 (Anki ignores c0)")
        except NoteError as exc:  # rare: only now build the label naming the card
            where = f"card {note.id!r}" + (f" (section {source.sections[idx]!r})"
                                           if idx is not None else "")
            found.append(where + str(exc))
    return found


def check(source: ExportSource) -> None:
    """Raise ExportError listing every broken card; nothing has been written yet."""
    found = problems(source)
    if found:
        shown = "\n".join(f"  - {p}" for p in found[:20])
        more = f"\n  … and {len(found) - 20} more" if len(found) > 20 else ""
        raise ExportError(f"Cannot export {source.title!r}: {len(found)} card(s) would be "
                          f"empty or broken in Anki:\n{shown}{more}")
    if not source.notes:
        raise ExportError(f"Cannot export {source.title!r}: there are no cards to export.")


def apkg_path(out: str | os.PathLike[str]) -> Path:
    """The package path, with `.apkg` added when missing (Anki opens it by extension)."""
    path = Path(out).expanduser()
    return path if path.suffix.lower() == ".apkg" else path.with_name(path.name + ".apkg")


def export_notes(source: ExportSource, out: str | os.PathLike[str],
                 progress: Progress | None = None,
                 scheduling: Scheduling | None = None) -> ExportResult:
    """Check, then write one .apkg with a deck per section; `progress(done, total)` per note.

    `scheduling` (see `app.core.export.scheduling.collect_scheduling`) includes the cards'
    states and review history, as Anki's "include scheduling" does.
    """
    path = apkg_path(out)
    check(source)
    if not path.parent.is_dir():
        raise ExportError(f"Cannot write {path}: the folder {path.parent} does not exist.")
    timestamp = time.time()
    if progress is not None:
        progress(0, len(source.notes))
    decks = build_decks(source, timestamp, progress)
    try:
        write_package(decks, path, timestamp, scheduling)
    except OSError as exc:
        raise ExportError(f"Cannot write {path}: {exc.strerror or exc}") from exc
    counts = card_counts(decks[:len(decks) - 1] if source.removed else decks)
    cards = sum(counts.values())
    return ExportResult(path=path, notes=len(source.notes), cards=cards, decks=counts,
                        removed=len(source.removed))


# -- the collection's articles ------------------------------------------------------
def resolve_sections(wanted: Iterable[str | int], titles: Sequence[str]) -> list[int]:
    """Section indices from titles (any case) or 1-based numbers; ExportError if unknown."""
    indices: list[int] = []
    for item in wanted:
        text = str(item).strip()
        idx = find_section(titles, text)
        if idx is None and text.isdigit() and 1 <= int(text) <= len(titles):
            idx = int(text) - 1
        if idx is None:
            listing = "\n".join(f"  {i + 1}. {t}" for i, t in enumerate(titles))
            raise ExportError(f"No section {text!r}. The sections are:\n{listing}")
        if idx not in indices:
            indices.append(idx)
    return sorted(indices)


def article_source(col: Collection, article_id: str,
                   sections: Iterable[int] | None = None) -> ExportSource:
    """An article's notes (all, or those of the chosen section indices) ready to export."""
    try:
        article = load_article(col, article_id)
    except KeyError as exc:
        raise ExportError(f"There is no article {article_id!r} in {col.path}.") from exc
    notes = list_notes(col, article_id=article_id)
    parts = [article.title, article.byline or "", article.date or "", "Exported from StudyDesk."]
    removed = [n for n in list_notes(col, article_id=article_id, include_inactive=True)
               if n.id not in {m.id for m in notes}]
    source = ExportSource(key=article_id, title=article.title,
                          sections=tuple(s.title for s in article.sections), notes=notes,
                          description="\n".join(p for p in parts if p), removed=removed)
    return source if sections is None else only_sections(source, sections)


def export_article(col: Collection, article_id: str, out: str | os.PathLike[str],
                   sections: Iterable[int] | None = None,
                   progress: Progress | None = None) -> ExportResult:
    """Export one article's cards (optionally only some sections) to `out`."""
    return export_notes(article_source(col, article_id, sections), out, progress)


# -- deck files ------------------------------------------------------------------------
def deck_file_source(col: Collection, path: str | os.PathLike[str]) -> tuple[LoadSummary,
                                                                            ExportSource]:
    """Load a deck file into the collection, then its cards ready to export.

    Why load first: Anki updates a note only when its edit time is newer than
    the one it has, and only the collection remembers when each card last
    changed. Loading keeps the edit time of every unchanged card and renews
    it for edited ones, so a re-export after editing one card updates exactly
    that note in Anki. The file is read once, so what is exported is what was
    stored. Call it inside `col.transaction()` so that an export refused
    afterwards (an unknown section, no such folder) undoes the load.
    """
    from app.core.decks.store import store_deck

    loaded = _read_deck_file(path, col)
    try:
        summary = store_deck(col, loaded)  # refuses ids owned by another deck
    except DeckFileError as exc:
        raise ExportError(f"Cannot export the deck file {path}:\n{exc}") from exc
    return summary, loaded_deck_source(loaded, col)


def deck_source(path: str | os.PathLike[str], col: Collection | None = None) -> ExportSource:
    """A deck file's cards ready to export, named after the deck, in file order.

    Without the collection nothing remembers which cards changed, so after an
    edit Anki updates every card of the file: to export a file that changes,
    use `deck_file_source`, which stores the file in the collection first.
    """
    return loaded_deck_source(_read_deck_file(path, col), col)


def _read_deck_file(path: str | os.PathLike[str], col: Collection | None) -> LoadedDeck:
    from app.core.decks.file import read_deck

    try:
        return read_deck(path, col=col)
    except DeckFileError as exc:
        raise ExportError(f"Cannot export the deck file {path}:\n{exc}") from exc


def loaded_deck_source(loaded: LoadedDeck, col: Collection | None = None) -> ExportSource:
    """The cards of a deck already read, ready to export.

    A card stored in `col` with the same content takes the stored note's edit
    time; any other card the time its file records for it (`card_edit_times`), so
    every collection exporting the same file gives Anki the same edit times.
    """
    from app.core.decks.model import card_edit_times
    from app.core.notes.store import get_note

    deck = loaded.deck
    edit_times = card_edit_times(deck, loaded.mtime)
    notes = []
    for position, card in enumerate(deck.cards):
        note = card.to_note(article_id=None, section_idx=deck.section_index(card.section),
                            deck_id=deck.id, position=position)
        note.modified = edit_times[card.id]
        if col is not None:
            try:
                stored = get_note(col, note.id)
            except NoteError:
                stored = None
            if stored is not None and same_content(stored, note):
                note.modified = stored.modified
        notes.append(note)
    keep = {n.id for n in notes}
    removed = [] if col is None else [
        n for n in list_notes(col, deck_id=deck.id, include_inactive=True) if n.id not in keep]
    return ExportSource(key=deck.id, title=deck.title, sections=tuple(deck.section_titles),
                        notes=notes, description=deck.description or deck.title,
                        removed=removed)
