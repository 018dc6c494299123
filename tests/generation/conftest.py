from __future__ import annotations

import pytest

from genart_desktop.core import paths
from tests.generation import tiny_models


@pytest.fixture(scope="session")
def gan_files() -> dict[str, bytes]:
    return tiny_models.export_bytes("gan", seed=1)


@pytest.fixture(scope="session")
def vae_files() -> dict[str, bytes]:
    return tiny_models.export_bytes("vae", seed=2)


@pytest.fixture
def gan_model(gan_files):
    """A tiny GAN registered in this test's models folder; returns its ModelInfo."""
    from genart_desktop.generation.registry import find_model

    tiny_models.write_model(paths.ensure(paths.models_dir()), "tiny-gan", gan_files)
    return find_model("tiny-gan")


@pytest.fixture
def vae_model(vae_files):
    from genart_desktop.generation.registry import find_model

    tiny_models.write_model(paths.ensure(paths.models_dir()), "tiny-vae", vae_files, kind="vae")
    return find_model("tiny-vae")
