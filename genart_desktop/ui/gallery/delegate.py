"""Paints one gallery cell: thumbnail (or a placeholder), title and badges."""

from __future__ import annotations

import functools

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from genart_desktop.jobs.thumbnails import ThumbnailLoader
from genart_desktop.library import GalleryItem
from genart_desktop.library.thumbs import Thumbnail
from genart_desktop.provenance import licences
from genart_desktop.ui.gallery.model import ItemRole
from genart_desktop.ui.gallery.thumb_cache import PixmapCache

PAD = 6
TITLE_H = 20



@functools.lru_cache(maxsize=256)
def licence_badge(spdx: str) -> str:
    """A short readable label ("CC BY 4.0", "All rights reserved") for a licence id."""
    found = licences.lookup(spdx)
    return (found.label if found else spdx.removeprefix("LicenseRef-"))[:20]

def short_licence_badge(spdx: str) -> str:
    """The badge for a cell too narrow for the full label: "©", "CC BY", "CC0"."""
    label = licence_badge(spdx)
    if label.lower().startswith("all rights"):
        return "©"
    return " ".join(label.split()[:2])[:8]


class GalleryDelegate(QStyledItemDelegate):
    def __init__(self, loader: ThumbnailLoader, parent=None, size: int = 160) -> None:
        super().__init__(parent)
        self.loader = loader
        loader.display_size = size
        self.cache = PixmapCache()
        self.size = size
        self.frame_shas: set[str] = set()  # thumbnails painted (or wanted) in the current frame
        self._badge_font = QFont()
        self._badge_font.setPointSizeF(max(7.0, self._badge_font.pointSizeF() * 0.8))
        self._badge_font.setBold(True)
        self._badge_metrics = QFontMetrics(self._badge_font)
        self._placeholder = QColor(128, 128, 128, 60)
        self._badges: dict[tuple[str, int], QPixmap] = {}
        self.failed: set[str] = set()  # thumbnails that could not be made: not asked for again
        self._favourite = QColor(214, 150, 0, 220)
        self._generated = QColor(90, 60, 200, 210)
        self._imported = QColor(40, 120, 80, 210)
        self._warning = QColor(200, 60, 30, 230)
        self._licence = QColor(0, 0, 0, 150)

    # -- sizes and thumbnails ----------------------------------------------------------------
    def set_size(self, size: int) -> None:
        """Change the cell size; cached pixmaps are re-made at the new size (from the disk cache)."""
        if size != self.size:
            self.size = size
            self.loader.display_size = size
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
        if item.sha256 in self.failed:
            painter.fillRect(box, self._placeholder)
            painter.setPen(option.palette.text().color())
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, "no preview\n(file missing\nor unreadable)")
        elif pixmap is None:
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
        """Fit the picture to the cell, up as well as down: a 64 px image fills a 160 px card
        instead of sitting small in an empty one (the slider is the size the artist wants)."""
        w, h = pixmap.width(), pixmap.height()
        scale = min(box.width() / w, box.height() / h)
        if scale > 1:
            scale = int(scale) if scale >= 2 else scale  # whole multiples keep pixel art crisp
        w, h = max(1, int(w * scale)), max(1, int(h * scale))
        target = QRect(box.x() + (box.width() - w) // 2, box.y() + (box.height() - h) // 2, w, h)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, scale < 1)
        painter.drawPixmap(target, pixmap)

    def _badge(self, painter: QPainter, x: int, y: int, text: str, background: QColor,
               right: int | None = None) -> int:
        """Draw a small label; each distinct badge is rendered once and then only blitted.
        A badge that would pass ``right`` (the cell's edge) is not drawn: returns 0."""
        key = (text, background.rgba())
        pixmap = self._badges.get(key)
        if pixmap is None:
            width = self._badge_metrics.horizontalAdvance(text) + 8
            height = self._badge_metrics.height() + 2
            pixmap = QPixmap(width, height)
            pixmap.fill(background)
            badge_painter = QPainter(pixmap)
            badge_painter.setFont(self._badge_font)
            badge_painter.setPen(QColor("white"))
            badge_painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, text)
            badge_painter.end()
            self._badges[key] = pixmap
        if right is not None and x + pixmap.width() > right:
            return 0
        painter.drawPixmap(x, y, pixmap)
        return pixmap.width()

    def _draw_badges(self, painter: QPainter, box: QRect, item: GalleryItem) -> None:
        x, y, right = box.x() + 3, box.y() + 3, box.right() - 2
        small = box.width() < 100  # the smallest sizes: short badges that do not overlap
        if item.favourite:
            x += self._badge(painter, x, y, "★", self._favourite, right) + 3
        if item.origin == "generated":
            x += self._badge(painter, x, y, "AI", self._generated, right) + 3
        else:
            x += self._badge(painter, x, y, "IMP" if small else "IMPORT", self._imported, right) + 3
        if item.originality_warning:
            self._badge(painter, x, y, "⚠" if small else "⚠ SIMILAR", self._warning, right)
        if item.licence:
            label = licence_badge(item.licence)
            bottom = box.bottom() - self._badge_metrics.height() - 4
            if not self._badge(painter, box.x() + 3, bottom, label, self._licence, right):
                short = short_licence_badge(item.licence)
                self._badge(painter, box.x() + 3, bottom, short, self._licence, right)
