"""EPUB and PDF articles, built in the tests: sections exact, page furniture left out."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from app.core.articles.importers import ArticleImportError, import_file
from tests.helpers.books import make_epub, make_pdf

CHAPTERS = [
    ("The Old Harbour", ["The old harbour was built of granite in the year of the great flood.",
                         "Fishing boats left it at dawn and came back before the evening bell."]),
    ("The Storm", ["A storm in the autumn broke the northern wall in three places.",
                   "The town council met the next morning and voted to rebuild it."]),
    ("Rebuilding", ["Masons from the valley worked through the winter on the new wall.",
                    "By midsummer the harbour was open again, wider than before."]),
]


def _paragraphs(n: int) -> list[str]:
    return [" ".join(f"Sentence {i} of part {n} says something plain about ships and tides."
                     for i in range(7)) for _ in range(3)]


def test_epub_chapters_become_sections_in_spine_order(tmp_path: Path) -> None:
    article = import_file(make_epub(tmp_path / "book.epub", CHAPTERS))
    assert article.title == "A Small Book" and article.byline == "Ada Writer"
    assert [s.title for s in article.sections] == [c[0] for c in CHAPTERS]
    assert [b.text for b in article.sections[1].blocks] == CHAPTERS[1][1]
    text = " ".join(s.text for s in article.sections)
    assert "Cover page text" not in text and "All rights reserved" not in text
    assert "COVER ART" not in [s.title for s in article.sections]


@pytest.mark.parametrize("data,message", [
    (b"PK\x03\x04 not really a zip", "not a readable EPUB"),
    (b"plain words, not a zip at all", "not a readable EPUB"),
])
def test_broken_epub_is_refused_by_name(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "broken.epub"
    path.write_bytes(data)
    with pytest.raises(ArticleImportError) as info:
        import_file(path)
    assert str(path) in str(info.value) and message in str(info.value)


def test_epub_without_package_or_with_drm_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.epub"
    with zipfile.ZipFile(empty, "w") as z:
        z.writestr("mimetype", "application/epub+zip")
    with pytest.raises(ArticleImportError, match="damaged EPUB"):
        import_file(empty)
    book = make_epub(tmp_path / "drm.epub", CHAPTERS)
    with zipfile.ZipFile(book, "a") as z:
        z.writestr("META-INF/encryption.xml",
                   '<encryption><EncryptedData><EncryptionMethod Algorithm='
                   '"http://www.w3.org/2001/04/xmlenc#aes128-cbc"/></EncryptedData></encryption>')
    with pytest.raises(ArticleImportError, match="DRM"):
        import_file(book)


@pytest.mark.parametrize("columns", [1, 2])
def test_pdf_headings_sections_without_running_header_or_page_numbers(
        tmp_path: Path, columns: int) -> None:
    sections = [(f"Part {name}", _paragraphs(n)) for n, name in enumerate(
        ["One: Tides", "Two: Ships", "Three: Ports", "Four: Nets"], 1)]
    sections[1][1][0] = "A well-known exam-<br/>ple joins its halves. " + sections[1][1][0]
    path = make_pdf(tmp_path / "paper.pdf", sections, title="Harbours of the North",
                    columns=columns)
    article = import_file(path)
    assert article.title == "Harbours of the North"
    assert [s.title for s in article.sections] == [name for name, _ in sections]
    for section, (_, paragraphs) in zip(article.sections, sections, strict=True):
        expected = " ".join(paragraphs).replace("exam-<br/>ple", "example")
        assert " ".join(b.text for b in section.blocks) == expected
    text = " ".join(s.text for s in article.sections)
    assert "Journal of Small Tests" not in text
    assert "example joins" in text and "exam-" not in text


def test_pdf_note_references_become_footnotes(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "notes.pdf", [("Findings", [
        "The wall was rebuilt in one year.<super>1</super> Nobody expected it."])],
        title="A Note Test")
    sentences = [(s.text, s.footnotes) for s in import_file(path).sections[0].sentences]
    assert sentences == [("The wall was rebuilt in one year.", (1,)),
                         ("Nobody expected it.", ())]


def test_pdf_without_text_layer_says_so(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    page = canvas.Canvas(str(path))
    page.rect(100, 100, 300, 400, fill=1)  # a "scanned" page: shapes, no text
    page.showPage()
    page.save()
    with pytest.raises(ArticleImportError) as info:
        import_file(path)
    assert str(path) in str(info.value) and "no text layer" in str(info.value)


def test_encrypted_and_broken_pdfs_are_refused_by_name(tmp_path: Path) -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    locked = tmp_path / "locked.pdf"
    page = canvas.Canvas(str(locked), encrypt=StandardEncryption("secret", ownerPassword="o"))
    page.drawString(100, 700, "Hidden words behind a password.")
    page.showPage()
    page.save()
    with pytest.raises(ArticleImportError) as info:
        import_file(locked)
    assert str(locked) in str(info.value) and "password" in str(info.value)

    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage without end")
    with pytest.raises(ArticleImportError) as info:
        import_file(broken)
    assert str(broken) in str(info.value)
