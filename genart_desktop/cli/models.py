"""`genart models`: List the models and their cards."""

from genart_desktop.cli._unavailable import make_unavailable

HELP = "List the models and their cards"
add_arguments, run = make_unavailable("models", "the model registry is not in this build")
