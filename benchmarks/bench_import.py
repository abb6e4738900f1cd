"""Importing a long plain-text article into a collection: 100 KB and 1 MB.

Targets: 1 MB in ≤ 2 s, and linear growth (the 1 MB / 100 KB time ratio close
to the size ratio; we accept up to 1.3× the size ratio).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from app.core.articles.library import import_article_file
from app.core.storage.collection import Collection
from benchmarks.common import print_table, repeat, result, synthetic_article


def _import_once(path: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp, Collection.open(Path(tmp) / "c.sqlite3") as col:
        import_article_file(col, path)


def run(quick: bool = False) -> list[dict[str, Any]]:
    runs = 2 if quick else 5
    with tempfile.TemporaryDirectory() as tmp:
        small, large = Path(tmp) / "article-100k.txt", Path(tmp) / "article-1m.txt"
        small.write_text(synthetic_article(100_000), encoding="utf-8")
        large.write_text(synthetic_article(1_000_000), encoding="utf-8")
        _import_once(small)  # warm-up: imports, pysbd's rules
        t_small = repeat(lambda: _import_once(small), runs)
        t_large = repeat(lambda: _import_once(large), runs)
        size_ratio = large.stat().st_size / small.stat().st_size
    growth = t_large.median / t_small.median
    return [
        result("import 100 KB article", t_small.show(), "", None, "", True),
        result("import 1 MB article", t_large.show(), "2 s target", t_large.median / 2.0,
               "≤ 2 s", t_large.median <= 2.0),
        result("import growth 1 MB / 100 KB", f"{growth:.1f}× time",
               f"{size_ratio:.1f}× size", growth / size_ratio, "≤ 1.3 (linear)",
               growth / size_ratio <= 1.3),
    ]


if __name__ == "__main__":
    print_table(run(quick="--quick" in sys.argv))
