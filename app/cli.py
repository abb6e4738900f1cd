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

#: `studydesk import --format` choices (kept here: the CLI must not import the importers
#: to build its parser; a test checks it matches app.core.interop.imports.IMPORT_FORMATS).
IMPORT_FORMATS_CLI = ("apkg", "colpkg", "csv", "tsv", "quizlet", "anki-text", "gift", "aiken",
                      "moodle-xml", "article")

if TYPE_CHECKING:
    from app.core.decks.store import LoadSummary
    from app.core.export.anki import ExportResult, ExportSource
    from app.core.export.scheduling import Scheduling
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
    # used by --self-test: start Qt on the real display, print the platform's name, exit
    parser.add_argument("--check-platform", action="store_true", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("sections", help="print an article's title, date and sections")
    p.add_argument("path", help="a .txt, .md, .html, .epub or .pdf file")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(func=_cmd_sections)

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

    p = sub.add_parser("import", help="import an article (a file or a web address) or a deck "
                                      "(Anki .apkg/.colpkg, CSV/TSV, Quizlet, Anki plain text, "
                                      "GIFT, Aiken)")
    p.add_argument("source", metavar="PATH|URL",
                   help="the file to import (its format is detected), or a web page's "
                        "http(s):// address")
    p.add_argument("--format", choices=IMPORT_FORMATS_CLI, help="the file's format, when "
                   "detection is not wanted")
    p.add_argument("--with-scheduling", action="store_true",
                   help="Anki: bring the cards' scheduling and review history along")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("--collection", metavar="PATH", default=argparse.SUPPRESS,
                   help="the collection to import into")
    p.set_defaults(func=_cmd_import)

    p = sub.add_parser("export", help="export an article's or a deck file's cards to an Anki "
                                      "package (.apkg), GIFT or CSV")
    out = p.add_mutually_exclusive_group(required=True)
    out.add_argument("--apkg", metavar="OUT", help="the .apkg file to write")
    out.add_argument("--gift", metavar="OUT", help="a Moodle GIFT file to write")
    out.add_argument("--moodle-xml", metavar="OUT", help="a Moodle XML question file to write")
    out.add_argument("--csv", metavar="OUT", help="a CSV file to write (front, back, tags, "
                                                  "section, kind)")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--article", metavar="PATH_OR_ID",
                      help="an article of the collection (id, title or file name), or a file, "
                           "imported first if it is not in the collection yet")
    what.add_argument("--quiz", metavar="ID", help="an instructor quiz (with --gift or "
                                                   "--moodle-xml), to run it in Moodle")
    what.add_argument("--deck", metavar="FILE",
                      help="a deck file (TOML), loaded into the collection first so that a "
                           "re-export updates in Anki only the cards edited since")
    p.add_argument("--with-scheduling", action="store_true",
                   help="--apkg: include the cards' scheduling and review history")
    p.add_argument("--section", action="extend", nargs="+", metavar="NAME",
                   help="export only these sections (title or number)")
    p.add_argument("--collection", metavar="PATH", default=argparse.SUPPRESS,
                   help="the collection to export from")
    p.set_defaults(func=_cmd_export)

    d = deck_sub.add_parser("subscribe", help="load a deck from a web address and keep it "
                                              "up to date (the course site's deck)")
    d.add_argument("url", help="the deck file's https:// address")
    d.add_argument("--collection", dest="deck_collection", metavar="PATH")
    d.set_defaults(func=_cmd_deck_subscribe)
    d = deck_sub.add_parser("update", help="check every subscribed deck for changes")
    d.add_argument("--collection", dest="deck_collection", metavar="PATH")
    d.set_defaults(func=_cmd_deck_update)

    p = sub.add_parser("class", help="a class's results: send yours, or analyse everyone's")
    class_sub = p.add_subparsers(dest="class_command", metavar="ACTION", required=True)
    c = class_sub.add_parser("results", help="item analysis of a quiz (Moodle's figures) "
                                             "from the class's LRS or students' CSV files")
    source = c.add_mutually_exclusive_group(required=True)
    source.add_argument("--lrs", metavar="URL", help="the LRS's xAPI endpoint")
    source.add_argument("--csv", nargs="+", metavar="FILE", help="results files students sent")
    c.add_argument("--key", help="the instructor's LRS key (secret: $STUDYDESK_LRS_SECRET, "
                                 "the keyring, or asked)")
    c.add_argument("--deck", metavar="FILE", help="the deck file whose quizzes to analyse")
    c.add_argument("--quiz", metavar="ID", help="only this quiz (id or, for CSV, title)")
    c.add_argument("--attempts", choices=["first", "last", "best", "all"], default="first",
                   help="which attempts of each student count (default: first, as Moodle)")
    c.add_argument("--threshold", type=float, default=30.0,
                   help="flag questions whose discrimination index is below this (default 30)")
    c.add_argument("--json", action="store_true", help="print JSON instead of text")
    c.set_defaults(func=_cmd_class_results)
    c = class_sub.add_parser("send", help="send the results waiting for the class's LRS now")
    c.add_argument("--collection", dest="class_collection", metavar="PATH")
    c.set_defaults(func=_cmd_class_send)

    p = sub.add_parser("backup", help="back up the collection now")
    p.set_defaults(func=_cmd_backup)
    p = sub.add_parser("backups", help="list the collection's backups, newest first")
    p.set_defaults(func=_cmd_backups)
    p = sub.add_parser("restore", help="replace the collection with a backup (the current "
                                       "state is backed up first)")
    p.add_argument("file", help="a backup file (see `studydesk backups`)")
    p.set_defaults(func=_cmd_restore)
    p = sub.add_parser("check", help="check the collection for damage and contradictions, "
                                     "and fix what is safe to fix (after a backup)")
    p.add_argument("--no-fix", action="store_true", help="only report, change nothing")
    p.set_defaults(func=_cmd_check)
    p = sub.add_parser("salvage", help="copy what can still be read from a damaged collection "
                                       "into a new one")
    p.add_argument("damaged", help="the damaged collection file (only read)")
    p.add_argument("new", help="the new collection file to create")
    p.set_defaults(func=_cmd_salvage)

    _add_stats_commands(sub)
    return parser


