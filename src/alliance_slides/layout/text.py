"""Measuring, wrapping and fitting text with the real metrics of the theme's font.

Widths come from Carlito's advance widths (Calibri's metric twin), shipped as
package data; East Asian wide characters count one em, as CJK faces draw them.
Layouts ask :func:`fit_size` for the largest size, down to a floor, at which
paragraphs fit a box, and split content across continuation slides when even the
floor does not fit. PowerPoint's own autofit is never relied on: it only acts
when PowerPoint opens and edits the file.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from alliance_slides.layout.scene import Box, Paragraph, Run

#: Calibri/Carlito: ascent + descent + line gap, in ems (PowerPoint's single spacing).
LATIN_LINE = 1.22
#: Noto Sans CJK draws taller lines.
CJK_LINE = 1.45
#: Text frame insets used when drawing (PowerPoint's defaults: 0.1 in, 0.05 in).
INSET_X = 7.2
INSET_Y = 3.6
#: Measured widths are padded this much, for renderers that space glyphs a little wider.
WIDTH_SLACK = 1.04
#: Left margin of each list level, in points; the bullet hangs in the first part.
LEVEL_INDENT = (26.0, 56.0, 84.0, 110.0, 136.0)
BULLET_HANG = 22.0
#: Numbered paragraphs hang further, to leave room for "10."
NUMBER_INDENT = 1.7  # in ems of the paragraph's size

_EMPHASIS = re.compile(r"\*\*(?P<bold>.+?)\*\*|\*(?P<italic>[^*\s](?:.*?[^*\s])?)\*")


@lru_cache(maxsize=1)
def _widths() -> dict[str, dict[int, float]]:
    data = json.loads(Path(__file__).parents[1].joinpath("data/carlito-widths.json").read_text())
    em = float(data["units_per_em"])
    return {
        style: {int(code): width / em for code, width in data[style].items()}
        for style in ("regular", "bold")
    }


def is_wide(ch: str) -> bool:
    """Tell whether a character is drawn one em wide (CJK ideographs, kana, full-width forms)."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


def has_wide(text: str) -> bool:
    """Tell whether text holds any East Asian wide character."""
    return any(ord(ch) > 0x2E7F and is_wide(ch) for ch in text)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Return the width of ``text`` set at ``size`` points, in points."""
    table = _widths()["bold" if bold else "regular"]
    total = 0.0
    for ch in text:
        width = table.get(ord(ch))
        if width is None:
            width = 1.0 if is_wide(ch) else 0.6
        total += width
    return total * size * WIDTH_SLACK


def parse_emphasis(text: str, bold: bool = False) -> tuple[Run, ...]:
    """Split ``**bold**`` and ``*italic*`` markup into runs."""
    runs: list[Run] = []
    pos = 0
    for match in _EMPHASIS.finditer(text):
        if match.start() > pos:
            runs.append(Run(text[pos : match.start()], bold=bold))
        if match["bold"] is not None:
            runs.append(Run(match["bold"], bold=True))
        else:
            runs.append(Run(match["italic"], bold=bold, italic=True))
        pos = match.end()
    if pos < len(text) or not runs:
        runs.append(Run(text[pos:], bold=bold))
    return tuple(runs)


_TOKEN = re.compile(r"\s+|[^\s\u2E80-\uFFEF]+|.", re.UNICODE)


def _tokens(runs: Sequence[Run]) -> list[tuple[str, bool]]:
    """Split runs into breakable pieces: words, spaces, and single wide characters."""
    out = []
    for run in runs:
        for token in _TOKEN.findall(run.text):
            out.append((token, run.bold))
    return out


def count_lines(runs: Sequence[Run], width: float, size: float) -> int:
    """Return how many lines the runs take when wrapped greedily into ``width`` points.

    A word wider than the line breaks anywhere, as renderers do, and a character wider
    than the line takes a line of its own: a narrow column costs lines, never infinity.
    """
    lines = 1
    used = 0.0
    for token, bold in _tokens(runs):
        if token.isspace():
            used += text_width(" ", size, bold)
            continue
        w = text_width(token, size, bold)
        if used + w <= width:
            used += w
            continue
        if w <= width:
            lines += 1
            used = w
            continue
        for ch in token:
            cw = text_width(ch, size, bold)
            if used > 0 and used + cw > width:
                lines += 1
                used = 0.0
            used += cw
    return lines


def line_height(runs: Sequence[Run], size: float) -> float:
    """Return the height of one line of these runs."""
    return size * (CJK_LINE if any(has_wide(r.text) for r in runs) else LATIN_LINE)


def bullet_indent(paragraph: Paragraph) -> tuple[float, float]:
    """Return a paragraph's left margin and bullet hang, in points (0, 0 without a bullet)."""
    if not paragraph.bullet:
        return 0.0, 0.0
    if paragraph.number is not None:
        width = NUMBER_INDENT * paragraph.size
        return width, width
    return LEVEL_INDENT[min(paragraph.level, 4)], BULLET_HANG


