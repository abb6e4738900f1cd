"""Card generation speed on large articles: ~100 KB and ~1 MB.

The large articles repeat the bundled article's text with varied numbers and
names, so no copy is an exact duplicate (near-duplicate detection, pools of
distractors and ranking all see realistic variety). Parsing is timed apart:
the target is for generation from an imported Article.

Targets: 1 MB in ≤ 10 s, and linear growth — the 1MB/100KB time ratio close
to the size ratio (reported side by side in the same run).
"""

from __future__ import annotations

import re
import sys
from typing import Any

from app.core.articles.importers.text import parse_text
from app.core.articles.model import Article
from app.core.generate import generate_candidates
from app.core.generate.index import analyse
from benchmarks.common import ARTICLE, print_table, repeat, result

NAMES = ["Kashin", "Shoygu", "Putin", "Lavrov", "Trenin", "Kofman", "Gorenburg"]
SUFFIXES = ["ov", "in", "sky", "enko", "ev", "ich", "ski"]


def _vary(text: str, copy: int) -> str:
    """One copy of the article with its numbers shifted and its people renamed."""
    def number(m: re.Match[str]) -> str:
        value = int(m.group(0).replace(",", ""))
        if 1900 <= value <= 2030:
            return str(value + copy % 7 - 3)
        return f"{value + copy:,}" if value > 999 else str(value + copy)

    body = re.sub(r"(?<![\w.-])\d{1,3}(?:,\d{3})+(?![\w-])|(?<![\w.-])\d+(?![\w.-])", number, text)
    for i, name in enumerate(NAMES):
        body = body.replace(name, name + SUFFIXES[(i + copy) % len(SUFFIXES)] + str(copy))
    return body


def build_article(size: int) -> tuple[Article, int]:
    """A heading-structured article of about `size` bytes; returns it and its real size."""
    source = ARTICLE.read_text(encoding="utf-8")
    head, _, body = source.partition("Between the 1950s")
    body = "Between the 1950s" + body
    parts, total, copy = [head], len(head.encode()), 0
    while total < size:
        chunk = f"\n\nPart {copy + 1} overview\n\n" + _vary(body, copy)
        parts.append(chunk)
        total += len(chunk.encode())
        copy += 1
    text = "".join(parts)
    return parse_text(text, source_name="bench.txt"), len(text.encode())


def _generate(article: Article) -> int:
    analyse.cache_clear()  # time the whole pipeline, not a cached analysis
    return len(generate_candidates(article))


def run(quick: bool = False) -> list[dict[str, Any]]:
    runs = 1 if quick else 3
    small, small_bytes = build_article(100_000)
    big, big_bytes = build_article(1_000_000)
    _generate(small)  # warm-up: imports, compiled patterns
    t_small = repeat(lambda: _generate(small), runs)
    t_big = repeat(lambda: _generate(big), runs)
    n_small, n_big = _generate(small), _generate(big)
    size_ratio = big_bytes / small_bytes
    growth = t_big.median / t_small.median
    return [
        result(f"generate {small_bytes / 1e3:.0f} KB article ({n_small} candidates)",
               t_small.show(), "", None, "", True),
        result(f"generate {big_bytes / 1e6:.2f} MB article ({n_big} candidates)",
               t_big.show(), "10 s target", t_big.median / 10.0, "≤ 10 s",
               t_big.median <= 10.0),
        result("generate growth 1 MB / 100 KB", f"{growth:.1f}× time",
               f"{size_ratio:.1f}× size", growth / size_ratio, "≤ 1.3 (linear)",
               growth / size_ratio <= 1.3),
    ]


if __name__ == "__main__":
    print_table(run(quick="--quick" in sys.argv))
