"""`genart keys`: Manage the local C2PA signing keys."""

from genart_desktop.cli._unavailable import make_unavailable

HELP = "Manage the local C2PA signing keys"
add_arguments, run = make_unavailable("keys", "signing is not in this build")
