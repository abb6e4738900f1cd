"""StudyDesk: read an article section by section, then study it."""

__version__ = "0.1.0"
