"""The collection as a whole: backups, Check Database, Edit → Undo."""
