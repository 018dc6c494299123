"""`genart verify`: Check the provenance of exported files."""

from genart_desktop.cli._unavailable import make_unavailable

HELP = "Check the provenance of exported files"
add_arguments, run = make_unavailable("verify", "verification is not in this build")
