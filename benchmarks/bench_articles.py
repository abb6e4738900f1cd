"""Importing web pages, EPUB and PDF (issue 11).

Web pages of 100 KB / 1 MB / 5 MB (an article among menus, sidebars and footers)
against trafilatura's own extraction of the same page (target: ratio ≤ 1.5);
2.2 MB of nested <div>s (≤ 5 s); an EPUB and a PDF built from the bundled
article, against pdfminer's plain text extraction for the PDF.

Ours and the reference take turns, run by run, and each figure shows the wall
clock and the CPU time (median [min–max]); the ratio is of CPU times, which the
other load of a shared machine inflates least.
"""

from __future__ import annotations

import html
import sys
import tempfile
from pathlib import Path
from typing import Any

from app.core.articles.importers import import_file
from benchmarks.common import Timing, interleaved, result, synthetic_article


def _web_page(target_bytes: int) -> str:
    """An article with headings in a page with the usual furniture around it."""
    body, size = [], 0
    for block in synthetic_article(target_bytes).split("\n\n"):
        text = html.escape(block.strip())
        tag = "h2" if len(text.split()) < 12 and not text.endswith(".") else "p"
        body.append(f"<{tag}>{text}</{tag}>")
        size += len(text)
    furniture = "".join(f"<li><a href='/s{i}'>Section {i}</a></li>" for i in range(40))
    return (f"<html><head><title>Benchmark article | Example News</title></head><body>"
            f"<header><nav><ul>{furniture}</ul></nav></header><div class='wrap'>"
            f"<main><article><h1>Benchmark article</h1>{''.join(body)}</article></main>"
            f"<aside><h2>Most Read</h2><ul>{furniture}</ul></aside></div>"
            f"<footer><p>© Example News</p></footer></body></html>")


def _nested_divs(target_bytes: int) -> str:
    sentence = "The harbour was rebuilt in a year after the storm, and trade came back. "
    parts, depth, size = [], 0, 0
    while size < target_bytes:
        chunk = f"<div class='c{depth % 7}'>{sentence * 3}Level {depth}."
        parts.append(chunk)
        size += len(chunk) + 6
        depth += 1
    return "<html><body>" + "".join(parts) + "</div>" * depth + "</body></html>"


def _show(wall: Timing, cpu: Timing) -> str:
    return f"{wall.show()}, CPU {cpu.show()}"


def _against(figure: str, ours: Any, reference_name: str, reference: Any, runs: int,
             ) -> dict[str, Any]:
    """A row of ours against a reference, measured in turns; the ratio of CPU medians."""
    times = interleaved({"ours": ours, "reference": reference}, runs)
    (our_wall, our_cpu), (their_wall, their_cpu) = times["ours"], times["reference"]
    ratio = our_cpu.median / their_cpu.median
    return result(figure, _show(our_wall, our_cpu),
                  f"{reference_name} {_show(their_wall, their_cpu)}", ratio,
                  f"≤ 1.5× {reference_name}", ratio <= 1.5)


def _web_rows(tmp: Path, sizes: list[tuple[str, int]], runs: int) -> list[dict[str, Any]]:
    import trafilatura

    rows = []
    import_file(Path(__file__).parents[1] / "tests" / "data" / "web" / "news.html")  # warm-up
    for label, size in sizes:
        path = tmp / f"page-{label}.html"
        page = _web_page(size)
        path.write_text(page, encoding="utf-8")
        rows.append(_against(
            f"web page {label}", lambda p=path: import_file(p), "trafilatura",
            lambda p=page: trafilatura.extract(p, fast=True, with_metadata=True), runs))
    return rows


def run(quick: bool = False) -> list[dict[str, Any]]:
    runs = 1 if quick else 5
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        sizes = [("100 KB", 100_000)] if quick else [
            ("100 KB", 100_000), ("1 MB", 1_000_000), ("5 MB", 5_000_000)]
        rows = _web_rows(tmp, sizes, runs)
        nested = tmp / "nested.html"
        nested.write_text(_nested_divs(2_200_000), encoding="utf-8")
        wall, cpu = interleaved({"nested": lambda: import_file(nested)}, runs)["nested"]
        rows.append(result("2.2 MB of nested divs", _show(wall, cpu), "5 s target",
                           wall.median / 5.0, "≤ 5 s", wall.median <= 5.0))
        rows.extend(_book_rows(tmp, runs, quick))
    return rows


def _book_rows(tmp: Path, runs: int, quick: bool) -> list[dict[str, Any]]:
    from pdfminer.high_level import extract_text

    from tests.helpers.books import make_epub, make_pdf

    text = synthetic_article(100_000 if quick else 1_000_000)
    paragraphs = [p for p in text.split("\n\n") if len(p.split()) > 12]
    chapters = [(f"Chapter {i + 1}", paragraphs[i * 20:(i + 1) * 20])
                for i in range(len(paragraphs) // 20)]
    epub = make_epub(tmp / "book.epub", chapters)
    wall, cpu = interleaved({"epub": lambda: import_file(epub)}, runs)["epub"]
    rows = [result(f"EPUB {epub.stat().st_size // 1024} KB", _show(wall, cpu), "", None, "",
                   True)]
    pdf = make_pdf(tmp / "paper.pdf", chapters[:3 if quick else 10], title="Benchmark")
    rows.append(_against(f"PDF {pdf.stat().st_size // 1024} KB", lambda: import_file(pdf),
                         "pdfminer text", lambda: extract_text(str(pdf)), runs))
    return rows


if __name__ == "__main__":
    from benchmarks.common import print_table

    print_table(run(quick="--quick" in sys.argv))
