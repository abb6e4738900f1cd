"""Deck files (TOML): reading and validating them with line numbers, writing them, loading them into the collection."""