def _cmd_backup(args: argparse.Namespace) -> int:
    from app.core.storage.backups import create_backup

    with _open_collection(args, "collection") as col:
        col.backup_on_close = False
        print(f"Backed up to {create_backup(col, 'manual')}")
    return 0


def _cmd_backups(args: argparse.Namespace) -> int:
    from app.core.storage.backups import list_backups

    with _open_collection(args, "collection") as col:
        found = list_backups(col.path)
    if not found:
        print("No backups yet.")
    for b in found:
        what = (f"{b.cards} cards, {b.reviews} reviews" if b.readable else "unreadable")
        print(f"{b.created.astimezone():%Y-%m-%d %H:%M:%S}  {b.size / 1024:8.0f} KiB  {what:<28} "
              f"{b.reason:<20} {b.path}")
    return 0


def _cmd_restore(args: argparse.Namespace) -> int:
    from app.core.errors import CollectionDamagedError
    from app.core.paths import default_collection_path
    from app.core.storage.backups import restore_backup
    from app.core.storage.check import restore_damaged

    try:
        col = _open_collection(args, "collection")
    except CollectionDamagedError:
        path = Path(args.collection or default_collection_path()).expanduser().resolve()
        kept = restore_damaged(path, Path(args.file))
        print(f"Restored {args.file}. The damaged collection is kept as {kept}")
        return 0
    with col:
        col.backup_on_close = False
        safety = restore_backup(col, Path(args.file))
    print(f"Restored {args.file}. The collection as it was before is kept in {safety}")
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from app.core.storage.check import check_database

    with _open_collection(args, "collection") as col:
        report = check_database(col, fix=not args.no_fix)
    print(report.text())
    return 1 if report.damaged or (report.problems and not report.fixed) else 0


def _cmd_salvage(args: argparse.Namespace) -> int:
    from app.core.storage.check import salvage

    print(salvage(Path(args.damaged), Path(args.new)))


def _add_stats_commands(sub: argparse._SubParsersAction) -> None:
    from app.core.stats.scope import PERIODS

    p = sub.add_parser("stats", help="print study statistics of the collection, an article or "
                                     "a section")
    p.add_argument("--article", metavar="ID", help="only this article (id, title or file name)")
    p.add_argument("--section", type=int, metavar="N", help="only section N (1-based) of --article")
    p.add_argument("--period", choices=list(PERIODS), default="1 month",
                   help="the period of the per-day figures (default: 1 month)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.add_argument("--collection", metavar="PATH", default=argparse.SUPPRESS,
                   help="the collection to read")
    p.set_defaults(func=_cmd_stats)

    p = sub.add_parser("fsrs", help="fit FSRS's parameters to your review history")
    fsrs_sub = p.add_subparsers(dest="fsrs_command", metavar="ACTION", required=True)
    f = fsrs_sub.add_parser("optimise", aliases=["optimize"],
                            help="fit the parameters; with --apply adopt them if they predict "
                                 "your answers better")
    f.add_argument("--apply", action="store_true", help="adopt the fit if it is better")
    f.add_argument("--reschedule", action="store_true",
                   help="with --apply: reschedule every card under the new parameters")
    f.add_argument("--json", action="store_true", help="print JSON instead of text")
    f.add_argument("--collection", metavar="PATH", default=argparse.SUPPRESS,
                   help="the collection to fit")
    f.set_defaults(func=_cmd_fsrs_optimise)
    f = fsrs_sub.add_parser("restore", help="go back to the parameters before the last fit")
    f.add_argument("--collection", metavar="PATH", default=argparse.SUPPRESS,
                   help="the collection")
    f.set_defaults(func=_cmd_fsrs_restore)


