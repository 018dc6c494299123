from PySide6.QtCore import Qt

from genart_desktop.jobs.library_jobs import backup_job, import_job
from genart_desktop.library import Library, backups
from tests.library.helpers import png_bytes, write_png


def test_daily_backup_job_copies_a_library_with_images(qtbot):
    with Library.open() as library:
        library.add_image_bytes(png_bytes(1), "png", origin="generated")
        job = backup_job(library)
        with qtbot.waitSignal(job.succeeded, timeout=10_000) as blocker:
            job.start()
        job.wait()
        assert blocker.args[0] in backups.list_backups()


def test_import_job_can_be_cancelled_and_keeps_what_it_imported(qtbot, tmp_path):
    files = [write_png(tmp_path / f"{n}.png", n) for n in range(200)]
    with Library.open() as library:
        job = import_job(library, files)
        # Direct connection: cancels from the worker at its first progress report after an image.
        job.progress.connect(
            lambda fraction, message: job.cancel() if fraction > 0 else None,
            Qt.ConnectionType.DirectConnection,
        )
        with qtbot.waitSignal(job.finished, timeout=10_000):
            job.start()
        job.wait()
        report = job.result
        assert report.cancelled and 0 < len(report.added) < 200
        assert library.conn().execute("SELECT COUNT(*) FROM images").fetchone()[0] == len(report.added)
