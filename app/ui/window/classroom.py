"""The main window's class: results sent to the class's LRS in the background, Settings
→ Class, Class Results, deck subscriptions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel

from app.ui.startup import after_first_paint

if TYPE_CHECKING:
    from app.ui.classroom.sender import ResultsSender


class ClassroomMixin:
    """Mixed into MainWindow: the class entries of the Study and Settings menus."""

    def _begin_class(self) -> None:
        """The status bar's label for results waiting to be sent (from the start, so the
        layout does not move); the sender itself starts after the first paint."""
        self.waiting_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.waiting_label)
        self.sender: ResultsSender | None = None
        after_first_paint(self, self._start_class_if_open)

    def _start_class_if_open(self) -> None:
        """After the first paint, unless the window was closed meanwhile (then its
        collection may be closed too)."""
        if self.isVisible() and not self.closing and not self.col.closed:
            self._start_class()

    def _start_class(self) -> ResultsSender:
        """Results waiting for the class's LRS: sent in the background, counted in the
        status bar; subscribed decks checked for updates once the window is up.

        Started after the window's first paint (or when a class action needs it first):
        the classroom code (xAPI, HTTP, quiz results) took a third of the start-up."""
        if self.sender is not None:
            return self.sender
        from app.ui.classroom.sender import ResultsSender
        from app.ui.classroom.subscribe import check_subscriptions

        self.sender = ResultsSender(self.col, self)
        self.sender.status.connect(self.waiting_label.setText)

        def first_round() -> None:
            if self.isVisible() and not self.closing:  # not once closing (or never shown)
                self.sender.send_due()
                check_subscriptions(self, self.col,
                                    lambda text: self.statusBar().showMessage(text, 10000))

        QTimer.singleShot(1500, self, first_round)
        return self.sender

    def _stop_class(self) -> None:
        if self.sender is not None:
            self.sender.stop()

    def class_settings(self) -> None:
        from app.ui.classroom.settings_dialog import ClassSettingsDialog

        if ClassSettingsDialog(self.col, self).exec():
            self._start_class().send_now()  # the student may just have fixed what held them back

    def send_results_now(self) -> None:
        self.statusBar().showMessage("Sending results…", 3000)
        self._start_class().send_now()

    def open_class_results(self) -> None:
        from PySide6.QtCore import Qt

        from app.ui.classroom.results_window import ClassResultsDialog

        dialog = ClassResultsDialog(self.col, self._article_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def subscribe_to_deck(self, url: str | None = None) -> None:
        from app.ui.classroom.subscribe import subscribe_to_deck

        def done(result: str) -> None:
            self.statusBar().showMessage(result, 10000)

        subscribe_to_deck(self, self.col, done, url)
