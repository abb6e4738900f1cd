"""A deck without an article (a deck file with no `article`, or an import) is listed, studied,
quizzed, browsed, saved and exported like an article's cards."""

from __future__ import annotations

import random
from pathlib import Path

from app.core.articles.library import list_articles
from app.core.decks.file import load_deck
from app.core.decks.store import deck_from_collection, load_deck_into_collection
from app.core.decks.writer import dumps_deck
from app.core.export.anki import article_source, export_notes
from app.core.interop.imports import import_deck_file
from app.core.notes.rows import browse_rows
from app.core.quiz.session import QuickQuizOptions, quick_quiz_questions, spec_questions
from app.core.study.session import Scope, StudySession
from tests.helpers.anki import import_apkg

PLAIN_DECK = '''# A vocabulary deck: no article.
[deck]
id = "spanish-basics"
title = "Spanish basics"

[[cards]]
id = "sp-hola"
section = "Greetings"
kind = "basic"
front = "hola"
back = "hello"

[[cards]]
id = "sp-adios"
section = "Greetings"
kind = "typed"
front = "adiós"
back = "goodbye"

[[cards]]
id = "sp-perro"
section = "Animals"
kind = "reversed"
front = "perro"
back = "dog"

[[cards]]
id = "sp-sol"
section = "Animals"
kind = "truefalse"
statement = "'Gato' means cat."
answer = true

[[quizzes]]
id = "sp-quiz"
title = "Spanish check"
questions = [
  { card = "sp-hola", ask_as = "typed" },
  { card = "sp-sol", ask_as = "truefalse" },
]
'''


def _deck_file(tmp_path: Path) -> Path:
    path = tmp_path / "spanish.toml"
    path.write_text(PLAIN_DECK, encoding="utf-8")
    return path


def test_a_deck_file_without_article_loads_and_is_listed(col, tmp_path: Path) -> None:
    summary = load_deck_into_collection(col, _deck_file(tmp_path))
    assert summary.added == 4 and summary.quizzes == 1
    listed = {a.id: a for a in list_articles(col)}
    assert listed[summary.article_id].sections == ("Greetings", "Animals")
    rows = browse_rows(col, summary.article_id)
    assert len(rows) == 4 and sum(r.cards for r in rows) == 5  # the reversed note has two
    again = load_deck_into_collection(col, _deck_file(tmp_path))
    assert again.unchanged == 4 and again.article_id == summary.article_id


def test_it_is_studied_and_quizzed(col, tmp_path: Path) -> None:
    article_id = load_deck_into_collection(col, _deck_file(tmp_path)).article_id
    session = StudySession(col, Scope(article_id=article_id))
    card = session.next_card()
    assert card is not None
    session.answer(card, 3, 1000)
    assert col.execute("SELECT COUNT(*) FROM revlog").fetchone()[0] == 1
    questions = quick_quiz_questions(col, article_id, QuickQuizOptions(count=4),
                                     rng=random.Random(1))
    assert questions
    from app.core.decks.store import get_quiz

    assert len(spec_questions(col, get_quiz(col, "sp-quiz"), random.Random(1))) == 2


def test_it_is_saved_without_an_article_and_reads_back_equal(col, tmp_path: Path) -> None:
    load_deck_into_collection(col, _deck_file(tmp_path))
    deck = deck_from_collection(col, deck_id="spanish-basics")
    assert deck.article == ""
    out = tmp_path / "saved.toml"
    out.write_text(dumps_deck(deck), encoding="utf-8")
    assert "article" not in out.read_text().split("[[cards]]")[0]
    again = load_deck(out)
    assert [c.id for c in again.cards] == [c.id for c in deck.cards]


def test_it_exports_to_anki(col, anki, tmp_path: Path) -> None:
    article_id = load_deck_into_collection(col, _deck_file(tmp_path)).article_id
    result = export_notes(article_source(col, article_id), tmp_path / "spanish.apkg")
    assert result.cards == 5
    import_apkg(anki, result.path)
    names = {d.name for d in anki.decks.all_names_and_ids()}
    assert {"Spanish basics::01 Greetings", "Spanish basics::02 Animals"} <= names
    assert len(anki.find_cards("")) == 5


def test_an_imported_deck_is_studied(col, tmp_path: Path) -> None:
    path = tmp_path / "vocab.txt"
    path.write_text("uno\tone\ndos\ttwo\n", encoding="utf-8")
    article_id = import_deck_file(col, path).article_id
    session = StudySession(col, Scope(article_id=article_id))
    assert session.next_card() is not None
