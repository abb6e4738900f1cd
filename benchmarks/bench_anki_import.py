"""Importing an Anki package of 20,000 notes and 200,000 reviews, beside the real Anki backend.

The package is made by the real Anki backend (notes added through its API, a review
history written into its review log, exported with scheduling as Anki desktop does).
StudyDesk reads it without Anki (zip, SQLite, zstd), converts the note types, stores
notes, cards and reviews and replays each reviewed card's history through FSRS; the
reference is Anki's own importer on the same file into an empty collection.
Target: StudyDesk ≤ 10 s (the ratio to Anki is reported). Both are timed in turns, three
times each, wall and CPU time, medians with ranges: CPU time is what a loaded machine
cannot inflate, and the load average is printed beside the figures.
"""

from __future__ import annotations

import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.common import Timing, print_table, result
from benchmarks.fixtures import CACHE_ENV

TARGET_S = 10.0
RUNS = 3


def make_package(folder: Path, notes: int, reviews: int) -> Path:
    from anki.collection import Collection as AnkiCollection
    from anki.collection import ExportAnkiPackageOptions
    from anki.import_export_pb2 import ExportLimit

    acol = AnkiCollection(str(folder / "source.anki2"))
    try:
        basic = acol.models.by_name("Basic")
        deck = acol.decks.id("Benchmark::Words")
        batch = []
        for i in range(notes):
            note = acol.new_note(basic)
            note["Front"], note["Back"] = f"word {i}", f"meaning <b>{i}</b>"
            note.tags = ["bench", f"group{i % 50}"]
            batch.append(note)
        from anki.collection import AddNoteRequest

        acol.add_notes([AddNoteRequest(note=n, deck_id=deck) for n in batch])
        card_ids = acol.find_cards("")
        rng = random.Random(7)
        start_ms = int((time.time() - 400 * 86400) * 1000)
        rows = []
        for k in range(reviews):
            cid = card_ids[k % len(card_ids)]
            at = start_ms + (k // len(card_ids)) * 86400_000 * 7 + k
            rows.append((at, cid, -1, rng.choice((1, 3, 3, 3, 4)), 1, 0, 2500, 4000, 1))
        acol.db.executemany("INSERT INTO revlog VALUES (?,?,?,?,?,?,?,?,?)", rows)
        acol.db.execute("UPDATE cards SET type = 2, queue = 2, ivl = 3, due = 10")
        out = folder / "bench.apkg"
        acol.export_anki_package(out_path=str(out), limit=ExportLimit(),
                                 options=ExportAnkiPackageOptions(with_scheduling=True,
                                                                  with_media=False,
                                                                  legacy=False))
        return out
    finally:
        acol.close()


def _package(notes: int, reviews: int, folder: Path) -> Path:
    """The benchmark's package, built once into STUDYDESK_BENCH_CACHE when it is set."""
    cache = os.environ.get(CACHE_ENV)
    if not cache:
        return make_package(folder, notes, reviews)
    kept = Path(cache, f"anki-import-{notes}-{reviews}", "bench.apkg")
    if not kept.exists():
        kept.parent.mkdir(parents=True, exist_ok=True)
        built = make_package(folder, notes, reviews)
        shutil.copyfile(built, kept.with_suffix(".tmp"))
        os.replace(kept.with_suffix(".tmp"), kept)
    return kept


def _timed(func: Callable[[], Any]) -> tuple[Any, tuple[float, float]]:
    """The call's result, and its wall and CPU seconds (CPU: every thread of this
    process, so the Anki backend's Rust threads count too)."""
    wall, cpu = time.perf_counter(), time.process_time()
    value = func()
    return value, (time.perf_counter() - wall, time.process_time() - cpu)


def run(quick: bool = False) -> list[dict[str, Any]]:
    from anki.collection import Collection as AnkiCollection
    from anki.collection import ImportAnkiPackageRequest

    from app.core.interop.imports import import_deck_file
    from app.core.storage.collection import Collection

    notes, reviews = (2_000, 20_000) if quick else (20_000, 200_000)
    runs = 1 if quick else RUNS
    samples: dict[str, list[tuple[float, float]]] = {"ours": [], "anki": []}
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        package = _package(notes, reviews, folder)
        for n in range(runs):  # interleaved, so both see the same load
            col = Collection.open(folder / f"studydesk-{n}.sqlite3")
            try:
                summary, took = _timed(lambda col=col: import_deck_file(
                    col, package, with_scheduling=True))
                samples["ours"].append(took)
            finally:
                col.close()
            assert summary.notes == notes and summary.reviews == reviews, summary.to_json()
            acol = AnkiCollection(str(folder / f"reference-{n}.anki2"))
            try:
                options = acol._backend.get_import_anki_package_presets()
                options.with_scheduling = True
                request = ImportAnkiPackageRequest(package_path=str(package), options=options)
                samples["anki"].append(_timed(lambda acol=acol, request=request:
                                              acol.import_anki_package(request))[1])
            finally:
                acol.close()
    load = max(load, os.getloadavg()[0])
    rows = []
    for what, index in (("wall", 0), ("CPU", 1)):
        ours = Timing.of([s[index] for s in samples["ours"]])
        anki = Timing.of([s[index] for s in samples["anki"]])
        rows.append(result(f"import .apkg, {notes:,} notes + {reviews:,} reviews, {what} "
                           f"(median of {runs}, load {load:.1f})", ours.show(),
                           f"{anki.show()} Anki", ours.median / anki.median,
                           f"≤ {TARGET_S:g} s", ours.median <= TARGET_S, "s"))
    return rows


if __name__ == "__main__":
    print_table(run(quick="--quick" in sys.argv))
