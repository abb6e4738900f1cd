"""An EPUB's footnotes and endnotes: kept as the article's footnote texts, never study
text — whichever way the book marks them up. The book is made by the test helper
(ebooklib, test-only), with the three usual patterns."""

from __future__ import annotations

from pathlib import Path

from app.core.articles.importers import import_file
from app.core.articles.library import import_article_file, load_article
from app.core.articles.model import Footnote
from app.core.storage.collection import Collection
from tests.helpers.books import make_epub_with_notes

NOTES = (Footnote(1, "Harbour Survey Office, Report on the Wall, p. 12."),
         Footnote(2, "Minutes of the town council, 3 March 1931."),
         Footnote(3, "The harbour master's log, April 1932."))


def test_every_kind_of_epub_note_is_a_footnote_numbered_through_the_book(
        tmp_path: Path) -> None:
    article = import_file(make_epub_with_notes(tmp_path / "wall.epub"))
    assert article.footnote_texts == NOTES
    assert [s.title for s in article.sections] == ["The Wall", "The Masons", "The Harbour"]
    assert [[(s.text, s.footnotes) for s in section.sentences]
            for section in article.sections] == [
        [("The wall was rebuilt in a single year.", (1,)),
         ("The masons worked through the winter.", ())],
        [("Nobody expected it, least of all the masons.", (2,)),
         ("They had said it would take three years.", ())],
        [("The harbour opened again in the spring.", (3,)),
         ("As chapter 1 told, the wall came first.", ())]]
    study_text = " ".join(s.title + " " + s.text for s in article.sections)
    for note in NOTES:
        assert note.text not in study_text
    assert "Survey Office" not in study_text and "Minutes" not in study_text
    assert "log" not in study_text and article.sources == ()


def test_epub_notes_are_stored_with_the_article(col: Collection, tmp_path: Path) -> None:
    article_id = import_article_file(col, make_epub_with_notes(tmp_path / "wall.epub")).article_id
    assert load_article(col, article_id).footnote_texts == NOTES
