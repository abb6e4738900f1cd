"""The browser's table: the rows of a search, fetched from SQL a page at a time as
they are painted (a view, not a copy), and what each column shows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QPalette,
)
from PySide6.QtWidgets import (
    QWidget,
)

from app.core.notes.browse import Found
from app.core.notes.card_actions import FLAG_NAMES
from app.core.notes.rows import BrowseRow, due_text, fetch, interval_text, state_text
from app.core.storage.collection import Collection
from app.ui.cards.note_form import KIND_LABELS

#: (key, header); the key is also the sort column of `app.core.notes.browse.SORT_KEYS`
COLUMNS = (("section", "Section"), ("kind", "Kind"), ("prompt", "Prompt"), ("answer", "Answer"),
           ("due", "Due"), ("state", "State"), ("article", "Article"), ("tags", "Tags"),
           ("card", "Card"), ("interval", "Interval"), ("reps", "Reviews"),
           ("lapses", "Lapses"), ("added", "Added"), ("modified", "Edited"), ("flag", "Flag"))
COLUMN_KEYS = tuple(key for key, _ in COLUMNS)
DEFAULT_COLUMNS = ("section", "kind", "prompt", "answer", "due", "state")

SUSPENDED_TINT = QColor(240, 200, 40)  # mixed into the palette's base colour, light or dark
PAGE = 50  # rows fetched at a time as the table scrolls
AnyIndex = QModelIndex | QPersistentModelIndex


def _mix(base: QColor, tint: QColor, amount: float) -> QColor:
    return QColor(*(round(b + (t - b) * amount) for b, t in
                    ((base.red(), tint.red()), (base.green(), tint.green()),
                     (base.blue(), tint.blue()))))


def suspended_colors(palette: QPalette) -> tuple[QColor, QColor]:
    """Background and text of a suspended row: a yellowish tint of the palette's own
    base (so dark mode stays dark) and a muted text colour that still reads on it."""
    base, text = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)
    background = _mix(base, SUSPENDED_TINT, 0.28 if base.lightness() > 128 else 0.22)
    return background, _mix(text, background, 0.3)




def cell_text(key: str, row: BrowseRow) -> str:
    """What a column shows for a row (the tooltip shows it unshortened)."""
    if key == "card":
        return f"Card {row.ord + 1}" if row.ord is not None else (
            f"{row.cards} card{'s' if row.cards != 1 else ''}")
    values: dict[str, Callable[[BrowseRow], str]] = {
        "section": lambda r: r.section, "kind": lambda r: KIND_LABELS.get(r.kind, r.kind),
        "prompt": lambda r: r.prompt, "answer": lambda r: r.answer, "due": due_text,
        "state": state_text, "article": lambda r: r.article, "tags": lambda r: " ".join(r.tags),
        "interval": interval_text, "reps": lambda r: str(r.reps),
        "lapses": lambda r: str(r.lapses), "added": lambda r: r.created[:10],
        "flag": lambda r: FLAG_NAMES[r.flag - 1] if r.flag else "",
        "modified": lambda r: r.modified[:10]}
    return values[key](row)


_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                    Qt.ItemDataRole.UserRole, Qt.ItemDataRole.BackgroundRole,
                    Qt.ItemDataRole.ForegroundRole})
#: the longest value of each short column: its width is set to fit it, never cut short
WIDEST = {"flag": "Turquoise", "due": "2026-12-31", "state": "12 of 12 suspended", "card": "12 cards",
          "interval": "12.5 mo", "reps": "99999", "lapses": "9999", "kind": "Basic and reversed",
          "added": "2026-12-31", "modified": "2026-12-31"}


class CardTableModel(QAbstractTableModel):
    """The rows of a search, fetched from SQL a page at a time as they are shown."""

    sort_requested = Signal(str, bool)  # column key, descending

    def __init__(self, col: Collection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.col = col
        self.ids: list[Any] = []
        self.rows_are_cards = False
        self._cache: dict[Any, BrowseRow] = {}
        self._shown: dict[tuple[int, int], str] = {}  # cell texts, painted many times

    def set_found(self, found: Found, rows_are_cards: bool) -> None:
        self.beginResetModel()
        self.ids, self.rows_are_cards = found.ids, rows_are_cards
        self._cache, self._shown = {}, {}
        self.endResetModel()

    def extend(self, found: Found, rows_are_cards: bool) -> bool:
        """Add the rest of a search whose first page is shown (rows, scroll position and
        selection stay); False if `found` does not continue what is shown."""
        shown = len(self.ids)
        if rows_are_cards != self.rows_are_cards or found.ids[:shown] != self.ids \
                or len(found.ids) < shown:
            return False
        if len(found.ids) > shown:
            self.beginInsertRows(QModelIndex(), shown, len(found.ids) - 1)
            self.ids = found.ids
            self.endInsertRows()
        return True

    def forget_rows(self) -> None:
        """The collection changed: re-read shown rows by id (at once, before the new
        search's ids arrive), so what is shown and acted on is never stale."""
        self._cache, self._shown = {}, {}
        if self.ids:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.ids) - 1, len(COLUMNS) - 1))

    def row(self, i: int) -> BrowseRow | None:
        """Row `i`, fetching its page on first use; None if it was deleted meanwhile."""
        if not 0 <= i < len(self.ids):
            return None
        row_id = self.ids[i]
        if row_id not in self._cache:
            start = i - i % PAGE
            page = self.ids[start:start + PAGE]
            for r in fetch(self.col.conn, page, self.rows_are_cards):
                self._cache[r.row_id] = r
            for missing in set(page) - self._cache.keys():
                self._cache[missing] = None  # type: ignore[assignment]
        return self._cache[row_id]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES or not index.isValid():  # asked often: answer before any work
            return None
        row = self.row(index.row())
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            key = (index.row(), index.column())
            text = self._shown.get(key)
            if text is None:
                text = self._shown[key] = " ".join(
                    cell_text(COLUMN_KEYS[index.column()], row).split())
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            return cell_text(COLUMN_KEYS[index.column()], row)
        if role == Qt.ItemDataRole.UserRole:
            return row.note_id
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole) \
                and row.fully_suspended:
            background, text = suspended_colors(QGuiApplication.palette())
            return background if role == Qt.ItemDataRole.BackgroundRole else text
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][1]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The header was clicked: the browser searches again in that order (in SQL)."""
        self.sort_requested.emit(COLUMN_KEYS[column], order == Qt.SortOrder.DescendingOrder)
