"""Valid seed files for the structure-aware fuzz tests, and the pieces to take them apart.

A fuzzer that only throws random bytes at an EPUB, a PDF or an Anki package stops
at the first check (not a zip, not a PDF); mutating a valid file reaches the code
behind it. The seeds are built once per run (ebooklib and genanki write them),
small enough that each example stays cheap.
"""

from __future__ import annotations

import io
import sqlite3
import tempfile
import zipfile
from functools import cache
from pathlib import Path

from tests.helpers.books import make_epub


def zip_members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


@cache
def valid_epub() -> bytes:
    """An EPUB 3 of two chapters with a cover, a nav document and a copyright page."""
    with tempfile.TemporaryDirectory() as folder:
        path = make_epub(Path(folder) / "book.epub", [
            ("The First Chapter", ["A chapter begins with a plain sentence.",
                                   "It goes on <b>with</b> a second one."]),
            ("The Second Chapter", ["The second chapter has one paragraph."])])
        return path.read_bytes()


PAGE_TEXT = (b"BT /F1 20 Tf 72 760 Td (A Small Title) Tj ET\n"
             b"BT /F1 11 Tf 72 720 Td (The first paragraph says something plain.) Tj\n"
             b"0 -14 Td (It goes on for a second line, then stops.) Tj ET\n"
             b"BT /F2 13 Tf 72 680 Td (A Heading) Tj ET\n"
             b"BT /F1 11 Tf 72 660 Td [(Kerned) -250 (words) 120 (here.)] TJ\n"
             b"0 -14 Td (\\(escaped\\) and \\\\ backslash) Tj ET\n"
             b"BT /F1 8 Tf 290 30 Td (1) Tj ET\n")


def pdf_file(page_streams: list[bytes], fonts: bytes = b"") -> bytes:
    """A PDF of uncompressed pages with a correct cross-reference table, so that what a
    fuzzer changes in a page's text or a dictionary is read, not refused at the xref.
    `fonts` replaces the font resources (/F1 Helvetica, /F2 Helvetica-Bold)."""
    fonts = fonts or (b"<< /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> "
                      b"/F2 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold >> >>")
    count = len(page_streams)
    kids = b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(count))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count)]
    for i, stream in enumerate(page_streams):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                       b"/Resources << /Font %s >> /Contents %d 0 R >>" % (fonts, 4 + 2 * i))
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


@cache
def valid_apkg() -> bytes:
    """A legacy Anki package (collection.anki2) with a basic, a reversed, a cloze and a
    typed note, one card in review with an FSRS memory state, and its review log."""
    import genanki

    deck = genanki.Deck(2059400110, "Spanish::Verbs")
    for model, fields in [(genanki.BASIC_MODEL, ["hola", "<b>hello</b>"]),
                          (genanki.BASIC_AND_REVERSED_CARD_MODEL, ["perro", "dog"]),
                          (genanki.CLOZE_MODEL, ["{{c1::Madrid}} is in {{c2::Spain}}", "x"]),
                          (genanki.BASIC_TYPE_IN_THE_ANSWER_MODEL, ["gato", "cat"])]:
        deck.add_note(genanki.Note(model=model, fields=fields, tags=["es", "lesson::1"]))
    with tempfile.TemporaryDirectory() as folder:
        package = Path(folder) / "deck.apkg"
        genanki.Package(deck).write_to_file(str(package))
        members = zip_members(package.read_bytes())
        database = Path(folder) / "collection.anki2"
        database.write_bytes(members["collection.anki2"])
        conn = sqlite3.connect(database)
        with conn:
            (card_id,) = conn.execute("SELECT MIN(id) FROM cards").fetchone()
            conn.execute("UPDATE cards SET type = 2, queue = 2, due = 30, ivl = 5, "
                         "data = '{\"s\": 5.2, \"d\": 4.9}' WHERE id = ?", [card_id])
            conn.execute("INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, "
                         "type) VALUES (1700000000000, ?, -1, 3, 5, 0, 2500, 4200, 0)",
                         [card_id])
        conn.close()
        members["collection.anki2"] = database.read_bytes()
    return zipped(members)


@cache
def current_apkg() -> bytes:
    """A package as Anki exports it today (collection.anki21b, zstd, protobuf note types
    and media list), from the real Anki backend: every standard note type, media, reviews."""
    from anki.collection import Collection as AnkiCollection

    from tests.helpers.anki import export_from_anki, fill_anki

    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "anki").mkdir()
        acol = AnkiCollection(str(Path(folder) / "anki" / "collection.anki2"))
        try:
            fill_anki(acol)
            return export_from_anki(acol, Path(folder) / "deck.apkg", legacy=False).read_bytes()
        finally:
            acol.close()


def unzstd(data: bytes) -> bytes:
    """A zstd frame's contents (Anki's frames do not always state their size)."""
    import zstandard

    with zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data)) as reader:
        return reader.read()
