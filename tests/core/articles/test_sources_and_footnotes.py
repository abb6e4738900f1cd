"""Reference lists and footnote texts: kept beside the study text, never in it.

A web page's "References", "See also" and "External links" become the article's
`sources`; a PDF's small print at the foot of a page becomes its `footnote_texts`.
Both are stored and loaded with the article, deleted and undone with it, and
replaced by a re-import — while no card, section or reading progress is made
from them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.articles.importers import import_file
from app.core.articles.library import (
    import_article_file,
    list_articles,
    load_article,
    set_section_read,
)
from app.core.articles.manage import delete_article, reimport_article
from app.core.articles.model import Footnote, SourceList
from app.core.generate import every_variant, generate_candidates
from app.core.storage.collection import Collection
from app.core.storage.undo import undo_last
from tests.helpers import ROOT
from tests.helpers.books import make_pdf

PAGES = ROOT / "tests" / "data" / "web"
ENCYCLOPEDIA_SOURCES = (
    SourceList("See also", ("Watermill", "Tidal power")),
    SourceList("References", (
        "Harbour Survey Office (1931). Mills of the Coast. Port Town Press.",
        'Miller, A. (1977). "The end of the tidal mills". Coastal History Review 12: 33–41.')),
    SourceList("External links", ("The Tidal Mill Society",)),
)


def _study_text(article: object) -> str:
    return " ".join(s.title + " " + s.text for s in article.sections)  # type: ignore[attr-defined]


def test_wikipedia_style_reference_lists_become_sources_not_text() -> None:
    article = import_file(PAGES / "encyclopedia.html")
    assert article.sources == ENCYCLOPEDIA_SOURCES
    text = _study_text(article)
    assert "Mills of the Coast" not in text and "Tidal Mill Society" not in text
    entries = " ".join(e for s in article.sources for e in s.entries)
    assert "Ship mill" not in entries  # the navigation box below the links
    assert "Categories" not in entries and "Watermills" not in entries


def test_sources_are_stored_apart_and_not_counted_in_reading_progress(col: Collection) -> None:
    article_id = import_article_file(col, PAGES / "encyclopedia.html").article_id
    stored = load_article(col, article_id)
    assert stored.sources == ENCYCLOPEDIA_SOURCES
    assert stored == import_file(PAGES / "encyclopedia.html")
    for index in range(len(stored.sections)):
        set_section_read(col, article_id, index)
    summary = next(s for s in list_articles(col) if s.id == article_id)
    assert summary.sections == ("Introduction", "History", "Operation", "Wheels")
    assert summary.read == frozenset(range(4))  # every section read: the sources are none


_FACTS = ("In 1931 the Harbour Survey Office in Port Calder counted 42 tidal mills along "
          "the coast, and Anna Miller of the Coastal History Society said that the last of "
          "them closed in 1977.")


def _page(body_extra: str, reference: str) -> str:
    return f"""<!DOCTYPE html><html><head><title>Tidal mills of Calder</title></head><body>
