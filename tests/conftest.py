"""Shared fixtures: a real collection file in a temporary folder, the bundled article."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

# GUI tests run without a display; set before Qt is imported anywhere.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never touch the real user's settings or data folder: window geometry
# (QSettings) and the default collection go to a throw-away home instead.
_SANDBOX = tempfile.mkdtemp(prefix="studydesk-tests-")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_SANDBOX, "config")
os.environ["XDG_DATA_HOME"] = os.path.join(_SANDBOX, "data")

from typing import TYPE_CHECKING

from app.core.paths import bundled_article_path
from app.core.storage.collection import Collection

if TYPE_CHECKING:
    from app.core.articles.model import Article
    from app.core.generate import Candidate

# the shared fixtures, as plugins (tests/helpers); prepared first, since others import it
pytest_plugins = ["tests.helpers.prepared", "tests.helpers.browser", "tests.helpers.anki",
                  "tests.helpers.lrs", "tests.helpers.web", "tests.helpers.main_window",
                  "tests.helpers.fuzz"]


@pytest.fixture
def article_path() -> Path:
    return bundled_article_path()


@pytest.fixture
def col(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Collection]:
    from tests.helpers.prepared import copy_prepared

    # the one collection of a test: with the bundled article already imported when the
    # test (or a fixture it uses) asks for col_with_article, which then has nothing to do
    prepared = "bundled-article" if "col_with_article" in request.fixturenames else "empty"
    collection = Collection.open(copy_prepared(prepared, tmp_path / "collection.sqlite3"))
    try:
        yield collection
    finally:
        # the test is over: a backup of its collection now would only cost time (a copy
        # and an fsync per test); tests of backups on close close the collection themselves
        collection.backup_on_close = False
        collection.close()


@pytest.fixture
def col_with_article(col: Collection) -> Collection:
    """`col` with the bundled article imported (`import_article_file`; see `col`)."""
    return col


@pytest.fixture
def qcol(col_with_article: Collection) -> Collection:
    """The bundled article with a small set of quiz notes of every kind (tests/quizdata.py)."""
    from tests.helpers.quizdata import add_quiz_notes

    add_quiz_notes(col_with_article)
    return col_with_article


@pytest.fixture(autouse=True)
def _garbage_collected_on_the_main_thread() -> Iterator[None]:
    """As in the app (app/ui/garbage.py): no automatic collection, which could run on a
    worker thread and destroy a Qt object there (a segfault); the main thread collects
    between tests whenever the collector would have."""
    import gc

    from app.ui.garbage import collect_if_due

    gc.disable()
    yield
    collect_if_due()


@pytest.fixture(autouse=True)
def _no_poller_outlives_its_test() -> Iterator[None]:
    """A test's wait for a message box or a progress dialog ends with it
    (tests/helpers/polling.py): left running, it would take the next test's box."""
    yield
    import sys

    polling = sys.modules.get("tests.helpers.polling")
    if polling is not None:
        polling.stop_pollers()


@pytest.fixture(autouse=True)
def _unanswered_questions(monkeypatch: pytest.MonkeyPatch) -> None:
    """A yes/no box nobody answers (a window with unsaved work closed at a test's end)
    would block the offscreen run: it gets the safe answer, Cancel or No. Tests that
    answer one patch `QMessageBox.question` themselves."""
    from PySide6.QtWidgets import QMessageBox

    buttons_ = QMessageBox.StandardButton

    def safe(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
        buttons = args[3] if len(args) > 3 else kwargs.get("buttons", buttons_.No)
        return buttons_.Cancel if buttons & buttons_.Cancel else buttons_.No  # type: ignore[operator]

    monkeypatch.setattr(QMessageBox, "question", staticmethod(safe))


@pytest.fixture(autouse=True)
def _no_key_held() -> None:
    """Each test starts with no key held. A `qtbot.keyClick` with Ctrl+Shift whose shortcut
    opens a dialog can lose its key release, and Qt then takes Shift as held for the rest
    of the process: a later test's `selectRow` extends an empty selection instead of
    making one. Which test comes later depends on the order (pytest-xdist's, say)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None or \
            QApplication.keyboardModifiers() == Qt.KeyboardModifier.NoModifier:
        return
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QWidget

    QTest.keyRelease(QWidget(), Qt.Key.Key_Shift)  # the release's state: no modifier held


@pytest.fixture(scope="session")
def article() -> Article:
    """The bundled article, parsed once for the whole run (tests only read it)."""
    from app.core.articles.importers import import_file

    return import_file(bundled_article_path())


@pytest.fixture(scope="session")
def candidates(article: Article) -> list[Candidate]:
    """Every candidate the generator makes for the bundled article (each suggestion followed
    by its alternatives), computed once."""
    from app.core.generate import every_variant, generate_candidates

    return every_variant(generate_candidates(article))


@pytest.fixture(scope="session")
def suggestions(article: Article) -> list[Candidate]:
    """The generator's ranked suggestions for the bundled article (alternatives inside)."""
    from app.core.generate import generate_candidates

    return generate_candidates(article)
