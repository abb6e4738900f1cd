"""`studydesk deck …`: check, load, subscribe to and update instructors' deck files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.shared import Command, arg, collection_option, open_collection


def check(args: argparse.Namespace) -> int:
    from app.core.decks.file import load_deck

    deck = load_deck(Path(args.file))
    print(f"OK: {len(deck.cards)} cards in {len(deck.sections_used)} sections, "
          f"{len(deck.quizzes)} quizzes")
    return 0


def load(args: argparse.Namespace) -> int:
    from app.core.decks.store import load_deck_into_collection

    with open_collection(args) as col:
        summary = load_deck_into_collection(col, Path(args.file))
    print(summary)
    return 0


def subscribe(args: argparse.Namespace) -> int:
    from app.core.classroom.subscription import update_subscription

    with open_collection(args) as col:
        print(update_subscription(col, args.url))
    return 0


def update(args: argparse.Namespace) -> int:
    from app.core.classroom.subscription import check_all

    failed = 0
    with open_collection(args) as col:
        for outcome in check_all(col):
            if isinstance(outcome, Exception):
                failed += 1
                print(f"studydesk: {outcome}", file=sys.stderr)
            else:
                print(outcome)
    return 1 if failed else 0


DECK_FILE = arg("file", help="a deck .toml file")
COMMANDS = (
    Command("deck", "check or load an instructor-built deck file (TOML)", actions=(
        Command("check", "validate a deck file and list every error", check, (DECK_FILE,)),
        Command("load", "validate a deck file and load it into the collection", load, (
            DECK_FILE, collection_option("the collection to load into (default: the one in "
                                         "your data folder)"))),
        Command("subscribe", "load a deck from a web address and keep it up to date (the "
                             "course site's deck)", subscribe, (
                                 arg("url", help="the deck file's https:// address"),
                                 collection_option())),
        Command("update", "check every subscribed deck for changes", update,
                (collection_option(),)),
    )),
)
