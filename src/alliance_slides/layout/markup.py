"""Inline markup to runs: what a string of the outline looks like on a slide.

The parsing is :mod:`alliance_slides.format.markup`'s (CommonMark, markdown-it-py);
here its spans become :class:`~alliance_slides.layout.scene.Run`\\ s, the unit text is
measured and drawn in. ``bold``/``italic`` set a base style (a title is bold, a caption
italic) that the markup adds to.
"""

from __future__ import annotations

from functools import lru_cache

from alliance_slides.format.markup import inline_spans
from alliance_slides.layout.scene import Run


@lru_cache(maxsize=65536)
def inline_runs(text: str, bold: bool = False, italic: bool = False) -> tuple[Run, ...]:
    """Return the runs of one string of inline markup, on a base of ``bold``/``italic``."""
    return tuple(
        Run(span.text, span.bold or bold, span.italic or italic, span.code, span.link)
        for span in inline_spans(text)
    )


def link_text(runs: tuple[Run, ...]) -> list[tuple[str, str]]:
    """Return each link of ``runs`` as (its words, its address), in order, adjacent runs joined."""
    found: list[tuple[str, str]] = []
    previous: str | None = None
    for run in runs:
        if run.link is not None and run.link == previous and found:
            found[-1] = (found[-1][0] + run.text, run.link)
        elif run.link is not None:
            found.append((run.text, run.link))
        previous = run.link
    return found
