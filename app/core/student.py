"""Who is studying: the name quiz attempts and exported results carry.

Its own module because the study options (where the student types it), the
quiz (which stamps each attempt with it) and the results export all need the
same setting, and the study package must not depend on the quiz package.
"""

from __future__ import annotations

from app.core.storage.collection import Collection

STUDENT_NAME_KEY = "student_name"


def student_name(col: Collection) -> str:
    """The student's name as set, or "" when none was given yet."""
    return str(col.get_setting(STUDENT_NAME_KEY, "") or "").strip()
