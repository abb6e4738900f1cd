"""The main window's reading: the sidebar, the section in the reader, moving between
sections, read marks, finding and zooming."""

from __future__ import annotations

from PySide6.QtCore import QSettings, QTimer

from app.core.articles.library import (
    list_articles,
    load_article,
    reading_position,
    save_reading_position,
    set_section_read,
)
from app.core.articles.model import Article
from app.core.paths import APP_NAME


class ReadingMixin:
    """Mixed into MainWindow: what the student reads and how they move through it."""

    def focus_sidebar(self) -> None:
        if not self.sidebar.isVisible():
            self.toggle_sidebar()
        self.sidebar.setFocus()

    def toggle_sidebar(self) -> None:
        """F9: hide or show the sidebar; while studying this lasts for the session only."""
        if self._studying():
            self._sidebar_studying = not self.sidebar.isVisible()
        else:
            self._sidebar_reading = not self.sidebar.isVisible()
            QSettings().setValue("main/sidebar", self._sidebar_reading)
        self._apply_sidebar()

    def _apply_sidebar(self) -> None:
        studying = self._studying()
        self.sidebar.setVisible(self._sidebar_studying if studying else self._sidebar_reading)
        self.statusBar().setVisible(not studying)  # the review screen says what happened

    def refresh_sidebar(self) -> None:
        self.sidebar.set_articles(list_articles(self.col))

    def article(self, article_id: str) -> Article:
        if article_id not in self._articles:
            self._articles[article_id] = load_article(self.col, article_id)
        return self._articles[article_id]

    def _choose_initial_section(self) -> None:
        """Where the student stopped (else the first article's first section): selected
        in the sidebar now, shown in the reader once it is made (MainWindow.reader)."""
        position = reading_position(self.col)
        if position is None:
            articles = list_articles(self.col)
            if not articles:
                return
            chosen, scroll = (articles[0].id, 0), None
        else:
            chosen, scroll = (position.article_id, position.section_idx), position.scroll
        self._article_id = chosen[0]
        self._initial_section = chosen
        self.sidebar.select_section(*chosen)
        # the scroll range is known only once the reader is laid out and shown
        self._pending_scroll = scroll or None

    def _show_initial_section(self) -> None:
        """The chosen section in the reader just made, as `open_section` would show it but
        leaving the page, the title and the stored position as they are."""
        if self._initial_section is None:
            return
        article_id, section_idx = self._initial_section
        self._initial_section = None
        article = self.article(article_id)
        section_idx = max(0, min(section_idx, len(article.sections) - 1))
        self.reader.show_section(article, section_idx,
                                 section_idx in self._read_sections(article_id), None)

    def _section_index(self) -> int:
        """The section open in the reader (or to be opened there once it is made)."""
        if self._reader is None and self._initial_section is not None:
            return self._initial_section[1]
        return self.reader.section_index

    def open_section(self, article_id: str, section_idx: int, highlight: str | None = None) -> None:
        article = self.article(article_id)
        section_idx = max(0, min(section_idx, len(article.sections) - 1))
        self._pending_scroll = None  # another section was chosen: last time's place is moot
        self._initial_section = None  # …and the reader, if it is made now, opens at this one
        self._article_id = article_id
        read = section_idx in self._read_sections(article_id)
        self.reader.show_section(article, section_idx, read, highlight)
        self.sidebar.select_section(article_id, section_idx)
        self.pages.setCurrentWidget(self.reader)  # a study session stays open behind it
        self._apply_sidebar()
        self.statusBar().clearMessage()  # "Marked as read" was about the section before
        save_reading_position(self.col, article_id, section_idx)
        self._refresh_home_if_due()
        self.setWindowTitle(f"{article.sections[section_idx].title} — {APP_NAME}")
        if not self.sidebar.hasFocus():  # chosen in the sidebar: the sidebar keeps the keys
            self.reader.browser.setFocus()

    def _read_sections(self, article_id: str) -> frozenset[int]:
        for summary in list_articles(self.col):
            if summary.id == article_id:
                return summary.read
        return frozenset()

    def show_reader(self) -> None:
        self.pages.setCurrentWidget(self.reader)
        self._apply_sidebar()
        self._refresh_home_if_due()
        if self._pending_scroll is not None:
            scroll, self._pending_scroll = self._pending_scroll, None
            QTimer.singleShot(0, lambda: self.reader.set_scroll_fraction(scroll))
        self.reader.focus_text()
        if self._article_id is not None:
            title = self.article(self._article_id).sections[self.reader.section_index].title
            self.setWindowTitle(f"{title} — {APP_NAME}")

    def previous_section(self) -> None:
        if self._article_id is not None and self.reader.section_index > 0:
            self.open_section(self._article_id, self.reader.section_index - 1)

    def next_section(self) -> None:
        if self._article_id is None:
            return
        if self.reader.section_index < len(self.article(self._article_id).sections) - 1:
            self.open_section(self._article_id, self.reader.section_index + 1)

    def toggle_current_read(self) -> None:
        self.reader.toggle_read()

    def _set_current_read(self, read: bool) -> None:
        if self._article_id is None:
            return
        set_section_read(self.col, self._article_id, self.reader.section_index, read)
        self.statusBar().showMessage("Marked as read" if read else "Marked as unread", 2000)

    def find_in_article(self) -> None:
        self.show_reader()
        self.reader.find_bar.open_bar()

    def find_next(self) -> None:
        self.reader.find_bar.find_next()

    def find_previous(self) -> None:
        self.reader.find_bar.find_previous()

    def zoom_in(self) -> None:
        self.reader.zoom_in()

    def zoom_out(self) -> None:
        self.reader.zoom_out()

    def reset_zoom(self) -> None:
        self.reader.reset_zoom()
