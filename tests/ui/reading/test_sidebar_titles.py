"""The sidebar at the window's minimum size (640 × 420): every section title readable
whole — wrapped onto more lines, never elided — and in its tooltip; the sidebar's width
is the student's, kept when the window narrows and widens again and between runs."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QSettings

from app.ui.main_window import SIDEBAR_MAX_SHARE, MainWindow
from tests.helpers.main_window import main_window
from tests.helpers.titles import rows, unreadable_titles, wrapped


def _at(qtbot, window: MainWindow, width: int, height: int) -> None:  # type: ignore[no-untyped-def]
    window.resize(width, height)
    qtbot.waitUntil(lambda: window.width() == width and window.sidebar.width() > 0)
    qtbot.wait(10)  # the rows' delayed layout for the new width


def test_sidebar_titles_wrap_whole_at_the_minimum_window(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    for show in (window.show_home, window.show_reader):
        show()
        _at(qtbot, window, 640, 420)
        sidebar = window.sidebar
        assert unreadable_titles(sidebar) == []
        long_titles = wrapped(sidebar)
        assert any("Gordian Knot" in title for title in long_titles)
        assert any(title.startswith("Military Cooperation Between") for title in long_titles)
        # the read marks and counts stay beside the titles, inside the sidebar
        last = max(sidebar.columnViewportPosition(c) + sidebar.columnWidth(c)
                   for c in range(sidebar.columnCount()) if not sidebar.isColumnHidden(c))
        assert last <= sidebar.viewport().width()
    for item in rows(sidebar):
        title = item.text(0).split(". ", 1)[-1]
        assert html.escape(title) in item.toolTip(0)


def test_sidebar_rows_follow_its_width(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.show_reader()
    _at(qtbot, window, 1400, 800)
    sidebar = window.sidebar
    gordian = next(item for item in rows(sidebar) if "Gordian" in item.text(0))
    wide = sidebar.visualItemRect(gordian).height()
    _at(qtbot, window, 640, 420)
    assert sidebar.visualItemRect(gordian).height() > wide  # more lines in less width
    assert unreadable_titles(sidebar) == []


def test_blank_count_columns_leave_the_titles_their_width(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    sidebar = window.sidebar
    qtbot.waitUntil(lambda: bool(sidebar.topLevelItem(0).text(2)))  # the counts are in
    # the fresh collection has new cards only: no learning or due figure anywhere
    assert not sidebar.isColumnHidden(2)
    assert sidebar.isColumnHidden(3) and sidebar.isColumnHidden(4)


def test_the_sidebar_keeps_the_width_the_student_drags_it_to(
        qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    try:
        with main_window(qtbot, tmp_path) as window:
            _at(qtbot, window, 1200, 760)
            window.splitter.moveSplitter(330, 1)  # what dragging the handle does
            assert window.sidebar.width() == 330
            _at(qtbot, window, 640, 420)  # a narrow window: the reader keeps its room
            qtbot.waitUntil(lambda: window.sidebar.width()
                            <= SIDEBAR_MAX_SHARE * window.width() + 1)
            _at(qtbot, window, 1200, 760)
            qtbot.waitUntil(lambda: window.sidebar.width() == 330)  # and it comes back
        (tmp_path / "next run").mkdir()
        with main_window(qtbot, tmp_path / "next run") as again:
            _at(qtbot, again, 1200, 760)
            qtbot.waitUntil(lambda: again.sidebar.width() == 330)  # and in the next run
    finally:
        QSettings().remove("main/sidebar_width")  # the next test starts at the default
