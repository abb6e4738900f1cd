"""The main window: the sidebar of articles and sections, and the reader.

It keeps no state of its own beyond what is on screen: every change (import,
read marks, where the reader stopped) goes straight to the core, which writes
it to the collection in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QInputDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from app.core.articles.importers import FILE_PATTERNS
from app.core.articles.library import (
    list_articles,
    load_article,
    reading_position,
    save_reading_position,
    set_section_read,
    store_prepared,
)
from app.core.articles.model import Article
from app.core.changes import Change
from app.core.errors import StudyDeskError
from app.core.paths import APP_NAME
from app.core.storage.collection import Collection
from app.core.study.session import Scope
from app.ui.changes import changes_of
from app.ui.errors import show_error
from app.ui.home.view import HomeView
from app.ui.reading.reader import ReaderView
from app.ui.reading.sidebar import Sidebar

if TYPE_CHECKING:
    from app.core.stats.home import HomeOverview
    from app.ui.quiz.window import QuizWindow

SIDEBAR_MAX_SHARE = 0.3  # of the window's width
#: What moves the study counts of the home screen and the sidebar.
COUNT_CHANGES = (Change.STUDY | Change.CARDS | Change.NOTES | Change.ARTICLES | Change.SETTINGS
                 | Change.DECKS)
IMPORT_FILTER = (f"Articles ({FILE_PATTERNS});;Web pages (*.html *.htm *.xhtml);;"
                 "E-books (*.epub);;PDF documents (*.pdf);;All files (*)")


class MainWindow(QMainWindow):
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
        self._start_class()

    def _start_class(self) -> None:
        """Results waiting for the class's LRS: sent in the background, counted in the
        status bar; subscribed decks checked for updates once the window is up."""
        from PySide6.QtWidgets import QLabel

        from app.ui.classroom.sender import ResultsSender
        from app.ui.classroom.subscribe import check_subscriptions

        self.waiting_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.waiting_label)
        self.sender = ResultsSender(self.col, self)
        self.sender.status.connect(self.waiting_label.setText)

        def first_round() -> None:
            if self.isVisible():  # not once the window has closed (or never shown)
                self.sender.send_due()
                check_subscriptions(self.col,
                                    lambda text: self.statusBar().showMessage(text, 10000))

        QTimer.singleShot(1500, self, first_round)

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

    # -- menus ---------------------------------------------------------------------------
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

    def focus_sidebar(self) -> None:
        if not self.sidebar.isVisible():
            self.toggle_sidebar()
        self.sidebar.setFocus()

    def _studying(self) -> bool:
        return self.review is not None and self.pages.currentWidget() is self.review

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

    def set_appearance(self, mode: str) -> None:
        """View → Appearance: System, Light or Dark, for every window, kept between runs."""
        from app.ui.theme import APPEARANCES, apply_appearance

        if mode in APPEARANCES:
            apply_appearance(mode)  # type: ignore[arg-type]

    # -- articles and sections ---------------------------------------------------------
    def refresh_sidebar(self) -> None:
        self.sidebar.set_articles(list_articles(self.col))

    def article(self, article_id: str) -> Article:
        if article_id not in self._articles:
            self._articles[article_id] = load_article(self.col, article_id)
        return self._articles[article_id]

    def _open_initial_section(self) -> None:
        position = reading_position(self.col)
        if position is None:
            articles = list_articles(self.col)
            if articles:
                self.open_section(articles[0].id, 0)
            return
        self.open_section(position.article_id, position.section_idx)
        # the scroll range is known only once the reader is laid out and shown
        self._pending_scroll = position.scroll or None

    def open_section(self, article_id: str, section_idx: int, highlight: str | None = None) -> None:
        article = self.article(article_id)
        section_idx = max(0, min(section_idx, len(article.sections) - 1))
        self._pending_scroll = None  # another section was chosen: last time's place is moot
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

    def end_study(self) -> None:
        """The study session was closed (Esc / Back): back to where the student was reading
        before studying, not to the last card's "In article" jump."""
        before = self._before_study
        self._close_review()
        self._before_study = None
        if before is not None and self._article_id is not None and before[0] in {
                a.id for a in list_articles(self.col)}:
            article_id, section_idx, scroll = before
            if (article_id, section_idx) != (self._article_id, self.reader.section_index):
                self.open_section(article_id, section_idx)
            self.reader.clear_highlight()
            QTimer.singleShot(0, lambda: self.reader.set_scroll_fraction(scroll))
        if self._study_from_home:  # studying began on the home screen: back there
            self._study_from_home = False
            self.show_home()
        else:
            self.show_reader()

    # -- home and statistics ---------------------------------------------------------------
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
        from app.ui.stats.window import StatisticsWindow

        if self._statistics is None:
            window = StatisticsWindow(self.col, parent=self)
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            window.destroyed.connect(lambda *_: setattr(self, "_statistics", None))
            self._statistics = window
        self._statistics.show()
        self._statistics.raise_()
        self._statistics.activateWindow()

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

    def import_article(self, path: str | None = None) -> str | None:
        """Import a file chosen in the native dialog (or given); returns the article id."""
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, "Import Article", str(Path.home()),
                                                  IMPORT_FILTER)
            if not path:
                return None
        if self._offer_deck_import(path):
            return None
        return self._import(path, f"Reading {Path(path).name}…")

    def import_from_web(self, url: str | None = None) -> str | None:
        """Import a web page by its address (asked for when not given); returns the article id."""
        if url is None:
            copied = QApplication.clipboard().text().strip()  # a link just copied is offered
            url, ok = QInputDialog.getText(
                self, "Import from Web", "Address of the web page to import:",
                text=copied if copied.startswith(("http://", "https://")) else "")
            if not ok or not url.strip():
                return None
        return self._import(url.strip(), f"Fetching {url.strip()}…")

    def _import(self, source: str, label: str) -> str | None:
        """Parse in a worker (progress, Cancel), then store and show the article."""
        from app.ui.errors import reporting
        from app.ui.reading.importing import prepare_with_progress

        result = None
        with reporting(self, "Import failed"):
            prepared = prepare_with_progress(self, source, label)
            if prepared is None:
                self.statusBar().showMessage("Import cancelled; nothing was changed.", 5000)
                return None
            result = store_prepared(self.col, prepared)
        if result is None:
            return None
        self.open_section(result.article_id, 0)
        title = self.article(result.article_id).title
        message = (f"Imported “{title}”." if result.created
                   else f"“{title}” is already in your collection.")
        self.statusBar().showMessage(message, 5000)
        return result.article_id

    # -- finding and zooming in the reader ------------------------------------------------
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

    # -- cards from the selection (incremental reading) ---------------------------------
    def cloze_from_selection(self, selected: str | None = None) -> None:
        """A cloze card hiding the selected words, linked to their sentence."""
        from app.core.articles.selection import cloze_note
        from app.core.notes.store import next_position, save_note
        from app.ui.errors import reporting

        section = self.reader.section
        if self._article_id is None or section is None:
            return
        with reporting(self, "Make cloze"):
            note = cloze_note(self._article_id, self.reader.section_index, section,
                              self.reader.selected_text() if selected is None else selected)
            note.position = next_position(self.col, note.article_id, note.section_idx)
            save_note(self.col, note)
            self.statusBar().showMessage(f"Cloze card made: {note.fields['text']}", 6000)

    def question_from_selection(self, selected: str | None = None) -> None:
        """The card form, filled in from the selection: the sentence with a gap, the answer."""
        from app.core.articles.selection import question_fields
        from app.core.notes.model import Note
        from app.core.notes.store import new_note_id, next_position, save_note
        from app.ui.cards.note_form import NoteForm
        from app.ui.errors import reporting

        section = self.reader.section
        if self._article_id is None or section is None:
            return
        with reporting(self, "Make question"):
            filled = question_fields(
                section, self.reader.selected_text() if selected is None else selected)
            titles = [s.title for s in self.article(self._article_id).sections]
            form = NoteForm(titles, None, self.reader.section_index, self)
            form.kind_box.setCurrentIndex(form.kind_box.findData("basic"))
            form.kind_pages["basic"].set_fields({"front": filled["front"],
                                                 "back": filled["back"]})
            form.source.setPlainText(filled["source"])
            if form.exec() != NoteForm.DialogCode.Accepted:
                return
            values = form.values()
            note = Note(id=new_note_id("question"), kind=values["kind"],
                        fields=values["fields"], article_id=self._article_id,
                        section_idx=values["section_idx"], tags=values["tags"],
                        source=values["source"], explanation=values["explanation"])
            note.position = next_position(self.col, note.article_id, note.section_idx)
            save_note(self.col, note)
            self.statusBar().showMessage("Question card made.", 5000)

    # -- managing articles -----------------------------------------------------------------
    def _chosen_article(self, article_id: str | None) -> str | None:
        """The article an action is for: the one given (sidebar menu), else the one open."""
        return article_id or self._require_article()

    def rename_article(self, article_id: str | None = None, title: str | None = None) -> None:
        from app.core.articles.manage import rename_article
        from app.ui.errors import reporting

        article_id = self._chosen_article(article_id)
        if article_id is None:
            return
        current = self.article(article_id).title
        if title is None:
            title, ok = QInputDialog.getText(self, "Rename Article", "New title:", text=current)
            if not ok:
                return
        with reporting(self, "Rename failed"):
            rename_article(self.col, article_id, title)
            self._articles.pop(article_id, None)
            self.refresh_sidebar()
            if article_id == self._article_id:
                self.open_section(article_id, self.reader.section_index)
            self.statusBar().showMessage(f"Renamed to “{self.article(article_id).title}”.", 4000)

    def delete_article(self, article_id: str | None = None, confirm: bool = True) -> bool:
        """Delete an article and its cards after a confirmation that says what goes."""
        from app.core.articles.manage import article_card_count, delete_article
        from app.ui.errors import reporting

        article_id = self._chosen_article(article_id)
        if article_id is None:
            return False
        title = self.article(article_id).title
        cards = article_card_count(self.col, article_id)
        if confirm:
            what = (f"its {cards} card{'s' if cards != 1 else ''} and their review history"
                    if cards else "its reading progress")
            answer = QMessageBox.question(
                self, "Delete Article",
                f"Delete “{title}” with {what}?\n\nEdit → Undo brings it back until "
                "you quit StudyDesk.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Yes:
                return False
        with reporting(self, "Delete failed"):
            delete_article(self.col, article_id)
            self._articles.pop(article_id, None)
            self._after_articles_changed(article_id)
            self.statusBar().showMessage(f"Deleted “{title}”. Edit → Undo brings it back.",
                                         8000)
            return True
        return False

    def reimport_article(self, article_id: str | None = None, path: str | None = None) -> None:
        """Replace the article's text with a new version of its file; cards keep history."""
        article_id = self._chosen_article(article_id)
        if article_id is None:
            return
        if not path:
            path, _ = QFileDialog.getOpenFileName(
                self, f"Re-import “{self.article(article_id).title}” from", str(Path.home()),
                IMPORT_FILTER)
            if not path:
                return
        self._reimport(article_id, path, f"Reading {Path(path).name}…", "file")

    def reimport_article_from_web(self, article_id: str | None = None) -> None:
        """Fetch the article's page again from its web address; cards keep history."""
        from app.core.articles.manage import web_address
        from app.ui.errors import reporting

        article_id = self._chosen_article(article_id)
        if article_id is None:
            return
        with reporting(self, "Re-import failed"):
            url = web_address(self.col, article_id)
            self._reimport(article_id, url, f"Fetching {url}…", "page")

    def _has_web_address(self, article_id: str | None) -> bool:
        return article_id is not None and self.article(article_id).source_url is not None

    def _reimport(self, article_id: str, source: str, label: str, what: str) -> None:
        """Parse `source` (a path or URL) in a worker, then replace the article's text."""
        from app.core.articles.manage import reimport_prepared
        from app.ui.errors import reporting
        from app.ui.reading.importing import prepare_with_progress

        with reporting(self, "Re-import failed"):
            prepared = prepare_with_progress(self, source, label)
            if prepared is None:
                self.statusBar().showMessage("Re-import cancelled; nothing was changed.", 5000)
                return
            result = reimport_prepared(self.col, article_id, prepared, source)
            self._articles.pop(article_id, None)
            self.refresh_sidebar()
            self.open_section(article_id, 0)
            if not result.changed:
                self.statusBar().showMessage(f"The {what} has not changed since it was "
                                             "imported.", 5000)
            elif result.suspended:
                listed = "\n".join(f"• {s}" for s in result.suspended[:12])
                more = (f"\n… and {len(result.suspended) - 12} more"
                        if len(result.suspended) > 12 else "")
                QMessageBox.information(
                    self, "Re-imported",
                    f"The text was updated; {result.kept} cards kept their history.\n\n"
                    f"These sentences are gone, so their cards were suspended (find them in "
                    f"the card browser to edit or delete them):\n{listed}{more}")
            else:
                self.statusBar().showMessage(
                    f"Re-imported; all {result.kept} cards with a source sentence kept it.", 6000)

    def _after_articles_changed(self, removed: str) -> None:
        """The open article was deleted: show another one, or an empty reader."""
        self.refresh_sidebar()
        if self._article_id != removed:
            return
        self._article_id = None
        remaining = list_articles(self.col)
        if remaining:
            self.open_section(remaining[0].id, 0)
        else:
            self.reader.clear()
            self.setWindowTitle(APP_NAME)

    def _sidebar_menu(self, article_id: str, global_pos: object) -> None:
        from PySide6.QtWidgets import QMenu

        menu = QMenu(self)
        menu.addAction("Rename…", lambda: self.rename_article(article_id))
        menu.addAction("Re-import from File…", lambda: self.reimport_article(article_id))
        if self._has_web_address(article_id):
            menu.addAction("Re-import from Web", lambda: self.reimport_article_from_web(article_id))
        menu.addAction("Delete…", lambda: self.delete_article(article_id))
        menu.exec(global_pos)

    # -- cards and decks -------------------------------------------------------------------
    def _require_article(self) -> str | None:
        if self._article_id is None:
            QMessageBox.information(self, APP_NAME, "Import an article first (File → Import).")
        return self._article_id

    def browse_cards(self) -> None:
        article_id = self._require_article()
        if article_id is None:
            return
        from app.ui.cards.browser import CardBrowser

        browser = CardBrowser(self.col, article_id)
        browser.setWindowTitle(f"Cards — {self.article(article_id).title}")
        browser.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        browser.resize(1000, 600)
        self._windows.append(browser)
        browser.destroyed.connect(lambda *_: self._forget_window(browser))
        browser.show()

    def generate_cards(self, this_section: bool) -> None:
        article_id = self._require_article()
        if article_id is None:
            return
        from app.ui.cards.generate_dialog import GenerateDialog

        section = self.reader.section_index if this_section else None
        dialog = GenerateDialog(self.col, article_id, section, parent=self)
        dialog.cards_added.connect(
            lambda n: self.statusBar().showMessage(f"Added {n} cards.", 5000))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _forget_window(self, window: QWidget) -> None:
        if window in self._windows:
            self._windows.remove(window)

    def _offer_deck_import(self, path: str) -> bool:
        """A deck saved as .txt (Quizlet, Anki text, GIFT, Aiken) is offered its importer
        instead of being read as an article; True when the file is not to be read as one."""
        from app.core.interop.imports import FORMAT_NAMES, detect_format

        try:
            fmt = detect_format(Path(path))
        except StudyDeskError as exc:
            show_error(self, "Import failed", exc)
            return True
        if fmt == "article":
            return False
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self, "Import", f"{Path(path).name} looks like {FORMAT_NAMES[fmt]}, not an "
            "article. Import its cards as a deck?\n\n(No: read it as an article anyway.)",
            buttons.Yes | buttons.No | buttons.Cancel, buttons.Yes)
        if answer == buttons.Yes:
            self.import_deck(path, fmt)
        return answer != buttons.No

    def import_deck(self, path: str | None = None, fmt: str | None = None) -> None:
        """File → Import Deck…: parsed in the background, then shown like any article."""
        from app.ui.decks.import_deck import choose_and_import

        job = choose_and_import(self, self.col, path, fmt)
        if job is not None:
            self._deck_import = job  # kept alive until it finishes
            job.finished.connect(self._deck_imported)

    def _deck_imported(self, summary: object) -> None:
        article_id = getattr(summary, "article_id", None)
        if article_id:  # the sidebar has refreshed itself from the import's changes
            self.open_section(article_id, 0)

    def open_deck(self) -> None:
        from app.ui.decks.actions import open_deck

        summary = open_deck(self, self.col)
        if summary is not None:
            self.open_section(summary.article_id, 0)
            self.statusBar().showMessage(str(summary), 8000)

    def save_deck_as(self) -> None:
        article_id = self._require_article()
        if article_id is not None:
            from app.ui.decks.actions import save_deck_as

            save_deck_as(self, self.col, article_id)

    def export_cards_as(self) -> None:
        article_id = self._require_article()
        if article_id is not None:
            from app.ui.decks.export_text import export_cards_as

            export_cards_as(self, self.col, article_id)

    def export_quiz_for_moodle(self) -> None:
        article_id = self._require_article()
        if article_id is not None:
            from app.ui.decks.export_text import export_quiz_for_moodle

            export_quiz_for_moodle(self, self.col, article_id)

    def export_to_anki(self) -> None:
        article_id = self._require_article()
        if article_id is not None:
            from app.ui.decks.export_dialog import export_to_anki

            export_to_anki(self, self.col, article_id)

    # -- flashcards -----------------------------------------------------------------------
    def study(self, this_section: bool) -> None:
        article_id = self._require_article()
        if article_id is None:
            return
        section = self.reader.section_index if this_section else None
        article = self.article(article_id)
        title = article.sections[section].title if section is not None else article.title
        self._show_review(Scope(article_id=article_id, section_idx=section), title)

    def study_cards(self, card_ids: list[int]) -> None:
        """Flashcards for exactly these cards (the quiz's "Review mistakes")."""
        if card_ids:
            self._show_review(Scope(card_ids=tuple(card_ids)), "Review mistakes")
            self.raise_()
            self.activateWindow()

    def _show_review(self, scope: Scope, title: str) -> None:
        from app.ui.study.review import ReviewWidget

        if not self._studying() and self._article_id is not None:
            self._before_study = (self._article_id, self.reader.section_index,
                                  self.reader.scroll_fraction())
        self._close_review()
        self._sidebar_studying = False
        self._study_from_home = False
        review = ReviewWidget(self.col, scope, title, parent=self)
        review.closed.connect(self.end_study)
        review.show_in_article.connect(self.show_in_article)
        self.review = review
        self._review_title = title
        self.pages.addWidget(review)
        self._set_return("↩ Back to study", self.back_to_study)
        self.back_to_study()

    def back_to_study(self) -> None:
        """Return to the open study session (after "Show in article")."""
        if self.review is not None:
            self.pages.setCurrentWidget(self.review)
            self._apply_sidebar()
            self.review.setFocus()
            self.setWindowTitle(f"Study: {self._review_title} — {APP_NAME}")

    def _close_review(self) -> None:
        review = self.review
        if review is not None:
            self.pages.removeWidget(review)
            review.deleteLater()
            self.review = None
        if self._return_to == self.back_to_study:
            self._set_return("", None)

    # -- "Show in article" and the way back ---------------------------------------------
    def _set_return(self, label: str, target: Callable[[], None] | None) -> None:
        """What the reader's back button returns to: the study session or a quiz window."""
        self._return_to = target
        self.reader.set_back_action(label if target is not None else "")

    def _go_back(self) -> None:
        target = self._return_to
        self.reader.clear_highlight()  # the sentence has been seen; the page goes back to normal
        if target is not None:
            target()
        if target != self.back_to_study and self.review is not None:
            self._set_return("↩ Back to study", self.back_to_study)

    def show_in_article(self, article_id: str, section_idx: int, sentence: str) -> None:
        """Open the reader at a card's source sentence, highlighted."""
        self.open_section(article_id, section_idx, highlight=sentence or None)
        self.raise_()
        self.activateWindow()

    def _show_from_quiz(self, window: QWidget, article_id: str, section_idx: int,
                        sentence: str) -> None:
        """"Show in article" from a quiz: the reader offers the way back to that quiz."""
        def back_to_quiz() -> None:
            window.show()
            window.raise_()
            window.activateWindow()

        self.show_in_article(article_id, section_idx, sentence)
        self._set_return("↩ Back to quiz", back_to_quiz)
        self._return_window = window
        if window not in self._watched:  # connect once per window, not once per click
            self._watched.add(window)
            closed = getattr(window, "finished", None) or window.destroyed
            closed.connect(lambda *_, w=window: self._forget_return(w))

    def _forget_return(self, window: QWidget) -> None:
        """The quiz window closed: the back button no longer leads there."""
        if self._return_window is not window or self._return_to == self.back_to_study:
            return
        self._return_window = None
        if self.review is not None:
            self._set_return("↩ Back to study", self.back_to_study)
        else:
            self._set_return("", None)

    def class_settings(self) -> None:
        from app.ui.classroom.settings_dialog import ClassSettingsDialog

        if ClassSettingsDialog(self.col, self).exec():
            self.sender.send_now()  # the student may just have fixed what held them back

    def send_results_now(self) -> None:
        self.statusBar().showMessage("Sending results…", 3000)
        self.sender.send_now()

    def open_class_results(self) -> None:
        from app.ui.classroom.results_window import ClassResultsDialog

        dialog = ClassResultsDialog(self.col, self._article_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def subscribe_to_deck(self, url: str | None = None) -> None:
        from app.ui.classroom.subscribe import subscribe_to_deck

        def done(result: object) -> None:
            self.statusBar().showMessage(str(result), 10000)

        subscribe_to_deck(self, self.col, done, url)

    def study_options(self) -> None:
        from app.ui.study.options import StudyOptionsDialog

        StudyOptionsDialog(self.col, self).exec()

    # -- quizzes ----------------------------------------------------------------------------
    def _connect_quiz(self, window: QuizWindow | None) -> None:
        if window is not None:
            window.show_in_article.connect(
                lambda a, i, t, w=window: self._show_from_quiz(w, a, i, t))
            window.review_mistakes.connect(self.study_cards)

    def quiz_me(self, this_section: bool) -> None:
        article_id = self._require_article()
        if article_id is None:
            return
        from app.ui.quiz.actions import start_quick_quiz

        section = self.reader.section_index if this_section else None
        self._connect_quiz(start_quick_quiz(self, self.col, article_id, section))

    def _fill_quizzes_menu(self) -> None:
        from app.core.decks.store import list_quizzes

        self.quizzes_menu.clear()
        quizzes = list_quizzes(self.col, article_id=self._article_id) if self._article_id else []
        if not quizzes:
            empty = self.quizzes_menu.addAction("No quizzes for this article yet")
            empty.setEnabled(False)
        for spec in quizzes:
            action = self.quizzes_menu.addAction(f"{spec.title} — {spec.summary()}")
            action.setStatusTip(spec.instructions or spec.summary())
            action.triggered.connect(lambda _=False, qid=spec.id: self.open_quiz(qid))

    def open_quiz(self, quiz_id: str) -> None:
        from app.ui.quiz.actions import open_quiz

        self._connect_quiz(open_quiz(self, self.col, quiz_id))

    def open_quiz_builder(self) -> None:
        article_id = self._require_article()
        if article_id is not None:
            from app.ui.quiz.actions import open_quiz_builder

            open_quiz_builder(self, self.col, article_id)

    def open_quiz_history(self) -> None:
        from app.ui.quiz.actions import open_quiz_history

        history = open_quiz_history(self, self.col, article_id=self._article_id)
        history.show_in_article.connect(
            lambda a, i, t, w=history: self._show_from_quiz(w, a, i, t))

    # -- the collection as a whole ---------------------------------------------------------
    def undo_last_action(self) -> None:
        from app.ui.collection.actions import undo_last_action

        undone = undo_last_action(self, self.col)
        if undone:
            self.statusBar().showMessage(f"Undone: {undone}.", 5000)

    def show_backups(self) -> None:
        from app.ui.collection.backups import BackupsDialog

        dialog = BackupsDialog(self.col, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def check_database(self) -> None:
        from app.ui.collection.actions import run_check_database

        run_check_database(self, self.col)

    # -- help, geometry, closing -------------------------------------------------------
    def show_shortcuts(self) -> None:
        from app.ui.help import show_shortcuts

        show_shortcuts(self)

    def show_about(self) -> None:
        from app.ui.help import show_about

        show_about(self, self.col.path)

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
        self.sender.stop()
        if self._article_id is not None:
            save_reading_position(self.col, self._article_id, self.reader.section_index,
                                  self.reader.scroll_fraction())
        settings = QSettings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/splitter", self.splitter.saveState())
        super().closeEvent(event)
