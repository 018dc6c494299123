"""Issue 16 item 4: training runs listed in the Train panel, resumed, extended, renamed, deleted;
"Paused" in the status line; an interrupted run offered for resuming at start."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QMessageBox

from genart_desktop.core import paths
from genart_desktop.ui.main_window import MainWindow
from genart_desktop.ui.runs_panel import RunsPanel
from genart_desktop.workflows import training as wf
from tests.ui.test_train_panel import _folder, _tiny


def _fake_run(run_id: str, status: str = "stopped", step: int = 120, checkpoint: bool = True) -> None:
    folder = paths.runs_dir() / run_id
    (folder / "checkpoints").mkdir(parents=True)
    if checkpoint:
        (folder / "checkpoints" / "latest.pt").write_bytes(b"x")
    (folder / "run.json").write_text(json.dumps({
        "id": run_id, "name": f"model {run_id}", "status": status, "step": step, "wall_time_s": 60.0,
        "budget": {"steps": 1000, "minutes": None}, "started": f"2026-12-04T10:0{run_id[-1]}:00"}))


def test_runs_list_extend_rename_export_now_delete(qtbot, monkeypatch):
    _fake_run("r1")
    _fake_run("r2", status="exported")
    panel = RunsPanel()
    qtbot.addWidget(panel)
    assert panel.list.count() == 2
    panel.select_run("r1")
    text = panel.list.currentItem().text()
    assert "Paused" in text and "step 120 of 1,000" in text
    resumed: list[str] = []
    panel.resume_requested.connect(resumed.append)
    panel.extend_current(steps=500)
    assert wf.run_infos()[1].budget_steps == 1500 or any(r.budget_steps == 1500 for r in wf.run_infos())
    assert resumed == ["r1"]  # extending resumes it
    panel.rename_current("Moss studies")
    assert [r.name for r in wf.run_infos() if r.id == "r1"] == ["Moss studies"]
    panel.export_current()
    assert [r.budget_steps for r in wf.run_infos() if r.id == "r1"] == [120]
    panel.select_run("r2")
    assert not panel.resume_button.isEnabled()  # a finished run has made its model
    panel.select_run("r1")
    panel.delete_current(confirm=False)
    assert [r.id for r in wf.run_infos()] == ["r2"]


def test_offer_to_resume_an_interrupted_run_at_start(qtbot, monkeypatch):
    _fake_run("r1")
    window = MainWindow()
    qtbot.addWidget(window)
    asked: list[str] = []
    monkeypatch.setattr(window.train_panel, "resume_run", asked.append)
    window.show()
    qtbot.waitUntil(lambda: window.resume_offer is not None and window.resume_offer.isVisible(), timeout=5000)
    box = window.resume_offer
    assert "model r1" in box.text()
    resume = next(b for b in box.buttons() if b.text() == "Resume")
    resume.click()
    assert asked == ["r1"]


def test_no_offer_without_interrupted_runs(qtbot):
    _fake_run("r1", status="exported")
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.wait(1200)
    assert window.resume_offer is None
    assert not [w for w in window.findChildren(QMessageBox) if w.isVisible()]


def test_resume_a_stopped_run_from_the_runs_list(qtbot, tmp_path):
    """Cancel a run, see it Paused in the list and the status line, resume it from the list:
    it continues from its checkpoint's step (not from 0)."""
    window = MainWindow()
    qtbot.addWidget(window)
    panel = window.train_panel
    panel.accept_paths([_folder(tmp_path)])
    qtbot.waitUntil(lambda: not window.context.jobs.active, timeout=30_000)  # the folder's scan
    _tiny(panel, 1_000_000)
    panel.start_button.click()
    job = panel.job
    assert job is not None
    qtbot.waitUntil(lambda: window.training_state.text() == "Training", timeout=5000)
    qtbot.waitUntil(lambda: bool(panel.charts.losses.series) and job.run_id is not None,
                    timeout=60_000)  # metrics every 10 steps: some steps are done
    run_id = job.run_id
    with qtbot.waitSignal(job.finished, timeout=60_000):
        panel.cancel_button.click()
    qtbot.waitUntil(lambda: panel.job is None, timeout=10_000)
    assert "paused" in window.training_state.text().lower()
    panel.runs.select_run(run_id)
    stopped_at = panel.runs.current().step
    assert stopped_at > 0 and "Paused" in panel.runs.list.currentItem().text()
    with qtbot.waitSignal(panel.state_changed, timeout=10_000):
        panel.runs.resume_button.click()
    resumed = panel.job
    assert resumed is not None and resumed.request.resume_run_id == run_id
    steps: list[int] = []
    resumed.metrics.connect(lambda record: steps.append(int(record["step"])))
    qtbot.waitUntil(lambda: bool(steps), timeout=60_000)
    assert steps[0] > stopped_at  # continued from the checkpoint
    with qtbot.waitSignal(resumed.finished, timeout=60_000):
        panel.cancel_button.click()
    qtbot.waitUntil(lambda: panel.job is None, timeout=10_000)


def test_no_offer_over_a_folder_given_at_start(qtbot, tmp_path):
    _fake_run("r1")
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.handle_dropped_paths([tmp_path])  # as ./run FOLDER does right after show()
    window.offer_resume()
    assert window.resume_offer is None
    qtbot.waitUntil(lambda: not window.context.jobs.active, timeout=30_000)
