"""Acceptance-audit fixes in quiz core: quizzes without a deck, where a built quiz is
saved, reloading keeps app-made quizzes, and MCQ options that do not give the answer away."""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from app.core.articles.library import load_article
from app.core.decks.file import load_deck
from app.core.decks.store import (
    deck_from_collection,
    get_quiz,
    list_quizzes,
    load_deck_into_collection,
)
from app.core.decks.writer import save_deck
from app.core.notes.model import Note
from app.core.notes.store import save_note
from app.core.paths import bundled_decks_dir
from app.core.quiz.builder import save_built_quiz
from app.core.quiz.questions import QuizError, build_question, card_for_note, judge, load_cards
from app.core.quiz.session import start_quiz
from app.core.quiz.spec import QuestionSpec, QuizSpec
from app.core.storage.collection import Collection
from tests.helpers.quizdata import ARTICLE, add_quiz_notes

BUNDLED = bundled_decks_dir() / "russia-china-military-cooperation.toml"
APP_CARD = Note("app-made-patrols", "typed",
                {"front": "In which sea did the first joint air patrol fly?",
                 "back": "Sea of Japan"}, ARTICLE, 2)


def _spec(quiz_id: str, card: str = "border-year", ask_as: str = "typed") -> QuizSpec:
    return QuizSpec(id=quiz_id, title=quiz_id.title(),
                    questions=[QuestionSpec(ask_as, card)])  # type: ignore[arg-type]


# -- 1. a quiz on an article without a deck file ---------------------------------------

def test_quiz_on_an_article_without_deck_is_listed_taken_and_saved(
        col_with_article: Collection, tmp_path: Path) -> None:
    col = col_with_article
    add_quiz_notes(col)
    outcome = save_built_quiz(col, _spec("no-deck"), ARTICLE)
    assert outcome.path is None
    assert "collection only" in outcome.message and "no deck file" in outcome.message
    assert [q.id for q in list_quizzes(col, article_id=ARTICLE)] == ["no-deck"]
    assert list_quizzes(col, article_id="another-article") == []
    session = start_quiz(col, get_quiz(col, "no-deck"))
    assert session.answer("1991").correct

    deck = deck_from_collection(col, article_id=ARTICLE)  # File → Save Deck As…
    assert [q.id for q in deck.quizzes] == ["no-deck"]
    out = tmp_path / "mine.toml"
    save_deck(deck, out)
    assert [q.id for q in load_deck(out, col=col).quizzes] == ["no-deck"]


def test_migration_gives_old_quizzes_their_deck_article(tmp_path: Path) -> None:
    from app.core.storage.migrations import APPLICATION_ID, MIGRATIONS, _quiz_article

    before = MIGRATIONS.index(_quiz_article)  # survives renumbering at merge

    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    db = sqlite_utils.Database(conn)
    for migrate in MIGRATIONS[:before]:  # the schema before quizzes carried their article
        migrate(db)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {before}")
    conn.execute("INSERT INTO articles VALUES ('art', 'A', NULL, NULL, NULL, 'a.txt', 'h', "
                 "'2025-01-01', 0)")
    conn.execute("INSERT INTO decks (id, title, article_id) VALUES ('d', 'D', 'art')")
    conn.execute("INSERT INTO quizzes VALUES ('from-deck', 'd', 0, ?)",
                 [json.dumps(QuizSpec("from-deck", "From deck", []).to_dict())])
    conn.commit()
    conn.close()
    col = Collection.open(path)
    try:
        row = col.execute("SELECT article_id, in_file FROM quizzes").fetchone()
        assert tuple(row) == ("art", 1)
    finally:
        col.close()


# -- 2. where a built quiz goes -------------------------------------------------------

def test_saving_never_rewrites_the_bundled_deck(col_with_article: Collection) -> None:
    col = col_with_article
    load_deck_into_collection(col, BUNDLED)
    save_note(col, APP_CARD)
    before = BUNDLED.read_bytes()
    outcome = save_built_quiz(col, _spec("app-quiz", APP_CARD.id), ARTICLE)
    assert BUNDLED.read_bytes() == before
    assert outcome.path is None
    assert "installed with StudyDesk" in outcome.message and "collection only" in outcome.message
    load_deck_into_collection(col, BUNDLED)  # reloading the file keeps the app's quiz
    assert "app-quiz" in [q.id for q in list_quizzes(col, article_id=ARTICLE)]


