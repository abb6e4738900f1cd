"""File → Subscribe to Deck…, and the check for updates when StudyDesk starts.

Fetching runs off the GUI thread (no dialog: it is quick or it fails). A deck that
changed is validated and loaded on a worker connection (`run_on_worker_view`) behind a
progress dialog with Cancel, shown only if the load takes more than a moment: a course
deck of thousands of cards never freezes the window, and the write never competes with
the GUI's own (a modal job is the only writer while it runs). A bad deck changes
nothing; a cancelled update is fetched again at the next check.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from app.core.changes import Change
from app.core.classroom.subscription import (
    FetchedDeck,
    UpdateResult,
    apply_fetched,
    fetch_deck,
    subscriptions,
    validators,
)
from app.core.errors import ActionCancelled, StudyDeskError
from app.core.storage.collection import Collection
from app.ui.background import run_in_background
from app.ui.errors import show_error
from app.ui.jobs import run_on_worker_view

#: What loading a fetched deck changes (and an unchanged one: its check time).
SUBSCRIPTION_CHANGES = Change.DECKS | Change.NOTES | Change.CARDS | Change.QUIZZES


def load_fetched(parent: QWidget | None, col: Collection, fetched: FetchedDeck) -> UpdateResult:
    """`apply_fetched`: a deck that changed on a worker connection with progress and
    Cancel (`ActionCancelled`), an unchanged one (one row's check time) at once."""
    if fetched.text is None:
        return apply_fetched(col, fetched)
    return run_on_worker_view(
        parent, col, "Deck Update", f"Loading the deck from {fetched.url}…",
        SUBSCRIPTION_CHANGES, lambda view, progress: apply_fetched(view, fetched, progress))


def subscribe_to_deck(parent: QWidget, col: Collection,
                      done: Callable[[str], None], url: str | None = None) -> None:
    """Ask for the deck's address (unless given), fetch it, load it, say how it went with
    `done` (a failure is shown instead)."""
    if url is None:
        url, ok = QInputDialog.getText(
            parent, "Subscribe to Deck", "The deck file's web address (from your course site):",
            QLineEdit.EchoMode.Normal, "https://")
        if not ok or not url.strip() or url.strip() == "https://":
            return
        url = url.strip()
    etag, modified = validators(col, url)

    def loaded(fetched: FetchedDeck) -> None:
        try:
            done(str(load_fetched(parent, col, fetched)))
        except ActionCancelled as exc:
            done(str(exc))
        except Exception as exc:  # noqa: BLE001 - shown, never swallowed
            show_error(parent, "Subscribe to Deck", exc)

    run_in_background(lambda: fetch_deck(url, etag, modified), loaded,
                      lambda exc: show_error(parent, "Subscribe to Deck", exc))


def check_subscriptions(parent: QWidget | None, col: Collection,
                        report: Callable[[str], None]) -> None:
    """Check every subscribed deck in the background; `report` gets one line per change
    or failure (unchanged decks say nothing). Decks that arrive while another is being
    loaded wait their turn: one writer at a time."""
    waiting: list[FetchedDeck] = []
    loading = False

    def load(fetched: FetchedDeck) -> None:
        try:
            result = load_fetched(parent, col, fetched)
        except ActionCancelled:
            report(f"Deck update from {fetched.url} cancelled; it is fetched again at the "
                   "next start.")
            return
        except StudyDeskError as exc:  # a bad update is reported, not fatal
            report(f"Deck update from {fetched.url} refused: {exc}")
            return
        if result.summary is not None:
            report(f"Deck updated from the course site: {result.summary}")

    def loaded(fetched: FetchedDeck) -> None:
        nonlocal loading
        waiting.append(fetched)
        if loading:  # inside the progress dialog's event loop of the one before
            return
        loading = True
        try:
            while waiting:
                load(waiting.pop(0))
        finally:
            loading = False

    for sub in subscriptions(col):
        url, etag, modified = sub.url, sub.etag, sub.last_modified

        def failed(exc: BaseException, u: str = url) -> None:
            if isinstance(exc, StudyDeskError):
                report(f"Deck at {u} not checked: {exc}")
            else:
                show_error(parent, "Checking subscribed decks", exc)

        run_in_background(lambda u=url, e=etag, m=modified: fetch_deck(u, e, m), loaded, failed)
