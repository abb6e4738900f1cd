"""The card browser and the deck menu actions, driven as a user would."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QMenu,
    QMenuBar,
    QMessageBox,
    QPlainTextEdit,
)

from app.core.decks.file import load_deck
from app.core.notes.card_actions import set_notes_suspended
from app.core.notes.store import get_note, list_notes
from app.core.storage.collection import Collection
from app.core.study.reviews import bury_card, set_suspended
from app.core.study.session import Scope, StudySession
from app.core.study.settings import StudyError
from app.ui.cards.browser import COLUMN_KEYS, CardBrowser
from app.ui.changes import changes_of
from app.ui.collection.actions import undo_text
from app.ui.decks.actions import DeckErrorsDialog, open_deck, save_deck_as
from app.ui.study.review import ReviewWidget
from tests.helpers.browser import ARTICLE, click_row, count_of, row_rect, shown
from tests.helpers.decks import VALID, review, snapshot, write

STATE = 5  # the State column






def state_of(win: CardBrowser, text: str) -> str:
    return dict(zip(shown(win), shown(win, STATE), strict=True))[text]


def suspended_cards(col: Collection, note_id: str) -> list[int]:
    return [r[0] for r in col.execute(
        "SELECT suspended FROM cards WHERE note_id = ? ORDER BY ord", [note_id])]


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
    assert count_of(browser) == "7 notes (8 cards)"
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


def test_save_deck_as_writes_a_deck_that_loads_back(  # type: ignore[no-untyped-def]
        qtbot, deck_col: Collection, tmp_path: Path) -> None:
    """(qtbot: the save runs behind a progress dialog, which needs the application.)"""
    out = save_deck_as(None, deck_col, ARTICLE, tmp_path / "exported")
    assert out == tmp_path / "exported.toml"
    deck = load_deck(out, col=deck_col)
    assert len(deck.cards) == 7 and [q.id for q in deck.quizzes] == ["quiz-introduction"]


# -- suspend / unsuspend --------------------------------------------------------------
def test_a_card_suspended_in_review_is_unsuspended_in_the_browser(  # type: ignore[no-untyped-def]
        qtbot, deck_col: Collection) -> None:
    review_screen = ReviewWidget(deck_col, Scope(ARTICLE), "Study")
    qtbot.addWidget(review_screen)
    review_screen.show()
    qtbot.keyClick(review_screen, Qt.Key.Key_Space)  # Study
    assert "Sino-Soviet Border Agreement" in review_screen.question.text()
    qtbot.keyClicks(review_screen, "@")  # suspend it
    assert "Sino-Soviet Border Agreement" not in review_screen.question.text()
    assert StudySession(deck_col, Scope(ARTICLE)).next_card().note_id != "border-agreement-year"

    win = CardBrowser(deck_col, ARTICLE)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    assert win.model.headerData(STATE, Qt.Orientation.Horizontal) == "State"
    prompt = "The Sino-Soviet Border Agreement was signed in [...]."
    assert state_of(win, prompt) == "suspended"
    assert [state_of(win, p) for p in shown(win) if p != prompt] == [""] * 6
    win.state_filter.setCurrentText("Suspended")
    assert shown(win) == [prompt] and count_of(win) == "1 note (1 card)"
    assert not win.suspend_button.isEnabled() and not win.unsuspend_button.isEnabled()
    click_row(qtbot, win, "Sino-Soviet")
    assert not win.suspend_button.isEnabled() and win.unsuspend_button.isEnabled()
    with qtbot.waitSignal(changes_of(win.col).changed, timeout=1000):
        qtbot.mouseClick(win.unsuspend_button, Qt.MouseButton.LeftButton)
    assert shown(win) == [] and count_of(win) == "0 notes (0 cards)"  # no longer suspended
    win.state_filter.setCurrentText("Any state")
    assert state_of(win, prompt) == ""
    assert suspended_cards(deck_col, "border-agreement-year") == [0]

    card = StudySession(deck_col, Scope(ARTICLE)).next_card()
    assert card is not None and card.note_id == "border-agreement-year"  # studied again


def test_ctrl_j_toggles_a_multi_selection(qtbot, browser: CardBrowser) -> None:  # type: ignore[no-untyped-def]
    click_row(qtbot, browser, "Vostok")
    click_row(qtbot, browser, "Tsentr", Qt.KeyboardModifier.ControlModifier)
    assert browser.selected_note_ids() == ["m2", "m3"]
    qtbot.keyClick(browser.table, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert suspended_cards(browser.col, "m2") == [1, 1]  # both cards of the reversed note
    assert suspended_cards(browser.col, "m3") == [1]
    assert suspended_cards(browser.col, "m1") == [0]
    assert (state_of(browser, "Vostok"), state_of(browser, "Tsentr")) == ("suspended", "suspended")
    assert browser.selected_note_ids() == ["m2", "m3"]  # the selection survives the refresh
    assert not browser.suspend_button.isEnabled() and browser.unsuspend_button.isEnabled()

    click_row(qtbot, browser, "Peace Mission", Qt.KeyboardModifier.ControlModifier)
    assert browser.selected_note_ids() == ["m1", "m2", "m3"]
    assert browser.suspend_button.isEnabled() and browser.unsuspend_button.isEnabled()
    qtbot.keyClick(browser.table, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert suspended_cards(browser.col, "m1") == [1]  # mixed selection: Ctrl+J suspends all
    assert suspended_cards(browser.col, "m2") == [1, 1]
    qtbot.keyClick(browser.table, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert [suspended_cards(browser.col, n) for n in ("m1", "m2", "m3")] == [[0], [0, 0], [0]]
    assert {state_of(browser, p) for p in ("Peace Mission", "Vostok", "Tsentr")} == {""}


def test_context_menu_suspends_the_clicked_row(qtbot, browser: CardBrowser) -> None:  # type: ignore[no-untyped-def]
    def menu_item(text: str) -> QMenu:
        """Right-click the row. The event the platform turns a right-click into is sent
        directly: synthesised right-clicks reach Qt's context-menu logic unreliably offscreen."""
        viewport = browser.table.viewport()
        pos = row_rect(browser, text).center()
        event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, viewport.mapToGlobal(pos))
        QApplication.sendEvent(viewport, event)
        qtbot.waitUntil(lambda: browser.menu is not None and browser.menu.isVisible())
        menu = browser.menu
        assert menu is not None
        return menu

    click_row(qtbot, browser, "Vostok")
    menu = menu_item("Tsentr")  # right-click outside the selection selects that row
    assert browser.selected_note_ids() == ["m3"]
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == ["&Edit…", "Suspend", "Bury", "&Flag", "Card &Info…", "&Delete", "Add &Tags…",
                     "&Remove Tags…", "Change &Section…", "Re&position New Cards…"]
    action = menu.actions()[1]
    assert action.shortcut().toString() == "Ctrl+J"
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    assert suspended_cards(browser.col, "m3") == [1]
    assert state_of(browser, "Tsentr") == "suspended"
    menu = menu_item("Tsentr")
    action = menu.actions()[1]
    assert action.text() == "Unsuspend"
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    assert suspended_cards(browser.col, "m3") == [0]
    assert state_of(browser, "Tsentr") == ""


