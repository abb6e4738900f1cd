"""Command line: the GUI by default, subcommands for headless work.

Subcommands never import Qt, so they run on machines without a display and
start fast. One module per command group (`articles`, `decks`, `imports`,
`export`, `classroom`, `collection`, `stats`), each with its functions and its
`COMMANDS` rows (see `shared`); heavy imports happen inside the functions.

The GUI start (no subcommand, the common case) is recognised from argv alone
(`gui_options`), so it imports neither argparse nor any command group: building the
full parser cost ~45 ms of every cold start (issue 15 §7). Anything else, `--help`
and mistakes included, goes through the full parser, so it says what it always said.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

__all__ = ["IMPORT_FORMATS_CLI", "main"]


def __getattr__(name: str) -> tuple[str, ...]:
    """`IMPORT_FORMATS_CLI` from its command group, imported only when asked for (a GUI
    start imports no command group)."""
    if name == "IMPORT_FORMATS_CLI":
        from app.cli.imports import IMPORT_FORMATS_CLI

        return IMPORT_FORMATS_CLI
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class GuiOptions:
    """The options of a GUI start: what `_run_gui` reads of the parsed arguments."""

    collection: str | None = None
    quit_when_shown: bool = False
    check_platform: bool = False


#: The GUI's switches without a value, by flag: the attribute each sets.
_GUI_SWITCHES = {"--quit-when-shown": "quit_when_shown", "--check-platform": "check_platform"}


def gui_options(argv: Sequence[str]) -> GuiOptions | None:
    """The GUI start's options when argv holds nothing else (`--collection PATH`, the
    hidden switches), each at most once; None for anything the full parser must read."""
    found: dict[str, str | bool] = {}
    rest = list(argv)
    while rest:
        token = rest.pop(0)
        if token in _GUI_SWITCHES and _GUI_SWITCHES[token] not in found:
            found[_GUI_SWITCHES[token]] = True
        elif token.startswith("--collection=") and "collection" not in found:
            found["collection"] = token.partition("=")[2]
        elif (token == "--collection" and "collection" not in found and rest
              and not rest[0].startswith("-")):
            found["collection"] = rest.pop(0)
        else:
            return None
    return GuiOptions(**found)  # type: ignore[arg-type]


def build_parser() -> argparse.ArgumentParser:
    import argparse

    from app import __version__
    from app.cli import articles, classroom, collection, decks, export, imports, stats
    from app.cli.shared import add_commands

    parser = argparse.ArgumentParser(
        prog="studydesk",
        description="Read an article section by section, then study it with flashcards and quizzes.",
    )
    parser.add_argument("--version", action="version", version=f"StudyDesk {__version__}")
    parser.add_argument("--collection", metavar="PATH",
                        help="open this collection file instead of the one in your data folder")
    parser.add_argument("--self-test", action="store_true",
                        help="check this installation end to end (offscreen) and exit")
    parser.add_argument("--quit-when-shown", action="store_true", help=argparse.SUPPRESS)
    # used by --self-test: start Qt on the real display, print the platform's name, exit
    parser.add_argument("--check-platform", action="store_true", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for group in (articles, decks, imports, export, classroom, collection, stats):
        add_commands(sub, group.COMMANDS)
    return parser


def _run_gui(args: argparse.Namespace | GuiOptions) -> int:
    # No automatic cyclic garbage collection from here on: starting up allocates hundreds
    # of thousands of objects that all live on (modules, classes, Qt's enums), and
    # collecting them again and again while they are made took ~8 ms of the cold start;
    # once the QApplication exists its GUI-thread timer collects (`app.ui.garbage`: never
    # on a worker, where freeing a Qt object crashes the process).
    gc.disable()
    from app.ui import preload  # noqa: F401 - the first frame's core modules before Qt
    from app.ui.qt_modules import declare_app_modules

    declare_app_modules()  # before Qt's first import: PySide's hook then never reads them

    # before Qt can abort with its misleading "xcb-cursor0" message: say what is missing
    from app.ui.platform_check import check_platform

    problem = check_platform()
    if problem is not None:
        print(problem, file=sys.stderr)
        return 1
    if args.check_platform:
        from app.ui.platform_check import probe_platform

        return probe_platform()
    from app.ui.app import run

    return run(collection_path=args.collection, quit_when_shown=args.quit_when_shown)


def main(argv: Sequence[str] | None = None) -> int:
    gui = gui_options(sys.argv[1:] if argv is None else argv)
    if gui is not None:
        return _run_gui(gui)
    args = build_parser().parse_args(argv)
    if args.self_test:
        from app.selftest import run as self_test

        return self_test()
    func = getattr(args, "func", None)
    if func is None:
        return _run_gui(args)
    return _run_command(func, args)


def _run_command(func: Callable[[argparse.Namespace], int | None], args: argparse.Namespace) -> int:
    """Run a subcommand: a failure is one line on stderr and exit 1, never a traceback.

    A `StudyDeskError` says what went wrong in its own words (a deck file's errors
    one per line, `file:line: message`); anything else is a bug, reported in one
    line and written in full to the log file.
    """
    from app.core.errors import StudyDeskError

    try:
        return int(func(args) or 0)
    except StudyDeskError as exc:
        prefix = "" if getattr(exc, "problems", None) else "studydesk: "
        print(f"{prefix}{exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - one clear line, the detail in the log
        where = _log_unexpected(exc)
        print(f"studydesk: unexpected error: {type(exc).__name__}: {exc} (details: {where})",
              file=sys.stderr)
        return 1


def _log_unexpected(exc: BaseException) -> str:
    import traceback

    from app.core.paths import log_path

    try:
        path = log_path()
        with path.open("a", encoding="utf-8") as log:
            log.write("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
        return str(path)
    except OSError:
        return "no log: the data folder cannot be written"
