"""What a slide looks like, as plain data: boxes, text, lines, tables, pictures.

Layouts (:mod:`alliance_slides.layout`) produce scenes; :mod:`alliance_slides.output.deck`
draws them with python-pptx. Keeping geometry here, free of python-pptx, lets
layouts be tested without writing a file. Lengths are in points (1/72 inch).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from alliance_slides.errors import Location
from alliance_slides.format.markup import Span
from alliance_slides.geometry import Box

#: A stretch of text with one style (``code``: monospace face; ``link``: its address):
#: the outline's inline spans, as laid out.
Run = Span


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
    #: The rest of the paragraph before it, carried onto a continuation slide: it keeps
    #: the bullet's indent but draws no bullet.
    continued: bool = False

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)

    @property
    def number(self) -> int | None:
        """The paragraph's number when its bullet is one ("7." gives 7, "c." 3), else ``None``."""
        numbering = self.numbering
        return numbering[1] if numbering else None

    @property
    def numbering(self) -> tuple[str, int] | None:
        """The paragraph's automatic numbering as DrawingML names it, and its number.

        "7." is arabic, "c." (below the first level) a letter, "iv." (below the second) a
        roman numeral: ("arabicPeriod", 7), ("alphaLcPeriod", 3), ("romanLcPeriod", 4).
        """
        bullet = self.bullet or ""
        mark = bullet[:-1]
        if not bullet.endswith(".") or not mark:
            return None
        if mark.isdigit():
            return "arabicPeriod", int(mark)
        if self.level >= 2 and set(mark) <= set("ivxlc"):
            return "romanLcPeriod", from_roman(mark)
        if self.level >= 1 and mark.isalpha() and mark.islower() and mark.isascii():
            return "alphaLcPeriod", from_letters(mark)
        return None


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
    shape: str = "ellipse"  # ellipse | rectangle | rounded (a rectangle, corners rounded)
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
    #: Each column's alignment (left, center, right); empty: all left.
    align: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChartSeries:
    """One series of a chart: its name and values."""

    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class ChartShape:
    """A native chart: its kind, data, alternative text and what it labels."""

    box: Box
    chart: str  # column | bar | line | pie | stacked_column
    categories: tuple[str, ...]
    series: tuple[ChartSeries, ...]
    alt: str
    category_title: str | None = None
    value_title: str | None = None
    labels: bool = False
    size: float = 18.0
    name: str = "Chart"


@dataclass(frozen=True)
class PictureShape:
    """A picture, already scaled to its box, with its alternative text."""

    path: Path
    box: Box
    alt: str
    name: str = "Picture"
    #: Theme colour of a thin rule drawn round the picture (``None``: none).
    keyline: str | None = None


Shape = TextShape | LineShape | MarkerShape | TableShape | PictureShape | ChartShape


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
    #: In the deck, but skipped in the slide show.
    hidden: bool = False
    #: A layout of the template chosen by name (or a role) for this slide; ``None``: by role.
    layout_name: str | None = None
    #: The kind of body text the slide sets ("bullets", "statement", "two_column" ...) and
    #: the size it fits at on its own, before the deck makes each kind's size steady.
    body_text: tuple[str, float] | None = None


def to_letters(number: int) -> str:
    """Return a list number as letters: 1 a, 26 z, 27 aa (as PowerPoint counts)."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def from_letters(letters: str) -> int:
    """Return the number letters stand for: a 1, z 26, aa 27."""
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - ord("a") + 1
    return number


_ROMAN = (("c", 100), ("xc", 90), ("l", 50), ("xl", 40), ("x", 10), ("ix", 9), ("v", 5),
          ("iv", 4), ("i", 1))


def to_roman(number: int) -> str:
    """Return a list number in lower-case roman numerals (up to 399)."""
    out = ""
    for mark, value in _ROMAN:
        while number >= value:
            out += mark
            number -= value
    return out


def from_roman(mark: str) -> int:
    """Return the number a lower-case roman numeral stands for."""
    values = dict(_ROMAN)
    total = 0
    for i, ch in enumerate(mark):
        value = values[ch]
        following = values[mark[i + 1]] if i + 1 < len(mark) else 0
        total += -value if value < following else value
    return total
