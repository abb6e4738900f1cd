"""Moodle's Aiken format: multiple-choice questions, one right answer each.

    What is the capital of France?
    A. Paris
    B. Lyon
    ANSWER: A

A line-based format with nothing to nest, so a plain line reader is the right
tool; every mistake names its line.
"""

from __future__ import annotations

import re
from pathlib import Path

from app.core.errors import InteropError
from app.core.interop.model import ImportedDeck, digest_of, stable_note_id
from app.core.notes.model import Note
from app.core.quiz.spec import QuestionSpec, QuizSpec

OPTION_RE = re.compile(r"([A-Z])[.)]\s+(.*\S)\s*\Z")
ANSWER_RE = re.compile(r"ANSWER:\s*([A-Z])\s*\Z")


def looks_like_aiken(text: str) -> bool:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    answers = sum(1 for ln in lines if ANSWER_RE.match(ln))
    options = sum(1 for ln in lines if OPTION_RE.match(ln))
    return answers >= 1 and options >= 2 * answers


def aiken_deck(path: Path, text: str) -> ImportedDeck:
    from app.core.articles.library import slugify

    deck = ImportedDeck(format="aiken", path=path, title=path.stem,
                        digest=digest_of(text.encode()))
    quiz = QuizSpec(id=f"aiken-{slugify(path.stem)}", title=path.stem.replace("_", " "),
                    questions=[])
    section = deck.section("Questions")
    question: list[str] = []
    options: list[tuple[str, str]] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        answer = ANSWER_RE.match(line)
        option = OPTION_RE.match(line)
        if answer:
            if not question or len(options) < 2:
                raise InteropError(path, "ANSWER: without a question and at least two options "
                                         "(A. …, B. …) before it", number)
            letters = [o[0] for o in options]
            if answer.group(1) not in letters:
                raise InteropError(path, f"the answer {answer.group(1)} is not one of the "
                                         f"options {', '.join(letters)}", number)
            texts = [o[1] for o in options]
            if len({t.casefold() for t in texts}) != len(texts):
                raise InteropError(path, "two options of this question are the same", number)
            stem = " ".join(question)
            note = Note(id=stable_note_id("aiken", path.name, stem), kind="mcq",
                        fields={"question": stem, "options": texts,
                                "answer": texts[letters.index(answer.group(1))]},
                        section_idx=section, tags=["aiken"])
            deck.notes.append(note)
            quiz.questions.append(QuestionSpec(ask_as="mcq", card=note.id))
            question, options = [], []
        elif option and question:
            expected = chr(ord("A") + len(options))
            if option.group(1) != expected:
                raise InteropError(path, f"option {option.group(1)} where {expected} was "
                                         "expected", number)
            options.append((option.group(1), option.group(2)))
        elif options:
            raise InteropError(path, "a question's options must end with its ANSWER: line",
                               start or number)
        else:
            if not question:
                start = number
            question.append(line)
    if question:
        raise InteropError(path, "this question has no ANSWER: line", start)
    if not deck.notes:
        raise InteropError(path, "holds no Aiken questions")
    deck.converted["Aiken multiple choice"] = "mcq"
    deck.quizzes.append(quiz)
    return deck
