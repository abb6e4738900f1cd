"""Start-up: what waits for the main window's first paint, and the report the start-up
benchmark reads."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QLabel

from app.ui.app import open_collection
from app.ui.main_window import MainWindow
from app.ui.startup import after_first_paint

ROOT = Path(__file__).resolve().parents[2]


def test_work_after_the_first_paint_runs_once_and_only_once_painted(qtbot) -> None:  # type: ignore[no-untyped-def]
    label = QLabel("Hello")
    qtbot.addWidget(label)
    ran: list[bool] = []
    after_first_paint(label, lambda: ran.append(label.isVisible()))
    qtbot.wait(50)
    assert ran == []  # never shown, never painted
    label.show()
    qtbot.waitUntil(lambda: ran == [True])
    label.repaint()
    qtbot.wait(50)
    assert ran == [True]


def test_the_class_sender_starts_after_the_main_window_is_painted(
        qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    col = open_collection(tmp_path / "c.sqlite3")
    window = MainWindow(col)
    qtbot.addWidget(window)
    try:
        assert window.sender is None and window.waiting_label.text() == ""
        window.show()
        qtbot.waitUntil(lambda: window.sender is not None)
        sender = window.sender
        window.send_results_now()  # the same sender, not a second one
        assert window.sender is sender
    finally:
        window.close()
        col.close()


def test_the_app_reports_its_first_paint_and_quits(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-m", "app", "--collection",
                           str(tmp_path / "c.sqlite3"), "--quit-when-shown"], check=False,
                          cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    painted = [line.split() for line in done.stdout.splitlines() if line.startswith("painted ")]
    assert len(painted) == 1 and float(painted[0][1]) > 0 and float(painted[0][2]) > 0
    assert done.stdout.index("painted ") < done.stdout.index("quit-requested ")


def test_a_window_closed_before_its_start_work_runs_starts_none(
        qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    col = open_collection(tmp_path / "c.sqlite3")
    window = MainWindow(col)
    qtbot.addWidget(window)
    window.show()
    window.repaint()  # painted: the class start is queued behind this
    window.close()
    col.close()
    qtbot.wait(100)  # an exception in the event loop here fails the test
    assert window.sender is None


#: What the first frame does not need, imported later (on first use or after the paint):
#: each was measured in the start-up's critical path (issue 15 §7).
DEFERRED_MODULES = (
    "app.ui.reading.reader",      # the reader: made when first needed
    "app.core.study.session",     # the queues: counted after the paint
    "app.core.study.scheduler",
    "app.core.stats.home",
    "fsrs",
    "lark",                       # the search syntax
    "trafilatura",                # web pages
    "genanki",                    # Anki packages
    "sqlite_utils",
    "app.core.articles.importers",
    "app.ui.icon_style",          # the icon style: set after the paint
    "app.ui.icons",               # the menus' icons: set after the paint
    "app.ui.collection.actions",  # Edit → Undo's text, backups: after the paint
    "app.ui.classroom.sender",
    "app.cli.shared",             # the subcommands' parser: not for a GUI start
    "app.cli.stats",
    "app.core.stats.scope",
    "uuid",                       # new ids and temporary names: os.urandom
    "hashlib",                    # an article's content hash: only when importing
)

#: Starts the app on its collection as `studydesk --collection PATH` does and prints, at
#: the first paint, every module loaded.
MODULES_AT_FIRST_PAINT = """
import sys
from app.cli import main
from app.ui import app as gui, startup

def report(window):
    def painted():
        print("MODULES", " ".join(sys.modules), flush=True)  # in the order of import
        window.close()
    startup.after_first_paint(window, painted)

gui.quit_after_first_paint = report
sys.exit(main(["--collection", sys.argv[1], "--quit-when-shown"]))
"""


def test_the_first_paint_comes_before_what_it_does_not_need(tmp_path: Path) -> None:
    """The start-up's gain cannot regress silently: none of these modules is loaded
    when the main window is first painted (a timing test could not say so reliably)."""
    line = _second_start_says(MODULES_AT_FIRST_PAINT, "MODULES", tmp_path)
    in_order = line.split()[1:]
    loaded = set(in_order)
    assert "app.ui.main_window" in loaded and "app.ui.home.view" in loaded
    assert [name for name in DEFERRED_MODULES if name in loaded] == []
    # the core modules come before Qt, whose import hook reads every later module's source
    # (app.ui.preload); the others are imported where they are needed, after the paint
    after_qt = in_order[in_order.index("PySide6"):]
    assert [name for name in after_qt if name.startswith("app.core")] == []


#: As `MODULES_AT_FIRST_PAINT`, printing whether automatic garbage collection runs before
#: the first paint (as the window is built) and once the start's own after-paint work
#: ran, and whether the GUI thread's collecting timer (app.ui.garbage) is running then.
COLLECTOR_AT_FIRST_PAINT = """
import gc, sys
from PySide6.QtCore import QTimer
from app.cli import main
from app.ui import app as gui, main_window, startup

