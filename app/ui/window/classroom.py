"""The main window's class: results sent to the class's LRS in the background, Settings
→ Class, Class Results, deck subscriptions."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer


class ClassroomMixin:
    """Mixed into MainWindow: the class entries of the Study and Settings menus."""

    def _start_class(self) -> None:
        """Results waiting for the class's LRS: sent in the background, counted in the
        status bar; subscribed decks checked for updates once the window is up."""
        from PySide6.QtWidgets import QLabel

        from app.ui.classroom.sender import ResultsSender
        from app.ui.classroom.subscribe import check_subscriptions

        self.waiting_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.waiting_label)
        self.sender = ResultsSender(self.col, self)
        self.sender.status.connect(self.waiting_label.setText)

        def first_round() -> None:
            if self.isVisible():  # not once the window has closed (or never shown)
                self.sender.send_due()
                check_subscriptions(self.col,
                                    lambda text: self.statusBar().showMessage(text, 10000))

        QTimer.singleShot(1500, self, first_round)

    def class_settings(self) -> None:
        from app.ui.classroom.settings_dialog import ClassSettingsDialog

        if ClassSettingsDialog(self.col, self).exec():
            self.sender.send_now()  # the student may just have fixed what held them back

    def send_results_now(self) -> None:
        self.statusBar().showMessage("Sending results…", 3000)
        self.sender.send_now()

    def open_class_results(self) -> None:
        from app.ui.classroom.results_window import ClassResultsDialog

        dialog = ClassResultsDialog(self.col, self._article_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def subscribe_to_deck(self, url: str | None = None) -> None:
        from app.ui.classroom.subscribe import subscribe_to_deck

        def done(result: object) -> None:
            self.statusBar().showMessage(str(result), 10000)

        subscribe_to_deck(self, self.col, done, url)
