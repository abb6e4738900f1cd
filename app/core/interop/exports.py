"""Writing StudyDesk cards in other programs' text formats: GIFT, CSV/TSV, Quizlet, Anki text.

Why here and not in `export`: `app.core.export` is the genanki (Anki package)
side; these formats are plain text written by the interop modules' own writers,
atomically, so a failed write leaves no half file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from app.core.atomic import write_text_atomic
from app.core.batches import Progress, report
from app.core.errors import ExportError

if TYPE_CHECKING:
    from app.core.export.source import ExportSource
    from app.core.storage.collection import Collection

TEXT_FORMATS = ("gift", "moodle-xml", "csv", "tsv", "quizlet", "anki-text")


def write_source(source: ExportSource, out: Path, fmt: str,
                 progress: Progress | None = None) -> str:
    """Write the source's cards as `fmt` to `out`; returns the summary line for the user.

    `progress` is told (0, n) and (n, n) before the file is written; False cancels, and
    no file is written (`ActionCancelled`)."""
    from app.core.interop.delimited import write_table
    from app.core.interop.moodle import gift_text, moodle_xml, notes_items

    if fmt not in TEXT_FORMATS:
        raise ExportError(f"Cannot write {fmt!r}: expected one of {', '.join(TEXT_FORMATS)}.")
    if not source.notes:
        raise ExportError(f"Cannot export {source.title!r}: there are no cards to export.")
    notes = list(source.notes)
    report(progress, 0, len(notes), "Export")
    missing: list[str] = []
    partly: list[str] = []
    if fmt in ("gift", "moodle-xml"):
        items, missing, partly = notes_items(notes, list(source.sections))
        text = gift_text(items, source.title) if fmt == "gift" else moodle_xml(items)
    else:
        text = write_table(notes, list(source.sections), fmt)
    report(progress, len(notes), len(notes), "Export")  # the last word before the file
    _write(out, text)
    message = f"{len(notes) - len(missing)} cards written to {out}"
    if missing:
        message += f"; not written ({len(missing)}, Moodle has no such question): " + \
            ", ".join(missing[:10])
    if partly:
        message += f"; in part ({len(partly)}): " + ", ".join(partly[:10])
    return message


def write_quiz(col: Collection, quiz_id: str, out: Path, fmt: str,
               progress: Progress | None = None) -> str:
    """An instructor quiz as GIFT or Moodle XML, so that it runs in Moodle.

    `progress` is told (0, n) and (n, n) before the file is written, as in
    `write_source`; False cancels, and no file is written (`ActionCancelled`)."""
    from app.core.interop.moodle import gift_text, moodle_xml, quiz_items

    if fmt not in ("gift", "moodle-xml"):
        raise ExportError("A quiz is exported as GIFT or Moodle XML (--gift, --moodle-xml).")
    from app.core.decks.store import get_quiz
    from app.core.quiz.spec import limit_text

    report(progress, 0, 1, "Export")
    title, items = quiz_items(col, quiz_id)
    text = gift_text(items, title) if fmt == "gift" else moodle_xml(items)
    report(progress, len(items), len(items), "Export")  # the last word before the file
    _write(out, text)
    spec = get_quiz(col, quiz_id)
    rules = [limit_text(spec.time_limit), f"pass mark {round(spec.pass_mark * 100)}%",
             f"questions {spec.order}", f"feedback {'after each question' if spec.feedback == 'each' else 'at the end'}",
             f"{spec.attempts or 'unlimited'} attempts"]
    return (f"{len(items)} questions of {title!r} written to {out}. A question file has no "
            f"quiz settings: set them in Moodle's quiz ({', '.join(rules)}).")


def _write(out: Path, text: str) -> None:
    if not out.parent.is_dir():
        raise ExportError(f"Cannot write {out}: the folder {out.parent} does not exist.")
    try:
        write_text_atomic(out, text)
    except OSError as exc:
        raise ExportError(f"Cannot write {out}: {exc.strerror or exc}") from exc
