"""Anki packages (.apkg, .colpkg) → an `ImportedDeck`, read without Anki itself.

Why read the SQLite ourselves: the `anki` package is AGPL and may not ship
with StudyDesk. A package is a zip holding a collection database — the
legacy `collection.anki2`/`collection.anki21`, or the current
`collection.anki21b`, zstd-compressed (read with `zstandard`, the reference
binding) — plus a media map (JSON, or zstd-compressed protobuf) and the
media files. The few protobuf messages involved (note type and template
configs, the media map) are decoded by the minimal reader below: three
fields of three messages do not justify generated code.

Note types become StudyDesk kinds by their templates, not their names
(renamed stock types still convert): a cloze template → cloze, a
`{{type:…}}` template → typed, two mirrored templates → reversed, one →
basic. Any other note type becomes basic cards showing all its fields, and
the summary says so. A note exported by StudyDesk (its "StudyDesk ID" field
names a note of this collection) is that note coming back: only its new
reviews are added.
"""

from __future__ import annotations

import io
import json
import os
import re
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from app.core.archives import ZIP_ERRORS
from app.core.errors import InteropError
from app.core.gc_pause import gc_paused
from app.core.interop.htmltext import html_to_text
from app.core.interop.model import (
    ImportedCardState,
    ImportedDeck,
    ImportedReview,
    Skipped,
    digest_of,
    read_bytes,
    stable_note_id,
)
from app.core.notes.model import Note
from app.core.storage.collection import Collection

ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
_FIELD_REF = re.compile(r"\{\{([^#/^!{}][^{}]*?)\}\}")
MAX_UNPACKED = 4 << 30


@dataclass(frozen=True)
class NoteType:
    name: str
    fields: tuple[str, ...]
    templates: tuple[tuple[str, str], ...]  # (front, back) formats
    is_cloze: bool


# -- a minimal protobuf wire-format reader ----------------------------------------------
def _varint(data: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7


def proto_fields(data: bytes) -> dict[int, list[int | bytes]]:
    """Field number → values (ints for varints/fixed, bytes for length-delimited)."""
    out: dict[int, list[int | bytes]] = {}
    pos = 0
    while pos < len(data):
        key, pos = _varint(data, pos)
        number, wire = key >> 3, key & 7
        value: int | bytes
        if wire == 0:
            value, pos = _varint(data, pos)
        elif wire == 2:
            length, pos = _varint(data, pos)
            value, pos = data[pos:pos + length], pos + length
        elif wire == 1:
            value, pos = int.from_bytes(data[pos:pos + 8], "little"), pos + 8
        elif wire == 5:
            value, pos = int.from_bytes(data[pos:pos + 4], "little"), pos + 4
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")
        out.setdefault(number, []).append(value)
    return out


def _proto_str(fields: dict[int, list[int | bytes]], number: int) -> str:
    values = fields.get(number) or [b""]
    value = values[0]
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _unzstd(path: Path, member: str, data: bytes) -> bytes:
    import zstandard

    try:
        with zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data)) as reader:
            return reader.read(MAX_UNPACKED)
    except zstandard.ZstdError as exc:
        raise InteropError(path, f"is damaged: {member!r} cannot be decompressed ({exc})") \
            from exc


# -- reading the package ---------------------------------------------------------------
@contextmanager
def _collection_db(path: Path, package: zipfile.ZipFile) -> Iterator[sqlite3.Connection]:
    names = set(package.namelist())
    for member in ("collection.anki21b", "collection.anki21", "collection.anki2"):
        if member in names:
            break
    else:
        raise InteropError(path, "is a zip file but not an Anki package (no collection inside)")
    data = _read_member(path, package, member)
    if data.startswith(ZSTD_MAGIC):
        data = _unzstd(path, member, data)
    fd, tmp = tempfile.mkstemp(prefix="studydesk-anki-", suffix=".sqlite")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        conn = sqlite3.connect(f"file:{tmp}?mode=ro", uri=True)
        try:
            conn.execute("SELECT COUNT(*) FROM notes").fetchone()
            yield conn
        except sqlite3.DatabaseError as exc:
            raise InteropError(path, f"its collection cannot be read ({exc})") from exc
        except UnicodeDecodeError as exc:  # SQLite's own message about it is not UTF-8
            raise InteropError(path, "its collection cannot be read (the database is "
                                     "damaged)") from exc
        finally:
            conn.close()
    finally:
        os.remove(tmp)


