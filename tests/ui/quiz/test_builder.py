"""The quiz builder, driven as an instructor: pick, reorder, preview, save, reload, take."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QMessageBox

from app.core.quiz.session import start_quiz
from app.core.storage.collection import Collection
from app.ui.quiz.builder import QuizBuilder
from tests.helpers import ROOT

ARTICLE = "russia-china-military-cooperation"


@pytest.fixture
def deck_col(col_with_article: Collection, tmp_path: Path) -> tuple[Collection, Path]:
    from app.core.decks.store import load_deck_into_collection

    path = tmp_path / "deck.toml"
    shutil.copy(ROOT / "decks" / "russia-china-military-cooperation.toml", path)
    load_deck_into_collection(col_with_article, path)
    return col_with_article, path


def _select(builder: QuizBuilder, note_ids: list[str]) -> None:
    builder.card_list.clearSelection()
    for i in range(builder.card_list.count()):
        item = builder.card_list.item(i)
        if item.data(Qt.ItemDataRole.UserRole) in note_ids:
            item.setSelected(True)


def _drop_row(view: QListWidget, source: int, target: int) -> None:
    """What an internal drag-and-drop does to the list's model once the row is dropped.

    (A real QDrag runs its own event loop, which the offscreen platform cannot drive.)
    """
    assert view.dragDropMode() == QAbstractItemView.DragDropMode.InternalMove
    assert view.model().moveRow(QModelIndex(), source, QModelIndex(), target)


def test_build_save_reload_and_take(qtbot, deck_col: tuple[Collection, Path],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from app.core.decks.store import get_quiz, load_deck_into_collection

    col, path = deck_col
    builder = QuizBuilder(col, ARTICLE)
    qtbot.addWidget(builder)
    builder.show()
    everything = builder.card_list.count()
    builder.section_filter.setCurrentIndex(1)  # Introduction
    assert 0 < builder.card_list.count() < everything
    builder.kind_filter.setCurrentIndex(builder.kind_filter.findData("truefalse"))
    shown = [builder.card_list.item(i).text() for i in range(builder.card_list.count())]
    assert shown and all("(truefalse)" in t and "[Introduction]" in t for t in shown)
    builder.kind_filter.setCurrentIndex(0)
    qtbot.keyClicks(builder.search, "Damansky")
    assert all("damansky" in builder.card_list.item(i).text().casefold()
               for i in range(builder.card_list.count()))
    builder.search.clear()

    _select(builder, ["damansky-clash-year", "cold-war-rivalry"])
    builder.ask_as.setCurrentIndex(builder.ask_as.findData("mcq"))
    qtbot.mouseClick(builder.add_button, Qt.MouseButton.LeftButton)
    _select(builder, ["damansky-river"])
    builder.ask_as.setCurrentIndex(builder.ask_as.findData("typed"))
    qtbot.mouseClick(builder.add_button, Qt.MouseButton.LeftButton)
    specs = builder.question_specs()
    # the true/false card cannot be an MCQ: it is added as true/false
    assert [(q.card, q.ask_as) for q in specs] == [
        ("cold-war-rivalry", "truefalse"), ("damansky-clash-year", "mcq"),
        ("damansky-river", "typed")]

    _drop_row(builder.questions, 2, 0)  # the typed question first
    assert [q.card for q in builder.question_specs()] == [
        "damansky-river", "cold-war-rivalry", "damansky-clash-year"]
    assert builder.questions.item(0).text().startswith("1. Typed answer")
    builder.questions.setCurrentRow(2)
    qtbot.mouseClick(builder.up_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(builder.down_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(builder.up_button, Qt.MouseButton.LeftButton)
    assert [q.card for q in builder.question_specs()] == [
        "damansky-river", "damansky-clash-year", "cold-war-rivalry"]
    _drop_row(builder.questions, 2, 1)

    builder.questions.setCurrentRow(0)
    preview = builder.preview_selected()
    assert preview is not None
    assert "Damansky" in preview.view.prompt.text() and preview.view.line_edit is not None
    qtbot.keyClicks(preview.view.line_edit, "Wusuli")
    qtbot.keyClick(preview.view.line_edit, Qt.Key.Key_Return)
    assert preview.verdict.text().startswith("Right.")
    preview.close()

    builder.title.setText("Damansky and after")
    builder.time_limit.setValue(5)
    builder.pass_mark.setValue(60)
    builder.attempts.setValue(2)
    builder.feedback.setCurrentIndex(builder.feedback.findData("end"))
    with qtbot.waitSignal(builder.saved) as saved:
        qtbot.mouseClick(builder.save_button, Qt.MouseButton.LeftButton)
    quiz_id = saved.args[0]
    assert quiz_id == "quiz-damansky-and-after"
    assert "deck.toml" in builder.status.text()
    text = path.read_text(encoding="utf-8")
    assert 'id = "quiz-damansky-and-after"' in text and "time_limit = 300" in text

    load_deck_into_collection(col, path)  # reload the file: the quiz comes back from it
    spec = get_quiz(col, quiz_id)
    assert (spec.title, spec.time_limit, spec.pass_mark, spec.attempts, spec.feedback) == (
        "Damansky and after", 300, 0.6, 2, "end")
    session = start_quiz(col, spec)
    assert [q.ask_as for q in session.questions] == ["typed", "truefalse", "mcq"]
    session.answer("Ussuri")
    session.answer(session.current.options.index("True"))
    session.answer(session.current.options.index("1969"))
    results = session.finish()
    assert (results.score, results.passed) == (3, True)

    monkeypatch.setattr(QMessageBox, "warning", lambda *a: QMessageBox.StandardButton.Ok)
    builder.title.clear()
    assert not builder.save()  # no title: refused, the stored quiz unchanged
    assert get_quiz(col, quiz_id).title == "Damansky and after"


def test_matching_needs_four_to_six_front_back_cards(qtbot, deck_col) -> None:
    col, _ = deck_col
    builder = QuizBuilder(col, ARTICLE)
    qtbot.addWidget(builder)
    builder.kind_filter.setCurrentIndex(builder.kind_filter.findData("matching"))
    count = builder.card_list.count()
    assert count >= 4
    ids = [builder.card_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(count)]
    _select(builder, ids[:3])
    assert not builder.matching_button.isEnabled()
    _select(builder, ids[:4])
    assert builder.matching_button.isEnabled()
    qtbot.mouseClick(builder.matching_button, Qt.MouseButton.LeftButton)
    [q] = builder.question_specs()
    assert q.ask_as == "matching" and q.cards == ids[:4]


def test_the_builder_fits_an_800_by_600_screen(qtbot, deck_col) -> None:
    col, _ = deck_col
    builder = QuizBuilder(col, ARTICLE)
    qtbot.addWidget(builder)
    hint = builder.minimumSizeHint()
    assert hint.width() <= 800 and hint.height() <= 600, hint
