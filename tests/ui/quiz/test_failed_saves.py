"""A quiz answer or an import that cannot be saved: said in its own words, nothing
lost, saved when tried again."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.core.quiz.session import start_quiz
from app.core.storage.collection import Collection
from tests.helpers.faults import another_program_holding_the_lock, short_busy_wait
from tests.helpers.quiz_ui import five_questions, open_window, press


def _answers(col: Collection) -> int:
    return col.execute("SELECT COUNT(*) FROM quiz_answers").fetchone()[0]


def _warnings(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(
        lambda parent, title, text, *a: shown.append((title, text))))
    return shown


def test_quiz_answer_kept_and_saved_on_retry(qtbot, qcol: Collection,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, start_quiz(qcol, five_questions(feedback="each")))
    shown = _warnings(monkeypatch)
    short_busy_wait(qcol)
    with another_program_holding_the_lock(qcol.path):
        press(qtbot, window, "in 1991", Qt.Key.Key_Return)
    assert shown and shown[0][0] == "Answer not saved" and "another program" in shown[0][1]
    assert window.progress_label.text() == "Question 1 of 5"
    assert window.view.response()  # what was typed is still there
    assert _answers(qcol) == 0
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.feedback.verdict.text() == "Right!"
    assert _answers(qcol) == 1


def test_import_that_cannot_be_saved_is_shown(qtbot, tmp_path, monkeypatch) -> None:
    from app.ui.app import open_collection
    from app.ui.main_window import MainWindow

    col = open_collection(tmp_path / "c.sqlite3")
    win = MainWindow(col)
    article = tmp_path / "new.txt"
    article.write_text("A new article\n\nIt has one paragraph, long enough to be a real "
                       "paragraph of text.\n", encoding="utf-8")
    shown = _warnings(monkeypatch)
    short_busy_wait(col)
    before = col.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    with another_program_holding_the_lock(col.path):
        assert win.import_article(str(article)) is None
    assert shown and shown[0][0] == "Import failed" and "another program" in shown[0][1]
    assert col.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == before
    assert win.import_article(str(article)) is not None
    win.close()
    win.deleteLater()
    col.close()
