"""Showing failures: a `StudyDeskError` as a message box in its own words; anything
else as "Something went wrong", with the detail, logged to a file.

Why one helper: every action the user starts can fail, and a failure that only
reaches stderr while the window looks normal is a lost answer or a lost import.
Actions run inside `reporting(parent, title)`; exceptions that still escape a Qt
slot reach `install_excepthook`'s hook, which shows and logs them the same way.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType

from PySide6.QtWidgets import QApplication, QWidget

from app.core.errors import StudyDeskError
from app.core.paths import APP_NAME, log_path

_log = logging.getLogger("studydesk")


def _logger() -> logging.Logger:
    """The error log in the data folder, opened on first use (never at start-up)."""
    if not _log.handlers:
        path = log_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handler: logging.Handler = logging.FileHandler(path, encoding="utf-8")
        except OSError:  # a read-only data folder must not hide the error itself
            handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        _log.addHandler(handler)
        _log.setLevel(logging.INFO)
        _log.propagate = False
    return _log


def show_error(parent: QWidget | None, title: str, exc: BaseException) -> None:
    """Tell the user about `exc`: its own message if it is ours, else what and where logged."""
    from PySide6.QtWidgets import QMessageBox  # its enums made when shown, not at start-up

    if isinstance(exc, StudyDeskError):
        QMessageBox.warning(parent, title, str(exc))
        return
    detail = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    _logger().error("%s: unexpected error\n%s", title, detail)
    box = QMessageBox(QMessageBox.Icon.Critical, title or APP_NAME,
                      "Something went wrong. Your work up to the last saved step is kept.",
                      QMessageBox.StandardButton.Ok, parent)
    box.setInformativeText(f"{type(exc).__name__}: {exc}\n\nDetails were written to {log_path()}.")
    box.setDetailedText(detail)
    box.exec()


@contextmanager
def reporting(parent: QWidget | None, title: str) -> Iterator[None]:
    """Run a user action; any failure is shown (never re-raised into Qt)."""
    try:
        yield
    except Exception as exc:  # noqa: BLE001 - every failure is shown, none swallowed
        show_error(parent, title, exc)


def _hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    exc.__traceback__ = tb
    parent = QApplication.activeWindow() if QApplication.instance() else None
    show_error(parent, APP_NAME, exc)


def install_excepthook() -> None:
    """Show (and log) exceptions that escape a Qt slot, instead of only printing them."""
    sys.excepthook = _hook

