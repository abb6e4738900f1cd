"""Decks in the collection: load, reload keeping history, deactivate, refuse bad decks, save back."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.cli import main
from app.core.decks.file import load_deck
from app.core.decks.store import (
    QuizSpecError,
    deck_from_collection,
    get_quiz,
    list_quizzes,
    load_deck_into_collection,
    save_quiz,
)
from app.core.decks.writer import save_deck
from app.core.errors import DeckFileError
from app.core.notes.model import Note
from app.core.notes.store import get_note, list_notes, save_note
from app.core.quiz.spec import QuestionSpec, QuizSpec
from app.core.storage.collection import Collection
from tests.helpers.decks import VALID, card_row, review, snapshot, write

DECK_ID = "russia-china-military-cooperation"








def test_load_stores_notes_in_file_order_with_sections(col: Collection, tmp_path: Path) -> None:
    summary = load_deck_into_collection(col, write(tmp_path, VALID))
    assert (summary.added, summary.updated, summary.deactivated, summary.quizzes) == (7, 0, 0, 1)
    assert summary.article_id == DECK_ID  # imported from resources/articles on the way
    notes = {n.id: n for n in list_notes(col, deck_id=DECK_ID)}
    assert notes["su-27"].section_idx == 0 and notes["su-27"].position == 1
    assert notes["peace-mission"].section_idx == 2
    assert notes["peace-mission"].fields["answer"] is True
    assert notes["m2"].ords == [0, 1]
    assert col.execute("SELECT COUNT(*) FROM cards").fetchone()[0] == 8
    quiz = get_quiz(col, "quiz-introduction")
    assert quiz.deck_id == DECK_ID and quiz.time_limit == 300
    assert [q.id for q in list_quizzes(col, article_id=DECK_ID)] == ["quiz-introduction"]
    assert list_quizzes(col, article_id="other") == []


def test_reload_after_edit_updates_in_place_and_keeps_history(
        col_with_article: Collection, tmp_path: Path) -> None:
    col = col_with_article
    path = write(tmp_path, VALID)
    load_deck_into_collection(col, path)
    card_id = review(col, "border-agreement-year")
    path.write_text(VALID.replace("was signed in {{c1::1991}}.",
                                  "was signed in {{c1::1991}} in Moscow."), encoding="utf-8")
    summary = load_deck_into_collection(col, path)
    assert (summary.added, summary.updated, summary.unchanged) == (0, 1, 6)
    assert get_note(col, "border-agreement-year").fields["text"].endswith("in Moscow.")
    row = card_row(col, "border-agreement-year")
    assert (row["id"], row["state"], row["stability"], row["reps"]) == (card_id, 2, 12.5, 3)
    assert col.execute("SELECT COUNT(*) FROM revlog WHERE card_id = ?",
                          [card_id]).fetchone()[0] == 1


def test_removed_card_leaves_study_but_keeps_history(col: Collection, tmp_path: Path) -> None:
    path = write(tmp_path, VALID)
    load_deck_into_collection(col, path)
    card_id = review(col, "sco")
    start = VALID.index('[[cards]]\nid = "sco"')
    end = VALID.index("[[cards]]", start + 5)
    text = VALID[:start] + VALID[end:]
    matching = '  { cards = ["m1", "m2", "m3", "sco"], ask_as = "matching" },\n'
    path.write_text(text.replace(matching, ""), encoding="utf-8")
    summary = load_deck_into_collection(col, path)
    assert summary.deactivated == 1
    assert "sco" not in {n.id for n in list_notes(col, deck_id=DECK_ID)}
    assert get_note(col, "sco").id == "sco"  # still stored
    assert card_row(col, "sco")["reps"] == 3
    assert col.execute("SELECT COUNT(*) FROM revlog WHERE card_id = ?",
                          [card_id]).fetchone()[0] == 1
    path.write_text(VALID, encoding="utf-8")  # back in the file: back in study, same history
    load_deck_into_collection(col, path)
    assert "sco" in {n.id for n in list_notes(col, deck_id=DECK_ID)}
    assert card_row(col, "sco")["id"] == card_id


def test_invalid_deck_changes_nothing(col: Collection, tmp_path: Path) -> None:
    path = write(tmp_path, VALID)
    load_deck_into_collection(col, path)
    review(col, "su-27")
    before = snapshot(col)
    bytes_before = Path(col.path).read_bytes()
    path.write_text(VALID.replace('answer = "Su-27"', 'answer = "Su-30"')
                    .replace("{{c1::1991}}", "{{c1::1992}}"), encoding="utf-8")
    with pytest.raises(DeckFileError):
        load_deck_into_collection(col, path)
    assert snapshot(col) == before
    assert Path(col.path).read_bytes() == bytes_before


def test_invalid_first_load_does_not_even_import_the_article(col: Collection,
                                                              tmp_path: Path) -> None:
    with pytest.raises(DeckFileError):
        load_deck_into_collection(col, write(tmp_path, VALID.replace('kind = "cloze"',
                                                                     'kind = "essay"')))
    assert all(rows == [] for rows in snapshot(col).values())


def test_card_id_owned_by_another_deck_is_refused(col: Collection, tmp_path: Path) -> None:
    load_deck_into_collection(col, write(tmp_path, VALID))
    other = VALID.replace(f'id = "{DECK_ID}"', 'id = "other-deck"')
    before = snapshot(col)
    with pytest.raises(DeckFileError) as info:
        load_deck_into_collection(col, write(tmp_path, other, "other.toml"))
    assert info.value.problems[0].line == 8
    assert "already belongs to deck" in info.value.problems[0].message
    assert snapshot(col) == before


def test_save_deck_as_includes_app_cards_and_loads_back(col: Collection, tmp_path: Path) -> None:
    load_deck_into_collection(col, write(tmp_path, VALID))
    save_note(col, Note(id="note-made-in-app", kind="basic",
                        fields={"front": "Who leads the SCO?", "back": "Russia and China"},
                        article_id=DECK_ID, section_idx=1, position=0))
    deck = deck_from_collection(col, article_id=DECK_ID)
    assert deck.id == DECK_ID and len(deck.cards) == 8
    assert [c.section for c in deck.cards][:3] == ["Introduction", "Introduction",
                                                   "Military cooperation in recent years"]
    out = tmp_path / "saved" / "deck.toml"
    out.parent.mkdir()
    save_deck(deck, out)
    back = load_deck(out, col=col)
    assert back == deck
    summary = load_deck_into_collection(col, out)  # the app card joins the deck
    assert summary.added == 0 and summary.updated >= 1
    assert load_deck_into_collection(col, out).unchanged == 8
    assert get_note(col, "note-made-in-app").deck_id == DECK_ID
    again = deck_from_collection(col, deck_id=DECK_ID)
    assert again == deck


def test_save_quiz_validates_against_the_collection(col: Collection, tmp_path: Path) -> None:
    load_deck_into_collection(col, write(tmp_path, VALID))
    spec = QuizSpec(id="quiz-new", title="New", deck_id=DECK_ID,
                    questions=[QuestionSpec(ask_as="typed", card="sco")])
    save_quiz(col, spec)
    assert get_quiz(col, "quiz-new") == spec
    assert [q.id for q in list_quizzes(col, deck_id=DECK_ID)] == ["quiz-introduction", "quiz-new"]
    with pytest.raises(QuizSpecError, match="unknown card 'nope'"):
        save_quiz(col, QuizSpec(id="quiz-bad", title="Bad",
                                questions=[QuestionSpec(ask_as="typed", card="nope")]))
    with pytest.raises(KeyError):
        get_quiz(col, "quiz-bad")


def test_cli_deck_load(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deck = write(tmp_path, VALID)
    target = tmp_path / "c.sqlite3"
    assert main(["deck", "load", str(deck), "--collection", str(target)]) == 0
    assert "7 cards added" in capsys.readouterr().out
    assert main(["deck", "load", str(deck), "--collection", str(target)]) == 0
    assert "7 unchanged" in capsys.readouterr().out
    with Collection.open(target) as col:
        assert len(list_notes(col, deck_id=DECK_ID)) == 7


def test_article_found_beside_the_deck(tmp_path: Path, article_path: Path) -> None:
    shutil.copy(article_path, tmp_path / "my-article.txt")
    deck = load_deck(write(tmp_path, VALID.replace(
        'article = "russia-china-military-cooperation.txt"', 'article = "my-article"')))
    assert deck.article_path == tmp_path / "my-article.txt"
    assert len(deck.section_titles) == 6


def test_another_file_reusing_a_deck_id_is_refused_naming_both(col: Collection,
                                                               tmp_path: Path) -> None:
    first = write(tmp_path, VALID, "first.toml")
    load_deck_into_collection(col, first)
    before = snapshot(col)
    start = VALID.index("[[cards]]")
    other = VALID[:start] + "[[cards]]" + VALID[start:].split("[[cards]]")[1]  # one card
    second = write(tmp_path, other, "second.toml")
    with pytest.raises(DeckFileError) as caught:
        load_deck_into_collection(col, second)
    message = str(caught.value)
    assert message.startswith(f"{second}:2: ") and str(first) in message
    assert snapshot(col) == before


def test_the_same_deck_moved_elsewhere_still_loads(col: Collection, tmp_path: Path) -> None:
    first = write(tmp_path, VALID, "first.toml")
    load_deck_into_collection(col, first)
    moved = tmp_path / "moved.toml"
    first.rename(moved)
    assert load_deck_into_collection(col, moved).unchanged == 7
