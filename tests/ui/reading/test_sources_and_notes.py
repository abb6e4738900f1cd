"""The reader folds an article's sources away behind "▸ Sources" and prints what its
notes say below the section that refers to them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from app.ui.main_window import MainWindow
from tests.helpers import ROOT
from tests.helpers.books import make_epub_with_notes, make_pdf

PAGES = ROOT / "tests" / "data" / "web"


def _click_text(qtbot, win: MainWindow, text: str) -> None:  # type: ignore[no-untyped-def]
    browser = win.reader.browser
    cursor = browser.document().find(text)
    assert not cursor.isNull(), text
    browser.setTextCursor(cursor)
    browser.ensureCursorVisible()
    point = browser.cursorRect(cursor).center()
    point.setX(point.x() - 10)  # inside the link, not just past its end
    qtbot.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_sources_unfold_on_a_click_at_the_end_of_the_last_section(
        qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    article_id = window.import_article(str(PAGES / "encyclopedia.html"))
    assert article_id is not None
    last = len(window.article(article_id).sections) - 1
    window.open_section(article_id, 0)
    assert "Sources" not in window.reader.browser.toPlainText()  # only after the last section
    window.open_section(article_id, last)
    text = window.reader.browser.toPlainText()
    assert "▸ Sources (5 entries, not used for cards)" in text
    assert "Mills of the Coast" not in text
    _click_text(qtbot, window, "entries, not used")
    text = window.reader.browser.toPlainText()
    assert window.reader.sources_open
    assert "▾ Sources" in text and "External links" in text
    assert "Harbour Survey Office (1931). Mills of the Coast. Port Town Press." in text
    _click_text(qtbot, window, "entries, not used")
    assert "Mills of the Coast" not in window.reader.browser.toPlainText()


def test_pdf_footnotes_are_printed_below_their_section(
        qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = make_pdf(tmp_path / "notes.pdf", [("Findings", [
        "The wall was rebuilt in one year.<super>1</super> Nobody expected it.",
        ("The masons had said it would take three years, and the council had believed "
        "them; the harbour master alone thought the work could be done by midsummer.")])],
        title="A Note Test", notes=("1 Harbour Survey Office, Report on the Wall (1931).",))
    window.import_article(str(path))
    text = window.reader.browser.toPlainText()
    assert "Nobody expected it." in text
    body, _, notes = text.partition("Nobody expected it.")
    assert "Harbour Survey Office, Report on the Wall (1931)." in notes
    assert "Harbour Survey Office" not in body
    assert "Sources" not in text


def test_sources_open_from_the_keyboard_too(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    article_id = window.import_article(str(PAGES / "encyclopedia.html"))
    assert article_id is not None
    window.open_section(article_id, len(window.article(article_id).sections) - 1)
    browser = window.reader.browser
    browser.setFocus()
    qtbot.keyClick(browser, Qt.Key.Key_Tab)  # to the only link of the section
    qtbot.keyClick(browser, Qt.Key.Key_Return)
    assert window.reader.sources_open
    assert "The Tidal Mill Society" in browser.toPlainText()


def test_epub_notes_are_printed_below_the_section_that_refers_to_them(
        qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    article_id = window.import_article(str(make_epub_with_notes(tmp_path / "wall.epub")))
    assert article_id is not None
    window.open_section(article_id, 1)  # "The Masons": its note is the book's second
    text = window.reader.browser.toPlainText()
    body, found, notes = text.partition("Notes")
    assert found and "Nobody expected it, least of all the masons." in body
    assert "Minutes of the town council, 3 March 1931." in notes
    assert "Minutes" not in body and "Survey Office" not in text  # chapter 1's note
    window.open_section(article_id, 2)
    text = window.reader.browser.toPlainText()
    assert "The harbour master's log, April 1932." in text.partition("Notes")[2]
