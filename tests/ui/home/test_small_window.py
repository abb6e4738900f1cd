"""The home screen at the window's minimum size (640 × 420), beside the sidebar, with cards
new, learning and due (every count column shown): every article and section title is
readable whole — wrapped, never elided — and its buttons are not cut off."""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.ui.main_window import MainWindow
from tests.helpers.prepared import first_started
from tests.helpers.stats import build_history
from tests.helpers.titles import rows, unreadable_titles, wrapped


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    col = first_started(tmp_path / "home.sqlite3")
    build_history(col)  # learning and due cards: every count column has figures
    win = MainWindow(col)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.home.overview is not None and not win.home.loading)
    win.resize(640, 420)
    qtbot.waitUntil(lambda: win.width() == 640)
    qtbot.wait(10)  # the rows' delayed layout for the new width
    yield win
    win.close()
    col.close()


def test_home_titles_wrap_whole_at_the_minimum_window(window: MainWindow) -> None:
    tree = window.home.tree
    assert unreadable_titles(tree) == []
    long_titles = wrapped(tree)
    assert any("Gordian Knot" in title for title in long_titles)
    assert any(title.startswith("Military Cooperation Between") for title in long_titles)
    for item in rows(tree):
        assert html.escape(item.text(0)) in item.toolTip(0)  # the whole title, as written


def test_the_sidebar_beside_it_too(window: MainWindow) -> None:
    sidebar = window.sidebar
    assert not any(sidebar.isColumnHidden(c) for c in (2, 3, 4))  # new, learning and due
    assert unreadable_titles(sidebar) == []


def test_home_buttons_are_whole_and_inside_the_window(window: MainWindow) -> None:
    home = window.home
    for button in (home.study_all_button, home.statistics_button, home.read_button,
                   home.study_button):
        assert button.width() >= button.sizeHint().width(), button.text()
        right = button.mapTo(window, button.rect().bottomRight()).x()
        assert right < window.width(), button.text()