built = main_window.MainWindow.__init__
def init(self, col):
    print("WHILE-BUILDING", gc.isenabled(), flush=True)
    built(self, col)
main_window.MainWindow.__init__ = init

def report(window):
    def painted():
        from PySide6.QtWidgets import QApplication
        timers = [t.isActive() for t in QApplication.instance().findChildren(QTimer)
                  if t.objectName() == "guiThreadGarbageCollection"]
        QTimer.singleShot(0, lambda: (print("AFTER-PAINT", gc.isenabled(), timers, flush=True),
                                      window.close()))
    startup.after_first_paint(window, painted)

gui.quit_after_first_paint = report
sys.exit(main(["--collection", sys.argv[1], "--quit-when-shown"]))
"""


def test_automatic_collection_stays_off_and_the_gui_thread_collects_after_the_paint(
        tmp_path: Path) -> None:
    """Off while the window is built (the cold start) and after it too: a collection on
    a worker thread frees Qt objects there and crashes the process (app.ui.garbage);
    the GUI thread's timer collects instead."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", COLLECTOR_AT_FIRST_PAINT,
                           str(tmp_path / "c.sqlite3")], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "WHILE-BUILDING False" in done.stdout
    assert "AFTER-PAINT False [True]" in done.stdout


#: As `MODULES_AT_FIRST_PAINT`, printing the Python enums PySide6 made before the first
#: paint: it makes a Qt class's enums when Python first names the class (or reads one of
#: its enum values), about 0.3 ms each.
ENUMS_AT_FIRST_PAINT = """
import enum, sys
made = []
create = enum.EnumType._create_
def recorded(cls, class_name, *args, **kwargs):
    made.append(class_name)
    return create(cls, class_name, *args, **kwargs)
enum.EnumType._create_ = recorded
from app.cli import main
from app.ui import app as gui, startup

def report(window):
    def painted():
        print("ENUMS", *made, flush=True)
        window.close()
    startup.after_first_paint(window, painted)

gui.quit_after_first_paint = report
sys.exit(main(["--collection", sys.argv[1], "--quit-when-shown"]))
"""


def test_the_first_paint_makes_none_of_the_qt_namespaces_enums(tmp_path: Path) -> None:
    """Naming `Qt`, or reading any of its enum values (an item's displayAlignment), makes
    all 94 enums of the Qt namespace, 25 ms of a cold start: the first frame does
    neither (the sidebars' delegate once did, unseen by any timing test)."""
    line = _second_start_says(ENUMS_AT_FIRST_PAINT, "ENUMS", tmp_path)
    made = set(line.split()[1:])
    assert "StateFlag" in made  # QStyle's, which the sidebars' delegate reads: recorded
    assert {"AlignmentFlag", "ItemDataRole", "GlobalColor", "StandardButton"} & made == set()


def _second_start_says(script: str, tag: str, tmp_path: Path) -> str:
    """The line `script` prints starting with `tag` on the app's second start (the first
    imports the bundled article), both starts checked to succeed."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path))
    collection = str(tmp_path / "c.sqlite3")
    runs = [subprocess.run([sys.executable, "-c", script, collection], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=120, check=False)
            for _ in range(2)]
    for done in runs:
        assert done.returncode == 0, done.stderr
    (line,) = [line for line in runs[1].stdout.splitlines() if line.startswith(f"{tag} ")]
    return line


#: A GUI start printing which StudyDesk modules PySide's import hook read the source of
#: (app.ui.qt_modules declares them first; those imported before that are not asked).
SOURCES_READ_BY_PYSIDE = """
import sys
import PySide6
feature = sys.modules["shibokensupport.feature"]
real, read = feature._mod_uses_pyside, []
feature._mod_uses_pyside = lambda module: (read.append(module.__name__), real(module))[1]
from app.cli import main
code = main(["--collection", sys.argv[1], "--quit-when-shown"])
print("READ", " ".join(n for n in read if n.startswith("app.ui.")), flush=True)
sys.exit(code)
"""


def test_pyside_reads_the_source_of_no_gui_module_on_a_start(tmp_path: Path) -> None:
    line = _second_start_says(SOURCES_READ_BY_PYSIDE, "READ", tmp_path)
    # these two are imported before the declaration (and Qt, in a real start)
    assert set(line.split()[1:]) <= {"app.ui.preload", "app.ui.qt_modules"}
