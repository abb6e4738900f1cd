"""Long work off the GUI thread: progress shown, Cancel stops the job, the window
keeps handling events meanwhile; the study options reschedule this way."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialogButtonBox, QProgressDialog, QPushButton, QWidget

from app.core.changes import Change
from app.core.quiz.questions import load_cards
from app.core.storage.collection import Collection
from app.core.study import reviews as card_reviews
from app.ui.jobs import run_with_progress
from app.ui.study.options import StudyOptionsDialog
from tests.helpers.quizdata import ARTICLE


class Stopped(Exception):
    pass


def test_cancel_stops_the_job_and_its_error_reaches_the_caller(qtbot) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    ticks: list[float] = []  # GUI-thread timer ticks while the job runs
    timer = QTimer(parent, interval=20)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    threads = []

    def job(progress) -> str:  # type: ignore[no-untyped-def]
        threads.append(threading.get_ident())
        deadline = time.monotonic() + 30
        done = 0
        while time.monotonic() < deadline:
            done += 1
            if not progress(done, 10_000):
                raise Stopped("stopped as asked")
            time.sleep(0.005)
        return "ran to the end: Cancel did nothing"

    def press_cancel() -> None:
        dialog = parent.findChild(QProgressDialog)
        # the GUI thread keeps handling events while the job runs: cancel only after
        # it has ticked a while (a frozen window would let the job run to its end)
        if dialog is None or not dialog.isVisible() or len(ticks) < 25:
            QTimer.singleShot(50, press_cancel)
            return
        assert dialog.value() > 0  # progress is shown
        qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)

    QTimer.singleShot(100, press_cancel)
    with pytest.raises(Stopped):
        run_with_progress(parent, "Working", "Working…", job)
    assert threads and threads[0] != threading.get_ident()
    assert not [d for d in parent.findChildren(QProgressDialog) if d.isVisible()]


def test_study_options_reschedule_on_a_worker_and_tell_the_windows(
        qtbot, qcol: Collection) -> None:  # type: ignore[no-untyped-def]
    now = datetime(2025, 3, 1, 12, tzinfo=UTC)
    ids = [c.card_id for c in load_cards(qcol, ARTICLE)][:4]
    for i, cid in enumerate(ids):
        card_reviews.record_review(qcol, cid, 4, 1000, now=now - timedelta(days=6 - i))
    due_before = [qcol.execute("SELECT due FROM cards WHERE id = ?", [c]).fetchone()[0]
                  for c in ids]
    told: list[Change] = []
    qcol.changes.subscribe(told.append)
    dialog = StudyOptionsDialog(qcol)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.retention.selectAll()
    qtbot.keyClicks(dialog.retention.lineEdit(), "0.85")
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.error.text()
    assert dialog.rescheduled == len(ids)
    assert told and Change.CARDS in told[-1] and Change.SETTINGS in told[-1]
    due_after = [qcol.execute("SELECT due FROM cards WHERE id = ?", [c]).fetchone()[0]
                 for c in ids]
    assert all(a > b for a, b in zip(due_after, due_before, strict=True))