<div id="content"><h1>Tidal mills of Calder</h1>
<p>A tidal mill is a water mill driven by the rise and fall of the tide. The mills of
Calder ground grain for the town for three centuries, and the millers worked by the
tide tables rather than by the clock.</p>
<p>The miller opened the sluice gates at high tide and let the pond fill, then closed
them and waited for the water outside to fall. {body_extra}</p>
<h2>References</h2>
<ol class="references"><li>{reference}</li></ol>
</div></body></html>"""


def _suggested_text(col: Collection, path: Path) -> str:
    article = load_article(col, import_article_file(col, path).article_id)
    suggestions = every_variant(generate_candidates(article))
    assert suggestions  # the body itself makes cards
    return " ".join(f"{c.source} {c.prompt} {c.answer}" for c in suggestions)


def test_no_card_is_ever_suggested_from_sources(col: Collection, tmp_path: Path) -> None:
    page = tmp_path / "mills.html"
    page.write_text(_page("", _FACTS), encoding="utf-8")
    assert load_article(col, import_article_file(col, page).article_id).sources == (
        SourceList("References", (_FACTS,)),)
    suggested = _suggested_text(col, page)
    for fact in ("1931", "42", "Miller", "1977", "Coastal History Society"):
        assert fact not in suggested


def test_the_same_sentence_in_the_body_does_make_cards(col: Collection, tmp_path: Path) -> None:
    """The control for the test above: the facts are ones the generator asks about."""
    page = tmp_path / "mills-body.html"
    page.write_text(_page(_FACTS, "Port Calder Town Archive, mill ledgers."), encoding="utf-8")
    suggested = _suggested_text(col, page)
    assert "1931" in suggested or "1977" in suggested


NOTES = ("<super>1</super> Harbour Survey Office, Report on the Wall (1931), p. 12.",
         "2 Minutes of the town council, 3 March 1931.")
BODY = [("The wall was rebuilt in one year.<super>1</super> Nobody expected it, least of "
        "all the masons who had said it would take three.<super>2</super>"),
        "A second paragraph tells of the harbour master and his long patience."]


@pytest.mark.parametrize("columns", [1, 2])
def test_pdf_footnotes_at_the_page_foot_are_kept_as_footnotes(tmp_path: Path,
                                                              columns: int) -> None:
    path = make_pdf(tmp_path / "notes.pdf", [("Findings", BODY)], title="A Note Test",
                    notes=NOTES, columns=columns)
    article = import_file(path)
    assert article.footnote_texts == (
        Footnote(1, "Harbour Survey Office, Report on the Wall (1931), p. 12."),
        Footnote(2, "Minutes of the town council, 3 March 1931."))
    assert [(s.text.split()[0], s.footnotes) for s in article.sections[0].sentences] == [
        ("The", (1,)), ("Nobody", (2,)), ("A", ())]
    text = _study_text(article)
    assert "Survey Office" not in text and "Minutes" not in text
    assert article.sources == ()


def test_a_web_pages_footnote_list_gives_the_note_texts() -> None:
    """Pandoc's / DPUB-ARIA's list of notes: out of the text, each note's text kept."""
    article = import_file(PAGES / "magazine.html")
    assert article.footnote_texts == (
        Footnote(1, "Several theatres still use hemp rope for their fly systems."),)
    assert article.sections[0].footnotes == (1,)
    assert "hemp rope" not in _study_text(article)


def test_markdown_note_definitions_become_the_note_texts(tmp_path: Path) -> None:
    path = tmp_path / "harbour.md"
    path.write_text("# Harbour\n\nThe wall was rebuilt.[^survey] It stood.[^council]\n\n"
                    "[^council]: Council minutes,\n    3 March 1931.\n"
                    "[^survey]: Harbour Survey Office.\n[^unused]: Never referred to.\n",
                    encoding="utf-8")
    article = import_file(path)
    assert article.footnote_texts == (Footnote(1, "Harbour Survey Office."),
                                      Footnote(2, "Council minutes, 3 March 1931."))
    assert [(s.text, s.footnotes) for s in article.sections[0].sentences] == [
        ("The wall was rebuilt.", (1,)), ("It stood.", (2,))]


def test_footnotes_and_sources_are_deleted_undone_and_reimported_with_the_article(
        col: Collection, tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "notes.pdf", [("Findings", BODY)], title="A Note Test",
                    notes=NOTES)
    article_id = import_article_file(col, path).article_id
    web_id = import_article_file(col, PAGES / "encyclopedia.html").article_id

    def rows() -> list[tuple[object, ...]]:
        return [tuple(r) for t in ("footnotes", "source_lists")
                for r in col.execute(f"SELECT * FROM {t} ORDER BY 1, 2")]

    before = rows()
    assert len(before) == 2 + 3
    delete_article(col, article_id)
    delete_article(col, web_id)
    assert rows() == []
    undo_last(col)
    undo_last(col)
    assert rows() == before

    make_pdf(path, [("Findings", BODY[:1])], title="A Note Test", notes=NOTES[:1])
    assert reimport_article(col, article_id, path).changed
    assert load_article(col, article_id).footnote_texts == (
        Footnote(1, "Harbour Survey Office, Report on the Wall (1931), p. 12."),)
    assert load_article(col, web_id).sources == ENCYCLOPEDIA_SOURCES


# The same reference lists in every format: kept out of the study text, stored as sources.
_BODY = ("The harbour wall was rebuilt in a single year after the storm of 1931. "
         "The masons worked through the winter and finished before the spring tides.")
_ENTRIES = ("Miller, A. (1977). The end of the tidal mills. Coastal History Review.",
            "Harbour Survey Office (1931). Mills of the Coast. Port Town Press.")
_READING = ("Calder Town Archive. The mill ledgers, 1850 to 1931.",)


def _markdown(path: Path) -> Path:
    path.write_text("# The Harbour Wall\n\n" + _BODY + "\n\n## The Masons\n\n" + _BODY +
                    "\n\n## References\n\n" + "".join(f"- {e}\n" for e in _ENTRIES) +
                    "\n## Further reading\n\n1. " + _READING[0] + "\n", encoding="utf-8")
    return path


