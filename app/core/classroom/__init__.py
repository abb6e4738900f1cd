"""A class: results sent as xAPI statements to a Learning Record Store, the
instructor's item analysis, and decks subscribed to from a course site."""