def test_saving_to_the_users_deck_writes_every_card_the_quiz_uses(
        col_with_article: Collection, tmp_path: Path) -> None:
    col = col_with_article
    path = tmp_path / "deck.toml"
    shutil.copy(BUNDLED, path)
    load_deck_into_collection(col, path)
    save_note(col, APP_CARD)
    outcome = save_built_quiz(col, _spec("app-quiz", APP_CARD.id), ARTICLE)
    assert outcome.path == path.resolve()
    assert outcome.message.endswith("to deck.toml.")
    deck = load_deck(path, col=col)
    assert "app-quiz" in [q.id for q in deck.quizzes]
    assert APP_CARD.id in [c.id for c in deck.cards]

    load_deck_into_collection(col, path)  # the quiz comes back from the file
    assert get_quiz(col, "app-quiz").questions[0].card == APP_CARD.id

    deck.quizzes = [q for q in deck.quizzes if q.id != "app-quiz"]
    save_deck(deck, path)  # the instructor removes it from the file
    load_deck_into_collection(col, path)
    assert "app-quiz" not in [q.id for q in list_quizzes(col)]


def test_reload_keeps_a_quiz_made_in_the_app_for_a_deck(col_with_article: Collection,
                                                        tmp_path: Path) -> None:
    from app.core.decks.store import save_quiz

    col = col_with_article
    path = tmp_path / "deck.toml"
    shutil.copy(BUNDLED, path)
    summary = load_deck_into_collection(col, path)
    spec = _spec("app-only", "damansky-river")
    spec.deck_id = summary.deck_id
    save_quiz(col, spec)  # in the collection, not (yet) in the file
    load_deck_into_collection(col, path)
    assert get_quiz(col, "app-only").deck_id == summary.deck_id


# -- 3. MCQ options that do not give the answer away ----------------------------------

def _formats(option: str) -> tuple[bool, bool, bool]:
    return (option.startswith("$"), "%" in option,
            option.isdigit() and len(option) == 4)


def test_every_curated_card_asked_as_mcq_has_options_of_one_format(
        col_with_article: Collection) -> None:
    col = col_with_article
    load_deck_into_collection(col, BUNDLED)
    article = load_article(col, ARTICLE)
    asked = fell_back = 0
    for info in load_cards(col, ARTICLE):
        if "mcq" not in info.ask_as:
            continue
        q = build_question(info, "mcq", random.Random(7), article=article, typed_fallback=True)
        if q.ask_as == "typed":
            fell_back += 1
            with pytest.raises(QuizError, match="wrong options"):
                build_question(info, "mcq", random.Random(7), article=article)
            continue
        asked += 1
        assert q.answer in q.options and judge(q, q.options.index(q.answer)).correct
        if info.note.kind != "mcq":
            assert len(q.options) == 4, (info.note.id, q.options)
            assert not any(o.casefold().startswith("the ") for o in q.options)
        for k in range(3):
            assert len({_formats(o)[k] for o in q.options}) == 1, (info.note.id, q.options)
    assert asked > 20 and fell_back > 0


def test_money_answer_is_written_like_its_distractors(col_with_article: Collection) -> None:
    col = col_with_article
    load_deck_into_collection(col, BUNDLED)
    q = build_question(card_for_note(col, "arms-value-2001-2009"), "mcq", random.Random(1),
                       article=load_article(col, ARTICLE))
    assert q.answer == "$16 billion"
    assert all(o.startswith("$") for o in q.options) and len(q.options) == 4


def test_the_installed_deck_is_never_rewritten_even_from_another_install(
        tmp_path: Path) -> None:
    """A collection first opened by one install, later by another (a copy elsewhere):
    the deck file of the first install stays untouched."""
    from app.core.articles.bootstrap import BUNDLED_DECK_KEY
    from app.core.storage.collection import Collection

    other_install = tmp_path / "other" / "decks"
    other_install.mkdir(parents=True)
    installed = other_install / "russia-china-military-cooperation.toml"
    shutil.copy(BUNDLED, installed)
    before = installed.read_bytes()
    with Collection.open(tmp_path / "c.sqlite3") as col:
        from app.core.articles.library import import_article_file
        from app.core.paths import bundled_article_path

        import_article_file(col, bundled_article_path())
        load_deck_into_collection(col, installed)
        col.set_setting(BUNDLED_DECK_KEY, str(installed.resolve()))  # as that install's bootstrap did
        outcome = save_built_quiz(col, _spec("mine", "border-agreement-year"), ARTICLE)
    assert outcome.path is None and "installed with StudyDesk" in outcome.message
    assert installed.read_bytes() == before


