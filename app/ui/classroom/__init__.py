"""The class: Settings → Class, results sent in the background, the instructor's
Class Results window, and decks subscribed to by URL."""
