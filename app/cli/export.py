"""`studydesk export`: an article's, a deck file's or a quiz's cards to Anki, GIFT, Moodle
XML or CSV."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.shared import Command, OneOf, arg, collection_option, open_collection
from app.core.changes import Change

if TYPE_CHECKING:
    from app.core.decks.store import LoadSummary
    from app.core.export.anki import ExportResult
    from app.core.export.scheduling import Scheduling
    from app.core.export.source import ExportSource
    from app.core.storage.collection import Collection


def export(args: argparse.Namespace) -> int:
    from app.core.errors import ExportError
    from app.core.export.anki import article_source, export_notes, resolve_sections
    from app.core.export.source import only_sections

    with open_collection(args) as col:
        if args.quiz:
            from app.core.interop.exports import write_quiz

            if not (args.gift or args.moodle_xml):
                raise ExportError("A quiz is exported with --gift or --moodle-xml.")
            print(write_quiz(col, args.quiz, Path(args.gift or args.moodle_xml),
                             "gift" if args.gift else "moodle-xml"))
            return 0
        if args.deck and not args.apkg:
            from app.core.export.anki import deck_source

            print(_export_text(deck_source(Path(args.deck), col), args))
            return 0
        if args.deck:
            loaded, result = _export_deck_file(col, args)
            print(loaded)
        else:
            source = article_source(col, _export_article_id(col, args.article))
            if args.section:
                source = only_sections(source, resolve_sections(args.section, source.sections))
            if not args.apkg:
                print(_export_text(source, args))
                return 0
            result = export_notes(source, args.apkg, scheduling=_scheduling(col, source, args))
    print(result.message)
    return 0


def _scheduling(col: Collection, source: ExportSource, args: argparse.Namespace) -> Scheduling | None:
    """`--with-scheduling`: the exported cards' states and reviews, else None."""
    if not args.with_scheduling:
        return None
    from app.core.export.scheduling import collect_scheduling

    return collect_scheduling(col, source.notes)


def _export_text(source: object, args: argparse.Namespace) -> str:
    """GIFT or CSV of an export source; returns the summary line."""
    from app.core.interop.exports import write_source

    fmt = "gift" if args.gift else "moodle-xml" if args.moodle_xml else "csv"
    return write_source(source, Path(args.gift or args.moodle_xml or args.csv), fmt)


def _export_deck_file(col: Collection,
                      args: argparse.Namespace) -> tuple[LoadSummary, ExportResult]:
    """Load the deck file into the collection, then export it: one transaction.

    The collection remembers each card's last edit, so a re-export updates in
    Anki only the cards edited since; a refused export undoes the load.
    """
    from app.core.export.anki import deck_file_source, export_notes, resolve_sections
    from app.core.export.source import only_sections

    with col.transaction(Change.CARDS | Change.NOTES | Change.DECKS):
        loaded, source = deck_file_source(col, Path(args.deck))
        if args.section:
            source = only_sections(source, resolve_sections(args.section, source.sections))
        return loaded, export_notes(source, args.apkg,
                                    scheduling=_scheduling(col, source, args))


def _export_article_id(col: Collection, key: str) -> str:
    """The article to export: a file is imported first (a no-op if already there)."""
    from app.core.articles.library import find_article_id, import_article_file, list_articles
    from app.core.errors import ExportError

    if Path(key).is_file():
        return import_article_file(col, Path(key)).article_id
    found = find_article_id(col, key)
    if found is None:
        known = "\n".join(f"  {a.id}  ({a.title})" for a in list_articles(col))
        raise ExportError(f"No article {key!r} in the collection and no such file. "
                          f"The articles are:\n{known or '  (none)'}")
    return found


COMMANDS = (
    Command("export", "export an article's or a deck file's cards to an Anki package (.apkg), "
                      "GIFT or CSV", export, (
                          OneOf((arg("--apkg", metavar="OUT", help="the .apkg file to write"),
                                 arg("--gift", metavar="OUT", help="a Moodle GIFT file to write"),
                                 arg("--moodle-xml", metavar="OUT",
                                     help="a Moodle XML question file to write"),
                                 arg("--csv", metavar="OUT", help="a CSV file to write (front, "
                                     "back, tags, section, kind)"))),
                          OneOf((arg("--article", metavar="PATH_OR_ID",
                                     help="an article of the collection (id, title or file "
                                          "name), or a file, imported first if it is not in "
                                          "the collection yet"),
                                 arg("--quiz", metavar="ID", help="an instructor quiz (with "
                                     "--gift or --moodle-xml), to run it in Moodle"),
                                 arg("--deck", metavar="FILE",
                                     help="a deck file (TOML), loaded into the collection "
                                          "first so that a re-export updates in Anki only the "
                                          "cards edited since"))),
                          arg("--with-scheduling", action="store_true",
                              help="--apkg: include the cards' scheduling and review history"),
                          arg("--section", action="extend", nargs="+", metavar="NAME",
                              help="export only these sections (title or number)"),
                          collection_option("the collection to export from"))),
)
