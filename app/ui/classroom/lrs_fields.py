"""The LRS address, key and secret: what a student's Settings → Class and an instructor's
Class Results both ask for, labelled, hinted and hidden the same way in each."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget


class LrsFields:
    """Three line edits for reaching an LRS (the secret never shown); `rows` places them in
    a form (`widgets.form_of`), `widgets` shows or hides them together."""

    def __init__(self, endpoint: str, key: str = "", *, key_hint: str = "",
                 secret_hint: str = "") -> None:
        self.endpoint = QLineEdit(endpoint, placeholderText="https://lrs.example.edu/xAPI/")
        self.key = QLineEdit(key, placeholderText=key_hint)
        self.secret = QLineEdit(placeholderText=secret_hint)
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)

    @property
    def widgets(self) -> tuple[QWidget, ...]:
        return (self.endpoint, self.key, self.secret)

    def rows(self) -> tuple[tuple[str, QWidget], ...]:
        return (("LRS address:", self.endpoint), ("Key:", self.key), ("Secret:", self.secret))
