"""A deck's quizzes: their settings are range-checked, each mistake on its line in a file,
within the same limits for a quiz built in the app."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.decks.quizzes import quiz_problems
from app.core.quiz.spec import QuestionSpec, QuizSpec
from tests.helpers.decks import deck_problems, valid_with, write


@pytest.mark.parametrize(("key", "value", "words"), [
    ("time_limit = 300", "time_limit = 100000000000000000000", "from 1 to 86400"),
    ("time_limit = 300", "time_limit = 0", "from 1 to 86400"),
    ("attempts = 0", "attempts = 99999999", "from 0 to 1000"),
    ("pass_mark = 0.7", "pass_mark = nan", "from 0 to 1"),
    ("pass_mark = 0.7", "pass_mark = inf", "from 0 to 1"),
])
def test_numbers_are_range_checked(tmp_path: Path, key: str, value: str, words: str) -> None:
    (problem,) = deck_problems(write(tmp_path, valid_with(key, value)))
    assert words in problem


@pytest.mark.parametrize(("setting", "words"), [
    ({"time_limit": 100000000000000000000}, "from 1 to 86400"),
    ({"time_limit": 0}, "from 1 to 86400"),
    ({"attempts": 99999999}, "from 0 to 1000"),
    ({"pass_mark": float("nan")}, "from 0 to 1"),
    ({"pass_mark": float("inf")}, "from 0 to 1"),
])
def test_a_quiz_built_in_the_app_has_the_files_limits(setting: dict, words: str) -> None:
    spec = QuizSpec(id="quiz-app", title="Built in the app",
                    questions=[QuestionSpec(ask_as="typed", card="sco")], **setting)
    (problem,) = quiz_problems(spec, {"sco": "typed"})
    assert words in problem
    assert quiz_problems(QuizSpec(id="quiz-app", title="Built in the app",
                                  questions=spec.questions), {"sco": "typed"}) == []
