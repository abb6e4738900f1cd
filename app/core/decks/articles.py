"""The article a deck file names (`article = "..."`): from the collection, else a file.

Why apart from reading the deck: where an article may come from is a safety
rule (a shared deck must not make StudyDesk read files outside its folder),
and the deck's validation only needs its section titles.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.articles.model import Article

if TYPE_CHECKING:
    from app.core.storage.collection import Collection

ARTICLE_SUFFIXES = ("", ".txt", ".md", ".html")


@dataclass(frozen=True)
class ResolvedArticle:
    article: Article
    article_id: str | None  # set when found in a collection
    path: Path | None  # set when found as a file


def article_search_dirs(deck_path: Path) -> list[Path]:
    """Where a deck's `article = "name.txt"` may live: beside it, the project's, the bundled."""
    from app.core.paths import resources_dir

    here = deck_path.resolve().parent
    dirs = [here, here / "articles", here.parent / "resources" / "articles",
            resources_dir() / "articles"]
    return list(dict.fromkeys(dirs))


def article_path_allowed(candidate: Path, folder: Path) -> bool:
    """Whether a deck's `article` may be read from `candidate`: only a file inside the
    folder it was looked for in (the deck's folder and the bundled articles), so a
    shared deck file cannot make StudyDesk import "../../../../etc/passwd"."""
    try:
        return candidate.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError, ValueError):
        return False


def article_key_problem(key: str) -> str | None:
    """Why an `article` value can never name an allowed file, or None."""
    if "\0" in key:
        return "must not contain NUL characters"
    parts = Path(key.replace("\\", "/")).parts
    if Path(key).is_absolute() or key.startswith(("/", "\\")) or ".." in parts:
        return ("must name a file in the deck's folder (or its articles/ folder) or a "
                "bundled article, not a path outside it")
    return None


def resolve_article(key: str, deck_path: Path,
                    col: Collection | None = None) -> ResolvedArticle | None:
    """The article a deck names: from the collection first, else from a file."""
    if col is not None:
        from app.core.articles.library import find_article_id, load_article

        article_id = find_article_id(col, key)
        if article_id is not None:
            return ResolvedArticle(load_article(col, article_id), article_id, None)
    from app.core.articles.importers import ArticleImportError, import_file

    for folder in article_search_dirs(deck_path):
        for suffix in ARTICLE_SUFFIXES:
            candidate = folder / (key + suffix)
            if not article_path_allowed(candidate, folder):
                continue
            if candidate.is_file():
                try:
                    return ResolvedArticle(import_file(candidate), None, candidate)
                except ArticleImportError:
                    continue
    return None
