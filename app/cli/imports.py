"""`studydesk import`: one command for every article and deck format."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from app.cli.shared import Command, arg, collection_option, json_flag, open_collection

#: `studydesk import --format` choices (kept here: the CLI must not import the importers
#: to build its parser; a test checks it matches app.core.interop.imports.IMPORT_FORMATS).
IMPORT_FORMATS_CLI = ("apkg", "colpkg", "csv", "tsv", "quizlet", "anki-text", "gift", "aiken",
                      "moodle-xml", "article")


def import_source(args: argparse.Namespace) -> int:
    """One `import` for everything: a web address or an article file becomes an article,
    a deck format (detected, or given with --format) becomes a deck."""
    from app.core.interop.imports import detect_format, import_deck_file

    is_url = args.source.startswith(("http://", "https://"))
    fmt = args.format or ("article" if is_url else detect_format(Path(args.source)))
    if fmt == "article":
        return _import_article(args)
    with open_collection(args) as col:
        imported = import_deck_file(col, Path(args.source), fmt,
                                    with_scheduling=args.with_scheduling)
    print(json.dumps(imported.to_json(), ensure_ascii=False) if args.json else imported.message)
    return 0


def _import_article(args: argparse.Namespace) -> int:
    from app.core.articles.library import load_article, prepare_source, store_prepared

    prepared = prepare_source(args.source)  # fetched and parsed before the collection opens
    with open_collection(args) as col:
        result = store_prepared(col, prepared)
        article = load_article(col, result.article_id)
    if args.json:
        print(json.dumps({"format": "article", "article": result.article_id,
                          "created": result.created, "title": article.title,
                          "sections": len(article.sections), "notes": 0, "cards": 0,
                          "quizzes": 0, "questions": 0, "reviews": 0, "by_kind": {},
                          "skipped": []}, ensure_ascii=False))
        return 0
    state = "imported" if result.created else "already in the collection"
    print(f"{article.title} ({result.article_id}): {state}, {len(article.sections)} sections, "
          f"{article.words} words")
    return 0


COMMANDS = (
    Command("import", "import an article (a file or a web address) or a deck (Anki "
                      ".apkg/.colpkg, CSV/TSV, Quizlet, Anki plain text, GIFT, Aiken)",
            import_source, (
                arg("source", metavar="PATH|URL", help="the file to import (its format is "
                    "detected), or a web page's http(s):// address"),
                arg("--format", choices=IMPORT_FORMATS_CLI,
                    help="the file's format, when detection is not wanted"),
                arg("--with-scheduling", action="store_true",
                    help="Anki: bring the cards' scheduling and review history along"),
                json_flag("print the summary as JSON"),
                collection_option("the collection to import into"))),
)
