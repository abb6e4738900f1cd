"""Collecting a deck file's problems, each with its line, while the TOML is read.

Why one collector: every mistake of a file is reported at once (file, line,
what is wrong), by the reading of the cards (`file`) and of the quizzes
(`quizzes`) alike.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.core.decks.lines import LineIndex
from app.core.decks.model import ID_RE, DeckProblem


class Checker:
    """Collects problems with their lines while the raw TOML is turned into a Deck."""

    def __init__(self, path: Path, lines: LineIndex) -> None:
        self.path = path
        self.lines = lines
        self.problems: list[DeckProblem] = []

    def add(self, line: int, message: str) -> None:
        self.problems.append(DeckProblem(str(self.path), line, message))

    def string(self, table: dict[str, Any], key: str, where: tuple[str, int], label: str,
               required: bool = True) -> str:
        value = table.get(key)
        if value is None:
            if required:
                self.add(self.lines.table(*where), f"{label}: missing field {key!r}")
            return ""
        if not isinstance(value, str):
            self.add(self.lines.key(*where, key), f"{label}: {key!r} must be text")
            return ""
        if required and not value.strip():
            self.add(self.lines.key(*where, key), f"{label}: {key!r} is empty")
        return value

    def unknown_keys(self, table: dict[str, Any], allowed: tuple[str, ...],
                     where: tuple[str, int], label: str) -> None:
        for key in table:
            if key not in allowed:
                self.add(self.lines.key(*where, key),
                         f"{label}: unknown field {key!r} (allowed: {', '.join(allowed)})")


def array_of_tables(raw: dict[str, Any], name: str, check: Checker) -> list[dict[str, Any]]:
    """The `[[name]]` tables of the file (none, with a problem, if written otherwise)."""
    value = raw.get(name, [])
    if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
        check.add(check.lines.key("", 0, name), f"{name!r} must be written as [[{name}]] tables")
        return []
    return value


def read_id(table: dict[str, Any], where: tuple[str, int], check: Checker,
            seen: dict[str, int], noun: str, what: str) -> tuple[str | None, str]:
    """A card's or quiz's id, checked for form and uniqueness; also its label for messages."""
    number = f"{noun} #{where[1] + 1}"
    item_id = check.string(table, "id", where, number)
    label = f"{noun} {item_id!r}" if item_id else number
    if item_id:
        line = check.lines.key(*where, "id")
        if not ID_RE.match(item_id):
            check.add(line, f"{label}: id must be lower-case letters, digits and dashes")
        elif item_id in seen:
            check.add(line, f"{label}: duplicate {what} (first used on line {seen[item_id]})")
        else:
            seen[item_id] = line
    return item_id, label
