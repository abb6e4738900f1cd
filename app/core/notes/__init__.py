"""Notes and their cards: the note kinds, storing them, and what the card browser lists."""
