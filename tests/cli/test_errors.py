"""The command line fails in one line and exit 1, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from app.core.articles import importers


def test_a_studydesk_error_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    assert main(["sections", str(empty)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("studydesk: ") and str(empty) in err and err.count("\n") == 1
    assert "Traceback" not in err


def test_an_unexpected_error_is_one_line_and_logged(tmp_path: Path, monkeypatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    def broken(_args: object) -> int:
        raise RuntimeError("the flux capacitor is empty")

    monkeypatch.setattr(importers, "import_file", broken)  # what `sections` runs
    assert main(["sections", str(tmp_path / "x.txt")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("studydesk: unexpected error: RuntimeError: the flux capacitor is empty")
    assert err.count("\n") == 1 and "Traceback" not in err
