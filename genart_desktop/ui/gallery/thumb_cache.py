"""A bounded in-memory LRU of thumbnail pixmaps (by content hash)."""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtGui import QImage, QPixmap

from genart_desktop.library.thumbs import Thumbnail

DEFAULT_BUDGET_BYTES = 96 * 1024 * 1024


class PixmapCache:
    def __init__(self, budget_bytes: int = DEFAULT_BUDGET_BYTES) -> None:
        self.budget = budget_bytes
        self._items: OrderedDict[str, QPixmap] = OrderedDict()
        self._bytes = 0

    def get(self, sha256: str) -> QPixmap | None:
        pixmap = self._items.get(sha256)
        if pixmap is not None:
            self._items.move_to_end(sha256)
        return pixmap

    def put_thumbnail(self, sha256: str, thumb: Thumbnail) -> QPixmap:
        image = QImage(thumb.rgba, thumb.width, thumb.height, thumb.width * 4, QImage.Format.Format_RGBA8888)
        pixmap = QPixmap.fromImage(image.copy())  # copy: the QImage must not outlive the bytes
        self.put(sha256, pixmap)
        return pixmap

    def put(self, sha256: str, pixmap: QPixmap) -> None:
        old = self._items.pop(sha256, None)
        if old is not None:
            self._bytes -= _cost(old)
        self._items[sha256] = pixmap
        self._bytes += _cost(pixmap)
        while self._bytes > self.budget and len(self._items) > 1:
            _key, evicted = self._items.popitem(last=False)
            self._bytes -= _cost(evicted)

    def __len__(self) -> int:
        return len(self._items)

    @property
    def bytes_used(self) -> int:
        return self._bytes


def _cost(pixmap: QPixmap) -> int:
    return max(1, pixmap.width() * pixmap.height() * 4)
