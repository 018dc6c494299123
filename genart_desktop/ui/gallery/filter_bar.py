"""Search box, sort, thumbnail size and filters above the grid; emits a GalleryQuery."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from genart_desktop.library import Library
from genart_desktop.library.query import GalleryQuery, distinct_values
from genart_desktop.provenance.licences import describe_expression
from genart_desktop.ui.widgets import FlowLayout

SORT_CHOICES = [
    ("Newest first", "date-desc"),
    ("Oldest first", "date-asc"),
    ("Name A–Z", "name-asc"),
    ("Name Z–A", "name-desc"),
    ("By model", "model"),
]
ALL = "All"


class FilterBar(QWidget):
    query_changed = Signal(object)  # GalleryQuery
    size_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None, *, size: int = 160, sort: str = "date-desc") -> None:
        super().__init__(parent)
        self.search = QLineEdit(self)
        self.search.setObjectName("gallerySearch")
        self.search.setPlaceholderText("Search titles, notes, tags, creators, licences, models…")
        self.search.setClearButtonEnabled(True)
        self.sort = QComboBox(self)
        for label, key in SORT_CHOICES:
            self.sort.addItem(label, key)
        self.sort.setCurrentIndex(max(0, self.sort.findData(sort)))
        self.size_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.size_slider.setRange(64, 256)
        self.size_slider.setValue(size)
        self.size_slider.setMaximumWidth(140)
        self.size_slider.setToolTip("Thumbnail size")

        self.origin = QComboBox(self)
        self.origin.addItem("Any origin", None)
        self.origin.addItem("Generated", "generated")
        self.origin.addItem("Imported", "imported")
        self.favourites = QCheckBox("★ Favourites", self)
        self.model = self._choice("Any model")
        self.dataset = self._choice("Any dataset")
        self.licence = self._choice("Any licence")
        self.tag = self._choice("Any tag")
        self.use_dates = QCheckBox("Dates", self)
        self.date_from = QDateEdit(QDate.currentDate().addMonths(-1), self)
        self.date_to = QDateEdit(QDate.currentDate(), self)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setEnabled(False)

        # The filters wrap onto as many rows as the width needs: the gallery fits between the
        # side docks at 1024 px and uses one or two rows on a wide screen.
        self.search.setMinimumWidth(240)
        self.size_label = QLabel("Size", self)
        self.to_label = QLabel("to", self)
        flow = FlowLayout()
        flow.setContentsMargins(0, 0, 0, 0)
        for widget in (self.search, self.sort, self.size_label, self.size_slider, self.use_dates,
                       self.date_from, self.to_label, self.date_to, self.origin, self.favourites,
                       self.model, self.dataset, self.licence, self.tag):
            flow.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addLayout(flow)
        for widget in (self.date_from, self.to_label, self.date_to):
            widget.setVisible(False)

        # Typing waits for a pause before querying; everything else applies at once.
        self._debounce = QTimer(self, singleShot=True, interval=200)
        self._debounce.timeout.connect(self._emit)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        for combo in (self.sort, self.origin, self.model, self.dataset, self.licence, self.tag):
            combo.currentIndexChanged.connect(self._emit)
        self.favourites.toggled.connect(self._emit)
        self.use_dates.toggled.connect(self._dates_toggled)
        self.date_from.dateChanged.connect(self._emit)
        self.date_to.dateChanged.connect(self._emit)
        self.size_slider.valueChanged.connect(self.size_changed)

    def _choice(self, any_label: str) -> QComboBox:
        combo = QComboBox(self)
        combo.addItem(any_label, None)
        # Long model or licence names must not widen the whole window.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(10)
        return combo

    def _dates_toggled(self, on: bool) -> None:
        for widget in (self.date_from, self.to_label, self.date_to):  # shown only when used
            widget.setEnabled(on)
            widget.setVisible(on)
        self._emit()

    def refresh_choices(self, library: Library) -> None:
        """Fill the filter menus with what the library holds, keeping the current choices."""
        models = {m["id"]: m["name"] or m["id"] for m in library.list_models()}
        datasets = {d["id"]: d["name"] or d["id"] for d in library.list_datasets()}
        choices = (
            (self.model, [(models.get(v, v), v) for v in distinct_values(library, "model_id")]),
            (self.dataset, [(datasets.get(v, v), v) for v in distinct_values(library, "dataset_id")]),
            (self.licence, [(describe_expression(v), v) for v in distinct_values(library, "licence")]),
            (self.tag, [(t, t) for t in library.all_tags()]),
        )
        for combo, items in choices:
            current = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for label, value in items:
                combo.addItem(label, value)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)

    def current_query(self) -> GalleryQuery:
        dates = self.use_dates.isChecked()
        return GalleryQuery(
            search=self.search.text(),
            model_id=self.model.currentData(),
            dataset_id=self.dataset.currentData(),
            licence=self.licence.currentData(),
            tag=self.tag.currentData(),
            favourite_only=self.favourites.isChecked(),
            origin=self.origin.currentData(),
            date_from=self.date_from.date().toString(Qt.DateFormat.ISODate) if dates else None,
            date_to=self.date_to.date().addDays(1).toString(Qt.DateFormat.ISODate) if dates else None,
            sort=self.sort.currentData() or "date-desc",
        )

    def _emit(self, *_args) -> None:
        self._debounce.stop()
        self.query_changed.emit(self.current_query())
