"""Starting the GUI: the QApplication, the collection, first-start content, the window."""

from __future__ import annotations

import gc
import sys
import time
from pathlib import Path

from app.ui import preload  # noqa: F401 - the core modules before Qt: see there

# isort: split
from PySide6.QtWidgets import QApplication, QWidget

from app import __version__
from app.core.articles.bootstrap import ensure_bundled_content
from app.core.errors import StudyDeskError
from app.core.paths import APP_NAME, default_collection_path
from app.core.storage.collection import Collection
from app.ui.appearance import saved_appearance, start_appearance
from app.ui.errors import install_excepthook, show_error
from app.ui.startup import after_first_paint


def application(argv: list[str] | None = None) -> QApplication:
    """The QApplication, named: QSettings (window geometry, Appearance) then live in
    StudyDesk's own folder, never in "Unknown Organization"."""
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName("studydesk")
    from app.ui.garbage import collect_on_gui_thread

    collect_on_gui_thread(app)
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


def quit_after_first_paint(window: QWidget) -> None:
    """For the start-up and quit benchmarks: say when the window was painted (not merely
    shown) and how much CPU time that took, then quit (the bare-Qt reference of the
    start-up benchmark does the same)."""

    def painted() -> None:
        print(f"painted {time.time():.6f} {time.process_time():.6f}", flush=True)
        _quit_as_the_user_does(window)

    after_first_paint(window, painted)


def run(collection_path: str | None = None, quit_when_shown: bool = False) -> int:
    app = application()
    install_excepthook()
    finish_appearance = start_appearance(saved_appearance())
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
    after_first_paint(window, finish_appearance)
    window.show()
    if quit_when_shown:  # the start-up and quit benchmarks: File → Quit once it is painted
        quit_after_first_paint(window)
    try:
        return app.exec()
    finally:
        window.close()
        col.close()
        # Quitting took ~0.3 s (1.5 s on a slow machine), most of it after the window had
        # gone: the interpreter's teardown runs the cyclic garbage collector over every
        # object, again and again as modules are cleared (perf: gc_collect_main). The
        # process is ending and nothing needs collecting, so the objects are frozen out
        # of the collector's reach; see benchmarks/bench_quit.py.
        gc.freeze()


def _quit_as_the_user_does(window: QWidget) -> None:
    """Close the main window as File → Quit does, saying when (for benchmarks/bench_quit)."""
    print(f"quit-requested {time.time():.6f}", flush=True)
    window.close()
