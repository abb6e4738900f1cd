"""The Qt layer: windows, views and dialogs that show core state and forward actions."""

import sys

if sys.version_info < (3, 12) and sys.implementation.name == "cpython":
    # PySide6 6.12's abi3 wheels return None from every void method (setText, setPen,
    # fillRect, …) without taking a reference, as if None were immortal (it is only from
    # Python 3.12 on). On 3.11 each call drops None's count by one; after a few thousand
    # calls Python aborts ("deallocating None"), in the middle of a session or on exit.
    # Making None's count unreachably large is what 3.12 does (tests/ui/test_none_guard.py).
    import ctypes

    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40
