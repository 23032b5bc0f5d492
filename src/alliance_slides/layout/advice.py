"""Advice on slides that lay out but read badly, as warnings placed at what to change.

Unlike the accessibility findings (``a11y``), advice never fails ``validate --strict``:
it is a matter of judgement. Today it says when a timeline event's ``when`` names no
date ("Cold War"): a timeline places events on a line by date, and a period there
reads as one.
"""

from __future__ import annotations

from alliance_slides.errors import Problem
from alliance_slides.format.model import Outline, TimelineSlide
from alliance_slides.layout.kinds.timeline import is_date


def advise(outline: Outline) -> list[Problem]:
    """Return the advice on a rendered outline's slides, each at its place."""
    found = []
    for slide in outline.slides:
        if not isinstance(slide, TimelineSlide):
            continue
        for event in slide.events:
            if not is_date(event.when):
                found.append(
                    Problem(
                        event.location,
                        f'timeline "{slide.title}": when "{event.when}" is not a date; a '
                        "timeline places events by their dates (give a year or a span of "
                        'years, e.g. "1947–1991", and put the name in the label)',
                    )
                )
    return found
