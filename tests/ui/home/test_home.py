"""The home screen: first shown, the study queues' counts, and studying from it by key."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.core.study.reviews import record_review
from app.core.study.session import Scope, StudySession
from app.ui.main_window import MainWindow
from tests.helpers.prepared import first_started
from tests.helpers.stats import ARTICLE, build_history, failing


@pytest.fixture
def window(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    col = first_started(tmp_path / "home.sqlite3")
    ids = build_history(col)
    win = MainWindow(col)
    win.ids = ids  # type: ignore[attr-defined]
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    _wait_counted(qtbot, win)
    yield win
    win.close()
    col.close()


def _wait_counted(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """The home screen counts off the GUI thread: wait until the latest count is shown."""
    qtbot.waitUntil(lambda: window.home.overview is not None and not window.home.loading)


def _shown(item) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    return int(item.text(1)), int(item.text(2)), int(item.text(3))


def _sidebar(item) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    return tuple(int(item.text(c) or 0) for c in (2, 3, 4))  # type: ignore[return-value]


def test_home_is_first_and_its_counts_are_the_study_queues(window: MainWindow) -> None:
    assert window.pages.currentWidget() is window.home
    assert window.windowTitle().startswith("Home")
    top = window.home.tree.topLevelItem(0)
    side = window.sidebar.topLevelItem(0)
    session = StudySession(window.col, Scope(ARTICLE)).counts()
    assert _shown(top) == _sidebar(side) == (session.new, session.learning, session.review)
    assert session.total > 0
    for idx in range(top.childCount()):
        counts = StudySession(window.col, Scope(ARTICLE, idx)).counts()
        expected = (counts.new, counts.learning, counts.review)
        assert _shown(top.child(idx)) == _sidebar(side.child(idx)) == expected, idx
    assert "Study All Due (" in window.home.study_all_button.text()


def test_enter_studies_the_selected_section_and_esc_comes_back(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    section = window.home.tree.topLevelItem(0).child(1)
    window.home.tree.setCurrentItem(section)
    qtbot.keyClick(window.home.tree, Qt.Key.Key_Return)
    assert window.review is not None and window.pages.currentWidget() is window.review
    assert window.review.session.scope == Scope(ARTICLE, 1)
    qtbot.keyClick(window.review, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.home


def test_ctrl_1_goes_home_and_answers_update_the_counts(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.show_reader()
    window.activateWindow()
    home_action = next(a for a in window.actions() if a.shortcut().toString() == "Ctrl+1")
    home_action.trigger()
    assert window.pages.currentWidget() is window.home
    before = _shown(window.home.tree.topLevelItem(0))
    record_review(window.col, window.ids["c7"], 3, 1000)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: _shown(window.home.tree.topLevelItem(0)) != before)
    assert _shown(window.home.tree.topLevelItem(0)) == _sidebar(window.sidebar.topLevelItem(0))


def test_answers_while_studying_are_counted_when_the_session_ends(qtbot, window: MainWindow  # type: ignore[no-untyped-def]
                                                                  ) -> None:
    window.home.tree.setCurrentItem(window.home.tree.topLevelItem(0))
    qtbot.keyClick(window.home.tree, Qt.Key.Key_Return)
    review = window.review
    qtbot.keyClick(review, Qt.Key.Key_Space)  # start
    before = _shown(window.home.tree.topLevelItem(0))
    qtbot.keyClick(review, Qt.Key.Key_Space)  # show the answer
    qtbot.keyClick(review, Qt.Key.Key_4)      # Easy: out of learning for days
    qtbot.wait(300)
    assert _shown(window.home.tree.topLevelItem(0)) == before  # not recounted mid-session
    qtbot.keyClick(review, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.home
    _wait_counted(qtbot, window)
    after = _shown(window.home.tree.topLevelItem(0))
    assert after != before and after == _sidebar(window.sidebar.topLevelItem(0))


def test_study_all_due_studies_every_article(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    button = window.home.study_all_button
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.review is not None and window.review.session.scope.every_article
    shown = window.home.overview.counts  # type: ignore[union-attr]
    assert window.review.session.counts() == shown
    assert button.text() == f"Study All Due ({shown.total})"


def test_statistics_of_the_selected_section(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from app.core.stats.scope import StatsScope

    window.home.tree.setCurrentItem(window.home.tree.topLevelItem(0).child(2))
    qtbot.mouseClick(window.home.statistics_button, Qt.MouseButton.LeftButton)
    stats = window._statistics
    assert stats is not None and stats.isVisible()
    assert stats.scope == StatsScope(ARTICLE, 2)
    stats.close()


def test_the_home_screen_says_loading_until_counted(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    col = first_started(tmp_path / "loading.sqlite3")
    try:
        win = MainWindow(col)
        qtbot.addWidget(win)
        win.show()  # no event handled yet: counting begins once the window is painted
        assert win.home.today_label.text() == "Loading…"
        assert not win.home.study_all_button.isEnabled()  # nothing to press before counting
        _wait_counted(qtbot, win)
        assert win.home.today_label.text() != "Loading…"
        assert win.home.tree.topLevelItemCount() == win.sidebar.topLevelItemCount() == 1
        win.close()
    finally:
        col.close()


def test_read_marks_reach_the_home_screen_when_it_is_shown(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.show_reader()
    assert window.home.tree.topLevelItem(0).text(4) == "0/6"
    window.toggle_current_read()  # Ctrl+M in the reader: no recount of every section now
    qtbot.wait(300)
    assert window.home.tree.topLevelItem(0).text(4) == "0/6"
    window.show_home()
    _wait_counted(qtbot, window)
    assert window.home.tree.topLevelItem(0).text(4) == "1/6"


def test_a_failed_count_is_shown_and_the_last_counts_stay(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from app.ui.home import view as home_module

    shown = failing(monkeypatch, home_module, "home_overview",
                    "The collection file could not be read.")
    before = _shown(window.home.tree.topLevelItem(0))
    window.refresh_home()
    qtbot.waitUntil(lambda: bool(shown))
    assert shown == ["Home: The collection file could not be read."]
    assert not window.home.loading and _shown(window.home.tree.topLevelItem(0)) == before
