"""Paints one gallery cell: thumbnail (or a placeholder), title and badges."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from genart_desktop.jobs.thumbnails import ThumbnailLoader
from genart_desktop.library import GalleryItem
from genart_desktop.library.thumbs import Thumbnail
from genart_desktop.ui.gallery.model import ItemRole
from genart_desktop.ui.gallery.thumb_cache import PixmapCache

PAD = 6
TITLE_H = 20


class GalleryDelegate(QStyledItemDelegate):
    def __init__(self, loader: ThumbnailLoader, parent=None, size: int = 160) -> None:
        super().__init__(parent)
        self.loader = loader
        self.cache = PixmapCache()
        self.size = size
        self.frame_shas: set[str] = set()  # thumbnails painted (or wanted) in the current frame
        self._badge_font = QFont()
        self._badge_font.setPointSizeF(max(7.0, self._badge_font.pointSizeF() * 0.8))
        self._badge_font.setBold(True)
        self._badge_metrics = QFontMetrics(self._badge_font)
        self._placeholder = QColor(128, 128, 128, 60)

    # -- sizes and thumbnails ----------------------------------------------------------------
    def set_size(self, size: int) -> None:
        """Change the cell size; cached pixmaps are re-made at the new size (from the disk cache)."""
        if size != self.size:
            self.size = size
            self.cache = PixmapCache(self.cache.budget)

    def cell_size(self) -> QSize:
        return QSize(self.size + 2 * PAD, self.size + 2 * PAD + TITLE_H)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return self.cell_size()

    def add_thumbnail(self, sha256: str, thumb: Thumbnail) -> None:
        """A worker delivered a thumbnail: keep it scaled to the cell, ready to paint."""
        pixmap = self.cache.put_thumbnail(sha256, thumb)
        if max(pixmap.width(), pixmap.height()) > self.size:
            scaled = pixmap.scaled(
                self.size,
                self.size,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            self.cache.put(sha256, scaled)

    # -- painting ------------------------------------------------------------------------------
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        item: GalleryItem | None = index.data(ItemRole)
        rect = option.rect
        painter.save()
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(rect.adjusted(1, 1, -1, -1), option.palette.highlight())
        box = QRect(rect.x() + PAD, rect.y() + PAD, self.size, self.size)
        if item is None:
            painter.fillRect(box, self._placeholder)
            painter.restore()
            return
        self.frame_shas.add(item.sha256)
        pixmap = self.cache.get(item.sha256)
        if pixmap is None:
            painter.fillRect(box, self._placeholder)
            self.loader.request(item.sha256, item.path)
        else:
            self._draw_fitted(painter, box, pixmap)
        self._draw_badges(painter, box, item)
        title_rect = QRect(rect.x() + PAD, box.bottom() + 2, self.size, TITLE_H - 2)
        colour = (
            option.palette.highlightedText()
            if option.state & QStyle.StateFlag.State_Selected
            else option.palette.text()
        ).color()
        painter.setPen(colour)
        text = option.fontMetrics.elidedText(
            item.title or "(untitled)", Qt.TextElideMode.ElideRight, self.size
        )
        painter.drawText(title_rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter, text)
        painter.restore()

    def _draw_fitted(self, painter: QPainter, box: QRect, pixmap: QPixmap) -> None:
        w, h = pixmap.width(), pixmap.height()
        if w > box.width() or h > box.height():
            scale = min(box.width() / w, box.height() / h)
            w, h = max(1, int(w * scale)), max(1, int(h * scale))
        target = QRect(box.x() + (box.width() - w) // 2, box.y() + (box.height() - h) // 2, w, h)
        painter.drawPixmap(target, pixmap)

    def _badge(self, painter: QPainter, x: int, y: int, text: str, background: QColor) -> int:
        width = self._badge_metrics.horizontalAdvance(text) + 8
        height = self._badge_metrics.height() + 2
        badge = QRect(x, y, width, height)
        painter.fillRect(badge, background)
        painter.setPen(QColor("white"))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
        return width

    def _draw_badges(self, painter: QPainter, box: QRect, item: GalleryItem) -> None:
        painter.setFont(self._badge_font)
        x, y = box.x() + 3, box.y() + 3
        if item.favourite:
            x += self._badge(painter, x, y, "★", QColor(214, 150, 0, 220)) + 3
        origin = (
            ("AI", QColor(90, 60, 200, 210))
            if item.origin == "generated"
            else ("IMPORT", QColor(40, 120, 80, 210))
        )
        x += self._badge(painter, x, y, *origin) + 3
        if item.originality_warning:
            self._badge(painter, x, y, "⚠ SIMILAR", QColor(200, 60, 30, 230))
        if item.licence:
            label = item.licence.removeprefix("LicenseRef-")
            self._badge(
                painter,
                box.x() + 3,
                box.bottom() - self._badge_metrics.height() - 4,
                label[:18],
                QColor(0, 0, 0, 150),
            )
        painter.setFont(QFont())
