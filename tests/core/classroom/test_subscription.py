"""Subscribing to the instructor's deck at a URL (a real http.server on 127.0.0.1):
updates change exactly the edited cards and keep history; bad fetches change nothing."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from app.core.classroom.subscription import MAX_DECK_BYTES, subscriptions, update_subscription
from app.core.errors import ClassroomError, DeckFileError
from app.core.notes.store import get_note
from app.core.paths import bundled_article_path
from app.core.storage.collection import Collection
from tests.helpers.classroom import DECK
from tests.helpers.decks import review, snapshot
from tests.helpers.web import WebFolder


def publish(web: WebFolder, text: str, name: str = "course.toml", mtime: float | None = None) -> str:
    path = web.root / name
    path.write_text(text, encoding="utf-8")
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return web.url(name)


def test_subscribe_then_update_changes_exactly_the_edited_card(col: Collection,
                                                               web_folder: WebFolder) -> None:
    shutil.copy(bundled_article_path(), web_folder.root / bundled_article_path().name)
    text = DECK.read_text(encoding="utf-8")
    url = publish(web_folder, text, mtime=1_700_000_000)
    first = update_subscription(col, url)
    assert first.summary is not None and first.summary.added > 50
    assert [s.url for s in subscriptions(col)] == [url]
    reviewed = review(col, "damansky-river")  # the student's history on the card to be edited
    # unchanged on the server: one conditional request, nothing loaded
    assert update_subscription(col, url).summary is None
    # the instructor fixes one card
    old = 'back = "Ussuri"'
    assert text.count(old) == 1
    edited = text.replace(old, 'back = "Ussuri (Wusuli)"')
    publish(web_folder, edited, mtime=1_700_000_500)
    update = update_subscription(col, url)
    assert update.summary is not None
    assert (update.summary.added, update.summary.updated) == (0, 1)
    assert get_note(col, "damansky-river").fields["back"] == "Ussuri (Wusuli)"
    assert col.execute("SELECT COUNT(*) FROM revlog WHERE card_id = ?",
                       [reviewed]).fetchone()[0] == 1


@pytest.mark.parametrize("case", ["404", "malformed", "huge"])
def test_a_bad_fetch_changes_nothing(col: Collection, web_folder: WebFolder, case: str) -> None:
    before = snapshot(col)
    if case == "404":
        url, error, words = web_folder.url("missing.toml"), ClassroomError, "answered 404"
    elif case == "malformed":
        url = publish(web_folder, '[deck]\nid = "x"\ntitle = "unclosed\n')
        error, words = DeckFileError, "course.toml:3"
    else:
        url = publish(web_folder, "# " + "x" * (MAX_DECK_BYTES + 10))
        error, words = ClassroomError, "too large for a deck file"
    with pytest.raises(error) as info:
        update_subscription(col, url)
    assert words in str(info.value)
    assert snapshot(col) == before
    assert subscriptions(col) == []


def test_a_local_path_is_not_a_subscription(col: Collection, tmp_path: Path) -> None:
    with pytest.raises(ClassroomError, match="not a web address"):
        update_subscription(col, str(tmp_path / "deck.toml"))
