"""The statistics window on a hand-built history: the figures shown, both palettes, PNG export."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QFileDialog

from app.core.stats.scope import StatsScope
from app.core.storage.collection import Collection
from app.core.study.reviews import record_review
from app.ui.stats.window import StatisticsWindow
from tests.helpers.stats import ARTICLE, NOW, build_history, failing


@pytest.fixture
def window(qtbot, col_with_article: Collection):  # type: ignore[no-untyped-def]
    ids = build_history(col_with_article)
    win = StatisticsWindow(col_with_article, clock=lambda: NOW)
    win.ids = ids  # type: ignore[attr-defined]
    qtbot.addWidget(win)
    win.resize(1000, 700)
    win.show()
    qtbot.waitExposed(win)
    _wait_loaded(qtbot, win)
    return win


def _wait_loaded(qtbot, window: StatisticsWindow) -> None:  # type: ignore[no-untyped-def]
    """The figures are computed off the GUI thread: wait until the latest are shown."""
    qtbot.waitUntil(lambda: not window.loading)


def test_shows_the_hand_computed_figures(window: StatisticsWindow) -> None:
    text = window.today_label.text()
    assert "Studied <b>4</b> cards (<b>5</b> answers)" in text and "Again: <b>1</b>" in text
    assert "66.7%" in text
    assert list(window.forecast.series[0].values[:5]) == [3, 1, 0, 1, 0]
    assert window.forecast.figures(0) == "Today\nDue: 3\nCumulative: 3"
    today = len(window.reviews.categories) - 1
    assert {s.name: s.values[today] for s in window.reviews.series} == {
        "Learn": 2, "Relearn": 0, "Young": 2, "Mature": 1}
    assert "Total: 5" in window.reviews.figures(today)
    table = window.retention_table
    assert table.item(0, 0).text() == "50.0%  (1/2)"       # today, young
    assert table.item(0, 1).text() == "100.0%  (1/1)"      # today, mature
    assert table.item(4, 2).text() == "83.3%  (5/6)"       # last year, all
    counts = {s.name: sum(s.values) for s in window.card_counts.series}
    assert counts == {"New": 1, "Learning": 2, "Young": 2, "Mature": 2, "Suspended": 1,
                      "Buried": 1}


def test_period_and_scope_are_chosen_with_the_keyboard(qtbot, window: StatisticsWindow) -> None:  # type: ignore[no-untyped-def]
    assert len(window.reviews.categories) == 31
    window.period_combo.setFocus()
    qtbot.keyClick(window.period_combo, Qt.Key.Key_End)
    assert window.period_combo.currentData() == "all"
    _wait_loaded(qtbot, window)
    assert len(window.reviews.categories) == 41
    window.scope_combo.setFocus()
    qtbot.keyClick(window.scope_combo, Qt.Key.Key_End)  # the last section of the article
    assert window.scope == StatsScope(ARTICLE, 5)
    _wait_loaded(qtbot, window)
    assert "Studied <b>0</b> cards" in window.today_label.text()
    window.set_scope(StatsScope(ARTICLE, 1))
    _wait_loaded(qtbot, window)
    assert "Studied <b>1</b> cards" in window.today_label.text()


def test_refreshes_when_a_review_is_recorded(qtbot, window: StatisticsWindow,  # type: ignore[no-untyped-def]
                                             col_with_article: Collection) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    record_review(col_with_article, window.ids["c7"], 3, 1000, now=NOW)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: "Studied <b>5</b> cards (<b>6</b> answers)"
                    in window.today_label.text())


def test_not_recounted_behind_another_window_until_it_comes_back(  # type: ignore[no-untyped-def]
        qtbot, window: StatisticsWindow, col_with_article: Collection) -> None:
    from PySide6.QtWidgets import QWidget

    other = QWidget()  # the main window, where the student studies
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(other.isActiveWindow)
    record_review(col_with_article, window.ids["c7"], 3, 1000, now=NOW)  # type: ignore[attr-defined]
    qtbot.wait(400)
    assert "Studied <b>4</b> cards" in window.today_label.text()
    window.activateWindow()
    qtbot.waitUntil(lambda: "Studied <b>5</b> cards" in window.today_label.text())


def test_loading_is_said_and_a_stale_result_is_dropped(qtbot, window: StatisticsWindow,  # type: ignore[no-untyped-def]
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from app.ui.stats import window as window_module

    release = threading.Event()
    real = window_module.compute_statistics
    computed: list[StatsScope] = []

    def slow_whole_collection(col, scope, period, now):  # type: ignore[no-untyped-def]
        if scope == StatsScope():  # the first choice: held back until the second is made
            release.wait(10)
        computed.append(scope)
        return real(col, scope, period, now)

    shown: list[StatsScope] = []
    show = window._show
    monkeypatch.setattr(window, "_show", lambda s, now: (shown.append(s.scope), show(s, now)))
    monkeypatch.setattr(window_module, "compute_statistics", slow_whole_collection)
    window.set_period("all")
    assert window.loading and window.loading_label.text() == "Loading…"
    assert "Studied <b>4</b> cards" in window.today_label.text()  # the old figures stay
    window.set_scope(StatsScope(ARTICLE, 2))  # made before the first result is in…
    window.set_scope(StatsScope(ARTICLE, 1))  # …and changed again: only this one waits
    qtbot.wait(100)
    assert window.loading and computed == []  # one computation at a time
    release.set()
    qtbot.waitUntil(lambda: not window.loading)
    assert computed == [StatsScope(), StatsScope(ARTICLE, 1)]
    assert shown == [StatsScope(ARTICLE, 1)]  # the stale whole collection never shown
    assert "Studied <b>1</b> cards" in window.today_label.text()
    assert window.loading_label.text() == ""


def test_a_failure_is_shown_and_the_window_stays(qtbot, window: StatisticsWindow,  # type: ignore[no-untyped-def]
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from app.ui.stats import window as window_module

    shown = failing(monkeypatch, window_module, "compute_statistics",
                    "There is no article 'gone' in the collection.")
    window.refresh()
    qtbot.waitUntil(lambda: bool(shown))
    assert shown == ["Statistics: There is no article 'gone' in the collection."]
    assert not window.loading and "Studied <b>4</b> cards" in window.today_label.text()


def _lightness(image: QImage) -> int:
    return image.pixelColor(3, image.height() - 3).lightness()


@pytest.mark.parametrize("dark", [False, True])
def test_readable_in_light_and_dark_palettes(qtbot, window: StatisticsWindow, dark: bool) -> None:  # type: ignore[no-untyped-def]
    palette = QPalette(window.palette())
    if dark:
        for role, color in ((QPalette.ColorRole.Window, "#202020"),
                            (QPalette.ColorRole.WindowText, "#eeeeee"),
                            (QPalette.ColorRole.Base, "#181818"),
                            (QPalette.ColorRole.Text, "#eeeeee"),
                            (QPalette.ColorRole.Mid, "#555555")):
            palette.setColor(role, QColor(color))
    window.setPalette(palette)
    image = window.forecast.grab().toImage()
    assert not image.isNull()
    background = _lightness(image)
    assert (background < 80) if dark else (background > 170)
    # the axis labels are drawn in the palette's text colour: some pixels contrast strongly
    text = palette.color(QPalette.ColorRole.WindowText).lightness()
    pixels = {image.pixelColor(x, y).lightness() for x in range(40) for y in range(20, 120)}
    assert any(abs(p - text) < 60 for p in pixels) and abs(text - background) > 120
    assert "Studied <b>4</b> cards" in window.today_label.text()  # the figures, in both


def test_each_chart_saves_a_png_of_its_size(window: StatisticsWindow, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "forecast.png"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "PNG (*.png)")))
    window.forecast.ask_save_image()
    image = QImage(str(target))
    ratio = window.forecast.devicePixelRatioF()
    assert target.stat().st_size > 0 and not image.isNull()
    assert (image.width(), image.height()) == (round(window.forecast.width() * ratio),
                                               round(window.forecast.height() * ratio))
    window.calendar.save_image(tmp_path / "calendar")  # the extension is added
    assert QImage(str(tmp_path / "calendar.png")).width() > 0
