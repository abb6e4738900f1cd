"""The review screen in the window's minimum size (640 × 420): the answer is brought into
view when shown, and the card keeps the height a tall window spends on margins."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWidget

from app.ui.main_window import MainWindow
from app.ui.study.review_layout import CARD_TOP_MARGIN, COMPACT_TOP_MARGIN


def _in_view(area: QWidget, widget: QWidget) -> bool:
    viewport = area.viewport()  # type: ignore[attr-defined]
    top = widget.mapTo(viewport, QPoint(0, 0)).y()
    return top >= 0 and top + widget.height() <= viewport.height()


def test_the_answer_is_in_view_at_the_minimum_window(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.resize(640, 420)
    qtbot.waitUntil(lambda: window.width() == 640 and window.height() == 420)
    window.study(False)
    review = window.review
    assert review is not None
    qtbot.keyClick(review, Qt.Key.Key_Space)  # Study Now: the first card, a true/false one
    assert review.card is not None and review.card.kind == "truefalse"
    assert review.card_top.sizeHint().height() == COMPACT_TOP_MARGIN
    qtbot.wait(50)  # the question read, its layout settled (the answer moved it, not a timer)
    qtbot.keyClick(review, Qt.Key.Key_Space)  # its answer, with the explanation below it
    assert review.answer_shown
    bar = review.card_area.verticalScrollBar()
    answer = review.answer
    # laid out: the answer as tall as its wrapped lines (at first it has one line's height)
    qtbot.waitUntil(lambda: answer.height() >= answer.heightForWidth(answer.width()))
    qtbot.wait(50)
    assert bar.maximum() > 0  # it does not fit: the card scrolls
    assert _in_view(review.card_area, answer)
    for button in review.grade_buttons.values():
        assert button.isVisible() and button.mapTo(window, QPoint(0, button.height())).y() \
            <= window.height()

    window.resize(1100, 760)  # a tall window: the card's calm top margin comes back
    qtbot.waitUntil(lambda: review.card_top.sizeHint().height() == CARD_TOP_MARGIN)
