"""Small pieces of SQL shared by the queries that list things.

Why: listing quizzes, attempts and browser rows all narrow a query by whichever
of a few columns the caller gave; building that clause by hand in each place
is how one of them forgets a parameter. Values always travel as parameters.
"""

from __future__ import annotations

from typing import Any


def equal_filters(**columns: Any) -> tuple[str, list[Any]]:
    """`" AND col = ?"` for each column whose value is not None, and the values.

    Keyword names are column expressions written by the caller (never user
    text); use `__` for a dot: `n__kind="cloze"` filters on `n.kind`.
    """
    clause, params = "", []
    for name, value in columns.items():
        if value is not None:
            clause += f" AND {name.replace('__', '.')} = ?"
            params.append(value)
    return clause, params
