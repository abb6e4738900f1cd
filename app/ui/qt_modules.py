"""StudyDesk's modules declared to PySide's import hook before it reads them.

Why: from the first import of a Qt module on, PySide's `__feature__` hook (PYSIDE-2029)
decides for every module imported, and for every module imported before it, whether
it uses PySide, by reading the module's whole source (`inspect.getsource`) and
searching it for "PySide6"; for StudyDesk's sixty-odd modules of a cold start, and the
standard library's modules they had imported before Qt, that was 5-10 ms. The answer is known in advance: no StudyDesk module selects a `__feature__`,
the GUI's modules use PySide (0, "no feature", as the hook would say) and the core's
never do (-1, "ignore", as the hook says of a module without Qt; tests/architecture checks
that the core never imports Qt), nor does the standard library. So their names go into the hook's table first, and
it skips them. Should a PySide release rename the table, nothing is declared and the
hook reads the sources as before.
"""

from __future__ import annotations

import os
import sys

import app


def declare_app_modules() -> int:
    """Tell PySide's import hook what every StudyDesk module is; how many were told."""
    import PySide6  # noqa: F401 - the package alone: its import hook, none of Qt yet

    table = getattr(sys.modules.get("shibokensupport.feature"), "pyside_feature_dict", None)
    if not isinstance(table, dict):
        return 0
    root = os.path.dirname(app.__file__)
    base = os.path.dirname(root)
    stdlib = os.path.dirname(os.__file__) + os.sep  # the standard library's folder
    told = 0
    for name, module in list(sys.modules.items()):
        if (getattr(module, "__file__", None) or "").startswith(stdlib):
            table.setdefault(name, -1)
            told += 1
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [s for s in subfolders if s != "__pycache__"]
        package = os.path.relpath(folder, base).replace(os.sep, ".")
        for file in files:
            if file.endswith(".py"):
                name = package if file == "__init__.py" else f"{package}.{file[:-3]}"
                table.setdefault(name, 0 if name.startswith("app.ui") else -1)
                told += 1
    return told
