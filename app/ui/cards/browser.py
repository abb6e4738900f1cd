"""The card browser: the collection's notes or cards in a table, found by an Anki-style
search, with a sidebar (articles and sections, card states, tags, saved searches),
sorting by any column, a column chooser, and the actions on the selection (edit,
delete, suspend, tags, section, reposition).

Thin and a view, not a copy: the search runs in SQL on a worker thread
(`app.core.notes.browse.find` returns ids only) and the table fetches the rows
on screen by id, so a collection of 300,000 cards paints at once and typing
never stalls. Changes go through core functions (each one transaction); the
window refreshes itself when `changes_of(col)` says something moved.
"""

from __future__ import annotations

import html
import sqlite3
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QColor,
    QGuiApplication,
    QKeySequence,
    QPalette,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMenuBar,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.articles.library import section_titles
from app.core.changes import Change
from app.core.errors import CollectionWriteError, SearchError, StudyDeskError
from app.core.notes.browse import (
    BrowseQuery,
    BrowseRow,
    Found,
    add_note,
    all_tags,
    articles_and_sections,
    count_text,
    delete_notes,
    due_text,
    fetch,
    find,
    interval_text,
    open_reader,
    set_cards_suspended,
    set_notes_suspended,
    state_text,
)
from app.core.notes.model import NOTE_KINDS, Note, render
from app.core.notes.store import get_note, move_to_section, reposition, save_note, set_tags
from app.core.storage.collection import Collection
from app.ui.cards.note_form import KIND_LABELS, NoteForm
from app.ui.changes import changes_of
from app.ui.errors import reporting, show_error
from app.ui.media import PREVIEW_IMAGE_WIDTH, card_html, play_sound_links
from app.ui.widgets import section_combo

#: (key, header); the key is also the sort column of `app.core.notes.browse.SORT_KEYS`
COLUMNS = (("section", "Section"), ("kind", "Kind"), ("prompt", "Prompt"), ("answer", "Answer"),
           ("due", "Due"), ("state", "State"), ("article", "Article"), ("tags", "Tags"),
           ("card", "Card"), ("interval", "Interval"), ("reps", "Reviews"),
           ("lapses", "Lapses"), ("added", "Added"), ("modified", "Edited"))
COLUMN_KEYS = tuple(key for key, _ in COLUMNS)
DEFAULT_COLUMNS = ("section", "kind", "prompt", "answer", "due", "state")
STATE_CHOICES = (("Any state", None), ("New", "new"), ("Learning", "learning"),
                 ("Due today", "due"), ("Suspended", "suspended"), ("Buried", "buried"))
SUSPENDED_TINT = QColor(240, 200, 40)  # mixed into the palette's base colour, light or dark
CLOSE_KEYS = ("Esc", "Ctrl+W")
TOGGLE_SUSPEND_KEY = "Ctrl+J"  # as in Anki's browser
TOGGLE_ROWS_KEY = "Ctrl+Alt+T"  # Anki's cards/notes switch
TAGS_SHOWN_OPEN = 12  # more tags than this: the sidebar's tag list starts folded
SEARCH_DELAY_MS = 200  # typing pauses this long before a search starts
FULL_SEARCH_DELAY_MS = 50  # the first page is painted before the whole search starts
POLL_MS = 10  # how often the GUI thread looks for a finished search
PAGE = 50  # rows fetched at a time as the table scrolls
SETTING = "browser"  # collection setting: sort, columns, rows mode, saved searches
AnyIndex = QModelIndex | QPersistentModelIndex
Refresh = Change.NOTES | Change.CARDS | Change.STUDY | Change.ARTICLES | Change.DECKS


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


def preview_html(note: Note, col: Collection) -> str:
    """The note as the student sees it: each card's front, then its back (imported
    images and sounds shown), then the source sentence and the explanation (rendered
    once: they belong to the note)."""
    parts = []
    for number, ord_ in enumerate(note.ords, 1):
        face = render(note.kind, note.fields, ord_)
        heading = f"<p><b>Card {number}</b></p>" if len(note.ords) > 1 else ""
        options = "".join(f"<li>{html.escape(o)}</li>" for o in face.options)
        parts.append(heading
                     + f"<p>{card_html(col, face.front, PREVIEW_IMAGE_WIDTH)}</p>"
                     + (f"<ul>{options}</ul>" if options else "")
                     + f"<hr/><p>{card_html(col, face.back, PREVIEW_IMAGE_WIDTH)}</p>")
    if note.source:
        parts.append(f"<p><i>Source:</i> {_lines(note.source)}</p>")
    if note.explanation:
        parts.append(f"<p><i>Explanation:</i> {_lines(note.explanation)}</p>")
    return "<br/>".join(parts)


