"""What an action changed, told to whoever shows it: the one way the UI learns of changes.

Like Anki's OpChanges: every write declares, when it opens its transaction,
which kinds of data it touches (`Change` flags). The collection merges the
flags of everything inside one outermost transaction and, only once it has
committed, hands the merged value to every subscriber of its `ChangeHub`.
A rolled-back action tells no one. Windows subscribe once and refresh what
they show from the flags, so no window ever has to poke another.
"""

from __future__ import annotations

import enum
from collections.abc import Callable


class Change(enum.Flag):
    """Kinds of data an action can change; combine with `|`."""

    NONE = 0
    ARTICLES = enum.auto()      # articles added, removed or re-imported
    READING = enum.auto()       # read marks and the reading position
    NOTES = enum.auto()         # note content (fields, tags, kinds)
    CARDS = enum.auto()         # cards added, removed, suspended, buried, rescheduled
    STUDY = enum.auto()         # reviews recorded or undone: queues and counts move
    QUIZZES = enum.auto()       # quizzes and quiz attempts
    DECKS = enum.auto()         # deck files loaded or saved
    SETTINGS = enum.auto()      # study options and other settings

    @classmethod
    def everything(cls) -> Change:
        """All kinds: after a restore or anything that replaces the whole collection."""
        value = cls.NONE
        for member in cls:
            value |= member
        return value


Listener = Callable[[Change], None]


class ChangeHub:
    """Subscribers to one collection's committed changes."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener(changes)` after every commit that changed something;
        returns the function that unsubscribes it."""
        self._listeners.append(listener)
        return lambda: self.unsubscribe(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def emit(self, changes: Change) -> None:
        if not changes:
            return
        for listener in list(self._listeners):
            listener(changes)
