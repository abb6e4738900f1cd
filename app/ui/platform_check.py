"""Before the window opens: can Qt's X11 platform plugin load, and if not, why not?

Why: when a system library of the xcb plugin is missing, Qt aborts the process
with "xcb-cursor0 or libxcb-cursor0 is needed" whatever is really missing (on a
fresh Debian it is often libxcb-icccm4 and libxcb-keysyms1). Here the plugin's
dependencies are checked the way the dynamic loader sees them (`ldd`), so the
student is told exactly which libraries to install, with the apt-get line.

Only Qt's QtCore is imported (to find the plugin folder): no QApplication, so
this runs before Qt would abort. It runs at every start, so what only a missing
library needs (ctypes, subprocess) is imported only when the plugin is looked at.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

#: Loaded by Qt at run time (dlopen), so `ldd` of the plugin does not list it.
RUNTIME_LIBRARIES = ("libxcb-cursor.so.0",)
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)
_SONAME = re.compile(r"^(lib[\w+.-]+?)\.so\.(\d+)")


def plugin_dir() -> Path:
    from PySide6.QtCore import QLibraryInfo

    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"


def will_use_xcb(environ: dict[str, str] | None = None) -> bool:
    """Whether Qt would pick its X11 plugin: Linux, a DISPLAY, no Wayland or other choice."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux"):
        return False
    chosen = env.get("QT_QPA_PLATFORM", "")
    if chosen:
        return chosen.split(";")[0].split(":")[0] == "xcb"
    return bool(env.get("DISPLAY")) and not env.get("WAYLAND_DISPLAY")


def missing_libraries(library: Path) -> list[str]:
    """The shared libraries `library` needs that the dynamic loader cannot find (by soname).

    `ldd` lists every one at once (dlopen would name only the first); where it is
    not available, the dlopen error names one.
    """
    import ctypes
    import shutil
    import subprocess

    ldd = shutil.which("ldd")
    if ldd is not None:
        result = subprocess.run([ldd, str(library)], capture_output=True, text=True,
                                timeout=30, check=False)
        return sorted(set(_NOT_FOUND.findall(result.stdout)))
    try:
        ctypes.CDLL(str(library))
    except OSError as exc:
        m = re.match(r"([^:\s]+\.so[.\d]*): cannot open", str(exc))
        return [m.group(1)] if m else [str(exc)]
    return []


def _loadable(soname: str) -> bool:
    import ctypes

    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def debian_package(soname: str) -> str:
    """Debian's package name for a library soname: libxcb-icccm.so.4 → libxcb-icccm4,
    libxkbcommon-x11.so.0 → libxkbcommon-x11-0 (a hyphen when the name ends in a digit)."""
    m = _SONAME.match(soname)
    if m is None:
        return soname
    name, version = m.groups()
    name = name.lower()  # Debian package names are lower case: libX11-xcb.so.1 → libx11-xcb1
    return f"{name}-{version}" if name[-1].isdigit() else f"{name}{version}"


def missing_xcb_libraries(plugins: Path | None = None) -> list[str]:
    """What Qt's xcb plugin (and the Qt library behind it) miss on this machine."""
    folder = plugins or plugin_dir()
    plugin = folder / "libqxcb.so"
    if not plugin.exists():
        return []
    qt_lib = folder.parent.parent / "lib" / "libQt6XcbQpa.so.6"
    missing = set(missing_libraries(plugin))
    if qt_lib.exists():
        missing.update(missing_libraries(qt_lib))
    missing.update(lib for lib in RUNTIME_LIBRARIES if not _loadable(lib))
    return sorted(missing)


def missing_libraries_message(missing: list[str]) -> str:
    """What a student reads: which libraries, and the one command that installs them."""
    packages = " ".join(dict.fromkeys(debian_package(lib) for lib in missing))
    return ("StudyDesk cannot open its window: Qt's X11 platform plugin (xcb) needs system "
            f"libraries that are not installed: {', '.join(missing)}.\n"
            f"On Debian or Ubuntu install them with:\n    sudo apt-get install {packages}\n"
            "(The other StudyDesk commands, such as `studydesk export`, need no window.)")


def check_platform() -> str | None:
    """None when the window can open as far as we can tell; else the message to print.

    The common case costs one dlopen of the plugin (which Qt does next anyway); only
    when that fails is `ldd` asked for the complete list.
    """
    if not will_use_xcb():
        return None
    plugin = plugin_dir() / "libqxcb.so"
    if not plugin.exists():
        return None  # a build without the plugin: Qt's own message says so
    if _loadable(str(plugin)) and all(_loadable(lib) for lib in RUNTIME_LIBRARIES):
        return None
    missing = missing_xcb_libraries(plugin.parent)
    return missing_libraries_message(missing) if missing else None


def probe_platform() -> int:
    """Start Qt's GUI on the platform it picks (the real display) and print its name.

    Run in a child process by `--self-test`, which itself runs offscreen: a plugin
    that cannot load aborts the child, never the self-test.
    """
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication(sys.argv[:1])
    print(f"platform {app.platformName()}", flush=True)
    return 0
