"""`genart generate`: Generate images with a model."""

from genart_desktop.cli._unavailable import make_unavailable

HELP = "Generate images with a model"
add_arguments, run = make_unavailable("generate", "the generation engine is not in this build")
