"""The image library: SQLite catalogue, content-addressed store, thumbnails, trash, backups.

No Qt here; ``jobs/`` and ``ui/`` adapt it. See ``Library`` for the API other areas call.
"""

from genart_desktop.library.library import Library
from genart_desktop.library.rows import CheckReport, GalleryItem, ImageRow, ImportReport

__all__ = ["CheckReport", "GalleryItem", "ImageRow", "ImportReport", "Library"]
