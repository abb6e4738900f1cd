"""At the window's minimum size (640 × 420, sidebar shown) nothing in the reader's button
bar or the home table's titles is cut off; with room, the whole labels come back."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from app.ui.home.view import MASTERY_COLUMN, MASTERY_WIDTH
from app.ui.main_window import MainWindow


def _at(qtbot, window: MainWindow, width: int, height: int) -> None:  # type: ignore[no-untyped-def]
    window.resize(width, height)
    qtbot.waitUntil(lambda: window.width() == width)


def _bar_buttons(window: MainWindow) -> list[QPushButton]:
    reader = window.reader
    return [b for b in (reader.prev_button, reader.read_button, reader.study_button,
                        reader.back_to_study_button, reader.next_button) if b.isVisible()]


def _cut_off(buttons: list[QPushButton]) -> list[str]:
    """The buttons narrower than their text needs, or reaching past the reader's edge."""
    reader_width = buttons[0].parentWidget().width()
    return [b.text() or b.toolTip() for b in buttons
            if b.width() < b.sizeHint().width() or b.geometry().right() >= reader_width]


def test_the_reader_bar_fits_the_minimum_window(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.show_reader()
    _at(qtbot, window, 640, 420)
    assert window.minimumSize().width() == 640
    qtbot.waitUntil(lambda: not _cut_off(_bar_buttons(window)))
    reader = window.reader
    assert reader.study_button.text() == "Study"
    assert "Study this section" in reader.study_button.toolTip()
    assert reader.prev_button.toolTip().startswith("Previous section")

    reader.set_back_action("↩ Back to study")  # one button more, still room for all
    qtbot.waitUntil(lambda: not _cut_off(_bar_buttons(window)))
    assert reader.back_to_study_button.text() == "↩ Back"
    assert reader.back_to_study_button.toolTip().startswith("Back to study")

    _at(qtbot, window, 1400, 800)
    qtbot.waitUntil(lambda: reader.study_button.text() == "Study this section")
    assert reader.prev_button.text() == "Previous" and reader.next_button.text() == "Next"
    assert reader.back_to_study_button.text() == "↩ Back to study"
    qtbot.waitUntil(lambda: not _cut_off(_bar_buttons(window)))


def test_home_titles_keep_their_width_in_the_minimum_window(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.show_home()
    home = window.home
    qtbot.waitUntil(lambda: home.overview is not None and not home.loading)
    _at(qtbot, window, 640, 420)
    header = home.tree.header()
    qtbot.waitUntil(lambda: header.sectionSize(MASTERY_COLUMN) < MASTERY_WIDTH)
    section = home.tree.topLevelItem(0).child(0)
    needed = (home.tree.fontMetrics().horizontalAdvance(section.text(0))
              + 2 * home.tree.indentation())
    assert header.sectionSize(0) >= needed, section.text(0)

    _at(qtbot, window, 1400, 800)
    qtbot.waitUntil(lambda: header.sectionSize(MASTERY_COLUMN) == MASTERY_WIDTH)
