from __future__ import annotations

import pytest

from genart_desktop.core import paths
from genart_desktop.generation.engine import Engine
from genart_desktop.generation.pipeline import Pipeline
from genart_desktop.jobs.generation_jobs import GenerationController
from genart_desktop.jobs.manager import JobManager
from genart_desktop.library import Library
from genart_desktop.ui.generate_panel import GeneratePanel
from genart_desktop.ui.models_panel import ModelsPanel
from tests.generation import tiny_models


@pytest.fixture(scope="module")
def tiny_files():
    return tiny_models.export_bytes("gan", seed=5)


@pytest.fixture
def panel(qtbot, tiny_files):
    tiny_models.write_model(paths.ensure(paths.models_dir()), "tiny-gan", tiny_files)
    library = Library.open()
    controller = GenerationController(
        JobManager(), library=library,
        pipeline_factory=lambda lib, **kw: Pipeline(lib, engine=Engine(), check_originality=False, **kw))
    with qtbot.waitSignal(controller.device_changed, timeout=20000):
        widget = GeneratePanel(None, controller=controller)  # warms the picked model in the background
    qtbot.addWidget(widget)
    yield widget
    widget.shutdown()
    controller.jobs.shutdown()
    library.close()


def test_generate_panel_streams_images_into_the_gallery(qtbot, panel):
    assert panel.model_combo.count() == 1 and panel.generate_button.isEnabled()
    assert panel.device_label.text().startswith("Device: CPU")
    # The panel says it in two lines; the obligations (whom to credit) are in the tooltip.
    assert "Ada Artist" in panel.card_label.toolTip()
    assert "CC BY 4.0" in panel.card_label.text()  # the licence by name, not its id
    panel.seed_mode.setCurrentIndex(panel.seed_mode.findData("fixed"))
    panel.seed_spin.setValue(100)
    panel.count_spin.setValue(5)
    panel.batch_spin.setValue(2)
    panel.upscale_combo.setCurrentIndex(panel.upscale_combo.findData(2))
    stored: list[int] = []
    panel.image_generated.connect(stored.append)
    with qtbot.waitSignal(panel.controller.run_finished, timeout=30000) as done:
        panel.generate_button.click()
        assert panel.cancel_button.isEnabled() and not panel.generate_button.isEnabled()
    qtbot.waitUntil(lambda: not panel.busy, timeout=10000)
    results = done.args[0]
    assert [r.seed for r in results] == [100, 101, 102, 103, 104]
    assert panel.preview.count() == 5 and len(stored) == 5
    assert panel.generate_button.isEnabled() and "5 images on CPU" in panel.status.text()
    with Library.open() as library:
        row = library.get_image(stored[0])
        assert row.width == 2 * tiny_models.RES and row.generation["seed"] == 100
        assert row.generation["edits"][0]["action"] == "upscale"


def test_generate_panel_cancel(qtbot, panel):
    panel.seed_mode.setCurrentIndex(panel.seed_mode.findData("random"))
    panel.count_spin.setValue(1024)
    panel.batch_spin.setValue(1)
    with qtbot.waitSignal(panel.controller.run_finished, timeout=30000) as done:
        panel.generate_button.click()
        qtbot.waitUntil(lambda: panel.preview.count() >= 1, timeout=10000)
        panel.cancel_button.click()
    assert done.args[0] is None
    qtbot.waitUntil(lambda: not panel.busy, timeout=10000)
    assert 1 <= panel.preview.count() < 1024
    assert panel.status.text().startswith("Stopped after")


def test_generate_panel_interpolation_writes_an_animation(qtbot, panel):
    panel.mode_combo.setCurrentIndex(panel.mode_combo.findData("interpolate"))
    panel.seed_spin.setValue(1)
    panel.seed_to_spin.setValue(2)
    panel.frames_spin.setValue(4)
    with qtbot.waitSignal(panel.controller.animation_saved, timeout=30000) as saved:
        panel.generate_button.click()
    qtbot.waitUntil(lambda: not panel.busy, timeout=10000)
    from PIL import Image

    with Image.open(saved.args[0]) as anim:
        assert anim.n_frames == 4
    assert panel.preview.count() == 4
    assert "Animation saved to" in panel.status.text()  # not silently in the data folder


