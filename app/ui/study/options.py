"""Dialogs of the study screen: study options (limits, retention, your name)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.changes import Change
from app.core.storage.collection import Collection
from app.core.student import student_name
from app.core.study.reviews import Progress, update_study_options
from app.core.study.scheduler import MAX_RETENTION, MIN_RETENTION, SettingsError
from app.core.study.settings import StudyError, load_settings
from app.ui.jobs import run_with_progress
from app.ui.widgets import form_of


class StudyOptionsDialog(QDialog):
    """Daily limits and desired retention; offers to reschedule when retention changes."""

    def __init__(self, col: Collection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.col = col
        self.setWindowTitle("Study options")
        s = load_settings(col)
        self._retention = s.desired_retention
        self.rescheduled = 0
        """How many cards the last save rescheduled."""
        self.new = QSpinBox(maximum=9999, value=s.new_per_day)
        self.reviews = QSpinBox(maximum=99999, value=s.reviews_per_day)
        self.retention = QDoubleSpinBox(minimum=MIN_RETENTION, maximum=MAX_RETENTION,
                                        singleStep=0.01, decimals=2, value=s.desired_retention)
        self.max_ivl = QSpinBox(minimum=1, maximum=36500, value=s.maximum_interval)
        self.reschedule = QCheckBox("Reschedule existing cards from their review history")
        self.reschedule.setChecked(True)
        self.reschedule.setVisible(False)
        self.retention.valueChanged.connect(
            lambda v: self.reschedule.setVisible(abs(v - s.desired_retention) > 1e-9))
        self.bury_related = QCheckBox("Bury related cards until tomorrow")
        self.bury_related.setToolTip(
            "After a card is studied, hide the other cards of its note and the cards on the "
            "same source sentence for the rest of the day, so they do not give its answer away")
        self.bury_related.setChecked(s.bury_related)
        self.student_name = QLineEdit(student_name(col))
        self.student_name.setPlaceholderText("Shown in exported quiz results")
        self.error = QLabel("")
        form = form_of(
            ("New cards per day (per article)", self.new),
            ("Reviews per day (per article)", self.reviews),
            ("Desired retention", self.retention),
            ("Maximum interval (days)", self.max_ivl),
            ("", self.bury_related),
        )
        self.optimise_button = QPushButton("&Optimise FSRS…")
        self.optimise_button.setToolTip("Fit FSRS to your own reviews, and find a retention "
                                        "with the least work")
        self.optimise_button.clicked.connect(self.optimise)
        form.addRow("FSRS parameters", self.optimise_button)
        form.addRow("Your name (for quiz results)", self.student_name)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.reschedule)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def optimise(self) -> None:
        from app.ui.stats.optimise_dialog import OptimiseDialog

        OptimiseDialog(self.col, self).exec()

    def save(self) -> None:
        retention = round(self.retention.value(), 2)
        values = (self.new.value(), self.reviews.value(), retention, self.max_ivl.value(),
                  self.reschedule.isChecked(), self.student_name.text(),
                  self.bury_related.isChecked())
        try:
            if self.reschedule.isChecked() and abs(retention - self._retention) > 1e-9:
                self._save_rescheduling(values)
            else:
                update_study_options(self.col, *values)
        except (StudyError, SettingsError) as exc:
            self.error.setText(str(exc))
            return
        self.accept()

    def _save_rescheduling(self, values: tuple) -> None:
        """Replaying every card's history takes a while on a big collection: on a
        worker thread, with progress and Cancel (which changes nothing)."""

        def job(progress: Progress) -> int:
            with self.col.worker_view() as view:
                return update_study_options(view, *values, progress=progress)

        count = run_with_progress(self, "Rescheduling", "Rescheduling cards from their "
                                  "review history…", job)
        self.col.adopt(Change.SETTINGS | Change.CARDS | Change.STUDY)
        self.rescheduled = count
