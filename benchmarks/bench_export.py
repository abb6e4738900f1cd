"""Exporting 10,000 notes to an Anki package, against raw genanki in the same run.

StudyDesk's export checks every note, escapes the field text, builds tags and
decks, and writes atomically and durably (the package fsynced before the rename).
The reference is the plain genanki program any exporter needs at the least: the
same texts HTML-escaped, GUIDs from the same note ids, the same note types, tags
and decks, `Package.write_to_file`, and the file fsynced, as an export must be
before the user is told it is saved (the same durability on both sides); only the
unpacking of StudyDesk's notes into plain values happens before timing. Every
run starts after `os.sync()`, so neither side pays for the dirty pages of the
benchmarks before it. Target: StudyDesk ≤ 1.2× the reference.
"""

from __future__ import annotations

import html
import os
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import genanki

from app.core.export.anki import export_notes
from app.core.export.fields import field_values, section_deck_name, to_html
from app.core.export.notetypes import CSS, NOTE_TYPES
from app.core.export.source import ExportSource
from app.core.notes.model import Note
from benchmarks.common import Timing, print_table, repeat, result

SECTIONS = ("Introduction", "Military cooperation in recent years", "Joint Exercises",
            "Security in Central Asia", "A New Level of Cooperation", "Prospects")
TITLE = "Benchmark Article"
TARGET = 1.2


def make_notes(count: int) -> list[Note]:
    """A realistic mix of every kind, spread over six sections in article order."""
    notes = []
    for i in range(count):
        kind = ("basic", "reversed", "cloze", "typed", "mcq", "truefalse")[i % 6]
        fields: dict[str, Any] = {
            "basic": {"front": f"What happened in year {1900 + i % 120} (#{i})?",
                      "back": f"Event number {i} & its <consequences>"},
            "reversed": {"front": f"Term {i}", "back": f"Definition of term {i}"},
            "cloze": {"text": f"In {{{{c1::{1950 + i % 70}}}}} the {{{{c2::treaty {i}}}}} "
                              "was signed.", "extra": "Context line\nsecond line"},
            "typed": {"front": f"Name the exercise #{i}", "back": f"Peace Mission {i}",
                      "alternatives": [f"PM {i}"]},
            "mcq": {"question": f"Which year, question {i}?",
                    "options": [str(1990 + i % 7), "1969", "2005", "2019"],
                    "answer": str(1990 + i % 7)},
            "truefalse": {"statement": f"Statement number {i} is true.", "answer": i % 2 == 0},
        }[kind]
        if kind == "mcq" and fields["answer"] in ("1969", "2005", "2019"):
            fields["options"][0] = "1901"
            fields["answer"] = "1901"
        notes.append(Note(id=f"bench-{i:05d}", kind=kind, fields=fields, article_id="bench",
                          section_idx=i * 6 // count, position=i,
                          source=f"The source sentence of note {i}, quoted from the article.",
                          explanation=f"Why note {i} is right.", tags=["benchmark"]))
    return notes


def _reference_models() -> dict[str, genanki.Model]:
    return {kind: genanki.Model(
        spec.model_id, spec.name, fields=[{"name": f} for f in spec.fields],
        templates=[{"name": n, "qfmt": q, "afmt": a} for n, q, a in spec.templates], css=CSS,
        model_type=genanki.Model.CLOZE if spec.cloze else genanki.Model.FRONT_BACK)
        for kind, spec in NOTE_TYPES.items()}


def _plain_values(note: Note) -> list[Any]:
    """A note's field values in note-type order, as plain text (MCQ options: a list)."""
    html_fields = field_values(note, to_html(SECTIONS[note.section_idx or 0]), to_html(TITLE))
    if note.kind == "mcq":
        f = note.fields
        own: list[Any] = [f["question"], (f["options"], None), f["answer"],
                          (f["options"], f["answer"])]
    else:
        own = [html.unescape(v).replace("<br>", "\n")
               for v in html_fields[:len(NOTE_TYPES[note.kind].own_fields)]]
    return own + ["", note.source, note.explanation,
                  SECTIONS[note.section_idx or 0], TITLE, "", "", note.id]


def _escape(text: str) -> str:
    return html.escape(text, quote=False).replace("\n", "<br>")


def _options(options: list[str], answer: str | None) -> str:
    return '<ol type="A">' + "".join(
        f'<li class="sd-correct">\u2714 {_escape(o)}</li>' if o == answer
        else f"<li>{_escape(o)}</li>" for o in options) + "</ol>"


def _reference_writer(notes: list[Note], out: Path):  # type: ignore[no-untyped-def]
    """A plain genanki program: escape the same texts, derive GUIDs, add notes, write."""
    models = _reference_models()
    prepared = [(n.kind, n.section_idx or 0, _plain_values(n),
                 ["bench", f"kind::{n.kind}", "benchmark"], n.id) for n in notes]

    def write() -> None:
        top = genanki.Deck(1 << 30, TITLE, description=TITLE)
        decks = [genanki.Deck((1 << 30) + 1 + i, section_deck_name(TITLE, i, s), description=s)
                 for i, s in enumerate(SECTIONS)]
        for due, (kind, idx, values, tags, note_id) in enumerate(prepared, start=1):
            fields = [_options(*v) if isinstance(v, tuple) else _escape(v) for v in values]
            decks[idx].add_note(genanki.Note(model=models[kind], fields=fields, tags=tags,
                                             guid=genanki.guid_for(note_id), due=due))
        genanki.Package([top, *decks]).write_to_file(str(out))
        with open(out, "rb") as written:
            os.fsync(written.fileno())

    return write


def _synced(func: Callable[[], Any]) -> float:
    """One timed run of `func`, after the disk has taken every page written before."""
    os.sync()
    return repeat(func, 1).low


def run(quick: bool = False) -> list[dict[str, Any]]:
    count = 2_000 if quick else 10_000
    runs = 3 if quick else 9
    notes = make_notes(count)
    source = ExportSource(key="bench", title=TITLE, sections=SECTIONS, notes=notes)
    with tempfile.TemporaryDirectory() as tmp:
        ours_path, ref_path = Path(tmp) / "studydesk.apkg", Path(tmp) / "genanki.apkg"
        reference = _reference_writer(notes, ref_path)
        export_notes(source, ours_path)  # warm-up of both: imports, caches, disk
        reference()
        ours_t, ref_t = [], []
        for _ in range(runs):  # interleaved pairs, so drift on a shared machine hits both
            ours_t.append(_synced(lambda: export_notes(source, ours_path)))
            ref_t.append(_synced(reference))
    ours, ref = Timing.of(ours_t), Timing.of(ref_t)
    ratio = statistics.median(o / r for o, r in zip(ours_t, ref_t, strict=True))
    return [result(f"export {count:,} notes to .apkg (both fsynced, after os.sync())", ours.show(), ref.show() + " genanki",
                   ratio, f"≤ {TARGET}× genanki", ratio <= TARGET, "s")]


if __name__ == "__main__":
    print_table(run(quick="--quick" in sys.argv))
