"""What a slide shows behind its text, as a small raster: sampled for contrast and free space.

A template's layout draws a background (a colour, a gradient, a picture) and the
master's and layout's own shapes (brand bars, logos). :class:`Backdrop` keeps that as a
few thousand pixels, so contrast can be judged against what really lies under a text
frame, and a footer placed where nothing is drawn. Plain data: it pickles to the
worker processes with the theme.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from alliance_slides.geometry import Box


@dataclass(frozen=True)
class Backdrop:
    """An RGB raster (``columns`` x ``rows`` pixels) of a slide ``width`` x ``height`` pt."""

    width: float
    height: float
    columns: int
    rows: int
    pixels: bytes  #: RGB, row by row

    #: The raster's longer side, in pixels.
    PIXELS = 160

    @classmethod
    def of(cls, image: Any, width: float, height: float) -> Backdrop:
        """Return the backdrop of a Pillow image covering a slide ``width`` x ``height``."""
        rgb = image.convert("RGB")
        return cls(width, height, rgb.width, rgb.height, rgb.tobytes())

    @classmethod
    def plain(cls, color: str, width: float, height: float) -> Backdrop:
        """Return a backdrop of one colour."""
        r, g, b = (int(color[i : i + 2], 16) for i in (0, 2, 4))
        return cls(width, height, 1, 1, bytes((r, g, b)))

    def _cells(self, box: Box) -> tuple[range, range]:
        sx, sy = self.columns / self.width, self.rows / self.height
        x0 = min(self.columns - 1, max(0, int(box.x * sx)))
        y0 = min(self.rows - 1, max(0, int(box.y * sy)))
        x1 = min(self.columns, max(x0 + 1, int(-(-box.right * sx // 1))))
        y1 = min(self.rows, max(y0 + 1, int(-(-box.bottom * sy // 1))))
        return range(x0, x1), range(y0, y1)

    def colors_under(self, box: Box) -> list[str]:
        """Return the distinct colours drawn under ``box`` (hex), most frequent first."""
        columns, rows = self._cells(box)
        counts: dict[str, int] = {}
        data = self.pixels
        for y in rows:
            base = y * self.columns * 3
            for x in columns:
                i = base + x * 3
                key = f"{data[i]:02X}{data[i + 1]:02X}{data[i + 2]:02X}"
                counts[key] = counts.get(key, 0) + 1
        total = sum(counts.values())
        # A stray pixel of an anti-aliased edge is not what text sits on: keep colours
        # covering at least 3% of the box.
        kept = [c for c, n in counts.items() if n >= 0.03 * total] or list(counts)
        return sorted(kept, key=lambda c: -counts[c])

    def main_color(self, box: Box | None = None) -> str:
        """Return the colour covering most of ``box`` (the whole slide by default)."""
        return self.colors_under(box or Box(0, 0, self.width, self.height))[0]

    def is_plain(self, box: Box, color: str) -> bool:
        """Tell whether only ``color`` is drawn under ``box``."""
        columns, rows = self._cells(box)
        r, g, b = (int(color[i : i + 2], 16) for i in (0, 2, 4))
        data = self.pixels
        for y in rows:
            base = y * self.columns * 3
            for x in columns:
                i = base + x * 3
                if abs(data[i] - r) + abs(data[i + 1] - g) + abs(data[i + 2] - b) > 24:
                    return False
        return True


@functools.lru_cache(maxsize=1024)
def luminance(hex_color: str) -> float:
    """Return the WCAG relative luminance of a colour given as six hex digits."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_color[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(foreground: str, background: str) -> float:
    """Return the WCAG contrast ratio of two colours (1 to 21)."""
    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
