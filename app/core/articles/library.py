"""Articles in the collection: storing imports, loading them back, reading progress.

Why by content hash: importing the same file twice (or the bundled article at
every start) must not create a second copy, and nothing but the bytes decides
what "the same" is.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.core.articles.model import Article, Block, Footnote, Section, Sentence, SourceList
from app.core.batches import Progress as Counted
from app.core.batches import report
from app.core.changes import Change
from app.core.clock import now_iso
from app.core.errors import ImportCancelled
from app.core.storage.collection import Collection


@dataclass(frozen=True)
class ArticleSummary:
    id: str
    title: str
    date: str | None
    sections: tuple[str, ...]
    read: frozenset[int]


@dataclass(frozen=True)
class ImportResult:
    article_id: str
    created: bool  # False when the same content was already in the collection


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:60].strip("-") or "article"


def content_hash(data: bytes) -> str:
    import hashlib  # only an import needs it: OpenSSL's loading is not the first frame's

    return hashlib.sha256(data).hexdigest()


def store_article(col: Collection, article: Article, digest: str, slug_hint: str,
                  progress: Counted | None = None) -> ImportResult:
    """Store an imported article in one transaction; a known digest is a no-op.
    `progress` as for `insert_text`."""
    with col.transaction(Change.ARTICLES):
        known = col.execute("SELECT id FROM articles WHERE content_hash = ?", [digest]).fetchone()
        if known:
            return ImportResult(known[0], created=False)
        article_id = _free_id(col, slugify(slug_hint))
        position = col.execute("SELECT COALESCE(MAX(position), -1) + 1 FROM articles").fetchone()[0]
        col.table("articles").insert({
            "id": article_id, "title": article.title, "date": article.date,
            "byline": article.byline, "caption": article.caption,
            "source_name": article.source_name, "source_url": article.source_url,
            "content_hash": digest,
            "imported_at": now_iso(), "position": position,
        })
        insert_text(col, article_id, article, progress, f"Importing “{article.title}”")
    return ImportResult(article_id, created=True)


def insert_text(col: Collection, article_id: str, article: Article,
                progress: Counted | None = None, what: str = "Storing the article",
                remaining: int = 0) -> int:
    """An article's sections and blocks, footnote texts and reference lists (inside the
    caller's transaction); returns how many blocks.

    `progress` is told (blocks written, blocks + `remaining`) after each section (the
    importers keep a section to a few dozen blocks; a 1 MB text has hundreds of them),
    `remaining` being the work the caller still has to do after the text; a False from
    it raises `ActionCancelled` (`what` names the action), for the caller to roll back."""
    total = sum(len(section.blocks) for section in article.sections)
    done = 0
    report(progress, done, total + remaining, what)
    for s_idx, section in enumerate(article.sections):
        col.table("sections").insert({"article_id": article_id, "idx": s_idx,
                                      "title": section.title, "words": section.words})
        col.table("blocks").insert_all(
            {"article_id": article_id, "section_idx": s_idx, "idx": b_idx,
             "kind": block.kind,
             "sentences": json.dumps([{"text": s.text, "footnotes": list(s.footnotes)}
                                      for s in block.sentences], ensure_ascii=False)}
            for b_idx, block in enumerate(section.blocks)
        )
        done += len(section.blocks)
        report(progress, done, total + remaining, what)
    col.table("footnotes").insert_all(
        {"article_id": article_id, "number": note.number, "text": note.text}
        for note in article.footnote_texts)
    col.table("source_lists").insert_all(
        {"article_id": article_id, "idx": idx, "title": sources.title,
         "entries": json.dumps(list(sources.entries), ensure_ascii=False)}
        for idx, sources in enumerate(article.sources))
    return total


#: Tables holding an article's text, which a re-import replaces (blocks go with sections).
TEXT_TABLES = ("sections", "footnotes", "source_lists")


def _free_id(col: Collection, slug: str) -> str:
    candidate, n = slug, 2
    while col.execute("SELECT 1 FROM articles WHERE id = ?", [candidate]).fetchone():
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


@dataclass(frozen=True)
class PreparedArticle:
    """A parsed article not yet stored: made off the GUI thread, stored in one transaction."""

    article: Article
    digest: str
    slug_hint: str


Cancelled = Callable[[], bool]
Progress = Callable[[str], None]  # told what the import is doing now, for a progress dialog


def _quiet(_: str) -> None:
    pass


def prepare_file(path: str | Path, cancelled: Cancelled = lambda: False,
                 progress: Progress = _quiet) -> PreparedArticle:
    """Read and parse a file; touches no collection, so it may run in a worker thread."""
    from app.core.articles.importers import parse_file, read_source

    path = Path(path)
    progress(f"Reading {path.name}…")
    data = read_source(path)
    if cancelled():
        raise ImportCancelled(path)
    progress(f"Finding the sections and sentences of {path.name}…")
    article = parse_file(path, data)
    if cancelled():
        raise ImportCancelled(path)
    return PreparedArticle(article, content_hash(data), path.stem)


def prepare_url(url: str, cancelled: Cancelled = lambda: False,
                progress: Progress = _quiet) -> PreparedArticle:
    """Fetch and parse a web page; touches no collection, so it may run in a worker thread."""
    from app.core.articles.fetch import fetch_page
    from app.core.articles.importers import MAX_BYTES, parse_fetched_page

    progress(f"Fetching {url}…")
    page = fetch_page(url, max_bytes=MAX_BYTES, cancelled=cancelled)
    if cancelled():
        raise ImportCancelled(page.url)
    progress("Finding the article in the page…")
    article = parse_fetched_page(page.url, page.data, page.charset)
    if cancelled():
        raise ImportCancelled(page.url)
    return PreparedArticle(article, content_hash(page.data), article.title)


def prepare_source(source: str, cancelled: Cancelled = lambda: False,
                   progress: Progress = _quiet) -> PreparedArticle:
    """A file path or a web address (http://, https://)."""
    if re.match(r"^https?://", source.strip(), re.IGNORECASE):
        return prepare_url(source, cancelled, progress)
    return prepare_file(source, cancelled, progress)


#: What storing an import changes (the GUI tells its windows this after a worker's store).
IMPORT_CHANGES = Change.ARTICLES | Change.NOTES | Change.CARDS | Change.READING


def store_prepared(col: Collection, prepared: PreparedArticle,
                   progress: Counted | None = None) -> ImportResult:
    """Store a parsed article: a backup first, and Edit → Undo can take it back.

    `progress(done, total)` is told as the blocks are written; a False from it raises
    `ActionCancelled` and nothing is stored (one transaction)."""
    from app.core.storage.backups import backup_before
    from app.core.storage.undo import undoable

    backup_before(col, "import")
    with undoable(col, f"Import “{prepared.article.title}”", IMPORT_CHANGES):
        return store_article(col, prepared.article, prepared.digest, prepared.slug_hint,
                             progress)


def import_article_file(col: Collection, path: str | Path) -> ImportResult:
    """Read, parse and store a file. Parsing happens before any write."""
    return store_prepared(col, prepare_file(path))


def import_article_url(col: Collection, url: str) -> ImportResult:
    """Fetch, parse and store a web page. Nothing is written unless all of it worked."""
    return store_prepared(col, prepare_url(url))


def section_titles(col: Collection, article_id: str | None) -> list[str]:
    """An article's section titles in order (index = section_idx); [] for no article."""
    return [r[0] for r in col.execute(
        "SELECT title FROM sections WHERE article_id = ? ORDER BY idx", [article_id])]


def list_articles(col: Collection) -> list[ArticleSummary]:
    summaries = []
    for row in col.query("SELECT id, title, date FROM articles ORDER BY position"):
        titles = tuple(section_titles(col, row["id"]))
        read = frozenset(r[0] for r in col.execute(
            "SELECT section_idx FROM section_reads WHERE article_id = ?", [row["id"]]))
        summaries.append(ArticleSummary(row["id"], row["title"], row["date"], titles, read))
    return summaries


def load_article(col: Collection, article_id: str) -> Article:
    rows = list(col.query("SELECT * FROM articles WHERE id = ?", [article_id]))
    if not rows:
        raise KeyError(f"no article with id {article_id!r}")
    meta = rows[0]
    blocks: dict[int, list[Block]] = {}
    for b in col.query(
        "SELECT section_idx, kind, sentences FROM blocks WHERE article_id = ? "
        "ORDER BY section_idx, idx", [article_id]
    ):
        sentences = tuple(Sentence(s["text"], tuple(s["footnotes"]))
                          for s in json.loads(b["sentences"]))
        blocks.setdefault(b["section_idx"], []).append(Block(b["kind"], sentences))
    sections = tuple(
        Section(r["title"], tuple(blocks.get(r["idx"], ())))
        for r in col.query("SELECT idx, title FROM sections WHERE article_id = ? ORDER BY idx",
                              [article_id])
    )
    footnote_texts = tuple(Footnote(r["number"], r["text"]) for r in col.query(
        "SELECT number, text FROM footnotes WHERE article_id = ? ORDER BY number", [article_id]))
    sources = tuple(SourceList(r["title"], tuple(json.loads(r["entries"]))) for r in col.query(
        "SELECT title, entries FROM source_lists WHERE article_id = ? ORDER BY idx",
        [article_id]))
    return Article(title=meta["title"], sections=sections, date=meta["date"],
                   byline=meta["byline"], caption=meta["caption"], source_name=meta["source_name"],
                   source_url=meta["source_url"], footnote_texts=footnote_texts, sources=sources)


def find_article_id(col: Collection, key: str) -> str | None:
    """An article id from an id, a title, or a file name (as deck files name them)."""
    for sql in ("SELECT id FROM articles WHERE id = ?",
                "SELECT id FROM articles WHERE source_name = ?",
                "SELECT id FROM articles WHERE title = ? COLLATE NOCASE"):
        row = col.execute(sql, [key]).fetchone()
        if row:
            return row[0]
    stem = Path(key).stem
    row = col.execute("SELECT id FROM articles WHERE id = ?", [slugify(stem)]).fetchone()
    return row[0] if row else None


def set_section_read(col: Collection, article_id: str, section_idx: int, read: bool = True) -> None:
    with col.transaction(Change.READING):
        if read:
            col.table("section_reads").upsert({"article_id": article_id, "section_idx": section_idx,
                                        "read_at": now_iso()}, pk=("article_id", "section_idx"))
        else:
            col.execute("DELETE FROM section_reads WHERE article_id = ? AND section_idx = ?",
                       [article_id, section_idx])


@dataclass(frozen=True)
class ReadingPosition:
    article_id: str
    section_idx: int
    scroll: float = 0.0  # how far down the section, 0.0 (top) … 1.0 (end)


def save_reading_position(col: Collection, article_id: str, section_idx: int,
                          scroll: float = 0.0) -> None:
    col.set_setting("reader.position", {"article": article_id, "section": section_idx,
                                        "scroll": round(min(max(scroll, 0.0), 1.0), 4)},
                   Change.NONE)  # where the reader stands is shown by the reader alone


def reading_position(col: Collection) -> ReadingPosition | None:
    """Where the reader stopped last time, if that article still exists."""
    pos = col.get_setting("reader.position")
    if not pos:
        return None
    exists = col.execute("SELECT 1 FROM sections WHERE article_id = ? AND idx = ?",
                         [pos["article"], pos["section"]]).fetchone()
    if not exists:
        return None
    return ReadingPosition(pos["article"], pos["section"], float(pos.get("scroll", 0.0)))
