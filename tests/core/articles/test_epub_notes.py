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


def _one_chapter_book(path: Path, body: str) -> Path:
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier("aria-book")
    book.set_title("Roles")
    book.set_language("en")
    chapter = epub.EpubHtml(title="The Tide", file_name="tide.xhtml", lang="en")
    chapter.content = f"<html><body><h1>The Tide</h1>{body}</body></html>"
    book.add_item(chapter)
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", chapter]
    epub.write_epub(str(path), book)
    return path


def test_dpub_aria_roles_mark_notes_too_and_a_raised_link_to_a_part_is_no_note(
        tmp_path: Path) -> None:
    part = " ".join(["The tide rose along the whole coast that night."] * 40)
    body = ('<p>The tide came in twice a day.<a role="doc-noteref" href="#a1">*</a> '
            'The millers knew the hours by heart.<sup><a href="#part">2</a></sup></p>'
            '<div role="doc-footnote" id="a1"><p>* Tide tables of the port, 1930.</p></div>'
            f'<div id="part"><p>{part}</p></div>')
    article = import_file(_one_chapter_book(tmp_path / "roles.epub", body))
    assert article.footnote_texts == (Footnote(1, "Tide tables of the port, 1930."),)
    first = article.sections[0].sentences[0]
    assert (first.text, first.footnotes) == ("The tide came in twice a day.", (1,))
    assert "The tide rose along the whole coast that night." in article.sections[0].text
    assert "Tide tables" not in article.sections[0].text
