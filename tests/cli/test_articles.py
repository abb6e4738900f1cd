"""`studydesk sections PATH --json`: the sections, and beside them the article's footnote
texts and source lists, as the reader shows them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main


def test_sections_json_lists_footnotes_and_sources(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "wall.md"
    page.write_text("# The Harbour Wall\n\nThe wall was rebuilt in a single year.[^1] The masons "
                    "worked through the winter.\n\n## References\n\n- Miller, A. (1977). Mills.\n"
                    "- Harbour Survey Office (1931). Report.\n\n"
                    "[^1]: Minutes of the town council, 3 March 1931.\n", encoding="utf-8")
    assert main(["sections", str(page), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["footnotes"] == [{"number": 1,
                                     "text": "Minutes of the town council, 3 March 1931."}]
    assert printed["sources"] == [{"title": "References", "entries": [
        "Miller, A. (1977). Mills.", "Harbour Survey Office (1931). Report."]}]
    assert [s["title"] for s in printed["sections"]] == ["Introduction"]
    assert printed["sections"][0]["footnotes"] == [1]
    assert "Miller" not in printed["sections"][0]["text"]


def test_sections_json_of_an_article_without_notes_has_empty_lists(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "plain.txt"
    page.write_text("A short text about the harbour and its wall, rebuilt in a year.\n",
                    encoding="utf-8")
    assert main(["sections", str(page), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["footnotes"] == [] and printed["sources"] == []
