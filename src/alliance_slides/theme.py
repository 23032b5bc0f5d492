"""Themes: colours, fonts, sizes and slide geometry, as data.

A theme is a YAML file (built-ins ship in ``themes/``); any field left out keeps
the default below. Layouts read sizes and geometry from it; the deck writer reads
colours and font names.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from alliance_slides.scene import Box


@dataclass(frozen=True)
class Theme:
    """Colours (hex RRGGBB), fonts, sizes in points, and the slide's size."""

    name: str = "default"
    # The slide: 16:9 by default (13.333 x 7.5 inches).
    width: float = 960.0
    height: float = 540.0
    margin: float = 48.0
    colors: dict[str, str] = field(
        default_factory=lambda: {
            "background": "FFFFFF",
            "text": "1F2328",
            "title": "1B365D",
            "accent": "B3202E",
            "muted": "545C66",
            "line": "8A94A3",
            "band": "1B365D",
            "on_band": "FFFFFF",
            "on_band_muted": "D6DEE8",
            "table_header": "1B365D",
            "on_table_header": "FFFFFF",
            "table_band": "EEF2F6",
        }
    )
    latin_font: str = "Calibri"
    east_asian_font: str = "Noto Sans CJK JP"
    title_size: float = 36.0
    title_min_size: float = 24.0
    body_size: float = 26.0
    body_min_size: float = 18.0
    table_size: float = 18.0
    table_min_size: float = 12.0
    footer_size: float = 11.0
    footer: bool = True

    @property
    def title_box(self) -> Box:
        return Box(self.margin, 24.0, self.width - 2 * self.margin, 80.0)

    @property
    def body_box(self) -> Box:
        top = self.title_box.bottom + 22.0
        return Box(self.margin, top, self.width - 2 * self.margin, self.height - top - 48.0)

    @property
    def footer_y(self) -> float:
        return self.height - 34.0

    def with_aspect(self, aspect: str) -> Theme:
        """Return this theme on a 16:9 or 4:3 slide."""
        width = {"16:9": 960.0, "4:3": 720.0}[aspect]
        return dataclasses.replace(self, width=width)


DEFAULT_THEME = Theme()


def builtin_themes_dir() -> Path:
    """Return the folder of the package's built-in themes."""
    return Path(__file__).with_name("themes")
