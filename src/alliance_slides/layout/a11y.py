"""Accessibility checks on laid-out slides, before any file is written.

The checks follow what PowerPoint's accessibility checker and WCAG ask of a deck:
every slide has a title, unique in the deck; every picture has alternative text;
text contrasts with its background at least 4.5:1; body text is at least 18 pt;
the reading order (the order of shapes in the file) follows the visual order,
top to bottom and left to right; and no text runs out of its box or off the slide,
which happens only when it does not fit even at the floor size and cannot continue
on another slide (a quotation, one huge bullet). Builds report findings as warnings;
``alliance-slides validate --strict`` fails on them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from alliance_slides.errors import Location, Problem
from alliance_slides.format.backdrop import contrast, luminance
from alliance_slides.format.template_look import LayoutLook, placeholder_color
from alliance_slides.format.theme import Theme
from alliance_slides.layout.markup import link_text
from alliance_slides.layout.scene import (
    Box,
    ChartShape,
    Paragraph,
    PictureShape,
    Run,
    SlideScene,
    TableShape,
    TextShape,
)
from alliance_slides.layout.text import (
    breaks_words,
    frame_height,
    measuring,
    parse_emphasis,
)

MIN_CONTRAST = 4.5
__all__ = ["contrast", "luminance", "check_deck", "check_scene"]
MIN_BODY_SIZE = 18.0
#: Shapes that are not body text: small print a reader does not need to read aloud.
SMALL_PRINT = frozenset({"Footer", "Slide number", "Date", "Source"})
#: Link words that do not say where a link goes.
VAGUE_LINKS = frozenset(
    {"here", "click here", "link", "this link", "this", "more", "read more", "click", "page",
     "this page", "website", "url"}
)
#: Points two shapes may overlap and still count as one after the other.
TOLERANCE = 4.0


@dataclass(frozen=True)
class Finding:
    """One accessibility problem on one slide (1-based number in the deck)."""

    slide: int
    title: str
    message: str
    location: Location | None

    def as_problem(self, fallback: str) -> Problem:
        """Return the finding as a problem, placed at its slide (or at ``fallback``)."""
        where = self.location or Location(fallback)
        return Problem(where, f'slide {self.slide} "{self.title}": {self.message}')


def _reading_order(shapes: Sequence[Box]) -> bool:
    """Tell whether boxes come top to bottom, left to right (later ones not above-left)."""
    for before, after in zip(shapes, shapes[1:], strict=False):
        above = after.bottom <= before.y + TOLERANCE
        same_row = not above and after.y < before.bottom - TOLERANCE
        if above and after.x < before.x - TOLERANCE:
            return False
        if same_row and after.right <= before.x + TOLERANCE:
            return False
    return True


def _why_tall(table: TableShape) -> str:
    """Say what makes a table too tall: a column too narrow for its words, or long cells.

    A column narrower than a word breaks it letter by letter, a line each, so shortening
    the cells (the usual advice) would not help; widening the column does.
    """
    narrow = []
    for i, (heading, width) in enumerate(zip(table.header, table.column_widths, strict=True)):
        cells = [(heading, True), *((row[i], False) for row in table.rows if i < len(row))]
        paragraphs = [Paragraph(parse_emphasis(t, bold=bold), table.size) for t, bold in cells]
        if breaks_words(paragraphs, width):
            narrow.append(f"{i + 1} ('{_clip(heading)}')")
    if not narrow:
        return "shorten its cells"
    if len(narrow) == 1:
        which, whose, them = f"column {narrow[0]} is", "its", "it"
    else:
        which, whose, them = f"columns {', '.join(narrow)} are", "their", "them"
    return (
        f"{which} too narrow for {whose} words, which break a few letters a line: give "
        f"{them} more of the width (widths: [...]) or shorten those words"
    )


def check_scene(scene: SlideScene, theme: Theme) -> Iterator[str]:
    """Yield what is wrong with one slide, as messages."""
    if not scene.title.strip():
        yield "has no title"
    background = theme.colors.get(scene.background or "background", "FFFFFF")
    layout = theme.layouts.get(scene.layout) if theme.inherit_styles else None
    if layout is not None and scene.shapes and not layout.first("title", "ctrTitle"):
        yield "the title is not in a title placeholder (the template's layout has none)"
    bodies = 0
    for shape in scene.shapes:
        if isinstance(shape, PictureShape) and not shape.alt.strip():
            yield f"picture '{shape.name}' has no alternative text"
        if isinstance(shape, ChartShape) and not shape.alt.strip():
            yield f"chart '{shape.name}' has no alternative text"
        if isinstance(shape, TextShape):
            for para in shape.paragraphs:
                for words, _ in link_text(para.runs):
                    if words.strip().strip(".:!").casefold() in VAGUE_LINKS:
                        yield (
                            f"link text '{words.strip()}' does not say where it goes; "
                            "name the page or document ([the 1960 treaty](https://...))"
                        )
        if isinstance(shape, TableShape):
            yield from _table_link_contrast(shape, theme)
            pairs = [
                ("on_table_header", "table_header"),
                ("text", "table_body" if "table_body" in theme.colors else "background"),
                ("text", "table_band"),
            ]
            for fg, bg in pairs:
                ratio = contrast(theme.colors[fg], theme.colors[bg])
                if ratio < MIN_CONTRAST:
                    yield f"table text contrast {ratio:.1f}:1 ({fg} on {bg}); needs 4.5:1"
        if isinstance(shape, TableShape) and shape.box.bottom > theme.body_box.bottom + TOLERANCE:
            yield f"the table runs off the slide even at {shape.size:g} pt; {_why_tall(shape)}"
        if not isinstance(shape, TextShape):
            continue
        if shape.name not in SMALL_PRINT and shape.paragraphs:
            if frame_height(shape.paragraphs, shape.box.w) > shape.box.h + TOLERANCE:
                smallest = min(p.size for p in shape.paragraphs)
                yield (
                    f"text '{_clip(shape.paragraphs[0].text)}' does not fit its box even at "
                    f"{smallest:g} pt; shorten it"
                )
        behind = _behind(layout, shape.box, background)
        own = None
        if layout is not None and shape.role in _PLACEHOLDER_ROLES:
            index = bodies if shape.role == "body" else 0
            bodies += shape.role == "body"
            value, written = placeholder_color(layout, shape.role, shape.box, index)
            own = theme.colors.get(value, value) if written else value
        elif theme.inherit_styles and shape.role in ("title", "subtitle", "body"):
            own = theme.colors.get("text", "000000")  # an institution's placeholder, no look read
        for para in shape.paragraphs:
            color = own or theme.colors.get(para.color or "text", para.color or "000000")
            ratio = min(contrast(color, b) for b in behind)
            if ratio < MIN_CONTRAST:
                yield (
                    f"text '{_clip(para.text)}' has contrast {ratio:.1f}:1 with its "
                    f"background; needs {MIN_CONTRAST}:1"
                )
            yield from _link_contrast(para.runs, theme, behind)
            if (
                shape.role != "title"
                and shape.name not in SMALL_PRINT
                and para.size < (MIN_BODY_SIZE - 0.05)
            ):
                yield f"text '{_clip(para.text)}' is {para.size:g} pt; body text needs 18 pt"
    readable = [
        s.box
        for s in scene.shapes
        if isinstance(s, (TextShape, PictureShape, TableShape, ChartShape))
        and getattr(s, "name", "") not in SMALL_PRINT
    ]
    if readable and not _reading_order(readable):
        yield "reading order does not follow the visual order"
    if scene.shapes and isinstance(scene.shapes[0], TextShape) and scene.shapes[0].role != "title":
        yield "the title is not the first shape a screen reader meets"


def _link_contrast(runs: Sequence[Run], theme: Theme, behind: Sequence[str]) -> Iterator[str]:
    """Say so when links are drawn in a colour that does not read on what is behind them.

    A link is drawn in the theme's hyperlink colour whatever its run's colour says (see
    ``Theme.link_color``), so that is the colour checked.
    """
    links = link_text(tuple(runs))
    if not links:
        return
    ratio = min(contrast(theme.link_color, b) for b in behind)
    if ratio < MIN_CONTRAST:
        words = _clip(", ".join(words for words, _ in links))
        yield (
            f"link '{words}' has contrast {ratio:.1f}:1 with its background (links are "
            f"drawn in the theme's link colour, {theme.link_color}); needs {MIN_CONTRAST}:1"
        )


def _table_link_contrast(table: TableShape, theme: Theme) -> Iterator[str]:
    """Check the links of a table's cells against the fill of their row."""
    plain = "table_body" if "table_body" in theme.colors else "background"
    for r, cells in enumerate((table.header, *table.rows)):
        fill = "table_header" if r == 0 else ("table_band" if r % 2 == 0 else plain)
        for text in cells:
            if "](" in text:
                runs = parse_emphasis(text)
                yield from _link_contrast(runs, theme, [theme.colors.get(fill, "FFFFFF")])


#: Scene roles that fill a template's placeholders (text keeps the template's colour).
_PLACEHOLDER_ROLES = ("title", "subtitle", "body", "dt", "ftr", "sldNum")


def _behind(layout: LayoutLook | None, box: Box, background: str) -> list[str]:
    """The colours drawn behind a box: sampled from the template's layout, else the theme's."""
    if layout is None:
        return [background]
    return layout.backdrop.colors_under(box)


def check_deck(scenes: Sequence[SlideScene], theme: Theme) -> list[Finding]:
    """Return every accessibility finding of a laid-out deck."""
    with measuring(theme):
        return _check_deck(scenes, theme)


def _check_deck(scenes: Sequence[SlideScene], theme: Theme) -> list[Finding]:
    findings: list[Finding] = []
    seen: dict[str, int] = {}
    for number, scene in enumerate(scenes, start=1):
        for message in check_scene(scene, theme):
            findings.append(Finding(number, scene.title, message, scene.location))
        key = scene.title.strip().casefold()
        if key and key in seen:
            findings.append(
                Finding(
                    number, scene.title, f"title is the same as slide {seen[key]}'s", scene.location
                )
            )
        seen.setdefault(key, number)
    return findings


def _clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
