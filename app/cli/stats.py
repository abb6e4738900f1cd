"""`studydesk stats` and `studydesk fsrs …`: study statistics and fitting FSRS to them."""

from __future__ import annotations

import argparse
import json
import sys

from app.cli.shared import Command, arg, collection_option, json_flag, open_collection
from app.core.stats.scope import PERIODS


def stats(args: argparse.Namespace) -> int:
    from app.core.articles.library import find_article_id
    from app.core.errors import StatsError
    from app.core.stats.figures import compute_statistics, format_statistics
    from app.core.stats.scope import StatsScope

    if args.section is not None and args.article is None:
        raise StatsError("--section needs --article.")
    with open_collection(args) as col:
        article_id = None
        if args.article is not None:
            article_id = find_article_id(col, args.article)
            if article_id is None:
                raise StatsError(f"No article {args.article!r} in the collection.")
        section = None if args.section is None else args.section - 1
        figures = compute_statistics(col, StatsScope(article_id, section), args.period)
    if args.json:
        print(json.dumps(figures.to_json(), ensure_ascii=False, indent=2))
    else:
        print(format_statistics(figures))
    return 0


def fsrs_optimise(args: argparse.Namespace) -> int:
    from app.core.stats.optimise import format_result, optimise

    if args.reschedule and not args.apply:
        print("studydesk: --reschedule needs --apply", file=sys.stderr)
        return 2
    with open_collection(args) as col:
        result = optimise(col, apply=args.apply, reschedule=args.reschedule)
    print(json.dumps(result.to_json(), indent=2) if args.json else format_result(result))
    return 0


def fsrs_restore(args: argparse.Namespace) -> int:
    from app.core.stats.optimise import has_fitted_parameters, restore_previous_parameters

    with open_collection(args) as col:
        restore_previous_parameters(col)
        fitted = has_fitted_parameters(col)
    print("FSRS now uses the fitted parameters again." if fitted
          else "FSRS now uses its default parameters.")
    return 0


COMMANDS = (
    Command("stats", "print study statistics of the collection, an article or a section",
            stats, (
                arg("--article", metavar="ID", help="only this article (id, title or file name)"),
                arg("--section", type=int, metavar="N",
                    help="only section N (1-based) of --article"),
                arg("--period", choices=list(PERIODS), default="1 month",
                    help="the period of the per-day figures (default: 1 month)"),
                json_flag(), collection_option("the collection to read"))),
    Command("fsrs", "fit FSRS's parameters to your review history", actions=(
        Command("optimise", "fit the parameters; with --apply adopt them if they predict your "
                            "answers better", fsrs_optimise, (
                                arg("--apply", action="store_true",
                                    help="adopt the fit if it is better"),
                                arg("--reschedule", action="store_true",
                                    help="with --apply: reschedule every card under the new "
                                         "parameters"),
                                json_flag(), collection_option("the collection to fit")),
                aliases=("optimize",)),
        Command("restore", "go back to the parameters before the last fit", fsrs_restore,
                (collection_option("the collection"),)),
    )),
)
