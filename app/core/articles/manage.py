"""Managing articles: rename, delete (with their cards and history), re-import a new
version of the file or of the web page it came from.

Each is one action Edit → Undo can take back (app.core.storage.undo): deleting an
article removes its cards and their review history, which nothing else could
recreate. Deleting and re-importing write thousands of rows in a big collection, so
they take a `progress(done, total)` callback (app.core.batches) and run on a worker
connection in the GUI; a False from it rolls the whole action back.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.core.articles.library import TEXT_TABLES, PreparedArticle, insert_text
from app.core.batches import Progress, batches, report
from app.core.changes import Change
from app.core.errors import ArticleError
from app.core.storage.collection import Collection

TITLE_MAX_CHARS = 300
#: What deleting an article changes (the GUI tells its windows this after a worker's delete).
DELETE_CHANGES = (Change.ARTICLES | Change.READING | Change.NOTES | Change.CARDS
                  | Change.STUDY | Change.QUIZZES | Change.DECKS)
#: What re-importing an article changes.
REIMPORT_CHANGES = Change.ARTICLES | Change.READING | Change.NOTES | Change.CARDS

#: The article's notes (its own and its decks'), deleted first in batches of this many:
#: each takes its cards, review log and search text with it (the schema's cascade).
_NOTES = ("SELECT id FROM notes WHERE article_id = :a "
          "OR deck_id IN (SELECT id FROM decks WHERE article_id = :a)")
DELETE_BATCH = 500
#: Notes re-placed between two progress reports of a re-import.
REIMPORT_BATCH = 500
# (table, WHERE clause selecting the article's rows), children first: the delete order
# once the notes are gone.
_OWNED: tuple[tuple[str, str], ...] = (
    ("quizzes", "article_id = :a OR deck_id IN (SELECT id FROM decks WHERE article_id = :a)"),
    ("decks", "article_id = :a"),
    ("section_reads", "article_id = :a"),
    ("blocks", "article_id = :a"),
    ("footnotes", "article_id = :a"),
    ("source_lists", "article_id = :a"),
    ("sections", "article_id = :a"),
    ("articles", "id = :a"),
)


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
    from app.core.storage.undo import undoable

    old = _title_of(col, article_id)
    with undoable(col, f"Rename “{old}”", Change.ARTICLES):
        col.execute("UPDATE articles SET title = ? WHERE id = ?", [title, article_id])


def article_card_count(col: Collection, article_id: str) -> int:
    """How many cards a delete would remove (said in the confirmation)."""
    return col.execute(f"SELECT COUNT(*) FROM cards WHERE note_id IN ({_NOTES})",
                       {"a": article_id}).fetchone()[0]


def delete_article(col: Collection, article_id: str, progress: Progress | None = None) -> int:
    """Delete an article with its sections, notes, cards, review history, decks and
    quizzes, after a backup (if anything changed since the last), as one action Edit →
    Undo can take back. Returns how many cards went.

    The notes go in batches, `progress` told (notes deleted, notes) after each; a False
    from it raises `ActionCancelled` and nothing is deleted."""
    from app.core.notes.store import delete_note_ids
    from app.core.storage.backups import backup_before
    from app.core.storage.undo import undoable

    title = _title_of(col, article_id)
    backup_before(col, "delete")
    what = f"Deleting “{title}”"
    with undoable(col, f"Delete “{title}”", DELETE_CHANGES):
        cards = article_card_count(col, article_id)
        note_ids = [r[0] for r in col.execute(_NOTES, {"a": article_id})]
        report(progress, 0, len(note_ids), what)
        for batch in batches(note_ids, progress, what, size=DELETE_BATCH):
            delete_note_ids(col, batch)
        for table, where in _OWNED:
            col.execute(f"DELETE FROM {table} WHERE {where}", {"a": article_id})  # type: ignore[arg-type]
        report(progress, len(note_ids), len(note_ids), what)  # the last word before commit
    return cards


@dataclass(frozen=True)
class ReimportResult:
    """What a re-import did to the article's cards."""

    kept: int  # notes whose source sentence is still there (history kept, section updated)
    suspended: tuple[str, ...]  # source sentences that disappeared: their cards are suspended
    changed: bool  # False when the file is exactly what was imported before


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def reimport_article(col: Collection, article_id: str, path: str | Path) -> ReimportResult:
    """Replace an article's text with a new version of its file.

    Cards keep their history: a note whose source sentence is still in the text
    moves to that sentence's section; a note whose sentence disappeared has its
    cards suspended (not deleted) and is listed, so the student can fix or delete it.
    Read marks stay on sections whose title is unchanged. Parsing happens before
    anything is written.
    """
    from app.core.articles.library import prepare_file

    _title_of(col, article_id)
    return reimport_prepared(col, article_id, prepare_file(path), str(path))


