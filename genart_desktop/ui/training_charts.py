"""Charts of the losses and of KID during a run (QtCharts)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCharts import QChart, QChartView, QLineSeries, QValueAxis
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QFont, QPainter
from PySide6.QtWidgets import QVBoxLayout, QWidget

MAX_POINTS = 1500  # beyond this, every other point is dropped: charts stay cheap to redraw

LOSS_KEYS = {"loss_d": "D loss", "loss_g": "G loss", "loss": "VAE loss", "kl": "KL"}


class _Chart(QChartView):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        chart = QChart()
        chart.setTitle(title)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        # A narrow dock: small fonts and margins, few ticks, so axes, labels and legend all fit.
        small = QFont(chart.titleFont())
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.85))
        chart.setTitleFont(small)
        chart.legend().setFont(small)
        chart.setMargins(QMargins(2, 2, 2, 2))
        chart.layout().setContentsMargins(0, 0, 0, 0)
        super().__init__(chart, parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(190)
        self.x_axis, self.y_axis = QValueAxis(), QValueAxis()
        self.x_axis.setTitleText("step")
        self.x_axis.setLabelFormat("%d")
        self.y_axis.setLabelFormat("%.2g")
        for axis in (self.x_axis, self.y_axis):
            axis.setLabelsFont(small)
            axis.setTitleFont(small)
            axis.setTickCount(4)
        chart.addAxis(self.x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.y_axis, Qt.AlignmentFlag.AlignLeft)
        self.series: dict[str, QLineSeries] = {}
        self._bounds = [0.0, 1.0, 0.0, 0.0]  # x max, …, y min, y max

    def add_point(self, key: str, label: str, x: float, y: float) -> None:
        series = self.series.get(key)
        if series is None:
            series = QLineSeries()
            series.setName(label)
            self.chart().addSeries(series)
            series.attachAxis(self.x_axis)
            series.attachAxis(self.y_axis)
            self.series[key] = series
            if len(self.series) == 1:
                self._bounds = [x, x + 1, y, y]
        series.append(x, y)
        if series.count() > MAX_POINTS:
            points = series.points()[::2]
            series.replace(points)
        b = self._bounds
        b[1], b[2], b[3] = max(b[1], x), min(b[2], y), max(b[3], y)
        self.x_axis.setRange(0, b[1])
        self.x_axis.applyNiceNumbers()  # ticks at round steps (0, 500, 1000), not 663, 1326
        pad = (b[3] - b[2]) * 0.05 or 0.1
        self.y_axis.setRange(b[2] - pad, b[3] + pad)

    def reset(self) -> None:
        self.chart().removeAllSeries()
        self.series.clear()


class TrainingCharts(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.losses = _Chart("Losses", self)
        self.kid = _Chart("Likeness to the training images (KID, lower = closer)", self)
        self.kid.setToolTip("KID (Kernel Inception Distance) compares generated pictures with the "
                            "training images; it falls as the model learns. Below about 0.02 they are "
                            "hard to tell apart.")
        self.losses.setToolTip("D loss: how well the critic tells real from generated pictures; G loss: "
                               "how well the generator fools it. They see-saw; a steady see-saw is healthy.")
        layout = QVBoxLayout(self)  # one above the other: side by side they are too narrow to read
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.losses)
        layout.addWidget(self.kid)

    def add_metrics(self, record: dict[str, Any]) -> None:
        for key, label in LOSS_KEYS.items():
            if key in record:
                self.losses.add_point(key, label, record["step"], float(record[key]))

    def add_quality(self, record: dict[str, Any]) -> None:
        if record.get("kid") is not None:
            self.kid.add_point("kid", "KID", record["step"], float(record["kid"]))

    def reset(self) -> None:
        self.losses.reset()
        self.kid.reset()
