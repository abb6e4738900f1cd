"""Command line: the GUI by default, subcommands for headless work.

Subcommands never import Qt, so they run on machines without a display and
start fast. Each subcommand is a `_cmd_<name>` function registered in
`_build_parser`; heavy imports happen inside them.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from app import __version__
from app.core.changes import Change

if TYPE_CHECKING:
    from app.core.decks.store import LoadSummary
    from app.core.export.anki import ExportResult
    from app.core.storage.collection import Collection


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="studydesk",
        description="Read an article section by section, then study it with flashcards and quizzes.",
    )
    parser.add_argument("--version", action="version", version=f"StudyDesk {__version__}")
    parser.add_argument("--collection", metavar="PATH",
                        help="open this collection file instead of the one in your data folder")
    parser.add_argument("--self-test", action="store_true",
                        help="check this installation end to end (offscreen) and exit")
    parser.add_argument("--quit-when-shown", action="store_true", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("sections", help="print an article's title, date and sections")
    p.add_argument("path", help="a .txt, .md, .html, .epub or .pdf file")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(func=_cmd_sections)

    p = sub.add_parser("import", help="import an article (a file or a web address) into the "
                                      "collection")
    p.add_argument("source", metavar="PATH|URL",
                   help="a .txt, .md, .html, .epub or .pdf file, or an http(s):// address")
    p.add_argument("--collection", metavar="PATH", default=argparse.SUPPRESS,
                   help="the collection to import into")
    p.set_defaults(func=_cmd_import)

    p = sub.add_parser("deck", help="check or load an instructor-built deck file (TOML)")
    deck_sub = p.add_subparsers(dest="deck_command", metavar="ACTION", required=True)
    d = deck_sub.add_parser("check", help="validate a deck file and list every error")
    d.add_argument("file", help="a deck .toml file")
    d.set_defaults(func=_cmd_deck_check)
    d = deck_sub.add_parser("load", help="validate a deck file and load it into the collection")
    d.add_argument("file", help="a deck .toml file")
    d.add_argument("--collection", dest="deck_collection", metavar="PATH",
                   help="the collection to load into (default: the one in your data folder)")
    d.set_defaults(func=_cmd_deck_load)

    p = sub.add_parser("generate", help="print ranked candidate cards generated from an article")
    p.add_argument("path", help="a .txt, .md or .html file")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.add_argument("--limit", type=int, metavar="N", help="print only the best N candidates")
    p.set_defaults(func=_cmd_generate)

    p = sub.add_parser("export", help="export an article's or a deck file's cards to an Anki "
                                      "package (.apkg)")
    p.add_argument("--apkg", required=True, metavar="OUT", help="the .apkg file to write")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--article", metavar="PATH_OR_ID",
                      help="an article of the collection (id, title or file name), or a file, "
                           "imported first if it is not in the collection yet")
    what.add_argument("--deck", metavar="FILE",
                      help="a deck file (TOML), loaded into the collection first so that a "
                           "re-export updates in Anki only the cards edited since")
    p.add_argument("--section", action="extend", nargs="+", metavar="NAME",
                   help="export only these sections (title or number)")
    p.add_argument("--collection", metavar="PATH", default=argparse.SUPPRESS,
                   help="the collection to export from")
    p.set_defaults(func=_cmd_export)

    return parser


def _cmd_sections(args: argparse.Namespace) -> int:
    from app.core.articles.importers import import_file

    article = import_file(Path(args.path))
    if args.json:
        print(json.dumps({
            "title": article.title,
            "date": article.date,
            "byline": article.byline,
            "url": article.source_url,
            "sections": [{"title": s.title, "words": s.words, "blocks": len(s.blocks),
                          "footnotes": list(s.footnotes), "text": s.text}
                         for s in article.sections],
        }, ensure_ascii=False, indent=2))
        return 0
    print(article.title)
    if article.date:
        print(article.date)
    print()
    for i, s in enumerate(article.sections, 1):
        notes = f", notes {s.footnotes[0]}–{s.footnotes[-1]}" if s.footnotes else ""
        print(f"{i:2}. {s.title}  ({s.words} words, {len(s.blocks)} blocks{notes})")
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    from app.core.articles.library import load_article, prepare_source, store_prepared
    from app.core.paths import default_collection_path
    from app.core.storage.collection import Collection

    prepared = prepare_source(args.source)  # fetched and parsed before the collection opens
    with Collection.open(args.collection or default_collection_path()) as col:
        result = store_prepared(col, prepared)
        article = load_article(col, result.article_id)
    state = "imported" if result.created else "already in the collection"
    print(f"{article.title} ({result.article_id}): {state}, {len(article.sections)} sections, "
          f"{article.words} words")
    return 0


def _cmd_deck_check(args: argparse.Namespace) -> int:
    from app.core.decks.file import load_deck

    deck = load_deck(Path(args.file))
    print(f"OK: {len(deck.cards)} cards in {len(deck.sections_used)} sections, "
          f"{len(deck.quizzes)} quizzes")
    return 0


def _cmd_deck_load(args: argparse.Namespace) -> int:
    from app.core.decks.store import load_deck_into_collection
    from app.core.paths import default_collection_path
    from app.core.storage.collection import Collection

    path = args.deck_collection or args.collection or default_collection_path()
    with Collection.open(path) as col:
        summary = load_deck_into_collection(col, Path(args.file))
    print(summary)
    return 0


def _cmd_generate(args: argparse.Namespace) -> int:
    from app.core.articles.importers import import_file
    from app.core.generate import generate_candidates

    if args.limit is not None and args.limit < 0:
        print("studydesk: --limit must be 0 or more", file=sys.stderr)
        return 2
    article = import_file(Path(args.path))
    candidates = generate_candidates(article, limit=args.limit)
    if args.json:
        print(json.dumps([c.to_json() for c in candidates], ensure_ascii=False, indent=2))
        return 0
    for c in candidates:
        options = f"  ({' / '.join(c.options)})" if c.options else ""
        print(f"{c.score:5.3f}  {c.kind:<9} [{c.section}] {c.prompt}\n       → {c.answer}{options}")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from app.core.export.anki import (
        article_source,
        export_notes,
        only_sections,
        resolve_sections,
    )
    from app.core.paths import default_collection_path
    from app.core.storage.collection import Collection

    with Collection.open(Path(args.collection) if args.collection
                         else default_collection_path()) as col:
        if args.deck:
            loaded, result = _export_deck_file(col, args)
            print(loaded)
        else:
            source = article_source(col, _export_article_id(col, args.article))
            if args.section:
                source = only_sections(source, resolve_sections(args.section, source.sections))
            result = export_notes(source, args.apkg)
    print(result.message)
    return 0


def _export_deck_file(col: Collection,
                      args: argparse.Namespace) -> tuple[LoadSummary, ExportResult]:
    """Load the deck file into the collection, then export it: one transaction.

    The collection remembers each card's last edit, so a re-export updates in
    Anki only the cards edited since; a refused export undoes the load.
    """
    from app.core.export.anki import (
        deck_file_source,
        export_notes,
        only_sections,
        resolve_sections,
    )

    with col.transaction(Change.CARDS | Change.NOTES | Change.DECKS):
        loaded, source = deck_file_source(col, Path(args.deck))
        if args.section:
            source = only_sections(source, resolve_sections(args.section, source.sections))
        return loaded, export_notes(source, args.apkg)


def _export_article_id(col: Collection, key: str) -> str:
    """The article to export: a file is imported first (a no-op if already there)."""
    from app.core.articles.library import find_article_id, import_article_file, list_articles
    from app.core.export.anki import ExportError

    if Path(key).is_file():
        return import_article_file(col, Path(key)).article_id
    found = find_article_id(col, key)
    if found is None:
        known = "\n".join(f"  {a.id}  ({a.title})" for a in list_articles(col))
        raise ExportError(f"No article {key!r} in the collection and no such file. "
                          f"The articles are:\n{known or '  (none)'}")
    return found


def _run_gui(args: argparse.Namespace) -> int:
    from app.ui.app import run

    return run(collection_path=args.collection, quit_when_shown=args.quit_when_shown)


def main(argv: Sequence[str] | None = None) -> int:
    args = _build_parser().parse_args(argv)
    if args.self_test:
        from app.selftest import run as self_test

        return self_test()
    func = getattr(args, "func", None)
    if func is None:
        return _run_gui(args)
    return _run_command(func, args)


def _run_command(func: Callable[[argparse.Namespace], int | None], args: argparse.Namespace) -> int:
    """Run a subcommand: a failure is one line on stderr and exit 1, never a traceback.

    A `StudyDeskError` says what went wrong in its own words (a deck file's errors
    one per line, `file:line: message`); anything else is a bug, reported in one
    line and written in full to the log file.
    """
    from app.core.errors import StudyDeskError

    try:
        return int(func(args) or 0)
    except StudyDeskError as exc:
        prefix = "" if getattr(exc, "problems", None) else "studydesk: "
        print(f"{prefix}{exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - one clear line, the detail in the log
        where = _log_unexpected(exc)
        print(f"studydesk: unexpected error: {type(exc).__name__}: {exc} (details: {where})",
              file=sys.stderr)
        return 1


def _log_unexpected(exc: BaseException) -> str:
    import traceback

    from app.core.paths import log_path

    try:
        path = log_path()
        with path.open("a", encoding="utf-8") as log:
            log.write("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
        return str(path)
    except OSError:
        return "no log: the data folder cannot be written"


if __name__ == "__main__":
    sys.exit(main())
