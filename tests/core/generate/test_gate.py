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
