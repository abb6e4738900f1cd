"""What the fuzz tests share: their settings, the check every import must pass, and mutation.

In CI and a normal run every fuzz test tries FUZZ_EXAMPLES inputs chosen from a
fixed seed (`derandomize`), so a run is bounded and a failure repeats. Set
STUDYDESK_FUZZ_EXAMPLES=5000 (say) for a long, randomly seeded run.

`imported_or_refused` is the rule of issue 14: an input is imported, or refused
with a StudyDeskError naming the file and the collection left byte-identical.
`mutated` damages a valid file a little; the `fuzz_col` fixture (a pytest plugin,
see tests/conftest.py) is the collection the examples import into.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from app.core.storage.collection import Collection

LONG_RUN = "STUDYDESK_FUZZ_EXAMPLES" in os.environ
FUZZ_EXAMPLES = int(os.environ.get("STUDYDESK_FUZZ_EXAMPLES", "40"))
T = TypeVar("T")

fuzz = settings(
    max_examples=FUZZ_EXAMPLES,
    derandomize=not LONG_RUN,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                           HealthCheck.data_too_large],
)
#: For inputs rebuilt as a whole format each example (a zip, a PDF, an SQLite inside a
#: zip): half as many in a short run, so the suite stays quick; all of them in a long run.
fuzz_whole_files = settings(fuzz, max_examples=FUZZ_EXAMPLES if LONG_RUN
                            else max(10, FUZZ_EXAMPLES // 2))


def snapshot(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table of the collection file at `path`, read on its own
    connection (so what is compared is what is committed)."""
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        from app.core.storage.sql import ordinary_tables

        # with sqlite_sequence (AUTOINCREMENT counters); the full-text index is derived
        tables = ["sqlite_sequence", *ordinary_tables(conn)]
        return {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall()
                for t in tables}
    finally:
        conn.close()


def collection_bytes(path: Path) -> bytes:
    """The collection file and its write-ahead log, byte for byte: what "left untouched"
    means for a refused input (a snapshot of rows alone would miss a stray write)."""
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + b"\0WAL\0" + (wal.read_bytes() if wal.exists() else b"")


def imported_or_refused(col_path: Path, source: Path, action: Callable[[], T]) -> T | None:
    """Run an import of `source`: its result, or None when it was refused as it must be —
    a StudyDeskError naming the file, and the collection byte-identical. Any other
    exception propagates, and hypothesis reports the input that raised it."""
    from app.core.errors import StudyDeskError

    rows, raw = snapshot(col_path), collection_bytes(col_path)
    try:
        return action()
    except StudyDeskError as exc:
        assert str(source) in str(exc), str(exc)
        assert snapshot(col_path) == rows
        assert collection_bytes(col_path) == raw
        return None


@st.composite
def mutated(draw: st.DrawFn, base: bytes, tokens: st.SearchStrategy[bytes],
            most: int = 4) -> bytes:
    """`base` with one to `most` spans replaced by a token, random bytes or nothing, and
    perhaps cut short: a valid file made a little wrong, as damaged files are."""
    data = base
    for _ in range(draw(st.integers(1, most))):
        start = draw(st.integers(0, len(data)))
        end = min(len(data), start + draw(st.integers(0, 24)))
        insert = draw(st.one_of(tokens, st.binary(max_size=12)))
        data = data[:start] + insert + data[end:]
    if draw(st.integers(0, 9)) == 0:
        data = data[:draw(st.integers(0, len(data)))]
    return data


@pytest.fixture
def fuzz_col(tmp_path: Path) -> Iterator[Collection]:
    """A collection for one fuzz test: every example runs against it (hypothesis reuses
    function-scoped fixtures), so a refusal must leave it as the last success left it."""
    col = Collection.open(tmp_path / "fuzz.sqlite3")
    col.backup_on_close = False
    yield col
    col.close()
