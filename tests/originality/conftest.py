from __future__ import annotations

import shutil

import pytest

from genart_desktop.core import paths


@pytest.fixture(scope="session")
def feature_onnx(tmp_path_factory):
    """The EfficientNet-Lite0 feature network exported once for the whole test session (~10 s),
    through the app's own child-process export (torch stays out of the test process)."""
    from genart_desktop.originality.features import ensure_feature_onnx

    return ensure_feature_onnx(tmp_path_factory.mktemp("features") / "features.onnx")


@pytest.fixture
def cached_feature_onnx(feature_onnx):
    """The exported network placed where the app looks for it in this test's GENART_HOME."""
    from genart_desktop.originality.features import default_onnx_path

    target = default_onnx_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(feature_onnx, target)
    assert paths.cache_dir() in target.parents
    return target
