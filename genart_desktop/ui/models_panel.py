"""The list of models the artist can generate with, each with its model card.

The list follows the model folders (jobs.generation_jobs.ModelsWatcher): a model that
training exports, or that is copied into the folder, appears without a restart.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from genart_desktop.jobs.generation_jobs import ModelsWatcher, card_summary
from genart_desktop.provenance.licences import describe_expression


def kid_words(kid: float) -> str:
    """KID in words (Kernel Inception Distance between generated and training images; ~0.01
    is hard to tell apart on small sets, above ~0.1 clearly different)."""
    if kid < 0.02:
        return "very close"
    if kid < 0.05:
        return "close"
    if kid < 0.1:
        return "somewhat like them"
    return "still far from them"


def describe(summary: dict[str, Any]) -> str:
    """The card as a short plain text: what it is, what it learnt from, what outputs must do."""
    lines = [
        f"{summary['name']} — {summary['kind'].upper()} ({summary['architecture'] or '?'}), "
        f"{summary['resolution']} px, latent {summary['z_dim']}",
        f"Trained on: {', '.join(summary['datasets']) or 'unknown data'}",
        f"Training data licence: {describe_expression(summary['licence'])}",
    ]
    if summary["attributions"]:
        lines.append(f"Credit: {', '.join(summary['attributions'])}")
    lines += [f"• {o}" for o in summary["obligations"]] or ["No obligations on outputs."]
    if summary["steps"]:
        lines.append(f"Training steps: {summary['steps']}")
    if summary["kid"] is not None:
        lines.append(f"How close its pictures are to the training images: {kid_words(summary['kid'])} "
                     f"(KID {summary['kid']:.4f}; lower is closer)")
    if summary["psi"] != 1.0:
        knob = "temperature" if summary["kind"] == "vae" else "truncation ψ"
        reason = f" ({summary['psi_why']})" if summary["psi_why"] else ""
        lines.append(f"Samples at {knob} {summary['psi']:g} unless you choose another{reason}.")
    if summary["originality_threshold"] is not None:
        lines.append("An output is flagged as a near-copy when it is closer to a training image than "
                     f"{summary['originality_threshold']:.3f} (feature distance).")
    lines.append(("Bundled with the app" if summary["bundled"] else "Folder") + f": {summary['folder']}")
    return "\n".join(lines)


class ModelsPanel(QWidget):
    model_selected = Signal(str)  # model id (the Generate panel selects it)

    def __init__(self, parent: QWidget | None = None, watcher: ModelsWatcher | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("modelsPanel")
        self.list = QListWidget(self)
        self.list.setObjectName("modelsList")
        self.card = QLabel(self)
        self.card.setObjectName("modelCard")
        self.card.setWordWrap(True)
        self.card.setTextFormat(Qt.TextFormat.PlainText)
        self.card.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.card.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.empty = QLabel("No models yet.\nTrained models appear here.", self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.list)
        split.addWidget(self.card)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(split)
        self._split = split
        self.refused = QLabel(self)  # model folders whose card was refused, and why
        self.refused.setObjectName("refusedModels")
        self.refused.setWordWrap(True)
        self.refused.setTextFormat(Qt.TextFormat.PlainText)
        self.refused.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.refused.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.stack)
        layout.addWidget(self.refused)
        self.watcher = watcher or ModelsWatcher(self)
        self.watcher.changed.connect(self.refresh)
        self.list.currentItemChanged.connect(self._show_card)
        self.list.itemActivated.connect(
            lambda item: self.model_selected.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.refresh(rescan=True)

    def refresh(self, rescan: bool = False) -> None:
        """Show the models (``rescan``: read the folders again first)."""
        models = self.watcher.scan() if rescan else self.watcher.models
        current = self.list.currentItem().data(Qt.ItemDataRole.UserRole) if self.list.currentItem() else None
        self.list.clear()
        for info in models:
            summary = card_summary(info)
            item = QListWidgetItem(f"{info.name}  ·  {info.kind.upper()} {info.resolution} px")
            item.setData(Qt.ItemDataRole.UserRole, info.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, describe(summary))
            item.setToolTip(f"Training data licence: {describe_expression(summary['licence'])}")
            self.list.addItem(item)
            if info.id == current:
                self.list.setCurrentItem(item)
        if self.list.count() and self.list.currentItem() is None:
            self.list.setCurrentRow(0)
        unusable = self.watcher.unusable
        self.refused.setText("Not usable:\n" + "\n".join(f"{u.folder.name}: {u.reason}" for u in unusable))
        self.refused.setVisible(bool(unusable))
        self.refresh_empty_state()

    def _show_card(self, item: QListWidgetItem | None, _previous: Any = None) -> None:
        self.card.setText(item.data(Qt.ItemDataRole.UserRole + 1) if item else "")
        if item is not None:
            self.model_selected.emit(item.data(Qt.ItemDataRole.UserRole))

    def refresh_empty_state(self) -> None:
        self.stack.setCurrentWidget(self._split if self.list.count() else self.empty)
