"""The main window: the sidebar of articles and sections, the reader, the home screen
and the study session, with the menus (menus.py) over them.

It keeps no state of its own beyond what is on screen: every change (import,
read marks, where the reader stopped) goes straight to the core, which writes
it to the collection in one transaction.

Its behaviour is in app/ui/window/, one mixin per concept (reading, articles, cards
and decks, studying, home, the way back from "Show in article", quizzes, the class,
the collection); here are only what ties them together: the widgets, the change
relay, the menus, geometry and closing.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QResizeEvent
from PySide6.QtWidgets import QMainWindow, QMenu, QSplitter, QStackedWidget, QWidget

from app.core.articles.library import save_reading_position
from app.core.articles.model import Article
from app.core.changes import Change
from app.core.paths import APP_NAME
from app.core.storage.collection import Collection
from app.ui.changes import changes_of
from app.ui.home.view import HomeView
from app.ui.reading.reader import ReaderView
from app.ui.reading.sidebar import Sidebar
from app.ui.window.articles import ArticlesMixin
from app.ui.window.cards import CardsMixin
from app.ui.window.classroom import ClassroomMixin
from app.ui.window.collection import CollectionMixin
from app.ui.window.home import HomeMixin
from app.ui.window.quizzes import QuizzesMixin
from app.ui.window.reading import ReadingMixin
from app.ui.window.studying import StudyMixin
from app.ui.window.way_back import WayBackMixin

SIDEBAR_MAX_SHARE = 0.3  # of the window's width
#: What moves the study counts of the home screen and the sidebar.
COUNT_CHANGES = (Change.STUDY | Change.CARDS | Change.NOTES | Change.ARTICLES | Change.SETTINGS
                 | Change.DECKS)


class MainWindow(ReadingMixin, ArticlesMixin, CardsMixin, StudyMixin, HomeMixin, WayBackMixin,
                 QuizzesMixin, ClassroomMixin, CollectionMixin, QMainWindow):
    def __init__(self, col: Collection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.col = col
        self._articles: dict[str, Article] = {}
        self._article_id: str | None = None
        self._windows: list[QWidget] = []  # tool windows kept alive while open
        self.review: QWidget | None = None
        self._return_to: Callable[[], None] | None = None
        self._return_window: QWidget | None = None  # the quiz window "Back to quiz" leads to
        self._watched: set[QWidget] = set()  # quiz windows whose closing we listen for
        self._review_title = ""
        #: where the student was reading when study began: Esc from study goes back there
        self._before_study: tuple[str, int, float] | None = None
        #: the sidebar while reading (kept between runs) and while studying (hidden
        #: unless the student shows it: distraction-free review)
        self._sidebar_reading = bool(QSettings().value("main/sidebar", True, type=bool))
        self._sidebar_studying = False
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(640, 420)

        self.sidebar = Sidebar(self)
        self.reader = ReaderView(self)
        self.home = HomeView(self)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.reader)
        self.pages.addWidget(self.home)
        self._statistics: QWidget | None = None
        self._study_from_home = False
        self._pending_scroll: float | None = None  # where the reader stopped last time
        # recounting every article and section takes a while on a big collection: a burst
        # of changes is counted once, and never while a card is being studied
        self._home_dirty = False    # the home screen shows old figures
        self._counts_dirty = False  # …and so do the sidebar's counts
        self._home_timer = QTimer(self, singleShot=True, interval=150)
        self._home_timer.timeout.connect(self._refresh_home_if_due)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([280, 820])
        self.splitter.setChildrenCollapsible(False)
        self.sidebar.setMinimumWidth(180)
        self.setCentralWidget(self.splitter)

        self._build_menus()
        self.sidebar.section_chosen.connect(self.open_section)
        self.sidebar.article_menu_requested.connect(self._sidebar_menu)
        self.reader.previous_requested.connect(self.previous_section)
        self.reader.next_requested.connect(self.next_section)
        self.reader.mark_read_toggled.connect(self._set_current_read)
        self.reader.study_requested.connect(lambda: self.study(this_section=True))
        self.reader.cloze_requested.connect(self.cloze_from_selection)
        self.reader.question_requested.connect(self.question_from_selection)
        self.reader.back_to_study_requested.connect(self._go_back)
        self.home.study_requested.connect(self._study_from_home_screen)
        self.home.read_requested.connect(self.open_section)
        self.home.study_all_requested.connect(self.study_all_due)
        self.home.statistics_requested.connect(self._statistics_of)
        self.home.overview_ready.connect(self._show_counts)
        changes_of(col).changed.connect(self._on_changes)
        self.statusBar().showMessage("Ready", 2000)

        self._restore_geometry()
        self.refresh_sidebar()
        self._open_initial_section()
        self.refresh_home()
        self.show_home()
        self._begin_class()

    def _on_changes(self, changes: Change) -> None:
        """Whatever changed it, the sidebar and the home screen show the collection as it is
        now."""
        from app.ui.collection.actions import update_undo_action

        update_undo_action(self.undo_action, self.col)
        if changes & (Change.ARTICLES | Change.DECKS | Change.NOTES):
            self._articles.clear()  # re-read on next use: sections or cards may differ
        if changes & (Change.ARTICLES | Change.READING | Change.DECKS | Change.CARDS
                      | Change.STUDY):
            self.refresh_sidebar()
            if self._article_id is not None:
                self.sidebar.select_section(self._article_id, self.reader.section_index)
        if changes & (COUNT_CHANGES | Change.READING):
            self._home_dirty = True
            self._counts_dirty = self._counts_dirty or bool(changes & COUNT_CHANGES)
            # read marks show on the home screen only: recounted when it is next shown
            if self._counts_dirty or self.pages.currentWidget() is self.home:
                self._home_timer.start()

    def _build_menus(self) -> None:
        from app.ui.menus import build_menus

        self.quizzes_menu = build_menus(self)
        self.quizzes_menu.aboutToShow.connect(self._fill_quizzes_menu)
        from app.ui.collection.actions import PeriodicBackups, update_undo_action

        self.undo_action = self.findChild(QAction, "undo_last_action")
        update_undo_action(self.undo_action, self.col)
        self.findChild(QMenu, "editMenu").aboutToShow.connect(
            lambda: update_undo_action(self.undo_action, self.col))
        from_web = self.findChild(QAction, "reimport_article_from_web")
        self.findChild(QMenu, "articleMenu").aboutToShow.connect(
            lambda: from_web.setEnabled(self._has_web_address(self._article_id)))
        self.periodic_backups = PeriodicBackups(self.col, self)

    def set_appearance(self, mode: str) -> None:
        """View → Appearance: System, Light or Dark, for every window, kept between runs."""
        from app.ui.appearance import APPEARANCES, apply_appearance

        if mode in APPEARANCES:
            apply_appearance(mode)  # type: ignore[arg-type]

    def _restore_geometry(self) -> None:
        settings = QSettings()
        geometry = settings.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1100, 720)
        splitter = settings.value("main/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """In a narrow window the sidebar gives way, so the text keeps room to breathe."""
        super().resizeEvent(event)
        total = self.splitter.width()
        limit = max(self.sidebar.minimumWidth(), int(total * SIDEBAR_MAX_SHARE))
        sizes = self.splitter.sizes()
        if len(sizes) == 2 and sizes[0] > limit:
            self.splitter.setSizes([limit, total - limit])

    def _close_tool_windows(self) -> bool:
        """Close quizzes, the builder, browsers: each may ask first (a running quiz, unsaved
        changes). False when one stays open, so quitting never drops an attempt or work."""
        windows = [w for w in self.findChildren(QWidget) if w.isWindow() and w.isVisible()]
        for window in [*windows, *self._windows]:
            window.close()
            if window.isVisible():
                return False
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._close_tool_windows():
            event.ignore()
            return
        self._stop_class()
        if self._article_id is not None:
            save_reading_position(self.col, self._article_id, self.reader.section_index,
                                  self.reader.scroll_fraction())
        settings = QSettings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/splitter", self.splitter.saveState())
        super().closeEvent(event)
