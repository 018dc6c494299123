"""`genart library`: Manage the image library (import, check, …)."""

from genart_desktop.cli._unavailable import make_unavailable

HELP = "Manage the image library (import, check, …)"
add_arguments, run = make_unavailable("library", "the library is not in this build")
