"""Ctrl+F finds in the article (count, next/previous, highlights); Ctrl+Plus/Minus/0 zoom."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from app.ui.main_window import MainWindow
from app.ui.reading.reader import ZOOM_KEY
from tests.helpers.main_window import main_window


@pytest.fixture
def window(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    QSettings().remove(ZOOM_KEY)
    with main_window(qtbot, tmp_path) as win:
        yield win
    QSettings().remove(ZOOM_KEY)


def test_ctrl_f_counts_highlights_and_steps_through_matches(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    bar = window.reader.find_bar
    expected = window.reader.browser.toPlainText().casefold().count("china")
    assert expected >= 3
    window.reader.browser.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert bar.isVisible() and bar.field.hasFocus()
    qtbot.keyClicks(bar.field, "china")
    assert bar.match_count == expected
    assert bar.count_label.text() == f"1 of {expected}"
    assert len(window.reader.browser.extraSelections()) == expected
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert bar.count_label.text() == f"2 of {expected}"
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count_label.text() == f"1 of {expected}"
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible() and window.reader.browser.extraSelections() == []
    assert window.reader.browser.hasFocus()


def test_no_match_says_so(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.find_in_article()
    qtbot.keyClicks(window.reader.find_bar.field, "zzxqy")
    assert window.reader.find_bar.count_label.text() == "No matches"


def test_zoom_keys_change_the_text_size_and_are_kept(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                     tmp_path: Path) -> None:
    size = window.reader.browser.font().pointSizeF()
    qtbot.keyClick(window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert window.reader.zoom == pytest.approx(1.2)
    assert window.reader.browser.font().pointSizeF() == pytest.approx(size * 1.2)
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.reader.zoom == pytest.approx(1.1)
    again = MainWindow(window.col)  # the zoom is the app's, kept for next time
    qtbot.addWidget(again)
    assert again.reader.zoom == pytest.approx(1.1)
    again.close()
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.reader.browser.font().pointSizeF() == pytest.approx(size)


def test_zoom_and_find_are_listed_in_the_shortcuts(window: MainWindow) -> None:
    keys = {a.text(): a.shortcut().toString() for a in window.actions()}
    assert keys["&Find in Article…"] == "Ctrl+F"
    assert keys["Zoom &In"] == "Ctrl++" and keys["Actual Si&ze"] == "Ctrl+0"
    assert keys["Find &Next"] == "F3"


def test_the_reading_pane_has_the_keys_when_shown_and_after_section_changes(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    browser = window.reader.browser
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)  # from the home
    assert browser.hasFocus()
    bar = browser.verticalScrollBar()
    qtbot.keyClick(browser, Qt.Key.Key_PageDown)
    assert bar.value() > 0
    qtbot.keyClick(browser, Qt.Key.Key_Down)  # scrolls the text, does not change section
    assert window.reader.section_index == 0
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert window.reader.section_index == 1 and browser.hasFocus()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.sidebar.hasFocus()
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Down)
    assert window.reader.section_index == 2 and window.sidebar.hasFocus()
