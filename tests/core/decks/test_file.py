"""The deck file format: every mistake reported with its line; save → load is exact."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from app.core.decks.file import load_deck
from app.core.decks.model import Deck, DeckCard
from app.core.decks.writer import dumps_deck, ordered_cards, save_deck
from app.core.errors import DeckFileError
from app.core.notes.model import render
from app.core.quiz.spec import QuestionSpec, QuizSpec
from tests.helpers.decks import VALID, deck_problems, valid_with, write


def line_of(text: str, needle: str, start: int = 1) -> int:
    """The 1-based line of the first `needle` at or after line `start`."""
    for n, line in enumerate(text.split("\n"), 1):
        if n >= start and needle in line:
            return n
    raise AssertionError(f"{needle!r} not in text")


def problems(path: Path) -> list[tuple[int, str]]:
    with pytest.raises(DeckFileError) as info:
        load_deck(path)
    return [(p.line, p.message) for p in info.value.problems]


def test_valid_deck_loads(tmp_path: Path) -> None:
    deck = load_deck(write(tmp_path, VALID))
    assert deck.id == "russia-china-military-cooperation"
    assert [c.id for c in deck.cards][:2] == ["border-agreement-year", "su-27"]
    assert deck.cards[1].explanation.endswith("It opened a decade of purchases.")
    assert deck.cards[2].fields == {"statement": "Peace Mission is a series of joint exercises.",
                                    "answer": True}
    assert deck.section_index("introduction") == 0
    quiz = deck.quizzes[0]
    assert quiz.time_limit == 300 and quiz.pass_mark == 0.7 and quiz.deck_id == deck.id
    assert quiz.questions[3] == QuestionSpec(ask_as="matching", cards=["m1", "m2", "m3", "sco"])
    note = deck.cards[0].to_note(article_id="a", section_idx=0, deck_id=deck.id, position=0)
    assert render(note.kind, note.fields, 0).answer == "1991"


@pytest.mark.parametrize(("old", "new", "at", "expected"), [
    ('kind = "cloze"', 'kind = "essay"', 'kind = "essay"', "unknown kind 'essay'"),
    ('section = "Joint Exercises"', 'section = "Joint Exercise"', 'section = "Joint Exercise"',
     "unknown section 'Joint Exercise'"),
    ("{{c1::1991}}", "1991", "signed in 1991.\"", "a cloze needs at least one deletion"),
    ('id = "su-27"', 'id = "border-agreement-year"', 'kind = "mcq"',
     "duplicate id (first used on line 8)"),
    ('answer = "Su-27"', 'answer = "Su-30"', 'answer = "Su-30"', "'Su-30' is not among its options"),
    ('alternatives = ["SCO"]', 'alternatives = ["SCO"]\ncolour = "red"', 'colour = "red"',
     "unknown field 'colour'"),
    ('answer = true', 'answer = "yes"', 'answer = "yes"', "must be true or false"),
    ('pass_mark = 0.7', 'pass_mark = 70', 'pass_mark = 70', "'pass_mark' must be a number from 0 to 1"),
    ('order = "fixed"', 'order = "random"', 'order = "random"', "'order' must be"),
    ('feedback = "each"', 'feedback = "never"', 'feedback = "never"', "'feedback' must be"),
    ('attempts = 0', 'attempts = -1', 'attempts = -1', "'attempts' must be"),
    ('time_limit = 300', 'time_limit = "5 min"', 'time_limit = "5 min"', "'time_limit' must be"),
    ('{ card = "su-27", ask_as = "mcq" }', '{ card = "nope", ask_as = "mcq" }', '"nope"',
     "question 2: unknown card 'nope'"),
    ('{ card = "peace-mission", ask_as = "truefalse" }', '{ card = "su-27", ask_as = "truefalse" }',
     '{ card = "su-27", ask_as = "truefalse" }', "is a mcq card and cannot be asked as truefalse"),
    ('{ card = "border-agreement-year", ask_as = "typed" }',
     '{ card = "peace-mission", ask_as = "typed" }', '{ card = "peace-mission", ask_as = "typed" }',
     "cannot be asked as typed"),
    ('["m1", "m2", "m3", "sco"]', '["m1", "m2", "m3"]', '["m1", "m2", "m3"]',
     "needs 4 to 6 cards, not 3"),
    ('["m1", "m2", "m3", "sco"]', '["m1", "m2", "m3", "m3"]', '["m1", "m2", "m3", "m3"]',
     "lists the same card twice"),
    ('["m1", "m2", "m3", "sco"]', '["m1", "m2", "m3", "su-27"]', '"su-27"]',
     "'su-27' is a mcq card and cannot be asked as matching"),
    ('ask_as = "matching"', 'ask_as = "essay"', 'ask_as = "essay"', "'ask_as' must be one of"),
    ('article = "russia-china-military-cooperation.txt"', 'article = "no-such-article.txt"',
     'no-such-article', "article 'no-such-article.txt' not found"),
])
def test_each_error_is_reported_on_its_line(tmp_path: Path, old: str, new: str, at: str,
                                            expected: str) -> None:
    assert old in VALID
    text = VALID.replace(old, new, 1)
    found = problems(write(tmp_path, text))
    assert any(expected in message for _, message in found), found
    line = line_of(text, at) - (2 if at == 'kind = "mcq"' else 0)  # the duplicate's id line
    assert next(n for n, message in found if expected in message) == line


def test_missing_field_points_at_the_card(tmp_path: Path) -> None:
    text = VALID.replace('back = "the Shanghai Cooperation Organisation"\n', "")
    found = problems(write(tmp_path, text))
    header = line_of(text, "[[cards]]", line_of(text, 'id = "sco"') - 1)
    assert (header, "card 'sco': missing field 'back' (a typed card needs front, back)") in found


def test_missing_section_and_source(tmp_path: Path) -> None:
    text = VALID.replace('section = "Joint Exercises"\nkind = "truefalse"', 'kind = "truefalse"')
    text = text.replace('source = "The Peace Mission exercises began in 2005."\n', "")
    found = problems(write(tmp_path, text))
    header = line_of(text, 'id = "peace-mission"') - 1
    assert (header, "card 'peace-mission': missing field 'section'") in found
    assert any(line == header and "missing field 'source'" in m for line, m in found)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = (VALID.replace('kind = "cloze"', 'kind = "essay"')
            .replace('answer = "Su-27"', 'answer = "Su-30"')
            .replace('section = "Joint Exercises"', 'section = "Nowhere"'))
    found = problems(write(tmp_path, text))
    assert len(found) >= 3
    assert [line for line, _ in found] == sorted(line for line, _ in found)


def test_text_that_looks_like_a_key_inside_a_multiline_string_is_ignored(tmp_path: Path) -> None:
    text = VALID.replace("It opened a decade of purchases.",
                         'answer = "not a key"\n[[cards]]\nstill the explanation')
    text = text.replace('id = "peace-mission"', 'id = "Peace Mission"')
    found = problems(write(tmp_path, text))
    assert [line for line, m in found if "id must be" in m] == [line_of(text, '"Peace Mission"')]


def test_bad_deck_table(tmp_path: Path) -> None:
    text = VALID.replace('description = "A test deck."', 'author = "me"').replace(
        'title = "Military Cooperation Between Russia and China"\n', "")
    found = problems(write(tmp_path, text))
    assert (1, "[deck]: missing field 'title'") in found
    assert any(line == line_of(text, "author") and "unknown field 'author'" in m
               for line, m in found)


def sample_deck() -> Deck:
    return Deck(
        id="sample", title="Sample \"quoted\" deck", article="russia-china-military-cooperation.txt",
        description="Two lines,\nwith a backslash \\ and 'quotes'.",
        cards=[
            DeckCard("b", "Joint Exercises", "truefalse", {"statement": "S", "answer": False}),
            DeckCard("a", "Introduction", "cloze",
                     {"text": "Signed in {{c1::1991::year}} by {{c2::two}}.", "extra": "x\ny"},
                     source="Signed in 1991.", tags=["t1", "t2"], explanation="Because.\nReally."),
            DeckCard("e", "Introduction", "basic",
                     {"front": "A long front that goes on " * 8 + "and  ends  here \"quoted\"",
                      "back": "CRLF\r\nline\twith tab \\ backslash"},
                     source="Leading and trailing spaces are kept " * 4 + " "),
            DeckCard("c", "Introduction", "typed",
                     {"front": "Ünïcode ‘front’", "back": "b", "alternatives": ["c", "d"]}),
            DeckCard("d", "A New Level of Cooperation", "mcq",
                     {"question": "Q?", "options": ["1", "2", "3"], "answer": "2"}),
        ],
        quizzes=[QuizSpec(id="q1", title="Q", questions=[
            QuestionSpec(ask_as="typed", card="a"), QuestionSpec(ask_as="mcq", card="d")],
            instructions="Go.", order="shuffled", shuffle_options=False, time_limit=None,
            pass_mark=1.0, feedback="end", attempts=2, deck_id="sample")],
    )


def test_save_then_load_is_exact_and_in_article_order(tmp_path: Path) -> None:
    deck = sample_deck()
    deck.section_titles = load_deck(write(tmp_path, VALID)).section_titles
    path = tmp_path / "out.toml"
    save_deck(deck, path)
    back = load_deck(path)
    assert [c.id for c in back.cards] == ["a", "e", "c", "b", "d"]  # article order, then as given
    assert sorted(back.cards, key=lambda c: c.id) == sorted(deck.cards, key=lambda c: c.id)
    assert back.quizzes == deck.quizzes
    assert (back.id, back.title, back.article, back.description) == (
        deck.id, deck.title, deck.article, deck.description)
    assert dumps_deck(back) == path.read_text(encoding="utf-8")  # stable: saving again is a no-op
    written = path.read_text(encoding="utf-8")
    assert '"""Because.\nReally."""' in written
    assert 'front = """\\\nA long front that goes on A long front' in written  # wrapped
    assert max(len(line) for line in written.splitlines()) < 120


