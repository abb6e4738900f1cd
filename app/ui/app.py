"""Starting the GUI: the QApplication, the collection, first-start content, the window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

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
    col.undo.clear()  # the first-start content is not the student's action to undo
    return col


def run(collection_path: str | None = None, quit_when_shown: bool = False) -> int:
    app = _application()
    install_excepthook()
    path = Path(collection_path) if collection_path else default_collection_path()
    for _attempt in range(2):  # once more after a damaged collection was restored
        try:
            col = open_collection(path)
            break
        except StudyDeskError as exc:
            from app.ui.recovery import explain_open_failure

            if not explain_open_failure(None, path.expanduser().resolve(), exc):
                return 1
        except Exception as exc:  # noqa: BLE001 - shown and logged, then the app stops cleanly
            show_error(None, APP_NAME, exc)
            return 1
    else:
        return 1
    from app.ui.main_window import MainWindow

    window = MainWindow(col)
    window.show()
    if quit_when_shown:  # used by the start-up benchmark: quit once the window is painted
        QTimer.singleShot(0, app.quit)
    try:
        return app.exec()
    finally:
        window.close()
        col.close()
