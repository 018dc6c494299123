from __future__ import annotations

import numpy as np
import pytest

from genart_desktop.generation import postprocess as pp
from genart_desktop.generation.engine import Engine
from genart_desktop.generation.pipeline import Pipeline
from genart_desktop.generation.service import GenerationRequest, like_request
from genart_desktop.library import Library
from genart_desktop.provenance.record import ProvenanceRecord

TRAINED = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
COMPOSITE = "http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia"


@pytest.fixture
def library():
    lib = Library.open()
    yield lib
    lib.close()


def test_generated_images_land_in_the_gallery_with_provenance(gan_model, library):
    pipeline = Pipeline(library, engine=Engine(), check_originality=False)
    results = pipeline.run(GenerationRequest(model="tiny-gan", seeds=[1, 2, 3], psi=0.8))
    assert all(r.image_id for r in results)
    row = library.get_image(results[1].image_id)
    assert row.origin == "generated" and row.model_id == "tiny-gan" and row.width == 32
    assert row.generation["seed"] == 2 and row.generation["model_sha256"] == gan_model.generator_sha256
    assert np.allclose(row.generation["latent"], results[1].latent)
    assert row.generation["parameters"]["truncation_psi"] == 0.8
    assert row.generation["device"].startswith("CPU") and row.generation["created"]
    record = ProvenanceRecord.from_dict(row.provenance)
    assert record.generation.seed == 2 and record.generation.model.sha256 == gan_model.generator_sha256
    assert record.image.sha256 == row.sha256
    assert record.training_data.expression == "CC-BY-4.0"
    assert any(a.get("name") == "Ada Artist" for a in record.training_data.attributions)
    assert record.digital_source_type == TRAINED
    assert record.originality.verdict == "not-checked"
    assert library.get_image(results[0].image_id).path.exists()


def test_edits_make_a_composite(gan_model, library):
    pipeline = Pipeline(library, engine=Engine(), check_originality=False)
    [image] = pipeline.run(GenerationRequest(model="tiny-gan", seeds=[4], edits=[pp.rotate(180)]))
    record = ProvenanceRecord.from_dict(library.get_image(image.image_id).provenance)
    assert [e.operation for e in record.human_contribution.edits] == ["rotate"]
    assert record.human_contribution.edits[0].parameters == {"degrees": 180}
    assert record.digital_source_type == COMPOSITE


def test_generate_more_like_a_stored_image(gan_model, library):
    pipeline = Pipeline(library, engine=Engine(), check_originality=False)
    [base] = pipeline.run(GenerationRequest(model="tiny-gan", seeds=[9]))
    stored = library.get_image(base.image_id)
    more = pipeline.run(like_request(stored.model_id, stored.generation["latent"], [1, 2], 0.25,
                                     source_image_id=base.image_id))
    rows = [library.get_image(m.image_id) for m in more]
    assert all(r.generation["parameters"]["like_image_id"] == base.image_id for r in rows)
    assert len({r.id for r in rows} | {base.image_id}) == 3


def test_same_image_twice_is_one_gallery_entry(gan_model, library):
    pipeline = Pipeline(library, engine=Engine(), check_originality=False)
    [a] = pipeline.run(GenerationRequest(model="tiny-gan", seeds=[5]))
    [b] = pipeline.run(GenerationRequest(model="tiny-gan", seeds=[5]))
    assert a.image_id == b.image_id


def test_interpolation_between_two_gallery_images(gan_model, library, vae_model):
    from genart_desktop.core.errors import GenerationError
    from genart_desktop.generation.gallery_latents import image_interpolation_request, like_image_request

    pipeline = Pipeline(library, engine=Engine(), check_originality=False)
    a, b = pipeline.run(GenerationRequest(model="tiny-gan", seeds=[1, 2]))
    frames = pipeline.run(image_interpolation_request(library, a.image_id, b.image_id, 5))
    assert np.array_equal(frames[0].pixels, a.pixels) and np.array_equal(frames[-1].pixels, b.pixels)
    assert frames[0].image_id == a.image_id  # same bytes: the gallery keeps one entry
    assert frames[2].parameters["from_image_id"] == a.image_id
    [other] = pipeline.run(GenerationRequest(model="tiny-vae", seeds=[1]))
    with pytest.raises(GenerationError, match="different models"):
        image_interpolation_request(library, a.image_id, other.image_id, 5)
    assert len(like_image_request(library, a.image_id, [1, 2]).latents) == 2
