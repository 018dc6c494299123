from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from genart_desktop.core.errors import GenerationError
from genart_desktop.generation import latents as lat
from genart_desktop.generation import postprocess as pp
from genart_desktop.generation.animation import animation_bytes, save_animation
from genart_desktop.generation.engine import Engine
from genart_desktop.generation.service import (
    GenerationRequest,
    like_request,
    run_generation,
    seed_interpolation_request,
    walk_request,
)
from genart_desktop.generation.vae import picture_interpolation_request, variation_request


def test_latents_are_documented_pcg64_streams():
    expected = np.random.Generator(np.random.PCG64(123)).standard_normal(8, dtype=np.float32)
    assert np.array_equal(lat.latent_for_seed(123, 8), expected)
    with pytest.raises(ValueError):
        lat.latent_for_seed(-1, 8)


def test_slerp_endpoints_and_norm():
    a, b = lat.latent_for_seed(1, 64), lat.latent_for_seed(2, 64)
    frames = lat.slerp_frames(a, b, 9)
    assert np.allclose(frames[0], a, atol=1e-6) and np.allclose(frames[-1], b, atol=1e-6)
    norms = np.linalg.norm(frames, axis=1)
    assert norms.min() > 0.85 * min(np.linalg.norm(a), np.linalg.norm(b))  # no collapse through zero
    assert np.allclose(lat.slerp(a, a, 0.5), a, atol=1e-6)


def test_latent_walk_loops_back():
    walk = lat.latent_walk([1, 2, 3], 16, 4)
    assert walk.shape == (12, 16)
    assert np.allclose(walk[0], lat.latent_for_seed(1, 16))
    assert np.allclose(walk[4], lat.latent_for_seed(2, 16), atol=1e-6)


def test_seed_interpolation_endpoints_are_the_seed_images(gan_model):
    engine = Engine()
    ends = run_generation(GenerationRequest(model="tiny-gan", seeds=[5, 9]), engine=engine)
    path = run_generation(seed_interpolation_request(gan_model, 5, 9, 6), engine=engine)
    assert len(path) == 6
    assert np.array_equal(path[0].pixels, ends[0].pixels)
    assert np.array_equal(path[-1].pixels, ends[1].pixels)
    assert path[2].parameters["mode"] == "interpolation" and path[2].parameters["from_seed"] == 5


def test_walk_and_like_requests_run(gan_model):
    engine = Engine()
    walk = run_generation(walk_request(gan_model, [1, 2], 3), engine=engine)
    assert len(walk) == 6
    [base] = run_generation(GenerationRequest(model="tiny-gan", seeds=[11]), engine=engine)
    like = run_generation(
        like_request("tiny-gan", base.latent.tolist(), [1, 2, 3], 0.2, source_image_id=17), engine=engine
    )
    assert len(like) == 3 and like[0].parameters["like_image_id"] == 17
    diffs = [np.abs(x.pixels.astype(int) - base.pixels).mean() for x in like]
    unrelated = run_generation(GenerationRequest(model="tiny-gan", seeds=[1, 2, 3]), engine=engine)
    far = [np.abs(x.pixels.astype(int) - base.pixels).mean() for x in unrelated]
    assert np.mean(diffs) < np.mean(far)


def test_animation_webp_and_gif(tmp_path, gan_model):
    frames = [
        r.pixels for r in run_generation(seed_interpolation_request(gan_model, 1, 2, 4), engine=Engine())
    ]
    for fmt in ("webp", "gif"):
        path = save_animation(frames, tmp_path / f"walk.{fmt}", frame_ms=50)
        with Image.open(path) as anim:
            assert anim.is_animated and anim.n_frames == 4
    assert Image.open(io.BytesIO(animation_bytes(frames, "gif", bounce=True))).n_frames == 6
    with pytest.raises(GenerationError):
        animation_bytes(frames, "bmp")


def test_vae_variations_stay_near_the_input(vae_model):
    engine = Engine()
    source = Image.fromarray(np.random.default_rng(0).integers(0, 255, (48, 40, 3), dtype=np.uint8))
    request = variation_request(engine, vae_model, source, 4, change=0.5, seed=3)
    first = run_generation(request, engine=engine)
    again = run_generation(
        variation_request(engine, vae_model, source, 4, change=0.5, seed=3), engine=Engine()
    )
    assert [a.data for a in first] == [b.data for b in again]  # reproducible
    assert first[0].parameters["mode"] == "vae-variation" and first[0].parameters["change"] == 0.5
    same = run_generation(variation_request(engine, vae_model, source, 4, change=0.0, seed=3), engine=engine)
    assert all(np.array_equal(c.pixels, same[0].pixels) for c in same)  # 0: the reconstruction, every time
    assert not np.array_equal(first[0].pixels, first[1].pixels)
    with pytest.raises(GenerationError, match="between 0 and 1"):
        variation_request(engine, vae_model, source, 4, change=1.5)


