"""Flashcards that never give the answer away, driven by keys as a student studies."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QPoint, Qt

from app.core.notes.model import Note
from app.core.notes.store import save_note
from app.core.study.session import Scope
from app.ui import theme
from app.ui.study.review import ReviewWidget

ARTICLE = "russia-china-military-cooperation"
SENTENCE = "In 1991 the border agreement was signed in Moscow."


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 10, 10, 0).astimezone().astimezone(UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=2)
        return self.now


def _widget(qtbot, col, scope: Scope | None = None, size=(800, 600)) -> ReviewWidget:
    w = ReviewWidget(col, scope or Scope(ARTICLE, 0), "Introduction", clock=Clock())
    qtbot.addWidget(w)
    w.resize(*size)
    w.show()
    qtbot.waitExposed(w)
    return w


def _cloze(col, note_id: str = "cz", position: int = 0, source: str = SENTENCE) -> None:
    save_note(col, Note(id=note_id, kind="cloze", article_id=ARTICLE, section_idx=0,
                        position=position, source=source,
                        fields={"text": "In {{c1::1991}} the border agreement was signed in "
                                        "{{c2::Moscow}}.", "extra": "It settled the east."}))


def test_cloze_answer_is_emphasised_in_place_not_repeated(qtbot, col_with_article):
    col = col_with_article
    _cloze(col)
    w = _widget(qtbot, col)
    qtbot.keyClick(w, Qt.Key.Key_Space)
    accent = theme.css("accent", None)
    assert f"<b style='color:{accent}'>[...]</b>" in w.question.text()  # the gap stands out
    assert "1991" not in w.question.text()
    qtbot.keyClick(w, Qt.Key.Key_Space)
    question = w.question.text()
    assert f"<b style='color:{accent}'>1991</b>" in question  # bold and coloured, as Anki
    assert "[...]" not in question and "Moscow" in question
    assert "<b" not in question.split("1991</b>", 1)[1]  # the other deletion stays plain
    # the answer area adds only what the sentence does not say
    assert "It settled the east." in w.answer.text() and "border agreement" not in w.answer.text()


def test_question_stays_in_place_when_the_answer_shows(qtbot, col_with_article):
    col = col_with_article
    save_note(col, Note(id="b", kind="basic", article_id=ARTICLE, section_idx=0,
                        fields={"front": "When was the border agreement signed?",
                                "back": "In 1991, in Moscow, after years of talks"},
                        explanation="It settled most of the eastern border."))
    for size in ((1400, 900), (800, 600)):
        w = _widget(qtbot, col, size=size)
        qtbot.keyClick(w, Qt.Key.Key_Space)
        qtbot.wait(10)
        before = w.question.mapTo(w, QPoint(0, 0)).y()
        qtbot.keyClick(w, Qt.Key.Key_Space)
        qtbot.wait(10)
        assert w.question.mapTo(w, QPoint(0, 0)).y() == before, size
        assert w.answer.mapTo(w, QPoint(0, 0)).y() > before  # the answer comes below
        w.close()


def _options(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>|✓ ", "", item) for item in re.findall(r"<li>(.*?)</li>", html)]


def test_multiple_choice_options_are_shuffled_and_stable_within_one_showing(
        qtbot, col_with_article):
    col = col_with_article
    options = ["Beijing", "Shanghai", "Harbin", "Wuhan"]
    save_note(col, Note(id="m", kind="mcq", article_id=ARTICLE, section_idx=0,
                        fields={"question": "Capital of China?", "options": options,
                                "answer": "Beijing"}))
    firsts = set()
    for _ in range(12):
        w = _widget(qtbot, col)
        qtbot.keyClick(w, Qt.Key.Key_Space)
        shown = _options(w.question.text())
        assert sorted(shown) == sorted(options)
        qtbot.keyClick(w, Qt.Key.Key_Space)  # the answer: same order, the right one marked
        assert _options(w.question.text()) == shown
        good = theme.css("good", None)
        assert f"<b style='color:{good}'>✓ Beijing</b>" in w.question.text()
        firsts.add(shown[0])
        w.close()
    assert len(firsts) > 1, "the right answer is not always the first bullet"


def test_a_bare_term_card_says_what_to_give(qtbot, col_with_article):
    col = col_with_article
    save_note(col, Note(id="sco", kind="typed", article_id=ARTICLE, section_idx=0,
                        fields={"front": "Shanghai Cooperation Organization", "back": "SCO"}))
    save_note(col, Note(id="q", kind="typed", article_id=ARTICLE, section_idx=0, position=1,
                        fields={"front": "Which city hosted the 1986 speech?",
                                "back": "Vladivostok"}))
    w = _widget(qtbot, col)
    qtbot.keyClick(w, Qt.Key.Key_Space)
    assert w.instruction.isVisible() and w.instruction.text() == "Give the abbreviation"
    qtbot.keyClicks(w.typed, "SCO")
    qtbot.keyClick(w.typed, Qt.Key.Key_Return)
    assert "Correct" in w.comparison.text()
    qtbot.keyClick(w, Qt.Key.Key_4)
    assert "1986 speech" in w.question.text()
    assert not w.instruction.isVisible()  # a real question needs no instruction


def test_siblings_and_same_sentence_cards_are_not_shown_after_one_is_studied(
        qtbot, col_with_article):
    col = col_with_article
    _cloze(col)
    save_note(col, Note(id="same", kind="basic", article_id=ARTICLE, section_idx=0,
                        position=1, source=SENTENCE,
                        fields={"front": "Where was it signed?", "back": "Moscow"}))
    save_note(col, Note(id="other", kind="basic", article_id=ARTICLE, section_idx=0,
                        position=2, source="Another sentence.",
                        fields={"front": "Another question", "back": "Another answer"}))
    w = _widget(qtbot, col)
    assert w.session.counts().new == 4
    qtbot.keyClick(w, Qt.Key.Key_Space)
    assert "[...]" in w.question.text()
    qtbot.keyClick(w, Qt.Key.Key_Space)
    qtbot.keyClick(w, Qt.Key.Key_4)  # Easy
    assert "Another question" in w.question.text()  # neither the sibling nor "same"
    qtbot.keyClicks(w, "u")  # undo: the cloze comes back, and the buried cards with it
    assert "[...]" in w.question.text()
    assert w.session.counts().new == 4
