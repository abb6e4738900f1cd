"""`studydesk --self-test`: passes on a good installation, names the step that fails."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.helpers import ROOT


def test_self_test_passes_end_to_end(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os

    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "config"))
    result = subprocess.run([sys.executable, "-m", "app", "--self-test"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    for step in ("collection", "main window", "flashcard study", "quiz", "card generation",
                 "Anki export"):
        assert f"ok   {step}:" in result.stdout
    assert "self-test passed" in result.stdout
    # the QApplication is named: settings live under StudyDesk, not "Unknown Organization"
    assert sorted(p.name for p in (tmp_path / "config").iterdir()) == ["StudyDesk"]


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


def test_self_test_starts_the_real_platform_plugin_when_there_is_a_display() -> None:
    """The platform step runs Qt on the session's own platform in a child process
    (here the `minimal` plugin stands for a desktop's display)."""
    from app import selftest

    ctx = {"environ": {"PATH": "", "DISPLAY": ":0", "QT_QPA_PLATFORM": "minimal"}}
    assert selftest._platform(ctx) == "the minimal platform plugin loads on this display"
    ctx = {"environ": {"PATH": "", "DISPLAY": ":0", "QT_QPA_PLATFORM": "no-such-platform"}}
    with pytest.raises(selftest.SelfTestFailure, match="no-such-platform"):
        selftest._platform(ctx)
    with pytest.raises(selftest.Skipped, match="no display"):
        selftest._platform({"environ": {"PATH": ""}})
