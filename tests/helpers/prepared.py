"""Collections made once per test process and copied into a test's folder.

Creating a collection runs every migration, importing the bundled article parses
it, and a first start also loads its curated deck (up to ~0.15 s of CPU and
several fsyncs): done afresh for each of some 700 tests (the `col` and
`col_with_article` fixtures, the main window's), that was a sixth of the suite.
A closed collection is one self-contained SQLite file (closing checkpoints and
removes its write-ahead log), so a copy of it, opened at the test's own path, is
the collection the test would have made, in a file of its own. Tests of
creating, migrating or first-starting a collection still do it themselves.

The files are made when a test process starts (the `prepared_collections`
session fixture, autouse), before any test could patch what they are made from.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.core.storage.collection import Collection


def _empty(col: Collection) -> None:
    """A new collection: every migration, nothing in it."""


def _bundled_article(col: Collection) -> None:
    from app.core.articles.library import import_article_file
    from app.core.paths import bundled_article_path

    import_article_file(col, bundled_article_path())


def _first_started(col: Collection) -> None:
    from app.core.articles.bootstrap import ensure_bundled_content

    ensure_bundled_content(col)


def _bundled_deck(col: Collection) -> None:
    from app.core.articles.bootstrap import BUNDLED_DECK_NAME
    from app.core.decks.store import load_deck_into_collection
    from app.core.paths import bundled_decks_dir

    load_deck_into_collection(col, bundled_decks_dir() / BUNDLED_DECK_NAME)


#: what each prepared collection holds, by name
_RECIPES: dict[str, Callable[[Collection], None]] = {
    "empty": _empty,
    "bundled-article": _bundled_article,  # the bundled article imported, no deck
    "first-started": _first_started,  # as `app.ui.app.open_collection` leaves a new one
    "bundled-deck": _bundled_deck,  # the curated deck (and its article) loaded, as a student has it
}
_made: dict[str, Path] = {}


@pytest.fixture(scope="session", autouse=True)
def prepared_collections() -> Iterator[None]:
    folder = Path(tempfile.mkdtemp(prefix="studydesk-prepared-"))
    try:
        for name, fill in _RECIPES.items():
            path = folder / f"{name}.sqlite3"
            col = Collection.open(path)
            try:
                fill(col)
            finally:
                col.backup_on_close = False
                col.close()
            assert not path.with_name(path.name + "-wal").exists(), "closed with its WAL left"
            _made[name] = path
        yield
    finally:
        _made.clear()
        shutil.rmtree(folder, ignore_errors=True)


def copy_prepared(name: str, target: Path) -> Path:
    """The prepared collection `name` copied to `target` (a path no collection has yet)."""
    if target.exists():
        raise FileExistsError(f"{target} exists: a prepared collection replaces nothing")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_made[name], target)
    return target


def first_started(path: Path) -> Collection:
    """`app.ui.app.open_collection` of a new collection at `path` (the bundled article and
    deck already there, nothing to undo), from the prepared copy."""
    from app.ui.app import open_collection

    return open_collection(copy_prepared("first-started", path))


def with_bundled_deck(path: Path) -> Collection:
    """A new collection at `path` with the bundled deck loaded, from the prepared copy."""
    return Collection.open(copy_prepared("bundled-deck", path))
