"""Study options dialog: everything it sets is one core call, driven by keys and clicks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from app.core.quiz.questions import load_cards
from app.core.storage.collection import Collection
from app.core.storage.undo import undo_last
from app.core.study import reviews as card_reviews
from app.core.study import settings as study_settings
from app.ui.study.options import StudyOptionsDialog
from tests.helpers.quizdata import ARTICLE

NOW = datetime(2025, 3, 1, 12, tzinfo=UTC)


def _set(qtbot, box, text: str) -> None:  # type: ignore[no-untyped-def]
    box.selectAll()
    qtbot.keyClicks(box.lineEdit(), text)


def test_options_dialog_saves_limits_retention_name_and_reschedules(
        qtbot, qcol: Collection) -> None:  # type: ignore[no-untyped-def]
    ids = [c.card_id for c in load_cards(qcol, ARTICLE)][:3]
    for i, cid in enumerate(ids):
        card_reviews.record_review(qcol, cid, 4, 1000, now=NOW - timedelta(days=5 - i))  # Easy: review
    due_before = [qcol.execute("SELECT due FROM cards WHERE id = ?", [c]).fetchone()[0]
                  for c in ids]
    dialog = StudyOptionsDialog(qcol)
    qtbot.addWidget(dialog)
    dialog.show()
    _set(qtbot, dialog.new, "7")
    _set(qtbot, dialog.reviews, "70")
    _set(qtbot, dialog.max_ivl, "400")
    _set(qtbot, dialog.retention, "0.80")
    assert dialog.reschedule.isVisible() and dialog.reschedule.isChecked()
    qtbot.keyClicks(dialog.student_name, "Ada")
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.error.text() == ""
    assert study_settings.load_settings(qcol) == study_settings.StudySettings(7, 70, 0.8, 400)
    assert qcol.get_setting("student_name") == "Ada"
    due_after = [qcol.execute("SELECT due FROM cards WHERE id = ?", [c]).fetchone()[0]
                 for c in ids]
    assert all(a > b for a, b in zip(due_after, due_before, strict=True))  # lower retention
    assert qcol.undo.label == "Reschedule Cards"  # Edit → Undo, from the worker's connection
    undo_last(qcol)
    assert [qcol.execute("SELECT due FROM cards WHERE id = ?", [c]).fetchone()[0]
            for c in ids] == due_before
    assert study_settings.load_settings(qcol) == study_settings.StudySettings()


def test_options_dialog_keeps_everything_when_retention_is_refused(
        qtbot, qcol: Collection, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A refusal from the core (here a retention it does not accept) changes nothing."""
    monkeypatch.setattr(study_settings, "validate_retention", _refuse)
    dialog = StudyOptionsDialog(qcol)
    qtbot.addWidget(dialog)
    dialog.show()
    _set(qtbot, dialog.new, "7")
    qtbot.keyClicks(dialog.student_name, "Ada")
    qtbot.keyClick(dialog.student_name, Qt.Key.Key_Return)
    assert dialog.isVisible() and "not accepted" in dialog.error.text()
    assert study_settings.load_settings(qcol) == study_settings.StudySettings()
    assert qcol.get_setting("student_name") is None


def _refuse(retention: float) -> None:
    raise study_settings.StudyError(f"retention {retention} not accepted")


def test_options_dialog_turns_burying_related_cards_off_and_on(
        qtbot, qcol: Collection) -> None:  # type: ignore[no-untyped-def]
    dialog = StudyOptionsDialog(qcol)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.bury_related.isChecked()  # on by default, as in Anki
    qtbot.mouseClick(dialog.bury_related, Qt.MouseButton.LeftButton)
    qtbot.keyClick(dialog.student_name, Qt.Key.Key_Return)
    assert study_settings.load_settings(qcol).bury_related is False
    again = StudyOptionsDialog(qcol)
    qtbot.addWidget(again)
    again.show()
    assert not again.bury_related.isChecked()
    qtbot.mouseClick(again.bury_related, Qt.MouseButton.LeftButton)
    qtbot.keyClick(again.student_name, Qt.Key.Key_Return)
    assert study_settings.load_settings(qcol).bury_related is True


def test_a_shorter_maximum_interval_offers_to_reschedule_and_caps_the_cards_in_review(
        qtbot, qcol: Collection) -> None:  # type: ignore[no-untyped-def]
    ids = [c.card_id for c in load_cards(qcol, ARTICLE)][:2]
    for cid in ids:
        card_reviews.record_review(qcol, cid, 4, 1000, now=NOW)  # Easy: in review, > 3 days
    dialog = StudyOptionsDialog(qcol)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.reschedule.isVisible()
    _set(qtbot, dialog.max_ivl, "2")
    assert dialog.reschedule.isVisible() and dialog.reschedule.isChecked()
    _set(qtbot, dialog.max_ivl, str(study_settings.StudySettings().maximum_interval))
    assert not dialog.reschedule.isVisible()  # back as it was: nothing to reschedule
    _set(qtbot, dialog.max_ivl, "2")
    qtbot.keyClick(dialog.student_name, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.rescheduled == 2
    for cid in ids:
        due, last = qcol.execute("SELECT due, last_review FROM cards WHERE id = ?",
                                 [cid]).fetchone()
        assert due - last == 2 * 86400
