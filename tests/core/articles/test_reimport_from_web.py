"""Re-import from the web: an article fetched from an address is fetched again from it,
on the rules of a re-import from file (history kept, lost sentences' cards suspended),
against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.articles.library import (
    import_article_file,
    import_article_url,
    list_articles,
    load_article,
    set_section_read,
)
from app.core.articles.manage import reimport_article_from_web
from app.core.errors import ArticleError, ArticleImportError
from app.core.notes.model import Note
from app.core.notes.store import save_notes
from app.core.storage.collection import Collection
from app.core.study.reviews import record_review
from tests.helpers import ROOT
from tests.helpers.web_server import serving

PAGES = ROOT / "tests" / "data" / "web"
KEPT = "The harbour master, Tomas Greel, said the wall would be inspected every spring."
LOST = "The new base is two metres wider and rests on concrete piles."
ADDED = "<h2>A new ferry</h2><p>A ferry to the islands will call at the quay from May.</p>"


def _news(change: bool = False) -> bytes:
    page = (PAGES / "news.html").read_text(encoding="utf-8")
    if change:
        page = page.replace(" " + LOST, "").replace("<h2>What the fishermen say</h2>",
                                                    ADDED + "<h2>What the fishermen say</h2>")
    return page.encode("utf-8")


def _note(note_id: str, article_id: str, section: int, source: str) -> Note:
    return Note(id=note_id, kind="basic", fields={"front": f"Q {note_id}", "back": "A"},
                article_id=article_id, section_idx=section, source=source)


def _rows(col: Collection) -> dict[str, list[tuple[object, ...]]]:
    return {t: sorted(tuple(r) for r in col.execute(f"SELECT * FROM {t}"))
            for t in ("articles", "sections", "blocks", "notes", "cards", "revlog",
                      "section_reads")}


def test_reimport_from_web_keeps_history_and_suspends_cards_of_lost_sentences(
        col: Collection) -> None:
    routes = {"/story": (200, "text/html; charset=utf-8", _news())}
    with serving(routes) as base:
        article_id = import_article_url(col, f"{base}/story").article_id
        save_notes(col, [_note("kept", article_id, 1, KEPT), _note("lost", article_id, 1, LOST)])
        kept_card = col.execute("SELECT id FROM cards WHERE note_id = 'kept'").fetchone()[0]
        record_review(col, kept_card, 3, 1000)
        set_section_read(col, article_id, 2)  # "What the fishermen say"

        assert reimport_article_from_web(col, article_id).changed is False  # same page
        routes["/story"] = (200, "text/html; charset=utf-8", _news(change=True))
        result = reimport_article_from_web(col, article_id)
    assert result.changed and result.kept == 1 and result.suspended == (LOST,)
    article = load_article(col, article_id)
    assert [s.title for s in article.sections] == [
        "Introduction", "A wider foundation", "A new ferry", "What the fishermen say"]
    assert article.source_url == f"{base}/story"
    assert col.execute("SELECT COUNT(*) FROM revlog WHERE card_id = ?",
                       [kept_card]).fetchone()[0] == 1
    assert dict(col.execute("SELECT note_id, suspended FROM cards").fetchall()) == {
        "kept": 0, "lost": 1}
    assert list_articles(col)[0].read == {3}  # the read section moved, and stays read


def test_a_failed_fetch_changes_nothing_and_names_the_address(col: Collection) -> None:
    routes = {"/story": (200, "text/html", _news())}
    with serving(routes) as base:
        article_id = import_article_url(col, f"{base}/story").article_id
        before = _rows(col)
        del routes["/story"]
        with pytest.raises(ArticleImportError) as info:
            reimport_article_from_web(col, article_id)
    assert f"{base}/story" in str(info.value) and "404" in str(info.value)
    assert _rows(col) == before


def test_an_article_from_a_file_without_an_address_says_so(col: Collection,
                                                           tmp_path: Path) -> None:
    path = tmp_path / "harbour.md"
    path.write_text("# Harbour\n\nThe wall was granite. It stood for ages.\n", encoding="utf-8")
    article_id = import_article_file(col, path).article_id
    with pytest.raises(ArticleError, match="“Harbour” did not come from a web address"):
        reimport_article_from_web(col, article_id)
