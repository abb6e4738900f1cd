"""Long actions in batches: bounded memory, progress told between batches, Cancel heard.

Why one place: suspending or deleting 100,000 cards, rescheduling 300,000, loading a
big deck all run inside one transaction on a worker thread (`ui/jobs`); each reports
(done, total) after every batch, and a False from the progress callback stops the
action, whose transaction then rolls back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

from app.core.errors import ActionCancelled

T = TypeVar("T")

#: Told (done, total) after every batch; returning False cancels the action.
Progress = Callable[[int, int], bool]

#: Rows per batch: a few milliseconds of SQLite work each, so Cancel answers at once.
BATCH = 5000


def report(progress: Progress | None, done: int, total: int, what: str) -> None:
    """Tell `progress` how far the action is; raise `ActionCancelled` if it says stop."""
    if progress is not None and progress(done, total) is False:
        raise ActionCancelled(what)


def batches(items: Sequence[T], progress: Progress | None, what: str,
            size: int | None = None) -> Iterator[Sequence[T]]:
    """`items` in slices of `size` (default BATCH); after each slice has been handled, progress is told
    and may cancel (`what` names the action in the message)."""
    size = size or BATCH
    for start in range(0, len(items), size):
        yield items[start:start + size]
        report(progress, min(start + size, len(items)), len(items), what)
