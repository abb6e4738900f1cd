"""The answered statements' interaction definitions as a real Ralph LRS stores them:
a multiple-choice question lists every option the student was shown (not only the
right one and the one picked), and a GIFT numerical question is xAPI numeric."""

from __future__ import annotations

import json
import random
from pathlib import Path

from app.core.classroom.lrs import LrsClient
from app.core.classroom.outbox import send_pending
from app.core.classroom.settings import ClassSettings, save_class_settings
from app.core.classroom.vocabulary import VERBS
from app.core.classroom.xapi import choice_id
from app.core.decks.store import get_quiz
from app.core.interop.imports import import_deck_file
from app.core.quiz.session import start_quiz
from app.core.storage.collection import Collection
from tests.helpers.lrs import USERS, Lrs, stored_statements
from tests.helpers.quizdata import right_response, wrong_response

GIFT = """::Planets:: Which planet is the largest? {=Jupiter ~Mars ~Venus ~Mercury}

::Product:: What is six times seven? {#42}

::Year:: In which year did the Berlin Wall fall? {#1989}
"""


def test_choices_list_every_option_and_numbers_are_numeric(tmp_path: Path, ralph: Lrs,
                                                           memory_keyring) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "class.gift"
    source.write_text(GIFT, encoding="utf-8")
    col = Collection.open(tmp_path / "dee.sqlite3")
    try:
        import_deck_file(col, source)
        save_class_settings(col, ClassSettings(endpoint=ralph.endpoint, key="dee",
                                               email="dee@school.example.org", agreed=True),
                            secret=USERS["dee"])
        quiz_id = col.execute("SELECT id FROM quizzes").fetchone()[0]
        session = start_quiz(col, get_quiz(col, quiz_id), rng=random.Random(3))
        shown: dict[str, tuple[str, ...]] = {}
        typed = []
        while (question := session.current) is not None:
            if question.ask_as == "mcq":
                shown[question.prompt] = question.options
                session.answer(wrong_response(question))
            else:
                typed.append(question.answer)
                session.answer(right_response(question) if question.answer == "42"
                               else "1990")
        session.finish()
        assert len(shown) == 1 and sorted(typed) == ["1989", "42"]
        with LrsClient(ralph.endpoint, "dee", USERS["dee"]) as client:
            assert send_pending(col, client).error is None
    finally:
        col.close()
    answered = {s["object"]["definition"]["description"]["en-US"]: s
                for s in stored_statements(ralph, verb=VERBS["answered"], agent=json.dumps(
                    {"mbox": "mailto:dee@school.example.org"}))}
    (prompt, options), = shown.items()
    choice = answered[prompt]
    definition = choice["object"]["definition"]
    assert definition["interactionType"] == "choice"
    assert [c["description"]["en-US"] for c in definition["choices"]] == list(options)
    assert sorted(options) == ["Jupiter", "Mars", "Mercury", "Venus"]
    assert definition["correctResponsesPattern"] == [choice_id("Jupiter")]
    assert choice["result"]["success"] is False
    assert choice["result"]["response"] in {c["id"] for c in definition["choices"]}
    numeric = {s["object"]["definition"]["correctResponsesPattern"][0]: s
               for s in answered.values()
               if s["object"]["definition"]["interactionType"] == "numeric"}
    assert set(numeric) == {"42[:]42", "1989[:]1989"}
    assert numeric["42[:]42"]["result"]["response"] == "42"
    assert numeric["42[:]42"]["result"]["success"] is True
    assert numeric["1989[:]1989"]["result"] == {**numeric["1989[:]1989"]["result"],
                                               "response": "1990", "success": False}
