"""Writing StudyDesk cards in other programs' text formats: GIFT, CSV/TSV, Quizlet, Anki text.

Why here and not in `export`: `app.core.export` is the genanki (Anki package)
side; these formats are plain text written by the interop modules' own writers,
atomically, so a failed write leaves no half file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from app.core.atomic import write_text_atomic
from app.core.errors import ExportError

if TYPE_CHECKING:
    from app.core.export.anki import ExportSource

TEXT_FORMATS = ("gift", "csv", "tsv", "quizlet", "anki-text")


def write_source(source: ExportSource, out: Path, fmt: str) -> str:
    """Write the source's cards as `fmt` to `out`; returns the summary line for the user."""
    from app.core.interop.delimited import write_table
    from app.core.interop.gift import write_gift

    if fmt not in TEXT_FORMATS:
        raise ExportError(f"Cannot write {fmt!r}: expected one of {', '.join(TEXT_FORMATS)}.")
    if not source.notes:
        raise ExportError(f"Cannot export {source.title!r}: there are no cards to export.")
    notes = list(source.notes)
    left_out: list[str] = []
    if fmt == "gift":
        text, left_out = write_gift(notes, list(source.sections), source.title)
    else:
        text = write_table(notes, list(source.sections), fmt)
    if not out.parent.is_dir():
        raise ExportError(f"Cannot write {out}: the folder {out.parent} does not exist.")
    try:
        write_text_atomic(out, text)
    except OSError as exc:
        raise ExportError(f"Cannot write {out}: {exc.strerror or exc}") from exc
    written = len(notes) - len(left_out)
    message = f"{written} cards written to {out}"
    if left_out:
        message += f"; not written ({len(left_out)}, GIFT has no such question): " + \
            ", ".join(left_out[:10])
    return message