def test_partly_suspended_and_buried_notes_are_shown_and_filtered(  # type: ignore[no-untyped-def]
        qtbot, browser: CardBrowser) -> None:
    col = browser.col
    reverse = col.execute("SELECT id FROM cards WHERE note_id = 'm2' AND ord = 1").fetchone()[0]
    set_suspended(col, [reverse], True)
    tsentr = col.execute("SELECT id FROM cards WHERE note_id = 'm3'").fetchone()[0]
    bury_card(col, tsentr)
    browser.refresh()
    assert state_of(browser, "Vostok") == "1 of 2 suspended"
    assert state_of(browser, "Tsentr") == "buried"
    browser.state_filter.setCurrentText("Buried")
    assert shown(browser) == ["Tsentr"]
    browser.state_filter.setCurrentText("Suspended")
    assert shown(browser) == ["Vostok"]
    click_row(qtbot, browser, "Vostok")
    assert browser.suspend_button.isEnabled() and browser.unsuspend_button.isEnabled()
    qtbot.mouseClick(browser.suspend_button, Qt.MouseButton.LeftButton)
    assert suspended_cards(col, "m2") == [1, 1]
    assert state_of(browser, "Vostok") == "suspended"


def buried_cards(col: Collection, note_id: str) -> list[bool]:
    return [bool(r[0]) for r in col.execute(
        "SELECT COALESCE(buried_until > unixepoch(), 0) FROM cards WHERE note_id = ? ORDER BY ord",
        [note_id])]


