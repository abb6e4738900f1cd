"""Decks subscribed to from the course site: fetched by URL, updated in place.

Why it reuses deck loading: an instructor's update must change exactly the cards
they edited and keep every student's review history, which is what loading a
deck file already does. Fetching adds only what the web needs: conditional
requests (ETag / Last-Modified, so an unchanged deck costs one small reply), a
timeout, a size limit, and a copy kept in the data folder so the deck still
opens offline. A fetch or a deck that fails changes nothing in the collection.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import httpx

from app.core.atomic import write_text_atomic
from app.core.batches import Progress
from app.core.changes import Change
from app.core.decks.file import read_deck
from app.core.decks.store import LoadSummary, store_deck
from app.core.errors import ClassroomError, DeckFileError
from app.core.storage.collection import Collection

MAX_DECK_BYTES = 5 * 1024 * 1024
TIMEOUT_S = 20.0


@dataclass(frozen=True)
class Subscription:
    url: str
    deck_id: str | None
    etag: str | None
    last_modified: str | None
    checked_at: str | None
    updated_at: str | None


@dataclass(frozen=True)
class UpdateResult:
    url: str
    summary: LoadSummary | None   # None: the deck had not changed since the last check

    def __str__(self) -> str:
        return f"{self.url}: unchanged." if self.summary is None else str(self.summary)


def subscriptions(col: Collection) -> list[Subscription]:
    return [Subscription(**r) for r in col.query("SELECT * FROM deck_subscriptions ORDER BY url")]


def _copy_path(col: Collection, url: str) -> Path:
    name = re.sub(r"[^\w.-]+", "-", url.split("://", 1)[-1]).strip("-")[:120] or "deck"
    return col.path.parent / "subscriptions" / (name if name.endswith(".toml") else name + ".toml")


def _fetch(url: str, etag: str | None, last_modified: str | None) -> httpx.Response | None:
    """The deck's new text, or None when the server says it has not changed."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        with httpx.stream("GET", url, headers=headers, timeout=TIMEOUT_S,
                          follow_redirects=True) as response:
            if response.status_code == 304:
                return None
            if response.status_code != 200:
                raise ClassroomError(f"{url} could not be fetched: the server answered "
                                     f"{response.status_code} {response.reason_phrase}.")
            declared = int(response.headers.get("content-length") or 0)
            if declared > MAX_DECK_BYTES:
                raise ClassroomError(_too_big(url, declared))
            body = b""
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > MAX_DECK_BYTES:
                    raise ClassroomError(_too_big(url, len(body)))
            response._content = body
            return response
    except httpx.TimeoutException as exc:
        raise ClassroomError(f"{url} did not answer within {TIMEOUT_S:.0f} s.") from exc
    except httpx.HTTPError as exc:
        raise ClassroomError(f"{url} could not be fetched: {exc}.") from exc


def _too_big(url: str, size: int) -> str:
    return (f"{url} is too large for a deck file ({size / 1_048_576:.1f} MB; the limit is "
            f"{MAX_DECK_BYTES // 1_048_576} MB). Nothing was changed.")


@dataclass(frozen=True)
class FetchedDeck:
    url: str
    text: str | None              # None: unchanged since the last check
    etag: str | None = None
    last_modified: str | None = None


def validators(col: Collection, url: str) -> tuple[str | None, str | None]:
    """What the last fetch of `url` said about its version (ETag, Last-Modified)."""
    row = col.execute("SELECT etag, last_modified FROM deck_subscriptions WHERE url = ?",
                      [url]).fetchone()
    return (row[0], row[1]) if row else (None, None)


def fetch_deck(url: str, etag: str | None = None, last_modified: str | None = None) -> FetchedDeck:
    """Network only (safe off the GUI thread): the deck's text, if it changed."""
    if not url.startswith(("http://", "https://")):
        raise ClassroomError(f"“{url}” is not a web address (it must start with https://).")
    response = _fetch(url, etag, last_modified)
    if response is None:
        return FetchedDeck(url, None, etag, last_modified)
    try:
        text = response.content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ClassroomError(f"{url} is not a deck file: it is not UTF-8 text.") from exc
    return FetchedDeck(url, text, response.headers.get("etag"),
                       response.headers.get("last-modified"))


def apply_fetched(col: Collection, fetched: FetchedDeck,
                  progress: Progress | None = None) -> UpdateResult:
    """Load a fetched deck (validated first: a bad deck changes nothing) and remember it.

    `progress` is told after each card, as a deck load is; False cancels (nothing is
    stored, `ActionCancelled`), and the next check fetches the deck again."""
    url = fetched.url
    now = datetime.now(UTC).isoformat(timespec="seconds")
    if fetched.text is None:
        with col.transaction(Change.DECKS):
            col.execute("UPDATE deck_subscriptions SET checked_at = ? WHERE url = ?", [now, url])
        return UpdateResult(url, None)
    copy = _copy_path(col, url)
    staged = copy.with_name(copy.name + ".new")
    staged.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(staged, fetched.text)
    try:
        try:
            loaded = read_deck(staged, col=col)  # every problem at once; nothing changed
        except DeckFileError as exc:  # named by the address the instructor gave, not the copy
            raise DeckFileError([replace(p, path=url) for p in exc.problems]) from exc
        loaded = replace(loaded, path=copy)
        with col.transaction(Change.DECKS | Change.NOTES | Change.CARDS | Change.QUIZZES):
            summary = store_deck(col, loaded, progress)
            col.execute(
                "INSERT INTO deck_subscriptions (url, deck_id, etag, last_modified, checked_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET "
                "deck_id = excluded.deck_id, etag = excluded.etag, "
                "last_modified = excluded.last_modified, checked_at = excluded.checked_at, "
                "updated_at = excluded.updated_at",
                [url, summary.deck_id, fetched.etag, fetched.last_modified, now, now])
            staged.replace(copy)  # inside: if the commit fails, the transaction is undone
    finally:
        staged.unlink(missing_ok=True)
    return UpdateResult(url, summary)


def update_subscription(col: Collection, url: str) -> UpdateResult:
    """Fetch the deck at `url` (subscribing to it the first time) and load it if it changed."""
    return apply_fetched(col, fetch_deck(url, *validators(col, url)))


def check_all(col: Collection) -> list[UpdateResult | ClassroomError]:
    """Check every subscription (on start): what changed, or why a check failed."""
    out: list[UpdateResult | ClassroomError] = []
    for sub in subscriptions(col):
        try:
            out.append(update_subscription(col, sub.url))
        except ClassroomError as exc:
            out.append(exc)
    return out
