"""The study screen when an answer cannot be saved: said plainly, kept, saved on retry."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.core.notes.model import Note
from app.core.notes.store import save_note
from app.core.study.session import Scope
from app.ui.study.review import ReviewWidget
from tests.helpers.faults import (
    another_program_holding_the_lock,
    short_busy_wait,
    small_disk,
    use_up_space,
)

ARTICLE = "russia-china-military-cooperation"


def _widget(qtbot, col) -> ReviewWidget:
    for i in range(3):
        save_note(col, Note(id=f"b{i}", kind="basic",
                            fields={"front": f"Question {i} " + "z" * 3000, "back": "A"},
                            article_id=ARTICLE, section_idx=1, position=i))
    w = ReviewWidget(col, Scope(ARTICLE, 1), "Study")
    qtbot.addWidget(w)
    w.resize(800, 600)
    w.show()
    qtbot.keyClick(w, Qt.Key.Key_Space)  # Study Now
    return w


def _revlog(col) -> int:
    return col.execute("SELECT COUNT(*) FROM revlog").fetchone()[0]


def test_full_disk_keeps_the_answer_on_screen_and_retry_saves_it(qtbot, tmp_path,
                                                                  article_path):
    from app.core.articles.library import import_article_file
    from app.core.storage.collection import Collection

    with small_disk(tmp_path / "small") as disk:
        col = Collection.open(disk / "collection.sqlite3")
        col.backup_on_close = False
        try:
            import_article_file(col, article_path)
            w = _widget(qtbot, col)
            qtbot.keyClick(w, Qt.Key.Key_Space)  # show answer
            qtbot.keyClick(w, Qt.Key.Key_Space)  # Good: saved
            assert _revlog(col) == 1
            second = w.card  # the card now on screen
            filler = use_up_space(disk)
            qtbot.keyClick(w, Qt.Key.Key_Space)  # show answer of the second card
            before = (w.session.queues(), w.session.counts(), w.session.studied)
            painted: list[object] = []
            w.painted.connect(lambda: painted.append(w.card))
            qtbot.keyClick(w, Qt.Key.Key_3)      # Good: the disk is full
            # the third card was painted before the commit's sync failed …
            assert painted and painted[0] is not second
            # … and the student is back on the second, its answer shown, nothing kept
            assert "NOT saved" in w.message.text() and "disk" in w.message.text()
            assert w.retry_button.isVisible()
            assert w.card is second and w.answer_shown  # still the same card
            assert second.face.answer in w.answer.text()
            assert _revlog(col) == 1
            assert (w.session.queues(), w.session.counts(), w.session.studied) == before
            filler.unlink()
            qtbot.mouseClick(w.retry_button, Qt.MouseButton.LeftButton)
            assert _revlog(col) == 2
            assert not w.retry_button.isVisible() and w.message.text() == "Saved."
            assert col.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            w.close()
        finally:
            col.close()


def test_lock_of_another_program_is_named_and_the_grade_key_retries(qtbot, col_with_article):
    col = col_with_article
    w = _widget(qtbot, col)
    short_busy_wait(col)
    qtbot.keyClick(w, Qt.Key.Key_Space)
    with another_program_holding_the_lock(col.path):
        qtbot.keyClick(w, Qt.Key.Key_4)
        assert "another program" in w.message.text()
        assert _revlog(col) == 0
    qtbot.keyClick(w, Qt.Key.Key_4)  # pressing the grade again saves it
    assert _revlog(col) == 1
    assert col.execute("SELECT rating FROM revlog").fetchone()[0] == 4


def test_leaving_with_an_unsaved_answer_asks_first(qtbot, col_with_article, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    col = col_with_article
    w = _widget(qtbot, col)
    short_busy_wait(col)
    qtbot.keyClick(w, Qt.Key.Key_Space)
    with another_program_holding_the_lock(col.path):
        qtbot.keyClick(w, Qt.Key.Key_3)
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda *a, **k: asked.append(a[1]) or QMessageBox.StandardButton.Cancel))
    closed: list[bool] = []
    w.closed.connect(lambda: closed.append(True))
    qtbot.keyClick(w, Qt.Key.Key_Escape)
    assert asked == ["Answer not saved"] and closed == []
    assert w.unsaved is not None