def web_address(col: Collection, article_id: str) -> str:
    """The address an article was fetched from (or its saved page names), to fetch again."""
    title = _title_of(col, article_id)
    url = col.execute("SELECT source_url FROM articles WHERE id = ?", [article_id]).fetchone()[0]
    if not url:
        raise ArticleError(f"“{title}” did not come from a web address, so it cannot be "
                           "fetched again; re-import it from its file instead.")
    return str(url)


def reimport_article_from_web(col: Collection, article_id: str) -> ReimportResult:
    """Fetch the article's page again and replace its text, on the same rules as
    `reimport_article` (cards keep their history; lost sentences' cards are suspended).
    Fetching and parsing happen before anything is written."""
    from app.core.articles.library import prepare_url

    url = web_address(col, article_id)
    return reimport_prepared(col, article_id, prepare_url(url), url)


def reimport_prepared(col: Collection, article_id: str, prepared: PreparedArticle,
                      source: str, progress: Progress | None = None) -> ReimportResult:
    """`reimport_article` with the file (or page) already parsed (in a worker, by the GUI).

    `progress` is told (blocks written + notes placed, of both) as it goes; a False from
    it raises `ActionCancelled`, and the article is left as it was."""
    from app.core.clock import now_iso

    _title_of(col, article_id)
    article = prepared.article
    other = col.execute("SELECT id, title FROM articles WHERE content_hash = ?",
                        [prepared.digest]).fetchone()
    if other is not None and other[0] == article_id:
        return ReimportResult(0, (), changed=False)
    if other is not None:
        raise ArticleError(f"{source} is already in your collection as “{other[1]}”.")
    where: dict[str, int] = {}
    for s_idx, section in enumerate(article.sections):
        for sentence in section.sentences:
            where.setdefault(_normal(sentence.text), s_idx)
    titles = {section.title: i for i, section in enumerate(article.sections)}
    from app.core.storage.undo import undoable

    what = f"Re-importing “{article.title}”"
    with undoable(col, f"Re-import “{article.title}”", REIMPORT_CHANGES):
        notes = list(col.query("SELECT id, source, section_idx FROM notes WHERE article_id = ?",
                               [article_id]))
        old_titles = {r["idx"]: r["title"] for r in col.query(
            "SELECT idx, title FROM sections WHERE article_id = ?", [article_id])}
        reads = [(titles[old_titles[r["section_idx"]]], r["read_at"]) for r in col.query(
            "SELECT section_idx, read_at FROM section_reads WHERE article_id = ?", [article_id])
            if old_titles.get(r["section_idx"]) in titles]
        for table in TEXT_TABLES:  # the blocks go with their sections
            col.execute(f"DELETE FROM {table} WHERE article_id = ?", [article_id])
        col.execute("UPDATE articles SET content_hash = ?, source_name = ?, date = ?, "
                   "byline = ?, caption = ?, source_url = COALESCE(?, source_url) WHERE id = ?",
                   [prepared.digest, article.source_name, article.date, article.byline,
                    article.caption, article.source_url, article_id])
        blocks = insert_text(col, article_id, article, progress, what, remaining=len(notes))
        total = blocks + len(notes)
        col.table("section_reads").insert_all(
            {"article_id": article_id, "section_idx": idx, "read_at": at} for idx, at in reads)
        kept, lost = 0, []
        last = max(0, len(article.sections) - 1)
        for done, note in enumerate(notes):
            if done % REIMPORT_BATCH == 0:
                report(progress, blocks + done, total, what)
            source = note["source"] or ""
            if not source.strip():
                if note["section_idx"] is not None and note["section_idx"] > last:
                    col.execute("UPDATE notes SET section_idx = ? WHERE id = ?", [last, note["id"]])
                continue
            section = where.get(_normal(source))
            if section is None:
                lost.append(source)
                col.execute("UPDATE cards SET suspended = 1 WHERE note_id = ?", [note["id"]])
                if note["section_idx"] is not None and note["section_idx"] > last:
                    col.execute("UPDATE notes SET section_idx = ? WHERE id = ?", [last, note["id"]])
            else:
                kept += 1
                if section != note["section_idx"]:
                    col.execute("UPDATE notes SET section_idx = ?, modified = ? WHERE id = ?",
                               [section, now_iso(), note["id"]])
        report(progress, total, total, what)  # the last word before commit
    return ReimportResult(kept, tuple(lost), changed=True)
