"""The live grid of samples from fixed seeds: a uint8 image scaled to fit, pixels kept sharp."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


def array_to_qimage(array: np.ndarray) -> QImage:
    data = np.ascontiguousarray(array[..., :3], dtype=np.uint8)
    h, w, _ = data.shape
    # copy(): the QImage must own its pixels once the numpy buffer goes away.
    return QImage(data.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


class SampleGrid(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sampleGrid")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumSize(160, 160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setText("Samples appear here while the model trains.")
        self.setWordWrap(True)
        self._pixmap: QPixmap | None = None
        self.step = -1

    def set_grid(self, step: int, grid: np.ndarray) -> None:
        self.step = step
        self._pixmap = QPixmap.fromImage(array_to_qimage(grid))
        self.setToolTip(f"Samples at step {step}")
        self._rescale()

    def has_image(self) -> bool:
        return self._pixmap is not None

    def clear_grid(self) -> None:
        self._pixmap = None
        self.step = -1
        self.clear()
        self.setText("Samples appear here while the model trains.")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._rescale()

    def _rescale(self) -> None:
        if self._pixmap is not None:
            self.setPixmap(self._pixmap.scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                               Qt.TransformationMode.FastTransformation))
