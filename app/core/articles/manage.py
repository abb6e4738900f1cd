"""Managing articles: rename, delete (with their cards and history) and undo a delete.

Why a snapshot: deleting an article removes its cards and their review history,
which nothing could recreate; the rows are kept in memory (a `DeletedArticle`)
so the deletion can be undone, exactly, until the app closes.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.changes import Change
from app.core.errors import ArticleError
from app.core.storage.collection import Collection

TITLE_MAX_CHARS = 300
_DELETE_CHANGES = (Change.ARTICLES | Change.READING | Change.NOTES | Change.CARDS
                   | Change.STUDY | Change.QUIZZES | Change.DECKS)

# (table, WHERE clause selecting the article's rows), children first: the delete order;
# undo inserts in the reverse order so every foreign key finds its row.
_NOTES = ("SELECT id FROM notes WHERE article_id = :a "
          "OR deck_id IN (SELECT id FROM decks WHERE article_id = :a)")
_OWNED: tuple[tuple[str, str], ...] = (
    ("revlog", f"card_id IN (SELECT id FROM cards WHERE note_id IN ({_NOTES}))"),
    ("cards", f"note_id IN ({_NOTES})"),
    ("notes", f"id IN ({_NOTES})"),
    ("quizzes", "article_id = :a OR deck_id IN (SELECT id FROM decks WHERE article_id = :a)"),
    ("decks", "article_id = :a"),
    ("section_reads", "article_id = :a"),
    ("blocks", "article_id = :a"),
    ("sections", "article_id = :a"),
    ("articles", "id = :a"),
)


@dataclass(frozen=True)
class DeletedArticle:
    """Everything a delete removed, to put back with `restore_article`."""

    article_id: str
    title: str
    cards: int
    rows: tuple[tuple[str, tuple[dict[str, object], ...]], ...]


def _title_of(col: Collection, article_id: str) -> str:
    row = col.execute("SELECT title FROM articles WHERE id = ?", [article_id]).fetchone()
    if row is None:
        raise ArticleError(f"There is no article “{article_id}” in this collection.")
    return row[0]


def rename_article(col: Collection, article_id: str, title: str) -> None:
    title = " ".join(title.split())
    if not title:
        raise ArticleError("An article needs a title; the name cannot be empty.")
    if len(title) > TITLE_MAX_CHARS:
        raise ArticleError(f"That title is {len(title)} characters long; "
                           f"keep it under {TITLE_MAX_CHARS}.")
    _title_of(col, article_id)
    with col.transaction(Change.ARTICLES) as db:
        db.execute("UPDATE articles SET title = ? WHERE id = ?", [title, article_id])


def article_card_count(col: Collection, article_id: str) -> int:
    """How many cards a delete would remove (said in the confirmation)."""
    return col.execute(f"SELECT COUNT(*) FROM cards WHERE note_id IN ({_NOTES})",
                       {"a": article_id}).fetchone()[0]


def delete_article(col: Collection, article_id: str) -> DeletedArticle:
    """Delete an article with its sections, notes, cards, review history, decks and quizzes."""
    title = _title_of(col, article_id)
    cards = article_card_count(col, article_id)
    with col.transaction(_DELETE_CHANGES) as db:
        rows = tuple((table, tuple(dict(r) for r in db.query(
            f"SELECT * FROM {table} WHERE {where}", {"a": article_id})))
            for table, where in _OWNED)
        for table, where in _OWNED:
            db.execute(f"DELETE FROM {table} WHERE {where}", {"a": article_id})
    return DeletedArticle(article_id, title, cards, rows)


def restore_article(col: Collection, deleted: DeletedArticle) -> None:
    """Undo `delete_article`: every row back as it was."""
    if col.execute("SELECT 1 FROM articles WHERE id = ?", [deleted.article_id]).fetchone():
        raise ArticleError(f"“{deleted.title}” cannot be restored: an article with its id "
                           "was added since.")
    with col.transaction(_DELETE_CHANGES) as db:
        for table, rows in reversed(deleted.rows):
            if rows:
                db[table].insert_all(rows)
