"""Deck files and Anki export, as the File menu offers them."""
