"""What a slide looks like, as plain data: boxes, text, lines, tables, pictures.

Layouts (:mod:`alliance_slides.layout`) produce scenes; :mod:`alliance_slides.output.deck`
draws them with python-pptx. Keeping geometry here, free of python-pptx, lets
layouts be tested without writing a file. Lengths are in points (1/72 inch).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from alliance_slides.errors import Location
from alliance_slides.geometry import Box


@dataclass(frozen=True)
class Run:
    """A stretch of text with one style; ``code``: monospace face; ``link``: its address."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    link: str | None = None


@dataclass(frozen=True)
class Paragraph:
    """A paragraph: its runs, list level, size and look."""

    runs: tuple[Run, ...]
    size: float
    level: int = 0
    bullet: str | None = None  # "•", "–", a number ("1.", "12.") or None
    align: str = "left"  # left | center | right
    color: str | None = None  # theme colour name; None: the text colour
    space_before: float = 0.0
    space_after: float = 0.0
    look: str = "text"  # title | body | text: whose face and spacing it is set in

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)

    @property
    def number(self) -> int | None:
        """The paragraph's number when its bullet is one ("7." gives 7), else ``None``."""
        bullet = self.bullet or ""
        return int(bullet[:-1]) if bullet[:-1].isdigit() and bullet.endswith(".") else None


@dataclass(frozen=True)
class TextShape:
    """A text frame. ``role`` 'title', 'subtitle' and 'body' fill a layout's placeholders."""

    role: str  # title | subtitle | body | text
    box: Box
    paragraphs: tuple[Paragraph, ...]
    anchor: str = "top"  # top | middle | bottom
    name: str = ""
    fill: str | None = None  # theme colour name of the frame's background


@dataclass(frozen=True)
class LineShape:
    """A straight line."""

    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    color: str
    name: str = ""


@dataclass(frozen=True)
class MarkerShape:
    """A filled shape (ellipse or rectangle) used as a marker or a band."""

    box: Box
    color: str
    shape: str = "ellipse"  # ellipse | rectangle
    name: str = ""


@dataclass(frozen=True)
class TableShape:
    """A native table: header cells, body cells, column widths and a font size."""

    box: Box
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    column_widths: tuple[float, ...]
    row_heights: tuple[float, ...]
    size: float
    name: str = "Table"


@dataclass(frozen=True)
class PictureShape:
    """A picture, already scaled to its box, with its alternative text."""

    path: Path
    box: Box
    alt: str
    name: str = "Picture"


Shape = TextShape | LineShape | MarkerShape | TableShape | PictureShape


@dataclass(frozen=True)
class SlideScene:
    """One slide to draw: which layout role, its shapes in reading order, its notes."""

    layout: str  # title | section | content | two_content | title_only
    title: str
    shapes: tuple[Shape, ...]
    notes: str = ""
    background: str | None = None  # theme colour name; None: the layout's
    footer: bool = True
    source_number: int = 0  # the outline slide it comes from (1-based; 0: the title slide)
    tags: tuple[str, ...] = field(default=())
    #: Where the slide was written in the outline, for messages about it.
    location: Location | None = None
