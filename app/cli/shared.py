"""What every command group of the CLI uses: its parser rows as data, and the collection.

Why rows and not `add_parser` calls: thirty options written out call by call were
the same lines again and again; a command is now one `Command` value next to the
function that runs it, and `add_commands` is the one place that turns them into
argparse parsers.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.core.storage.collection import Collection

Run = Callable[[argparse.Namespace], "int | None"]


@dataclass(frozen=True)
class Arg:
    """One argument: `add_argument(*flags, **options)`."""

    flags: tuple[str, ...]
    options: dict[str, Any]


def arg(*flags: str, **options: Any) -> Arg:
    return Arg(flags, options)


@dataclass(frozen=True)
class OneOf:
    """Arguments of which at most one (`required`: exactly one) may be given."""

    args: tuple[Arg, ...]
    required: bool = True


@dataclass(frozen=True)
class Command:
    """A subcommand: its arguments and the function that runs it, or its own actions
    (`studydesk deck check`, …) as `actions`."""

    name: str
    help: str
    run: Run | None = None
    args: tuple[Arg | OneOf, ...] = ()
    actions: tuple[Command, ...] = ()
    aliases: tuple[str, ...] = ()


def json_flag(help: str = "print JSON instead of text") -> Arg:
    return arg("--json", action="store_true", help=help)


def collection_option(help: str = "the collection to use (default: the one in your data "
                                  "folder)") -> Arg:
    """`--collection` after the subcommand; given before it (`studydesk --collection X
    …`) counts too, since this one sets nothing when it is left out."""
    return arg("--collection", metavar="PATH", default=argparse.SUPPRESS, help=help)


def add_commands(sub: argparse._SubParsersAction, commands: tuple[Command, ...]) -> None:
    for command in commands:
        parser = sub.add_parser(command.name, help=command.help, aliases=list(command.aliases))
        for item in command.args:
            if isinstance(item, OneOf):
                group = parser.add_mutually_exclusive_group(required=item.required)
                for one in item.args:
                    group.add_argument(*one.flags, **one.options)
            else:
                parser.add_argument(*item.flags, **item.options)
        if command.actions:
            actions = parser.add_subparsers(dest=f"{command.name}_command", metavar="ACTION",
                                            required=True)
            add_commands(actions, command.actions)
        else:
            parser.set_defaults(func=command.run)


def open_collection(args: argparse.Namespace) -> Collection:
    """The collection `--collection` names, else the one in the data folder."""
    from app.core.paths import default_collection_path
    from app.core.storage.collection import Collection

    return Collection.open(getattr(args, "collection", None) or default_collection_path())