def _lines(text: str) -> str:
    return html.escape(text).replace("\n", "<br/>")


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
        "modified": lambda r: r.modified[:10]}
    return values[key](row)


_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                    Qt.ItemDataRole.UserRole, Qt.ItemDataRole.BackgroundRole,
                    Qt.ItemDataRole.ForegroundRole})
#: the longest value of each short column: its width is set to fit it, never cut short
WIDEST = {"due": "2026-12-31", "state": "12 of 12 suspended", "card": "12 cards",
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


def _guarded(work: Callable[[sqlite3.Connection], Any],
             reader: Callable[[], sqlite3.Connection]) -> tuple[Any, Exception | None]:
    """Run `work` on the worker thread; a search that cannot be read, or one
    interrupted by a newer search, comes back as an error instead of raising."""
    try:
        return work(reader()), None
    except (SearchError, sqlite3.OperationalError) as exc:
        return None, exc


class Sidebar(QTreeWidget):
    """Articles and their sections, card states, tags and saved searches; clicking
    one narrows the browser to it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setMinimumWidth(160)

    def fill(self, articles: list[tuple[str, str, list[str]]], tags: list[str],
             saved: dict[str, str]) -> None:
        self.clear()
        library = QTreeWidgetItem(self, ["All articles"])
        library.setData(0, Qt.ItemDataRole.UserRole, ("scope", None, None))
        for article_id, title, sections in articles:
            item = QTreeWidgetItem(library, [title])
            item.setToolTip(0, title)
            item.setData(0, Qt.ItemDataRole.UserRole, ("scope", article_id, None))
            for idx, section in enumerate(sections):
                child = QTreeWidgetItem(item, [section])
                child.setToolTip(0, section)
                child.setData(0, Qt.ItemDataRole.UserRole, ("scope", article_id, idx))
        states = QTreeWidgetItem(self, ["Card state"])
        for label, value in STATE_CHOICES[1:]:
            QTreeWidgetItem(states, [label]).setData(0, Qt.ItemDataRole.UserRole,
                                                     ("state", value, None))
        tag_root = QTreeWidgetItem(self, ["Tags"])
        for tag in tags:
            quoted = tag.replace("\\", "\\\\").replace('"', '\\"')
            QTreeWidgetItem(tag_root, [tag]).setData(0, Qt.ItemDataRole.UserRole,
                                                     ("search", f'tag:"{quoted}"', None))
        saved_root = QTreeWidgetItem(self, ["Saved searches"])
        for name, search in sorted(saved.items(), key=lambda kv: kv[0].casefold()):
            item = QTreeWidgetItem(saved_root, [name])
            item.setToolTip(0, search)
            item.setData(0, Qt.ItemDataRole.UserRole, ("saved", search, name))
        for root in (library, states, saved_root):
            root.setExpanded(True)
        tag_root.setExpanded(len(tags) <= TAGS_SHOWN_OPEN)  # a long list starts folded

    def item_for(self, kind: str, value: Any, extra: Any = None) -> QTreeWidgetItem | None:
        for item in self.findItems("*", Qt.MatchFlag.MatchWildcard | Qt.MatchFlag.MatchRecursive):
            if item.data(0, Qt.ItemDataRole.UserRole) == (kind, value, extra):
                return item
        return None


class CardBrowser(QWidget):
    """A window listing the collection's cards, opened on one article."""

    searched = Signal()  # a search's rows are on screen

    def __init__(self, col: Collection, article_id: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.col = col
        self.article_id = article_id
        self.sections = section_titles(col, article_id) if article_id else []
        self.form: NoteForm | None = None
        self.confirm: QMessageBox | None = None
        self.menu: QMenu | None = None
        self.dialog: QDialog | None = None
        self.found = Found([], 0, 0)
        self.search_error = ""
        self.searches_started = 0  # how many searches the typing and filters have started
        self._generation = 0
        self._applied = 0
        self._pending_selection: list[Any] = []
        self._reader_conn: sqlite3.Connection | None = None
        # Searches run on one worker thread, and the GUI thread polls for their results:
        # PySide6 6.12 corrupts reference counts when signals are emitted from another
        # thread under load (a fatal "deallocating None" after a few dozen searches).
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="browser-search")
        self._tasks: dict[int, tuple[Future[Any], Callable[[Any, Any], None]]] = {}
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._collect)
        prefs = self._prefs()
        self.sort_key = prefs.get("sort", "section") if prefs.get("sort") in COLUMN_KEYS \
            else "section"
        self.descending = bool(prefs.get("descending", False))
        self.setWindowTitle("Cards")
        self.resize(1100, 620)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search: words, \"a phrase\", tag:, is:due, "
                                       "prop:ivl>10, -word, a or b…")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(220)  # the filters give way first in a small window
        self.search.setToolTip("Anki search syntax: tag:dates  article:russia*  section:2  "
                               "kind:cloze  is:new/due/learn/review/suspended/buried  "
                               "prop:ivl>10  rated:7  added:30  \"quoted phrase\"  -not  or")
        self.section_filter = section_combo(self.sections, "All sections")
        self.section_filter.setMinimumContentsLength(12)
        self.kind_filter = QComboBox()
        self.kind_filter.addItem("All kinds", None)
        for kind in NOTE_KINDS:
            self.kind_filter.addItem(KIND_LABELS[kind], kind)
        self.state_filter = QComboBox()
        for label, state in STATE_CHOICES:
            self.state_filter.addItem(label, state)
        self.rows_toggle = QComboBox()
        self.rows_toggle.addItem("Notes", False)
        self.rows_toggle.addItem("Cards", True)
        self.rows_toggle.setToolTip(f"List notes or each of their cards ({TOGGLE_ROWS_KEY})")
        self.rows_toggle.setCurrentIndex(1 if prefs.get("rows") == "cards" else 0)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        self.model = CardTableModel(col, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        self.table.setSortingEnabled(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSortIndicatorShown(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self.show_column_menu)
        for key, width in (("section", 160), ("prompt", 360), ("answer", 220),
                           ("article", 200), ("tags", 140)):
            self.table.setColumnWidth(COLUMN_KEYS.index(key), width)
        self._fit_short_columns()
        header.setSectionResizeMode(COLUMN_KEYS.index("prompt"), QHeaderView.ResizeMode.Stretch)
        columns = prefs.get("columns")
        shown = [k for k in columns if k in COLUMN_KEYS] if isinstance(columns, list) else []
        shown = shown or list(DEFAULT_COLUMNS)
        for i, key in enumerate(COLUMN_KEYS):
            self.table.setColumnHidden(i, key not in shown)
        header.setSortIndicator(COLUMN_KEYS.index(self.sort_key),
                                Qt.SortOrder.DescendingOrder if self.descending
                                else Qt.SortOrder.AscendingOrder)
        self.model.sort_requested.connect(self._sort_by)

        self.sidebar = Sidebar()
        self.preview = QTextBrowser()
        play_sound_links(self.preview, self.col)
        self.preview.setPlaceholderText("Select a card to see it as you will study it.")
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.preview)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.count = QLabel()
        self.add_button = QPushButton("&Add…")
        self.edit_button = QPushButton("&Edit…")
        self.delete_button = QPushButton("&Delete")
        self.suspend_button = QPushButton("&Suspend")
        self.unsuspend_button = QPushButton("&Unsuspend")
        for button in (self.suspend_button, self.unsuspend_button):
            button.setToolTip(f"{button.text().replace('&', '')} the selected cards "
                              f"({TOGGLE_SUSPEND_KEY} toggles)")
        self._make_actions()

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.rows_toggle)
        filters = QHBoxLayout()  # a row of its own: a small window keeps the search wide
        filters.addWidget(self.section_filter, 2)
        filters.addWidget(self.kind_filter, 1)
        filters.addWidget(self.state_filter, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        for button in (self.suspend_button, self.unsuspend_button, self.add_button,
                       self.edit_button, self.delete_button):
            bottom.addWidget(button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(top)
        right_layout.addLayout(filters)
        right_layout.addWidget(self.error_label)
        right_layout.addWidget(self.splitter, 1)
        right_layout.addLayout(bottom)
        self.body = QSplitter(Qt.Orientation.Horizontal)
        self.body.addWidget(self.sidebar)
        self.body.addWidget(right)
        self.body.setStretchFactor(1, 1)
        self.body.setSizes([190, 910])
        layout = QVBoxLayout(self)
        layout.setMenuBar(self._menu_bar())
        layout.addWidget(self.body, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.refresh)
        self._full_search = QTimer(self)  # after a first page painted on the GUI thread
        self._full_search.setSingleShot(True)
        self._full_search.setInterval(FULL_SEARCH_DELAY_MS)
        self._full_search.timeout.connect(self._start_full_search)
        self._full_query = BrowseQuery()
        self.search.textChanged.connect(self._debounce.start)
        self.search.returnPressed.connect(self.refresh)
        self.section_filter.currentIndexChanged.connect(self.refresh)
        self.kind_filter.currentIndexChanged.connect(self.refresh)
        self.state_filter.currentIndexChanged.connect(self.refresh)
        self.rows_toggle.currentIndexChanged.connect(self._rows_toggled)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.table.selectionModel().selectionChanged.connect(self._update_preview)
        self.table.customContextMenuRequested.connect(self.show_context_menu)
        self.sidebar.itemClicked.connect(self._sidebar_clicked)
        self.sidebar.customContextMenuRequested.connect(self._sidebar_menu)
        self.suspend_button.clicked.connect(self.suspend_cards)
        self.unsuspend_button.clicked.connect(self.unsuspend_cards)
        self.add_button.clicked.connect(self.add_card)
        self.edit_button.clicked.connect(self.edit_card)
        self.delete_button.clicked.connect(self.delete_card)
        self.table.doubleClicked.connect(self.edit_card)
        # on the table only: Enter in the search box searches, Delete there edits text
        # Edit → Undo's key works here too: a deletion is undone where it was made
        for key, slot in ((QKeySequence.StandardKey.Delete, self.delete_card),
                          (QKeySequence(Qt.Key.Key_Return), self.edit_card),
                          (QKeySequence.StandardKey.Undo, self.undo_last_action)):
            shortcut = QShortcut(key, self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)
        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_search)
        for key in CLOSE_KEYS:
            QShortcut(QKeySequence(key), self, self.close)
        changes_of(col).changed.connect(self._collection_changed)
        self._sidebar_loaded = False  # loaded once the first rows are on screen
        self.refresh()  # first: the rows are what the window is opened for
        self._update_actions()

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
        quarter of the window), so titles are not cut short where there is room."""
        if not self.sections:
            return
        metrics = self.table.fontMetrics()
        widest = max(metrics.horizontalAdvance(t) for t in self.sections) + 16
        limit = max(160, self.width() // 4)
        self.table.setColumnWidth(COLUMN_KEYS.index("section"), min(widest, limit))

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self._fit_section_column()

    def changeEvent(self, event: Any) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.FontChange:
            self._fit_short_columns()
            self._fit_section_column()

    # -- actions and menus -----------------------------------------------------------
    def _action(self, text: str, slot: Callable[[], None], key: str | None = None) -> QAction:
        action = QAction(text, self)
        if key:
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        action.triggered.connect(lambda _checked=False: slot())  # not the checked flag
        return action

    def _make_actions(self) -> None:
        # one action for the shortcut and the context menu; its text follows the selection
        self.toggle_suspend_action = self._action("Suspend", self.toggle_suspend,
                                                  TOGGLE_SUSPEND_KEY)
        self.add_tags_action = self._action("Add &Tags…", self.add_tags, "Ctrl+Shift+A")
        self.remove_tags_action = self._action("&Remove Tags…", self.remove_tags,
                                               "Ctrl+Alt+Shift+A")
        self.change_section_action = self._action("Change &Section…", self.change_section,
                                                  "Ctrl+Shift+S")
        self.reposition_action = self._action("Re&position New Cards…", self.reposition_cards,
                                              "Ctrl+Shift+R")
        self.card_info_action = self._action("Card &Info…", self.show_card_info, "Ctrl+Shift+I")
        self.edit_action = self._action("&Edit…", self.edit_card)
        self.delete_action = self._action("&Delete", self.delete_card)
        self.toggle_rows_action = self._action("Toggle Cards/&Notes", self.toggle_rows,
                                               TOGGLE_ROWS_KEY)
        self.save_search_action = self._action("&Save Current Search…", self.save_search)
        self.sidebar_action = self._action("Show &Sidebar", self._toggle_sidebar, "Ctrl+Shift+B")
        self.sidebar_action.setCheckable(True)
        self.sidebar_action.setChecked(True)

    def _menu_bar(self) -> QMenuBar:
        bar = QMenuBar(self)
        cards = bar.addMenu("&Cards")
        cards.addAction("&Add…", self.add_card)
        for action in (self.edit_action, self.card_info_action, self.delete_action, None,
                       self.toggle_suspend_action,
                       self.add_tags_action, self.remove_tags_action, None,
                       self.change_section_action, self.reposition_action):
            cards.addSeparator() if action is None else cards.addAction(action)
        search = bar.addMenu("&Search")
        search.addAction("&Find", self.focus_search, QKeySequence.StandardKey.Find)
        search.addAction(self.save_search_action)
        view = bar.addMenu("&View")
        view.addAction(self.toggle_rows_action)
        view.addAction(self.sidebar_action)
        self.columns_menu = view.addMenu("&Columns")
        self.columns_menu.aboutToShow.connect(lambda: self._fill_column_menu(self.columns_menu))
        return bar

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _toggle_sidebar(self) -> None:
        self.sidebar.setVisible(self.sidebar_action.isChecked())

    # -- searching ------------------------------------------------------------------
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
        wanted, self._pending_selection = self._pending_selection, []
        if wanted:
            self._select_row_ids(wanted)
        self._update_actions()
        self._update_preview()
        if not self._sidebar_loaded:
            self.refresh_sidebar()
        self.searched.emit()

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
                              if not self.table.isColumnHidden(i)], **extra)
        with reporting(self, "Browser settings not saved"):
            self.col.set_setting(SETTING, prefs)

    def _collection_changed(self, changes: Change) -> None:
        if changes & Refresh:
            self.model.forget_rows()
            self._update_actions()
            self._update_preview()
            self.refresh()
        if changes & (Change.ARTICLES | Change.NOTES | Change.DECKS):
            self.refresh_sidebar()

    # -- the sidebar ------------------------------------------------------------------
    def refresh_sidebar(self) -> None:
        saved = self._prefs().get("saved", {})

        def work(conn: sqlite3.Connection) -> tuple[Any, Any]:
            return articles_and_sections(conn), all_tags(conn)

        self._sidebar_loaded = True

        def show(result: Any, error: Any) -> None:
            if result is not None:
                self.sidebar.fill(result[0], result[1], saved)
                self._mark_scope()

        self._run(work, show)

    def _mark_scope(self) -> None:
        item = self.sidebar.item_for("scope", self.article_id, self.section_filter.currentData())
        if item is not None:
            self.sidebar.setCurrentItem(item)
            article = self.sidebar.item_for("scope", self.article_id, None)
            if article is not None:
                article.setExpanded(True)  # its sections, one click away

    def set_scope(self, article_id: str | None, section_idx: int | None = None) -> None:
        """List one article (or section), or the whole collection (None)."""
        if article_id != self.article_id:
            self.article_id = article_id
            self.sections = section_titles(self.col, article_id) if article_id else []
            self.section_filter.blockSignals(True)
            self.section_filter.clear()
            self.section_filter.addItem("All sections", None)
            for i, title in enumerate(self.sections):
                self.section_filter.addItem(title, i)
            self.section_filter.blockSignals(False)
            self._fit_section_column()
        index = self.section_filter.findData(section_idx) if section_idx is not None else 0
        self.section_filter.blockSignals(True)
        self.section_filter.setCurrentIndex(max(index, 0))
        self.section_filter.blockSignals(False)
        self.refresh()

    def _sidebar_clicked(self, item: QTreeWidgetItem) -> None:
        data = item.data(0, Qt.ItemDataRole.UserRole)
        if not data:
            return
        kind, value, extra = data
        if kind == "scope":
            self.set_scope(value, extra)
        elif kind == "state":
            self.state_filter.setCurrentIndex(self.state_filter.findData(value))
        else:
            self.search.setText(value)
            self.refresh()

    def _sidebar_menu(self, pos: QPoint) -> None:
        item = self.sidebar.itemAt(pos)
        data = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        menu = QMenu(self)
        menu.addAction(self.save_search_action)
        if data and data[0] == "saved":
            name = data[2]
            menu.addAction(f"Delete Saved Search “{name}”", lambda: self.delete_saved(name))
        self.menu = menu
        menu.popup(self.sidebar.viewport().mapToGlobal(pos))

    def save_search(self, name: str | None = None) -> None:
        text = self.search.text().strip()
        if not text:
            QMessageBox.information(self, "Save search", "Type a search first.")
            return
        if name is None:
            name, ok = QInputDialog.getText(self, "Save search", "Name of the search:",
                                            text=text[:40])
            if not ok or not name.strip():
                return
        saved = dict(self._prefs().get("saved", {}))
        saved[name.strip()] = text
        self._save_prefs(saved=saved)
        self.refresh_sidebar()

    def delete_saved(self, name: str) -> None:
        saved = dict(self._prefs().get("saved", {}))
        saved.pop(name, None)
        self._save_prefs(saved=saved)
        self.refresh_sidebar()

    # -- columns ------------------------------------------------------------------------
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

    # -- selection ------------------------------------------------------------------------
    def _update_preview(self) -> None:
        """Show the one selected note as studied; nothing for none or several."""
        ids = self.selected_note_ids()
        note = None
        if len(ids) == 1:
            try:
                note = get_note(self.col, ids[0])
            except Exception:  # noqa: BLE001 - deleted meanwhile: nothing to preview
                note = None
        if note is None:
            self.preview.clear()
        else:
            self.preview.setHtml(preview_html(note, self.col))

    def selected_rows(self) -> list[BrowseRow]:
        """The selected rows in table order."""
        indexes = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        rows = (self.model.row(i) for i in indexes)
        return [r for r in rows if r is not None]

    def selected_row_ids(self) -> list[Any]:
        return [row.row_id for row in self.selected_rows()]

    def selected_note_ids(self) -> list[str]:
        return list(dict.fromkeys(row.note_id for row in self.selected_rows()))

    def selected_note_id(self) -> str | None:
        ids = self.selected_note_ids()
        return ids[0] if ids else None

    def _select_row_ids(self, row_ids: list[Any]) -> None:
        wanted = set(row_ids)
        selection = QItemSelection()
        last = self.model.columnCount() - 1
        first = None
        for i, row_id in enumerate(self.model.ids):
            if row_id in wanted:
                selection.select(self.model.index(i, 0), self.model.index(i, last))
                first = i if first is None else first
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        self.table.selectionModel().select(selection, flags)
        if first is not None:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(first, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
            self.table.scrollTo(self.model.index(first, 0))

    def select_notes(self, note_ids: list[str]) -> None:
        """Select the rows of these notes (those the search still shows)."""
        self.settle()
        if self.model.rows_are_cards:
            wanted = set(note_ids)
            rows = [self.model.row(i) for i in range(len(self.model.ids))]
            self._select_row_ids([r.row_id for r in rows if r is not None and r.note_id in wanted])
        else:
            self._select_row_ids(note_ids)

    def select_note(self, note_id: str) -> bool:
        self.select_notes([note_id])
        return bool(self.selected_rows())

    # -- suspend / unsuspend ---------------------------------------------------------
    def _update_actions(self) -> None:
        """Enable what applies to the selection; Ctrl+J toggles like Anki's browser:
        unsuspend when every selected card is suspended, suspend otherwise."""
        rows = self.selected_rows()
        can_suspend = any(not r.fully_suspended for r in rows)
        can_unsuspend = any(r.suspended for r in rows)
        self.suspend_button.setEnabled(can_suspend)
        self.unsuspend_button.setEnabled(can_unsuspend)
        self.toggle_suspend_action.setEnabled(bool(rows))
        self.toggle_suspend_action.setText("Suspend" if can_suspend or not rows else "Unsuspend")
        for widget in (self.edit_button, self.delete_button, self.edit_action,
                       self.delete_action, self.card_info_action, self.add_tags_action,
                       self.remove_tags_action, self.change_section_action):
            widget.setEnabled(bool(rows))
        self.edit_button.setEnabled(len(self.selected_note_ids()) == 1)
        self.edit_action.setEnabled(len(self.selected_note_ids()) == 1)
        self.reposition_action.setEnabled(bool(rows) and all(r.new_cards == r.cards
                                                             for r in rows))

    def suspend_cards(self) -> None:
        self._set_suspended(True)

    def unsuspend_cards(self) -> None:
        self._set_suspended(False)

    def toggle_suspend(self) -> None:
        rows = self.selected_rows()
        if rows:
            self._set_suspended(not all(r.fully_suspended for r in rows))

    def _set_suspended(self, suspended: bool) -> None:
        rows = self.selected_rows()
        if not rows:
            return
        with reporting(self, "Cards not changed"):
            if self.model.rows_are_cards:  # rows are cards: exactly the selected ones
                set_cards_suspended(self.col, [r.card_id for r in rows
                                               if r.card_id is not None], suspended)
            else:
                set_notes_suspended(self.col, [r.note_id for r in rows], suspended)

    def show_context_menu(self, pos: QPoint) -> None:
        """Right-click: act on the clicked row, or on the selection it belongs to."""
        index = self.table.indexAt(pos)
        if index.isValid() and not self.table.selectionModel().isRowSelected(index.row()):
            self.table.selectRow(index.row())
        if not self.selected_rows():
            return
        if self.menu is not None:
            self.menu.deleteLater()  # one menu at a time, not one per right-click
        menu = QMenu(self)
        menu.addAction(self.edit_action)
        menu.addAction(self.toggle_suspend_action)
        menu.addAction(self.card_info_action)
        menu.addSeparator()
        menu.addAction(self.delete_action)
        menu.addSeparator()
        for action in (self.add_tags_action, self.remove_tags_action,
                       self.change_section_action, self.reposition_action):
            menu.addAction(action)
        self.menu = menu
        menu.popup(self.table.viewport().mapToGlobal(pos))

    def show_card_info(self) -> None:
        """Card Info (Ctrl+Shift+I): the history of the selected note's cards, or of the
        selected card when rows are cards."""
        rows = self.selected_rows()
        if not rows:
            return
        from app.core.stats.cardinfo import note_card_ids
        from app.ui.stats.card_info import show_card_info

        row = rows[0]
        card_ids = [row.card_id] if row.card_id is not None else note_card_ids(self.col,
                                                                                 row.note_id)
        self.card_info = show_card_info(self, self.col, card_ids)

    # -- tags, section, position ---------------------------------------------------------
    def add_tags(self, text: str | None = None) -> None:
        self._tags(text, add=True)

    def remove_tags(self, text: str | None = None) -> None:
        self._tags(text, add=False)

    def _tags(self, text: str | None, add: bool) -> None:
        note_ids = self.selected_note_ids()
        if not note_ids:
            return
        if text is None:
            label = "Tags to add (separated by spaces):" if add else \
                "Tags to remove (separated by spaces):"
            text, ok = QInputDialog.getText(self, "Add tags" if add else "Remove tags", label)
            if not ok:
                return
        tags = text.split()
        if not tags:
            return
        with reporting(self, "Tags not changed"):
            if add:
                set_tags(self.col, note_ids, add=tags)
            else:
                set_tags(self.col, note_ids, remove=tags)

    def change_section(self) -> None:
        rows = self.selected_rows()
        articles = {r.article_id for r in rows}
        if not rows:
            return
        if len(articles) != 1 or None in articles:
            QMessageBox.information(self, "Change section", "Select cards of one article to "
                                    "move them to another of its sections.")
            return
        (article_id,) = articles
        dialog = QDialog(self)
        dialog.setWindowTitle("Change section")
        box = section_combo(section_titles(self.col, article_id), parent=dialog)
        current = rows[0].section_idx
        if current is not None:
            box.setCurrentIndex(current)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form = QFormLayout(dialog)
        form.addRow(f"Move {count_text(len({r.note_id for r in rows}), 0).split(' (')[0]} to:",
                    box)
        form.addRow(buttons)
        note_ids = self.selected_note_ids()
        dialog.accepted.connect(lambda: self._move_to(note_ids, box.currentData()))
        self.dialog = dialog
        dialog.open()

    def _move_to(self, note_ids: list[str], section_idx: int) -> None:
        with reporting(self, "Section not changed"):
            move_to_section(self.col, note_ids, section_idx)

    def reposition_cards(self) -> None:
        note_ids = self.selected_note_ids()
        if not note_ids:
            return
        dialog = QDialog(self)
        dialog.setWindowTitle("Reposition new cards")
        start = QSpinBox(dialog)
        start.setRange(1, 1_000_000)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form = QFormLayout(dialog)
        form.addRow(QLabel("New cards are studied in this order within their section."))
        form.addRow("Start at position:", start)
        form.addRow(buttons)
        self.reposition_start = start
        dialog.accepted.connect(lambda: self._reposition(note_ids, start.value()))
        self.dialog = dialog
        dialog.open()

    def _reposition(self, note_ids: list[str], position: int) -> None:
        with reporting(self, "Cards not repositioned"):
            reposition(self.col, note_ids, position)

    # -- add / edit / delete ------------------------------------------------------
    def add_card(self) -> None:
        article_id = self.article_id or next((r.article_id for r in self.selected_rows()
                                              if r.article_id), None)
        if article_id is None:
            QMessageBox.information(self, "Add card", "Choose an article in the sidebar first: "
                                    "a card belongs to a section of an article.")
            return
        if article_id != self.article_id:
            self.set_scope(article_id)
        section = self.section_filter.currentData()
        self.form = NoteForm(self.sections, None, section if section is not None else 0, self,
                             col=self.col)
        self.form.accepted.connect(self._save_new)
        self.form.open()

    def _save_new(self) -> None:
        assert self.form is not None and self.article_id is not None
        v = self.form.values()
        try:
            note = add_note(self.col, self.article_id, v["section_idx"], v["kind"], v["fields"],
                            tags=v["tags"], source=v["source"], explanation=v["explanation"])
        except CollectionWriteError as exc:
            self._keep_form_open(exc)
            return
        except StudyDeskError as exc:
            show_error(self, "Card not saved", exc)
            return
        if not self.select_note(note.id):  # hidden by the search or filters: show it
            self.search.clear()
            self.section_filter.setCurrentIndex(0)
            self.kind_filter.setCurrentIndex(0)
            self.state_filter.setCurrentIndex(0)
            self.select_note(note.id)

    def edit_card(self) -> None:
        note_id = self.selected_note_id()
        if note_id is None or len(self.selected_note_ids()) != 1:
            return
        note = get_note(self.col, note_id)
        sections = section_titles(self.col, note.article_id) if note.article_id else []
        self.form = NoteForm(sections, note, parent=self, col=self.col)
        self.form.accepted.connect(self._save_edit)
        self.form.open()

    def _save_edit(self) -> None:
        assert self.form is not None
        try:
            save_note(self.col, self.form.edited_note())  # same id: cards keep their scheduling
        except CollectionWriteError as exc:
            self._keep_form_open(exc)
        except StudyDeskError as exc:
            show_error(self, "Card not saved", exc)

    def _keep_form_open(self, exc: CollectionWriteError) -> None:
        """The card could not be saved: say why and give the form back, as it was typed."""
        QMessageBox.warning(self, "Card not saved", f"{exc}\n\nWhat you typed is kept: "
                            "press Save again once the problem is fixed.")
        if self.form is not None:
            self.form.open()

    def undo_last_action(self) -> None:
        from app.ui.collection.actions import undo_last_action

        undo_last_action(self, self.col)

    def delete_card(self) -> None:
        rows = self.selected_rows()
        note_ids = list(dict.fromkeys(r.note_id for r in rows))
        if not note_ids:
            return
        if len(note_ids) == 1:
            title, text = "Delete card", f"Delete this card and its review history?\n\n{rows[0].prompt}"
        else:
            title, text = "Delete cards", f"Delete these {len(note_ids)} cards and their review history?"
        if self.model.rows_are_cards and len(rows) != len(note_ids) or any(
                r.cards > 1 for r in rows):
            text += "\n\nA note's other cards (reversed or cloze) go with it."
        self.confirm = QMessageBox(
            QMessageBox.Icon.Question, title, text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        self.confirm.setDefaultButton(QMessageBox.StandardButton.No)
        self.confirm.setTextFormat(Qt.TextFormat.PlainText)  # card text is not markup
        box = self.confirm
        box.finished.connect(lambda _r: self._delete_if_confirmed(box, note_ids))
        box.open()

    def _delete_if_confirmed(self, box: QMessageBox, note_ids: list[str]) -> None:
        if box.standardButton(box.clickedButton()) != QMessageBox.StandardButton.Yes:
            return
        with reporting(self, "Cards not deleted"):
            delete_notes(self.col, note_ids)

    def closeEvent(self, event: Any) -> None:
        """Stop a running search and close the reader before the window goes."""
        if self._reader_conn is not None:
            self._reader_conn.interrupt()
        self._tasks.clear()
        self._poll.stop()
        self._full_search.stop()
        self._executor.shutdown(wait=True, cancel_futures=True)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="browser-search")
        if self._reader_conn is not None:
            self._reader_conn.close()
            self._reader_conn = None
        super().closeEvent(event)
