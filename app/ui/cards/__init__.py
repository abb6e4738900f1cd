"""Cards: the browser, the note form, the card-generation dialog."""
