"""`studydesk sections` and `studydesk generate`: an article file read without a collection."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app.cli.shared import Command, arg, json_flag


def sections(args: argparse.Namespace) -> int:
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
            # beside the sections, as in the article: what the notes say, and its sources
            "footnotes": [{"number": n.number, "text": n.text} for n in article.footnote_texts],
            "sources": [{"title": s.title, "entries": list(s.entries)} for s in article.sources],
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


def generate(args: argparse.Namespace) -> int:
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


COMMANDS = (
    Command("sections", "print an article's title, date and sections (--json: also its "
            "footnotes and sources)", sections, (
        arg("path", help="a .txt, .md, .html, .epub or .pdf file"), json_flag())),
    Command("generate", "print ranked candidate cards generated from an article", generate, (
        arg("path", help="a .txt, .md or .html file"), json_flag(),
        arg("--limit", type=int, metavar="N", help="print only the best N candidates"))),
)
