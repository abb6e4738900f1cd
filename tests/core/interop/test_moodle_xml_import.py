"""Moodle XML question banks import: every question type Moodle's own export writes, in
its own structure (categories, HTML in CDATA, fractions, tolerances, embedded files);
what StudyDesk cannot ask is listed; hostile or broken files are refused by file and
line with nothing stored; our own Moodle XML export comes back with the same questions."""

from __future__ import annotations

import base64
import json
import random
from pathlib import Path

import pytest

from app.cli import main
from app.core.decks.store import get_quiz, load_deck_into_collection
from app.core.errors import InteropError
from app.core.interop.exports import write_quiz
from app.core.interop.imports import detect_format, import_deck_file
from app.core.interop.model import media_dir
from app.core.notes.store import list_notes
from app.core.paths import bundled_decks_dir
from app.core.quiz.session import spec_questions
from app.core.storage.collection import Collection
from tests.helpers.media import png

PIXEL = base64.b64encode(png(4, 4)).decode()

# The shape of a bank exported by Moodle (Question bank → Export → Moodle XML format).
BANK = f"""<?xml version="1.0" encoding="UTF-8"?>
<quiz>
<!-- question: 0  -->
  <question type="category">
    <category>
      <text>$course$/top/Default for BIO101/Cells</text>
    </category>
    <info format="moodle_auto_format"><text>Cell biology</text></info>
  </question>
<!-- question: 101  -->
  <question type="multichoice">
    <name><text>Powerhouse</text></name>
    <questiontext format="html">
      <text><![CDATA[<p>Which organelle makes <b>most</b> of the cell's ATP?</p>
<p><img src="@@PLUGINFILE@@/cell%20diagram.png" alt="cell"></p>]]></text>
      <file name="cell diagram.png" path="/" encoding="base64">{PIXEL}</file>
    </questiontext>
    <generalfeedback format="html"><text><![CDATA[<p>Mitochondria &amp; ATP.</p>]]></text></generalfeedback>
    <defaultgrade>1.0000000</defaultgrade>
    <penalty>0.3333333</penalty>
    <hidden>0</hidden>
    <single>true</single>
    <shuffleanswers>true</shuffleanswers>
    <answernumbering>abc</answernumbering>
    <answer fraction="100" format="html">
      <text><![CDATA[<p>Mitochondrion</p>]]></text>
      <feedback format="html"><text>Right.</text></feedback>
    </answer>
    <answer fraction="0" format="html">
      <text><![CDATA[<p>Ribosome</p>]]></text>
      <feedback format="html"><text>Ribosomes make proteins.</text></feedback>
    </answer>
    <answer fraction="0" format="html"><text>Golgi body</text></answer>
  </question>
<!-- question: 102  -->
  <question type="multichoice">
    <name><text>Membranes</text></name>
    <questiontext format="html"><text>Which have a membrane?</text></questiontext>
    <single>false</single>
    <answer fraction="50" format="html"><text>Nucleus</text></answer>
    <answer fraction="50" format="html"><text>Mitochondrion</text></answer>
    <answer fraction="-100" format="html"><text>Ribosome</text></answer>
  </question>
  <question type="category">
    <category><text>$course$/top/Default for BIO101/Genetics</text></category>
  </question>
  <question type="truefalse">
    <name><text>DNA strands</text></name>
    <questiontext format="html"><text>DNA is double-stranded.</text></questiontext>
    <answer fraction="100" format="moodle_auto_format"><text>true</text>
      <feedback format="html"><text>Yes: a double helix.</text></feedback></answer>
    <answer fraction="0" format="moodle_auto_format"><text>false</text>
      <feedback format="html"><text>No.</text></feedback></answer>
  </question>
  <question type="shortanswer">
    <name><text>Base pair</text></name>
    <questiontext format="html"><text>Adenine pairs with …</text></questiontext>
    <usecase>0</usecase>
    <answer fraction="100" format="moodle_auto_format"><text>thymine</text></answer>
    <answer fraction="100" format="moodle_auto_format"><text>T</text></answer>
    <answer fraction="0" format="moodle_auto_format"><text>*</text>
      <feedback format="html"><text>Think of DNA, not RNA.</text></feedback></answer>
  </question>
  <question type="numerical">
    <name><text>Chromosomes</text></name>
    <questiontext format="html"><text>How many chromosomes has a human cell?</text></questiontext>
    <answer fraction="100" format="moodle_auto_format"><text>46</text>
      <tolerance>0</tolerance></answer>
  </question>
  <question type="numerical">
    <name><text>Body temperature</text></name>
    <questiontext format="html"><text>Normal body temperature in °C?</text></questiontext>
    <answer fraction="100" format="moodle_auto_format"><text>37</text>
      <tolerance>0.5</tolerance></answer>
  </question>
  <question type="matching">
    <name><text>Bases</text></name>
    <questiontext format="html"><text>Match each base with its partner.</text></questiontext>
    <shuffleanswers>true</shuffleanswers>
    <subquestion format="html"><text>Adenine</text><answer><text>Thymine</text></answer></subquestion>
    <subquestion format="html"><text>Guanine</text><answer><text>Cytosine</text></answer></subquestion>
    <subquestion format="html"><text>Thymine</text><answer><text>Adenine</text></answer></subquestion>
    <subquestion format="html"><text>Cytosine</text><answer><text>Guanine</text></answer></subquestion>
    <subquestion format="html"><text></text><answer><text>Uracil</text></answer></subquestion>
  </question>
  <question type="essay">
    <name><text>Mendel</text></name>
    <questiontext format="html"><text>Explain Mendel's laws.</text></questiontext>
  </question>
  <question type="description">
    <name><text>Reading</text></name>
    <questiontext format="html"><text>Read chapter 3 first.</text></questiontext>
  </question>
  <question type="calculated">
    <name><text>Dilution</text></name>
    <questiontext format="html"><text>Dilute {{a}} ml…</text></questiontext>
  </question>
</quiz>
"""


