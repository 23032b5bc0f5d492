"""The source line: a short, quiet line on a slide saying where its content comes from.

A slide's ``cite:`` (``overview#2``, ``context``) becomes "Source: overview ¶2" at the
foot of its body, in the theme's muted colour and footer size. The body gives up the
line's height first, so nothing the layout places can run into it. A course
(``source_line: false``) or a theme (``footer: {sources: false}``) turns it off.
"""

from __future__ import annotations

import dataclasses

from alliance_slides.format.theme import Theme
from alliance_slides.layout.scene import Box, Run, TextShape
from alliance_slides.layout.text import INSET_Y, LATIN_LINE, TextSpec, fit_size, set_size

#: The name of the line's shape (accessibility checks treat it as small print).
NAME = "Source"
#: Space between the body and the line, in points.
GAP = 2.0


def source_text(cites: tuple[str, ...]) -> str:
    """Return the line for a slide's cites: keys in order, each with its paragraphs."""
    paragraphs: dict[str, list[str]] = {}
    for cite in cites:
        key, _, paragraph = cite.partition("#")
        found = paragraphs.setdefault(key, [])
        if paragraph and f"¶{paragraph}" not in found:
            found.append(f"¶{paragraph}")
    parts = [" ".join([key, ", ".join(found)]) if found else key for key, found in
             paragraphs.items()]
    label = "Sources" if len(parts) > 1 else "Source"
    return f"{label}: " + "; ".join(parts)


def line_height(theme: Theme) -> float:
    """Return the height the line takes, its gap above included."""
    return theme.footer_size * LATIN_LINE + 2 * INSET_Y + GAP


def room_for_line(theme: Theme) -> Theme:
    """Return ``theme`` with a body shortened by the line's height."""
    body = theme.body_box
    return dataclasses.replace(
        theme, body_frame=Box(body.x, body.y, body.w, body.h - line_height(theme))
    )


def source_shape(text: str, theme: Theme) -> TextShape:
    """Return the line, under the (shortened) body of ``theme``."""
    body = theme.body_box
    box = Box(body.x, body.bottom + GAP, body.w, line_height(theme) - GAP)
    spec = [TextSpec((Run(text, italic=True),), color="muted", gap=0)]
    size = fit_size(spec, box, theme.footer_size, 8) or 8
    return TextShape("text", box, set_size(spec, size, 8), name=NAME)
