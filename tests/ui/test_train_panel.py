from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from genart_desktop.core import paths
from genart_desktop.ui.train_panel import TrainPanel
from tests.training.conftest import make_images


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "art"
    folder.mkdir()
    for i, arr in enumerate(make_images(6, 72)):
        Image.fromarray(arr).save(folder / f"{i}.png")
    return folder


@pytest.fixture
def panel(qtbot):
    """A Train panel whose job is always stopped at the end, even when the test fails."""
    widget = TrainPanel()
    qtbot.addWidget(widget)
    yield widget
    widget.queue.clear()
    if widget.job is not None:
        job = widget.job
        job.cancel()
        job.wait()
        qtbot.waitUntil(lambda: widget.job is None, timeout=10_000)


def _tiny(panel: TrainPanel, steps: int) -> None:
    panel.by_steps.setChecked(True)
    panel.steps.setValue(steps)
    panel.device.setCurrentText("cpu")
    panel.advanced.setChecked(True)
    panel.advanced.width_spin.setValue(4)
    panel.advanced.batch_size.setValue(4)
    panel.advanced.samples_every.setValue(1)
    panel.advanced.quality_every.setValue(0)


def test_start_pause_resume_cancel_from_the_panel(qtbot, tmp_path, panel):
    assert not panel.start_button.isEnabled()
    panel.accept_paths([_folder(tmp_path)])
    _tiny(panel, 1_000_000)
    panel.start_button.click()
    job = panel.job
    assert job is not None and panel.pause_button.isEnabled()
    qtbot.waitUntil(lambda: panel.sample_grid.has_image() and panel.progress.value() > 0
                    and bool(panel.charts.losses.series), timeout=60_000)  # metrics every 10 steps

    with qtbot.waitSignal(job.checkpointed, timeout=30_000):  # pausing writes a checkpoint
        panel.pause_button.click()
    assert job.is_paused and panel.pause_button.text() == "Resume"
    step_when_paused = panel.sample_grid.step
    panel.pause_button.click()
    assert not job.is_paused
    qtbot.waitUntil(lambda: panel.sample_grid.step > step_when_paused, timeout=60_000)

    with qtbot.waitSignal(job.finished, timeout=60_000):
        panel.cancel_button.click()
    job.wait()
    assert panel.job is None and not panel.pause_button.isEnabled()
    info = json.loads((paths.runs_dir() / job.run_id / "run.json").read_text())
    assert info["status"] == "stopped" and info["step"] > 0
    assert "resume it from the runs list" in panel.status.text()


def test_a_short_run_produces_a_model_and_queues_the_next(qtbot, tmp_path, panel):
    panel.accept_paths([_folder(tmp_path)])
    _tiny(panel, 2)
    panel.start_button.click()
    panel.start_button.click()  # a second run waits in the queue
    assert panel.queue_list.count() == 1
    ready = []
    panel.model_ready.connect(lambda card, folder: ready.append(folder))
    qtbot.waitUntil(lambda: len(ready) == 2 and panel.job is None, timeout=120_000)
    assert all((Path(f) / "generator.onnx").is_file() for f in ready)
    assert len(list(paths.models_dir().iterdir())) == 2
    assert panel.progress.value() == 1000 and panel.queue_list.count() == 0


def test_the_precision_chosen_in_advanced_reaches_the_model_card(qtbot, tmp_path, panel):
    panel.accept_paths([_folder(tmp_path)])
    _tiny(panel, 2)
    assert panel.advanced.precision.currentData() == "auto"  # what the preset says
    panel.advanced.precision.setCurrentIndex(panel.advanced.precision.findData("fp32"))
    assert panel.advanced.overrides()["precision"] == "fp32"
    ready = []
    panel.model_ready.connect(lambda card, folder: ready.append(card))
    panel.start_button.click()
    qtbot.waitUntil(lambda: len(ready) == 1 and panel.job is None, timeout=120_000)
    assert ready[0]["hyperparameters"]["precision"] == "fp32"
    assert ready[0]["training"]["precision"] == "fp32"


def test_set_dataset_switches_the_source(qtbot):
    panel = TrainPanel()
    qtbot.addWidget(panel)
    panel.set_dataset("ds-123", "42 images, CC0-1.0")
    assert panel.start_button.isEnabled() and "42 images" in panel.dataset_label.text()
    assert panel.request().data.to_dict() == {"kind": "dataset", "id": "ds-123"}
    assert not panel.licence.isEnabled()


def test_the_gui_starts_without_torch():
    code = ("import sys; from PySide6.QtWidgets import QApplication; app = QApplication([]);"
            "from genart_desktop.ui.main_window import MainWindow; w = MainWindow(); w.show();"
            "app.processEvents(); assert 'torch' not in sys.modules, 'torch imported';"
            "w.close(); print('ok')")
    env_root = str(Path(__file__).resolve().parents[2])
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          cwd=env_root, env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert proc.returncode == 0 and "ok" in proc.stdout, proc.stderr


