"""Fuzzing every article importer (each suffix StudyDesk imports): any input is imported or
refused with an ArticleImportError naming the file, and a refusal changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.articles.importers import (
    HTML_SUFFIXES,
    MARKDOWN_SUFFIXES,
    SUPPORTED_SUFFIXES,
    TEXT_SUFFIXES,
)
from app.core.articles.library import import_article_file
from app.core.storage.collection import Collection
from tests.helpers.fuzz import fuzz, imported_or_refused

SENTENCE = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=120)
MARKUP = st.sampled_from(["<p>", "</p>", "<h1>", "</h1>", "<h2>", "<script>", "</script>",
                          "<img src=x onerror=alert(1)>", "<b>", "&amp;", "&#0;", "<!--",
                          "-->", "# ", "## ", "\n\n", "\n", "* ", "1. ", "> ", "```", "[^1]",
                          "{{c1::", "}}", "\x00", "\ufeff", "\r\n", "<table><tr><td>",
                          "<![CDATA[", "<?xml version='1.0'?>", "<html><body>"])
DOCUMENT = st.lists(st.one_of(SENTENCE, MARKUP), max_size=40).map("".join)
ENCODED = st.one_of(
    DOCUMENT.map(lambda t: t.encode("utf-8")),
    DOCUMENT.map(lambda t: t.encode("cp1252", errors="replace")),
    DOCUMENT.map(lambda t: t.encode("utf-16")),
    st.binary(max_size=4000),
    st.tuples(DOCUMENT, DOCUMENT).map(
        lambda p: p[0].encode("utf-8") + b"\n" + p[1].encode("cp1252", errors="replace")),
)


# one suffix per importer: text, Markdown, HTML, and any other format added since
SUFFIXES = [".txt", ".md", ".html", *sorted(
    SUPPORTED_SUFFIXES - TEXT_SUFFIXES - MARKDOWN_SUFFIXES - HTML_SUFFIXES)]


@pytest.mark.parametrize("suffix", SUFFIXES)
@fuzz
@given(data=ENCODED)
def test_any_file_is_imported_or_refused_cleanly(fuzz_col: Collection, tmp_path: Path,
                                                 suffix: str, data: bytes) -> None:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    result = imported_or_refused(fuzz_col.path, path, lambda: import_article_file(fuzz_col, path))
    if result is not None:
        stored = fuzz_col.execute("SELECT COUNT(*) FROM sections WHERE article_id = ?",
                                  [result.article_id]).fetchone()[0]
        assert stored >= 1
        text = "".join(r[0] for r in fuzz_col.execute("SELECT sentences FROM blocks"))
        assert "\\u0000" not in text and "\x00" not in text