def test_bury_and_unbury_from_the_browser_and_undo_it(qtbot, browser: CardBrowser) -> None:  # type: ignore[no-untyped-def]
    assert not browser.toggle_bury_action.isEnabled()  # nothing selected
    click_row(qtbot, browser, "Vostok")
    click_row(qtbot, browser, "Tsentr", Qt.KeyboardModifier.ControlModifier)
    assert browser.toggle_bury_action.isEnabled() and browser.toggle_bury_action.text() == "Bury"
    qtbot.keyClick(browser.table, Qt.Key.Key_J,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert buried_cards(browser.col, "m2") == [True, True]  # both cards of the reversed note
    assert buried_cards(browser.col, "m3") == [True] and buried_cards(browser.col, "m1") == [False]
    assert (state_of(browser, "Vostok"), state_of(browser, "Tsentr")) == ("buried", "buried")
    assert browser.toggle_bury_action.text() == "Unbury"
    assert undo_text(browser.col) == "&Undo Bury 2 Cards"
    qtbot.keyClick(browser.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert buried_cards(browser.col, "m2") == [False, False]
    assert state_of(browser, "Tsentr") == ""
    # buried again, then unburied with the same key: every selected card was buried
    qtbot.keyClick(browser.table, Qt.Key.Key_J,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(browser.table, Qt.Key.Key_J,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert buried_cards(browser.col, "m2") == [False, False]
    assert undo_text(browser.col) == "&Undo Unbury 2 Cards"
    cards_menu = browser.findChild(QMenuBar).actions()[0].menu()
    assert browser.toggle_bury_action in cards_menu.actions()


def test_flags_from_the_keyboard_menu_and_search(qtbot, browser: CardBrowser) -> None:  # type: ignore[no-untyped-def]
    def flags(note_id: str) -> list[int]:
        return [r[0] for r in browser.col.execute(
            "SELECT flag FROM cards WHERE note_id = ? ORDER BY ord", [note_id])]

    red, green = browser.flag_actions[0], browser.flag_actions[2]
    assert not red.isEnabled()  # nothing selected
    browser.set_column_shown(COLUMN_KEYS.index("flag"), True)
    click_row(qtbot, browser, "Vostok")
    qtbot.keyClick(browser.table, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert flags("m2") == [1, 1] and red.isChecked() and not green.isChecked()
    assert dict(zip(shown(browser), shown(browser, COLUMN_KEYS.index("flag")),
                    strict=True))["Vostok"] == "Red"
    assert undo_text(browser.col) == "&Undo Flag 1 Card Red"
    green.trigger()  # another flag replaces it
    assert flags("m2") == [3, 3]
    browser.search.setText("flag:3")
    assert shown(browser) == ["Vostok"]
    qtbot.keyClick(browser.table, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert flags("m2") == [0, 0]  # the same flag again takes it off
    assert undo_text(browser.col) == "&Undo Unflag 1 Card"
    cards_menu = browser.findChild(QMenuBar).actions()[0].menu()
    flag_menu = next(a.menu() for a in cards_menu.actions() if a.text() == "&Flag")
    assert flag_menu.actions() == browser.flag_actions


def test_bury_exactly_the_selected_cards_when_rows_are_cards(qtbot, browser: CardBrowser) -> None:  # type: ignore[no-untyped-def]
    browser.toggle_rows()
    click_row(qtbot, browser, "Vostok")
    browser.toggle_bury_action.trigger()
    assert buried_cards(browser.col, "m2") == [True, False]  # not the reversed card
    assert state_of(browser, "Vostok") == "buried"


def test_suspending_a_deleted_note_changes_nothing(deck_col: Collection) -> None:
    with pytest.raises(StudyError, match="'gone' is no longer in the collection"):
        set_notes_suspended(deck_col, ["m1", "gone"], True)
    assert suspended_cards(deck_col, "m1") == [0]
    assert set_notes_suspended(deck_col, ["m1", "m2"], True) == 3
    assert set_notes_suspended(deck_col, ["m1", "m2"], True) == 0  # already suspended


def test_delete_several_selected_cards(qtbot, browser: CardBrowser) -> None:  # type: ignore[no-untyped-def]
    click_row(qtbot, browser, "Peace Mission")
    click_row(qtbot, browser, "Tsentr", Qt.KeyboardModifier.ShiftModifier)
    assert browser.selected_note_ids() == ["m1", "m2", "m3"]
    qtbot.keyClick(browser.table, Qt.Key.Key_Delete)
    box = browser.confirm
    assert box is not None and "these 3 cards" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    assert not {"Peace Mission", "Vostok", "Tsentr"} & set(shown(browser))
    assert count_of(browser) == "4 notes (4 cards)"
    assert not {"m1", "m2", "m3"} & {n.id for n in list_notes(browser.col, include_inactive=True)}
