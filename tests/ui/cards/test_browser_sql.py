"""The SQL-backed browser driven as a user would: sorting, cards/notes, columns, the
sidebar, tags, sections, positions, disabled actions, search mistakes, typing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox, QInputDialog, QMenuBar

from app.core.clock import utcnow
from app.core.notes.model import Note
from app.core.notes.store import get_note, list_notes, save_note
from app.core.storage.collection import Collection
from app.core.study.reviews import record_review
from app.ui.cards.browser import COLUMN_KEYS, CardBrowser
from tests.helpers.browse_reference import reference_rows
from tests.helpers.browser import ARTICLE, click_row, count_of, open_browser, shown
from tests.helpers.quizdata import card_id

PROMPT, DUE, STATE = COLUMN_KEYS.index("prompt"), COLUMN_KEYS.index("due"), \
    COLUMN_KEYS.index("state")


def click_header(qtbot, win: CardBrowser, column: int) -> None:  # type: ignore[no-untyped-def]
    header = win.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


def test_rows_are_the_reference_rows_for_searches_and_sorts(  # type: ignore[no-untyped-def]
        qtbot, browser: CardBrowser) -> None:
    for words in ["", "exercise", "peace", "the", "su-27"]:
        browser.search.setText(words)
        reference = reference_rows(browser.col, ARTICLE, words)
        assert shown(browser) == [" ".join(r.prompt.split()) for r in reference], words
    browser.search.setText("exercise")
    click_header(qtbot, browser, PROMPT)
    expected = sorted((" ".join(r.prompt.split()) for r in
                       reference_rows(browser.col, ARTICLE, "exercise")), key=str.casefold)
    assert shown(browser) == expected
    click_header(qtbot, browser, PROMPT)
    assert shown(browser) == expected[::-1]


def test_sort_indicator_and_sort_kept_between_openings(qtbot, deck_col: Collection) -> None:  # type: ignore[no-untyped-def]
    win = open_browser(qtbot, deck_col)
    header = win.table.horizontalHeader()
    assert header.isSortIndicatorShown()
    click_header(qtbot, win, PROMPT)
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        PROMPT, Qt.SortOrder.AscendingOrder)
    click_header(qtbot, win, PROMPT)
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    order = shown(win)
    assert order == sorted(order, key=str.casefold, reverse=True)
    win.close()
    again = open_browser(qtbot, deck_col)
    assert (again.table.horizontalHeader().sortIndicatorSection(),
            again.table.horizontalHeader().sortIndicatorOrder()) == (
        PROMPT, Qt.SortOrder.DescendingOrder)
    assert shown(again) == order


def test_cards_notes_toggle_shows_each_card(qtbot, browser: CardBrowser) -> None:  # type: ignore[no-untyped-def]
    col = browser.col
    record_review(col, card_id(col, "m2", 1), 1, 900)  # Again: a step minutes away
    assert len(shown(browser)) == 7 and count_of(browser) == "7 notes (8 cards)"
    browser.table.setFocus()
    qtbot.keyClick(browser.table, Qt.Key.Key_T,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert browser.rows_toggle.currentText() == "Cards"
    prompts = shown(browser)
    assert len(prompts) == 8 and count_of(browser) == "7 notes (8 cards)"
    first, second = prompts.index("Vostok"), prompts.index("strategic exercise in the East")
    assert shown(browser, DUE)[first] == "new"
    assert shown(browser, DUE)[second].startswith("in ")  # its relearning step: minutes away
    assert shown(browser, COLUMN_KEYS.index("card"))[second] == "Card 2"
    click_row(qtbot, browser, "strategic exercise in the East")
    qtbot.mouseClick(browser.suspend_button, Qt.MouseButton.LeftButton)
    assert [r[0] for r in col.execute("SELECT suspended FROM cards WHERE note_id = 'm2' "
                                      "ORDER BY ord")] == [0, 1]  # only the selected card
    assert shown(browser, STATE)[second] == "suspended" and shown(browser, STATE)[first] == ""
    browser.rows_toggle.setCurrentText("Notes")
    assert len(shown(browser)) == 7
    assert shown(browser, STATE)[shown(browser).index("Vostok")] == "1 of 2 suspended"


def sidebar_item(win: CardBrowser, text: str):  # type: ignore[no-untyped-def]
    win.settle()
    items = win.sidebar.findItems(text, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
    assert items, text
    return items[0]


def click_item(qtbot, win: CardBrowser, text: str) -> None:  # type: ignore[no-untyped-def]
    item = sidebar_item(win, text)
    win.sidebar.scrollToItem(item)
    rect = win.sidebar.visualItemRect(item)
    qtbot.mouseClick(win.sidebar.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_sidebar_sections_states_tags_and_saved_searches(  # type: ignore[no-untyped-def]
        qtbot, browser: CardBrowser, monkeypatch: pytest.MonkeyPatch) -> None:
    click_item(qtbot, browser, "Joint Exercises")
    assert browser.section_filter.currentText() == "Joint Exercises"
    assert len(shown(browser)) == 4
    click_item(qtbot, browser, "All articles")
    assert browser.article_id is None and len(shown(browser)) == 7
    click_item(qtbot, browser, "treaties")
    assert browser.search.text() == 'tag:"treaties"'
    assert shown(browser) == ["The Sino-Soviet Border Agreement was signed in [...]."]
    browser.search.setText("vostok or tsentr")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Exercises I mix up", True))
    browser.save_search_action.trigger()
    click_item(qtbot, browser, "Card state")  # a heading: changes nothing
    browser.search.clear()
    click_item(qtbot, browser, "Exercises I mix up")
    assert browser.search.text() == "vostok or tsentr"
    assert shown(browser) == ["Vostok", "Tsentr"]
    browser.search.clear()
    click_item(qtbot, browser, "Suspended")
    assert browser.state_filter.currentText() == "Suspended" and shown(browser) == []


def test_add_and_remove_tags_for_the_selection(  # type: ignore[no-untyped-def]
        qtbot, browser: CardBrowser, monkeypatch: pytest.MonkeyPatch) -> None:
    assert not browser.add_tags_action.isEnabled()
    click_row(qtbot, browser, "Vostok")
    click_row(qtbot, browser, "Tsentr", Qt.KeyboardModifier.ControlModifier)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("exercises big", True))
    qtbot.keyClick(browser.table, Qt.Key.Key_A,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert get_note(browser.col, "m2").tags == ["exercises", "big"]
    assert get_note(browser.col, "m3").tags == ["exercises", "big"]
    sidebar_item(browser, "exercises")  # the tag list follows
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("BIG", True))
    browser.remove_tags_action.trigger()
    assert get_note(browser.col, "m3").tags == ["exercises"]
    browser.search.setText("tag:exercises")
    assert shown(browser) == ["Vostok", "Tsentr"]
    assert browser.selected_note_ids() == ["m2", "m3"]


def test_change_section_and_reposition(qtbot, browser: CardBrowser) -> None:  # type: ignore[no-untyped-def]
    click_row(qtbot, browser, "Tsentr")
    browser.change_section_action.trigger()
    dialog = browser.dialog
    assert dialog is not None and dialog.isVisible()
    combo = dialog.findChild(type(browser.section_filter))
    combo.setCurrentText("Introduction")
    buttons = dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    assert get_note(browser.col, "m3").section_idx == 0
    assert shown(browser, 0)[shown(browser).index("Tsentr")] == "Introduction"
    assert shown(browser)[:3] == ["The Sino-Soviet Border Agreement was signed in [...].",
                                  "Which fighter did China buy from Russia in the early 1990s?",
                                  "Tsentr"]  # after the section's cards
    click_row(qtbot, browser, "Tsentr")
    assert browser.reposition_action.isEnabled()  # a new card
    browser.reposition_action.trigger()
    dialog = browser.dialog
    browser.reposition_start.setValue(1)
    qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(
        QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert shown(browser)[0] == "Tsentr"  # studied first of its section now
    positions = [n.id for n in list_notes(browser.col, article_id=ARTICLE, section_idx=0)]
    assert positions[0] == "m3"


def test_nothing_selected_nothing_acted_on(qtbot, browser: CardBrowser) -> None:  # type: ignore[no-untyped-def]
    for widget in (browser.edit_button, browser.delete_button, browser.suspend_button,
                   browser.unsuspend_button, browser.toggle_suspend_action,
                   browser.change_section_action, browser.reposition_action):
        assert not widget.isEnabled()
    browser.table.setFocus()
    qtbot.keyClick(browser.table, Qt.Key.Key_Delete)
    qtbot.keyClick(browser.table, Qt.Key.Key_Return)
    assert browser.confirm is None and browser.form is None
    assert len(shown(browser)) == 7
    click_row(qtbot, browser, "Vostok")
    assert browser.edit_button.isEnabled() and browser.delete_button.isEnabled()
    click_row(qtbot, browser, "Tsentr", Qt.KeyboardModifier.ControlModifier)
    assert not browser.edit_button.isEnabled()  # edit one card at a time
    assert browser.delete_button.isEnabled()


def test_a_search_mistake_is_said_and_keeps_the_rows(qtbot, browser: CardBrowser) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(browser.search, "(vostok")
    assert len(shown(browser)) == 7
    assert browser.error_label.isVisible()
    assert "unclosed parenthesis" in browser.error_label.text()
    qtbot.keyClicks(browser.search, ")")
    assert shown(browser) == ["Vostok"] and not browser.error_label.isVisible()
    browser.search.setText("tga:x")
    shown(browser)
    assert "Unknown search field “tga:”" in browser.error_label.text()


def test_typing_searches_once_after_the_pause(qtbot, browser: CardBrowser) -> None:  # type: ignore[no-untyped-def]
    before = browser.searches_started
    qtbot.keyClicks(browser.search, "tsentr")  # six keys in quick succession
    assert browser.searches_started == before  # nothing yet: the user is typing
    with qtbot.waitSignal(browser.searched, timeout=5000):
        pass
    assert browser.searches_started == before + 1
    assert shown(browser) == ["Tsentr"]
    qtbot.keyClick(browser.search, Qt.Key.Key_Return)  # Enter searches at once
    assert browser.searches_started == before + 2


def test_learning_due_is_shown_as_minutes_and_reviews_as_dates(  # type: ignore[no-untyped-def]
        qtbot, browser: CardBrowser) -> None:
    col = browser.col
    record_review(col, card_id(col, "m1"), 1, 900)
    record_review(col, card_id(col, "m3"), 4, 900, now=utcnow() - timedelta(days=1))
    due = dict(zip(shown(browser), shown(browser, DUE), strict=True))
    assert due["Peace Mission"].startswith("in ") and due["Peace Mission"].endswith(" min")
    assert due["Tsentr"][:2] == "20" and len(due["Tsentr"]) == 10  # a date
    assert due["Vostok"] == "new"


def test_a_saved_search_can_be_deleted_and_adding_needs_an_article(  # type: ignore[no-untyped-def]
        qtbot, browser: CardBrowser, monkeypatch: pytest.MonkeyPatch) -> None:
    browser.search.setText("tag:treaties")
    browser.save_search("Treaties")
    assert sidebar_item(browser, "Treaties") is not None
    browser.delete_saved("Treaties")
    browser.settle()
    assert not browser.sidebar.findItems("Treaties", Qt.MatchFlag.MatchExactly
                                         | Qt.MatchFlag.MatchRecursive)
    click_item(qtbot, browser, "All articles")
    told: list[str] = []
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.information",
                        lambda *args: told.append(args[2]))
    browser.add_card()
    assert told and "Choose an article" in told[0] and browser.form is None


@pytest.mark.parametrize("saved", ["junk", {"columns": "prompt", "sort": 3, "saved": [1]},
                                   {"columns": ["nope"], "rows": None, "saved": {"a": 1}}])
def test_malformed_browser_settings_open_with_the_defaults(  # type: ignore[no-untyped-def]
        qtbot, deck_col: Collection, saved: object) -> None:
    deck_col.set_setting("browser", saved)
    win = open_browser(qtbot, deck_col)
    visible = [k for i, k in enumerate(COLUMN_KEYS) if not win.table.isColumnHidden(i)]
    assert visible == ["section", "kind", "prompt", "answer", "due", "state"]
    assert win.sort_key == "section" and len(shown(win)) == 7


def test_find_duplicates_lists_them_side_by_side(qtbot, deck_col: Collection) -> None:  # type: ignore[no-untyped-def]
    save_note(deck_col, Note("copy", "basic", {"front": "Vostok", "back": "again"}, ARTICLE, 0))
    win = open_browser(qtbot, deck_col)
    search_menu = win.findChild(QMenuBar).actions()[1].menu()
    assert win.find_duplicates_action in search_menu.actions()
    win.find_duplicates_action.trigger()
    assert win.search.text() == "dupe:prompt"
    assert shown(win) == ["Vostok", "Vostok"]
    assert win.table.horizontalHeader().sortIndicatorSection() == PROMPT
