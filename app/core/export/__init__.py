"""Export to Anki: the package writer (the one genanki user) and StudyDesk's Anki note types."""