def _read_member(path: Path, package: zipfile.ZipFile, member: str) -> bytes:
    """A zip member, refused when it would unpack to more than any real package holds."""
    if package.getinfo(member).file_size > MAX_UNPACKED:
        raise InteropError(path, f"its {member!r} would unpack to more than "
                                 f"{MAX_UNPACKED >> 30} GB; not an Anki package")
    try:
        return package.read(member)
    except ZIP_ERRORS as exc:
        raise InteropError(path, f"is damaged: {member!r} cannot be read ({exc})") from exc


def _note_types(conn: sqlite3.Connection) -> dict[int, NoteType]:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    types: dict[int, NoteType] = {}
    if "notetypes" in tables:
        # text columns read as text: a damaged row's blob must not pass on as bytes
        for ntid, name, config in conn.execute(
                "SELECT id, CAST(name AS TEXT), config FROM notetypes"):
            kind = proto_fields(config).get(1, [0])[0]
            fields = tuple(r[0] for r in conn.execute(
                "SELECT CAST(name AS TEXT) FROM fields WHERE ntid = ? ORDER BY ord", [ntid]))
            templates = []
            for (tconfig,) in conn.execute(
                    "SELECT config FROM templates WHERE ntid = ? ORDER BY ord", [ntid]):
                tf = proto_fields(tconfig)
                templates.append((_proto_str(tf, 1), _proto_str(tf, 2)))
            types[int(ntid)] = NoteType(name, fields, tuple(templates), kind == 1)
        return types
    (models_json,) = conn.execute("SELECT models FROM col").fetchone()
    for ntid, model in json.loads(models_json).items():
        types[int(ntid)] = NoteType(
            model["name"], tuple(f["name"] for f in model["flds"]),
            tuple((t["qfmt"], t["afmt"]) for t in model["tmpls"]), model.get("type") == 1)
    return types


def _deck_names(conn: sqlite3.Connection) -> dict[int, str]:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "decks" in tables:
        return {int(i): n.replace("\x1f", "::") for i, n in conn.execute("SELECT id, CAST(name AS TEXT) FROM decks")}
    (decks_json,) = conn.execute("SELECT decks FROM col").fetchone()
    return {int(i): d["name"] for i, d in json.loads(decks_json).items()}


def _media(path: Path, package: zipfile.ZipFile) -> dict[str, bytes]:
    """Media by file name: the map says which numbered zip member holds which file."""
    if "media" not in package.namelist():
        return {}
    raw = _read_member(path, package, "media")
    names: dict[str, str] = {}
    if raw.startswith(ZSTD_MAGIC):
        try:
            for index, entry in enumerate(proto_fields(_unzstd(path, "media", raw)).get(1, [])):
                if not isinstance(entry, bytes):
                    raise TypeError("a media entry is not a message")
                names[str(index)] = _proto_str(proto_fields(entry), 1)
        except (ValueError, TypeError, IndexError) as exc:
            raise InteropError(path, "its media list is damaged") from exc
    elif raw.strip():
        try:
            names = {str(k): str(v) for k, v in json.loads(raw).items()}
        except (ValueError, AttributeError) as exc:
            raise InteropError(path, "its media list is damaged") from exc
    media = {}
    members = set(package.namelist())
    for member, name in names.items():
        if member in members and name:
            data = _read_member(path, package, member)
            media[name] = _unzstd(path, member, data) if data.startswith(ZSTD_MAGIC) else data
    return media


def _refs(template: str) -> list[str]:
    """Field names a template shows, in order (filters like `type:` or `cloze:` stripped)."""
    names = []
    for m in _FIELD_REF.finditer(template):
        name = m.group(1).split(":")[-1].strip()
        if name != "FrontSide" and name not in names:
            names.append(name)
    return names


@cache
def _kind_of(nt: NoteType) -> tuple[str, dict[str, str]]:
    """The StudyDesk kind of a note type and which Anki field fills which of ours."""
    fields = set(nt.fields)
    if nt.is_cloze or any("{{cloze:" in q for q, _ in nt.templates):
        text = next((n for q, _ in nt.templates for n in _refs(q) if n in fields), nt.fields[0])
        extra = next((n for n in nt.fields if n != text), "")
        return "cloze", {"text": text, "extra": extra}
    if not nt.templates:
        return "", {}
    front_q, front_a = nt.templates[0]
    front = next((n for n in _refs(front_q) if n in fields), "")
    back = next((n for n in _refs(front_a) if n in fields and n != front), "")
    typed = re.search(r"\{\{type:([^}]+)\}\}", front_q + front_a)
    if typed and typed.group(1).strip() in fields and front:
        return "typed", {"front": front, "back": typed.group(1).strip()}
    if not front or not back:
        return "", {}
    if len(nt.templates) == 1:
        return "basic", {"front": front, "back": back}
    if len(nt.templates) == 2:
        rev_q = [n for n in _refs(nt.templates[1][0]) if n in fields]
        if back in rev_q:
            return "reversed", {"front": front, "back": back}
    return "", {}


