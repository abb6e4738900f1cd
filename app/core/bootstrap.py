"""First start: the bundled article (and its curated deck) are there before the user asks.

Done once per collection (a setting records it), so a user who deleted the
bundled article is not overruled at the next start; importing is by content
hash, so even a repeated bootstrap could never duplicate it.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.collection import Collection
from app.core.library import import_article_file
from app.core.paths import bundled_article_path

BOOTSTRAP_KEY = "bootstrap.bundled_article"


@dataclass(frozen=True)
class BootstrapResult:
    article_id: str
    imported: bool


def ensure_bundled_content(col: Collection) -> BootstrapResult | None:
    """Import the bundled article on a collection's first start."""
    if col.get_setting(BOOTSTRAP_KEY):
        return None
    result = import_article_file(col, bundled_article_path())
    col.set_setting(BOOTSTRAP_KEY, result.article_id)
    return BootstrapResult(result.article_id, result.created)
