"""GenArt Desktop: train, generate and curate generative image models with provenance."""

from genart_desktop.core.version import __version__

__all__ = ["__version__"]
