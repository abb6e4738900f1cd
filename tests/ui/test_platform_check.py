"""Start-up on a machine missing a library of Qt's xcb plugin: StudyDesk names the
libraries and the apt-get line, instead of Qt's misleading "xcb-cursor0" message.

The missing library is made real: a copy of Qt's own xcb plugin is given one more
needed library (with patchelf) that no system has, and the real `ldd` is asked.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app import cli
from app.ui import platform_check
from tests.helpers import ROOT

ABSENT = "libstudydesk-absent-test.so.7"
needs_elf = pytest.mark.skipif(not sys.platform.startswith("linux") or not shutil.which("ldd"),
                               reason="ELF libraries and ldd: Linux only")


def _patchelf() -> str:
    found = shutil.which("patchelf") or str(Path(sys.executable).with_name("patchelf"))
    if not Path(found).exists():
        pytest.skip("patchelf (the test extra) is not installed")
    return found


@pytest.fixture
def broken_plugins(tmp_path: Path) -> Path:
    """A Qt plugin folder whose xcb plugin needs a library that is not installed."""
    real = platform_check.plugin_dir() / "libqxcb.so"
    if not real.exists():
        pytest.skip("this PySide6 has no xcb plugin")
    folder = tmp_path / "plugins" / "platforms"
    folder.mkdir(parents=True)
    copy = folder / "libqxcb.so"
    shutil.copy(real, copy)
    subprocess.run([_patchelf(), "--add-needed", ABSENT, str(copy)], check=True)
    # the copy finds Qt's libraries where the real plugin does
    subprocess.run([_patchelf(), "--set-rpath", str(real.parent.parent.parent / "lib"),
                    str(copy)], check=True)
    return folder


@needs_elf
def test_missing_libraries_are_found_by_the_loader(broken_plugins: Path) -> None:
    missing = platform_check.missing_libraries(broken_plugins / "libqxcb.so")
    assert ABSENT in missing
    assert ABSENT in platform_check.missing_xcb_libraries(broken_plugins)
    real = platform_check.missing_libraries(platform_check.plugin_dir() / "libqxcb.so")
    assert ABSENT not in real


@needs_elf
def test_studydesk_names_the_missing_libraries_and_does_not_start_qt(
        broken_plugins: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(platform_check, "plugin_dir", lambda: broken_plugins)
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    assert cli.main(["--collection", str(broken_plugins / "never.sqlite3")]) == 1
    err = capsys.readouterr().err
    install = next(line for line in err.splitlines() if "sudo apt-get install" in line)
    assert ABSENT in err and "libstudydesk-absent-test7" in install.split()
    assert "libQt6" not in err  # Qt's own libraries are found
    assert "xcb-cursor0" not in err
    assert not (broken_plugins / "never.sqlite3").exists()  # nothing was opened


@pytest.mark.parametrize("soname, package", [
    ("libxcb-icccm.so.4", "libxcb-icccm4"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
    ("libxcb-render-util.so.0", "libxcb-render-util0"),
    ("libX11-xcb.so.1", "libx11-xcb1"),
    ("libxcb.so.1", "libxcb1"),
])
def test_debian_package_names(soname: str, package: str) -> None:
    assert platform_check.debian_package(soname) == package


@pytest.mark.parametrize("env, expected", [
    ({"DISPLAY": ":0"}, True),
    ({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}, False),
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, False),
    ({"QT_QPA_PLATFORM": "xcb"}, True),
    ({}, False),
])
def test_the_check_runs_only_when_qt_would_use_xcb(env: dict[str, str], expected: bool) -> None:
    if not sys.platform.startswith("linux"):
        expected = False
    assert platform_check.will_use_xcb(env) is expected


def _readme_packages() -> set[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("<!-- xcb-libraries:", 1)[1].split("```", 2)[1]
    line = next(ln for ln in block.splitlines() if "apt-get install" in ln)
    return set(line.split("apt-get install", 1)[1].split())


@needs_elf
def test_the_readme_lists_every_x11_library_of_the_xcb_plugin() -> None:
    """Every xcb/X11/xkbcommon library the plugin and Qt's xcb library load, installed
    or not, is in the README's apt-get line."""
    folder = platform_check.plugin_dir()
    libraries = [folder / "libqxcb.so", folder.parent.parent / "lib" / "libQt6XcbQpa.so.6"]
    if not libraries[0].exists():
        pytest.skip("this PySide6 has no xcb plugin")
    needed = set(platform_check.RUNTIME_LIBRARIES)
    for library in libraries:
        out = subprocess.run(["ldd", str(library)], capture_output=True, text=True,
                             check=True).stdout
        needed.update(re.findall(r"^\s*(lib(?:xcb|X11|xkbcommon)[\w.+-]*\.so\.\d+)", out,
                                 re.MULTILINE))
    assert len(needed) >= 10
    listed = _readme_packages()
    assert {platform_check.debian_package(lib) for lib in needed} <= listed


CHECK_XCB_LIBS = ROOT / ".ci" / "check-xcb-libs"
needs_dpkg = pytest.mark.skipif(shutil.which("dpkg-query") is None,
                                reason="Debian/Ubuntu packages: dpkg-query only")


def _check_xcb_libs(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(CHECK_XCB_LIBS), *args], capture_output=True,
                          text=True, timeout=120, check=False)


def _readme_without(tmp_path: Path, package: str) -> Path:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if "sudo apt-get install libegl1" in ln)
    assert f" {package}" in line
    copy = tmp_path / "README.md"
    copy.write_text(text.replace(line, line.replace(f" {package}", "")), encoding="utf-8")
    return copy


@needs_elf
@needs_dpkg
def test_the_readme_covers_every_debian_package_of_the_xcb_plugin() -> None:
    """.ci/check-xcb-libs: every library ldd finds for the plugin is in a package on the
    README's line, a dependency of one, or part of every Debian system."""
    result = _check_xcb_libs()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "cover all" in result.stdout


@needs_elf
@needs_dpkg
@pytest.mark.parametrize("package, library", [("libxcb-icccm4", "libxcb-icccm.so.4"),
                                              ("libegl1", "libEGL.so.1"),
                                              ("libxcb-cursor0", "libxcb-cursor.so.0")])
def test_a_package_left_off_the_readme_is_named(tmp_path: Path, package: str,
                                                library: str) -> None:
    result = _check_xcb_libs("--readme", str(_readme_without(tmp_path, package)))
    assert result.returncode == 1
    assert f"  {package}: {library}" in result.stderr


@needs_elf
@needs_dpkg
def test_a_library_no_machine_has_is_named_by_its_package(broken_plugins: Path) -> None:
    result = _check_xcb_libs("--plugins", str(broken_plugins))
    assert result.returncode == 1
    assert f"libstudydesk-absent-test7: {ABSENT}" in result.stderr
