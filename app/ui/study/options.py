"""Dialogs of the study screen: study options (limits, retention, your name)."""

from __future__ import annotations

from dataclasses import replace

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

from app.core.storage.collection import Collection
from app.core.student import student_name
from app.core.study.reviews import (
    RESCHEDULE_CHANGES,
    Progress,
    intervals_changed,
    update_study_options,
)
from app.core.study.scheduler import MAX_RETENTION, MIN_RETENTION, SettingsError
from app.core.study.settings import StudyError, StudySettings, load_settings
from app.ui.jobs import run_on_worker_view
from app.ui.widgets import form_of


class StudyOptionsDialog(QDialog):
    """Daily limits and desired retention; offers to reschedule the cards in review when
    the retention or the maximum interval changes (the intervals they were given)."""

    def __init__(self, col: Collection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.col = col
        self.setWindowTitle("Study options")
        s = load_settings(col)
        self._settings = s
        self.rescheduled = 0
        """How many cards the last save rescheduled."""
        self.new = QSpinBox(maximum=9999, value=s.new_per_day)
        self.reviews = QSpinBox(maximum=99999, value=s.reviews_per_day)
        self.retention = QDoubleSpinBox(minimum=MIN_RETENTION, maximum=MAX_RETENTION,
                                        singleStep=0.01, decimals=2, value=s.desired_retention)
        self.max_ivl = QSpinBox(minimum=1, maximum=36500, value=s.maximum_interval)
        self.reschedule = QCheckBox("Reschedule cards in review to the new setting")
        self.reschedule.setToolTip("Give every card in review the interval the new retention "
                                   "and maximum interval give its memory")
        self.reschedule.setChecked(True)
        self.reschedule.setVisible(False)
        self.retention.valueChanged.connect(self._offer_rescheduling)
        self.max_ivl.valueChanged.connect(self._offer_rescheduling)
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

    def _edited(self) -> StudySettings:
        """The intervals' settings as edited (the limits do not matter to rescheduling)."""
        return replace(self._settings, desired_retention=round(self.retention.value(), 2),
                       maximum_interval=self.max_ivl.value())

    def _offer_rescheduling(self) -> None:
        self.reschedule.setVisible(intervals_changed(self._settings, self._edited()))

    def save(self) -> None:
        edited = self._edited()
        values = (self.new.value(), self.reviews.value(), edited.desired_retention,
                  edited.maximum_interval, self.reschedule.isChecked(),
                  self.student_name.text(), self.bury_related.isChecked())
        try:
            if self.reschedule.isChecked() and intervals_changed(self._settings, edited):
                self._save_rescheduling(values)
            else:
                update_study_options(self.col, *values)
        except (StudyError, SettingsError) as exc:
            self.error.setText(str(exc))
            return
        self.accept()

    def _save_rescheduling(self, values: tuple) -> None:
        """Hundreds of thousands of cards take seconds: on a worker thread, with
        progress and Cancel (which changes nothing)."""

        def job(view: Collection, progress: Progress) -> int:
            return update_study_options(view, *values, progress=progress)

        self.rescheduled = run_on_worker_view(
            self, self.col, "Rescheduling", "Rescheduling the cards in review…",
            RESCHEDULE_CHANGES, job)
