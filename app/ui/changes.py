"""The collection's committed changes as a Qt signal, so windows refresh themselves.

Why a relay: the core's `ChangeHub` holds plain callbacks, which would keep a
closed window alive and call into deleted widgets. One `ChangeRelay` per
collection turns each committed `Change` into a signal; Qt disconnects a
widget's slot when the widget is destroyed. Windows connect once:

    changes_of(col).changed.connect(self._on_changes)

and refresh only what the flags say moved. No window pokes another.
"""

from __future__ import annotations

import weakref

from PySide6.QtCore import QObject, Signal

from app.core.changes import Change
from app.core.storage.collection import Collection


class ChangeRelay(QObject):
    changed = Signal(object)  # a Change

    def __init__(self, col: Collection) -> None:
        super().__init__()
        self._unsubscribe = col.changes.subscribe(self._emit)

    def _emit(self, changes: Change) -> None:
        self.changed.emit(changes)


_RELAYS: weakref.WeakKeyDictionary[Collection, ChangeRelay] = weakref.WeakKeyDictionary()


def changes_of(col: Collection) -> ChangeRelay:
    """The one relay of `col`, made on first use and gone with the collection."""
    relay = _RELAYS.get(col)
    if relay is None:
        relay = _RELAYS[col] = ChangeRelay(col)
    return relay
