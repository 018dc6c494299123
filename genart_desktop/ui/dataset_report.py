"""The dataset report: counts, a grid of included images, skipped files with reasons, licences.

It edits the ``ScanResult`` in place through ``datasets.declarations`` (declare, exclude,
re-include) and refreshes; "Use for training" is enabled only when the verdict allows it.
Previews are decoded by a Job so the dialog opens at once whatever the folder size.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from genart_desktop.core.errors import GenArtError
from genart_desktop.datasets import declarations, report
from genart_desktop.datasets.model import ScanResult
from genart_desktop.ui.licence_dialog import LicenceDialog
from genart_desktop.ui.widgets import icon_grid

PREVIEW_SIDE = 96


def _table(headers: list[str], parent: QWidget) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    table.verticalHeader().hide()
    return table


class DatasetReportDialog(QDialog):
    use_requested = Signal()  # "Use for training" clicked while the verdict allows it

    def __init__(self, result: ScanResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scan_result = result
        self.setObjectName("datasetReport")
        self.setWindowTitle("Training images: report")
        self.resize(960, 680)
        self.counts = QLabel(self)
        self.counts.setObjectName("datasetCounts")
        self.counts.setWordWrap(True)

        self.grid = icon_grid(self, "includedGrid", PREVIEW_SIDE)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.grid.setUniformItemSizes(True)
        # A fixed cell for picture + one line of name: before the previews arrive the items have
        # no icon, and uniform sizes taken from such an item cut every row to a strip.
        line = self.grid.fontMetrics().height()
        self.grid.setGridSize(QSize(PREVIEW_SIDE + 28, PREVIEW_SIDE + line + 14))
        self.grid.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.grid.setWordWrap(False)
        self._placeholder = QPixmap(PREVIEW_SIDE, PREVIEW_SIDE)
        self._placeholder.fill(Qt.GlobalColor.transparent)
        self.skipped = _table(["File", "Reason"], self)
        self.skipped.setObjectName("skippedTable")
        self.licences = _table(["File", "Licence", "Found in", "Attribution", "Notes"], self)
        self.licences.setObjectName("licenceTable")
        self.verdict = QPlainTextEdit(self)
        self.verdict.setReadOnly(True)
        self.verdict.setObjectName("verdictText")
        self.verdict.setMaximumHeight(140)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.grid, "Included")
        self.tabs.addTab(self.licences, "Licences")
        self.tabs.addTab(self.skipped, "Skipped")

        self.declare_button = QPushButton("Set licence…", self)
        self.exclude_button = QPushButton("Exclude", self)
        self.include_button = QPushButton("Re-include", self)
        self.json_button = QPushButton("Export JSON…", self)
        self.csv_button = QPushButton("Export CSV…", self)
        self.use_button = QPushButton("Use for training", self)
        self.use_button.setObjectName("useForTraining")
        self.close_button = QPushButton("Close", self)
        row = QHBoxLayout()
        for b in (self.declare_button, self.exclude_button, self.include_button):
            row.addWidget(b)
        row.addStretch(1)
        for b in (self.json_button, self.csv_button, self.use_button, self.close_button):
            row.addWidget(b)

        layout = QVBoxLayout(self)
        layout.addWidget(self.counts)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(QLabel("Licence summary and obligations (not legal advice):", self))
        layout.addWidget(self.verdict)
        layout.addLayout(row)

        self.declare_button.clicked.connect(self.declare_selected)
        self.exclude_button.clicked.connect(self.exclude_selected)
        self.include_button.clicked.connect(self.include_selected)
        self.json_button.clicked.connect(lambda: self.export("json"))
        self.csv_button.clicked.connect(lambda: self.export("csv"))
        self.use_button.clicked.connect(self._use)
        self.close_button.clicked.connect(self.reject)
        self.refresh()

    # -- content -------------------------------------------------------------------------------
    def refresh(self) -> None:
        r = self.scan_result
        data = report.build_report(r)
        self._report = data
        c = data["counts"]
        self.counts.setText(
            f"<b>{c['included']}</b> images included, <b>{c['skipped']}</b> skipped, "
            f"<b>{c['unresolved_licence']}</b> without a licence, "
            f"{c['near_duplicate_groups']} near-duplicate group(s). Training size {r.size} px ({r.fit})."
        )
        self.tabs.setTabText(0, f"Included ({c['included']})")
        self.tabs.setTabText(2, f"Skipped ({c['skipped']})")
        self._fill_grid()
        self._fill(self.skipped, [(e.path, e.reason) for e in r.skipped])
        rows = []
        for e in r.included:
            notes = "; ".join(
                [*e.notes, *([f"looks like {e.near_duplicate_of}"] if e.near_duplicate_of else [])]
            )
            rows.append((e.path, e.licence or "— none —", e.licence_source, e.attribution_name, notes))
        self._fill(self.licences, rows)
        self.verdict.setPlainText(report.summary_text(data))
        self.use_button.setEnabled(bool(data["verdict"]["allowed"]))
        self.use_button.setToolTip(
            "" if data["verdict"]["allowed"] else "\n".join(data["verdict"].get("refusals", []))
        )

    def _fill(self, table: QTableWidget, rows: list[tuple]) -> None:
        table.setSortingEnabled(False)
        table.setRowCount(len(rows))
        for i, values in enumerate(rows):
            for j, value in enumerate(values):
                table.setItem(i, j, QTableWidgetItem(str(value)))
        table.resizeColumnToContents(0)
        table.setSortingEnabled(True)

    def _fill_grid(self) -> None:
        icons = {
            self.grid.item(i).data(Qt.ItemDataRole.UserRole): self.grid.item(i).icon()
            for i in range(self.grid.count())
        }
        self.grid.clear()
        for e in self.scan_result.included:
            item = QListWidgetItem(PurePosixPath(e.path).name, self.grid)
            item.setData(Qt.ItemDataRole.UserRole, e.path)
            item.setToolTip(f"{e.path}\n{e.width}×{e.height} {e.format}\n{e.licence or 'no licence'}")
            item.setIcon(icons.get(e.path) or QIcon(self._placeholder))

    def set_previews(self, previews: list[tuple[str, int, int, bytes]]) -> None:
        """Show decoded previews (path, w, h, RGB bytes) in the grid."""
        by_path = {}
        for path, w, h, data in previews:
            image = QImage(data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
            by_path[path] = QIcon(QPixmap.fromImage(image))
        for i in range(self.grid.count()):
            item = self.grid.item(i)
            icon = by_path.get(item.data(Qt.ItemDataRole.UserRole))
            if icon is not None:
                item.setIcon(icon)

    # -- selection and actions -------------------------------------------------------------------
    def selected_paths(self) -> list[str]:
        tab = self.tabs.currentWidget()
        if tab is self.grid:
            return [it.data(Qt.ItemDataRole.UserRole) for it in self.grid.selectedItems()]
        table = tab if isinstance(tab, QTableWidget) else self.licences
        rows = sorted({i.row() for i in table.selectedIndexes()})
        return [item.text() for item in (table.item(r, 0) for r in rows) if item is not None]

    def folders(self) -> list[str]:
        found = {""}
        for e in self.scan_result.files:
            parent = str(PurePosixPath(e.path).parent)
            if parent != ".":
                found.add(parent)
        return sorted(found)

    def declare_selected(self) -> None:
        paths = self.selected_paths()
        dialog = LicenceDialog(len(paths), self.folders(), self)
        if dialog.exec():
            self.apply(dialog.declaration(), paths=paths, folder=dialog.chosen_folder())

    def apply(
        self, decl: declarations.Declaration, paths: list[str] | None = None, folder: str | None = None
    ) -> int:
        try:
            changed = declarations.apply(
                self.scan_result, decl, paths=None if folder is not None else paths, folder=folder
            )
        except GenArtError as exc:
            QMessageBox.warning(self, "Licence", exc.describe())
            return 0
        self.refresh()
        return changed

    def exclude_selected(self) -> None:
        self.apply(declarations.Declaration("exclude"), paths=self.selected_paths())

    def include_selected(self) -> None:
        paths = self.selected_paths()
        entries = [e for e in self.scan_result.files if e.path in set(paths) and not e.included]
        blocked = [declarations.can_include(e) for e in entries if declarations.can_include(e)]
        override = False
        if any(e.do_not_train for e in entries):
            answer = QMessageBox.question(
                self,
                "Do-not-train preference",
                "The creator of some of these images asked that they not be used for AI training.\n"
                "Re-include them only if you have their permission. Do you?",
            )
            override = answer == QMessageBox.StandardButton.Yes
        self.apply(declarations.Declaration("include", override_data_mining=override), paths=paths)
        if blocked:
            QMessageBox.information(self, "Re-include", "\n".join(blocked[:10]))

    def export(self, kind: str) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Export report",
            f"dataset-report.{kind}",
            "JSON (*.json)" if kind == "json" else "CSV (*.csv)",
        )
        if path:
            self.export_to(Path(path), kind)

    def export_to(self, path: Path, kind: str) -> None:
        write = report.write_json if kind == "json" else report.write_csv
        write(report.build_report(self.scan_result), path)

    def _use(self) -> None:
        if declarations.readiness(self.scan_result).allowed:
            self.use_requested.emit()
