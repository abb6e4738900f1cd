"""Fuzzing the EPUB and PDF importers with damaged books: a valid EPUB's members and a
valid PDF's objects and page text changed a little, as real damage does. Any of them is
imported or refused with an ArticleImportError naming the file, and a refusal leaves the
collection byte-identical."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.articles.library import import_article_file
from app.core.storage.collection import Collection
from tests.helpers import ROOT
from tests.helpers.fuzz import fuzz_whole_files, imported_or_refused, mutated
from tests.helpers.fuzz_inputs import PAGE_TEXT, pdf_file, valid_epub, zip_members, zipped

XML_TOKENS = st.sampled_from([
    b"<", b">", b"&", b"&nbsp;", b"&xxe;", (b"<!DOCTYPE x [<!ENTITY xxe SYSTEM "
    b"'file:///etc/passwd'>]>"), b"<h1>", b"</h1>", b"<p>", b"</p>", b"<script>", b"]]>",
    b"<![CDATA[", b'full-path="', b'full-path=""', b'href="../../../etc/passwd"', b'href="',
    b'idref="', b'linear="no"', b'media-type="text/plain"', b"epub:type='cover'",
    b'properties="nav"', b"<dc:title/>", b"<dc:title>\x00</dc:title>", b"\x00", b"\xff\xfe",
    "\ufeff".encode(), b"<div>" * 300, b"<itemref idref='missing'/>",
    b"opf:", b"xmlns=", b"</package>", b"<rootfile/>"])
PDF_TOKENS = st.sampled_from([
    b"(", b")", b"\\", b"<", b">", b"<<", b">>", b"[", b"]", b"/F1", b"/F9", b"Tf", b"Tj",
    b"TJ", b"Td", b"Tm", b"BT", b"ET", b"0", b"-0", b"1e308", b"-1e308", b"NaN",
    b"99999999999999999999", b"0 0 0 0 0 0 cm", b"1 0 R", b"99 0 R", b"2 0 R", b"null",
    b"true", b"obj", b"endobj", b"stream", b"endstream", b"%", b"\x00", b"/Encrypt 1 0 R",
    b"/Length 999999", b"/Filter /FlateDecode", b"q", b"Q", b"3 Tr", b"0 Tz", b"0 Tf",
    b"/Type /Page", b"/Kids [3 0 R 3 0 R]", b"/Count -1", b"/MediaBox [0 0 0 0]",
    b"/Subtype /Type3", b"/Encoding /Nonsense", b"<feff00410042>", b"(\\377\\376)", b"'", b'"'])


@st.composite
def damaged_epub(draw: st.DrawFn) -> bytes:
    """The seed EPUB with one to three members changed, dropped or replaced, or added
    (an encryption.xml), or the zip itself damaged."""
    if draw(st.integers(0, 5)) == 0:
        return draw(mutated(valid_epub(), XML_TOKENS))
    members = zip_members(valid_epub())
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(sorted(members) + ["META-INF/encryption.xml"]))
        action = draw(st.sampled_from(["mutate", "mutate", "mutate", "drop", "random"]))
        if action == "drop":
            members.pop(name, None)
        elif action == "random":
            members[name] = draw(st.binary(max_size=300))
        else:
            members[name] = draw(mutated(members.get(name, b'<encryption><EncryptionMethod '
                                                          b'Algorithm="x#xmlenc"/></encryption>'),
                                         XML_TOKENS))
    return zipped(members)


@st.composite
def damaged_pdf(draw: st.DrawFn) -> bytes:
    """The seed PDF's page text and font resources changed, one to three pages, laid out
    with a correct cross-reference table; sometimes the finished file damaged as well."""
    pages = [draw(mutated(PAGE_TEXT, PDF_TOKENS)) if draw(st.booleans()) else PAGE_TEXT
             for _ in range(draw(st.integers(1, 3)))]
    fonts = draw(st.one_of(st.just(b""), mutated(
        b"<< /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >>", PDF_TOKENS)))
    data = pdf_file(pages, fonts)
    return draw(mutated(data, PDF_TOKENS)) if draw(st.integers(0, 3)) == 0 else data


def _import(col: Collection, path: Path, data: bytes) -> None:
    """Imported (and stored), or refused as `imported_or_refused` requires."""
    path.write_bytes(data)
    result = imported_or_refused(col.path, path, lambda: import_article_file(col, path))
    if result is not None:
        assert col.execute("SELECT COUNT(*) FROM blocks WHERE article_id = ?",
                           [result.article_id]).fetchone()[0] >= 1


@fuzz_whole_files
@given(data=damaged_epub())
def test_a_damaged_epub_is_imported_or_refused_cleanly(fuzz_col: Collection, tmp_path: Path,
                                                       data: bytes) -> None:
    _import(fuzz_col, tmp_path / "book.epub", data)


@fuzz_whole_files
@given(data=damaged_pdf())
def test_a_damaged_pdf_is_imported_or_refused_cleanly(fuzz_col: Collection, tmp_path: Path,
                                                      data: bytes) -> None:
    _import(fuzz_col, tmp_path / "paper.pdf", data)


@pytest.mark.parametrize("name", ["corrupt-deflate", "misdeclared-utf8-name",
                                  "offset-before-start"])
def test_the_epubs_long_runs_found_are_refused_cleanly(fuzz_col: Collection, tmp_path: Path,
                                                       name: str) -> None:
    """Damaged zips that once crashed the importer (see tests/data/fuzz/README.md)."""
    data = (ROOT / "tests" / "data" / "fuzz" / f"{name}.epub").read_bytes()
    path = tmp_path / "book.epub"
    path.write_bytes(data)
    assert imported_or_refused(fuzz_col.path, path,
                               lambda: import_article_file(fuzz_col, path)) is None
