"""Articles into sections: the bundled article, Markdown, HTML, encodings, bad input."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.core.articles.importers import ArticleImportError, import_file
from app.core.articles.importers.structure import PART_MAX_WORDS
from app.core.articles.model import Article

HEADINGS = [
    "Introduction",
    "Military cooperation in recent years",
    "Joint Exercises",
    "Security in Central Asia: Sharing Responsibility or a Gordian Knot in Relations?",
    "A New Level of Cooperation",
    "Prospects for Future Military Cooperation",
]
from tests.helpers import ROOT


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
    sentences = [s for section in article.sections for s in section.sentences]
    assert len(article.sections) == 6 and sentences
    for sentence in sentences:
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
    from app.core.articles import importers

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


def _notes(article: Article) -> list[tuple[str, tuple[int, ...]]]:
    return [(s.text, s.footnotes) for sec in article.sections for s in sec.sentences]


def test_html_footnote_markers_become_footnotes_not_text(tmp_path: Path) -> None:
    path = tmp_path / "notes.html"
    path.write_text(
        "<article><h1>Notes</h1><p>It began in 2005.<sup>1</sup> Then more happened.</p>"
        "<p>A claim<sup><a href='#fn2'>2</a></sup> is made here"
        "<a href='#fn3' class='footnote-ref' role='doc-noteref'><sup>3</sup></a>. "
        "A wiki fact.<sup class='reference'><a href='#cite_note-4'>[4]</a></sup>"
        "<sup>5</sup> A power of ten, 10<sup>6</sup>, is no note.</p>"
        "<section class='footnotes' role='doc-endnotes'><ol><li id='fn1'>Source one."
        "<a href='#fnref1' class='footnote-back'>\u21a9</a></li></ol></section></article>",
        encoding="utf-8")
    assert _notes(import_file(path)) == [
        ("It began in 2005.", (1,)), ("Then more happened.", ()),
        ("A claim is made here.", (2, 3)), ("A wiki fact.", (4, 5)),
        ("A power of ten, 10^6, is no note.", ())]


def test_markdown_footnote_references_become_footnotes(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# Notes\n\nIt began in 2005.[^1] Then more happened.\n\n"
                    "A claim[^src] is made here. Code `a[^2]` stays.\n\n"
                    "[^1]: The first source.\n    Continued note.\n\n[^src]: Named note.\n\n"
                    "Last words.\n", encoding="utf-8")
    assert _notes(import_file(path)) == [
        ("It began in 2005.", (1,)), ("Then more happened.", ()),
        ("A claim is made here.", (2,)), ("Code a[^2] stays.", ()), ("Last words.", ())]


def _long_paragraphs(count: int) -> list[str]:
    words = ["river", "stone", "cloud", "lamp", "field", "crow", "bridge", "ember", "salt",
             "meadow", "harbour", "pine"]
    return [" ".join(f"{words[(p + s) % 12].capitalize()} {' '.join(words[: 6 + (p * s) % 7])} "
                     f"number {p} {s}." for s in range(4 + p % 5)) for p in range(count)]


def test_hard_wrapped_text_without_blank_lines_finds_its_paragraphs(tmp_path: Path) -> None:
    pars = _long_paragraphs(160)
    path = tmp_path / "wrapped.txt"
    path.write_text("\n".join(textwrap.fill(p, 72) for p in pars) + "\n", encoding="utf-8")
    article = import_file(path)
    blocks = [b.text for s in article.sections for b in s.blocks]
    assert len(blocks) > 0.8 * len(pars)  # most intended paragraph breaks are recovered
    assert all(b.endswith(".") for b in blocks)
    assert " ".join(blocks) == " ".join(pars)
    assert len(article.sections) >= 8
    assert all(s.words <= PART_MAX_WORDS for s in article.sections)


@pytest.mark.parametrize("wrap", [True, False])
def test_one_giant_paragraph_is_cut_at_sentence_boundaries(tmp_path: Path, wrap: bool) -> None:
    text = " ".join(_long_paragraphs(160))  # ~12,000 words, no paragraph breaks anywhere
    path = tmp_path / "wall.txt"
    path.write_text(textwrap.fill(text, 72) if wrap else text, encoding="utf-8")
    article = import_file(path)
    assert len(article.sections) >= 10
    assert all(s.words <= PART_MAX_WORDS for s in article.sections)
    sentences = [s.text for sec in article.sections for s in sec.sentences]
    assert " ".join(sentences) == text and all(s.endswith(".") for s in sentences)
    assert article.sections[1].title.startswith("Part 2 — ")


def test_oversized_headed_section_continues_in_parts(tmp_path: Path) -> None:
    path = tmp_path / "long.md"
    path.write_text("# Book\n\n## Only chapter\n\n" + " ".join(_long_paragraphs(60)) + "\n",
                    encoding="utf-8")
    article = import_file(path)
    titles = [s.title for s in article.sections]
    assert titles[0] == "Only chapter" and titles[1] == "Only chapter (part 2)"
    assert all(s.words <= PART_MAX_WORDS for s in article.sections)


def test_html_minor_headings_and_loose_text_in_divs(tmp_path: Path) -> None:
    path = tmp_path / "divs.html"
    path.write_text(
        "<html><head><title>Div page</title></head><body>"
        "<div class='wrap'>Loose text in a div.<div><p>Nested paragraph, read once.</p></div>"
        "Tail after the <b>nested</b> one.</div>"
        "<h4>Fourth level</h4><table><tr><td>Text in a cell.</td><td><p>Cell para.</p></td>"
        "</tr></table><h5>Fifth level</h5><section>Section text.<br>After a break.</section>"
        "<h6>Sixth level</h6><div>Last div words<sup>1</sup>.</div></body></html>",
        encoding="utf-8")
    article = import_file(path)
    assert article.title == "Div page"
    assert [(s.title, [b.text for b in s.blocks]) for s in article.sections] == [
        ("Introduction", ["Loose text in a div.", "Nested paragraph, read once.",
                          "Tail after the nested one."]),
        ("Fourth level", ["Text in a cell.", "Cell para."]),
        ("Fifth level", ["Section text.", "After a break."]),
        ("Sixth level", ["Last div words."]),
    ]
    assert article.sections[3].footnotes == (1,)


@pytest.mark.parametrize("name,data,message", [
    ("broken-utf16.txt", b"\xff\xfeA", "damaged UTF-16"),
    ("table.csv", b"year,event\n1991,border agreement\n", "not articles StudyDesk can read"),
])
def test_more_bad_input_is_refused_by_name(tmp_path: Path, name: str, data: bytes,
                                           message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ArticleImportError) as info:
        import_file(path)
    assert str(path) in str(info.value) and message in str(info.value)
