"""Articles into sections: the bundled article, Markdown, HTML, encodings, bad input."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.importers import ArticleImportError, import_file

HEADINGS = [
    "Introduction",
    "Military cooperation in recent years",
    "Joint Exercises",
    "Security in Central Asia: Sharing Responsibility or a Gordian Knot in Relations?",
    "A New Level of Cooperation",
    "Prospects for Future Military Cooperation",
]
ROOT = Path(__file__).resolve().parents[1]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app", *args], check=False, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_sections_json_of_bundled_article(article_path: Path) -> None:
    result = run_cli("sections", str(article_path), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["title"] == ("Military Cooperation Between Russia and China: "
                             "The Military Alliance Without an Agreement?")
    assert data["date"] == "July 1, 2020"
    assert [s["title"] for s in data["sections"]] == HEADINGS
    notes = [n for s in data["sections"] for n in s["footnotes"]]
    assert notes == list(range(1, 44))
    assert all(s["words"] > 100 and s["blocks"] >= 2 for s in data["sections"])


def test_caption_and_title_are_in_no_section(article_path: Path) -> None:
    article = import_file(article_path)
    assert article.caption is not None and article.caption.startswith("A group of medical personnel")
    body = " ".join(s.text for s in article.sections)
    assert "medical personnel" not in body
    assert "July 1, 2020" not in body
    assert "The Military Alliance Without an Agreement?" not in body


def test_no_sentence_keeps_a_footnote_digit(article_path: Path) -> None:
    article = import_file(article_path)
    # a digit run glued after closing punctuation and followed by a new sentence or the end
    glued = re.compile(r"[.!?\u201d\")\]]\d{1,2}(?=\s+[A-Z\u201c]|$)")
    for section in article.sections:
        for sentence in section.sentences:
            assert not glued.search(sentence.text), sentence.text


def test_footnotes_attach_to_their_sentences(article_path: Path) -> None:
    article = import_file(article_path)
    by_note = {n: s.text for sec in article.sections for s in sec.sentences for n in s.footnotes}
    assert by_note[1].endswith("along the border.")
    assert by_note[11].endswith("starting with the first Peace Mission in 2005.")
    assert by_note[8].endswith("not yet being implemented\u201d.")
    assert by_note[13].endswith("also took part.)")
    texts = " ".join(s.text for sec in article.sections for s in sec.sentences)
    assert "$1.8 billion" in texts and "18%" in texts and "12%" in texts


def test_quoted_passages_are_quotes_not_headings(article_path: Path) -> None:
    article = import_file(article_path)
    quotes = [b.text for s in article.sections for b in s.blocks if b.kind == "quote"]
    assert any(q.startswith("I am probably not revealing a big secret") for q in quotes)
    assert any(q.startswith("The roadmap makes top-level design") for q in quotes)
    assert any(q.startswith("\u2026 our American colleagues") for q in quotes)


def test_sentences_respect_abbreviations_and_decimals(tmp_path: Path) -> None:
    path = tmp_path / "abbrev.txt"
    path.write_text("Title line\n\nThe U.S. Navy spent $1.8 billion in Feb. 2020 on it. "
                    "Dr. Smith agreed. Then it ended.\n", encoding="utf-8")
    sentences = import_file(path).sections[0].sentences
    assert [s.text for s in sentences] == [
        "The U.S. Navy spent $1.8 billion in Feb. 2020 on it.", "Dr. Smith agreed.",
        "Then it ended."]


def test_markdown_headings_and_quotes(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("# The Title\n\nMarch 3, 2021\n\nOpening words here.\n\n"
                    "## First part\n\nSome *emphasised* text.\n\n> A quoted passage.\n\n"
                    "### Sub part\n\nMore.\n\n## Last part\n\nEnd.\n", encoding="utf-8")
    article = import_file(path)
    assert article.title == "The Title" and article.date == "March 3, 2021"
    assert [s.title for s in article.sections] == ["Introduction", "First part", "Sub part",
                                                   "Last part"]
    first = article.sections[1]
    assert [b.kind for b in first.blocks] == ["paragraph", "quote"]
    assert first.blocks[0].text == "Some emphasised text."


def test_html_headings_paragraphs_and_blockquotes(tmp_path: Path) -> None:
    path = tmp_path / "a.html"
    path.write_text(
        "<html><head><title>Tab</title></head><body><nav><p>Menu</p></nav><article>"
        "<h1>Real Title</h1><time datetime='2020-01-02'>2 Jan</time>"
        "<figure><img src='x.png'><figcaption>Soldiers at a parade.</figcaption></figure>"
        "<p>Lead paragraph.</p><h2>Alpha</h2><p>Alpha text.</p>"
        "<blockquote><p>Quoted &amp; kept.</p></blockquote><h3>Beta</h3><p>Beta text.</p>"
        "</article><footer><p>Copyright</p></footer></body></html>", encoding="utf-8")
    article = import_file(path)
    assert article.title == "Real Title" and article.date == "2020-01-02"
    assert article.caption == "Soldiers at a parade."
    assert [s.title for s in article.sections] == ["Introduction", "Alpha", "Beta"]
    assert [b.kind for b in article.sections[1].blocks] == ["paragraph", "quote"]
    assert article.sections[1].blocks[1].text == "Quoted & kept."
    assert "Menu" not in " ".join(s.text for s in article.sections)


@pytest.mark.parametrize("encoding,prefix", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"),
                                             ("cp1252", b"")])
def test_encodings(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    text = "Caf\u00e9 \u201cquotes\u201d \u2013 title\n\nThe na\u00efve r\u00e9sum\u00e9 costs \u20ac5.\n"
    path = tmp_path / "enc.txt"
    path.write_bytes(prefix + text.encode(encoding))
    article = import_file(path)
    assert article.title == "Caf\u00e9 \u201cquotes\u201d \u2013 title"
    assert article.sections[0].sentences[0].text == "The na\u00efve r\u00e9sum\u00e9 costs \u20ac5."


def test_text_without_headings_is_split_into_parts(tmp_path: Path) -> None:
    paragraph = ("This sentence is part of a long text without any headings at all. " * 12).strip()
    path = tmp_path / "long.txt"
    path.write_text("\n\n".join([paragraph] * 80), encoding="utf-8")  # ~10,000 words
    article = import_file(path)
    assert len(article.sections) >= 8
    assert all(s.words <= 1300 for s in article.sections)
    assert sum(s.words for s in article.sections) == 80 * len(paragraph.split())


@pytest.mark.parametrize("name,data,message", [
    ("empty.txt", b"", "is empty"),
    ("blank.txt", b"  \n\n \n", "is empty"),
    ("binary.txt", bytes(range(256)) * 4, "binary"),
    ("image.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "binary"),
])
def test_bad_input_names_the_file(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ArticleImportError) as info:
        import_file(path)
    assert str(path) in str(info.value) and message in str(info.value)


def test_missing_and_huge_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ArticleImportError, match="cannot be read"):
        import_file(tmp_path / "nope.txt")
    from app.core import importers

    monkeypatch.setattr(importers, "MAX_BYTES", 100)
    big = tmp_path / "big.txt"
    big.write_text("Word " * 100)
    with pytest.raises(ArticleImportError, match="too large"):
        import_file(big)


def test_cli_reports_bad_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.md"
    path.write_bytes(b"")
    result = run_cli("sections", str(path))
    assert result.returncode == 1
    assert "empty.md" in result.stderr and "empty" in result.stderr
