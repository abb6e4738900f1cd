"""Export notes to an Anki package (.apkg): the one place that talks to genanki.

Why it looks like this: students re-export after every edit, so a package must
*update* what Anki already has, never duplicate it or reset its scheduling.
Hence note GUIDs derive from StudyDesk's stable note ids, note types and decks
have ids that never change, and each note carries the time it was last edited
in StudyDesk as its Anki modification time: Anki's default "update if newer"
then updates exactly the notes edited since the last export and leaves the
rest (and every card's scheduling) alone. The package's own timestamp is
always the export time, never pinned.

The exporter works on `Note` objects plus the titles of the article and its
sections (`ExportSource`), so an article from the collection and a deck file
export the same way. Everything is checked before a byte is written, and the
package is written to a temporary file first, so a refused or cancelled
export leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import genanki

from app.core.articles.library import load_article, slugify
from app.core.articles.model import find_section
from app.core.atomic import atomic_file
from app.core.errors import DeckFileError, ExportError
from app.core.export.notetypes import CSS, NOTE_TYPES, NoteTypeSpec
from app.core.notes.model import CLOZE_RE, Note, NoteError, validate_fields
from app.core.notes.store import list_notes, same_content
from app.core.storage.collection import Collection

if TYPE_CHECKING:
    from app.core.decks.model import LoadedDeck
    from app.core.decks.store import LoadSummary
    from app.core.export.scheduling import Scheduling

Progress = Callable[[int, int], None]
REMOVED_DECK = "Removed"
REMOVED_TAG = "StudyDesk::removed"


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


# -- ids, names and tags ------------------------------------------------------
def stable_id(*parts: object) -> int:
    """An id in genanki's recommended range, the same for the same parts forever."""
    digest = hashlib.sha256("\x1f".join(map(str, ("studydesk", *parts))).encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:8], "big") % (1 << 30)


def deck_name(title: str) -> str:
    """A deck-name component: "::" would nest decks, so it is flattened."""
    return re.sub(r"\s+", " ", title.replace("::", ":")).strip() or "Untitled"


def section_deck_name(top: str, idx: int, title: str) -> str:
    """"Title::01 Introduction": numbered so Anki's alphabetical list keeps article order."""
    return f"{deck_name(top)}::{idx + 1:02d} {deck_name(title)}"


@cache
def tag(text: str) -> str:
    """An Anki tag: no spaces or quotes, "::" kept for hierarchy."""
    return re.sub(r"[\s\"]+", "-", text.strip()).strip("-")


def section_tag(key: str, idx: int, title: str) -> str:
    return f"{slugify(key)}::{idx + 1:02d}-{slugify(title)}"


# -- field text -----------------------------------------------------------------
def to_html(value: Any) -> str:
    """Plain text → Anki field HTML: escaped, line breaks kept.

    Plain `str.replace` calls: the fastest escaping in CPython, and this runs
    ten times per note.
    """
    text = value if type(value) is str else str(value)
    if not text:
        return ""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\n", "<br>"))


def _options_html(options: Iterable[Any], answer: Any = None) -> str:
    items = []
    for option in options:
        if answer is not None and option == answer:
            items.append(f'<li class="sd-correct">\u2714 {to_html(option)}</li>')
        else:
            items.append(f"<li>{to_html(option)}</li>")
    return '<ol type="A">' + "".join(items) + "</ol>"


def _own_fields(note: Note) -> list[str]:
    f = note.fields
    if note.kind in ("basic", "reversed"):
        return [to_html(f["front"]), to_html(f["back"])]
    if note.kind == "cloze":
        return [to_html(f["text"]), to_html(f.get("extra", ""))]
    if note.kind == "typed":
        alternatives = f.get("alternatives") or []
        if isinstance(alternatives, str):
            alternatives = [alternatives]
        return [to_html(f["front"]), to_html(f["back"]), to_html(", ".join(alternatives))]
    if note.kind == "mcq":
        return [to_html(f["question"]), _options_html(f["options"]), to_html(f["answer"]),
                _options_html(f["options"], f["answer"])]
    if note.kind == "truefalse":
        return [to_html(f["statement"]), "True" if f["answer"] else "False"]
    raise ExportError(f"card {note.id!r}: unknown kind {note.kind!r}")


def note_fields(note: Note, section: str, article: str) -> list[str]:
    """The Anki field values of a note, in its note type's field order."""
    return _fields(note, to_html(section), to_html(article))


def _fields(note: Note, section_html: str, article_html: str) -> list[str]:
    hint = note.fields.get("hint")
    return [*_own_fields(note), to_html(hint) if hint else "", to_html(note.source),
            to_html(note.explanation), section_html, article_html, "", "", to_html(note.id)]


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


# -- genanki ------------------------------------------------------------------------
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
            model=_model(note.kind), fields=_fields(note, plan.section_html, article_html),
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
            exported = _Note(model=_model(note.kind), fields=_fields(note, "", article_html),
                             tags=tags, guid=genanki.guid_for(note.id), due=0,
                             mtime=_mtime(note.modified, timestamp) if note.modified
                             else timestamp, written=lambda: None)
            for card in exported.cards:
                card.suspend = True
            gone.add_note(exported)
        return [*(p.deck for p in plans.values()), gone]
    return [p.deck for p in plans.values()]


def _card_counts(decks: list[genanki.Deck]) -> dict[str, int]:
    """Cards per deck as genanki wrote them (its card list is cached on each note)."""
    counts = {d.name: sum(len(n.cards) for n in d.notes) for d in decks}
    return {name: n for name, n in counts.items() if n}


def _write_package(decks: list[genanki.Deck], out: Path, timestamp: float,
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
        _write_package(decks, path, timestamp, scheduling)
    except OSError as exc:
        raise ExportError(f"Cannot write {path}: {exc.strerror or exc}") from exc
    counts = _card_counts(decks[:len(decks) - 1] if source.removed else decks)
    cards = sum(counts.values())
    return ExportResult(path=path, notes=len(source.notes), cards=cards, decks=counts,
                        removed=len(source.removed))


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
