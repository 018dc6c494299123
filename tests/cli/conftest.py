"""The command-line tests use the generation tests' tiny models (a fixture per model folder)."""

from tests.generation.conftest import gan_files, gan_model  # noqa: F401 - fixtures
