"""Small widgets shared by several windows."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox, QWidget


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