def test_closing_the_window_during_training_asks_then_checkpoints(qtbot, tmp_path, monkeypatch):
    import numpy as np
    from PySide6.QtWidgets import QMessageBox

    from genart_desktop.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    panel = window.train_panel
    array = tmp_path / "a.npy"
    np.save(array, make_images(6, 64))
    panel._data = {"kind": "array", "path": str(array)}
    _tiny(panel, 1_000_000)
    panel.start()
    job = panel.job
    qtbot.waitUntil(lambda: panel.sample_grid.has_image(), timeout=60_000)
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.Yes)
    window.close()
    assert asked, "quitting during training asks first"
    job.wait()
    qtbot.waitUntil(lambda: panel.job is None, timeout=10_000)
    info = json.loads((paths.runs_dir() / job.run_id / "run.json").read_text())
    assert info["status"] == "stopped"
    assert (paths.runs_dir() / job.run_id / "checkpoints" / "latest.pt").is_file()


def test_threads_setting_reaches_the_policy_and_the_panel_says_what_it_uses(panel):
    from genart_desktop.core.thread_policy import cpu_cores

    assert panel.threads.currentData() == "auto" and panel.threads.count() == cpu_cores() + 1
    panel.threads.setCurrentIndex(1)
    assert panel.thread_policy() == 1
    panel.thread_policy.note_input()
    assert panel.thread_policy() == 1 and "as set" in panel.thread_policy.describe()
    panel.threads.setCurrentIndex(0)
    panel.thread_policy.set_window_hidden(True)
    assert panel.thread_policy() == cpu_cores()


@pytest.mark.bundled_models
def test_start_from_the_bundled_gan_is_offered_for_gan_presets_only(panel, tmp_path):
    assert panel.base_model is not None and (panel.base_model / "weights.pt").is_file()
    panel.set_dataset("ds-0000")
    panel.fine_tune.setChecked(True)
    panel.preset.setCurrentIndex(panel.preset.findData("projected-64"))
    assert panel.fine_tune.isEnabled() and panel.request().fine_tune_from == panel.base_model
    panel.preset.setCurrentIndex(panel.preset.findData("vae-64"))
    assert not panel.fine_tune.isEnabled() and panel.request().fine_tune_from is None
    # A DCGAN is another generator: starting it from the bundled FastGAN is not offered.
    panel.preset.setCurrentIndex(panel.preset.findData("dcgan-64"))
    assert not panel.fine_tune.isEnabled() and panel.request().fine_tune_from is None
    panel.preset.setCurrentIndex(panel.preset.findData("quick-64"))
    assert panel.fine_tune.isEnabled() and panel.request().fine_tune_from == panel.base_model
    # The same generator at another size: a fine-tune keeps the base's 64 px, so a 128 px preset
    # started from it would quietly train at 64 px. Not offered.
    panel.preset.setCurrentIndex(panel.preset.findData("projected-128"))
    assert not panel.fine_tune.isEnabled() and panel.request().fine_tune_from is None


@pytest.mark.bundled_models
def test_a_dataset_starts_from_the_bundled_gan_and_says_so(panel):
    # Measured ahead of training from scratch on 300 and on 4,265 unseen images, so it is
    # suggested for a large dataset as well as a small one.
    for image_count in (300, 4000):
        panel.fine_tune.setChecked(False)
        panel.set_dataset(f"ds-{image_count}", f"({image_count} images)", image_count)
        assert panel.fine_tune.isChecked() and panel.request().fine_tune_from == panel.base_model
        hint = panel.fine_tune_hint.text()
        assert panel.fine_tune_hint.isVisibleTo(panel) and f"{image_count:,} images" in hint
        assert "CC BY 4.0" in hint  # what the start brings with it is said up front
    # The artist can untick it; a VAE preset cannot start from a GAN, so nothing is suggested.
    panel.fine_tune.setChecked(False)
    assert panel.request().fine_tune_from is None
    panel.preset.setCurrentIndex(panel.preset.findData("vae-64"))
    assert not panel.fine_tune_hint.isVisibleTo(panel) and panel.request().fine_tune_from is None
    # Nothing scanned yet (0 images): no suggestion.
    panel.preset.setCurrentIndex(panel.preset.findData("projected-64"))
    panel.set_dataset("ds-empty", "(not scanned)", 0)
    assert not panel.fine_tune_hint.isVisibleTo(panel)


def test_the_recommended_preset_comes_first(panel):
    from genart_desktop.training.config import DEFAULT_PRESET

    assert panel.preset.currentData() == DEFAULT_PRESET == panel.preset.itemData(0)
