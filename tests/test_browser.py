"""The card browser and the deck menu actions, driven as a user would."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox, QPlainTextEdit

from app.core.collection import Collection
from app.core.deckfile import load_deck
from app.core.decks import load_deck_into_collection
from app.core.notes import get_note, list_notes
from app.ui.browser import CardBrowser
from app.ui.deck_actions import DeckErrorsDialog, open_deck, save_deck_as
from tests.test_deckfile import VALID, write
from tests.test_decks import review, snapshot

ARTICLE = "russia-china-military-cooperation"


@pytest.fixture
def deck_col(col: Collection, tmp_path: Path) -> Collection:
    load_deck_into_collection(col, write(tmp_path, VALID))
    return col


@pytest.fixture
def browser(qtbot, deck_col: Collection) -> CardBrowser:  # type: ignore[no-untyped-def]
    win = CardBrowser(deck_col, ARTICLE)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def shown(win: CardBrowser, column: int = 2) -> list[str]:
    model = win.table.model()
    return [model.index(r, column).data() for r in range(model.rowCount())]


def click_row(qtbot, win: CardBrowser, text: str) -> None:  # type: ignore[no-untyped-def]
    row = next(i for i, t in enumerate(shown(win)) if text in t)
    rect = win.table.visualRect(win.table.model().index(row, 2))
    qtbot.mouseClick(win.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def type_into(qtbot, editor: QLineEdit | QPlainTextEdit, *lines: str) -> None:  # type: ignore[no-untyped-def]
    editor.setFocus()
    if isinstance(editor, QPlainTextEdit):
        editor.selectAll()
    else:
        editor.clear()
    for i, line in enumerate(lines):
        if i:
            qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.keyClicks(editor, line)


def test_browser_shows_the_articles_cards(browser: CardBrowser) -> None:
    assert browser.model.rowCount() == 7
    assert browser.count.text() == "7 cards"
    first = [browser.model.index(0, c).data() for c in range(5)]
    assert first == ["Introduction", "Cloze",
                     "The Sino-Soviet Border Agreement was signed in [...].", "1991", "new"]
    assert shown(browser, 0).count("Joint Exercises") == 4


def test_search_and_filters(qtbot, browser: CardBrowser) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(browser.search, "peace")
    assert shown(browser) == ["Peace Mission is a series of joint exercises.", "Peace Mission"]
    browser.search.clear()
    browser.section_filter.setCurrentText("Joint Exercises")
    assert len(shown(browser)) == 4
    browser.kind_filter.setCurrentText("Basic and reversed")
    assert shown(browser) == ["Vostok"]
    browser.section_filter.setCurrentIndex(0)
    browser.kind_filter.setCurrentIndex(0)
    qtbot.keyClicks(browser.search, "shanghai")  # matches the answer, not the prompt
    assert shown(browser) == ["Which organisation do Russia and China lead in Central Asia?"]


def test_add_a_card_through_the_form(qtbot, browser: CardBrowser) -> None:  # type: ignore[no-untyped-def]
    browser.section_filter.setCurrentText("A New Level of Cooperation")
    qtbot.mouseClick(browser.add_button, Qt.MouseButton.LeftButton)
    form = browser.form
    assert form is not None and form.isVisible()
    assert form.section_box.currentText() == "A New Level of Cooperation"
    form.kind_box.setCurrentText("Multiple choice")
    page = form.page()
    type_into(qtbot, page.editors["question"], "Which year was the border agreement signed?")
    type_into(qtbot, page.editors["options"], "1989", "1991", "1995", "2001")
    type_into(qtbot, page.editors["answer"], "1990")
    qtbot.keyClicks(form.tags, "treaties dates")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.isVisible()  # refused: the answer is not an option
    assert "is not among the options" in form.error.text()
    assert len(shown(browser)) == 0
    type_into(qtbot, page.editors["answer"], "1991")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not form.isVisible())
    assert shown(browser) == ["Which year was the border agreement signed?"]
    added = [n for n in list_notes(browser.col, article_id=ARTICLE) if n.deck_id is None]
    assert len(added) == 1
    note = added[0]
    assert note.kind == "mcq" and note.section_idx == 4 and note.tags == ["treaties", "dates"]
    assert note.fields == {"question": "Which year was the border agreement signed?",
                           "options": ["1989", "1991", "1995", "2001"], "answer": "1991"}
    assert browser.selected_note_id() == note.id


def test_edit_keeps_the_review_history(qtbot, browser: CardBrowser) -> None:  # type: ignore[no-untyped-def]
    card_id = review(browser.col, "m3")
    browser.refresh()
    click_row(qtbot, browser, "Tsentr")
    assert browser.model.index(browser.table.currentIndex().row(), 4).data() != "new"
    qtbot.mouseClick(browser.edit_button, Qt.MouseButton.LeftButton)
    form = browser.form
    assert form is not None and not form.kind_box.isEnabled()
    assert form.page().editors["front"].toPlainText() == "Tsentr"
    type_into(qtbot, form.page().editors["back"], "Russia's strategic exercise in 2019")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not form.isVisible())
    assert get_note(browser.col, "m3").fields["back"] == "Russia's strategic exercise in 2019"
    assert "Russia's strategic exercise in 2019" in shown(browser, 3)
    row = browser.col.query("SELECT id, reps FROM cards WHERE note_id = 'm3'")[0]
    assert row == {"id": card_id, "reps": 3}


def test_delete_asks_first(qtbot, browser: CardBrowser) -> None:  # type: ignore[no-untyped-def]
    click_row(qtbot, browser, "Vostok")
    qtbot.mouseClick(browser.delete_button, Qt.MouseButton.LeftButton)
    box = browser.confirm
    assert box is not None and box.isVisible()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.No), Qt.MouseButton.LeftButton)
    assert "Vostok" in shown(browser)
    qtbot.mouseClick(browser.delete_button, Qt.MouseButton.LeftButton)
    box = browser.confirm
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    assert "Vostok" not in shown(browser)
    assert "m2" not in {n.id for n in list_notes(browser.col, include_inactive=True)}


def test_open_invalid_deck_lists_every_problem(qtbot, col: Collection, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    bad = write(tmp_path, VALID.replace('kind = "cloze"', 'kind = "essay"')
                .replace('answer = "Su-27"', 'answer = "Su-30"'), "bad.toml")
    before = snapshot(col)
    assert open_deck(parent, col, bad) is None
    dialog = parent.findChild(DeckErrorsDialog)
    assert dialog is not None and dialog.isVisible()
    items = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert items[0].startswith("line 10: card 'border-agreement-year': unknown kind 'essay'")
    assert items[1].startswith("line 21:") and "Su-30" in items[1]
    assert "2 problems" in dialog.summary.text()
    assert snapshot(col) == before
    summary = open_deck(parent, col, write(tmp_path, VALID))
    assert summary is not None and summary.added == 7


def test_save_deck_as_writes_a_deck_that_loads_back(deck_col: Collection, tmp_path: Path) -> None:
    out = save_deck_as(None, deck_col, ARTICLE, tmp_path / "exported")
    assert out == tmp_path / "exported.toml"
    deck = load_deck(out, col=deck_col)
    assert len(deck.cards) == 7 and [q.id for q in deck.quizzes] == ["quiz-introduction"]
