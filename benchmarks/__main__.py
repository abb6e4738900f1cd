"""Run every benchmark and print one table: `python -m benchmarks [--quick] [NAME ...]`.

Not part of the test suite's pass/fail: the exit status is 0 unless a
benchmark crashed; targets met or missed are shown in the table.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import traceback
from pathlib import Path

from benchmarks.common import print_table, result


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    wanted = [a for a in argv if not a.startswith("--")]
    names = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)])
                   if m.name.startswith("bench_"))
    if wanted:
        names = [n for n in names if n.removeprefix("bench_") in wanted or n in wanted]
    rows, crashed = [], False
    for name in names:
        print(f"running {name}…", file=sys.stderr, flush=True)
        try:
            rows.extend(importlib.import_module(f"benchmarks.{name}").run(quick=quick))
        except Exception:  # noqa: BLE001 - one broken benchmark must not hide the others
            traceback.print_exc()
            rows.append(result(name, "crashed", "", None, "", False))
            crashed = True
    print_table(rows)
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
