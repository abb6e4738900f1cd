"""`studydesk class …`: send this student's results, or analyse a whole class's."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.shared import Command, OneOf, arg, collection_option, json_flag, open_collection


def send(args: argparse.Namespace) -> int:
    from app.core.classroom.lrs import LrsClient
    from app.core.classroom.outbox import outbox_status, send_pending
    from app.core.classroom.settings import get_secret, load_class_settings
    from app.core.errors import ClassroomError

    with open_collection(args) as col:
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


def results(args: argparse.Namespace) -> int:
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
            flag = "  ⚑ low discrimination" if q.flagged else ""
            print(f"  {(q.prompt or q.question)[:42]:<42} {q.attempts:>3} {_pct(q.facility):>8} "
                  f"{_pct(q.sd):>6} {_pct(q.discrimination):>7} {_pct(q.efficiency):>7}{flag}")
    return 0


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


COMMANDS = (
    Command("class", "a class's results: send yours, or analyse everyone's", actions=(
        Command("results", "item analysis of a quiz (Moodle's figures) from the class's LRS "
                           "or students' CSV files", results, (
                               OneOf((arg("--lrs", metavar="URL",
                                          help="the LRS's xAPI endpoint"),
                                      arg("--csv", nargs="+", metavar="FILE",
                                          help="results files students sent"))),
                               arg("--key", help="the instructor's LRS key (secret: "
                                   "$STUDYDESK_LRS_SECRET, the keyring, or asked)"),
                               arg("--deck", metavar="FILE",
                                   help="the deck file whose quizzes to analyse"),
                               arg("--quiz", metavar="ID",
                                   help="only this quiz (id or, for CSV, title)"),
                               arg("--attempts", choices=["first", "last", "best", "all"],
                                   default="first", help="which attempts of each student "
                                   "count (default: first, as Moodle)"),
                               arg("--threshold", type=float, default=30.0,
                                   help="flag questions whose discrimination index is below "
                                        "this (default 30)"),
                               json_flag())),
        Command("send", "send the results waiting for the class's LRS now", send,
                (collection_option(),)),
    )),
)
