"""Decks in and out of other programs: Anki, CSV/TSV, Quizlet, Moodle GIFT and Aiken.

One module per format; `model` holds what all importers produce and stores it,
`detect` says which format a file is in (so a deck is never read as an article).
"""
