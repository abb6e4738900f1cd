"""What a statistic covers: the whole collection, one article, or one of its sections.

Why its own module: every figure (cards, reviews, quizzes) filters by the same
scope, and the filter is written once here as SQL on `notes n`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.core.errors import StatsError

if TYPE_CHECKING:
    from app.core.storage.collection import Collection

#: The periods the statistics offer, in days (None: the whole history).
PERIODS: dict[str, int | None] = {"1 month": 31, "3 months": 92, "1 year": 365, "all": None}


@dataclass(frozen=True)
class StatsScope:
    article_id: str | None = None
    section_idx: int | None = None

    def __post_init__(self) -> None:
        if self.section_idx is not None and self.article_id is None:
            raise StatsError("A section's statistics need its article.")

    def notes_where(self) -> tuple[str, list[Any]]:
        """SQL condition on `n` (notes) for the scope's cards (removed notes included:
        their history is still the student's)."""
        if self.article_id is None:
            return "1 = 1", []
        if self.section_idx is None:
            return "n.article_id = ?", [self.article_id]
        return "n.article_id = ? AND n.section_idx = ?", [self.article_id, self.section_idx]

    def check(self, col: Collection) -> None:
        """Refuse an article or section that is not in the collection, naming it."""
        if self.article_id is None:
            return
        if col.execute("SELECT 1 FROM articles WHERE id = ?",
                            [self.article_id]).fetchone() is None:
            raise StatsError(f"There is no article {self.article_id!r} in the collection.")
        if self.section_idx is not None and col.execute(
                "SELECT 1 FROM sections WHERE article_id = ? AND idx = ?",
                [self.article_id, self.section_idx]).fetchone() is None:
            raise StatsError(f"The article {self.article_id!r} has no section "
                             f"{self.section_idx + 1}.")