def read_anki_package(path: str | os.PathLike[str], col: Collection | None = None,
                      with_scheduling: bool = True,
                      known_ids: set[str] | None = None) -> ImportedDeck:
    """Parse a package completely (nothing stored); `col` recognises StudyDesk's own notes."""
    path = Path(path)
    data = read_bytes(path)
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except ZIP_ERRORS as exc:
        raise InteropError(path, "is not an Anki package (not a zip file)") from exc
    deck = ImportedDeck(format="colpkg" if path.suffix.lower() == ".colpkg" else "apkg",
                        path=path, title=path.stem, digest=digest_of(data))
    with package, _collection_db(path, package) as conn, gc_paused():
        try:
            own = known_ids if known_ids is not None else _own_ids(col)
            _read_collection(conn, deck, own, with_scheduling)
        except (sqlite3.DatabaseError, ValueError, IndexError) as exc:
            raise InteropError(path, f"is a damaged Anki collection ({exc})") from exc
        except (KeyError, TypeError, AttributeError) as exc:
            raise InteropError(path, "is a damaged Anki collection (its note types, decks "
                                     "or notes are not in the form Anki writes)") from exc
        deck.media = _media(path, package)
    if not deck.notes and not deck.reviews:
        raise InteropError(path, "holds no notes StudyDesk can import"
                           + (f" ({deck.skipped[0].reason})" if deck.skipped else ""))
    return deck


def _read_collection(conn: sqlite3.Connection, deck: ImportedDeck, own_ids: set[str],
                     with_scheduling: bool) -> None:
    types = _note_types(conn)
    deck_names = _deck_names(conn)
    (created,) = conn.execute("SELECT crt FROM col").fetchone()  # review cards' day 0
    cards_by_note: dict[int, list[tuple]] = {}
    for row in conn.execute("SELECT id, nid, did, ord, type, queue, due, ivl, data FROM cards"):
        cards_by_note.setdefault(row[1], []).append(row)
    used = {deck_names.get(c[2], "Default") for cs in cards_by_note.values() for c in cs}
    tops = {name.split("::")[0] for name in used}
    top = next(iter(tops)) if len(tops) == 1 else None
    if top is not None:
        deck.title = top
    anki_card_key: dict[int, tuple[str, int]] = {}
    extra_cards: dict[str, int] = {}  # note type → Anki cards with no StudyDesk card
    for nid, guid, mid, flds, tags in conn.execute(
            "SELECT id, CAST(guid AS TEXT), mid, CAST(flds AS TEXT), CAST(tags AS TEXT) "
            "FROM notes ORDER BY id"):  # text as text: a damaged row's blob is no field
        nt = types.get(int(mid))
        cards = sorted(cards_by_note.get(nid, []), key=lambda c: c[3])
        values = dict(zip(nt.fields, flds.split("\x1f"), strict=False)) if nt else {}
        if nt is None or not cards:
            deck.skipped.append(Skipped(f"note {guid}", None, "no note type or no cards"))
            continue
        sd_id = html_to_text(values.get("StudyDesk ID", ""))
        if sd_id and sd_id in own_ids:
            deck.own_note_ids.add(sd_id)
            note_id = sd_id
            deck.converted.setdefault(nt.name, "this collection's own cards (reviews merged)")
            ords = None
        else:
            note = _note(nt, values, guid, tags, deck)
            if note is None:
                continue
            deck_name = deck_names.get(cards[0][2], "Default")
            section = deck_name.split("::", 1)[1] if top is not None and "::" in deck_name \
                else (deck_name if top is None else "Cards")
            note.section_idx = deck.section(section)
            deck.notes.append(note)
            note_id, ords = note.id, set(note.ords)
        for cid, _nid, _did, ord_, ctype, queue, due, _ivl, cdata in cards:
            if ords is not None and ord_ not in ords:
                extra_cards[nt.name] = extra_cards.get(nt.name, 0) + 1
                continue
            anki_card_key[cid] = (note_id, ord_)
            if with_scheduling:
                deck.card_states[(note_id, ord_)] = _card_state(created, ctype, queue, due, cdata)
    for name, count in extra_cards.items():
        deck.skipped.append(Skipped(f"{count} card(s) of note type {name}", None,
                                    "its notes became one StudyDesk card each; the other "
                                    "cards (and their reviews) were not imported"))
    if with_scheduling:
        card_key = anki_card_key.get
        reviews = deck.reviews
        for review_id, cid, ease, taken in conn.execute(  # answers, not manual reschedules
                "SELECT id, cid, ease, time FROM revlog WHERE ease BETWEEN 1 AND 4 "
                "AND type IN (0, 1, 2, 3) ORDER BY id"):
            key = card_key(cid)
            if key is not None:
                reviews.append(ImportedReview(key[0], key[1], int(ease), review_id / 1000,
                                              int(taken)))


