"""Fuzzing every deck importer: CSV, TSV, Quizlet, Anki's plain text, GIFT, Aiken (each
forced and detected) and Anki packages, whose zip members and inner SQLite database are
changed as damage and other programs change them. Any input is imported or refused with
an InteropError naming the file, and a refusal leaves the collection byte-identical."""

from __future__ import annotations

import json
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.interop.imports import import_deck_file
from app.core.storage.collection import Collection
from tests.helpers import ROOT
from tests.helpers.fuzz import fuzz, fuzz_whole_files, imported_or_refused, mutated
from tests.helpers.fuzz_inputs import current_apkg, unzstd, valid_apkg, zip_members, zipped

SEEDS = {
    "csv": ("words.csv", ('term,definition,tags,section\nhola,hello,es greeting,Week 1\n'
                         '"a, b","line one\nline two",,Week 2\n')),
    "tsv": ("words.tsv", "front\tback\nuno\tone\ndos\ttwo\n"),
    "quizlet": ("vocab.txt", "hola\thello\nperro\tdog\ngato\tcat\n"),
    "anki-text": ("notes.txt", ("#separator:tab\n#html:true\n#guid column:1\n"
                               "#notetype column:2\n#deck column:3\n#tags column:6\n"
                               "g1\tBasic\tSpanish::Verbs\thola\t<b>hello</b>\tes\n"
                               "g2\tBasic (and reversed card)\tSpanish::Verbs\tperro\tdog\t\n"
                               "g3\tCloze\tSpanish::Verbs\t{{c1::Madrid}} is in Spain\t\t\n")),
    "gift": ("bank.gift", ("// a comment\n::Q1:: 1+1=2 {T}\n"
                          "::Q2:: Between orange and green? { =yellow # right ~red ~blue }\n"
                          "::Q3:: Two plus {=two =2} equals four.\n"
                          "::Q4:: Which eats which? { =cat -> cat food =dog -> dog food }\n"
                          "::Q5:: A number from 1 to 5? {#3:2}\n::Q6:: How are you? {}\n"
                          "$CATEGORY: $course$/Biology\nAn amphibian?{\n=Frog#Good!\n"
                          "~%50%Toad#Close\n####General feedback.}\n")),
    "aiken": ("quiz.txt", ("What is the capital of France?\nA. Paris\nB. Lyon\nANSWER: A\n\n"
                          "Which is a prime?\nA) 4\nB) 7\nANSWER: B\n")),
    "moodle-xml": ("bank.xml", (
        '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n<question type="category">'
        "<category><text>$course$/top/Cells</text></category></question>\n"
        '<question type="multichoice"><name><text>Q1</text></name><questiontext format="html">'
        "<text><![CDATA[<p>Which <b>organelle</b>? <img src=\"@@PLUGINFILE@@/a.png\"></p>]]>"
        '</text><file name="a.png" encoding="base64">iVBORw0KGgo=</file></questiontext>'
        '<answer fraction="100"><text>Mitochondrion</text><feedback><text>Yes</text></feedback>'
        '</answer><answer fraction="0"><text>Ribosome</text></answer></question>\n'
        '<question type="truefalse"><questiontext><text>DNA is double.</text></questiontext>'
        '<answer fraction="100"><text>true</text></answer>'
        '<answer fraction="0"><text>false</text></answer></question>\n'
        '<question type="numerical"><questiontext><text>Chromosomes?</text></questiontext>'
        '<answer fraction="100"><text>46</text><tolerance>1</tolerance></answer></question>\n'
        '<question type="matching"><questiontext><text>Pairs</text></questiontext>'
        "<subquestion><text>A</text><answer><text>T</text></answer></subquestion>"
        "<subquestion><text>G</text><answer><text>C</text></answer></subquestion>"
        "</question>\n</quiz>\n")),
}
TEXT_TOKENS = st.sampled_from([
    "\t", ",", ";", '"', '""', "\n", "\r\n", "\r", "\x00", "\ufeff", "{", "}", "=", "~", "#",
    "->", "::", "$CATEGORY:", "%50%", "%-100%", "%999999999999%", "#1..", ":", "..", "\\",
    "\\{", "{#", "{T}", "{FALSE}", "ANSWER: ", "ANSWER: Z", "A. ", "B) ", "#separator:",
    "#separator:Pipe", "#html:true", "#columns:", "#tags column:99", "#guid column:0",
    "#notetype column:2", "#deck column:-1", "{{c1::", "}}", "<script>", "<img onerror=x>",
    "9" * 30, "1e400", "nan", "-", "<", ">", "</text>", "<question type=\"essay\">",
    "fraction=\"x\"", "<!DOCTYPE quiz>", "&amp;", "&x;", "<![CDATA[", "]]>",
    "encoding=\"base64\"", "@@PLUGINFILE@@/../x"]).map(str.encode)
