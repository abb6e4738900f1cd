"""First start: the bundled article (and its curated deck) are there before the user asks.

Done once per collection (a setting records it), so a user who deleted the
bundled article is not overruled at the next start; importing is by content
hash, so even a repeated bootstrap could never duplicate it.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.changes import Change
from app.core.paths import bundled_article_path, bundled_decks_dir
from app.core.storage.collection import Collection

BOOTSTRAP_KEY = "bootstrap.bundled_article"
BUNDLED_DECK_NAME = "russia-china-military-cooperation.toml"
#: Where the installed deck was loaded from: never rewritten by the app, even when
#: another copy of StudyDesk (another install folder) opens this collection later.
BUNDLED_DECK_KEY = "bootstrap.bundled_deck_path"


@dataclass(frozen=True)
class BootstrapResult:
    article_id: str
    imported: bool
    cards: int


def ensure_bundled_content(col: Collection) -> BootstrapResult | None:
    """Import the bundled article and load its curated deck on a collection's first start.

    All in one transaction: a crash during the first start leaves an empty
    collection that simply bootstraps again.
    """
    if col.get_setting(BOOTSTRAP_KEY):
        return None
    # only a first start imports: every other start skips the library's imports (~20 ms)
    from app.core.articles.library import import_article_file
    from app.core.decks.store import load_deck_into_collection

    with col.transaction(Change.ARTICLES | Change.NOTES | Change.CARDS | Change.DECKS | Change.QUIZZES):
        result = import_article_file(col, bundled_article_path())
        deck = bundled_decks_dir() / BUNDLED_DECK_NAME
        summary = load_deck_into_collection(col, deck) if deck.exists() else None
        if summary is not None:
            col.set_setting(BUNDLED_DECK_KEY, str(deck.resolve()))
        col.set_setting(BOOTSTRAP_KEY, result.article_id)
    cards = summary.added + summary.updated + summary.unchanged if summary else 0
    return BootstrapResult(result.article_id, result.created, cards)
