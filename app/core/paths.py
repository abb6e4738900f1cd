"""Where StudyDesk finds its bundled files and keeps the user's collection.

The bundled `resources/` and `decks/` folders sit at the repository root (and
inside the PyInstaller bundle), not inside the package, so that instructors can
find and share the deck files as plain files.
"""

from __future__ import annotations

import sys
from pathlib import Path

APP_NAME = "StudyDesk"
BUNDLED_ARTICLE_NAME = "russia-china-military-cooperation.txt"


def install_root() -> Path:
    """The folder holding `resources/` and `decks/`: the bundle or the checkout."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parents[2]


def resources_dir() -> Path:
    return install_root() / "resources"


def bundled_decks_dir() -> Path:
    return install_root() / "decks"


def bundled_article_path() -> Path:
    return resources_dir() / "articles" / BUNDLED_ARTICLE_NAME


def user_data_dir() -> Path:
    """The per-user data folder (platformdirs), created on demand."""
    import platformdirs  # only needed without --collection; kept off the start-up path

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, ensure_exists=True))


def default_collection_path() -> Path:
    return user_data_dir() / "collection.sqlite3"


def log_path() -> Path:
    """The error log: unexpected failures are written here as well as shown."""
    return user_data_dir() / "studydesk.log"
