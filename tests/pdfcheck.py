"""Check a deck as LibreOffice renders it: one page per slide, every word inside its shape.

Word boxes come from poppler's ``pdftotext -bbox-layout``; shape boxes from the .pptx.
A word must lie inside the page and inside a shape whose text holds it (a bullet or
number glyph, inside any text shape). Glyph boxes overshoot their line by up to 15%
of their height, which the vertical tolerance allows for.

:func:`body_fills` measures how much of its body placeholder the text of each bullet
slide covers, as rendered: from the top of its first line to the bottom of its last,
over the placeholder's height; :func:`block_fills` does the same for tables and two
columns, with their text size. :func:`median` sums a deck set up.
"""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.util import Emu

from alliance_slides.output.office import convert


class _Words(HTMLParser):
    """Collect pages and word boxes from `pdftotext -bbox-layout` output."""

    def __init__(self) -> None:
        super().__init__()
        self.pages: list[dict[str, object]] = []
        self._word: dict[str, float] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "page":
            self.pages.append(
                {"w": float(values["width"] or 0), "h": float(values["height"] or 0), "words": []}
            )
        elif tag == "word":
            self._word = {k: float(values[k] or 0) for k in ("xmin", "ymin", "xmax", "ymax")}

    def handle_data(self, data: str) -> None:
        if self._word is not None:
            words = self.pages[-1]["words"]
            assert isinstance(words, list)
            words.append((data.strip(), self._word))
            self._word = None


#: Marks a chart's text: a chart draws words of its own making (tick labels), which may be
#: anything inside it.
CHART = "\x00chart "


def _shape_boxes(pptx: Path) -> list[list[tuple[str, tuple[float, ...]]]]:
    """Return, per slide, each text-bearing shape's text and box in points.

    Hidden slides are pages too (the PDF filter is told to keep them). A chart's words
    (categories, series, axis titles, tick labels) must lie inside the chart.
    """
    slides = []
    for slide in Presentation(str(pptx)).slides:
        boxes = []
        for shape in slide.shapes:
            box = tuple(Emu(v).pt for v in (shape.left, shape.top, shape.width, shape.height))
            if shape.has_text_frame:
                boxes.append((shape.text_frame.text, box))
            elif shape.has_table:
                text = " ".join(c.text for row in shape.table.rows for c in row.cells)
                boxes.append((text, box))
            elif shape.has_chart:
                chart = shape.chart
                words = [*chart.plots[0].categories, *(s.name for s in chart.series)]
                for axis in ("category_axis", "value_axis"):
                    try:
                        found = getattr(chart, axis)
                    except ValueError:  # a pie has no axes
                        continue
                    if found.has_title:
                        words.append(found.axis_title.text_frame.text)
                boxes.append((CHART + " ".join(str(w) for w in words), box))
        slides.append(boxes)
    return slides


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def rendered_pages(deck: Path, out: Path | None = None) -> list[dict[str, object]]:
    """Convert ``deck`` to PDF (once: an existing, newer PDF is reused) and return its pages.

    Each page is ``{"w": points, "h": points, "words": [(text, box), ...]}``, a word's box
    a dict of ``xmin``, ``ymin``, ``xmax``, ``ymax`` in points from the top-left corner.
    """
    folder = out or deck.parent / "pdf"
    pdf = folder / f"{deck.stem}.pdf"
    if not (pdf.is_file() and pdf.stat().st_mtime_ns >= deck.stat().st_mtime_ns):
        pdf = convert(deck, "pdf", folder)
    html = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    parser = _Words()
    parser.feed(html)
    return parser.pages


#: Placeholder types that hold a slide's body text.
_BODY = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)


def body_fills(deck: Path, out: Path | None = None) -> list[float]:
    """Return, for each bullet slide of ``deck`` as rendered, how much of its body its text fills.

    A bullet slide is one with a single body placeholder holding text (bullets, questions,
    references: not two columns, tables or pictures). Its fill is the height from the top
    of the first rendered line to the bottom of the last, over the placeholder's height;
    a word belongs to the placeholder when its centre lies inside it and inside no other
    text shape (a template's footer may lie over the body's frame).
    """
    pages = rendered_pages(deck, out)
    fills = []
    for slide, page in zip(Presentation(str(deck)).slides, pages, strict=True):
        bodies = [
            shape
            for shape in slide.placeholders
            if shape.placeholder_format.type in _BODY and shape.has_text_frame
        ]
        if len(bodies) != 1 or not bodies[0].text_frame.text.strip():
            continue
        body = bodies[0]
        x, y, w, h = (Emu(v).pt for v in (body.left, body.top, body.width, body.height))
        words = page["words"]
        assert isinstance(words, list)
        # A template may set its footer over the body's frame: words inside another text
        # shape are that shape's.
        others = [
            tuple(Emu(v).pt for v in (o.left, o.top, o.width, o.height))
            for o in slide.shapes
            if o.shape_id != body.shape_id and o.has_text_frame and o.text_frame.text.strip()
        ]

        def within(b: dict[str, float], box: tuple[float, ...]) -> bool:
            bx, by, bw, bh = box
            cx, cy = (b["xmin"] + b["xmax"]) / 2, (b["ymin"] + b["ymax"]) / 2
            return bx <= cx <= bx + bw and by <= cy <= by + bh

        inside = [
            b
            for _, b in words
            if within(b, (x, y, w, h)) and not any(within(b, other) for other in others)
        ]
        if inside:
            top = min(b["ymin"] for b in inside)
            bottom = max(b["ymax"] for b in inside)
            fills.append((bottom - top) / h)
    return fills