def _own_ids(col: Collection | None) -> set[str]:
    if col is None:
        return set()
    return {r[0] for r in col.execute("SELECT id FROM notes")}


def _note(nt: NoteType, values: dict[str, str], guid: str, tags: str,
          deck: ImportedDeck) -> Note | None:
    kind, mapping = _kind_of(nt)
    text = {name: html_to_text(value) for name, value in values.items()}
    note_id = stable_note_id("anki", guid)
    tag_list = [t for t in tags.split() if t]
    if kind:
        fields: dict[str, object] = {ours: text.get(theirs, "") for ours, theirs in mapping.items()
                                     if theirs}
        if kind == "cloze" and not fields.get("extra"):
            fields.pop("extra", None)
        if kind == "reversed" and len(nt.templates) == 2 and any(
                "{{#" in q for q, _ in nt.templates[1:]):
            kind = "basic"  # "optional reversed": a second card only when asked for
            opt = re.search(r"\{\{#([^}]+)\}\}", nt.templates[1][0])
            if opt and text.get(opt.group(1).strip()):
                kind = "reversed"
        unused = [(name, text[name]) for name in nt.fields if name not in mapping.values()
                  and text.get(name) and name != "StudyDesk ID"]
        how = kind
        if unused and kind in ("basic", "reversed", "cloze"):
            target = "extra" if kind == "cloze" else "back"
            fields[target] = "\n\n".join(p for p in (str(fields.get(target, "")), "\n".join(
                f"{name}: {value}" for name, value in unused)) if p)
            how = f"{kind} (other fields added to the {target})"
        elif unused:
            deck.skipped.append(Skipped(f"{nt.name} note {guid}", None, "fields not shown by "
                                        f"a typed card: {', '.join(n for n, _ in unused)}"))
        deck.converted.setdefault(nt.name, how)
        note = Note(id=note_id, kind=kind, fields=fields, tags=tag_list)  # type: ignore[arg-type]
    else:
        filled = [(name, text[name]) for name in nt.fields if text.get(name)]
        if not filled:
            deck.skipped.append(Skipped(f"{nt.name} note {guid}", None, "all fields are empty"))
            return None
        front = filled[0][1]
        back = "\n".join(f"{name}: {value}" for name, value in filled[1:]) or front
        deck.converted.setdefault(nt.name, "basic (first field on the front, the other fields "
                                           "on the back)")
        note = Note(id=note_id, kind="basic", fields={"front": front, "back": back},
                    tags=tag_list)
    try:
        note.validate()
    except Exception as exc:  # noqa: BLE001 - reported per note, the rest still imports
        deck.skipped.append(Skipped(f"{nt.name} note {guid}", None, str(exc).split(": ", 1)[-1]))
        return None
    return note


def _card_state(created: int, ctype: int, queue: int, due: int,
                data: str) -> ImportedCardState:
    """Suspension and FSRS memory state (Anki keeps it in the card's `data` JSON)."""
    stability = difficulty = due_at = None
    try:
        memory = json.loads(data) if data and data != "{}" else {}
    except ValueError:
        memory = {}
    if isinstance(memory, dict) and "s" in memory and "d" in memory:
        stability, difficulty = float(memory["s"]), float(memory["d"])
    if ctype == 2:
        due_at = float(created + due * 86400)
    elif ctype in (1, 3) and due > 1_000_000_000:
        due_at = float(due)
    return ImportedCardState(suspended=queue == -1, stability=stability,
                             difficulty=difficulty, due=due_at)
