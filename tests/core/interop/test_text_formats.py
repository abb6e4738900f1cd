"""CSV, TSV, Quizlet, Anki plain text, GIFT and Aiken: the right cards, and malformed files
refused with file:line before anything is stored."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.errors import InteropError
from app.core.interop.gift import parse_gift
from app.core.interop.imports import detect_format, import_deck_file
from app.core.notes.store import list_notes

MOODLE_GIFT = r"""// true/false
::Q1:: 1+1=2 {T}

// multiple choice with specified feedback for right and wrong answers
::Q2:: What's between orange and green in the spectrum?
{ =yellow # right; good! ~red # wrong, it's yellow ~blue # wrong, it's yellow }

// fill-in-the-blank
::Q3:: Two plus {=two =2} equals four.

// matching
::Q4:: Which animal eats which food? { =cat -> cat food =dog -> dog food }

// math range question
::Q5:: What is a number from 1 to 5? {#3:2}

// math range specified with interval end points
::Q6:: What is a number from 1 to 5? {#1..5}

// multiple numeric answers with partial credit and feedback
::Q7:: When was Ulysses S. Grant born? {#
         =1822:0      # Correct! Full credit.
         =%50%1822:2  # He was born in 1822. Half credit for being close.
}

// essay
::Q8:: How are you? {}

$CATEGORY: $course$/Biology
Which of these is an amphibian?{
=Frog#Good!
~%50%Toad#Close - but not quite
~Lizard#No, a lizard is a reptile
####General feedback: frogs are amphibians.}

Match the following countries with their corresponding capitals. {
   =Canada -> Ottawa
   =Italy  -> Rome
   =Japan  -> Tokyo
   =India  -> New Delhi
}

Is 2 \{ \} \= a \~ test? {=yes \~ indeed ~no}
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _notes(col) -> dict[str, object]:
    return {(n.fields.get("front") or n.fields.get("question") or n.fields.get("statement")):
            n for n in list_notes(col)}


def test_moodle_gift_examples_give_correct_cards(col, tmp_path: Path) -> None:
    path = _write(tmp_path, "moodle.txt", MOODLE_GIFT)
    assert detect_format(path) == "gift"
    summary = import_deck_file(col, path)
    notes = _notes(col)
    assert notes["1+1=2"].kind == "truefalse" and notes["1+1=2"].fields["answer"] is True
    q2 = notes["What's between orange and green in the spectrum?"]
    assert q2.kind == "mcq" and q2.fields["options"] == ["yellow", "red", "blue"]
    assert q2.fields["answer"] == "yellow" and "right; good!" in q2.explanation
    q3 = notes["Two plus _____ equals four."]
    assert q3.kind == "typed" and q3.fields["back"] == "two" and q3.fields["alternatives"] == ["2"]
    assert notes["cat"].fields["back"] == "cat food"
    assert notes["What is a number from 1 to 5?"].fields["back"] == "3"
    assert notes["When was Ulysses S. Grant born?"].fields["back"] == "1822"
    frog = notes["Which of these is an amphibian?"]
    assert frog.fields["answer"] == "Frog"
    assert frog.fields["options"] == ["Frog", "Toad", "Lizard"]
    assert "frogs are amphibians" in frog.explanation
    escaped = notes["Is 2 { } = a ~ test?"]
    assert escaped.fields["options"] == ["yes ~ indeed", "no"]
    reasons = {s.item: s.reason for s in summary.skipped}
    assert "essay" in reasons["Q8"] and "range" in reasons["Q6"]
    assert "only 'Frog'" in reasons["Which of these is an amphibian?"]
    assert summary.quizzes == 1
    quiz_kinds = [q["ask_as"] for q in __import__("json").loads(col.execute(
        "SELECT spec FROM quizzes").fetchone()[0])["questions"]]
    assert "matching" in quiz_kinds and quiz_kinds[0] == "truefalse"
    section = col.execute("SELECT s.title FROM notes n JOIN sections s ON s.article_id = "
                          "n.article_id AND s.idx = n.section_idx WHERE n.id = ?",
                          [frog.id]).fetchone()[0]
    assert section == "Biology"


@pytest.mark.parametrize("text, line, words", [
    ("::Q1:: first {T}\n\n::Q2:: Unclosed {=a ~b\n\n::Q3:: next {T}\n", 3, "never closed"),
    ("A question } with a stray brace {=a}\n", 1, "without its"),
    ("::Q:: Bad\n{=a #one #two}\n", 2, "cannot read the answers"),
])
def test_malformed_gift_names_the_line_and_stores_nothing(col, tmp_path: Path, text: str,
                                                          line: int, words: str) -> None:
    path = _write(tmp_path, "bad.gift", text)
    with pytest.raises(InteropError, match=words) as info:
        import_deck_file(col, path)
    assert f"{path}:{line}:" in str(info.value)
    assert col.execute("SELECT COUNT(*) FROM notes").fetchone()[0] == 0


def test_gift_round_trip_keeps_the_questions(col, tmp_path: Path) -> None:
    from app.core.interop.moodle import gift_text, notes_items

    path = _write(tmp_path, "moodle.gift", MOODLE_GIFT)
    import_deck_file(col, path)
    notes = list_notes(col)
    items, left_out, partly = notes_items(notes, ["Questions", "Biology"])
    assert not left_out and not partly
    text = gift_text(items, "Moodle")
    (tmp_path / "again.gift").write_text(text, encoding="utf-8")
    from app.core.interop.gift import gift_deck

    after = gift_deck(tmp_path / "again.gift", text).notes
    assert len(after) == len(notes)

    def shape(n) -> tuple[str, str]:  # a basic card (a matching pair) is written as short answer
        if n.kind == "basic":
            return "typed", str({"front": n.fields["front"], "back": n.fields["back"]})
        return n.kind, str(n.fields)

    assert sorted(map(shape, after)) == sorted(map(shape, notes))
    assert parse_gift(tmp_path / "again.gift", text)[0].category == "Questions"


def test_quizlet_tab_file_saved_as_txt_becomes_cards(col, tmp_path: Path) -> None:
    path = _write(tmp_path, "vocab.txt", "hola\thello\nperro\tdog\ngato\tcat\n")
    assert detect_format(path) == "quizlet"
    summary = import_deck_file(col, path)
    assert summary.notes == 3 and summary.format == "quizlet"
    assert _notes(col)["perro"].fields["back"] == "dog"


def test_quizlet_custom_separators(col, tmp_path: Path) -> None:
    from app.core.interop.delimited import read_table, table_deck

    path = _write(tmp_path, "q.txt", "uno - one;dos - two;tres - three")
    deck = table_deck(read_table(path, path.read_text(), "quizlet", " - ", ";"))
    assert [(n.fields["front"], n.fields["back"]) for n in deck.notes] == [
        ("uno", "one"), ("dos", "two"), ("tres", "three")]


def test_csv_with_header_and_quotes(col, tmp_path: Path) -> None:
    path = _write(tmp_path, "words.csv",
                  'term,definition,tags,section\nhola,hello,es greeting,Week 1\n'
                  '"a, b","line one\nline two",,Week 2\n')
    summary = import_deck_file(col, path)
    notes = _notes(col)
    assert summary.notes == 2 and notes["a, b"].fields["back"] == "line one\nline two"
    assert notes["hola"].tags == ["es", "greeting"]


def test_anki_plain_text_headers(col, tmp_path: Path) -> None:
    path = _write(tmp_path, "notes.txt",
                  "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n"
                  "#deck column:3\n#tags column:6\n"
                  "g1\tBasic\tSpanish::Verbs\thola\t<b>hello</b>\tes\n"
                  "g2\tBasic (and reversed card)\tSpanish::Verbs\tperro\tdog\t\n"
                  "g3\tCloze\tSpanish::Verbs\t{{c1::Madrid}} is in Spain\t\t\n")
    assert detect_format(path) == "anki-text"
    summary = import_deck_file(col, path)
    notes = _notes(col)
    assert summary.title == "Spanish" and notes["hola"].fields["back"] == "hello"
    assert notes["perro"].kind == "reversed" and summary.by_kind["cloze"] == 1


def test_aiken(col, tmp_path: Path) -> None:
    path = _write(tmp_path, "quiz.txt", "What is the capital of France?\nA. Paris\nB. Lyon\n"
                  "C. Nice\nANSWER: A\n\nWhich is a prime?\nA) 4\nB) 7\nANSWER: B\n")
    assert detect_format(path) == "aiken"
    summary = import_deck_file(col, path)
    assert summary.notes == 2 and summary.questions == 2
    assert _notes(col)["Which is a prime?"].fields["answer"] == "7"


@pytest.mark.parametrize("name, text, line, words", [
    ("wrong.csv", "front,back\na,b\nc,d,e\n", 3, "3 columns"),
    ("one.tsv", "just words\nmore words\n", 1, "one column"),
    ("quiz.txt", "Q?\nA. x\nB. y\nANSWER: C\n", 4, "not one of the options"),
    ("empty.csv", "", None, "is empty"),
    ("blank.txt", "   \n\n", None, "is empty"),
])
def test_malformed_tables_are_refused(col, tmp_path: Path, name: str, text: str,
                                      line: int | None, words: str) -> None:
    path = _write(tmp_path, name, text)
    with pytest.raises(InteropError, match=words) as info:
        import_deck_file(col, path, fmt="aiken" if name == "quiz.txt" else None)
    assert (f"{path}:{line}:" if line else f"{path}:") in str(info.value)
    assert col.execute("SELECT COUNT(*) FROM notes").fetchone()[0] == 0


def test_prose_stays_an_article(tmp_path: Path) -> None:
    path = _write(tmp_path, "essay.txt", "A Title\n\nSome prose, with a comma. And more.\n")
    assert detect_format(path) == "article"


def test_a_csv_split_by_several_characters_is_read_line_by_line(tmp_path: Path) -> None:
    """The import dialog's "Other…" separator may be longer than the one character CSV
    allows: such a file has no quoting, each line is split where the separator stands."""
    from app.core.interop.delimited import read_table

    path = _write(tmp_path, "words.csv", "uno :: one :: 1\ndos :: two :: 2\n")
    table = read_table(path, path.read_text(), "csv", " :: ")
    assert [cells for _, cells in table.rows] == [["uno", "one", "1"], ["dos", "two", "2"]]


def test_a_cancelled_store_keeps_nothing_and_progress_hears_each_step(col, tmp_path: Path
                                                                      ) -> None:
    from app.core.errors import ActionCancelled
    from app.core.interop.imports import read_deck_file
    from app.core.interop.model import STORE_STEPS, store_import

    path = tmp_path / "bank.gift"
    path.write_text("::Capital:: The capital of France is {=Paris ~Lyon}\n", encoding="utf-8")
    deck = read_deck_file(path, None, col, True)
    told: list[tuple[int, int]] = []
    with pytest.raises(ActionCancelled):
        store_import(col, deck, lambda done, total: told.append((done, total)) or done < 2)
    assert told == [(1, len(STORE_STEPS)), (2, len(STORE_STEPS))]
    assert list_notes(col) == [] and col.execute("SELECT COUNT(*) FROM articles "
                                                 "WHERE title = 'bank'").fetchone()[0] == 0
    told.clear()
    assert store_import(col, deck, lambda done, total: told.append((done, total)) or True
                        ).notes == 1
    assert [done for done, _ in told] == [1, 2, 3]
