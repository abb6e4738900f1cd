"""Study settings: daily limits, desired retention, maximum interval.

Why its own module: the review screen, the quiz (which schedules wrong answers)
and the options dialog all read the same few numbers from the collection, and
every write is validated here first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.core.errors import StudyError
from app.core.storage.collection import Collection
from app.core.study.scheduler import (
    DEFAULT_MAX_INTERVAL,
    DEFAULT_RETENTION,
    Scheduler,
    validate_retention,
)

SETTINGS_KEY = "study"
DEFAULTS: dict[str, Any] = {
    "new_per_day": 20,
    "reviews_per_day": 200,
    "desired_retention": DEFAULT_RETENTION,
    "maximum_interval": DEFAULT_MAX_INTERVAL,
    "bury_related": True,
}


@dataclass(frozen=True)
class StudySettings:
    """Daily limits apply to each article separately; the rest to the whole collection."""

    new_per_day: int = DEFAULTS["new_per_day"]
    reviews_per_day: int = DEFAULTS["reviews_per_day"]
    desired_retention: float = DEFAULTS["desired_retention"]
    maximum_interval: int = DEFAULTS["maximum_interval"]
    #: Bury a studied card's siblings and same-sentence cards until tomorrow (as Anki does).
    bury_related: bool = DEFAULTS["bury_related"]
    #: FSRS parameters fitted to this student (None: FSRS's defaults); stored apart,
    #: under PARAMETERS_KEY, by `app.core.stats.optimise`
    parameters: tuple[float, ...] | None = None

    def scheduler(self) -> Scheduler:
        return Scheduler(self.desired_retention, self.maximum_interval,
                         parameters=self.parameters)


#: {"parameters": [21 floats] | None, "previous": [...] | None}: the fitted parameters in use
#: and the ones before them (so adopting a fit can be undone).
PARAMETERS_KEY = "fsrs_parameters"


def load_settings(col: Collection) -> StudySettings:
    stored = col.get_setting(SETTINGS_KEY, {}) or {}
    fitted = (col.get_setting(PARAMETERS_KEY, {}) or {}).get("parameters")
    return StudySettings(**{k: stored.get(k, v) for k, v in DEFAULTS.items()},
                         parameters=tuple(fitted) if fitted else None)


#: The least value of each whole-number setting (an interval of 0 days is no interval).
MINIMUMS = {"new_per_day": 0, "reviews_per_day": 0, "maximum_interval": 1}


def save_settings(col: Collection, settings: StudySettings) -> None:
    """Store limits and scheduling settings; a retention change does not reschedule."""
    validate_retention(settings.desired_retention)
    for name, least in MINIMUMS.items():
        value = getattr(settings, name)
        # bool is an int in Python, but `True` new cards a day is a mistake, not 1
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            raise StudyError(f"The setting {name} must be a whole number ≥ {least}, "
                             f"not {value!r}.")
    if not isinstance(settings.bury_related, bool):
        raise StudyError(f"The setting bury_related must be true or false, "
                         f"not {settings.bury_related!r}.")
    col.set_setting(SETTINGS_KEY, {k: getattr(settings, k) for k in DEFAULTS})


