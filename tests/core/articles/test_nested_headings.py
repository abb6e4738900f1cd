"""A heading with no text of its own before its subheadings ("Scripts", then
"media2iki") is kept visible in every format with nested headings: its first
subsection's title carries it ("Scripts › media2iki"), and no empty section is made."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.articles.importers import import_file
from tests.helpers.books import make_epub, make_pdf

_BODY = ("The harbour wall was rebuilt in a single year after the storm of 1931. "
         "The masons worked through the winter and finished before the spring tides.")
_TOOL = ("The first tool converts every page of the old wiki in one run and keeps "
         "the history of each page as it goes.")
_OTHER = ("The second tool reads the database directly and writes one file for every "
          "page it finds there.")


def _markdown(path: Path) -> Path:
    path.write_text(f"# The Wall\n\n## Method\n\n{_BODY}\n\n## Scripts\n\n### media2iki\n\n"
                    f"{_TOOL}\n\n### git-mediawiki\n\n{_OTHER}\n", encoding="utf-8")
    return path


def _html(path: Path) -> Path:
    """A page the web importer reads (trafilatura finds its article)."""
    path.write_text("<html><head><title>The Wall</title></head><body><nav><a href='/'>"
                    f"Home</a></nav><article><h1>The Wall</h1><h2>Method</h2><p>{_BODY}</p>"
                    f"<p>{_BODY}</p><h2>Scripts</h2><h3>media2iki</h3><p>{_TOOL}</p>"
                    f"<h3>git-mediawiki</h3><p>{_OTHER}</p></article></body></html>",
                    encoding="utf-8")
    return path


def _epub(path: Path) -> Path:
    """A part's title page with no text, then its chapters."""
    return make_epub(path, [("Method", [_BODY]), ("Scripts", []), ("media2iki", [_TOOL]),
                            ("git-mediawiki", [_OTHER])], title="The Wall")


def _pdf(path: Path) -> Path:
    return make_pdf(path, [("Method", [_BODY]), ("Scripts", []), ("media2iki", [_TOOL]),
                           ("git-mediawiki", [_OTHER])], title="The Wall")


@pytest.mark.parametrize("make,suffix", [(_markdown, "md"), (_html, "html"), (_epub, "epub"),
                                         (_pdf, "pdf")], ids=["markdown", "web", "epub", "pdf"])
def test_a_heading_without_text_leads_its_first_subsection(make: object, suffix: str,
                                                           tmp_path: Path) -> None:
    article = import_file(make(tmp_path / f"wall.{suffix}"))  # type: ignore[operator]
    assert [s.title for s in article.sections] == [
        "Method", "Scripts › media2iki", "git-mediawiki"]
    assert article.sections[1].text == _TOOL
    assert all(s.blocks for s in article.sections)


def test_headings_without_text_nest_and_a_trailing_one_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "nested.md"
    path.write_text(f"# Guide\n\n## Part One\n\n### Tools\n\n#### media2iki\n\n{_TOOL}\n\n"
                    "## Appendix\n", encoding="utf-8")
    assert [s.title for s in import_file(path).sections] == [
        "Part One › Tools › media2iki"]
