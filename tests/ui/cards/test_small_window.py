"""The card browser at the main window's minimum size (640 × 420): it can be that small,
the count and the buttons are whole (the count above the buttons, Suspend and Unsuspend
as icons if need be), and the sidebar's titles wrap whole; with room, one row again."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QPushButton, QWidget

from app.ui.cards.browser import CardBrowser
from tests.helpers.titles import rows, unreadable_titles, wrapped


def _at(qtbot, browser: CardBrowser, width: int, height: int) -> None:  # type: ignore[no-untyped-def]
    browser.resize(width, height)
    qtbot.waitUntil(lambda: browser.width() == width and browser.height() == height)
    qtbot.wait(10)  # the sidebar's rows laid out for the new width


def _cut_off(browser: CardBrowser) -> list[str]:
    """The count or the bar's buttons narrower or lower than their text needs, or reaching
    past the window's edge."""
    bad = []
    count = browser.count
    if count.height() < count.heightForWidth(count.width()) or \
            count.width() < min(count.sizeHint().width(), 80):
        bad.append(count.text())
    buttons: list[QWidget] = [browser.suspend_button, browser.unsuspend_button,
                              browser.add_button, browser.edit_button, browser.delete_button]
    for button in buttons:
        assert isinstance(button, QPushButton)
        right = button.mapTo(browser, button.rect().topRight()).x()
        if button.width() < button.sizeHint().width() or right >= browser.width():
            bad.append(button.text() or button.toolTip())
    return bad


def test_the_browser_fits_the_minimum_window(qtbot, browser: CardBrowser) -> None:  # type: ignore[no-untyped-def]
    _at(qtbot, browser, 640, 420)
    qtbot.waitUntil(lambda: not _cut_off(browser))
    assert browser.count.text().endswith("cards)")
    # the count has a line of its own above the buttons
    assert browser.count.geometry().bottom() < browser.add_button.geometry().top()
    assert browser.suspend_button.toolTip().startswith("Suspend the selected cards")

    _at(qtbot, browser, 1100, 620)
    qtbot.waitUntil(lambda: browser.suspend_button.text() == "&Suspend")
    qtbot.waitUntil(lambda: not _cut_off(browser))
    # one row again: the count beside the buttons
    assert browser.count.geometry().top() < browser.add_button.geometry().bottom()
    assert browser.count.geometry().right() < browser.suspend_button.geometry().left()


def test_sidebar_titles_wrap_whole(qtbot, browser: CardBrowser) -> None:  # type: ignore[no-untyped-def]
    browser.refresh_sidebar()
    qtbot.waitUntil(lambda: browser.sidebar.topLevelItemCount() > 0
                    and browser.sidebar.topLevelItem(0).childCount() > 0)
    _at(qtbot, browser, 640, 420)
    sidebar = browser.sidebar
    assert unreadable_titles(sidebar) == []
    assert any("Gordian Knot" in title for title in wrapped(sidebar))
    for item in rows(sidebar):
        if item.toolTip(0):
            assert html.escape(item.text(0)) in item.toolTip(0)
