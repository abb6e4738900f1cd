"""Web pages: main text only, the page's own structure, metadata; fetched from a local server."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from app.core.articles.importers import ArticleImportError, import_file
from app.core.articles.library import import_article_url, list_articles, load_article
from app.core.articles.model import Article
from app.core.storage.collection import Collection
from tests.helpers import ROOT
from tests.helpers.web_server import serving

PAGES = ROOT / "tests" / "data" / "web"


def _text(article: Article) -> str:
    return " ".join([article.title, *(f"{s.title} {s.text}" for s in article.sections)])


# page, title, section titles, sentences that must be there, text that must not
CASES = [
    ("encyclopedia.html", "Tidal mill", ["Introduction", "History", "Operation", "Wheels"],
     ["A tidal mill is a water mill driven by the rise and fall of the tide.",
      "the ideal power is P=\\rho gQh, where the flow"],
     ["[edit]", "edit", "Personal tools", "Namespaces", "Languages", "Contents",
      "Mills of the Coast", "See also", "Tidal Mill Society", "Categories", "displaystyle",
      "last edited", "Jump to content", "Ship mill"]),
    ("news.html", "Harbour wall reopens after storm repairs",
     ["Introduction", "A wider foundation", "What the fishermen say"],
     ["The northern harbour wall of Port Calder reopened on Saturday",
      "We did not simply rebuild what was there",
      "The fish market returns to the quay in February."],
     ["cookies", "Choose from 30 Languages", "The Daily Harbour", "Share this",
      "Join Our Newsletter", "Tags", "Donate", "Most Read", "Ferry timetable", "Related",
      "Latest Stories", "School roof", "All rights reserved", "covers the coast"]),
    ("blog.html", "Why I learned to splice rope", ["Introduction", "The eye splice",
                                                   "What I got wrong"],
     ["A knot takes away a good part of a rope's strength",
      "Now I splice every new line before the season starts"],
     ["Share this", "Related posts", "Five knots", "comments", "Great post", "Leave a Reply",
      "Archives", "newsletter", "Proudly powered"]),
    ("documentation.html", "Configuring the tide table",
     ["Introduction", "The file format", "Options"],
     ["Each line holds a date, a time and a height",
      "The option named strict makes Tidekit stop at the first malformed line."],
     ["Navigation", "modules", "Quick search", "Table of Contents", "Created using"]),
    ("divs.html", "Notes on the lighthouse keepers", ["Introduction"],
     ["The logbooks survive in the town library.",
      "His daughter Ida kept the light alone for a whole winter after he fell ill.",
      "the cottages have stood empty since then."],
     ["Guestbook", "Webmaster", "Home |"]),
    ("qa-forum.html", "How do tides get their rhythm?", ["Introduction"],
     ["why do they come about fifty minutes later each day?",
      "so there are two bulges.", "which gives two high tides."],
     ["Log in", "Improve this question", "asked Mar", "Answers", "Hot Network Questions",
      "Why is the sea salty", "Great explanation", "Add a comment", "Site design"]),
    ("press-release.html", "Coastal agency opens new tide gauge network",
     ["Introduction", "How the gauges work", "Background"],
     ["The Coastal Agency has opened a network of twelve new tide gauges",
      "The network was planned after the storm surge of 2019"],
     ["Skip to main content", "official website", "About us", "Media contact", "Telephone",
      "Related content", "Annual report", "Accessibility", "open licence"]),
    ("magazine.html", "The last ropewalk", ["Introduction", "Walking backwards"],
     ["For two centuries rope was made in it by walking backwards",
      "The hardest thing to learn is the pace of your feet.",
      "the opposing twists hold the rope together."],
     ["free articles left", "Essays", "Several theatres still use hemp",
      "More from Longform Review", "bell founders", "weekly newsletter", "reader-supported"]),
]


@pytest.mark.parametrize("name,title,sections,present,absent", CASES,
                         ids=[c[0] for c in CASES])
def test_saved_page_keeps_the_article_only(name: str, title: str, sections: list[str],
                                           present: list[str], absent: list[str]) -> None:
    article = import_file(PAGES / name)
    assert article.title == title
    assert [s.title for s in article.sections] == sections
    text = _text(article)
    for sentence in present:
        assert sentence in text
    for junk in absent:
        assert junk not in text, junk


def test_news_metadata_captions_quotes_and_lists_kept_apart() -> None:
    article = import_file(PAGES / "news.html")
    assert (article.date, article.byline) == ("2020-01-19", "Mara Quill")
    assert article.source_url == "https://dailyharbour.example.com/news/harbour-wall-reopens"
    assert article.caption == "Workers fit the last granite blocks on the northern wall."
    foundation = article.sections[1]
    kinds = [(b.kind, b.text[:20]) for b in foundation.blocks]
    assert ("quote", "We did not simply re") in kinds
    assert [b.text for b in foundation.blocks if b.kind == "caption"] == [
        "The breach in the wall in November 2018.", "Divers inspect the old foundation."]
    assert [b.kind for b in article.sections[2].blocks] == ["paragraph", "item", "item"]


def test_magazine_caption_quote_and_footnote_reference_kept_apart() -> None:
    article = import_file(PAGES / "magazine.html")
    intro, walking = article.sections
    assert [b.kind for b in intro.blocks] == ["paragraph", "caption", "paragraph"]
    assert intro.blocks[1].text == "The ropewalk seen from the river bank."
    assert intro.footnotes == (1,)
    assert [b.kind for b in walking.blocks] == ["paragraph", "quote", "paragraph"]


def test_encyclopedia_references_become_footnotes_not_text() -> None:
    article = import_file(PAGES / "encyclopedia.html")
    assert article.sections[0].footnotes == (1,)
    assert article.sections[1].footnotes == (2,)
    assert "[1]" not in _text(article)


@pytest.mark.parametrize("data", [
    b"<html><head><title>Nothing</title></head><body><nav><a href='/'>Home</a></nav></body></html>",
    b"<html><body><script>var x = 1;</script></body></html>",
])
def test_page_without_article_text_is_refused(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "empty-page.html"
    path.write_bytes(data)
    with pytest.raises(ArticleImportError) as info:
        import_file(path)
    assert str(path) in str(info.value)


def test_binary_file_named_html_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "photo.html"
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 20)
    with pytest.raises(ArticleImportError, match="binary") as info:
        import_file(path)
    assert str(path) in str(info.value)


def test_deeply_nested_divs_import_whole(tmp_path: Path) -> None:
    depth = 3000
    path = tmp_path / "nested.html"
    path.write_text("<html><body>" + "".join(
        f"<div>Level {i} has its own short sentence." for i in range(depth))
        + "</div>" * depth + "</body></html>", encoding="utf-8")
    sentences = [s.text for sec in import_file(path).sections for s in sec.sentences]
    assert sentences == [f"Level {i} has its own short sentence." for i in range(depth)]


# -- Import from Web -------------------------------------------------------------------------
def test_import_from_web_fetches_and_stores_the_page(col: Collection) -> None:
    page = (PAGES / "news.html").read_bytes()
    with serving({"/story": (200, "text/html; charset=utf-8", page)}) as base:
        result = import_article_url(col, f"{base}/story")
    article = load_article(col, result.article_id)
    assert article.title == "Harbour wall reopens after storm repairs"
    assert article.source_url == f"{base}/story"
    assert result.article_id == "harbour-wall-reopens-after-storm-repairs"


@pytest.mark.parametrize("route,message", [
    ("/missing", "does not exist (404)"),
    ("/file.zip", "is not a web page"),
    ("/broken", "answered 500"),
])
def test_import_from_web_failures_name_the_address(col: Collection, route: str, message: str) -> None:
    before = [a.id for a in list_articles(col)]
    routes = {"/file.zip": (200, "application/zip", b"PK\x03\x04" + b"\x00" * 100),
              "/broken": (500, "text/html", b"<h1>oops</h1>")}
    with serving(routes) as base, pytest.raises(ArticleImportError) as info:
        import_article_url(col, base + route)
    assert base + route in str(info.value) and message in str(info.value)
    assert [a.id for a in list_articles(col)] == before


def test_import_from_web_when_nothing_listens(col: Collection) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(ArticleImportError, match="cannot be reached"):
        import_article_url(col, f"http://127.0.0.1:{port}/page")


def test_import_from_web_refuses_a_page_over_the_size_limit(col: Collection, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.core.articles import importers

    monkeypatch.setattr(importers, "MAX_BYTES", 1000)
    with serving({"/big": (200, "text/html", b"<p>" + b"word " * 1000 + b"</p>")}) as base, \
            pytest.raises(ArticleImportError, match="too large"):
        import_article_url(col, f"{base}/big")


@pytest.mark.parametrize("typed", ["", "ftp://example.org/x", "mailto:someone@example.org"])
def test_not_a_web_address(col: Collection, typed: str) -> None:
    with pytest.raises(ArticleImportError):
        import_article_url(col, typed)


def test_cli_imports_a_file_and_a_url(tmp_path: Path) -> None:
    import subprocess
    import sys

    collection = tmp_path / "cli.sqlite3"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "app", "import", *args,
                               "--collection", str(collection)], cwd=ROOT, check=False,
                              capture_output=True, text=True, timeout=120)

    done = run(str(PAGES / "blog.html"))
    assert done.returncode == 0 and "Why I learned to splice rope" in done.stdout
    with serving({"/doc": (200, "text/html", (PAGES / "documentation.html").read_bytes())}) as base:
        done = run(f"{base}/doc")
        missing = run(f"{base}/gone")
    assert done.returncode == 0 and "Configuring the tide table" in done.stdout
    assert missing.returncode == 1 and f"{base}/gone" in missing.stderr


def test_sections_json_has_each_sections_text() -> None:
    import json
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "app", "sections", str(PAGES / "blog.html"),
                           "--json"], cwd=ROOT, check=True, capture_output=True, text=True,
                          timeout=120)
    data = json.loads(done.stdout)
    assert data["title"] == "Why I learned to splice rope" and data["byline"] == "Jonah Reef"
    first = data["sections"][0]
    assert first["text"].split("\n\n")[1].startswith("So I spent the winter evenings")
    assert first["blocks"] == 2


@pytest.mark.parametrize("raw,site,clean", [
    ("Harbour wall reopens | The Daily Harbour | 19.01.2020", "The Daily Harbour",
     "Harbour wall reopens"),
    ("GitHub - someone/tidekit: Tide tables for harbours", "GitHub",
     "someone/tidekit: Tide tables for harbours"),
    ("Why I learned to splice rope - Knots and Notes", None, "Why I learned to splice rope"),
    ("Letters: a plain headline without any site", None, "Letters: a plain headline without any site"),
])
def test_headline_loses_site_name_and_date(raw: str, site: str | None, clean: str) -> None:
    from app.core.articles.importers.web import clean_title

    assert clean_title(raw, site) == clean
