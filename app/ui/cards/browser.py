"""The card browser: the collection's notes or cards in a table, found by an Anki-style
search, with a sidebar (articles and sections, card states, tags, saved searches),
sorting by any column, a column chooser, and the actions on the selection (edit,
delete, suspend, tags, section, reposition).

Thin and a view, not a copy: the search runs in SQL on a worker thread
(`app.core.notes.browse.find` returns ids only) and the table fetches the rows
on screen by id, so a collection of 300,000 cards paints at once and typing
never stalls. Changes go through core functions (each one transaction); the
window refreshes itself when `changes_of(col)` says something moved.

By concept: `table_model` (the rows and cells), `searching` (the worker and its
results), `sidebar` (scope, tags, saved searches), `actions` (what is done to the
selection), `columns` (the columns and the saved layout), `preview`; this module is the window that puts them together (widgets,
menus, columns, the saved layout).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMenuBar,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.core.articles.library import section_titles
from app.core.changes import Change
from app.core.notes.browse import BrowseQuery, Found
from app.core.notes.card_actions import FLAG_NAMES
from app.core.notes.model import NOTE_KINDS
from app.core.storage.collection import Collection
from app.ui.cards.actions import TOGGLE_BURY_KEY, TOGGLE_SUSPEND_KEY, SelectionActions
from app.ui.cards.columns import ColumnLayout
from app.ui.cards.note_form import KIND_LABELS, NoteForm
from app.ui.cards.searching import FULL_SEARCH_DELAY_MS, POLL_MS, SEARCH_DELAY_MS, Searching
from app.ui.cards.sidebar import STATE_CHOICES, Sidebar, SidebarActions
from app.ui.cards.table_model import (
    COLUMN_KEYS,
    DEFAULT_COLUMNS,
    CardTableModel,
)
from app.ui.changes import changes_of
from app.ui.icons import set_button_icon
from app.ui.media import play_sound_links
from app.ui.widgets import section_combo

CLOSE_KEYS = ("Esc", "Ctrl+W")
TOGGLE_ROWS_KEY = "Ctrl+Alt+T"  # Anki's cards/notes switch
Refresh = Change.NOTES | Change.CARDS | Change.STUDY | Change.ARTICLES | Change.DECKS


#: the browser's smallest size: the main window's (a student on a small screen has both)
MINIMUM_SIZE = (640, 420)


class CardBrowser(Searching, SidebarActions, SelectionActions, ColumnLayout, QWidget):
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
        # as small as the main window may be: the button bar fits itself (`_fit_bar`)
        self.setMinimumSize(MINIMUM_SIZE[0], MINIMUM_SIZE[1])

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search: words, \"a phrase\", tag:, is:due, "
                                       "prop:ivl>10, -word, a or b…")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(220)  # the filters give way first in a small window
        self.search.setToolTip("Anki search syntax: tag:dates  article:russia*  section:2  "
                               "kind:cloze  is:new/due/learn/review/suspended/buried  "
                               "prop:ivl>10  rated:7  added:30  front:dog  back:*cat*  "
                               "re:\"vosto?k\"  nid:…  cid:…  dupe:prompt  "
                               "\"quoted phrase\"  -not  or")
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
        header.setSectionsMovable(True)  # columns in the order the student drags them to
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self.show_column_menu)
        for key, width in (("section", 160), ("prompt", 360), ("answer", 220),
                           ("article", 200), ("tags", 140)):
            self.table.setColumnWidth(COLUMN_KEYS.index(key), width)
        self._fit_short_columns()
        header.setSectionResizeMode(COLUMN_KEYS.index("prompt"), QHeaderView.ResizeMode.Stretch)
        # the column order and widths of the last opening; which columns are shown and
        # the sort are the settings' own (below), so they win over the saved header
        self._layout_restored = self._restore_layout(prefs)
        columns = prefs.get("columns")
        shown = [k for k in columns if k in COLUMN_KEYS] if isinstance(columns, list) else []
        shown = shown or list(DEFAULT_COLUMNS)
        for i, key in enumerate(COLUMN_KEYS):
            self.table.setColumnHidden(i, key not in shown)
        header.setSortIndicator(COLUMN_KEYS.index(self.sort_key),
                                Qt.SortOrder.DescendingOrder if self.descending
                                else Qt.SortOrder.AscendingOrder)
        self.model.sort_requested.connect(self._sort_by)
        self._opened_layout = self._layout_state()
        self._shown = False

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
        self.add_button = QPushButton("&Add…", clicked=self.add_card)
        self.edit_button = QPushButton("&Edit…", clicked=self.edit_card)
        self.delete_button = QPushButton("&Delete", clicked=self.delete_card)
        self.suspend_button = QPushButton("&Suspend", clicked=self.suspend_cards)
        self.unsuspend_button = QPushButton("&Unsuspend", clicked=self.unsuspend_cards)
        for button, what in ((self.add_button, "add"), (self.edit_button, "edit"),
                             (self.delete_button, "delete"), (self.suspend_button, "suspend"),
                             (self.unsuspend_button, "unsuspend")):
            set_button_icon(button, what)
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
        # the count beside the buttons, or above them in a narrow window (`_fit_bar`)
        self.count.setWordWrap(True)  # a longer count wraps, never cut off
        self.bar_buttons = QHBoxLayout()
        self.bar_buttons.addStretch(1)
        for button in (self.suspend_button, self.unsuspend_button, self.add_button,
                       self.edit_button, self.delete_button):
            self.bar_buttons.addWidget(button)
        self.bottom = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.bottom.addWidget(self.count, 1)
        self.bottom.addLayout(self.bar_buttons)
        self._bar_labels = {b: b.text() for b in (self.suspend_button, self.unsuspend_button)}
        self._full_buttons_width = 0  # the buttons' row with every label written out
        right = QWidget()
        right.installEventFilter(self)  # its resizes fit the button bar
        self._right = right
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(top)
        right_layout.addLayout(filters)
        right_layout.addWidget(self.error_label)
        right_layout.addWidget(self.splitter, 1)
        right_layout.addLayout(self.bottom)
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
        for scope in (self.section_filter, self.kind_filter, self.state_filter):
            scope.currentIndexChanged.connect(self.refresh)
        self.rows_toggle.currentIndexChanged.connect(self._rows_toggled)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.table.selectionModel().selectionChanged.connect(self._update_preview)
        self.table.customContextMenuRequested.connect(self.show_context_menu)
        self.sidebar.itemClicked.connect(self._sidebar_clicked)
        self.sidebar.customContextMenuRequested.connect(self._sidebar_menu)
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

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self._fit_section_column()
        if not self._shown:  # fitted to the window: what the student changes from here is kept
            self._shown = True
            QTimer.singleShot(0, self._fitted_to_window)

    def _fitted_to_window(self) -> None:
        """Once the table has its width: room for the prompts, then the layout the
        student starts from (a later change of theirs is saved on closing)."""
        self._leave_room_for_prompt()
        self._opened_layout = self._layout_state()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._right and event.type() == QEvent.Type.Resize:
            self._fit_bar()
        return super().eventFilter(watched, event)

    def _fit_bar(self) -> None:
        """The count beside the buttons when there is room; else above them, and if the
        buttons still do not fit, Suspend and Unsuspend as icons (their tooltips name
        them). Why: at 640 px wide the bar needed about 590 px of the 450 the table has;
        the count was cut to "109 notes (1" and the buttons drawn over their icons."""
        width = self._right.width()
        if not self._full_buttons_width:  # measured once, with every label written out
            self._full_buttons_width = self.bar_buttons.sizeHint().width()
        spacing = self.bottom.spacing()
        beside = width >= self.count.sizeHint().width() + spacing + self._full_buttons_width
        self.bottom.setDirection(QBoxLayout.Direction.LeftToRight if beside
                                 else QBoxLayout.Direction.TopToBottom)
        whole = width >= self._full_buttons_width
        for button, label in self._bar_labels.items():
            button.setText(label if whole else "")
        self.bottom.activate()

    def changeEvent(self, event: Any) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.FontChange and not self._layout_restored:
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
        self.toggle_bury_action = self._action("Bury", self.toggle_bury, TOGGLE_BURY_KEY)
        self.flag_actions = []
        for flag, name in enumerate(FLAG_NAMES, 1):  # Ctrl+1 … Ctrl+7, as in Anki
            action = self._action(f"&{flag} {name}", lambda f=flag: self.toggle_flag(f),
                                  f"Ctrl+{flag}")
            action.setCheckable(True)
            self.flag_actions.append(action)
        self.toggle_bury_action.setToolTip("Hide the selected cards until the next study day "
                                           f"({TOGGLE_BURY_KEY} toggles)")
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
        self.find_duplicates_action = self._action("Find &Duplicates", self.find_duplicates)
        self.sidebar_action = self._action("Show &Sidebar", self._toggle_sidebar, "Ctrl+Shift+B")
        self.sidebar_action.setCheckable(True)
        self.sidebar_action.setChecked(True)

    def _menu_bar(self) -> QMenuBar:
        bar = QMenuBar(self)
        cards = bar.addMenu("&Cards")
        cards.addAction("&Add…", self.add_card)
        for action in (self.edit_action, self.card_info_action, self.delete_action, None,
                       self.toggle_suspend_action, self.toggle_bury_action,
                       self.add_tags_action, self.remove_tags_action, None,
                       self.change_section_action, self.reposition_action):
            cards.addSeparator() if action is None else cards.addAction(action)
        cards.insertMenu(self.add_tags_action, self.flag_menu(cards))
        search = bar.addMenu("&Search")
        search.addAction("&Find", self.focus_search, QKeySequence.StandardKey.Find)
        search.addAction(self.save_search_action)
        search.addAction(self.find_duplicates_action)
        view = bar.addMenu("&View")
        view.addAction(self.toggle_rows_action)
        view.addAction(self.sidebar_action)
        self.columns_menu = view.addMenu("&Columns")
        self.columns_menu.aboutToShow.connect(lambda: self._fill_column_menu(self.columns_menu))
        return bar

    def find_duplicates(self) -> None:
        """The notes whose prompt another note has too, sorted by prompt so that each
        one sits beside its duplicates (`dupe:answer` finds shared answers)."""
        self.search.setText("dupe:prompt")
        if self.sort_key != "prompt" or self.descending:
            self.sort_key, self.descending = "prompt", False
            self.table.horizontalHeader().setSortIndicator(COLUMN_KEYS.index("prompt"),
                                                           Qt.SortOrder.AscendingOrder)
            self._save_prefs()
        self.refresh()

    def flag_menu(self, parent: QWidget) -> QMenu:
        """Cards → Flag: the seven flags, each ticked when every selected row has it."""
        menu = QMenu("&Flag", parent)
        for action in self.flag_actions:
            menu.addAction(action)
        return menu

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _toggle_sidebar(self) -> None:
        self.sidebar.setVisible(self.sidebar_action.isChecked())


    def _collection_changed(self, changes: Change) -> None:
        if changes & Refresh:
            self.model.forget_rows()
            self._update_actions()
            self._update_preview()
            self.refresh()
        if changes & (Change.ARTICLES | Change.NOTES | Change.DECKS):
            self.refresh_sidebar()


    def closeEvent(self, event: Any) -> None:
        """Keep the column layout if the student changed it; stop a running search and
        close the reader before the window goes."""
        if self._layout_state() != self._opened_layout:
            self._save_prefs()
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
