"""Importing an Anki package of 20,000 notes and 200,000 reviews, beside the real Anki backend.

The package is made by the real Anki backend (notes added through its API, a review
history written into its review log, exported with scheduling as Anki desktop does).
StudyDesk reads it without Anki (zip, SQLite, zstd), converts the note types, stores
notes, cards and reviews and replays each reviewed card's history through FSRS; the
reference is Anki's own importer on the same file into an empty collection.
Target: StudyDesk ≤ 10 s (the ratio to Anki is reported).
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import print_table, result

TARGET_S = 10.0


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


def run(quick: bool = False) -> list[dict[str, Any]]:
    from anki.collection import Collection as AnkiCollection
    from anki.collection import ImportAnkiPackageRequest

    from app.core.interop.imports import import_deck_file
    from app.core.storage.collection import Collection

    notes, reviews = (2_000, 20_000) if quick else (20_000, 200_000)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        package = make_package(folder, notes, reviews)
        col = Collection.open(folder / "studydesk.sqlite3")
        try:
            start = time.perf_counter()
            summary = import_deck_file(col, package, with_scheduling=True)
            ours = time.perf_counter() - start
        finally:
            col.close()
        assert summary.notes == notes and summary.reviews == reviews, summary.to_json()
        acol = AnkiCollection(str(folder / "reference.anki2"))
        try:
            options = acol._backend.get_import_anki_package_presets()
            options.with_scheduling = True
            start = time.perf_counter()
            acol.import_anki_package(ImportAnkiPackageRequest(package_path=str(package),
                                                              options=options))
            anki = time.perf_counter() - start
        finally:
            acol.close()
    return [result(f"import .apkg, {notes:,} notes + {reviews:,} reviews", f"{ours:.3g} s",
                   f"{anki:.3g} s Anki", ours / anki, f"≤ {TARGET_S:g} s",
                   ours <= TARGET_S, "s")]


if __name__ == "__main__":
    print_table(run(quick="--quick" in sys.argv))
