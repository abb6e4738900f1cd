"""The curated deck for the bundled article, checked against the article itself.

These checks need only tomllib and the article importer, not the deck loader, so
they guard the hand-written content independently: a mistyped source sentence,
a quiz pointing at a removed card or an MCQ whose answer went missing fails here.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from typing import Any

import pytest

from app.core.articles.model import Article
from app.core.notes.model import CLOZE_RE, NoteError, validate_fields
from app.core.paths import bundled_decks_dir

DECK_PATH = bundled_decks_dir() / "russia-china-military-cooperation.toml"
COMMON_KEYS = {"id", "section", "kind", "source", "tags", "explanation"}
QUIZ_KINDS = {
    "mcq": {"mcq", "cloze", "basic", "typed"},
    "truefalse": {"truefalse"},
    "typed": {"cloze", "basic", "typed", "reversed"},
    "matching": {"basic", "typed", "reversed"},
}


@pytest.fixture(scope="module")
def deck() -> dict[str, Any]:
    with DECK_PATH.open("rb") as fh:
        return tomllib.load(fh)


@pytest.fixture(scope="module")
def cards(deck: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in deck["cards"]}


def _fields(card: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in card.items() if k not in COMMON_KEYS}


def _fold(text: str) -> str:
    return text.casefold().replace("’", "'")


def test_deck_metadata_names_the_bundled_article(deck: dict[str, Any]) -> None:
    assert deck["deck"]["id"] == "russia-china-military-cooperation"
    assert deck["deck"]["article"] == "russia-china-military-cooperation.txt"
    assert deck["deck"]["title"] and deck["deck"]["description"]


def test_at_least_80_cards_with_unique_well_formed_ids(deck: dict[str, Any]) -> None:
    ids = [c["id"] for c in deck["cards"]]
    assert len(ids) >= 80
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    assert all(i and i[0].isalnum() and set(i) <= set("abcdefghijklmnopqrstuvwxyz0123456789-")
               for i in ids)


def test_every_card_is_a_valid_note(deck: dict[str, Any]) -> None:
    problems = []
    for card in deck["cards"]:
        try:
            validate_fields(card["kind"], _fields(card), label=card["id"])
        except NoteError as exc:
            problems.append(str(exc))
    assert problems == []


def test_every_section_is_covered_in_proportion(deck: dict[str, Any], article: Article) -> None:
    titles = [s.title for s in article.sections]
    per_section = Counter(c["section"] for c in deck["cards"])
    assert set(per_section) == set(titles), "a card names a section the article does not have"
    for title in titles:
        assert per_section[title] >= 8, f"section {title!r} has only {per_section[title]} cards"


def test_all_kinds_of_card_are_present(deck: dict[str, Any]) -> None:
    kinds = Counter(c["kind"] for c in deck["cards"])
    assert kinds["cloze"] and kinds["mcq"] and kinds["truefalse"]
    assert kinds["typed"] + kinds["basic"] > 0
    answers = Counter(c["answer"] for c in deck["cards"] if c["kind"] == "truefalse")
    assert answers[True] and answers[False], "true/false statements should be both true and false"


def test_every_source_is_a_sentence_of_its_section(
        deck: dict[str, Any], article: Article) -> None:
    """The importer strips footnote digits, so a verbatim match also proves there are none."""
    by_section = {s.title: {x.text for x in s.sentences} for s in article.sections}
    wrong = [c["id"] for c in deck["cards"] if c["source"] not in by_section[c["section"]]]
    assert wrong == []


def test_cloze_answers_come_from_the_source_and_stay_hidden(deck: dict[str, Any]) -> None:
    clozes = [c for c in deck["cards"] if c["kind"] == "cloze"]
    assert clozes, "the deck has no cloze cards to check"
    for card in clozes:
        gaps = list(CLOZE_RE.finditer(card["text"]))
        assert gaps, card["id"]
        for m in gaps:
            answer = m.group(2)
            assert _fold(answer) in _fold(card["source"]), card["id"]
            rest = CLOZE_RE.sub(lambda x, a=answer: "" if x.group(2) == a else x.group(2),
                                card["text"])
            assert _fold(answer) not in _fold(rest), f"{card['id']}: answer visible in prompt"


def test_typed_answers_come_from_the_source(deck: dict[str, Any]) -> None:
    typed = [c for c in deck["cards"] if c["kind"] == "typed"]
    assert typed, "the deck has no typed cards to check"
    for card in typed:
        accepted = [card["back"], *card.get("alternatives", [])]
        assert any(_fold(a) in _fold(card["source"]) for a in accepted), card["id"]
        assert _fold(card["back"]) not in _fold(card["front"]), card["id"]


def test_mcq_have_four_distinct_options_none_containing_the_answer(
        deck: dict[str, Any]) -> None:
    mcqs = [c for c in deck["cards"] if c["kind"] == "mcq"]
    assert mcqs, "the deck has no multiple-choice cards to check"
    for card in mcqs:
        options, answer = card["options"], card["answer"]
        assert len(options) == 4 and answer in options, card["id"]
        assert len({_fold(o) for o in options}) == 4, card["id"]
        assert not any(_fold(answer) in _fold(o) for o in options if o != answer), card["id"]
        assert _fold(answer) not in _fold(card["question"]), card["id"]


def test_one_quiz_per_section_and_a_timed_final(
        deck: dict[str, Any], article: Article, cards: dict[str, dict[str, Any]]) -> None:
    quizzes = deck["quizzes"]
    titles = [q["title"] for q in quizzes]
    for section in article.sections:
        assert titles.count(section.title) == 1, f"no single quiz for {section.title!r}"
    finals = [q for q in quizzes if q["title"] not in {s.title for s in article.sections}]
    assert len(finals) == 1
    final = finals[0]
    assert 12 <= len(final["questions"]) <= 15
    assert final.get("time_limit", 0) > 0
    final_sections = {cards[c]["section"] for q in final["questions"]
                      for c in _question_card_ids(q)}
    assert final_sections == {s.title for s in article.sections}, "the final covers every section"
    for quiz in quizzes:
        if quiz is not final:
            assert 5 <= len(quiz["questions"]) <= 8, quiz["id"]


def _question_card_ids(question: dict[str, Any]) -> list[str]:
    return list(question["cards"]) if question["ask_as"] == "matching" else [question["card"]]


def test_quiz_questions_point_at_cards_that_fit_their_ask_as(
        deck: dict[str, Any], cards: dict[str, dict[str, Any]]) -> None:
    matching = 0
    for quiz in deck["quizzes"]:
        for question in quiz["questions"]:
            ask_as = question["ask_as"]
            ids = _question_card_ids(question)
            if ask_as == "matching":
                matching += 1
                assert 4 <= len(ids) <= 6, quiz["id"]
                backs = [cards[i]["back"] for i in ids]
                assert len(set(backs)) == len(backs), quiz["id"]
            for card_id in ids:
                assert card_id in cards, f"{quiz['id']}: unknown card {card_id!r}"
                assert cards[card_id]["kind"] in QUIZ_KINDS[ask_as], f"{quiz['id']}: {card_id}"
    assert matching >= 1
