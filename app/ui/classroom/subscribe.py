"""File → Subscribe to Deck…, and the check for updates when StudyDesk starts.

Fetching runs off the GUI thread; loading the fetched deck (validated first, so
a bad one changes nothing) happens on the GUI thread, in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from app.core.classroom.subscription import (
    FetchedDeck,
    UpdateResult,
    apply_fetched,
    fetch_deck,
    subscriptions,
    validators,
)
from app.core.errors import StudyDeskError
from app.core.storage.collection import Collection
from app.ui.background import run_in_background
from app.ui.errors import show_error


def subscribe_to_deck(parent: QWidget, col: Collection,
                      done: Callable[[UpdateResult], None], url: str | None = None) -> None:
    """Ask for the deck's address (unless given), fetch it, load it, report with `done`."""
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
            done(apply_fetched(col, fetched))
        except Exception as exc:  # noqa: BLE001 - shown, never swallowed
            show_error(parent, "Subscribe to Deck", exc)

    run_in_background(lambda: fetch_deck(url, etag, modified), loaded,
                      lambda exc: show_error(parent, "Subscribe to Deck", exc))


def check_subscriptions(col: Collection, report: Callable[[str], None]) -> None:
    """Check every subscribed deck in the background; `report` gets one line per change
    or failure (unchanged decks say nothing)."""
    for sub in subscriptions(col):
        def loaded(fetched: FetchedDeck) -> None:
            try:
                result = apply_fetched(col, fetched)
            except StudyDeskError as exc:  # a bad update is reported, not fatal
                report(f"Deck update from {fetched.url} refused: {exc}")
                return
            if result.summary is not None:
                report(f"Deck updated from the course site: {result.summary}")

        url, etag, modified = sub.url, sub.etag, sub.last_modified
        def failed(exc: BaseException, u: str = url) -> None:
            if isinstance(exc, StudyDeskError):
                report(f"Deck at {u} not checked: {exc}")
            else:
                show_error(None, "Checking subscribed decks", exc)

        run_in_background(lambda u=url, e=etag, m=modified: fetch_deck(u, e, m), loaded, failed)
