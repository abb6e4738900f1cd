"""Small pieces of SQL shared by the queries that list things.

Why: listing quizzes, attempts and browser rows all narrow a query by whichever
of a few columns the caller gave; building that clause by hand in each place
is how one of them forgets a parameter. Values always travel as parameters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
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


def ordinary_tables(conn: Any) -> list[str]:
    """The collection's own tables in creation order: no SQLite internals, no virtual
    tables (the browser's full-text index) and none of their shadow tables, which
    their own triggers keep in step with the tables they index."""
    rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' "
                        "AND name NOT LIKE 'sqlite_%' ORDER BY rowid").fetchall()
    virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")]
    return [name for name, _sql in rows
            if name not in virtual and not any(name.startswith(v + "_") for v in virtual)]


#: From this share of a table's rows on, an update of indexed columns runs faster with
#: those indexes dropped and created again: creating one sorts the table once, where
#: keeping it up to date moves each row's entry to another, random page of the index
#: (rescheduling 255,000 of 300,000 cards' due dates: 7 s of writing -> 3.5 s).
REBUILD_SHARE = 0.125
_ON = re.compile(r"\sON\s", re.IGNORECASE)


@contextmanager
def indexes_rebuilt(conn: Any, table: str, columns: Sequence[str], rows: int
                    ) -> Iterator[None]:
    """Around an update of `columns` in `rows` rows of `table`, inside a transaction:
    when that is at least REBUILD_SHARE of the table, drop every index whose definition
    names one of the columns and create each again (its own SQL) once the update is
    done. A failure leaves them dropped for the transaction's rollback to restore."""
    if not conn.in_transaction:
        raise RuntimeError("indexes_rebuilt needs a transaction to fall back on")
    size = conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
    if not rows or rows < REBUILD_SHARE * size:
        yield
        return
    words = [re.compile(rf"\b{re.escape(c)}\b", re.IGNORECASE) for c in columns]
    dropped = [(name, sql) for name, sql in conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
        "AND sql IS NOT NULL", (table,)).fetchall()  # no UNIQUE's own indexes
        if any(w.search(_ON.split(sql, 1)[-1]) for w in words)]  # the name aside
    for name, _sql in dropped:
        conn.execute(f'DROP INDEX "{name}"')
    yield
    for _name, sql in dropped:
        conn.execute(sql)
