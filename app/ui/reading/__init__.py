"""The reader and its sidebar: articles, sections, read marks."""
