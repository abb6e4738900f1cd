"""Small widgets shared by several windows."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QVBoxLayout,
    QWidget,
)


def section_combo(sections: Sequence[str], all_label: str | None = None,
                  parent: QWidget | None = None) -> QComboBox:
    """A section chooser whose data is the section index (None for `all_label`).

    Long section titles ("Security in Central Asia: Sharing Responsibility or a
    Gordian Knot…") must not force a window wider than the screen, so the box
    is sized for about 24 characters and elides the rest.
    """
    combo = QComboBox(parent)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(24)
    if all_label is not None:
        combo.addItem(all_label, None)
    for i, title in enumerate(sections):
        combo.addItem(title, i)
    return combo


def text_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A label for card, article or quiz text: always plain text.

    Why: a QLabel guesses whether its text is HTML, so a card asking "What does
    <script> do?" would show "What does " and the answer shown would differ from
    the string graded. Only the app's own markup may be rich.
    """
    from PySide6.QtCore import Qt

    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


def plain_tooltip(text: str) -> str:
    """A tooltip that shows `text` as written (tooltips guess rich text like labels)."""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>" if text else ""


def dialog_column(dialog: QDialog, *parts: QWidget | QLayout | tuple[QWidget, int],
                  save: Callable[[], None] | None = None) -> None:
    """Lay a dialog out top to bottom — widgets, layouts, or (widget, stretch) — and end it
    with a Close button (Esc too), as every information-only dialog does; a settings dialog
    passes `save` and ends with Save (Enter) and Cancel (Esc) instead."""
    layout = QVBoxLayout(dialog)
    for part in parts:
        if isinstance(part, tuple):
            layout.addWidget(*part)
        elif isinstance(part, QLayout):
            layout.addLayout(part)
        else:
            layout.addWidget(part)
    if save is None:
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    else:
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(save)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)


def form_of(*rows: tuple[str, QWidget | QLayout]) -> QFormLayout:
    """A form from (label, field) rows, in order: the dialogs' settings read as one table."""
    form = QFormLayout()
    for label, field in rows:
        form.addRow(label, field)
    return form


#: in `bar_of`: the free space of the bar
STRETCH = None


def bar_of(*items: QWidget | int | None, margins: tuple[int, int, int, int] = (0, 0, 0, 0),
           spacing: int = 8) -> QHBoxLayout:
    """A row of buttons and labels from left to right: a widget, a fixed gap (an int of
    pixels) or `STRETCH` — a screen's button bar read in the order the student sees it."""
    bar = QHBoxLayout()
    bar.setContentsMargins(*margins)
    bar.setSpacing(spacing)
    for item in items:
        if item is STRETCH:
            bar.addStretch(1)
        elif isinstance(item, int):
            bar.addSpacing(item)
        else:
            bar.addWidget(item)
    return bar