def test_loaded_file_saves_back_to_the_same_bytes(tmp_path: Path) -> None:
    first = load_deck(write(tmp_path, VALID))
    save_deck(first, tmp_path / "a.toml")
    second = load_deck(tmp_path / "a.toml")
    assert second.cards == ordered_cards(first)  # written in article order
    first.cards = ordered_cards(first)
    assert second == first
    save_deck(second, tmp_path / "b.toml")
    assert (tmp_path / "a.toml").read_bytes() == (tmp_path / "b.toml").read_bytes()


def test_cli_deck_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deck", "check", str(write(tmp_path, VALID))]) == 0
    assert capsys.readouterr().out.strip() == "OK: 7 cards in 3 sections, 1 quizzes"
    bad = write(tmp_path, VALID.replace('kind = "cloze"', 'kind = "essay"')
                .replace('answer = "Su-27"', 'answer = "Su-30"'), "bad.toml")
    assert main(["deck", "check", str(bad)]) == 1
    err = capsys.readouterr().err.strip().split("\n")
    assert len(err) == 2
    assert err[0].startswith(f"{bad}:{line_of(bad.read_text(), 'essay')}: ")
    assert err[1].startswith(f"{bad}:{line_of(bad.read_text(), 'Su-30')}: ")


def test_mcq_without_answer_is_a_line_not_a_key_error(tmp_path: Path) -> None:
    text = valid_with('answer = "Su-27"\n', "")
    (problem,) = deck_problems(write(tmp_path, text))
    assert "missing field 'answer'" in problem and problem.split(":")[0].isdigit()


def test_mcq_answer_that_is_a_number(tmp_path: Path) -> None:
    (problem,) = deck_problems(write(tmp_path, valid_with('answer = "Su-27"', "answer = 1")))
    line = VALID.splitlines().index('answer = "Su-27"') + 1
    assert problem == f"{line}: card 'su-27': 'answer' must be text"


def test_nul_byte_and_huge_files_are_refused_with_a_line(tmp_path: Path) -> None:
    text = VALID + "\n" * 70_000 + "# \0\n"
    (problem,) = deck_problems(write(tmp_path, text))
    assert problem.startswith(f"{VALID.count(chr(10)) + 70_001}: ") and "NUL" in problem
    big = tmp_path / "big.toml"
    big.write_bytes(b"# " + b"x" * (21 * 1024 * 1024))
    (problem,) = deck_problems(big)
    assert "larger than" in problem