FORMATS = sorted(SEEDS)


@pytest.mark.parametrize("fmt", [*FORMATS, None], ids=[*FORMATS, "detected"])
@fuzz
@given(data=st.data())
def test_a_damaged_text_deck_is_imported_or_refused_cleanly(
        fuzz_col: Collection, tmp_path: Path, fmt: str | None, data: st.DataObject) -> None:
    name, text = SEEDS[fmt] if fmt else SEEDS[data.draw(st.sampled_from(FORMATS))]
    seed = text.encode("cp1252" if data.draw(st.integers(0, 5)) == 0 else "utf-8")
    path = tmp_path / name
    path.write_bytes(data.draw(st.one_of(mutated(seed, TEXT_TOKENS, most=6),
                                         st.binary(max_size=300))))
    imported_or_refused(fuzz_col.path, path, lambda: import_deck_file(fuzz_col, path, fmt))


COLUMNS = {"notes": ["id", "guid", "mid", "flds", "tags"], "col": ["crt", "models", "decks"],
           "cards": ["id", "nid", "did", "ord", "type", "queue", "due", "ivl", "data"],
           "revlog": ["id", "cid", "ease", "time", "type"]}
VALUES = st.one_of(st.none(), st.integers(-(2 ** 63), 2 ** 63 - 1), st.floats(),
                   st.text(max_size=40), st.binary(max_size=40),
                   st.sampled_from(["hola\x1fhello", "\x1f\x1f\x1f", "{}", "[]", "null",
                                    '{"s": "x", "d": 1}', '{"s": 1e400, "d": null}']))
JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=10)),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.sampled_from(
                                ["name", "flds", "tmpls", "qfmt", "afmt", "type", "1"]),
                                inner, max_size=4)), max_leaves=12)


@st.composite
def sql_damage(draw: st.DrawFn) -> list[tuple[str, list[object]]]:
    """Changes another program (or damage) could make to the package's collection:
    odd values in the columns StudyDesk reads, a model list edited into nonsense, rows
    or whole tables gone, the current format's note type tables with bad protobuf."""
    steps: list[tuple[str, list[object]]] = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["value", "value", "json", "delete", "drop", "notetypes"]))
        table = draw(st.sampled_from(sorted(COLUMNS)))
        if kind == "value":
            column = draw(st.sampled_from(COLUMNS[table]))
            steps.append(((f'UPDATE "{table}" SET "{column}" = ? WHERE rowid IN '
                          f'(SELECT rowid FROM "{table}" LIMIT 1)'), [draw(VALUES)]))
        elif kind == "json":
            column = draw(st.sampled_from(["models", "decks"]))
            steps.append((f"UPDATE col SET {column} = ?", [json.dumps(draw(JSON_VALUES))]))
        elif kind == "delete":
            steps.append((f'DELETE FROM "{table}"', []))
        elif kind == "drop":
            steps.append((f'DROP TABLE "{table}"', []))
        else:
            steps.append(("CREATE TABLE IF NOT EXISTS notetypes (id, name, config)", []))
            steps.append(("CREATE TABLE IF NOT EXISTS fields (ntid, ord, name)", []))
            steps.append(("CREATE TABLE IF NOT EXISTS templates (ntid, ord, config)", []))
            steps.append(("INSERT INTO notetypes SELECT mid, 'Basic', ? FROM notes LIMIT 1",
                          [draw(st.binary(max_size=20))]))
            steps.append(("INSERT INTO templates SELECT mid, 0, ? FROM notes LIMIT 1",
                          [draw(st.binary(max_size=20))]))
            steps.append(("CREATE TABLE IF NOT EXISTS decks (id, name)", []))
    return steps


def _damaged_database(database: bytes, steps: list[tuple[str, list[object]]]) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "collection.anki2"
        path.write_bytes(database)
        conn = sqlite3.connect(path)
        for sql, params in steps:
            try:
                with conn:
                    conn.execute(sql, params)
            except sqlite3.Error:
                pass  # a step that no longer applies (its table dropped by an earlier one)
        conn.close()
        return path.read_bytes()


MEMBER_DAMAGE = st.sampled_from(["database", "database", "pages", "media", "zstd", "drop"])