def paragraph_height(paragraph: Paragraph, width: float) -> float:
    """Return the height of a paragraph wrapped into a frame ``width`` points wide."""
    indent = bullet_indent(paragraph)[0]
    lines = count_lines(paragraph.runs, width - 2 * INSET_X - indent, paragraph.size)
    return paragraph.space_before + lines * line_height(paragraph.runs, paragraph.size)


def frame_height(paragraphs: Sequence[Paragraph], width: float) -> float:
    """Return the height the paragraphs need in a frame ``width`` wide, insets included."""
    if not paragraphs:
        return 2 * INSET_Y
    first = paragraphs[0]
    # PowerPoint ignores the space before the first paragraph of a frame.
    return 2 * INSET_Y - first.space_before + sum(paragraph_height(p, width) for p in paragraphs)


def fits(paragraphs: Sequence[Paragraph], box: Box) -> bool:
    """Tell whether the paragraphs fit the box."""
    return frame_height(paragraphs, box.w) <= box.h


def breaks_words(paragraphs: Sequence[Paragraph], width: float) -> bool:
    """Tell whether a word is wider than its line in a frame ``width`` wide.

    A renderer breaks such a word anywhere ("Demilitariz / ation"), which the height
    alone does not show; a smaller size or a wider box keeps it whole.
    """
    for paragraph in paragraphs:
        line = width - 2 * INSET_X - bullet_indent(paragraph)[0]
        for token, bold in _tokens(paragraph.runs):
            if len(token) > 1 and not token.isspace():
                if text_width(token, paragraph.size, bold) > line:
                    return True
    return False


@dataclass(frozen=True)
class TextSpec:
    """Text to set, before a size is chosen: runs, list level and bullet."""

    runs: tuple[Run, ...]
    level: int = 0
    bullet: str | None = None
    align: str = "left"
    color: str | None = None
    gap: float = 0.35  # space before, in ems of the paragraph's size
    scale: float = 1.0  # size relative to the frame's size


def set_size(specs: Sequence[TextSpec], size: float, floor: float) -> tuple[Paragraph, ...]:
    """Turn specs into paragraphs at ``size``; deeper levels are smaller, never below ``floor``."""
    out = []
    for spec in specs:
        own = max(floor, round(size * spec.scale - 3 * min(spec.level, 2), 1))
        out.append(
            Paragraph(
                runs=spec.runs,
                size=own,
                level=spec.level,
                bullet=spec.bullet,
                align=spec.align,
                color=spec.color,
                space_before=round(own * spec.gap, 1),
            )
        )
    return tuple(out)


def fit_size(
    specs: Sequence[TextSpec], box: Box, start: float, floor: float, step: float = 1.0
) -> float | None:
    """Return the largest size from ``start`` down to ``floor`` at which the specs fit ``box``.

    A size that keeps every word whole is preferred; when none does (a URL wider than
    the box), the largest that fits by height. Returns ``None`` when they do not fit
    even at ``floor``.
    """
    size = start
    fallback = None
    while size >= floor - 1e-9:
        paragraphs = set_size(specs, size, floor)
        if fits(paragraphs, box):
            if not breaks_words(paragraphs, box.w):
                return size
            if fallback is None:
                fallback = size
        size -= step
    return fallback


def split_to_fit(
    groups: Sequence[Sequence[TextSpec]], box: Box, floor: float
) -> list[list[TextSpec]]:
    """Split groups of specs (a bullet and its sub-bullets) into chunks that fit ``box``.

    Groups stay whole where they can; a group too tall for a box of its own is
    split between its paragraphs. Chunks are filled at ``floor`` size and then
    balanced, so continuation slides carry similar amounts.
    """
    units: list[list[TextSpec]] = []
    for group in groups:
        if fits(set_size(group, floor, floor), box):
            units.append(list(group))
        else:
            units.extend([spec] for spec in group)
    chunks: list[list[TextSpec]] = [[]]
    for unit in units:
        candidate = chunks[-1] + unit
        if chunks[-1] and not fits(set_size(candidate, floor, floor), box):
            chunks.append(list(unit))
        else:
            chunks[-1] = candidate
    if len(chunks) > 1:
        chunks = _balance(units, len(chunks), box, floor) or chunks
    return chunks


def _balance(
    units: list[list[TextSpec]], count: int, box: Box, floor: float
) -> list[list[TextSpec]] | None:
    """Spread units over ``count`` chunks of about equal height, if each still fits."""
    heights = [frame_height(set_size(u, floor, floor), box.w) for u in units]
    target = sum(heights) / count
    chunks: list[list[TextSpec]] = [[]]
    acc = 0.0
    for unit, height in zip(units, heights, strict=True):
        if chunks[-1] and acc + height / 2 > target and len(chunks) < count:
            chunks.append([])
            acc = 0.0
        chunks[-1].extend(unit)
        acc += height
    if all(fits(set_size(c, floor, floor), box) for c in chunks):
        return chunks
    return None
