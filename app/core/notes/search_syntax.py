"""The browser's search language, as Anki users type it, read into a tree.

`tag:`, `article:`, `section:`, `kind:`, `card:`, `is:new|due|learn|review|suspended|buried`,
`prop:ivl>10` (also due, reps, lapses), `rated:7[:rating]`, `added:30`, `edited:3`,
a note field by name (`front:dog` is the whole field, `back:*cat*` part of it), `re:`
regular expressions, `flag:1`, `nid:`/`cid:` ids, `dupe:prompt`/`dupe:answer` (notes sharing
their prompt or answer with another), quoted phrases, `*` wildcards, `-` negation,
`or`/`and` and parentheses.

Why a grammar (lark) rather than hand-split words: quoting, nesting and negation
interact (`-(tag:a or "b c")`), and a grammar states them once and reports a
mistake with its column. `app.core.notes.search` turns the tree into SQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from lark import Lark, Token, Transformer, exceptions

from app.core.errors import SearchError
from app.core.notes.model import OPTIONAL_FIELDS, REQUIRED_FIELDS

GRAMMAR = r"""
start: or_expr?
?or_expr: and_expr (_OR and_expr)*
?and_expr: unary (_AND? unary)*
?unary: NEG unary -> negate
      | "(" or_expr ")"
      | FIELD_TERM -> field_term
      | QUOTED -> text_term
      | WORD -> text_term
_OR.3: /or(?=[\s()]|$)/i
_AND.3: /and(?=[\s()]|$)/i
NEG: "-"
FIELD_TERM.2: /[A-Za-z_]+:("(?:[^"\\]|\\.)*"?|[^\s()"]*)/
QUOTED.1: /"(?:[^"\\]|\\.)*"?/
WORD: /[^\s()"\-][^\s()"]*/
%ignore /\s+/
"""


#: the names of note fields, searchable as `front:dog`
NOTE_FIELDS = tuple(sorted({name for names in (*REQUIRED_FIELDS.values(),
                                               *OPTIONAL_FIELDS.values()) for name in names}))


FIELDS = ("tag", "article", "section", "kind", "card", "is", "prop", "rated", "added",
          "edited", "re", "nid", "cid", "dupe", "flag", *NOTE_FIELDS)


FLAG_COUNT = 7  # flags 1 to 7, as Anki's; 0 is no flag


DUPE_COLUMNS = ("prompt", "answer")


IS_VALUES = ("new", "due", "learn", "review", "suspended", "buried")


PROPS = ("ivl", "due", "reps", "lapses")


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class Term:
    field: str   # "" for text
    value: str


@dataclass(frozen=True)
class Not:
    node: Node


@dataclass(frozen=True)
class All:
    nodes: tuple[Node, ...]


@dataclass(frozen=True)
class Any_:
    nodes: tuple[Node, ...]


Node = Term | Not | All | Any_


def _unquote(text: str) -> str:
    if text.startswith('"'):
        text = text[1:-1] if len(text) > 1 and text.endswith('"') and text[-2:] != '\\"' \
            else text[1:]
        return re.sub(r'\\(.)', r"\1", text)
    return text


class _Tree(Transformer[Token, Node | None]):
    def start(self, items: list[Node]) -> Node | None:
        return items[0] if items else None

    def or_expr(self, items: list[Node]) -> Node:
        return Any_(tuple(items))

    def and_expr(self, items: list[Node]) -> Node:
        return All(tuple(items))

    def negate(self, items: list[Any]) -> Node:
        return Not(items[1])

    def field_term(self, items: list[Token]) -> Node:
        name, _, value = str(items[0]).partition(":")
        name = name.casefold()
        if name not in FIELDS:
            raise SearchError(f"Unknown search field “{name}:” in “{items[0]}”. Use one of "
                              f"{', '.join(f + ':' for f in FIELDS)} — or put the text in "
                              "quotes to search for it.")
        value = _unquote(value)
        if not value and name not in NOTE_FIELDS:  # `front:` is an empty field, as in Anki
            raise SearchError(f"“{name}:” needs a value, e.g. {name}:{EXAMPLES[name]}.")
        return Term(name, value)

    def text_term(self, items: list[Token]) -> Node:
        text = _unquote(str(items[0]))
        name, colon, _value = text.partition(":")
        if colon and str(items[0]).startswith('"') and name.casefold() in FIELDS:
            # "front:hot dog": Anki quotes the whole term when the value has spaces
            return self.field_term([Token("FIELD_TERM", text)])
        return Term("", text)


#: an example value of each search field, for the messages that ask for one
EXAMPLES = {"tag": "dates", "article": "russia*", "section": "2", "kind": "cloze",
             "card": "2", "is": "due", "prop": "ivl>10", "rated": "7", "added": "30",
             "edited": "3", "re": '"vosto?k"', "nid": "m1,m2", "cid": "12,13",
             "dupe": "prompt", "flag": "1", **{name: "*word*" for name in NOTE_FIELDS}}


@cache
def _parser() -> Lark:
    return Lark(GRAMMAR, parser="lalr")


def parse(text: str) -> Node | None:
    """The search as a tree; None for an empty search. Raises SearchError naming the
    column of a mistake (an unclosed parenthesis, a lone `-`)."""
    # pasted text may hold control characters or half a surrogate pair: neither can be
    # searched for, and SQLite's full-text query would reject them
    text = _CONTROL.sub(" ", text.encode("utf-8", "replace").decode("utf-8"))
    if not text.strip():
        return None  # the browser opens with no search: no need to build the parser
    try:
        return _Tree().transform(_parser().parse(text))
    except exceptions.VisitError as exc:
        if isinstance(exc.orig_exc, SearchError):
            raise exc.orig_exc from None
        raise
    except exceptions.UnexpectedInput as exc:
        at_end = isinstance(exc, exceptions.UnexpectedEOF) or (
            isinstance(exc, exceptions.UnexpectedToken) and exc.token.type == "$END")
        if not at_end:
            column = getattr(exc, "column", "?")
            raise SearchError(f"The search “{text}” cannot be read at column {column}: "
                              "check the parentheses and the “-”.") from None
        raise SearchError(f"The search “{text}” ends too early (an unclosed "
                          "parenthesis or a lone “-”?).") from None