def _text(path: Path) -> Path:
    path.write_text("The Harbour Wall\n\n" + _BODY + "\n\nThe Masons\n\n" + _BODY + "\n\n" +
                    "References\n\n" + "\n\n".join(_ENTRIES) + "\n\nFurther Reading\n\n" +
                    _READING[0] + "\n", encoding="utf-8")
    return path


def _epub(path: Path) -> Path:
    from tests.helpers.books import make_epub
    return make_epub(path, [("The Masons", [_BODY, _BODY]), ("References", list(_ENTRIES)),
                            ("Further reading", list(_READING))], title="The Harbour Wall")


def _pdf(path: Path) -> Path:
    return make_pdf(path, [("The Masons", [_BODY, _BODY]), ("References", list(_ENTRIES)),
                           ("Further reading", list(_READING))], title="The Harbour Wall")


@pytest.mark.parametrize("make,suffix", [(_markdown, "md"), (_text, "txt"), (_epub, "epub"),
                                         (_pdf, "pdf")], ids=["markdown", "text", "epub", "pdf"])
def test_every_format_keeps_its_reference_lists_as_sources(make: object, suffix: str,
                                                           tmp_path: Path) -> None:
    article = import_file(make(tmp_path / f"wall.{suffix}"))  # type: ignore[operator]
    assert [(s.title.casefold(), s.entries) for s in article.sources] == [
        ("references", _ENTRIES), ("further reading", _READING)]
    assert "References" not in [s.title for s in article.sections]
    text = _study_text(article)
    assert "The masons worked through the winter" in text
    assert "Coastal History Review" not in text and "mill ledgers" not in text


def test_a_section_that_only_starts_like_a_source_heading_is_study_text(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# Wall\n\n## Notes on the masons\n\n" + _BODY + "\n", encoding="utf-8")
    article = import_file(path)
    assert [s.title for s in article.sections] == ["Notes on the masons"]
    assert article.sources == ()


# A manual's "Sources" section that says in prose where the source code is: study text.
_PROSE = ("The source code is available from the project archive at the usual "
          "locations, and several media are linked on https://example.org/source/ for "
          "those who build the system themselves.")


def _page_with(section: str, body: str, path: Path) -> Path:
    """The same article in a format chosen by the path's suffix."""
    if path.suffix == ".md":
        path.write_text(f"# The Harbour Wall\n\n{_BODY}\n\n## {section}\n\n{body}\n",
                        encoding="utf-8")
    elif path.suffix == ".txt":
        path.write_text(f"The Harbour Wall\n\n{_BODY}\n\n{section}\n\n{body}\n",
                        encoding="utf-8")
    elif path.suffix == ".html":
        path.write_text(f"<html><head><title>The Harbour Wall</title></head><body><article>"
                        f"<h1>The Harbour Wall</h1><p>{_BODY}</p><p>{_BODY}</p>"
                        f"<h2>{section}</h2><p>{body}</p></article></body></html>",
                        encoding="utf-8")
    elif path.suffix == ".epub":
        from tests.helpers.books import make_epub
        make_epub(path, [("The Masons", [_BODY, _BODY]), (section, [body])],
                  title="The Harbour Wall")
    else:
        make_pdf(path, [("The Masons", [_BODY, _BODY]), (section, [body])],
                 title="The Harbour Wall")
    return path


_FORMATS = ["md", "txt", "html", "epub", "pdf"]


@pytest.mark.parametrize("suffix", _FORMATS)
@pytest.mark.parametrize("heading", ["Sources", "6.2.5. Sources", "Notes", "Literature"])
def test_a_source_heading_over_prose_is_a_section_in_every_format(
        heading: str, suffix: str, tmp_path: Path) -> None:
    article = import_file(_page_with(heading, _PROSE, tmp_path / f"wall.{suffix}"))
    assert heading in [s.title for s in article.sections]
    assert "several media are linked on" in _study_text(article)
    assert article.sources == ()


@pytest.mark.parametrize("suffix", _FORMATS)
def test_a_source_heading_over_citations_is_still_a_source_list(suffix: str,
                                                                 tmp_path: Path) -> None:
    article = import_file(_page_with("Sources", _ENTRIES[0], tmp_path / f"wall.{suffix}"))
    assert "Sources" not in [s.title for s in article.sections]
    assert "Coastal History Review" not in _study_text(article)
    assert [(s.title, s.entries) for s in article.sources] == [("Sources", _ENTRIES[:1])]
