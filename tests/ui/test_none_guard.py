"""PySide6 6.12 on Python 3.11 drops a reference to None on every void call; app.ui keeps
None alive (see app/ui/__init__.py). Without that, this child process would abort."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.helpers import ROOT


def test_many_void_calls_do_not_abort_python() -> None:
    script = textwrap.dedent("""
        import os
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        import app.ui  # noqa: F401 - the guard
        from PySide6.QtWidgets import QApplication, QLabel
        application = QApplication([])
        label = QLabel()
        for i in range(50_000):  # ten times what None's own count would survive
            label.setText("x")
        print("alive")
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.strip() == "alive"
