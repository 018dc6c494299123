"""Issue 16 item 12: sliders along a GAN's main latent directions, a live preview that follows
them off the GUI thread, and Keep with the directions and amounts in the provenance."""

from __future__ import annotations

import time

import numpy as np

from genart_desktop.core import paths
from genart_desktop.generation.engine import Engine
from genart_desktop.generation.pipeline import Pipeline
from genart_desktop.jobs.generation_jobs import GenerationController
from genart_desktop.jobs.manager import JobManager
from genart_desktop.library import Library
from genart_desktop.ui.latent_panel import LatentPanel
from tests.generation import tiny_models


def test_sliders_preview_and_keep(qtbot):
    files = tiny_models.export_bytes("gan", seed=5)
    tiny_models.write_model(paths.ensure(paths.models_dir()), "tiny-gan", files)
    library = Library.open()
    controller = GenerationController(
        JobManager(), library=library,
        pipeline_factory=lambda lib, **kw: Pipeline(lib, engine=Engine(), check_originality=False, **kw))
    controller.refresh_models()
    panel = LatentPanel(controller)
    qtbot.addWidget(panel)
    panel.show()
    panel.model_combo.setCurrentIndex(panel.model_combo.findData("tiny-gan"))
    assert panel.model_combo.currentData() == "tiny-gan"
    try:
        with qtbot.waitSignal(panel.explorer.directions_ready, timeout=60_000) as ready:
            panel.load()
        directions = ready.args[0]
        assert directions.count == len(panel.sliders) >= 4
        assert np.allclose(np.linalg.norm(directions.components, axis=1), 1.0, atol=1e-3)
        assert directions.explained[0] >= directions.explained[-1]
        qtbot.waitUntil(lambda: panel.explorer.renders >= 1, timeout=10_000)
        first = panel.preview.pixmap().toImage()
        # Moving a slider quickly: the GUI thread never waits for a render (no tick > 50 ms),
        # and the last position is the one shown.
        worst, last = 0.0, time.perf_counter()
        for value in range(0, 31, 2):
            panel.sliders[0].setValue(value)
            qtbot.wait(5)
            now = time.perf_counter()
            worst, last = max(worst, now - last), now
        qtbot.waitUntil(lambda: panel.explorer._render is None, timeout=10_000)
        assert worst < 0.25  # generous under a loaded CI machine; the benchmark measures the real figure
        assert panel.explorer.amounts[0] == 3.0
        assert panel.preview.pixmap().toImage() != first
        with qtbot.waitSignal(controller.run_finished, timeout=30_000) as kept:
            panel.keep()
        image_id = kept.args[0][0].image_id
        row = library.get_image(image_id)
        edits = row.provenance["human_contribution"]["edits"]
        assert edits[0]["operation"] == "latent-directions"
        assert edits[0]["parameters"]["amounts"] == {"direction 1": 3.0}
        # Cached: the second load does not sample the model again.
        with qtbot.waitSignal(panel.explorer.directions_ready, timeout=5_000):
            panel.load()
    finally:
        panel.shutdown()
        controller.close()
        controller.jobs.shutdown()
        library.close()


def test_a_vae_is_explored_from_a_chosen_picture(qtbot, tmp_path):
    from PIL import Image

    files = tiny_models.export_bytes("vae", seed=6)
    tiny_models.write_model(paths.ensure(paths.models_dir()), "tiny-vae", files, kind="vae")
    library = Library.open()
    controller = GenerationController(
        JobManager(), library=library,
        pipeline_factory=lambda lib, **kw: Pipeline(lib, engine=Engine(), check_originality=False, **kw))
    controller.refresh_models()
    panel = LatentPanel(controller)
    qtbot.addWidget(panel)
    panel.model_combo.setCurrentIndex(panel.model_combo.findData("tiny-vae"))
    picture = tmp_path / "pic.png"
    Image.new("RGB", (40, 40), (200, 30, 30)).save(picture)
    try:
        with qtbot.waitSignal(panel.explorer.directions_ready, timeout=60_000):
            panel.load()
        assert panel.picture_button.isEnabled()
        renders = panel.explorer.renders
        panel.choose_picture(str(picture))
        qtbot.waitUntil(lambda: panel.explorer.picture_digest is not None
                        and panel.explorer.renders > renders and panel.explorer._render is None,
                        timeout=20_000)
        panel.sliders[1].setValue(-10)
        with qtbot.waitSignal(controller.run_finished, timeout=30_000) as kept:
            panel.keep()
        edit = library.get_image(kept.args[0][0].image_id).provenance["human_contribution"]["edits"][0]
        assert edit["parameters"]["base_picture_sha256"] == panel.explorer.picture_digest
        assert edit["parameters"]["amounts"] == {"direction 2": -1.0}
    finally:
        panel.shutdown()
        controller.close()
        controller.jobs.shutdown()
        library.close()
