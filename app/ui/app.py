"""Starting the GUI: the QApplication, the collection, first-start content, the window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app import __version__
from app.core.articles.bootstrap import ensure_bundled_content
from app.core.errors import StudyDeskError
from app.core.paths import APP_NAME, default_collection_path
from app.core.storage.collection import Collection
from app.ui.errors import install_excepthook, show_error


def _application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    return app  # type: ignore[return-value]


def open_collection(path: str | Path | None) -> Collection:
    """Open the collection and make sure the bundled content is there."""
    col = Collection.open(Path(path) if path else default_collection_path())
    try:
        ensure_bundled_content(col)
    except Exception:
        col.close()
        raise
    return col


class _QuitAfterPaint(QObject):
    """Ends the event loop right after the watched window's first paint."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, QApplication.quit)
        return False


def quit_after_first_paint(window: QWidget) -> None:
    """For the start-up benchmark: quit once the window is painted, not merely shown
    (the bare-Qt reference it is compared with does the same)."""
    watcher = _QuitAfterPaint(window)
    window.installEventFilter(watcher)


def run(collection_path: str | None = None, quit_when_shown: bool = False) -> int:
    app = _application()
    install_excepthook()
    try:
        col = open_collection(collection_path)
    except StudyDeskError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 1
    except Exception as exc:  # noqa: BLE001 - shown and logged, then the app stops cleanly
        show_error(None, APP_NAME, exc)
        return 1
    from app.ui.main_window import MainWindow

    window = MainWindow(col)
    window.show()
    if quit_when_shown:  # used by the start-up benchmark: quit once the window is painted
        quit_after_first_paint(window)
    try:
        return app.exec()
    finally:
        window.close()
        col.close()
