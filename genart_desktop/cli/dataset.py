"""`genart dataset`: Scan a folder into a training dataset with a licence manifest."""

from genart_desktop.cli._unavailable import make_unavailable

HELP = "Scan a folder into a training dataset with a licence manifest"
add_arguments, run = make_unavailable("dataset", "dataset scanning is not in this build")