def _cmd_stats(args: argparse.Namespace) -> int:
    from app.core.articles.library import find_article_id
    from app.core.errors import StatsError
    from app.core.stats.figures import compute_statistics, format_statistics
    from app.core.stats.scope import StatsScope

    if args.section is not None and args.article is None:
        raise StatsError("--section needs --article.")
    with _open_collection(args, "collection") as col:
        article_id = None
        if args.article is not None:
            article_id = find_article_id(col, args.article)
            if article_id is None:
                raise StatsError(f"No article {args.article!r} in the collection.")
        section = None if args.section is None else args.section - 1
        stats = compute_statistics(col, StatsScope(article_id, section), args.period)
    if args.json:
        print(json.dumps(stats.to_json(), ensure_ascii=False, indent=2))
    else:
        print(format_statistics(stats))
    return 0


def _cmd_fsrs_optimise(args: argparse.Namespace) -> int:
    from app.core.stats.optimise import format_result, optimise

    if args.reschedule and not args.apply:
        print("studydesk: --reschedule needs --apply", file=sys.stderr)
        return 2
    with _open_collection(args, "collection") as col:
        result = optimise(col, apply=args.apply, reschedule=args.reschedule)
    print(json.dumps(result.to_json(), indent=2) if args.json else format_result(result))
    return 0


def _cmd_fsrs_restore(args: argparse.Namespace) -> int:
    from app.core.stats.optimise import has_fitted_parameters, restore_previous_parameters

    with _open_collection(args, "collection") as col:
        restore_previous_parameters(col)
        fitted = has_fitted_parameters(col)
    print("FSRS now uses the fitted parameters again." if fitted
          else "FSRS now uses its default parameters.")
    return 0


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


def _cmd_deck_check(args: argparse.Namespace) -> int:
    from app.core.decks.file import load_deck

    deck = load_deck(Path(args.file))
    print(f"OK: {len(deck.cards)} cards in {len(deck.sections_used)} sections, "
          f"{len(deck.quizzes)} quizzes")
    return 0


def _cmd_deck_load(args: argparse.Namespace) -> int:
    from app.core.decks.store import load_deck_into_collection

    with _open_collection(args, "deck_collection") as col:
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


def _cmd_import(args: argparse.Namespace) -> int:
    """One `import` for everything: a web address or an article file becomes an article,
    a deck format (detected, or given with --format) becomes a deck."""
    from app.core.interop.imports import detect_format, import_deck_file

    is_url = args.source.startswith(("http://", "https://"))
    fmt = args.format or ("article" if is_url else detect_format(Path(args.source)))
    if fmt == "article":
        return _import_article(args)
    with _open_collection(args, "collection") as col:
        imported = import_deck_file(col, Path(args.source), fmt,
                                    with_scheduling=args.with_scheduling)
    print(json.dumps(imported.to_json(), ensure_ascii=False) if args.json else imported.message)
    return 0


def _import_article(args: argparse.Namespace) -> int:
    from app.core.articles.library import load_article, prepare_source, store_prepared

    prepared = prepare_source(args.source)  # fetched and parsed before the collection opens
    with _open_collection(args, "collection") as col:
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


def _cmd_export(args: argparse.Namespace) -> int:
    from app.core.export.anki import (
        ExportError,
        article_source,
        export_notes,
        only_sections,
        resolve_sections,
    )
    from app.core.paths import default_collection_path
    from app.core.storage.collection import Collection

    with Collection.open(Path(args.collection) if args.collection
                         else default_collection_path()) as col:
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
        return loaded, export_notes(source, args.apkg,
                                    scheduling=_scheduling(col, source, args))


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


def _open_collection(args: argparse.Namespace, attr: str) -> Collection:
    from app.core.paths import default_collection_path
    from app.core.storage.collection import Collection

    return Collection.open(getattr(args, attr, None) or args.collection
                           or default_collection_path())


def _cmd_deck_subscribe(args: argparse.Namespace) -> int:
    from app.core.classroom.subscription import update_subscription

    with _open_collection(args, "deck_collection") as col:
        print(update_subscription(col, args.url))
    return 0