def test_deleting_a_quiz_removes_it_from_the_users_deck_file_too(
        col_with_article: Collection, tmp_path: Path) -> None:
    from app.core.quiz.builder import delete_built_quiz

    col = col_with_article
    path = tmp_path / "deck.toml"
    shutil.copy(BUNDLED, path)
    load_deck_into_collection(col, path)
    save_built_quiz(col, _spec("gone", "border-agreement-year"), ARTICLE)
    assert "gone" in [q.id for q in load_deck(path, col=col).quizzes]
    outcome = delete_built_quiz(col, "gone", "Gone", ARTICLE)
    assert outcome.path == path.resolve() and "deck.toml" in outcome.message
    assert "gone" not in [q.id for q in load_deck(path, col=col).quizzes]
    load_deck_into_collection(col, path)  # reloading does not bring it back
    assert "gone" not in [q.id for q in list_quizzes(col)]


def _deck_with_quiz(col: Collection, tmp_path: Path) -> Path:
    path = tmp_path / "deck.toml"
    shutil.copy(BUNDLED, path)
    load_deck_into_collection(col, path)
    save_built_quiz(col, _spec("gone", "border-agreement-year"), ARTICLE)
    return path


def test_undo_of_deleting_a_quiz_puts_back_the_rows_and_the_deck_file_exactly(
        col_with_article: Collection, tmp_path: Path) -> None:
    from app.core.quiz.builder import delete_built_quiz
    from app.core.storage.undo import undo_last
    from tests.helpers.fuzz import snapshot

    col = col_with_article
    path = _deck_with_quiz(col, tmp_path)
    rows, deck_bytes = snapshot(col.path), path.read_bytes()
    delete_built_quiz(col, "gone", "Gone", ARTICLE)
    assert path.read_bytes() != deck_bytes and col.undo.label == "Delete Quiz “Gone”"
    assert undo_last(col) == "Delete Quiz “Gone”"
    assert snapshot(col.path) == rows
    assert path.read_bytes() == deck_bytes
    assert "gone" in [q.id for q in load_deck(path, col=col).quizzes]
    assert col.undo.label == "Load Deck “Military Cooperation Between Russia and China”"


def test_undo_of_deleting_a_quiz_is_refused_when_the_deck_file_changed_since(
        col_with_article: Collection, tmp_path: Path) -> None:
    from app.core.errors import UndoError
    from app.core.quiz.builder import delete_built_quiz
    from app.core.storage.undo import undo_last
    from tests.helpers.fuzz import snapshot

    col = col_with_article
    path = _deck_with_quiz(col, tmp_path)
    delete_built_quiz(col, "gone", "Gone", ARTICLE)
    edited = path.read_bytes() + b"\n# the instructor's own note\n"
    path.write_bytes(edited)
    rows = snapshot(col.path)
    with pytest.raises(UndoError, match="deck.toml has been changed since"):
        undo_last(col)
    assert snapshot(col.path) == rows and path.read_bytes() == edited
    assert col.undo.label == "Delete Quiz “Gone”"  # still there, to try again


def test_undo_of_deleting_a_quiz_of_the_bundled_deck_puts_back_the_rows(
        col_with_article: Collection) -> None:
    from app.core.quiz.builder import delete_built_quiz
    from app.core.storage.undo import undo_last
    from tests.helpers.fuzz import snapshot

    col = col_with_article
    load_deck_into_collection(col, BUNDLED)
    save_built_quiz(col, _spec("mine", "border-agreement-year"), ARTICLE)
    rows, bundled = snapshot(col.path), BUNDLED.read_bytes()
    outcome = delete_built_quiz(col, "mine", "Mine", ARTICLE)
    assert outcome.path is None
    undo_last(col)
    assert snapshot(col.path) == rows and BUNDLED.read_bytes() == bundled
    assert [q.id for q in list_quizzes(col) if q.id == "mine"] == ["mine"]


def test_undo_of_deleting_a_quiz_whose_deck_folder_is_read_only_changes_nothing(
        col_with_article: Collection, tmp_path: Path) -> None:
    from app.core.errors import UndoError
    from app.core.quiz.builder import delete_built_quiz
    from app.core.storage.undo import undo_last
    from tests.helpers.faults import read_only
    from tests.helpers.fuzz import snapshot

    col = col_with_article
    folder = tmp_path / "decks"
    folder.mkdir()
    path = _deck_with_quiz(col, folder)
    before = path.read_bytes()
    delete_built_quiz(col, "gone", "Gone", ARTICLE)
    rows, after = snapshot(col.path), path.read_bytes()
    with read_only(folder), pytest.raises(UndoError, match="deck.toml cannot be written"):
        undo_last(col)
    assert snapshot(col.path) == rows and path.read_bytes() == after
    assert col.undo.label == "Delete Quiz “Gone”"
    undo_last(col)  # the folder writable again: it works
    assert path.read_bytes() == before
