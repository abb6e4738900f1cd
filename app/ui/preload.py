"""The core modules the first frame needs, imported before Qt.

Why: from PySide6's import on, its `__feature__` import hook reads the source of every
module imported after it (PYSIDE-2029, to see whether the module uses PySide); modules
imported before it are never read. For these core modules (and the standard library
they pull in: json, sqlite3, hashlib…) that was ~10-20 ms CPU of a cold start (issue 15
§7). Imported first by the GUI start (`app.cli`, before the platform check, which may
import QtCore) and by `app.ui.app`; it must import no Qt itself.
"""

from __future__ import annotations

from app.core import clock, gc_pause  # noqa: F401 - the home screen's dates, the collector
from app.core.articles import bootstrap, library  # noqa: F401 - the sidebar's articles
from app.core.storage import collection, undo  # noqa: F401 - the collection, its undo
