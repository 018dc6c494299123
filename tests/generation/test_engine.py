from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from genart_desktop.generation import images as imgs
from genart_desktop.generation import latents as lat
from genart_desktop.generation import providers
from genart_desktop.generation.engine import Engine, run_session
from genart_desktop.generation.service import GenerationRequest, run_generation
from tests.generation import tiny_models


def test_same_seed_gives_identical_pixels_across_sessions(gan_model):
    first = run_generation(GenerationRequest(model="tiny-gan", seeds=[7, 8]), engine=Engine())
    second = run_generation(GenerationRequest(model="tiny-gan", seeds=[7, 8]), engine=Engine())
    assert [a.data for a in first] == [b.data for b in second]
    assert np.array_equal(first[0].pixels, second[0].pixels)
    assert not np.array_equal(first[0].pixels, first[1].pixels)  # different seeds, different images


def test_batching_equals_single(gan_model):
    seeds = list(range(10, 20))
    batched = run_generation(GenerationRequest(model="tiny-gan", seeds=seeds, batch_size=8), engine=Engine())
    single = [run_generation(GenerationRequest(model="tiny-gan", seeds=[s], batch_size=1), engine=Engine())[0]
              for s in seeds]
    for a, b in zip(batched, single, strict=True):
        assert a.seed == b.seed
        assert np.array_equal(a.pixels, b.pixels)


def test_results_are_real_pictures_with_the_generation_record(gan_model):
    [image] = run_generation(GenerationRequest(model="tiny-gan", seeds=[3], psi=0.7), engine=Engine())
    decoded = Image.open(__import__("io").BytesIO(image.data))
    assert decoded.format == "PNG" and decoded.size == (tiny_models.RES, tiny_models.RES)
    record = image.generation_dict()
    assert record["seed"] == 3 and record["model_id"] == "tiny-gan"
    assert record["model_sha256"] == gan_model.generator_sha256
    expected = lat.truncate(lat.latent_for_seed(3, tiny_models.Z_DIM)[None], 0.7)[0]
    assert np.allclose(record["latent"], expected)
    assert record["parameters"]["truncation_psi"] == 0.7
    assert record["device"].startswith("CPU")


def test_truncation_pulls_towards_the_card_mean(tmp_path, gan_files):
    from genart_desktop.generation.registry import find_model

    mean = [0.5] * tiny_models.Z_DIM
    tiny_models.write_model(tmp_path, "meaned", gan_files, latent_mean=mean)
    info = find_model("meaned", roots=[(tmp_path, False)])
    z, _ = __import__("genart_desktop.generation.service", fromlist=["x"]).prepare_latents(
        info, GenerationRequest(model="meaned", seeds=[1], psi=0.0))
    assert np.allclose(z[0], mean)


def test_explicit_noise_inputs_are_deterministic(tmp_path):
    from genart_desktop.generation.registry import find_model

    tiny_models.write_model(tmp_path, "noisy", tiny_models.export_bytes("gan", seed=3, noise=True))
    info = find_model("noisy", roots=[(tmp_path, False)])
    engine = Engine()
    z = lat.latents_for_seeds([1, 2], info.z_dim)
    a = engine.generate(info, z, [1, 2])
    b = Engine().generate(info, z[:1], [1])
    assert np.array_equal(a[:1], b)
    c = engine.generate(info, z[:1], [5])  # same latent, different noise seed
    assert not np.array_equal(a[:1], c)


def test_cuda_unavailable_falls_back_to_cpu_and_says_so(gan_model, caplog):
    import logging

    caplog.set_level(logging.INFO, logger="genart_desktop.generation.providers")  # the log file's line
    providers.reset_failures()
    engine = Engine(available=[providers.CUDA, providers.CPU])  # as onnxruntime-gpu lists them here
    loaded = engine.load(gan_model)
    assert loaded.generator.provider == providers.CPU
    assert providers.CUDA in loaded.generator.tried
    assert loaded.device.startswith("CPU")
    assert "CUDAExecutionProvider is not usable" in caplog.text
    # Remembered: the next session does not retry the broken provider.
    assert providers.provider_order([providers.CUDA, providers.CPU]) == [providers.CPU]
    providers.reset_failures()


def test_provider_order_prefers_gpu_then_cpu():
    providers.reset_failures()
    offered = [providers.CPU, providers.COREML, providers.DIRECTML, providers.CUDA]
    assert providers.provider_order(offered) == [providers.CUDA, providers.DIRECTML, providers.COREML,
                                                 providers.CPU]
    assert providers.provider_order(offered, use_gpu=False) == [providers.CPU]
    assert providers.cpu_threads() >= 1


def test_iobinding_path_matches_plain_run(gan_model):
    """The IOBinding run used on CUDA, exercised on the CPU device (no GPU in CI)."""
    loaded = Engine().load(gan_model)
    z = lat.latents_for_seeds([4, 5], gan_model.z_dim)
    plain = run_session(loaded.generator, {"z": z}, "image")[0]
    bound = run_session(loaded.generator, {"z": z}, "image", bind_device="cpu")[0]
    assert np.array_equal(plain, bound)


def test_cpu_session_options():
    import onnxruntime

    options = providers.session_options()
    assert options.graph_optimization_level == onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    assert options.intra_op_num_threads == providers.cpu_threads()
    assert options.enable_mem_pattern is False and options.enable_cpu_mem_arena is True


def test_to_uint8_maps_range():
    out = imgs.to_uint8(np.array([-1.0, 0.0, 1.0, 2.0], np.float32).reshape(1, 1, 1, 4).repeat(3, axis=1))
    assert out.shape == (1, 1, 4, 3)
    assert out[0, 0, :, 0].tolist() == [0, 128, 255, 255]


def test_cancel_stops_between_batches(gan_model):
    from genart_desktop.core.errors import Cancelled

    calls = []
    with pytest.raises(Cancelled):
        run_generation(GenerationRequest(model="tiny-gan", seeds=list(range(20)), batch_size=4),
                       engine=Engine(), on_image=calls.append, should_stop=lambda: len(calls) >= 1)
    assert len(calls) == 1  # the first image streamed, then it stopped


def test_generation_never_imports_torch(gan_model):
    """In a fresh interpreter (other tests in this process may have imported torch)."""
    import os
    import subprocess
    import sys

    code = ("import sys; from genart_desktop.generation.pipeline import Pipeline;"
            "from genart_desktop.generation.service import GenerationRequest;"
            "import genart_desktop.jobs.generation_jobs;"
            "r = Pipeline(None).run(GenerationRequest(model='tiny-gan', seeds=[1]));"
            "print(len(r), 'torch' in sys.modules, 'onnxruntime' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env=dict(os.environ))
    assert out.stdout.split() == ["1", "False", "True"]


def test_big_batches_are_split_by_pixels():
    from genart_desktop.generation.service import _chunks, effective_batch

    assert effective_batch(64, 64) == 64 and effective_batch(64, 256) == 16 and effective_batch(0, 32) == 1
    assert _chunks(5, 2) == [(0, 1), (1, 3), (3, 5)]