def _write(tmp_path: Path, text: str, name: str = "bio101.xml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_moodles_question_types_become_cards_and_a_quiz(col: Collection,
                                                        tmp_path: Path) -> None:
    path = _write(tmp_path, BANK)
    assert detect_format(path) == "moodle-xml"
    summary = import_deck_file(col, path)
    assert summary.format == "moodle-xml" and summary.quizzes == 1
    notes = {n.fields.get("question") or n.fields.get("statement") or n.fields.get("front"): n
             for n in list_notes(col, article_id=summary.article_id)}
    mcq = notes["Which organelle makes most of the cell's ATP?\n\n[image: cell diagram.png]"]
    assert mcq.kind == "mcq" and mcq.fields["answer"] == "Mitochondrion"
    assert mcq.fields["options"] == ["Mitochondrion", "Ribosome", "Golgi body"]
    assert "Ribosomes make proteins." in mcq.explanation and "Mitochondria & ATP." in mcq.explanation
    assert (media_dir(col) / "cell diagram.png").read_bytes() == png(4, 4)
    assert notes["Which have a membrane?"].fields["answer"] in ("Nucleus", "Mitochondrion")
    tf = notes["DNA is double-stranded."]
    assert tf.kind == "truefalse" and tf.fields["answer"] is True
    short = notes["Adenine pairs with …"]
    assert short.kind == "typed" and short.fields["back"] == "thymine"
    assert short.fields["alternatives"] == ["T"]
    assert notes["How many chromosomes has a human cell?"].fields["back"] == "46"
    assert notes["Normal body temperature in °C?"].fields["back"] == "37"
    assert {(n.fields["front"], n.fields["back"]) for n in notes.values()
            if n.kind == "basic"} == {("Adenine", "Thymine"), ("Guanine", "Cytosine"),
                                      ("Thymine", "Adenine"), ("Cytosine", "Guanine")}
    quiz = get_quiz(col, "moodle-bio101")
    assert [q.ask_as for q in quiz.questions] == ["mcq", "mcq", "truefalse", "typed", "typed",
                                                  "typed", "matching"]
    sections = [r[0] for r in col.execute("SELECT title FROM sections WHERE article_id = ? "
                                          "ORDER BY idx", [summary.article_id])]
    assert sections == ["Cells", "Genetics"]
    assert notes["Which have a membrane?"].section_idx == 0 and tf.section_idx == 1
    skipped = {s.item: (s.line, s.reason) for s in summary.skipped}
    assert skipped["Mendel"][1].startswith("essay") and skipped["Reading"][1].startswith(
        "description")
    assert "calculated" in skipped["Dilution"][1]
    assert skipped["Dilution"][0] == BANK.splitlines().index(
        '  <question type="calculated">') + 1
    assert "only 'Nucleus' counts" in skipped["Membranes"][1] or \
        "only 'Mitochondrion' counts" in skipped["Membranes"][1]
    assert "37" in skipped["Body temperature"][1] and "36.5..37.5" in skipped[
        "Body temperature"][1]


