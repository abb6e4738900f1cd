"""The main window's articles: importing a file or a web page, renaming, re-importing
and deleting an article.

Why workers: in a big collection (300,000 cards) or with a big article (an e-book),
storing an import, re-importing and deleting write thousands of rows, each copied for
Edit → Undo, after a backup of the whole file. Parsing runs in `importing`'s worker;
the write then runs on a second connection (`jobs.run_on_worker_view`) with progress
and Cancel, as one transaction whose undo entry joins the collection's.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

# QFileDialog, QInputDialog and QMessageBox are imported where shown: naming a Qt class
# creates its enums, and this module is imported before the window's first paint
from PySide6.QtWidgets import QApplication, QMenu

from app.core.batches import Progress
from app.core.changes import Change
from app.core.paths import APP_NAME
from app.ui.widgets import confirmed

if TYPE_CHECKING:
    from app.core.storage.collection import Collection

T = TypeVar("T")


def import_filter() -> str:
    """The Import dialog's file types (the importers' package is imported when asked)."""
    from app.core.articles.importers import FILE_PATTERNS

    return (f"Articles ({FILE_PATTERNS});;Web pages (*.html *.htm *.xhtml);;"
            "E-books (*.epub);;PDF documents (*.pdf);;All files (*)")


class ArticlesMixin:
    """Mixed into MainWindow: File → Import and the Article menu."""

    def _require_article(self) -> str | None:
        from PySide6.QtWidgets import QMessageBox

        if self._article_id is None:
            QMessageBox.information(self, APP_NAME, "Import an article first (File → Import).")
        return self._article_id

    def _chosen_article(self, article_id: str | None) -> str | None:
        """The article an action is for: the one given (sidebar menu), else the one open."""
        return article_id or self._require_article()

    def import_article(self, path: str | None = None) -> str | None:
        """Import a file chosen in the native dialog (or given); returns the article id."""
        from PySide6.QtWidgets import QFileDialog

        if not path:
            path, _ = QFileDialog.getOpenFileName(self, "Import Article", str(Path.home()),
                                                  import_filter())
            if not path:
                return None
        if self._offer_deck_import(path):
            return None
        return self._import(path, f"Reading {Path(path).name}…")

    def import_from_web(self, url: str | None = None) -> str | None:
        """Import a web page by its address (asked for when not given); returns the article id."""
        from PySide6.QtWidgets import QInputDialog

        if url is None:
            copied = QApplication.clipboard().text().strip()  # a link just copied is offered
            url, ok = QInputDialog.getText(
                self, "Import from Web", "Address of the web page to import:",
                text=copied if copied.startswith(("http://", "https://")) else "")
            if not ok or not url.strip():
                return None
        return self._import(url.strip(), f"Fetching {url.strip()}…")

    def _import(self, source: str, label: str) -> str | None:
        """Parse in a worker, then store on a worker connection (progress and Cancel
        both times), then show the article."""
        from app.core.articles.library import IMPORT_CHANGES, store_prepared
        from app.ui.errors import reporting
        from app.ui.reading.importing import prepare_with_progress

        result = None
        with reporting(self, "Import failed"):
            prepared = prepare_with_progress(self, source, label)
            if prepared is None:
                self.statusBar().showMessage("Import cancelled; nothing was changed.", 5000)
                return None
            result = self._worker_job(
                "Importing", f"Storing “{prepared.article.title}”…", IMPORT_CHANGES,
                lambda view, progress: store_prepared(view, prepared, progress),
                backup=("import", "Importing"))
            if result is None:
                return None
        if result is None:
            return None
        self.open_section(result.article_id, 0)
        title = self.article(result.article_id).title
        message = (f"Imported “{title}”." if result.created
                   else f"“{title}” is already in your collection.")
        self.statusBar().showMessage(message, 5000)
        return result.article_id

    def rename_article(self, article_id: str | None = None, title: str | None = None) -> None:
        from PySide6.QtWidgets import QInputDialog

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
        """Delete an article and its cards after a confirmation that says what goes, on a
        worker connection (progress, Cancel)."""
        from PySide6.QtWidgets import QMessageBox

        from app.core.articles.manage import DELETE_CHANGES, article_card_count, delete_article
        from app.ui.errors import reporting

        article_id = self._chosen_article(article_id)
        if article_id is None:
            return False
        title = self.article(article_id).title
        cards = article_card_count(self.col, article_id)
        if confirm:
            what = (f"its {cards} card{'s' if cards != 1 else ''} and their review history"
                    if cards else "its reading progress")
            if not confirmed(self, "Delete Article",
                             f"Delete “{title}” with {what}?\n\nEdit → Undo brings it back "
                             "until you quit StudyDesk.", QMessageBox.StandardButton.Cancel):
                return False
        with reporting(self, "Delete failed"):
            done = self._worker_job(
                "Delete Article", f"Deleting “{title}”…", DELETE_CHANGES,
                lambda view, progress: delete_article(view, article_id, progress) or True,
                backup=("delete", f"Deleting “{title}”"))
            if done is None:
                return False
            self._articles.pop(article_id, None)
            self._after_articles_changed(article_id)
            self.statusBar().showMessage(f"Deleted “{title}”. Edit → Undo brings it back.",
                                         8000)
            return True
        return False

    def reimport_article(self, article_id: str | None = None, path: str | None = None) -> None:
        """Replace the article's text with a new version of its file; cards keep history."""
        from PySide6.QtWidgets import QFileDialog

        article_id = self._chosen_article(article_id)
        if article_id is None:
            return
        if not path:
            path, _ = QFileDialog.getOpenFileName(
                self, f"Re-import “{self.article(article_id).title}” from", str(Path.home()),
                import_filter())
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

    def _worker_job(self, title: str, label: str, changes: Change,
                    job: Callable[[Collection, Progress], T],
                    backup: tuple[str, str] | None = None) -> T | None:
        """`job` on a worker connection with progress and Cancel (`run_on_worker_view`),
        after a backup with its own progress if `backup` names the (action, what); None
        when the student cancelled, as the status bar then says."""
        from app.core.errors import ActionCancelled
        from app.ui.collection.auto_backups import backed_up_first
        from app.ui.jobs import run_on_worker_view

        try:
            with (backed_up_first(self, self.col, *backup) if backup is not None
                  else nullcontext()):
                return run_on_worker_view(self, self.col, title, label, changes, job)
        except ActionCancelled as exc:
            self.statusBar().showMessage(str(exc), 8000)
            return None

    def _has_web_address(self, article_id: str | None) -> bool:
        return article_id is not None and self.article(article_id).source_url is not None

    def _reimport(self, article_id: str, source: str, label: str, what: str) -> None:
        """Parse `source` (a path or URL) in a worker, then replace the article's text on a
        worker connection (progress and Cancel both times)."""
        from PySide6.QtWidgets import QMessageBox

        from app.core.articles.manage import REIMPORT_CHANGES, reimport_prepared
        from app.ui.errors import reporting
        from app.ui.reading.importing import prepare_with_progress

        with reporting(self, "Re-import failed"):
            prepared = prepare_with_progress(self, source, label)
            if prepared is None:
                self.statusBar().showMessage("Re-import cancelled; nothing was changed.", 5000)
                return
            result = self._worker_job(
                "Re-importing", f"Replacing the text of “{self.article(article_id).title}”…",
                REIMPORT_CHANGES, lambda view, progress: reimport_prepared(
                    view, article_id, prepared, source, progress))
            if result is None:
                return
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
        from app.core.articles.library import list_articles

        self.refresh_sidebar()
        if self._article_id != removed:
            return
        self._article_id = None
        self._initial_section = None  # the reader, if it is made now, has nothing to open
        remaining = list_articles(self.col)
        if remaining:
            self.open_section(remaining[0].id, 0)
        else:
            self.reader.clear()
            self.setWindowTitle(APP_NAME)

    def _sidebar_menu(self, article_id: str, global_pos: object) -> None:

        menu = QMenu(self)
        menu.addAction("Rename…", lambda: self.rename_article(article_id))
        menu.addAction("Re-import from File…", lambda: self.reimport_article(article_id))
        if self._has_web_address(article_id):
            menu.addAction("Re-import from Web", lambda: self.reimport_article_from_web(article_id))
        menu.addAction("Delete…", lambda: self.delete_article(article_id))
        menu.exec(global_pos)
