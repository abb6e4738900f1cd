"""`studydesk backup`, `backups`, `restore`, `check` and `salvage`: the collection file itself."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.shared import Command, arg, open_collection


def backup(args: argparse.Namespace) -> int:
    from app.core.storage.backups import create_backup

    with open_collection(args) as col:
        col.backup_on_close = False
        print(f"Backed up to {create_backup(col, 'manual')}")
    return 0


def backups(args: argparse.Namespace) -> int:
    from app.core.storage.backups import list_backups

    with open_collection(args) as col:
        found = list_backups(col.path)
    if not found:
        print("No backups yet.")
    for b in found:
        what = (f"{b.cards} cards, {b.reviews} reviews" if b.readable else "unreadable")
        print(f"{b.created.astimezone():%Y-%m-%d %H:%M:%S}  {b.size / 1024:8.0f} KiB  {what:<28} "
              f"{b.reason:<20} {b.path}")
    return 0


def restore(args: argparse.Namespace) -> int:
    from app.core.errors import CollectionDamagedError
    from app.core.paths import default_collection_path
    from app.core.storage.backups import restore_backup
    from app.core.storage.check import restore_damaged

    try:
        col = open_collection(args)
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


def check(args: argparse.Namespace) -> int:
    from app.core.storage.check import check_database

    with open_collection(args) as col:
        report = check_database(col, fix=not args.no_fix)
    print(report.text())
    return 1 if report.damaged or (report.problems and not report.fixed) else 0


def salvage(args: argparse.Namespace) -> int:
    from app.core.storage.check import salvage as salvage_into

    print(salvage_into(Path(args.damaged), Path(args.new)))
    return 0


COMMANDS = (
    Command("backup", "back up the collection now", backup),
    Command("backups", "list the collection's backups, newest first", backups),
    Command("restore", "replace the collection with a backup (the current state is backed "
                       "up first)", restore, (
                           arg("file", help="a backup file (see `studydesk backups`)"),)),
    Command("check", "check the collection for damage and contradictions, and fix what is "
                     "safe to fix (after a backup)", check, (
                         arg("--no-fix", action="store_true", help="only report, change nothing"),)),
    Command("salvage", "copy what can still be read from a damaged collection into a new one",
            salvage, (arg("damaged", help="the damaged collection file (only read)"),
                      arg("new", help="the new collection file to create"))),
)
