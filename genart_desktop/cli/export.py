"""`genart export`: Export images with their provenance (XMP, JSON, C2PA)."""

from genart_desktop.cli._unavailable import make_unavailable

HELP = "Export images with their provenance (XMP, JSON, C2PA)"
add_arguments, run = make_unavailable("export", "exporting is not in this build")
