import pytest

from tests.datasets.corpus import make_corpus


@pytest.fixture(scope="session")
def corpus_dir(tmp_path_factory):
    """The bad-and-odd corpus, made once per test session (it is only read)."""
    return make_corpus(tmp_path_factory.mktemp("corpus") / "images")
