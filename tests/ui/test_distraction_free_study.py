"""The main window around a study session: the sidebar (F9, hidden while studying),
Esc back to where the student was reading, and View → Appearance."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QPalette

from app.ui import appearance, theme
from app.ui.app import open_collection
from app.ui.main_window import MainWindow

ARTICLE = "russia-china-military-cooperation"


@pytest.fixture
def window(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    QSettings().remove("main/sidebar")
    col = open_collection(tmp_path / "gui.sqlite3")
    win = MainWindow(col)
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitActive(win)  # the menus' keys (F9, Ctrl+T) go to the active window
    win.show_reader()  # the home screen comes first; these tests start from the reader
    yield win
    win.close()
    col.close()
    QSettings().remove("main/sidebar")
    appearance.apply_appearance("system", save=False)
    QSettings().remove(appearance.APPEARANCE_KEY)


def _ctrl(qtbot, window, key, shift: bool = False) -> None:  # type: ignore[no-untyped-def]
    mods = Qt.KeyboardModifier.ControlModifier
    if shift:
        mods |= Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, key, mods)


def test_f9_hides_and_shows_the_sidebar_and_it_is_remembered(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert window.sidebar.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_F9)
    assert not window.sidebar.isVisible()
    assert window.reader.isVisible()
    window.close()
    again = MainWindow(window.col)  # the next start keeps it hidden
    qtbot.addWidget(again)
    again.show()
    assert not again.sidebar.isVisible()
    toggle = next(a for a in again.actions() if a.shortcut() == QKeySequence("F9"))
    assert toggle.text() == "Show/Hide &Sidebar"
    toggle.trigger()  # View → Show/Hide Sidebar
    assert again.sidebar.isVisible()
    again.close()


def test_the_sidebar_is_hidden_while_studying_unless_shown(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    _ctrl(qtbot, window, Qt.Key.Key_T)  # Study Article
    assert window.pages.currentWidget() is window.review
    assert not window.sidebar.isVisible()  # distraction-free
    qtbot.keyClick(window, Qt.Key.Key_F9)
    assert window.sidebar.isVisible()  # the student asked for it
    qtbot.keyClick(window.review, Qt.Key.Key_Escape)
    assert window.sidebar.isVisible()  # reading as before
    _ctrl(qtbot, window, Qt.Key.Key_T)
    assert not window.sidebar.isVisible()  # a new session starts distraction-free again
    qtbot.keyClick(window.review, Qt.Key.Key_Escape)
    assert window.sidebar.isVisible()


def test_esc_from_study_returns_to_where_the_student_was_reading(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.open_section(ARTICLE, 4)
    _ctrl(qtbot, window, Qt.Key.Key_T)  # the whole article: the first card is in section 0
    review = window.review
    qtbot.keyClick(review, Qt.Key.Key_Space)
    card = review.card
    assert card is not None and card.section_idx != 4
    qtbot.mouseClick(review.article_button, Qt.MouseButton.LeftButton)  # "In article"
    assert window.pages.currentWidget() is window.reader
    assert window.reader.section_index == card.section_idx
    qtbot.mouseClick(window.reader.back_to_study_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is review
    qtbot.keyClick(review, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.reader
    assert window.reader.section_index == 4
    assert 'name="highlight"' not in window.reader.browser.toHtml()


def _appearance_action(window, label: str):  # type: ignore[no-untyped-def]
    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    submenu = next(a.menu() for a in view.actions() if a.text() == "&Appearance")
    return next(a for a in submenu.actions() if a.text() == label)


def test_view_appearance_switches_to_dark_and_back(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    dark = _appearance_action(window, "Dark")
    dark.trigger()
    assert dark.isChecked()
    assert theme.is_dark()
    assert QSettings().value(appearance.APPEARANCE_KEY) == "dark"
    text = QGuiApplication.palette().color(QPalette.ColorRole.Text).name()
    qtbot.waitUntil(lambda: text in window.reader.browser.toHtml())  # the reader follows
    light = _appearance_action(window, "Light")
    light.trigger()
    assert light.isChecked() and not dark.isChecked()
    assert not theme.is_dark()
    assert QSettings().value(appearance.APPEARANCE_KEY) == "light"


def test_at_the_minimum_window_size_the_card_keeps_the_room(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.resize(window.minimumSize())
    _ctrl(qtbot, window, Qt.Key.Key_T)
    review = window.review
    qtbot.keyClick(review, Qt.Key.Key_Space)
    qtbot.keyClick(review, Qt.Key.Key_Space)
    qtbot.wait(10)
    assert not window.statusBar().isVisible() and not review.keys_legend.isVisible()
    assert not review.message.isVisible()  # nothing to say: no room taken
    assert review.card_area.height() >= 200  # not a 120 px scroll box
    assert review.grade_buttons[3].isVisible()
    qtbot.keyClick(review, Qt.Key.Key_Escape)
    assert window.statusBar().isVisible()


def test_reader_bar_is_stable_and_status_clears_with_the_section(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.open_section(ARTICLE, 1)
    button = window.reader.read_button
    before = (button.width(), window.reader.study_button.geometry().x())
    _ctrl(qtbot, window, Qt.Key.Key_M)  # Mark Section as Read
    qtbot.wait(10)
    assert button.text() == "✓ Read"
    assert (button.width(), window.reader.study_button.geometry().x()) == before
    assert window.statusBar().currentMessage() == "Marked as read"
    _ctrl(qtbot, window, Qt.Key.Key_Right)  # the next section: the note was about the last
    assert window.reader.section_index == 2
    assert window.statusBar().currentMessage() == ""
    html = window.reader.browser.toHtml()
    assert "Section\u00a03\u00a0of\u00a06" in html  # kept on one line with the title
