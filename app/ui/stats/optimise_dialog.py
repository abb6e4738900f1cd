"""Study Options → Optimise FSRS…: fit the parameters to the student's reviews, off the GUI
thread with progress and Cancel; show the fit; adopt it only if better; restore the previous
parameters; suggest a desired retention and chart the daily reviews it would bring.

The worker thread runs only the pure steps of `app.core.stats.optimise` (`fit`,
`suggest_retention`); the collection is read and written on the GUI thread, except
for rescheduling every card under adopted or restored parameters, a long write on a
worker connection with progress and Cancel (`run_on_worker_view`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import StudyDeskError
from app.core.stats.optimise import (
    MIN_REVIEWS,
    OptimiseCancelled,
    OptimiseResult,
    adopt_parameters,
    fit,
    has_fitted_parameters,
    load_histories,
    previous_parameters,
    restore_previous_parameters,
    simulate_reviews,
    suggest_retention,
    workload,
)
from app.core.storage.collection import Collection
from app.core.study.reviews import RESCHEDULE_CHANGES
from app.core.study.reviews import Progress as CardProgress
from app.core.study.scheduler import MAX_RETENTION, MIN_RETENTION
from app.core.study.settings import load_settings
from app.ui.errors import reporting
from app.ui.jobs import run_on_worker_view
from app.ui.stats.charts import COLORS, BarChart, Series


class Worker(QObject):
    """Runs `job(progress)` on its thread; `progress` returns False once Cancel is pressed."""

    progressed = Signal(str, float)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, job: Callable[[Callable[[str, float], bool]], Any]) -> None:
        super().__init__()
        self.job = job
        self.cancelled = threading.Event()

    def _progress(self, text: str, done: float) -> bool:
        self.progressed.emit(text, done)
        return not self.cancelled.is_set()

    def run(self) -> None:
        try:
            result = self.job(self._progress)
        except Exception as exc:  # noqa: BLE001 - handed to the GUI thread, shown there
            self.failed.emit(exc)
        else:
            self.finished.emit(result)


class OptimiseDialog(QDialog):
    def __init__(self, col: Collection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.col = col
        self.result: OptimiseResult | None = None
        self._thread: QThread | None = None
        self._worker: Worker | None = None
        self.setWindowTitle("Optimise FSRS")
        self.resize(640, 640)

        self.status = QLabel(wordWrap=True)
        self.optimise_button = QPushButton("&Optimise", clicked=self.start)
        self.optimise_button.setToolTip(
            f"Fit FSRS to your review history (needs {MIN_REVIEWS} reviews after a gap)")
        self.restore_button = QPushButton("&Restore Previous Parameters", clicked=self.restore)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.step = QLabel()
        self.cancel_button = QPushButton("&Cancel", clicked=self.cancel)
        self.table = QTableWidget(3, 2)
        self.table.setHorizontalHeaderLabels(["Log loss", "RMSE (bins)"])
        self.table.setVerticalHeaderLabels(["Default parameters", "In use", "Fitted"])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setMaximumHeight(130)
        self.verdict = QLabel(wordWrap=True)
        self.reschedule = QCheckBox("Reschedule existing cards with the new parameters")
        self.adopt_button = QPushButton("&Adopt Fitted Parameters", clicked=self.adopt)

        self.retention = QDoubleSpinBox(minimum=MIN_RETENTION, maximum=MAX_RETENTION,
                                        singleStep=0.01, decimals=2,
                                        value=load_settings(col).desired_retention)
        self.retention.setAccessibleName("Retention to simulate")
        self.suggest_button = QPushButton("&Suggest Retention", clicked=self.suggest)
        self.suggestion = QLabel(wordWrap=True)
        self.load_chart = BarChart("Reviews per day, simulated")

        actions = QHBoxLayout()
        actions.addWidget(self.optimise_button)
        actions.addWidget(self.restore_button)
        actions.addStretch(1)
        running = QHBoxLayout()
        running.addWidget(self.progress, 1)
        running.addWidget(self.cancel_button)
        fit_box = QGroupBox("Parameters fitted to your reviews")
        fit_layout = QVBoxLayout(fit_box)
        fit_layout.addWidget(self.status)
        fit_layout.addLayout(actions)
        fit_layout.addLayout(running)
        fit_layout.addWidget(self.step)
        fit_layout.addWidget(self.table)
        fit_layout.addWidget(self.verdict)
        adopt = QHBoxLayout()
        adopt.addWidget(self.reschedule, 1)
        adopt.addWidget(self.adopt_button)
        fit_layout.addLayout(adopt)
        retention_box = QGroupBox("Desired retention")
        retention_layout = QVBoxLayout(retention_box)
        row = QHBoxLayout()
        row.addWidget(QLabel("Simulate &retention:", buddy=self.retention))
        row.addWidget(self.retention)
        row.addStretch(1)
        row.addWidget(self.suggest_button)
        retention_layout.addLayout(row)
        retention_layout.addWidget(self.suggestion)
        retention_layout.addWidget(self.load_chart, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(fit_box)
        layout.addWidget(retention_box, 1)
        layout.addWidget(buttons)

        self.retention.valueChanged.connect(self.simulate)  # once the chart it draws exists
        self._set_running(False)
        self._show_state()
        self.simulate()

    # -- state --------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._thread is not None

    def _set_running(self, running: bool) -> None:
        self.progress.setVisible(running)
        self.cancel_button.setVisible(running)
        self.optimise_button.setEnabled(not running)
        self.suggest_button.setEnabled(not running)
        self.restore_button.setEnabled(not running and (
            has_fitted_parameters(self.col) or previous_parameters(self.col) is not None))
        self.adopt_button.setEnabled(not running and self.result is not None
                                     and self.result.better and not self.result.applied)

    def _show_state(self) -> None:
        fitted = has_fitted_parameters(self.col)
        self.status.setText("FSRS schedules with parameters fitted to your reviews." if fitted
                            else "FSRS schedules with its default parameters.")

    # -- running a job off the GUI thread -------------------------------------------
    def _run(self, job: Callable[[Callable[[str, float], bool]], Any],
             done: Callable[[Any], None]) -> None:
        thread = QThread(self)
        worker = Worker(job)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.progressed.connect(self._on_progress)
        worker.finished.connect(done)
        worker.failed.connect(self._on_failed)
        worker.finished.connect(thread.quit)
        worker.failed.connect(thread.quit)
        thread.finished.connect(self._on_thread_done)
        self._thread, self._worker = thread, worker
        self.progress.setValue(0)
        self._set_running(True)
        thread.start()

    def _on_progress(self, text: str, done: float) -> None:
        self.step.setText(text + "…" if done < 1 else text)
        self.progress.setValue(int(done * 100))

    def _on_failed(self, exc: BaseException) -> None:
        if isinstance(exc, OptimiseCancelled):
            self.step.setText(str(exc))
        elif isinstance(exc, StudyDeskError):
            self.step.setText(str(exc))  # e.g. too few reviews: said here, not in a box
        else:
            from app.ui.errors import show_error

            show_error(self, "Optimise FSRS", exc)

    def _on_thread_done(self) -> None:
        if self._thread is not None:
            self._thread.deleteLater()
        if self._worker is not None:
            self._worker.deleteLater()
        self._thread = self._worker = None
        self._set_running(False)

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancelled.set()
            self.step.setText("Cancelling after the current step…")

    def wait(self, ms: int = 60_000) -> bool:
        """Block until the job is done (closing the dialog; tests)."""
        return self._thread.wait(ms) if self._thread is not None else True

    # -- the fit ------------------------------------------------------------------
    def start(self) -> None:
        with reporting(self, "Optimise FSRS"):
            histories = load_histories(self.col)
            current = load_settings(self.col).parameters
            self.result = None
            self.verdict.clear()
            self._run(lambda progress: fit(histories, current, progress), self._on_fitted)

    def _on_fitted(self, result: OptimiseResult) -> None:
        self.result = result
        for row, figures in enumerate((result.default, result.current, result.fitted)):
            self.table.setItem(row, 0, QTableWidgetItem(f"{figures.log_loss:.4f}"))
            self.table.setItem(row, 1, QTableWidgetItem(f"{figures.rmse_bins:.4f}"))
        if result.better:
            self.verdict.setText(
                f"Fitted on {result.items:,} of your {result.reviews:,} reviews, the new "
                "parameters predict your answers better (lower is better). Adopt them to "
                "schedule with them from now on.")
        else:
            self.verdict.setText("The fitted parameters do not predict your answers better "
                                 "than the ones in use, so they are not offered.")
        self._set_running(False)

    def adopt(self) -> None:
        if self.result is None or not self.result.better:
            return
        parameters = self.result.parameters
        with reporting(self, "Optimise FSRS"):
            count = self._rescheduling(
                "Rescheduling every reviewed card with the new parameters…",
                lambda view, progress: adopt_parameters(view, parameters,
                                                        self.reschedule.isChecked(), progress))
            self.result = OptimiseResult(**{**vars(self.result), "applied": True})
            self.verdict.setText("Adopted: FSRS now schedules with the fitted parameters"
                                 + (f"; {count:,} cards were rescheduled." if count else ".")
                                 + " Restore Previous Parameters undoes this.")
            self._show_state()
            self._set_running(False)
            self.simulate()

    def restore(self) -> None:
        with reporting(self, "Optimise FSRS"):
            self._rescheduling(
                "Rescheduling every reviewed card with the previous parameters…",
                lambda view, progress: restore_previous_parameters(
                    view, self.reschedule.isChecked(), progress))
            self._show_state()
            self.verdict.setText("Restored the previous parameters.")
            self.result = None
            self._set_running(False)
            self.simulate()

    def _rescheduling(self, label: str, job: Callable[[Collection, CardProgress], int]) -> int:
        """Parameters changed with "Reschedule existing cards": hundreds of thousands of
        cards take seconds, so on a worker with progress and Cancel (which changes
        nothing); without rescheduling, a settings write here and now."""
        if not self.reschedule.isChecked():
            return job(self.col, lambda _done, _total: True)
        return run_on_worker_view(self, self.col, "Rescheduling", label, RESCHEDULE_CHANGES,
                                  job)

    # -- desired retention ----------------------------------------------------------
    def suggest(self) -> None:
        with reporting(self, "Suggest Retention"):
            load = workload(self.col)

            def job(progress: Callable[[str, float], bool]) -> float:
                progress("Simulating your reviews at each retention", 0.1)
                return suggest_retention(load)

            self._run(job, self._on_suggested)

    def _on_suggested(self, value: float) -> None:
        self.step.clear()
        self.suggestion.setText(
            f"Suggested: {value:.2f}, the retention with the least review time for what you "
            "remember (simulated on your cards and limits). Set it in Study Options.")
        self.retention.setValue(value)

    def simulate(self) -> None:
        with reporting(self, "Simulate Reviews"):
            reviews = simulate_reviews(workload(self.col), round(self.retention.value(), 2))
            self.load_chart.set_data([f"+{d}" for d in range(1, len(reviews) + 1)],
                                     [Series("Reviews", reviews, COLORS["young"])])

    def reject(self) -> None:
        """Closing while a job runs cancels it and waits (a thread must not outlive us)."""
        self.cancel()
        self.wait()
        super().reject()
