"""The Qt layer: windows, views and dialogs that show core state and forward actions."""

import sys

if sys.version_info < (3, 12):
    #: PySide6 6.12's abi3 wheels return None from every void method (setText, setPen,
    #: fillRect, …) without taking a reference, as if None were immortal (it is only from
    #: Python 3.12 on). On 3.11 each call drops None's count by one, and after a few
    #: thousand calls Python aborts ("deallocating None"); a chart repainting is enough.
    #: These references keep None alive for millions of such calls (8 bytes each).
    _NONE_REFERENCES = [None] * 4_000_000