def test_importing_again_updates_instead_of_duplicating(col: Collection, tmp_path: Path) -> None:
    path = _write(tmp_path, BANK)
    first = import_deck_file(col, path)
    path.write_text(BANK.replace("DNA is double-stranded.", "DNA has two strands.", 1),
                    encoding="utf-8")  # the instructor fixes a question in Moodle
    again = import_deck_file(col, path)
    assert again.article_id == first.article_id
    assert col.execute("SELECT COUNT(*) FROM notes").fetchone()[0] == first.notes
    statements = [n.fields["statement"] for n in list_notes(col, article_id=first.article_id)
                  if n.kind == "truefalse"]
    assert statements == ["DNA has two strands."]


@pytest.mark.parametrize("text, line, message", [
    ("<quiz>\n  <question type='truefalse'>\n    <name><text>x</text></name>\n</quiz>\n", 4,
     "not well-formed"),
    ("<?xml version='1.0'?>\n<questions/>\n", 2, "not a Moodle question file"),
    (("<quiz>\n <question type='multichoice'><questiontext><text>Q</text></questiontext>\n"
     "  <answer fraction='most'><text>A</text></answer>\n </question>\n</quiz>\n"), 3,
     "fraction 'most' is not a number"),
    (("<quiz>\n <question type='numerical'><questiontext><text>Q</text></questiontext>\n"
     "\n  <answer fraction='100'><text>about 3</text><tolerance>1</tolerance></answer>\n"
     " </question>\n</quiz>\n"), 4, "'about 3'"),
    ("<quiz>\n</quiz>\n", 1, "holds no Moodle questions"),
])
def test_broken_files_are_named_with_their_line_and_change_nothing(
        col: Collection, tmp_path: Path, text: str, line: int, message: str) -> None:
    path = _write(tmp_path, text, "broken.xml")
    with pytest.raises(InteropError, match=message) as caught:
        import_deck_file(col, path)
    assert f"broken.xml:{line}" in str(caught.value) or f"line {line}" in str(caught.value)
    assert col.execute("SELECT COUNT(*) FROM notes").fetchone()[0] == 0


def test_entities_and_external_files_are_never_read(col: Collection, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    xxe = (f'<?xml version="1.0"?>\n<!DOCTYPE quiz [<!ENTITY x SYSTEM "{secret.as_uri()}">'
           '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
           "<quiz><question type='shortanswer'><questiontext><text>&x; &b;</text>"
           "</questiontext><answer fraction='100'><text>&x;</text></answer></question></quiz>")
    path = _write(tmp_path, xxe, "hostile.xml")
    with pytest.raises(InteropError, match="DOCTYPE"):
        import_deck_file(col, path)
    assert col.execute("SELECT COUNT(*) FROM notes").fetchone()[0] == 0


def test_a_quiz_round_trips_through_our_moodle_xml(col_with_article: Collection,
                                                   tmp_path: Path) -> None:
    load_deck_into_collection(col_with_article, bundled_decks_dir()
                              / "russia-china-military-cooperation.toml")
    out = tmp_path / "final.xml"
    write_quiz(col_with_article, "quiz-final", out, "moodle-xml")
    asked = spec_questions(col_with_article, get_quiz(col_with_article, "quiz-final"),
                           random.Random(0))
    summary = import_deck_file(col_with_article, out)
    assert summary.questions == 15 and not summary.skipped
    back = spec_questions(col_with_article, get_quiz(col_with_article, "moodle-final"),
                          random.Random(0))
    assert [q.ask_as for q in back] == [q.ask_as for q in asked]
    assert all(a.prompt in b.prompt for a, b in zip(asked, back, strict=True))
    assert [q.answer for q in back if q.ask_as != "matching"] == \
        [q.answer for q in asked if q.ask_as != "matching"]


def test_cli_imports_moodle_xml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, BANK, "bank.txt")  # a bank saved under another name
    col = tmp_path / "c.sqlite3"
    assert main(["import", str(path), "--collection", str(col), "--format", "moodle-xml",
                 "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["format"] == "moodle-xml" and summary["questions"] == 7
    assert {s["item"] for s in summary["skipped"]} >= {"Mendel", "Reading", "Dilution"}