def test_walk_frames_are_the_total_and_frames_can_stay_out_of_the_gallery(qtbot, panel, tmp_path):
    """Issue 16 item 8: Frames = 8 makes 8 images (a walk made 16), "Save animation as…" copies
    the file where the artist says, and the frames need not go to the gallery."""
    panel.mode_combo.setCurrentIndex(panel.mode_combo.findData("walk"))
    panel.seed_spin.setValue(1)
    panel.seed_to_spin.setValue(2)
    panel.frames_spin.setValue(8)
    panel.keep_frames.setChecked(False)
    stored: list[int] = []
    panel.image_generated.connect(stored.append)
    with qtbot.waitSignal(panel.controller.run_finished, timeout=30000) as done:
        panel.generate_button.click()
    qtbot.waitUntil(lambda: not panel.busy, timeout=10000)
    assert len(done.args[0]) == 8 and panel.preview.count() == 8
    assert stored == [] and all(r.image_id is None for r in done.args[0])
    assert panel.save_animation_button.isEnabled()
    copy = panel.save_animation_as(str(tmp_path / "walk"))
    assert copy == tmp_path / "walk.webp" and copy.stat().st_size > 0


def test_models_panel_lists_cards_and_follows_the_folder(qtbot, tiny_files):
    root = paths.ensure(paths.models_dir())
    tiny_models.write_model(root, "first", tiny_files)
    widget = ModelsPanel()
    qtbot.addWidget(widget)
    assert widget.list.count() == 1
    assert "Training data licence: CC BY 4.0" in widget.card.text()
    assert "Credit: Ada Artist" in widget.card.text()
    tiny_models.write_model(root, "second", tiny_files, name="Second model")
    qtbot.waitUntil(lambda: widget.list.count() == 2, timeout=10000)
    other = 1 - widget.list.currentRow()  # the refresh kept "first" selected
    with qtbot.waitSignal(widget.model_selected) as chosen:
        widget.list.setCurrentRow(other)
    assert chosen.args[0] == "second" and "Second model" in widget.card.text()


def test_models_panel_says_which_folders_are_unusable_and_why(qtbot, tiny_files):
    """Issue 14 item 3: a bad card is listed with its reason; the good model still shows."""
    import json

    root = paths.ensure(paths.models_dir())
    tiny_models.write_model(root, "good", tiny_files)
    (root / "broken").mkdir()
    card = tiny_models.card_for("broken", "gan", {}, z_dim="sixty-four")
    (root / "broken" / "card.json").write_text(json.dumps(card))
    widget = ModelsPanel()
    qtbot.addWidget(widget)
    assert widget.list.count() == 1
    assert not widget.refused.isHidden()
    assert "broken: The model card is not valid: z_dim must be a whole number" in widget.refused.text()


def test_main_window_wires_generation_to_the_gallery(qtbot, tiny_files):
    from genart_desktop.ui.main_window import MainWindow

    tiny_models.write_model(paths.ensure(paths.models_dir()), "tiny-gan", tiny_files)
    window = MainWindow()
    qtbot.addWidget(window)
    panel = window.generate_panel
    qtbot.waitUntil(lambda: "tiny-gan" in panel.controller.devices, timeout=20000)
    shown: list[list[int]] = []
    window.gallery.show_new_images = lambda ids: shown.append(list(ids))  # observe the hand-over
    panel.seed_mode.setCurrentIndex(panel.seed_mode.findData("fixed"))
    panel.count_spin.setValue(2)
    with qtbot.waitSignal(panel.controller.run_finished, timeout=30000) as done:
        panel.generate_button.click()
    qtbot.waitUntil(lambda: shown and len(shown[-1]) == 2, timeout=5000)
    first_id = done.args[0][0].image_id
    assert shown[0] == [first_id]  # the first image shows at once; each update is the whole batch
    with qtbot.waitSignal(panel.controller.run_finished, timeout=30000) as like:
        window.gallery.generate_like_requested.emit(first_id)
    assert like.args[0] and like.args[0][0].parameters["like_image_id"] == first_id
    qtbot.waitUntil(lambda: not panel.busy, timeout=10000)


def test_generate_panel_interpolates_two_gallery_images(qtbot, panel):
    with qtbot.waitSignal(panel.controller.run_finished, timeout=30000) as first:
        panel.seed_mode.setCurrentIndex(panel.seed_mode.findData("fixed"))
        panel.count_spin.setValue(2)
        panel.generate_button.click()
    qtbot.waitUntil(lambda: not panel.busy, timeout=10000)
    a, b = (r.image_id for r in first.args[0])
    panel.mode_combo.setCurrentIndex(panel.mode_combo.findData("images"))
    panel.frames_spin.setValue(3)
    panel.selection_provider = lambda: [a]
    panel.generate_button.click()
    assert "exactly two" in panel.status.text() and not panel.busy
    panel.selection_provider = lambda: [a, b]
    with qtbot.waitSignal(panel.controller.animation_saved, timeout=30000):
        panel.generate_button.click()
    qtbot.waitUntil(lambda: not panel.busy, timeout=10000)
    ends = [r.image_id for r in panel.results]
    assert len(ends) == 3 and ends[0] == a and ends[-1] == b


