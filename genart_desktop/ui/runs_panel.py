"""The Train panel's list of training runs: resume, extend the budget, export now, rename the
model, delete. Each operation reads or writes one small run.json (``workflows.training``
through ``jobs.training_jobs``); training itself runs in the panel's ``TrainingJob``."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from genart_desktop.core.errors import GenArtError
from genart_desktop.jobs.training_jobs import (
    RunInfo,
    delete_run,
    export_now,
    extend_run,
    rename_run,
    run_infos,
)


class RunsPanel(QWidget):
    """``resume_requested(run_id)``: the Train panel starts (or queues) the run."""

    resume_requested = Signal(str)
    message = Signal(str)

    def __init__(self, parent: QWidget | None = None,
                 busy_run: Callable[[], str | None] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("runsPanel")
        self._busy_run = busy_run or (lambda: None)  # the run training now: not editable
        self.list = QListWidget(self)
        self.list.setObjectName("runsList")
        self.list.setMaximumHeight(110)
        self.list.setToolTip("Training runs on this computer. A paused or interrupted run continues "
                             "from its last checkpoint.")
        self.resume_button = QPushButton("Resume", self)
        self.extend_button = QPushButton("Extend…", self)
        self.export_button = QPushButton("Export now", self)
        self.rename_button = QPushButton("Rename…", self)
        self.delete_button = QPushButton("Delete", self)
        self.extend_button.setToolTip("Give the run more steps, then resume it")
        self.export_button.setToolTip("Stop at the step it reached and make the model now")
        self.rename_button.setToolTip("The name the model will have")
        rows = QVBoxLayout()
        first, second = QHBoxLayout(), QHBoxLayout()
        for b in (self.resume_button, self.extend_button, self.export_button):
            first.addWidget(b)
        for b in (self.rename_button, self.delete_button):
            second.addWidget(b)
        second.addStretch(1)
        rows.addLayout(first)
        rows.addLayout(second)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addLayout(rows)
        self.resume_button.clicked.connect(lambda: self._resume(self.current()))
        self.extend_button.clicked.connect(self.extend_current)
        self.export_button.clicked.connect(self.export_current)
        self.rename_button.clicked.connect(self.rename_current)
        self.delete_button.clicked.connect(self.delete_current)
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.list.itemDoubleClicked.connect(lambda _item: self._resume(self.current()))
        self.refresh()

    # -- the list ----------------------------------------------------------------------------
    def refresh(self) -> None:
        current = self.current()
        self.list.clear()
        try:
            runs = run_infos()
        except (OSError, GenArtError):
            runs = []
        busy = self._busy_run()
        for run in runs:
            text = run.describe()
            if run.id == busy:
                text = f"{run.name} — training now"
            item = QListWidgetItem(text, self.list)
            item.setData(Qt.ItemDataRole.UserRole, run)
            item.setToolTip(f"{text}\n{run.id}\nstarted {run.started[:16].replace('T', ' ')}"
                            + (f"\nmodel {run.model_id}" if run.model_id else ""))
            if current is not None and run.id == current.id:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self._update_buttons()

    def current(self) -> RunInfo | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def select_run(self, run_id: str) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole).id == run_id:
                self.list.setCurrentRow(row)
                return

    def _update_buttons(self) -> None:
        run = self.current()
        editable = run is not None and run.resumable and run.id != self._busy_run()
        for button in (self.resume_button, self.extend_button, self.rename_button):
            button.setEnabled(editable)
        self.export_button.setEnabled(editable and run is not None and run.step > 0)
        self.delete_button.setEnabled(run is not None and run.id != self._busy_run())

    # -- operations --------------------------------------------------------------------------
    def _resume(self, run: RunInfo | None) -> None:
        if run is not None and run.resumable and run.id != self._busy_run():
            self.resume_requested.emit(run.id)

    def _apply(self, fn: Callable[[], RunInfo], done: str) -> RunInfo | None:
        try:
            info = fn()
        except (OSError, GenArtError) as exc:
            self.message.emit(exc.describe() if isinstance(exc, GenArtError) else str(exc))
            return None
        self.refresh()
        self.message.emit(done)
        return info

    def extend_current(self, steps: int | None = None) -> None:
        run = self.current()
        if run is None:
            return
        if steps is None:
            steps, ok = QInputDialog.getInt(self, "Extend the run", f"More steps for “{run.name}”:",
                                            max(500, run.step // 2), 1, 10_000_000, 100)
            if not ok:
                return
        extra = int(steps)
        if self._apply(lambda: extend_run(run.id, steps=extra), f"“{run.name}” gets {extra:,} more steps."):
            self._resume(self.current())

    def export_current(self) -> None:
        run = self.current()
        if run is not None and self._apply(lambda: export_now(run.id),
                                           f"Making the model of “{run.name}” at step {run.step:,}…"):
            self._resume(self.current())

    def rename_current(self, name: str | None = None) -> None:
        run = self.current()
        if run is None:
            return
        if name is None:
            name, ok = QInputDialog.getText(self, "Rename", "Name of the model:", text=run.name)
            if not ok:
                return
        new_name = str(name)
        self._apply(lambda: rename_run(run.id, new_name), f"The model will be called “{new_name.strip()}”.")

    def delete_current(self, confirm: bool = True) -> None:
        run = self.current()
        if run is None:
            return
        if confirm:
            kept = " Its model stays in the model list." if run.model_id else ""
            answer = QMessageBox.question(self, "Delete the run",
                                          f"Delete the run “{run.name}” and its checkpoints?{kept}")
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            delete_run(run.id)
        except (OSError, GenArtError) as exc:
            self.message.emit(str(exc))
            return
        self.refresh()
        self.message.emit(f"Run “{run.name}” deleted.")
