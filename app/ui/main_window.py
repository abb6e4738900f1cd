"""The main window: the sidebar of articles and sections, the reader, the home screen
and the study session, with the menus (menus.py) over them.

It keeps no state of its own beyond what is on screen: every change (import,
read marks, where the reader stopped) goes straight to the core, which writes
it to the collection in one transaction.

Its behaviour is in app/ui/window/, one mixin per concept (reading, articles, cards
and decks, studying, home, the way back from "Show in article", quizzes, the class,
the collection); here are only what ties them together: the widgets, the change
relay, the menus, geometry and closing.

Why so little is built before the first paint: the student waits for this window every
morning (benchmarks/bench_startup.py, issue 15 §7). The first frame is the home screen
beside the sidebar, under the complete menus; the reader is made when first needed (or
right after the first paint), and the home screen's counts, the undo entry's text and
the periodic backups start once the window is painted. Modules that only a menu entry
needs are imported by that entry, never here (tests/ui/test_startup.py checks).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QResizeEvent
from PySide6.QtWidgets import QMainWindow, QMenu, QSplitter, QStackedWidget, QWidget

from app.core.changes import Change
from app.core.paths import APP_NAME
from app.core.storage.collection import Collection
from app.ui.changes import changes_of
from app.ui.home.view import HomeView
from app.ui.reading.sidebar import Sidebar
from app.ui.startup import after_first_paint
from app.ui.window.articles import ArticlesMixin
from app.ui.window.cards import CardsMixin
from app.ui.window.classroom import ClassroomMixin
from app.ui.window.collection import CollectionMixin
from app.ui.window.home import HomeMixin
from app.ui.window.quizzes import QuizzesMixin
from app.ui.window.reading import ReadingMixin
from app.ui.window.studying import StudyMixin
from app.ui.window.way_back import WayBackMixin

if TYPE_CHECKING:
    from app.core.articles.model import Article
    from app.ui.collection.auto_backups import PeriodicBackups
    from app.ui.reading.reader import ReaderView

SIDEBAR_MAX_SHARE = 0.3  # of the window's width
SIDEBAR_WIDTH = 280  # pixels, until the student drags the splitter
#: What moves the study counts of the home screen and the sidebar.
COUNT_CHANGES = (Change.STUDY | Change.CARDS | Change.NOTES | Change.ARTICLES | Change.SETTINGS
                 | Change.DECKS)


class MainWindow(ReadingMixin, ArticlesMixin, CardsMixin, StudyMixin, HomeMixin, WayBackMixin,
                 QuizzesMixin, ClassroomMixin, CollectionMixin, QMainWindow):
    closing = False
    """True once closing has begun: the close's backup lets the event loop run, and the
    start-up work queued behind the first paint must not begin then."""

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
        self._reader: ReaderView | None = None  # made when first needed: see `reader`
        #: the section the reader opens at once it is made (where the student stopped)
        self._initial_section: tuple[str, int] | None = None
        self.home = HomeView(self)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.home)
        # the pages are as narrow as the home screen's buttons allow: the stack's own
        # minimum is its widest page's, and the reader (its button bar still in whole
        # labels while hidden) held the sidebar to its 180 px minimum at 640 px wide,
        # though the reader shortens its labels to fit any width the pages get
        self.pages.setMinimumWidth(self.home.minimumSizeHint().width())
        self._statistics: QWidget | None = None
        self._study_from_home = False
        self._pending_scroll: float | None = None  # where the reader stopped last time
        # recounting every article and section takes a while on a big collection: a burst
        # of changes is counted once, and never while a card is being studied
        self._home_dirty = False    # the home screen shows old figures
        self._counts_dirty = False  # …and so do the sidebar's counts
        self._home_timer = QTimer(self, singleShot=True, interval=150)
        self._home_timer.timeout.connect(self._refresh_home_if_due)
        self.splitter = QSplitter()  # horizontal; no argument: see the note at the top
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([SIDEBAR_WIDTH, 820])
        self.splitter.setChildrenCollapsible(False)
        self.sidebar.setMinimumWidth(180)
        #: the sidebar's width as the student left it (dragging the splitter), kept between
        #: runs; a narrow window shows less of it for a while (`_fit_sidebar`)
        self._sidebar_width = max(self.sidebar.minimumWidth(), int(QSettings().value(
            "main/sidebar_width", SIDEBAR_WIDTH, type=int)))
        self.splitter.splitterMoved.connect(self._sidebar_dragged)
        self.setCentralWidget(self.splitter)

        self._build_menus()
        self.periodic_backups: PeriodicBackups | None = None  # from the first paint on
        self.sidebar.section_chosen.connect(self.open_section)
        self.sidebar.article_menu_requested.connect(self._sidebar_menu)
        self.home.study_requested.connect(self._study_from_home_screen)
        self.home.read_requested.connect(self.open_section)
        self.home.study_all_requested.connect(self.study_all_due)
        self.home.statistics_requested.connect(self._statistics_of)
        self.home.overview_ready.connect(self._show_counts)
        changes_of(col).changed.connect(self._on_changes)
        self.statusBar().showMessage("Ready", 2000)

        self._restore_geometry()
        self.refresh_sidebar()
        self._choose_initial_section()
        self._apply_sidebar()  # shown or hidden as the student left it
        self.show_home()
        self._home_dirty = True  # counted once the window is painted (then shown)
        self._begin_class()
        after_first_paint(self, self._after_first_paint)

    @property
    def reader(self) -> ReaderView:
        """The reader, made on first use: the first frame shows the home screen, and the
        reader (its module, its fonts, the section's text) is half of building the window."""
        if self._reader is None:
            from app.ui.reading.reader import ReaderView

            reader = ReaderView(self)
            reader.previous_requested.connect(self.previous_section)
            reader.next_requested.connect(self.next_section)
            reader.mark_read_toggled.connect(self._set_current_read)
            reader.study_requested.connect(lambda: self.study(this_section=True))
            reader.cloze_requested.connect(self.cloze_from_selection)
            reader.question_requested.connect(self.question_from_selection)
            reader.back_to_study_requested.connect(self._go_back)
            self.pages.insertWidget(0, reader)
            self._reader = reader
            self._show_initial_section()
        return self._reader

    def _after_first_paint(self) -> None:
        """What the first frame did not need: the menus' icons, the home screen's counts,
        Edit → Undo's text, the periodic backups, and the reader made ready for the first click; never
        in a window closed meanwhile (its collection may be closed too)."""
        if not self.isVisible() or self.closing or self.col.closed:
            return
        from app.ui.collection.actions import update_undo_action
        from app.ui.collection.auto_backups import PeriodicBackups
        from app.ui.menus import set_menu_icons

        set_menu_icons(self)
        update_undo_action(self.undo_action, self.col)
        self.periodic_backups = PeriodicBackups(self.col, self)
        self._refresh_home_now()
        QTimer.singleShot(0, self, lambda: self.isVisible() and not self.closing
                                          and self.reader)

    def _on_changes(self, changes: Change) -> None:
        """Whatever changed it, the sidebar and the home screen show the collection as it is
        now."""
        self._update_undo_action()
        if changes & (Change.ARTICLES | Change.DECKS | Change.NOTES):
            self._articles.clear()  # re-read on next use: sections or cards may differ
        if changes & (Change.ARTICLES | Change.READING | Change.DECKS | Change.CARDS
                      | Change.STUDY):
            self.refresh_sidebar()
            if self._article_id is not None:
                self.sidebar.select_section(self._article_id, self._section_index())
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
        # Edit → Undo's text: the collection opens with nothing to undo (app.open_collection);
        # named after the first paint, and again each time the menu opens
        self.undo_action = self.findChild(QAction, "undo_last_action")
        self.undo_action.setEnabled(self.col.undo.label is not None)
        self.findChild(QMenu, "editMenu").aboutToShow.connect(self._update_undo_action)
        from_web = self.findChild(QAction, "reimport_article_from_web")
        self.findChild(QMenu, "articleMenu").aboutToShow.connect(
            lambda: from_web.setEnabled(self._has_web_address(self._article_id)))

    def _update_undo_action(self) -> None:
        from app.ui.collection.actions import update_undo_action

        update_undo_action(self.undo_action, self.col)

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

    def _sidebar_dragged(self, _position: int, _index: int) -> None:
        """The width the student drags the sidebar to is theirs: a window narrowed and
        widened again gives it back, and so does the next run."""
        if not self.sidebar.isHidden():
            self._sidebar_width = self.splitter.sizes()[0]

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_sidebar()

    def _fit_sidebar(self) -> None:
        """The sidebar as wide as the student left it, except that in a narrow window it
        gives way (to `SIDEBAR_MAX_SHARE` of it), so the text keeps room to breathe."""
        # the window's width, not the splitter's: during the window's resize event its
        # children are not laid out yet (the splitter spans the window)
        total = self.width()
        width = max(self.sidebar.minimumWidth(),
                    min(self._sidebar_width, int(total * SIDEBAR_MAX_SHARE)))
        sizes = self.splitter.sizes()
        if len(sizes) == 2 and not self.sidebar.isHidden() and sizes[0] != width:
            self.splitter.setSizes([width, max(1, total - width)])

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
        if self._article_id is not None and self._reader is not None:  # else nothing moved
            from app.core.articles.library import save_reading_position

            save_reading_position(self.col, self._article_id, self._reader.section_index,
                                  self._reader.scroll_fraction())
        settings = QSettings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/splitter", self.splitter.saveState())
        settings.setValue("main/sidebar_width", self._sidebar_width)
        self.closing = True
        if self.periodic_backups is not None:
            self.periodic_backups.wait()  # then nothing, or only what came after, is new
        if self.col.changed_since_backup and self.col.backup_on_close:
            from app.ui.collection.auto_backups import back_up_at_close

            back_up_at_close(self, self.col)  # while the window still paints, not in close()
        super().closeEvent(event)
