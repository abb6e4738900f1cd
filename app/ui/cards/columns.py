"""The card browser's columns and their saved layout: which columns are shown (View →
Columns, the header's menu), their order and widths as the student left them, the
widths fitted to the values a column can hold, and the browser's settings in the
collection (sort, columns, rows mode, saved searches).

Why apart from the window: the layout is the one part of the browser that outlives
it — read when it opens, written when the student changes it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QPoint
from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import QMenu, QTableView

from app.core.changes import Change
from app.core.storage.collection import Collection
from app.ui.cards.table_model import COLUMN_KEYS, COLUMNS, WIDEST
from app.ui.errors import reporting

SETTING = "browser"  # collection setting: sort, columns, rows mode, saved searches
NARROWEST = 120  # pixels: how far the Section and Answer columns give way to the Prompt


class ColumnLayout:
    """The columns of `CardBrowser`'s table and the browser's saved settings."""

    col: Collection
    table: QTableView
    sections: list[str]
    sort_key: str
    descending: bool
    menu: QMenu | None
    _layout_restored: bool
    rows_toggle: Any

    def _fit_short_columns(self) -> None:
        """Short columns get the width of their longest possible value (measured, not
        sampled from rows: sampling 300,000 rows is slow and still misses some)."""
        metrics = self.table.fontMetrics()
        header = self.table.horizontalHeader()
        padding = 3 * self.table.style().pixelMetric(self.table.style().PixelMetric.PM_HeaderMargin)
        for key, sample in WIDEST.items():
            column = COLUMN_KEYS.index(key)
            title = COLUMNS[column][1]
            width = max(metrics.horizontalAdvance(sample),
                        header.fontMetrics().horizontalAdvance(title) + 16)  # + sort arrow
            self.table.setColumnWidth(column, width + padding + 8)

    def _fit_section_column(self) -> None:
        """The Section column as wide as the article's longest section title (up to a
        quarter of the window), so titles are not cut short where there is room;
        unless the student's own widths were restored."""
        if not self.sections or self._layout_restored:
            return
        metrics = self.table.fontMetrics()
        widest = max(metrics.horizontalAdvance(t) for t in self.sections) + 16
        limit = max(160, self.width() // 4)
        self.table.setColumnWidth(COLUMN_KEYS.index("section"), min(widest, limit))

    def _leave_room_for_prompt(self) -> None:
        """Narrow the Section and Answer columns (not below `NARROWEST`) until the
        Prompt column, which takes what the others leave, has a third of the table:
        in a window of 1000 pixels the fitted columns left it 40, "In …" for every
        question. Once the table has its width, and unless the student's own widths
        were restored."""
        if self._layout_restored:
            return
        header = self.table.horizontalHeader()
        available = self.table.viewport().width()
        wanted = available // 3
        prompt = COLUMN_KEYS.index("prompt")
        others = sum(header.sectionSize(i) for i in range(len(COLUMNS))
                     if i != prompt and not self.table.isColumnHidden(i))
        short = others + wanted - available
        for key in ("answer", "section"):
            column = COLUMN_KEYS.index(key)
            if short <= 0 or self.table.isColumnHidden(column):
                continue
            width = header.sectionSize(column)
            narrower = max(NARROWEST, width - short)
            self.table.setColumnWidth(column, narrower)
            short -= width - narrower

    def _prefs(self) -> dict[str, Any]:
        """The browser's saved settings; anything malformed reads as the defaults."""
        prefs = self.col.get_setting(SETTING, {})
        if not isinstance(prefs, dict):
            return {}
        saved = prefs.get("saved")
        if not isinstance(saved, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in saved.items()):
            prefs["saved"] = {}
        return prefs

    def _save_prefs(self, **extra: Any) -> None:
        prefs = self._prefs()
        prefs.update(sort=self.sort_key, descending=self.descending,
                     rows="cards" if self.rows_toggle.currentData() else "notes",
                     columns=[k for i, k in enumerate(COLUMN_KEYS)
                              if not self.table.isColumnHidden(i)],
                     header={"columns": list(COLUMN_KEYS), "state": self._layout_state()},
                     **extra)
        with reporting(self, "Browser settings not saved"):
            # the browser's own layout: no other window shows it, so none is told
            self.col.set_setting(SETTING, prefs, Change.NONE)

    def _layout_state(self) -> str:
        """The table header's column order and widths, as text for the settings."""
        return bytes(self.table.horizontalHeader().saveState().toBase64().data()).decode("ascii")

    def _restore_layout(self, prefs: dict[str, Any]) -> bool:
        """Put back the saved column order and widths; False (defaults kept) when there
        are none, they are malformed, or the columns have changed since."""
        saved = prefs.get("header")
        if not isinstance(saved, dict) or saved.get("columns") != list(COLUMN_KEYS) \
                or not isinstance(saved.get("state"), str):
            return False
        try:
            state = QByteArray.fromBase64(saved["state"].encode("ascii"))
        except UnicodeEncodeError:
            return False
        return self.table.horizontalHeader().restoreState(state)

    def show_column_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        self._fill_column_menu(menu)
        self.menu = menu
        menu.popup(self.table.horizontalHeader().mapToGlobal(pos))

    def _fill_column_menu(self, menu: QMenu) -> None:
        menu.clear()
        group = QActionGroup(menu)
        group.setExclusive(False)
        visible = sum(not self.table.isColumnHidden(i) for i in range(len(COLUMNS)))
        for i, (_key, title) in enumerate(COLUMNS):
            action = menu.addAction(title)
            action.setCheckable(True)
            action.setChecked(not self.table.isColumnHidden(i))
            action.setEnabled(not (action.isChecked() and visible == 1))  # keep one
            action.toggled.connect(lambda on, i=i: self.set_column_shown(i, on))
            group.addAction(action)

    def set_column_shown(self, column: int, shown: bool) -> None:
        self.table.setColumnHidden(column, not shown)
        self._save_prefs()