def test_variation_change_is_measured_against_the_prior_not_the_posterior():
    from genart_desktop.generation.vae import variation_latents

    mu = np.full(64, 0.5, dtype=np.float32)
    z = variation_latents(mu, list(range(200)), 0.35)
    assert np.allclose(z.mean(axis=0), np.sqrt(1 - 0.35**2) * mu, atol=0.1)
    assert abs(float(z.std(axis=0).mean()) - 0.35) < 0.03  # prior-scaled, whatever the encoder's σ
    assert np.allclose(variation_latents(mu, [1, 2], 1.0), variation_latents(-mu, [1, 2], 1.0))


def test_vae_picture_interpolation(vae_model):
    engine = Engine()
    rng = np.random.default_rng(1)
    a, b = (Image.fromarray(rng.integers(0, 255, (32, 32, 3), dtype=np.uint8)) for _ in range(2))
    frames = run_generation(picture_interpolation_request(engine, vae_model, a, b, 5), engine=engine)
    assert len(frames) == 5 and frames[0].parameters["mode"] == "interpolation"


def test_variations_need_a_vae(gan_model):
    with pytest.raises(GenerationError, match="need a VAE"):
        variation_request(Engine(), gan_model, Image.new("RGB", (8, 8)), 2)


def test_post_processing_is_recorded_as_edits(gan_model):
    edits = [
        pp.upscale(2),
        pp.rotate(90),
        pp.flip("horizontal"),
        pp.adjust("brightness", 1.2),
        pp.adjust("contrast", 1.0),
        pp.adjust("saturation", 0.5),
    ]
    [plain] = run_generation(GenerationRequest(model="tiny-gan", seeds=[1]), engine=Engine())
    [edited] = run_generation(GenerationRequest(model="tiny-gan", seeds=[1], edits=edits), engine=Engine())
    assert edited.width == 2 * plain.width
    assert [e["action"] for e in edited.edits] == ["upscale", "rotate", "flip", "brightness", "saturation"]
    assert edited.generation_dict()["edits"][0] == {
        "action": "upscale",
        "parameters": {"factor": 2, "filter": "lanczos"},
    }
    assert plain.edits == []
    expected = Image.fromarray(plain.pixels).resize((64, 64), Image.Resampling.LANCZOS)
    expected = expected.transpose(Image.Transpose.ROTATE_90).transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    from PIL import ImageEnhance

    expected = ImageEnhance.Color(ImageEnhance.Brightness(expected).enhance(1.2)).enhance(0.5)
    assert np.array_equal(np.asarray(expected), edited.pixels)


def test_invalid_edit_is_refused_before_work(gan_model):
    with pytest.raises(GenerationError, match="post-processing"):
        run_generation(GenerationRequest(model="tiny-gan", seeds=[1], edits=[pp.upscale(3)]), engine=Engine())


@pytest.mark.parametrize("mode", ["RGBA", "P", "LA"])
def test_an_input_picture_with_transparency_is_seen_on_white_as_in_training(mode):
    from genart_desktop.generation.images import from_pil

    # A red disc on fully transparent black, as emoji and sticker PNGs are stored.
    rgba = np.zeros((32, 32, 4), np.uint8)
    yy, xx = np.mgrid[:32, :32]
    disc = (yy - 16) ** 2 + (xx - 16) ** 2 < 64
    rgba[disc] = (220, 30, 30, 255)
    picture = Image.fromarray(rgba, "RGBA")
    if mode == "P":
        picture = picture.convert("P", palette=Image.Palette.ADAPTIVE, colors=4)
        picture.info["transparency"] = picture.getpixel((0, 0))
    elif mode == "LA":
        picture = picture.convert("LA")
    array = from_pil(picture, 32)
    corner, centre = array[:, 0, 0], array[:, 16, 16]
    assert np.allclose(corner, 1.0, atol=0.02)  # white, not the stored black
    assert centre.max() - centre.min() > 0.5 or mode == "LA"  # the disc keeps its colour (grey for LA)