#: What :func:`block_fills` measures: a table's frame, or two columns with their headings.
BLOCKS = {"table": ("Table",), "columns": ("Column: ", "Heading: ")}


def block_fills(
    deck: Path, kind: str, body: tuple[float, float], lined: tuple[float, float],
    out: Path | None = None,
) -> list[tuple[float, float, float]]:
    """Return, for each table or two-column slide of ``deck`` as rendered: fill, size, offset.

    ``kind`` is "table" or "columns". The fill is the height from the top of the block's
    first rendered line to the bottom of its last (a table's words, or both columns' and
    their headings'), over the body's height: ``body`` is the body's (top, height), and
    ``lined`` its (top, height) on a slide with a source line under it, as the theme
    lays them out. The size is the block's most common text size in the deck, in points.
    The offset is how much more room lies above the block than below it, over the body's
    height: 0 when it is centred, negative when it sits high.
    """
    names = BLOCKS[kind]
    pages = rendered_pages(deck, out)
    found = []
    shown = [s for s in Presentation(str(deck)).slides if s._element.get("show") != "0"]
    for slide, page in zip(shown, pages, strict=True):
        frames = [shape for shape in slide.shapes if shape.name.startswith(names)]
        if not frames or (kind == "table" and not any(f.has_table for f in frames)):
            continue
        boxes = [tuple(Emu(v).pt for v in (f.left, f.top, f.width, f.height)) for f in frames]
        words = page["words"]
        assert isinstance(words, list)
        inside = [b for _, b in words if any(_centred_in(b, box) for box in boxes)]
        if not inside:
            continue
        sourced = any(shape.name == "Source" for shape in slide.shapes)
        top, height = lined if sourced else body
        first, last = min(b["ymin"] for b in inside), max(b["ymax"] for b in inside)
        fill = (last - first) / height
        offset = ((first - top) - (top + height - last)) / height
        sizes = [
            run.font.size.pt
            for frame in frames
            for paragraphs in _paragraphs_of(frame)
            for run in paragraphs.runs
            if run.font.size is not None and run.text.strip()
        ]
        found.append((fill, max(set(sizes), key=sizes.count), offset))
    return found


def _centred_in(word: dict[str, float], box: tuple[float, ...]) -> bool:
    x, y, w, h = box
    cx, cy = (word["xmin"] + word["xmax"]) / 2, (word["ymin"] + word["ymax"]) / 2
    return x <= cx <= x + w and y <= cy <= y + h


def _paragraphs_of(shape: Any) -> list[Any]:
    if shape.has_table:
        return [p for row in shape.table.rows for c in row.cells for p in c.text_frame.paragraphs]
    return list(shape.text_frame.paragraphs) if shape.has_text_frame else []


def median(values: list[float]) -> float:
    """Return the median of ``values`` (the mean of the middle two for an even count)."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def assert_words_inside_shapes(
    deck: Path, slides: int, out: Path | None = None, drawn: frozenset[str] = frozenset()
) -> None:
    """Convert ``deck`` to PDF and assert its page count and that no text leaves its shape.

    ``drawn`` are words a template's master or layouts draw themselves (a brand name in
    its footer bar): not the deck's text, so not checked.
    """
    pages = rendered_pages(deck, out)
    shapes = _shape_boxes(deck)
    assert len(pages) == slides == len(shapes), "one PDF page per slide"
    slack = 2.0  # points; glyph boxes also overshoot the line box by up to 15% of their height
    for number, (page, boxes) in enumerate(zip(pages, shapes, strict=True), start=1):
        words = page["words"]
        assert isinstance(words, list)
        for word, b in words:
            if _compact(word) in drawn:
                continue
            assert b["xmin"] >= -slack and b["ymin"] >= -slack, (number, word)
            assert b["xmax"] <= float(page["w"]) + slack, (number, word)  # type: ignore[arg-type]
            assert b["ymax"] <= float(page["h"]) + slack, (number, word)  # type: ignore[arg-type]
            owners = [
                box
                for text, box in boxes
                if _compact(word) in _compact(text) or text.startswith(CHART)
            ] or [box for _, box in boxes]
            over = slack + 0.15 * (b["ymax"] - b["ymin"])
            inside = any(
                x - slack <= b["xmin"]
                and b["xmax"] <= x + w + slack
                and y - over <= b["ymin"]
                and b["ymax"] <= y + h + over
                for x, y, w, h in owners
            )
            assert inside, f"slide {number}: '{word}' at {b} lies outside its shape"
