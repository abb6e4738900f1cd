"""Helpers shared by the tests: fixtures' building blocks, never tests themselves."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
"""The repository root: where `resources/`, `decks/` and `tests/data/` live."""