def _cmd_deck_update(args: argparse.Namespace) -> int:
    from app.core.classroom.subscription import check_all

    failed = 0
    with _open_collection(args, "deck_collection") as col:
        for outcome in check_all(col):
            if isinstance(outcome, Exception):
                failed += 1
                print(f"studydesk: {outcome}", file=sys.stderr)
            else:
                print(outcome)
    return 1 if failed else 0


def _cmd_class_send(args: argparse.Namespace) -> int:
    from app.core.classroom.lrs import LrsClient
    from app.core.classroom.outbox import outbox_status, send_pending
    from app.core.classroom.settings import get_secret, load_class_settings
    from app.core.errors import ClassroomError

    with _open_collection(args, "class_collection") as col:
        settings = load_class_settings(col)
        if not settings.active:
            raise ClassroomError("No class is set up (Settings → Class), so nothing is sent.")
        secret = get_secret(settings)
        if secret is None:
            raise ClassroomError("The LRS secret is not in this system's keyring: enter it "
                                 "again in Settings → Class.")
        with LrsClient(settings.endpoint, settings.key, secret) as client:
            report = send_pending(col, client, force=True)
        print(f"{report.sent} results sent. {outbox_status(col).text() or 'Nothing is waiting.'}")
        if report.error is not None:
            raise report.error
    return 0


def _instructor_secret(args: argparse.Namespace) -> str:
    import getpass
    import os

    from app.core.classroom.settings import ClassSettings, get_secret
    from app.core.errors import ClassroomError

    secret = os.environ.get("STUDYDESK_LRS_SECRET")
    if secret is None:
        try:
            secret = get_secret(ClassSettings(endpoint=args.lrs, key=args.key))
        except ClassroomError:  # no keyring on this machine: ask instead
            secret = None
    if secret is None and sys.stdin.isatty():
        secret = getpass.getpass(f"Secret for LRS key {args.key}: ")
    if not secret:
        raise ClassroomError("No LRS secret: set STUDYDESK_LRS_SECRET or run from a terminal.")
    return secret


def _cmd_class_results(args: argparse.Namespace) -> int:
    from app.core.classroom.analysis import analyse
    from app.core.classroom.lrs import LrsClient
    from app.core.classroom.results import attempts_from_csv, attempts_from_lrs, report_json
    from app.core.decks.file import load_deck
    from app.core.errors import ClassroomError

    deck = load_deck(Path(args.deck)) if args.deck else None
    quizzes = [q for q in (deck.quizzes if deck else []) if args.quiz in (None, q.id)]
    if deck is not None and not quizzes:
        known = ", ".join(q.id for q in deck.quizzes) or "none"
        raise ClassroomError(f"{args.deck} has no quiz {args.quiz!r} (its quizzes: {known}).")
    reports = []
    if args.lrs:
        if not (args.key and deck is not None):
            raise ClassroomError("With --lrs, give --key and --deck FILE (the deck whose "
                                 "quizzes to analyse; --quiz ID picks one).")
        with LrsClient(args.lrs, args.key, _instructor_secret(args)) as client:
            for quiz in quizzes:
                got = attempts_from_lrs(client, deck.id if deck else None, quiz.id)
                reports.append((quiz.title, analyse(got, args.attempts, args.threshold,
                                                    [q.card or "+".join(q.cards)
                                                     for q in quiz.questions])))
    else:
        titles = [q.id for q in quizzes] or [args.quiz]
        for quiz in titles:
            got = attempts_from_csv([Path(f) for f in args.csv], quiz)
            reports.append((quiz or "all quizzes", analyse(got, args.attempts, args.threshold)))
    if args.json:
        print("[" + ",\n".join(report_json(r) for _, r in reports) + "]")
        return 0
    for title, report in reports:
        mean = report.mean_score
        print(f"{title}: {report.students} students, {len(report.attempts)} attempts "
              f"({report.which})" + (f", mean score {mean:.2f}" if mean is not None else ""))
        print(f"  {'question':<42} {'n':>3} {'facility':>8} {'SD':>6} {'discr.':>7} "
              f"{'effic.':>7}")
        for q in report.questions:
            def pct(v: float | None) -> str:
                return "—" if v is None else f"{v:.1f}"
            flag = "  ⚑ low discrimination" if q.flagged else ""
            print(f"  {(q.prompt or q.question)[:42]:<42} {q.attempts:>3} {pct(q.facility):>8} "
                  f"{pct(q.sd):>6} {pct(q.discrimination):>7} {pct(q.efficiency):>7}{flag}")
    return 0


def _run_gui(args: argparse.Namespace) -> int:
    # before Qt can abort with its misleading "xcb-cursor0" message: say what is missing
    from app.ui.platform_check import check_platform

    problem = check_platform()
    if problem is not None:
        print(problem, file=sys.stderr)
        return 1
    if args.check_platform:
        from app.ui.platform_check import probe_platform

        return probe_platform()
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
