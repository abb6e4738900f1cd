"""Renaming and deleting articles; a delete takes cards and history along and undoes exactly."""

from __future__ import annotations

import pytest

from app.core.articles.library import list_articles, load_article
from app.core.articles.manage import (
    article_card_count,
    delete_article,
    rename_article,
    restore_article,
)
from app.core.errors import ArticleError
from app.core.storage.collection import Collection
from app.core.study.reviews import record_review

_TABLES = ("articles", "sections", "blocks", "section_reads", "notes", "cards", "revlog",
           "decks", "quizzes")


def _dump(col: Collection) -> dict[str, list[tuple[object, ...]]]:
    return {t: sorted(tuple(r) for r in col.execute(f"SELECT * FROM {t}")) for t in _TABLES}


def test_rename_article(col_with_article: Collection) -> None:
    article_id = list_articles(col_with_article)[0].id
    rename_article(col_with_article, article_id, "  Russia and   China  ")
    assert load_article(col_with_article, article_id).title == "Russia and China"
    with pytest.raises(ArticleError, match="cannot be empty"):
        rename_article(col_with_article, article_id, "   ")
    with pytest.raises(ArticleError, match="no article"):
        rename_article(col_with_article, "nope", "Title")


def test_delete_takes_cards_and_history_and_undo_restores_every_row(qcol: Collection) -> None:
    article_id = list_articles(qcol)[0].id
    first_card = qcol.execute("SELECT MIN(id) FROM cards").fetchone()[0]
    record_review(qcol, first_card, 3, 1500)  # some history that must come back too
    before = _dump(qcol)
    assert before["revlog"]
    cards = article_card_count(qcol, article_id)
    assert cards > 0
    deleted = delete_article(qcol, article_id)
    assert deleted.cards == cards
    assert list_articles(qcol) == []
    assert qcol.execute("SELECT COUNT(*) FROM cards").fetchone()[0] == 0
    assert qcol.execute("SELECT COUNT(*) FROM notes").fetchone()[0] == 0
    restore_article(qcol, deleted)
    assert _dump(qcol) == before
    with pytest.raises(ArticleError, match="cannot be restored"):
        restore_article(qcol, deleted)