@st.composite
def damaged_apkg(draw: st.DrawFn) -> bytes:
    """A legacy package (genanki) or one of Anki's current format (collection.anki21b and
    media list zstd-compressed, note types as protobuf) with its collection's rows, its
    database pages, its media list or its members changed; a legacy database perhaps
    compressed as the current format is, the compressed bytes perhaps damaged too."""
    import zstandard

    current = draw(st.booleans())
    members = zip_members(current_apkg() if current else valid_apkg())
    member = "collection.anki21b" if current else "collection.anki2"
    database = members.pop(member)
    if current:
        database = unzstd(database)
    compress = current
    for _ in range(draw(st.integers(1, 2))):
        damage = draw(MEMBER_DAMAGE)
        if damage == "database":
            database = _damaged_database(database, draw(sql_damage()))
        elif damage == "pages":
            database = draw(mutated(database, st.binary(min_size=1, max_size=8)))
        elif damage == "media" and current:  # its protobuf damaged inside the compression
            members["media"] = zstandard.ZstdCompressor().compress(
                draw(mutated(unzstd(members["media"]), st.binary(min_size=1, max_size=4))))
        elif damage == "media":
            members["media"] = draw(st.one_of(
                st.binary(max_size=40), st.just(b"\x28\xb5\x2f\xfd") .map(
                    lambda magic: magic + draw(st.binary(max_size=30))),
                JSON_VALUES.map(lambda value: json.dumps(value).encode())))
            members.setdefault("0", draw(st.binary(max_size=20)))
        elif damage == "zstd":
            member, compress = "collection.anki21b", True
        else:
            member = draw(st.sampled_from(["collection.anki21", "collection.anki2", "other"]))
    if compress:
        database = zstandard.ZstdCompressor().compress(database)
        if draw(st.booleans()):
            database = draw(mutated(database, st.binary(min_size=1, max_size=4)))
    members[member] = database
    return zipped(members)


@fuzz_whole_files
@given(data=damaged_apkg(), suffix=st.sampled_from([".apkg", ".colpkg"]))
def test_a_damaged_anki_package_is_imported_or_refused_cleanly(
        fuzz_col: Collection, tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"deck{suffix}"
    path.write_bytes(data)
    imported_or_refused(fuzz_col.path, path, lambda: import_deck_file(fuzz_col, path))


def test_the_packages_long_runs_found_are_refused_or_imported_cleanly(
        fuzz_col: Collection, tmp_path: Path) -> None:
    """Packages that once crashed the reader (see tests/data/fuzz/README.md)."""
    path = tmp_path / "deck.apkg"
    path.write_bytes((ROOT / "tests" / "data" / "fuzz" / "undecodable-schema.apkg").read_bytes())
    assert imported_or_refused(fuzz_col.path, path,
                               lambda: import_deck_file(fuzz_col, path)) is None
    path.write_bytes((ROOT / "tests" / "data" / "fuzz" / "blob-in-text-column.apkg").read_bytes())
    for _ in range(2):  # the second time updates the notes the first one added
        summary = import_deck_file(fuzz_col, path)
        assert summary.notes == 4
    assert all(isinstance(tag, str) for (tags,) in fuzz_col.execute("SELECT tags FROM notes")
               for tag in json.loads(tags))
    path.write_bytes((ROOT / "tests" / "data" / "fuzz" / "nul-in-media-name.apkg").read_bytes())
    summary = import_deck_file(fuzz_col, path)
    assert any("its name is not a file name" in s.reason for s in summary.skipped)


ROLES = st.sampled_from(["front", "back", "extra", "tags", "section", "ignore", "guid",
                         "notetype", "deck"])


@fuzz
@given(data=st.data())
def test_a_table_read_with_the_users_separators_and_columns_is_imported_or_refused_cleanly(
        fuzz_col: Collection, tmp_path: Path, data: st.DataObject) -> None:
    """The import dialog's path: any separator typed in "Other…", either card separator,
    any role chosen above each column."""
    from app.core.interop.delimited import read_table, table_deck
    from app.core.interop.model import read_text, store_import

    fmt = data.draw(st.sampled_from(["csv", "tsv", "quizlet", "anki-text"]))
    name, text = SEEDS[fmt]
    path = tmp_path / name
    path.write_bytes(data.draw(mutated(text.encode(), TEXT_TOKENS, most=3)))
    separator = data.draw(st.one_of(st.sampled_from(["\t", ",", ";", "|", " - "]),
                                    st.text(min_size=1, max_size=3)))
    card_separator = data.draw(st.sampled_from(["\n", ";"]))

    def run() -> object:
        table = read_table(path, read_text(path, path.read_bytes()), fmt, separator,
                           card_separator)
        roles = data.draw(st.lists(ROLES, min_size=table.width, max_size=table.width))
        return store_import(fuzz_col, table_deck(table, data.draw(st.one_of(
            st.none(), st.just(roles)))))

    imported_or_refused(fuzz_col.path, path, run)
