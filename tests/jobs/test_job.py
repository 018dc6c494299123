import threading
from pathlib import Path

import pytest

from genart_desktop.core.errors import Cancelled, DatasetError
from genart_desktop.core.progress import check_stop
from genart_desktop.jobs.job import Job
from genart_desktop.jobs.manager import JobManager


def counting(n, *, progress, should_stop):
    for i in range(n):
        check_stop(should_stop)
        progress((i + 1) / n, f"step {i + 1}")
    return n * 2


def test_success_reports_progress_and_result(qtbot):
    job = Job(counting, 5)
    seen = []
    job.progress.connect(lambda f, m: seen.append(f))
    with (
        qtbot.waitSignal(job.finished, timeout=5000),
        qtbot.waitSignal(job.succeeded, timeout=5000) as blocker,
    ):
        job.start()
    job.wait()
    assert blocker.args == [10]
    assert seen and seen[-1] == 1.0


def test_error_is_delivered_not_swallowed(qtbot):
    def boom(*, progress, should_stop):
        raise DatasetError("bad folder")

    job = Job(boom)
    with qtbot.waitSignal(job.errored, timeout=5000) as blocker:
        job.start()
    job.wait()
    assert isinstance(blocker.args[0], DatasetError)


def test_pause_blocks_then_cancel_stops(qtbot):
    gate = threading.Event()

    def waits(*, progress, should_stop):
        gate.set()
        while True:
            check_stop(should_stop)

    job = Job(waits)
    job.start()
    assert gate.wait(5)
    job.pause()
    assert job.is_paused
    with qtbot.waitSignal(job.cancelled, timeout=5000):
        job.cancel()
    job.wait()


def test_manager_shutdown_cancels_everything(qtbot):
    manager = JobManager()

    def forever(*, progress, should_stop):
        while True:
            check_stop(should_stop)

    jobs = [manager.start(Job(forever)) for _ in range(3)]
    assert manager.shutdown(5000)
    assert all(not j.is_running() for j in jobs)
    qtbot.waitUntil(lambda: not manager.active, timeout=5000)


def test_check_stop_raises():
    with pytest.raises(Cancelled):
        check_stop(lambda: True)


def test_the_card_summary_names_a_folder_scanned_under_two_ids_once(tmp_path):
    import json
    import shutil

    from genart_desktop.generation.registry import read_card
    from genart_desktop.jobs.generation_jobs import card_summary

    folder = tmp_path / "m"
    shutil.copytree(next(p for p in (Path(__file__).parents[2] / "models").iterdir()
                         if (p / "weights.pt").is_file()), folder)
    card = json.loads((folder / "card.json").read_text())
    ref = {"id": "ds-94276ffe649884ce", "name": "twemoji", "image_count": 3752}
    card["datasets"] = [ref, dict(ref, id="ds-ea60d306a35ca705")]
    (folder / "card.json").write_text(json.dumps(card))
    assert card_summary(read_card(folder))["datasets"] == ["twemoji (3752 images)"]


def test_the_models_panel_says_at_which_psi_a_model_samples(tmp_path):
    import json
    import shutil

    from genart_desktop.generation.registry import read_card
    from genart_desktop.jobs.generation_jobs import card_summary
    from genart_desktop.ui.models_panel import describe

    folder = tmp_path / "m"
    shutil.copytree(next(p for p in (Path(__file__).parents[2] / "models").iterdir()
                         if (p / "weights.pt").is_file()), folder)
    card = json.loads((folder / "card.json").read_text())
    card.pop("sampling", None)
    (folder / "card.json").write_text(json.dumps(card))
    assert "unless you choose another" not in describe(card_summary(read_card(folder)))
    card["sampling"] = {"psi": 0.9, "why": "KID 10.6 against 11.4 at ψ 1"}
    (folder / "card.json").write_text(json.dumps(card))
    text = describe(card_summary(read_card(folder)))
    assert "Samples at truncation ψ 0.9 unless you choose another (KID 10.6 against 11.4 at ψ 1)." in text
