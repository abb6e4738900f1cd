"""Hypothesis settings for the fuzz tests: short and repeatable by default, long on request.

In CI and a normal run every fuzz test tries FUZZ_EXAMPLES inputs chosen from a
fixed seed (`derandomize`), so a run is bounded and a failure repeats. Set
STUDYDESK_FUZZ_EXAMPLES=5000 (say) for a long, randomly seeded run.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from hypothesis import HealthCheck, settings

LONG_RUN = "STUDYDESK_FUZZ_EXAMPLES" in os.environ
FUZZ_EXAMPLES = int(os.environ.get("STUDYDESK_FUZZ_EXAMPLES", "40"))

fuzz = settings(
    max_examples=FUZZ_EXAMPLES,
    derandomize=not LONG_RUN,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                           HealthCheck.data_too_large],
)


def snapshot(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table of the collection file at `path`, read on its own
    connection (so what is compared is what is committed)."""
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall()
                for t in tables}
    finally:
        conn.close()
