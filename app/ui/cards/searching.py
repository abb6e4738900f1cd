"""The browser's searching: the search runs in SQL on one worker thread (ids only),
its first page painted at once, the GUI thread polling for results; sorting and
the cards/notes toggle search again."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from concurrent.futures import wait
from typing import Any

from PySide6.QtWidgets import (
    QTableView,
)

from app.core.errors import SearchError
from app.core.notes.browse import BrowseQuery, Found, counted, find, open_reader
from app.core.notes.rows import count_text
from app.ui.cards.table_model import PAGE, CardTableModel

SEARCH_DELAY_MS = 200  # typing pauses this long before a search starts
FULL_SEARCH_DELAY_MS = 50  # the first page is painted before the whole search starts
POLL_MS = 10  # how often the GUI thread looks for a finished search


def _guarded(work: Callable[[sqlite3.Connection], Any],
             reader: Callable[[], sqlite3.Connection]) -> tuple[Any, Exception | None]:
    """Run `work` on the worker thread; a search that cannot be read, or one
    interrupted by a newer search, comes back as an error instead of raising."""
    try:
        return work(reader()), None
    except (SearchError, sqlite3.OperationalError) as exc:
        return None, exc



class Searching:
    """The search, its worker and its results, for `CardBrowser`."""

    searched: Any
    model: CardTableModel
    table: QTableView

    def query(self) -> BrowseQuery:
        return BrowseQuery(self.search.text(), self.article_id, self.section_filter.currentData(),
                           self.kind_filter.currentData(), self.state_filter.currentData(),
                           bool(self.rows_toggle.currentData()), self.sort_key, self.descending)

    def _reader(self) -> sqlite3.Connection:
        if self._reader_conn is None:
            self._reader_conn = open_reader(self.col)
        return self._reader_conn

    def _run(self, work: Callable[[sqlite3.Connection], Any],
             handler: Callable[[Any, Any], None]) -> int:
        self._generation += 1
        future = self._executor.submit(_guarded, work, self._reader)
        self._tasks[self._generation] = (future, handler)
        self._poll.start()
        return self._generation

    def _collect(self) -> None:
        """Hand finished tasks' results to their handlers, oldest first."""
        for generation in sorted(self._tasks):
            future, handler = self._tasks[generation]
            if future.done():
                del self._tasks[generation]
                if not future.cancelled():
                    handler(*future.result())
        if not self._tasks:
            self._poll.stop()

    def refresh(self) -> None:
        """Search again (off the GUI thread) for the current search, filters and sort,
        keeping the selection; an older search still running is interrupted."""
        self._debounce.stop()
        if not self._pending_selection:
            self._pending_selection = self.selected_row_ids()
        stale = [g for g, (_f, handler) in self._tasks.items()
                 if handler in (self._show_found, self._show_first)]
        if stale and self._reader_conn is not None:
            self._reader_conn.interrupt()  # the older search's rows are no longer wanted
        for generation in stale:
            future, _handler = self._tasks.pop(generation)
            future.cancel()
        self._full_search.stop()
        query = self.query()
        self.searches_started += 1
        if query.sort == "section":  # index order: the first page comes at once
            if not query.search.strip() and query.state is None and query.kind is None:
                # an index scan that stops after one page, whatever the collection's
                # size: painted right here; the whole search starts once it is on
                # screen (its worker would otherwise compete for the GIL with the paint)
                self._show_first(find(self.col.conn, query, limit=PAGE), None)
                self._full_query = query
                self._full_search.start()
                return
            self._run(lambda conn: find(conn, query, limit=PAGE), self._show_first)
        self._run(lambda conn: find(conn, query), self._show_found)

    def _start_full_search(self) -> None:
        query = self._full_query
        self._run(lambda conn: find(conn, query), self._show_found)

    def settle(self, timeout_ms: int = 10_000) -> None:
        """Finish the searches in progress (or due after typing), and what they start,
        and show their results now."""
        if self._debounce.isActive():
            self.refresh()
        if self._full_search.isActive():
            self._full_search.stop()
            self._start_full_search()
        while self._tasks:
            done, _pending = wait([future for future, _h in self._tasks.values()],
                                  timeout_ms / 1000)
            if not done:
                break
            self._collect()

    def _show_first(self, found: Found | None, error: Exception | None) -> None:
        """The first page of a search, painted while the rest is still being found."""
        if found is None:
            return  # the whole search reports the error
        rows_are_cards = bool(self.rows_toggle.currentData())
        if self.model.ids[:len(found.ids)] == found.ids and \
                self.model.rows_are_cards == rows_are_cards:
            return  # already shown (a refresh after a change): keep scroll and selection
        self.model.set_found(found, rows_are_cards)
        self.count.setText("Searching…")

    def _show_found(self, found: Found | None, error: Exception | None) -> None:
        if error is not None:
            if "interrupted" in str(error):  # replaced by a newer search
                return
            message = str(error) if isinstance(error, SearchError) else \
                f"The collection could not be searched: {error}"
            self.search_error = message
            self.error_label.setText(message)
            self.error_label.show()
            return
        assert found is not None
        self.search_error = ""
        self.error_label.hide()
        self.found = found
        rows_are_cards = bool(self.rows_toggle.currentData())
        if not self.model.extend(found, rows_are_cards):
            self.model.set_found(found, rows_are_cards)
        self.count.setText(count_text(found.notes, found.cards))
        # the other count (the notes of cards, the cards of notes) once the rows are shown
        self._run(lambda conn: counted(conn, found),
                  lambda both, _error: self._show_counts(found, both))
        wanted, self._pending_selection = self._pending_selection, []
        if wanted:
            self._select_row_ids(wanted)
        self._update_actions()
        self._update_preview()
        if not self._sidebar_loaded:
            self.refresh_sidebar()
        self.searched.emit()

    def _show_counts(self, found: Found, both: Found | None) -> None:
        if both is not None and found is self.found:  # not replaced by a newer search
            self.found = both
            self.count.setText(count_text(both.notes, both.cards))

    def _sort_by(self, key: str, descending: bool) -> None:
        if (key, descending) == (self.sort_key, self.descending):
            return
        self.sort_key, self.descending = key, descending
        self._save_prefs()
        self.refresh()

    def _rows_toggled(self) -> None:
        self._pending_selection = []  # note ids and card ids do not mix
        self._save_prefs()
        self.refresh()

    def toggle_rows(self) -> None:
        self.rows_toggle.setCurrentIndex(1 - self.rows_toggle.currentIndex())
