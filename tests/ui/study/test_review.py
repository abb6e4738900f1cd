"""The review screen, driven from the keyboard as a student would."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from app.core.notes.model import Note
from app.core.notes.store import get_note, save_note
from app.core.study.session import Scope
from app.core.study.typed import grade_typed
from app.ui import theme
from app.ui.study.review import ReviewWidget

ARTICLE = "russia-china-military-cooperation"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 10, 10, 0).astimezone().astimezone(UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=2)
        return self.now


def _notes(col) -> None:
    for i in range(3):
        save_note(col, Note(id=f"b{i}", kind="basic", fields={"front": f"Question {i}",
                                                              "back": f"Answer {i}"},
                            article_id=ARTICLE, section_idx=1, position=i,
                            source=f"Source sentence {i}."))
    save_note(col, Note(id="t", kind="typed", fields={"front": "Seconds in an hour?",
                                                      "back": "3,600"},
                        article_id=ARTICLE, section_idx=1, position=3))
    save_note(col, Note(id="m", kind="mcq", fields={"question": "Capital of China?",
                                                    "options": ["Beijing", "Shanghai"],
                                                    "answer": "Beijing"},
                        article_id=ARTICLE, section_idx=2, position=0))


def _widget(qtbot, col, scope: Scope | None = None) -> ReviewWidget:
    scope = scope or Scope(ARTICLE, 1)
    w = ReviewWidget(col, scope, "Military cooperation", clock=Clock())
    qtbot.addWidget(w)
    w.resize(800, 600)
    w.show()
    return w


def _revlog(col) -> int:
    return col.execute("SELECT COUNT(*) FROM revlog").fetchone()[0]


def test_keyboard_only_session(qtbot, col_with_article):
    col = col_with_article
    _notes(col)
    w = _widget(qtbot, col)
    # the scope's card total is counted off the GUI thread and added when in
    qtbot.waitUntil(lambda: w.overview_info.text() == "4 to study now · 4 cards in this section")
    assert "New" in w.counts.text() and ">4<" in w.counts.text()
    qtbot.keyClick(w, Qt.Key.Key_Space)  # Study
    assert "Question 0" in w.question.text()
    assert not w.grade_buttons[3].isVisible()
    qtbot.keyClick(w, Qt.Key.Key_Space)  # Show Answer
    assert "Answer 0" in w.answer.text()
    assert w.grade_buttons[3].text() == "Good\n10m"
    assert w.grade_buttons[1].text() == "Again\n1m"
    qtbot.keyClick(w, Qt.Key.Key_4)  # Easy
    assert _revlog(col) == 1
    assert "Question 1" in w.question.text()
    qtbot.keyClick(w, Qt.Key.Key_Return)
    qtbot.keyClick(w, Qt.Key.Key_Return)  # Enter after the answer = Good
    assert _revlog(col) == 2
    qtbot.keyClicks(w, "u")  # undo brings Question 1 back
    assert _revlog(col) == 1
    assert "Question 1" in w.question.text() and w.answer.text() == ""
    qtbot.keyClicks(w, "-")  # bury it
    assert "Question 2" in w.question.text()
    qtbot.keyClick(w, Qt.Key.Key_Space)
    qtbot.keyClick(w, Qt.Key.Key_1)  # Again
    assert "Seconds in an hour?" in w.question.text()
    assert w.typed.isVisible() and w.focusWidget() is w.typed
    qtbot.keyClicks(w.typed, "3600")
    qtbot.keyClick(w.typed, Qt.Key.Key_Return)  # Show Answer from the input box
    assert "Correct" in w.comparison.text()
    qtbot.keyClick(w, Qt.Key.Key_4)
    assert "Question 2" in w.question.text(), "the Again card comes back (learn ahead)"
    qtbot.keyClick(w, Qt.Key.Key_Space)
    qtbot.keyClick(w, Qt.Key.Key_4)
    assert w.pages.currentIndex() == 2
    text = w.summary.text()
    assert "Cards studied: 4" in text and "Again: 1" in text
    assert "Time spent:" in text and "Next cards due in" in text
    with qtbot.waitSignal(w.closed, timeout=1000):
        qtbot.keyClick(w, Qt.Key.Key_Escape)


def test_typed_answer_shows_character_comparison(qtbot, col_with_article):
    col = col_with_article
    save_note(col, Note(id="t", kind="typed", fields={"front": "City?", "back": "Beijing"},
                        article_id=ARTICLE, section_idx=1, position=0))
    w = _widget(qtbot, col)
    qtbot.keyClick(w, Qt.Key.Key_Space)
    qtbot.keyClicks(w.typed, "Bejing")
    qtbot.keyClick(w.typed, Qt.Key.Key_Return)
    html = w.comparison.text()
    # the one judge (the quiz's) forgives the typo; the missing "i" is still marked,
    # in the palette's "missing" tint
    assert "Accepted — the spelling is Beijing" in html
    assert theme.tint_css("missing", None) in html


@pytest.mark.parametrize(("expected", "typed", "verdict"), [
    ("1991", "in 1991", "✓ Correct"),
    ("Su-27", "the Su27", "✓ Correct"),
    ("$3 billion", "three billion dollars", "✓ Correct"),
    ("1991", "1992", "✗ Not quite"),
    ("Beijing", "Shanghai", "✗ Not quite"),
])
def test_review_screen_and_quiz_share_one_typed_judge(qtbot, col_with_article, expected, typed,
                                                     verdict):
    save_note(col_with_article, Note(id="t", kind="typed", fields={"front": "?", "back": expected},
                                     article_id=ARTICLE, section_idx=1, position=0))
    w = _widget(qtbot, col_with_article)
    qtbot.keyClick(w, Qt.Key.Key_Space)
    qtbot.keyClicks(w.typed, typed)
    qtbot.keyClick(w.typed, Qt.Key.Key_Return)
    assert verdict in w.comparison.text()
    assert grade_typed(typed, expected).correct == verdict.startswith("✓")


def test_multiple_choice_is_studied_as_a_flashcard(qtbot, col_with_article):
    col = col_with_article
    _notes(col)
    w = _widget(qtbot, col, Scope(ARTICLE, 2))
    qtbot.keyClick(w, Qt.Key.Key_Space)
    assert "Beijing" in w.question.text() and "Shanghai" in w.question.text()
    qtbot.keyClick(w, Qt.Key.Key_Space)
    assert "Beijing" in w.answer.text()


def test_suspend_edit_and_show_in_article(qtbot, col_with_article):
    col = col_with_article
    _notes(col)
    w = _widget(qtbot, col)
    qtbot.keyClick(w, Qt.Key.Key_Space)
    with qtbot.waitSignal(w.show_in_article, timeout=1000) as sig:
        qtbot.mouseClick(w.article_button, Qt.MouseButton.LeftButton)
    assert sig.args == [ARTICLE, 1, "Source sentence 0."]
    qtbot.keyClicks(w, "e")
    dialog = w.edit_dialog
    front = dialog.page().editors["front"]
    front.setPlainText("   ")
    dialog.accept()
    assert "empty" in dialog.error.text() and dialog.isVisible()
    assert get_note(col, "b0").fields["front"] == "Question 0"
    front.setPlainText("Edited question")
    dialog.accept()
    assert not dialog.isVisible()
    assert "Edited question" in w.question.text()
    qtbot.keyClicks(w, "@")
    assert col.execute("SELECT suspended FROM cards WHERE note_id = 'b0'").fetchone()[0] == 1
    assert "Question 1" in w.question.text()


def test_a_scope_without_cards_says_how_to_make_some(qtbot, col_with_article):
    w = _widget(qtbot, col_with_article)
    assert not w.study_button.isEnabled() and w.study_button.isHidden()
    assert "no cards here yet" in w.overview_info.text()
    assert "Generate" in w.overview_info.text()


def test_nothing_due_disables_the_study_button(qtbot, col_with_article):
    from app.core.study.reviews import record_review

    _notes(col_with_article)
    for (card_id,) in col_with_article.execute(
            "SELECT c.id FROM cards c JOIN notes n ON n.id = c.note_id WHERE n.section_idx = 1"):
        record_review(col_with_article, card_id, 4, 1000)  # Easy: due in days
    w = _widget(qtbot, col_with_article)
    assert not w.study_button.isEnabled()
    assert "Nothing to study" in w.overview_info.text()
    assert "Next cards due in" in w.overview_info.text()


def test_options_change_retention_and_reschedule(qtbot, col_with_article):
    from app.core.study.reviews import record_review
    from app.core.study.settings import load_settings

    col = col_with_article
    _notes(col)
    card_id = col.execute("SELECT id FROM cards WHERE note_id = 'b0'").fetchone()[0]
    record_review(col, card_id, 4, 1000)
    due_before = col.execute("SELECT due FROM cards WHERE id = ?", [card_id]).fetchone()[0]
    w = _widget(qtbot, col)
    qtbot.mouseClick(w.options_button, Qt.MouseButton.LeftButton)
    dialog = w.options_dialog
    assert not dialog.reschedule.isVisibleTo(dialog)
    dialog.retention.setValue(0.80)
    assert dialog.reschedule.isVisibleTo(dialog) and dialog.reschedule.isChecked()
    dialog.new.setValue(5)
    dialog.save()
    assert not dialog.isVisible()
    settings = load_settings(col)
    assert settings.desired_retention == 0.80 and settings.new_per_day == 5
    due_after = col.execute("SELECT due FROM cards WHERE id = ?", [card_id]).fetchone()[0]
    assert due_after > due_before
    # b1, b2, t (section 1); b0 is answered
    # the scope's card total is counted off the GUI thread and added when in
    qtbot.waitUntil(lambda: w.overview_info.text() == "3 to study now · 4 cards in this section")


def test_grading_a_card_deleted_meanwhile_is_explained_not_raised(qtbot, col_with_article):  # type: ignore[no-untyped-def]
    from app.core.notes.store import delete_note

    _notes(col_with_article)
    widget = _widget(qtbot, col_with_article)
    qtbot.keyClick(widget, Qt.Key.Key_Space)  # start
    qtbot.keyClick(widget, Qt.Key.Key_Space)  # show the answer
    gone = widget.card
    assert gone is not None
    delete_note(col_with_article, gone.note_id)  # e.g. in the card browser, meanwhile
    qtbot.keyClick(widget, Qt.Key.Key_3)
    assert widget.message.text()
    assert widget.card is not None and widget.card.card_id != gone.card_id
    assert _revlog(col_with_article) == 0


def test_bury_says_what_happened_and_a_small_window_keeps_the_buttons(qtbot, col_with_article):
    _notes(col_with_article)
    w = _widget(qtbot, col_with_article)
    w.resize(460, 300)
    qtbot.keyClick(w, Qt.Key.Key_Space)
    qtbot.keyClicks(w, "-")
    assert "Buried until tomorrow" in w.message.text()
    qtbot.keyClick(w, Qt.Key.Key_Space)  # show the answer of the next card
    for button in w.grade_buttons.values():  # all four grades visible, none overlapping
        assert button.isVisible() and button.width() >= button.minimumSizeHint().width() - 1
    lefts = sorted(b.geometry().left() for b in w.grade_buttons.values())
    rights = sorted(b.geometry().right() for b in w.grade_buttons.values())
    assert all(rights[i] < lefts[i + 1] for i in range(3))


def test_typed_cards_say_how_to_answer_and_the_answer_scrolls_into_view(qtbot, col_with_article):
    from app.ui.study.review import KEYS_LEGEND, TYPED_LEGEND

    _notes(col_with_article)
    w = _widget(qtbot, col_with_article)
    w.resize(420, 260)  # small: the card must scroll
    qtbot.keyClick(w, Qt.Key.Key_Space)
    while w.card is not None and w.card.kind != "typed":  # Good on each card until the typed one
        qtbot.keyClick(w, Qt.Key.Key_Space)
        qtbot.keyClick(w, Qt.Key.Key_4)
    assert w.card is not None and w.keys_legend.text() == TYPED_LEGEND
    qtbot.keyClicks(w.typed, "3600")
    qtbot.keyClick(w.typed, Qt.Key.Key_Return)
    assert w.answer_shown and w.keys_legend.text() == KEYS_LEGEND
    bar = w.card_area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() == 0 or bar.value() > 0)
