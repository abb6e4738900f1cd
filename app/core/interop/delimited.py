"""CSV, TSV, Quizlet and Anki's "Notes in Plain Text": tables of cards, in and out.

Why one module: all four are rows of separated fields; they differ in the
separator and in what says which column is which — a header row (CSV), Anki's
`#separator:`/`#columns:` lines, or nothing (Quizlet: term, definition). A
file is first read into a `Table` (rows with their line numbers, the detected
separator, a suggested role per column) that the import dialog previews and
lets the user re-map; only `table_deck` turns it into notes. Python's `csv`
module does the quoting, for reading and writing alike.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.core.errors import InteropError
from app.core.interop.htmltext import html_to_text
from app.core.interop.model import ImportedDeck, Skipped, digest_of, stable_note_id
from app.core.notes.model import CLOZE_RE, Note, render

#: What a column can hold. "front"/"back" are required; "ignore" drops the column.
ROLES = ("front", "back", "extra", "tags", "section", "ignore")
#: Columns Anki's plain-text export names in its headers (`#guid column:1` …).
ANKI_ROLES = ("guid", "notetype", "deck")
FORMATS = ("csv", "tsv", "quizlet", "anki-text")
_ANKI_SEPARATORS = {"comma": ",", "semicolon": ";", "tab": "\t", "space": " ", "pipe": "|",
                    "colon": ":"}
_HEADER_ROLES = {
    "front": "front", "term": "front", "question": "front", "word": "front", "prompt": "front",
    "back": "back", "definition": "back", "answer": "back", "meaning": "back",
    "translation": "back", "extra": "extra", "notes": "extra", "note": "extra",
    "back extra": "extra", "tags": "tags", "tag": "tags", "section": "section", "deck": "section",
    "chapter": "section", "topic": "section",
}


@dataclass
class Table:
    """A parsed file of rows, before columns become fields."""

    path: Path
    format: str
    separator: str
    rows: list[tuple[int, list[str]]]  # (line number, cells)
    header: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)  # suggested role of each column
    html: bool = False
    deck: str = ""  # Anki's #deck: header
    digest: str = ""

    @property
    def width(self) -> int:
        return max((len(cells) for _, cells in self.rows), default=len(self.header))


def separator_name(sep: str) -> str:
    return {"\t": "Tab", ",": "Comma", ";": "Semicolon", "|": "Pipe", ":": "Colon",
            " ": "Space"}.get(sep, repr(sep))


def _anki_headers(lines: list[str]) -> tuple[dict[str, str], int]:
    headers: dict[str, str] = {}
    count = 0
    for line in lines:
        m = re.match(r"#([a-z ]+):(.*)\Z", line.rstrip("\r\n"))
        if not m:
            break
        headers[m.group(1).strip()] = m.group(2)
        count += 1
    return headers, count


def detect_separator(sample: str) -> str:
    """The separator that splits the most lines into the same number (≥ 2) of cells."""
    lines = [ln for ln in sample.splitlines()[:50] if ln.strip() and not ln.startswith("#")]
    best, best_score = "\t", -1.0
    for sep in ("\t", ",", ";", "|"):
        counts = [len(next(csv.reader([ln], delimiter=sep))) for ln in lines]
        if not counts:
            continue
        common = max(set(counts), key=counts.count)
        if common < 2:
            continue
        score = counts.count(common) / len(counts) + (0.01 if sep == "\t" else 0)
        if score > best_score:
            best, best_score = sep, score
    return best


def read_table(path: Path, text: str, fmt: str | None = None, separator: str | None = None,
               card_separator: str = "\n") -> Table:
    """Parse rows; the separator is detected unless given. A ragged row is an error."""
    lines = text.splitlines(keepends=True)
    headers, skip = _anki_headers(lines)
    if fmt is None:
        fmt = "anki-text" if headers else ("tsv" if path.suffix.lower() == ".tsv" else "csv")
    html = headers.get("html", "").strip().lower() == "true"
    if separator is None and "separator" in headers:
        value = headers["separator"].strip()
        separator = _ANKI_SEPARATORS.get(value.lower(), value[:1] or "\t")
    if separator is None:
        separator = "\t" if fmt == "tsv" else detect_separator(text)
    body = "".join(lines[skip:])
    first_line = skip + 1
    if fmt == "quizlet" and card_separator != "\n":
        raw_rows, pos = [], 0
        for chunk in body.split(card_separator):
            stripped = chunk.strip("\r\n")
            if stripped.strip():
                lead = chunk[:len(chunk) - len(chunk.lstrip("\r\n"))].count("\n")
                raw_rows.append((first_line + body[:pos].count("\n") + lead,
                                 stripped.split(separator, 1)))
            pos += len(chunk) + len(card_separator)
    else:
        raw_rows = _csv_rows(path, body, separator, first_line, quizlet=fmt == "quizlet")
    table = Table(path=path, format=fmt, separator=separator, rows=raw_rows, html=html,
                  deck=headers.get("deck", "").strip(), digest=digest_of(text.encode()))
    if not table.rows:
        raise InteropError(path, "has no rows of cards")
    if fmt == "anki-text":
        table.header = [c.strip() for c in headers.get("columns", "").split(separator)
                        if headers.get("columns")]
        table.roles = ["ignore"] * table.width
        for role in ("tags", "guid", "notetype", "deck"):
            number = headers.get(f"{role} column", "").strip()
            if number.isdigit() and 0 < int(number) <= table.width:
                table.roles[int(number) - 1] = role
        named = _roles_from(table.header, table.width) if table.header else []
        for i, role in enumerate(named):
            if table.roles[i] == "ignore":
                table.roles[i] = role
        free = [i for i, r in enumerate(table.roles) if r == "ignore"]
        if "front" not in table.roles and len(free) >= 2:
            table.roles[free[0]], table.roles[free[1]] = "front", "back"
    elif fmt in ("csv", "tsv"):
        first = table.rows[0][1]
        guessed = [_HEADER_ROLES.get(c.strip().casefold()) for c in first]
        if sum(1 for g in guessed if g) >= 2 or "front" in guessed and "back" in guessed:
            table.header = [c.strip() for c in first]
            table.rows = table.rows[1:]
            if not table.rows:
                raise InteropError(path, "has a header row but no rows of cards")
        table.roles = _roles_from(table.header, table.width)
    else:
        table.roles = _roles_from([], table.width)
    _check_widths(table)
    return table


def _csv_rows(path: Path, body: str, separator: str, first_line: int,
              quizlet: bool) -> list[tuple[int, list[str]]]:
    rows = []
    if quizlet or len(separator) != 1:
        # Quizlet does not quote: the first separator splits term from definition. Nor
        # does a file split by several characters (" - ", "::"), which CSV cannot read.
        for offset, line in enumerate(body.splitlines()):
            if line.strip():
                rows.append((first_line + offset, line.split(separator, 1 if quizlet else -1)))
        return rows
    reader = csv.reader(io.StringIO(body), delimiter=separator)
    try:
        start = 1
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append((first_line + start - 1, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InteropError(path, f"is not valid CSV ({exc})", first_line + reader.line_num - 1)
    return rows


def _roles_from(header: Sequence[str], width: int) -> list[str]:
    roles = [_HEADER_ROLES.get(h.casefold(), "ignore") for h in header][:width]
    roles += ["ignore"] * (width - len(roles))
    free = [i for i, r in enumerate(roles) if r == "ignore"]
    if "front" not in roles and "back" not in roles and len(free) >= 2:
        roles[free[0]], roles[free[1]] = "front", "back"
        if width >= 3 and not header and len(free) > 2:
            roles[free[2]] = "tags" if width == 3 else "ignore"
    return roles


def _check_widths(table: Table) -> None:
    if table.width < 2:
        line = table.rows[0][0]
        raise InteropError(table.path, f"has only one column (the {separator_name(table.separator)}"
                           " separator splits nothing): expected a term and a definition", line)
    expected = len(table.header) if table.header else None
    for line, cells in table.rows:
        if expected is not None and len(cells) != expected and not (
                table.format == "anki-text" and len(cells) < expected):
            raise InteropError(table.path, f"has {len(cells)} columns here but the header names "
                               f"{expected}", line)
        if len(cells) < 2 and table.format != "anki-text":
            raise InteropError(table.path, "this row has no definition (no "
                               f"{separator_name(table.separator)} between term and definition)",
                               line)


def table_deck(table: Table, roles: Sequence[str] | None = None, title: str | None = None,
               kind: str = "basic") -> ImportedDeck:
    """The notes of a parsed table, with `roles` (one per column) saying which cell is which."""
    roles = list(roles or table.roles)
    if roles.count("front") != 1 or roles.count("back") != 1:
        raise InteropError(table.path, "choose exactly one column for the front and one for the "
                           "back of the cards")
    deck = ImportedDeck(format=table.format, path=table.path,
                        title=title or table.deck.split("::")[0] or table.path.stem,
                        digest=table.digest)
    clean = html_to_text if table.html else (lambda s: s.strip())
    seen: set[str] = set()
    for line, cells in table.rows:
        value = {role: clean(cells[i]) if i < len(cells) else ""
                 for i, role in enumerate(roles) if role != "ignore"}
        front, back = value.get("front", ""), value.get("back", "")
        note_deck = value.get("deck") or table.deck
        if note_deck:
            deck.title = title or note_deck.split("::")[0]
        note_id = (stable_note_id("anki", cells[roles.index("guid")].strip()) if "guid" in roles
                   else stable_note_id(table.format, table.path.name, front))
        if "section" not in value and "::" in note_deck:
            value["section"] = note_deck.split("::", 1)[1]
        if CLOZE_RE.search(front):  # Anki's Cloze note type: Text, Back Extra
            note = Note(id=note_id, kind="cloze",
                        fields={"text": front, **({"extra": back} if back else {})},
                        tags=[t for t in re.split(r"[\s,]+", value.get("tags", "")) if t])
            note.section_idx = deck.section(value.get("section") or "Cards")
            deck.notes.append(note)
            continue
        if not front or not back:
            deck.skipped.append(Skipped(front or back or f"row {line}", line,
                                        "the front or the back is empty"))
            continue
        if (front, back) in seen:  # type: ignore[comparison-overlap]
            deck.skipped.append(Skipped(front, line, "the same card again"))
            continue
        seen.add((front, back))  # type: ignore[arg-type]
        section = value.get("section") or "Cards"
        tags = [t for t in re.split(r"[\s,]+", value.get("tags", "")) if t]
        fields = {"front": front, "back": back}
        if value.get("extra"):
            fields["back"] = f"{back}\n\n{value['extra']}"
        notetype = value.get("notetype", "").casefold()
        note_kind = ("reversed" if "reversed card)" in notetype and "optional" not in notetype
                     else "typed" if "type in" in notetype else kind)
        note = Note(id=note_id, kind=note_kind, fields=fields, tags=tags)  # type: ignore[arg-type]
        note.section_idx = deck.section(section)
        deck.notes.append(note)
    return deck


# -- export ------------------------------------------------------------------------------
def write_table(notes: Sequence[Note], sections: Sequence[str], fmt: str = "csv") -> str:
    """Notes as a table: front and back of each card as StudyDesk shows them.

    `csv`: a header row; `tsv` likewise with tabs; `quizlet`: term⇥definition, no
    header; `anki-text`: Anki's headers so its importer maps the columns itself.
    """
    out = io.StringIO()
    sep = "," if fmt == "csv" else "\t"
    writer = csv.writer(out, delimiter=sep, lineterminator="\n")
    if fmt == "anki-text":
        out.write("#separator:tab\n#html:false\n#columns:Front\tBack\tTags\tSection\n"
                  "#tags column:3\n")
    elif fmt in ("csv", "tsv"):
        writer.writerow(["front", "back", "tags", "section", "kind"])
    for note in notes:
        face = render(note.kind, note.fields, 0)
        front = face.front if not face.options else face.front + "\n" + "\n".join(
            f"{chr(65 + i)}. {o}" for i, o in enumerate(face.options))
        section = sections[note.section_idx] if note.section_idx is not None and \
            note.section_idx < len(sections) else ""
        if fmt == "quizlet":
            out.write(front.replace("\t", " ").replace("\n", " ") + "\t"
                      + face.back.replace("\t", " ").replace("\n", " ") + "\n")
        else:
            writer.writerow([front, face.back, " ".join(note.tags), section, note.kind][
                :4 if fmt == "anki-text" else 5])
    return out.getvalue()
