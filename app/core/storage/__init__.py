"""The collection file: one SQLite database, its transactions and its versioned migrations."""
