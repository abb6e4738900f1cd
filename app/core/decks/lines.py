"""Line numbers for the tables and keys of a TOML document.

Why: `tomllib` gives values but forgets where they came from, and a deck
author needs "line 42: unknown section" to fix a file of hundreds of cards.
This scanner reads the same text once more and records where each table
header, key and inline table of an array starts. It understands what deck files
use (tables, arrays of tables, keys, multi-line strings, multi-line arrays of
inline tables); anything it cannot place falls back to the enclosing table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_KEY_RE = re.compile(r"""\s*("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)\s*=""")
_HEADER_RE = re.compile(r"\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")

TableRef = tuple[str, int]  # ("cards", 3) = the fourth [[cards]]; ("deck", 0) = [deck]


@dataclass
class LineIndex:
    """Where things are: table headers, keys inside tables, items of inline-table arrays."""

    tables: dict[TableRef, int] = field(default_factory=dict)
    keys: dict[tuple[str, int, str], int] = field(default_factory=dict)
    items: dict[tuple[str, int, str, int], int] = field(default_factory=dict)

    def table(self, name: str, idx: int = 0) -> int:
        return self.tables.get((name, idx), 1)

    def key(self, name: str, idx: int, key: str) -> int:
        """The line of `key` in the table, else the table's header line."""
        return self.keys.get((name, idx, key), self.table(name, idx))

    def item(self, name: str, idx: int, key: str, item: int) -> int:
        """The line where inline table number `item` of array `key` starts."""
        return self.items.get((name, idx, key, item), self.key(name, idx, key))


def index_lines(text: str) -> LineIndex:
    """Scan TOML text and record the line (1-based) of every header and key."""
    index = LineIndex()
    lines = text.split("\n")
    counts: dict[str, int] = {}
    current: TableRef = ("", 0)
    open_string: str | None = None  # the delimiter of a multi-line string we are inside
    skip_to = 0  # lines inside a multi-line array already scanned
    for lineno, line in enumerate(lines, 1):
        if lineno <= skip_to:
            continue
        if open_string is not None:
            if line.count(open_string) % 2 == 1:
                open_string = None
            continue
        header = _HEADER_RE.match(line)
        if header and not line.lstrip().startswith("#"):
            name = header.group(2).strip().strip('"')
            if header.group(1) == "[[":
                idx = counts.get(name, 0)
                counts[name] = idx + 1
            else:
                idx = 0
            current = (name, idx)
            index.tables[current] = lineno
            continue
        key = _KEY_RE.match(line)
        if key:
            name = key.group(1).strip("\"'")
            index.keys[(current[0], current[1], name)] = lineno
            value_start = key.end()
            if line[value_start:].lstrip().startswith("["):
                skip_to = _index_array_items(index, lines, lineno - 1, value_start,
                                             (*current, name))
                continue
        for delim in ('"""', "'''"):
            if line.count(delim) % 2 == 1:
                open_string = delim
                break
    return index


def _index_array_items(
    index: LineIndex, lines: list[str], row: int, col: int, where: tuple[str, int, str]
) -> int:
    """Record the line of each top-level `{` in the array value starting at (row, col).

    Returns the (1-based) line where the array ends, so the caller skips its lines.
    """
    depth, item, quote = 0, 0, ""
    for r in range(row, len(lines)):
        line = lines[r]
        c = col if r == row else 0
        while c < len(line):
            ch = line[c]
            if quote:
                if ch == "\\" and quote == '"':
                    c += 1
                elif ch == quote:
                    quote = ""
            elif ch in "\"'":
                quote = ch
            elif ch == "#":
                break
            elif ch in "[{":
                if ch == "{" and depth == 1:
                    index.items[(*where, item)] = r + 1
                    item += 1
                depth += 1
            elif ch in "]}":
                depth -= 1
                if depth == 0:
                    return r + 1
            c += 1
    return len(lines)
