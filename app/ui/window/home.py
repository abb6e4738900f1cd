"""The main window's home screen and statistics: counts recounted after changes (in
bursts, never while a card is studied), studying from the home screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.paths import APP_NAME

if TYPE_CHECKING:
    from app.core.stats.home import HomeOverview


class HomeMixin:
    """Mixed into MainWindow: Go → Home and Study → Statistics."""

    def _refresh_home_if_due(self) -> None:
        """After changes: recount what is on screen (the home screen, or else only when the
        sidebar's counts moved), unless a card is being studied, then when that stops."""
        on_home = self.pages.currentWidget() is self.home
        if self._counts_dirty or (self._home_dirty and on_home):
            self._refresh_home_now()

    def _refresh_home_now(self) -> None:
        """Recount after changes, unless the student is studying: then when they stop (and
        never in a closed window, whose collection may be closed too)."""
        if self._home_dirty and self.isVisible() and (
                self.review is None or self.pages.currentWidget() is not self.review):
            self.refresh_home()

    def refresh_home(self) -> None:
        """Recount the home screen and the sidebar from one overview (the same numbers),
        off the GUI thread: the sidebar's counts follow in `_show_counts`."""
        self._home_dirty = self._counts_dirty = False
        self.home.refresh(self.col)

    def _show_counts(self, overview: HomeOverview) -> None:
        counts = {}
        for article in overview.articles:
            counts[(article.article_id, -1)] = article.counts
            for section in article.sections:
                counts[(article.article_id, section.idx)] = section.counts
        self.sidebar.set_counts(counts)

    def show_home(self) -> None:
        self.pages.setCurrentWidget(self.home)
        self._refresh_home_if_due()
        self.home.setFocus()
        self.setWindowTitle(f"Home — {APP_NAME}")

    def _study_from_home_screen(self, article_id: str, section_idx: int) -> None:
        from app.core.study.queues import Scope

        article = self.article(article_id)
        if section_idx < 0:
            scope, title = Scope(article_id=article_id), article.title
        else:
            scope, title = Scope(article_id, section_idx), article.sections[section_idx].title
        self._article_id = article_id
        self._show_review(scope, title)
        self._study_from_home = True

    def study_all_due(self) -> None:
        """Every article at once, each under its own daily limits (Scope.every_article)."""
        from app.core.study.queues import Scope

        self._show_review(Scope(every_article=True), "All due cards")
        self._study_from_home = True

    def _statistics_of(self, article_id: str, section_idx: int) -> None:
        """The home screen's Statistics button: the selected article or section."""
        from app.core.stats.scope import StatsScope

        self.show_statistics()
        self._statistics.set_scope(  # type: ignore[union-attr]
            StatsScope(article_id, None if section_idx < 0 else section_idx))

    def show_statistics(self) -> None:
        """Study → Statistics: one window, brought to the front if already open."""
        from PySide6.QtCore import Qt

        from app.ui.stats.window import StatisticsWindow

        if self._statistics is None:
            window = StatisticsWindow(self.col, parent=self)
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            window.destroyed.connect(lambda *_: setattr(self, "_statistics", None))
            self._statistics = window
        self._statistics.show()
        self._statistics.raise_()
        self._statistics.activateWindow()
