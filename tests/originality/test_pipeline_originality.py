"""Generation → originality → provenance, end to end with the real feature network."""

from __future__ import annotations

import numpy as np

from genart_desktop.generation.engine import Engine
from genart_desktop.generation.pipeline import Pipeline
from genart_desktop.generation.service import GenerationRequest
from genart_desktop.library import Library
from genart_desktop.originality.features import FeatureExtractor
from genart_desktop.originality.model_index import OriginalityChecker
from genart_desktop.provenance.record import ProvenanceRecord
from tests.generation.conftest import gan_files, gan_model  # noqa: F401 - fixtures
from tests.originality.shapes import shapes
from tests.originality.test_originality import _fake_dataset


def test_generated_images_carry_the_originality_verdict(gan_model, cached_feature_onnx):  # noqa: F811
    _fake_dataset(shapes(40, 32, seed=3), "ds-test")  # the dataset id named in the tiny card
    checker = OriginalityChecker(FeatureExtractor(cached_feature_onnx))
    with Library.open() as library:
        pipeline = Pipeline(library, engine=Engine(), checker=checker)
        assert pipeline.warm("tiny-gan").startswith("CPU")
        results = pipeline.run(GenerationRequest(model="tiny-gan", seeds=list(range(12))))
        verdicts = [r.originality for r in results]
        assert all(v is not None and v["performed"] for v in verdicts)
        assert sum(v["flagged"] for v in verdicts) <= 2  # an untrained generator copies nothing
        record = ProvenanceRecord.from_dict(library.get_image(results[0].image_id).provenance)
        # The stored record says what the check found for this very image.
        assert record.originality.verdict == ("too-close" if verdicts[0]["flagged"] else "original")
        assert record.originality.nearest_path.startswith("ds-test:")
        assert np.isclose(record.originality.distance, verdicts[0]["distance"])
    assert (gan_model.folder / "originality.npz").is_file()
