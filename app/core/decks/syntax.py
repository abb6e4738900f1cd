"""TOML syntax errors at the line where the mistake starts.

Why: `tomllib` notices an unclosed string, array or inline table only at the
end of the file (or far below); an instructor needs the line where it opens.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.decks.model import DeckProblem
from app.core.errors import DeckFileError


def parse_toml(text: str, path: Path) -> dict[str, Any]:
    """The TOML document, or a DeckFileError at the line where the mistake starts: an
    unclosed string, array or inline table is reported where it opens, not at the
    end of the file where the parser noticed it. The text is scanned for what is left
    open only once the parser has failed: a valid deck costs one parse."""
    try:
        return tomllib.loads(text)
    except RecursionError:
        opened = _unclosed(text)
        line = opened.deep_line if opened.deep_line else 1
        raise DeckFileError([DeckProblem(str(path), line, "TOML syntax error: values are "
                                         f"nested more than {_DEEP} levels deep")]) from None
    except tomllib.TOMLDecodeError as exc:
        opened = _unclosed(text)
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(exc))
        if opened.line and (m is None or int(m.group(1)) > opened.line):
            noticed = f"line {m.group(1)}" if m else "the end of the file"
            raise DeckFileError([DeckProblem(
                str(path), opened.line, f"TOML syntax error: the {opened.what} that starts "
                f"here is never closed ({message} at {noticed})")]) from None
        if m is not None and "Illegal character '\\n'" in message:
            raise DeckFileError([DeckProblem(str(path), int(m.group(1)), "TOML syntax error: "
                                             "a string on this line is not closed (a quote is "
                                             "missing)")]) from None
        if m is None:
            last = text.rstrip().count("\n") + 1
            raise DeckFileError([DeckProblem(str(path), last, f"TOML syntax error: {message} "
                                             "at the end of the file")]) from None
        raise DeckFileError([DeckProblem(str(path), int(m.group(1)),
                                         f"TOML syntax error: {message} (column "
                                         f"{m.group(2)})")]) from None


_DEEP = 100
_CLOSERS = {"[": "]", "{": "}"}


@dataclass
class _Unclosed:
    line: int = 0     # where the still-open construct starts (0: none)
    what: str = ""
    deep_line: int = 0  # where nesting first went past _DEEP levels


def _unclosed(text: str) -> _Unclosed:
    """Scan TOML for a multi-line string, array or inline table left open at the end."""
    found = _Unclosed()
    stack: list[tuple[str, int]] = []
    i, line, n = 0, 1, len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            line += 1
        elif ch == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        elif text.startswith(('"""', "'''"), i):
            quote, start = text[i:i + 3], line
            end = text.find(quote, i + 3)
            while quote == '"""' and end > 0 and _escaped(text, end):
                end = text.find(quote, end + 1)
            if end < 0:
                return _Unclosed(start, "multi-line string", found.deep_line)
            line += text.count("\n", i, end)
            i = end + 3
            continue
        elif ch in "\"'":
            end = i + 1
            while end < n and text[end] != ch and text[end] != "\n":
                end += 2 if ch == '"' and text[end] == "\\" else 1
            i = end + 1 if end < n and text[end] == ch else end
            continue
        elif ch in _CLOSERS:
            stack.append((ch, line))
            if len(stack) > _DEEP and not found.deep_line:
                found.deep_line = line
        elif ch in "]}" and stack and _CLOSERS[stack[-1][0]] == ch:
            stack.pop()
        i += 1
    if stack:
        opener, start = stack[-1]
        found.line, found.what = start, "array" if opener == "[" else "inline table"
    return found


def _escaped(text: str, at: int) -> bool:
    """Whether the quote at `at` is escaped by an odd number of backslashes."""
    count = 0
    while at - count - 1 >= 0 and text[at - count - 1] == "\\":
        count += 1
    return count % 2 == 1
