"""A matching question's pairs count for the sections their cards come from."""

from __future__ import annotations

import random

from app.core.notes.model import Note
from app.core.notes.store import save_note
from app.core.quiz.session import start_quiz
from app.core.quiz.spec import QuestionSpec, QuizSpec
from app.core.storage.collection import Collection
from tests.helpers.quizdata import ARTICLE


def test_matching_pairs_are_credited_to_their_own_sections(qcol: Collection) -> None:
    for i, (front, back) in enumerate((("Vostok", "exercise in Siberia"),
                                       ("Mosi", "exercise with South Africa"))):
        save_note(qcol, Note(f"s4-{i}", "basic", {"front": front, "back": back}, ARTICLE, 4,
                             position=i))
    spec = QuizSpec(id="mixed", title="Mixed", questions=[
        QuestionSpec("matching", cards=["peace-mission", "s400", "s4-0", "s4-1"])])
    session = start_quiz(qcol, spec, rng=random.Random(3))
    question = session.current
    assert question is not None
    picks = list(question.key)
    terms = list(question.terms)
    wrong = terms.index("Vostok")  # Vostok gets Mosi's answer and Mosi gets Vostok's
    other = terms.index("Mosi")
    picks[wrong], picks[other] = picks[other], picks[wrong]
    session.answer(tuple(picks))
    results = session.finish()
    by_section = {s.section_idx: (s.right, s.total) for s in results.sections}
    assert by_section == {2: (2, 2), 4: (0, 2)}