def test_after_generate_the_new_batch_is_selected_and_shown_in_details(qtbot, tiny_files):
    """Issue 16 item 3: exactly the new batch is selected, Details shows one of them, and the
    rights editor edits those images, not an older selection."""
    from genart_desktop.ui.main_window import MainWindow

    tiny_models.write_model(paths.ensure(paths.models_dir()), "tiny-gan", tiny_files)
    window = MainWindow()
    qtbot.addWidget(window)
    panel, gallery = window.generate_panel, window.gallery
    qtbot.waitUntil(lambda: "tiny-gan" in panel.controller.devices, timeout=20000)
    panel.seed_mode.setCurrentIndex(panel.seed_mode.findData("fixed"))

    def generate(count: int) -> list[int]:
        panel.count_spin.setValue(count)
        with qtbot.waitSignal(panel.controller.run_finished, timeout=30000) as done:
            panel.generate_button.click()
        ids = [r.image_id for r in done.args[0]]
        qtbot.waitUntil(lambda: sorted(gallery.selected_image_ids()) == sorted(ids), timeout=5000)
        qtbot.waitUntil(lambda: not panel.busy, timeout=10000)
        return ids

    old = generate(2)
    gallery.select_ids([old[0]])  # the artist picks an older image …
    new = generate(3)  # … then generates again
    assert sorted(gallery.selected_image_ids()) == sorted(new)
    assert gallery.detail.row is not None and gallery.detail.row.id in new
    editor = window.rights_editor
    assert editor is not None
    qtbot.waitUntil(lambda: sorted(editor._ids) == sorted(new), timeout=5000)
    assert "Editing 3 images" in editor.status.text()


def test_a_mode_the_new_model_cannot_run_goes_back_to_samples(qtbot, tiny_files, tmp_path, caplog):
    """Issue 16 item 6: VAE variations, then switching to a GAN, must not run (and fail)."""
    root = paths.ensure(paths.models_dir())
    tiny_models.write_model(root, "tiny-gan", tiny_files, sampling={"psi": 0.8, "why": "KID 10 against 11"})
    tiny_models.write_model(root, "tiny-vae", tiny_models.export_bytes("vae", seed=6), kind="vae")
    library = Library.open()
    controller = GenerationController(
        JobManager(), library=library,
        pipeline_factory=lambda lib, **kw: Pipeline(lib, engine=Engine(), check_originality=False, **kw))
    widget = GeneratePanel(None, controller=controller)
    qtbot.addWidget(widget)
    try:
        widget.select_model("tiny-vae")
        assert widget.psi_spin.value() == 1.0 and widget.psi_spin.toolTip() == ""  # no recommendation
        widget.mode_combo.setCurrentIndex(widget.mode_combo.findData("variations"))
        widget.set_picture(tmp_path / "x.png")
        assert widget.mode() == "variations" and widget.generate_button.isEnabled()
        # Variations have their own 0–1 "Change" instead of the temperature.
        assert widget.form.isRowVisible(widget.change_spin) and not widget.form.isRowVisible(widget.psi_spin)
        assert widget.change_spin.maximum() == 1.0
        widget.select_model("tiny-gan")
        # The GAN's card recommends ψ 0.8: the spin box starts there and says why.
        assert widget.psi_spin.value() == 0.8 and "KID 10 against 11" in widget.psi_spin.toolTip()
        assert not widget.form.isRowVisible(widget.change_spin)
        assert widget.mode() == "sample"
        assert "back to Samples" in widget.status.text()
        variations = widget.mode_combo.findData("variations")
        assert not widget.mode_combo.model().item(variations).isEnabled()
        widget.mode_combo.setCurrentIndex(variations)  # even if forced, it does not stay
        assert widget.mode() == "sample"
        assert widget.generate_button.isEnabled() or "tiny-gan" not in controller.devices
        assert not [r for r in caplog.records if r.exc_info]
    finally:
        widget.shutdown()
        controller.jobs.shutdown()
        library.close()
