"""`studydesk --self-test`: passes on a good installation, names the step that fails."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.helpers import ROOT


def test_self_test_passes_end_to_end() -> None:
    result = subprocess.run([sys.executable, "-m", "app", "--self-test"], cwd=ROOT,
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    for step in ("collection", "main window", "flashcard study", "quiz", "card generation",
                 "Anki export"):
        assert f"ok   {step}:" in result.stdout
    assert "self-test passed" in result.stdout


def test_self_test_reports_the_failing_step(monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    from app import selftest

    def broken_export(ctx: dict[str, object]) -> str:
        raise selftest.SelfTestFailure("no .apkg written")

    steps = [s if s[0] != "Anki export" else ("Anki export", broken_export)
             for s in selftest.STEPS]
    monkeypatch.setattr(selftest, "STEPS", steps)
    assert selftest.run() == 1
    err = capsys.readouterr().err
    assert "FAIL Anki export: no .apkg written" in err
