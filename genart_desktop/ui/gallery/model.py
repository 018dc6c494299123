"""The gallery's list model: the ordered ids of every matching image, data fetched in windows.

Only the id list (8 bytes an image) is held for the whole result; the painted fields are
fetched by id for blocks of rows as the view asks for them and kept in a small LRU of blocks.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from genart_desktop.library import GalleryItem, Library
from genart_desktop.library.query import GalleryQuery, gallery_items, query_ids
from genart_desktop.provenance.licences import describe_expression

BLOCK = 512  # rows fetched per query: few enough queries while scrolling, each ~1–3 ms
MAX_BLOCKS = 24  # ~12,000 rows of small records at most

ItemRole = Qt.ItemDataRole.UserRole + 1
IdRole = Qt.ItemDataRole.UserRole + 2


class GalleryModel(QAbstractListModel):
    def __init__(self, library: Library, parent=None) -> None:
        super().__init__(parent)
        self.library = library
        self.query = GalleryQuery()
        self._ids: array = array("q")
        self._rows_by_id: dict[int, int] | None = None
        self._blocks: OrderedDict[int, dict[int, GalleryItem]] = OrderedDict()

    # -- loading ---------------------------------------------------------------------------
    def set_query(self, query: GalleryQuery) -> None:
        self.query = query
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._ids = query_ids(self.library, self.query)
        self._rows_by_id = None
        self._blocks.clear()
        self.endResetModel()

    def refresh_ids(self, image_ids: list[int]) -> None:
        """These images changed (title, favourite, …): repaint them with fresh data."""
        self._blocks.clear()
        rows = [r for r in (self.row_of(i) for i in image_ids) if r is not None]
        if len(rows) > 64:  # one signal for a big batch (e.g. after select all)
            self.dataChanged.emit(self.index(min(rows)), self.index(max(rows)))
            return
        for row in rows:
            index = self.index(row)
            self.dataChanged.emit(index, index)

    def remove_ids(self, image_ids: list[int]) -> None:
        """Drop these rows without re-querying (they went to the trash); O(rows), no reset."""
        rows = sorted({r for r in (self.row_of(i) for i in image_ids) if r is not None}, reverse=True)
        runs: list[tuple[int, int]] = []  # (first, last), bottom up so row numbers stay valid
        for row in rows:
            if runs and runs[-1][0] == row + 1:
                runs[-1] = (row, runs[-1][1])
            else:
                runs.append((row, row))
        if len(runs) > 32:  # many scattered rows: one reset is cheaper than many removals
            self.reload()
            return
        for first, last in runs:
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._ids[first : last + 1]
            self.endRemoveRows()
        self._rows_by_id = None
        self._blocks.clear()

    # -- lookups ---------------------------------------------------------------------------
    def row_of(self, image_id: int) -> int | None:
        if self._rows_by_id is None:
            self._rows_by_id = {image_id: row for row, image_id in enumerate(self._ids)}
        return self._rows_by_id.get(image_id)

    def image_id(self, row: int) -> int:
        return int(self._ids[row])

    def item(self, row: int) -> GalleryItem | None:
        if not 0 <= row < len(self._ids):
            return None
        block_no = row // BLOCK
        block = self._blocks.get(block_no)
        if block is None:
            start = block_no * BLOCK
            block = gallery_items(self.library, self._ids[start : start + BLOCK])
            self._blocks[block_no] = block
            while len(self._blocks) > MAX_BLOCKS:
                self._blocks.popitem(last=False)
        else:
            self._blocks.move_to_end(block_no)
        return block.get(int(self._ids[row]))

    # -- Qt model API ----------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == IdRole:
            return self.image_id(index.row())
        if role in (ItemRole, Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            item = self.item(index.row())
            if item is None:
                return None
            if role == ItemRole:
                return item
            if role == Qt.ItemDataRole.DisplayRole:
                return item.title
            return f"{item.title or '(untitled)'}\n{item.width} × {item.height} · {item.origin}" + (
                f" · {describe_expression(item.licence)}" if item.licence else ""
            )
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
