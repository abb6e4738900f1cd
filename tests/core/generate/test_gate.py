"""The sentence gate: only full sentences of an article's body become card material."""

from __future__ import annotations

import pytest

from app.core.articles.model import Article, Block, Section, Sentence
from app.core.generate import every_variant, generate_candidates
from app.core.generate.gate import is_body_sentence, refusal


@pytest.mark.parametrize("text", [
    "^ Visualizing Representations: Deep Learning and Human Beings. Christopher Olah's blog, 2015.",
    "Olah, C. (2015). Visualizing representations. Retrieved 3 May 2019.",
    "John Lehr December 22, 2016 at 5:52 pm",
    "Ruman Vocalist Bd November 29, 2015 at 11:03 am",
    "Published November 8, 2023",
    "{ 38 comments… read them below or add one }",
    "Russia removed as host of 2023 worlds in men’s ice hockey",
    "Photo: The crew of Apollo 11 before the launch in July 1969.",
    "Home | News | Sport | Weather | Contact",
    "The energy is E = mc^2 where c is the speed of light.",
    "Subscribe to our newsletter for the latest news from Haiti.",
    "How did you become interested in coral reefs?",
    "Elliot Ackerman Saladin Ambar, Rutgers University Martin Amis Anne Applebaum Marie Arana.",
    "Der Anspruch bedeutet, auf Augenhöhe mit dem Business zu agieren.",
    "Edited late on Sunday, October 18th, 2020.",
    "BREAKING NEWS: FIRE DESTROYS THE OLD TOWN HALL IN RIVERTON.",
    "The Lisbon Treaty.",
])
def test_not_a_body_sentence(text: str) -> None:
    assert not is_body_sentence(text), text


@pytest.mark.parametrize("text", [
    "The Sino-Soviet Border Agreement was signed in 1991.",
    "It cost $25.4 billion by 1973.",
    "The Russian foreign minister, Sergey Lavrov, explains Moscow’s vision thus:",
    "Moreover, the two cooperate closely on international issues and coordinate their activities.",
    "Lunar module pilot Buzz Aldrin joined him about 20 minutes later.",
    "The deal was worth $60 million and $1.8 billion over ten years.",
    "I grew up on the island of Madeira, and I learned to dive when I was twelve.",
])
def test_a_body_sentence(text: str) -> None:
    assert is_body_sentence(text), refusal(text)


def test_refused_sentences_give_no_card_and_no_distractor() -> None:
    """A time stamp's date is neither a card nor an option of another card."""
    article = Article("Notes", (Section("Events", (Block("paragraph", (
        Sentence("The bridge over the river was opened in March 1931."),
        Sentence("The second bridge was opened in June 1954."),
        Sentence("The third bridge was opened in May 1977."),
        Sentence("Reader Tom Smith December 22, 2016 at 5:52 pm"),
        Sentence("The fourth bridge was opened in April 1999."),)),)),))
    candidates = every_variant(generate_candidates(article))
    assert candidates  # the checks below must not pass on an empty list
    for c in candidates:
        assert "2016" not in (c.answer, *c.options) and "5:52" not in c.prompt, c


@pytest.mark.parametrize("text", [
    "Cook in a preheated oven at 200°C for 20 minutes.",
    "Then bake for 20 minutes until golden.",
    "Mix together yeast, honey and warm water.",
    "Run the installer and click Next to continue.",
])
def test_an_instruction_is_no_statement(text: str) -> None:
    assert refusal(text) == "an instruction, not a statement"


@pytest.mark.parametrize("text", [
    "Cook said the plan would cost more than expected.",
    "Set in 1990, the film follows a family in Lisbon.",
    "Rust enforces memory safety without a garbage collector.",
])
def test_a_statement_opening_like_an_instruction_is_kept(text: str) -> None:
    assert refusal(text) is None


@pytest.mark.parametrize(("text", "reason"), [
    ("When you join The Times family, you’ll get unlimited digital access to journalism.",
     "addressed to the reader: advice or promotion, not a fact"),
    ("If you are serving this up for a starter you may want to double the oil.",
     "addressed to the reader: advice or promotion, not a fact"),
    ("In brief, the editor used these three classes of advice as follows:",
     "points at the page (a list, what is above or below), not a fact"),
    ("The situational demands give rise to several styles as discussed above.",
     "points at the page (a list, what is above or below), not a fact"),
    ("Here’s the full list from the magazine that ranked them.",
     "points at the page (a list, what is above or below), not a fact"),
    ("July 7, 2020 The letter below will appear in the October issue.",
     "a date line glued to a sentence"),
    ("(If you are paying attention, every new skin cell is produced below.",
     "an aside in brackets"),
    ("Revised Edition Edited by Adrian Parr.", "a byline or credit"),
    ("Im Februar 2017 wurde die Ausstellung über Denkmäler in neuem Licht präsentiert.",
     "not English: the generator's rules are for English text"),
])
def test_page_talk_is_no_statement(text: str, reason: str) -> None:
    assert refusal(text) == reason


@pytest.mark.parametrize("text", [
    "Decorators in Python enable you to modify the behaviour of existing functions.",
    "He repeated his proposal in a speech in Tashkent the following year.",
    "Café owners in Montréal said the rent had doubled since 2019.",
])
def test_statements_that_only_look_like_page_talk_are_kept(text: str) -> None:
    assert refusal(text) is None
