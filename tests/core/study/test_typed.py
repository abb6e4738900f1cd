"""Typed-answer grading, table-driven: every example from issue 5 and more."""

from __future__ import annotations

import pytest

from app.core.study.typed import grade_typed, tokens

ACCEPTED = [
    ("in 1991", "1991", ()),
    ("3600", "3,600", ()),
    ("3,600", "3600", ()),
    ("Tsentr 2019", "Tsentr-2019", ()),
    ("Su27", "Su-27", ()),
    ("Marshall Ustinov", "Marshal Ustinov", ()),
    ("su-27", "Su-27", ()),
    ("S-400.", "S-400", ()),
    ("the S-400 air defence system", "S-400 air defence system", ()),
    ("S-400 air defense system", "S-400 air defence system", ()),
    ("Rosoboronexport", "Rosoboronexport", ()),
    ("rosoboronexprot", "Rosoboronexport", ()),
    ("Zhenbao", "Damansky", ("Zhenbao",)),
    ("Sino-Soviet Border Agreement", "the Sino-Soviet Border Agreement", ()),
    ("Peace Mission 2005", "Peace Mission-2005", ()),
    ("Scherbinin", "Alexander Scherbinin", ("Scherbinin",)),
    ("Ussuri river", "Ussuri River", ()),
    ("Wusulí", "Wusuli", ()),
    ("in the year 1969", "1969", ()),
    ("about 3 600", "3,600", ()),
    # units may be left out or spelled out; number words and European separators read
    ("12 percent", "12%", ()),
    ("12 per cent", "12%", ()),
    ("12%", "12 percent", ()),
    ("16 billion", "16 billion dollars", ()),
    ("$16 billion", "16 billion dollars", ()),
    ("16 billion dollars", "$16 billion", ()),
    ("3 billion dollars", "three billion dollars", ()),
    ("three billion", "$3 billion", ()),
    ("twelve", "12", ()),
    ("3.600", "3,600", ()),
    ("3 600", "3,600", ()),
    ("1.5", "1.5", ()),
    # typos: one in a word of 6–11 letters, two above, a swap counts as one
    ("Australai", "Australia", ()),
    ("Vladivostock", "Vladivostok", ()),
]

REJECTED = [
    ("1992", "1991", ()),
    ("MiG-29", "Su-27", ()),
    ("", "1991", ()),
    ("   ", "Su-27", ()),
    ("Su-35", "Su-27", ()),
    ("Su-27 or MiG-29", "Su-27", ()),
    ("1991 or 1992", "1991", ()),
    ("Zhukov", "Ustinov", ()),
    ("360", "3,600", ()),
    ("S-300", "S-400", ()),
    ("Vostok 2018", "Tsentr 2019", ()),
    ("Scherbinin", "Alexander Scherbinin", ()),
    ("1991 signed the agreement", "1991", ()),
    ("China", "Chile", ()),
    ("Austria", "Australia", ()),
    ("Mongolia", "Mongol", ()),
    ("Bongolia", "Mongolia", ()),  # a typo never changes the first letter
    ("Kazak", "Kazan", ()),  # short words: no typo allowed
    ("Russia", "Prussia", ()),
    ("12 dollars", "12%", ()),  # a unit may be left out, not replaced
    ("12 percent", "$12", ()),
    ("4 billion", "three billion dollars", ()),
    ("16 million", "16 billion dollars", ()),
    ("3.6", "3,600", ()),
]


@pytest.mark.parametrize(("given", "answer", "alternatives"), ACCEPTED)
def test_accepted(given: str, answer: str, alternatives: tuple[str, ...]) -> None:
    assert grade_typed(given, answer, alternatives).correct


@pytest.mark.parametrize(("given", "answer", "alternatives"), REJECTED)
def test_rejected(given: str, answer: str, alternatives: tuple[str, ...]) -> None:
    assert not grade_typed(given, answer, alternatives).correct


def test_alternative_reported_as_matched() -> None:
    assert grade_typed("Zhenbao", "Damansky", ["Zhenbao"]).matched == "Zhenbao"


def test_tokens_normalise_form_only() -> None:
    assert tokens("The Su27, in 3,600 km!") == tokens("su-27 in 3600 KM")
    assert tokens("Ústinov") == ["ustinov"]


def _curated_answers() -> list[tuple[str, list[str]]]:
    import tomllib

    from app.core.notes.model import cloze_answer, cloze_numbers
    from tests.helpers import ROOT

    with (ROOT / "decks" / "russia-china-military-cooperation.toml").open("rb") as fh:
        cards = tomllib.load(fh)["cards"]
    answers = [(c["back"], list(c.get("alternatives", []))) for c in cards
               if c["kind"] in ("typed", "basic", "reversed")]
    answers += [(cloze_answer(c["text"], n), []) for c in cards if c["kind"] == "cloze"
                for n in cloze_numbers(c["text"])]
    return answers


def test_curated_deck_answers_accept_themselves_and_reject_each_other() -> None:
    answers = _curated_answers()
    assert len(answers) > 40
    for answer, alternatives in answers:
        for form in (answer, *alternatives, answer.upper(), f"the {answer}"):
            assert grade_typed(form, answer, alternatives).correct, (form, answer)
        for other, _ in answers:
            if other.casefold() != answer.casefold():
                assert not grade_typed(other, answer, alternatives).correct, (other, answer)


@pytest.mark.parametrize(("given", "answer", "misspelt"), [
    ("Bejing", "Beijing", True),        # accepted with a typo forgiven: show the spelling
    ("Vladivostock", "Vladivostok", True),
    ("in 1991", "1991", False),         # filler words are no misspelling
    ("the Su27", "Su-27", False),
    ("three billion dollars", "$3 billion", False),
])
def test_an_answer_accepted_only_thanks_to_a_typo_says_so(given: str, answer: str,
                                                         misspelt: bool) -> None:
    grade = grade_typed(given, answer)
    assert grade.correct and grade.misspelt is misspelt
