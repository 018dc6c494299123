"""The catalogue: SQLite, content-addressed image store, thumbnails, tags, trash, backups."""
