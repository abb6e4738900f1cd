"""Helpers shared by the benchmarks: timing with repeats, result rows, test data.

Every figure is the median of several runs with min and max kept, and every
figure that has a reference is measured against it in the same run, so the
ratio is meaningful on a noisy machine.
"""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "resources" / "articles" / "russia-china-military-cooperation.txt"


@dataclass(frozen=True)
class Timing:
    median: float
    low: float
    high: float

    @classmethod
    def of(cls, samples: list[float]) -> Timing:
        return cls(statistics.median(samples), min(samples), max(samples))

    def show(self, unit: str = "s") -> str:
        scale = {"s": 1.0, "ms": 1e3}[unit]
        return (f"{self.median * scale:.3g} {unit} "
                f"[{self.low * scale:.3g}–{self.high * scale:.3g}]")


def repeat(func: Callable[[], Any], runs: int) -> Timing:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return Timing.of(samples)


def interleaved(funcs: dict[str, Callable[[], Any]], runs: int) -> dict[str, tuple[Timing, Timing]]:
    """Each function run `runs` times, taking turns (a burst of load on the machine hits
    all of them alike): per name, the (wall clock, CPU time) timings. CPU time is what
    other processes on a loaded machine inflate least."""
    wall: dict[str, list[float]] = {name: [] for name in funcs}
    cpu: dict[str, list[float]] = {name: [] for name in funcs}
    for _ in range(runs):
        for name, func in funcs.items():
            start, cpu_start = time.perf_counter(), time.process_time()
            func()
            cpu[name].append(time.process_time() - cpu_start)
            wall[name].append(time.perf_counter() - start)
    return {name: (Timing.of(wall[name]), Timing.of(cpu[name])) for name in funcs}


def result(figure: str, studydesk: str, reference: str, ratio: float | None, target: str,
           met: bool, unit: str = "") -> dict[str, Any]:
    return {"figure": figure, "studydesk": studydesk, "reference": reference,
            "ratio": ratio, "target": target, "met": met, "unit": unit}


def synthetic_article(target_bytes: int) -> str:
    """A long article made from the bundled one: each copy gets its own heading
    numbers and shifted years, so no two parts are identical text."""
    source = ARTICLE.read_text(encoding="utf-8")
    head, _, body = source.partition("\n\n")  # keep the date line as the head
    parts = [head]
    copy = 0
    size = len(head.encode())
    while size < target_bytes:
        copy += 1

        def shift(m: re.Match[str], copy: int = copy) -> str:
            return str(int(m.group(0)) + copy)

        text = re.sub(r"\b(19|20)\d\d\b", shift, body)
        text = re.sub(r"^(Joint Exercises|A New Level of Cooperation|Military cooperation in "
                      r"recent years|Prospects for Future Military Cooperation)$",
                      rf"\g<0> (part {copy})", text, flags=re.MULTILINE)
        parts.append(text)
        size += len(text.encode())
    return "\n\n".join(parts)


def print_table(rows: list[dict[str, Any]]) -> None:
    headers = ["figure", "StudyDesk", "reference", "ratio", "target", "met"]
    table = [[r["figure"], r["studydesk"], r["reference"],
              "" if r["ratio"] is None else f"{r['ratio']:.2f}", r["target"],
              "yes" if r["met"] else "NO"] for r in rows]
    widths = [max(len(h), *(len(row[i]) for row in table)) if table else len(h)
              for i, h in enumerate(headers)]
    line = " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    print(line)
    print("-+-".join("-" * w for w in widths))
    for row in table:
        print(" | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))


def app_start_env() -> dict[str, str]:
    """The environment a timed start of the app runs in: offscreen, and with compiled
    modules kept. A student's machine keeps __pycache__ after the first start; with
    PYTHONDONTWRITEBYTECODE set (as on some CI hosts) every start would compile
    StudyDesk's modules again, which says nothing about what a student waits for."""
    import os

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def app_command(collection: str) -> list[str]:
    """Start StudyDesk on `collection` and quit as soon as its window is shown."""
    import sys

    return [sys.executable, "-m", "app", "--collection", collection, "--quit-when-shown"]

