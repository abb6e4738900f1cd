"""An instructor's quiz goes to Moodle (GIFT and Moodle XML) and comes back through GIFT with
the same questions; the command line imports and exports every format."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from app.cli import IMPORT_FORMATS_CLI, main
from app.core.decks.store import get_quiz, load_deck_into_collection
from app.core.interop.exports import write_quiz
from app.core.interop.imports import IMPORT_FORMATS, import_deck_file
from app.core.paths import bundled_decks_dir
from app.core.quiz.session import spec_questions

DECK = bundled_decks_dir() / "russia-china-military-cooperation.toml"


def test_cli_format_choices_match_the_importers() -> None:
    assert IMPORT_FORMATS_CLI == IMPORT_FORMATS


def test_quiz_round_trips_through_gift(col_with_article, tmp_path: Path) -> None:
    import random

    load_deck_into_collection(col_with_article, DECK)
    out = tmp_path / "final.gift"
    message = write_quiz(col_with_article, "quiz-final", out, "gift")
    assert "15 questions" in message and "15 min" in message and "pass mark 70%" in message
    asked = spec_questions(col_with_article, get_quiz(col_with_article, "quiz-final"),
                           random.Random(0))
    summary = import_deck_file(col_with_article, out)
    assert summary.questions == 15 and not summary.skipped
    back = get_quiz(col_with_article, "gift-final")
    assert [q.ask_as for q in back.questions] == [q.ask_as for q in asked]
    again = spec_questions(col_with_article, back, random.Random(0))
    # the same question text (a typed card's prompt may carry the quiz's "Type the answer")
    assert all(a.prompt in b.prompt for a, b in zip(asked, again, strict=True))
    assert [q.answer for q in again if q.ask_as != "matching"] == \
        [q.answer for q in asked if q.ask_as != "matching"]


def test_quiz_as_moodle_xml(col_with_article, tmp_path: Path) -> None:
    load_deck_into_collection(col_with_article, DECK)
    out = tmp_path / "final.xml"
    write_quiz(col_with_article, "quiz-final", out, "moodle-xml")
    root = ET.parse(out).getroot()
    questions = [q for q in root if q.get("type") != "category"]
    assert len(questions) == 15
    assert {q.get("type") for q in questions} <= {"multichoice", "truefalse", "shortanswer",
                                                   "matching"}
    for q in questions:
        if q.get("type") == "multichoice":
            assert sum(a.get("fraction") == "100" for a in q.findall("answer")) == 1


def test_cli_import_json_and_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    col = tmp_path / "c.sqlite3"
    vocab = tmp_path / "vocab.txt"
    vocab.write_text("hola\thello\nperro\tdog\n", encoding="utf-8")
    assert main(["import", str(vocab), "--collection", str(col), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert {k: summary[k] for k in ("format", "notes", "cards", "quizzes", "questions",
                                    "reviews", "by_kind", "skipped")} == {
        "format": "quizlet", "notes": 2, "cards": 2, "quizzes": 0, "questions": 0,
        "reviews": 0, "by_kind": {"basic": 2}, "skipped": []}
    out = tmp_path / "vocab.csv"
    assert main(["export", "--csv", str(out), "--article", summary["article"],
                 "--collection", str(col)]) == 0
    assert out.read_text(encoding="utf-8").splitlines()[1] == "hola,hello,,Cards,basic"


def test_cli_refuses_a_broken_file_in_one_line(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.gift"
    bad.write_text("::Q:: Unclosed {=a ~b\n", encoding="utf-8")
    assert main(["import", str(bad), "--collection", str(tmp_path / "c.sqlite3")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and f"{bad}:1:" in err


def test_card_export_for_moodle_names_what_it_asks_only_in_part(tmp_path: Path) -> None:
    from app.core.export.source import ExportSource
    from app.core.interop.exports import write_source
    from app.core.notes.model import Note

    notes = [Note(id="rev", kind="reversed", fields={"front": "perro", "back": "dog"},
                  section_idx=0),
             Note(id="clz", kind="cloze", fields={"text": "{{c1::A}} and {{c2::B}}"},
                  section_idx=0)]
    source = ExportSource(key="k", title="T", sections=("S",), notes=notes)
    message = write_source(source, tmp_path / "t.gift", "gift")
    assert message.startswith("2 cards written") and "in part (2)" in message
    assert "clz (only its first cloze deletion)" in message
    assert "::clz:: [...] and B {=A}" in (tmp_path / "t.gift").read_text(encoding="utf-8")
