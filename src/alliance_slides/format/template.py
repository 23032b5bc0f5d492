"""An institution's .pptx/.potx, read: its slide size, its layouts, which layout serves each role.

A slide's layout role (title, section, content, two_content, title_only) is matched to
one of the template's layouts by name and by the types of its placeholders, so a
template whose layouts are renamed or reordered still works; a course's ``layouts:``
names one outright. :func:`read_template` reads what layout and the deck writer need
once per template.
"""

from __future__ import annotations

import dataclasses
import functools
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.util import Pt

from alliance_slides.errors import BuildError, Location
from alliance_slides.format.template_package import CleanTemplate, TemplateRefused, clean_template
from alliance_slides.format.theme import Theme
from alliance_slides.geometry import Box

#: Placeholder types that hold a slide's title, and those that hold its body text.
TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
BODY_TYPES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)

#: Layout names tried first for each role (python-pptx's and Office's default names).
LAYOUT_NAMES: dict[str, tuple[str, ...]] = {
    "title": ("Title Slide",),
    "section": ("Section Header",),
    "content": ("Title and Content",),
    "two_content": ("Two Content", "Comparison"),
    "title_only": ("Title Only",),
}


@dataclass(frozen=True)
class _LayoutFacts:
    """What a layout offers, for matching it to a role."""

    centered_title: bool
    titles: int
    subtitles: int
    bodies: int
    objects: int
    vertical: bool
    pictures: int
    body_area: float  # share of the slide covered by its body placeholders
    title_top: float  # the title's top, as a share of the slide's height


def _facts(layout: Any, width: int, height: int) -> _LayoutFacts:
    kinds = [ph.placeholder_format.type for ph in layout.placeholders]
    area = 0.0
    title_top = 0.0
    for ph in layout.placeholders:
        kind = ph.placeholder_format.type
        if kind in BODY_TYPES and ph.width is not None and ph.height is not None:
            area += ph.width * ph.height / (width * height)
        if kind in TITLE_TYPES and ph.top is not None:
            title_top = ph.top / height
    vertical = any(
        ph._element.ph is not None and ph._element.ph.get("orient") == "vert"
        for ph in layout.placeholders
    )
    return _LayoutFacts(
        centered_title=PP_PLACEHOLDER.CENTER_TITLE in kinds,
        titles=sum(k in TITLE_TYPES for k in kinds),
        subtitles=kinds.count(PP_PLACEHOLDER.SUBTITLE),
        bodies=sum(k in BODY_TYPES for k in kinds),
        objects=kinds.count(PP_PLACEHOLDER.OBJECT),
        vertical=vertical,
        pictures=kinds.count(PP_PLACEHOLDER.PICTURE),
        body_area=area,
        title_top=title_top,
    )


def _score(role: str, f: _LayoutFacts) -> float:
    """Score how well a layout serves a role; below zero: not at all."""
    if f.vertical or f.pictures or f.titles != 1:
        return -1.0
    if role == "title":
        if f.centered_title and f.subtitles:
            return 3.0
        return 1.0 if f.subtitles or f.centered_title else -1.0
    if f.centered_title or f.subtitles:
        return -1.0
    if role == "content":
        return 1.0 + f.objects + f.body_area if f.bodies == 1 else -1.0
    if role == "two_content":
        return 1.0 + f.objects + f.body_area if f.bodies == 2 else -1.0
    if role == "section":
        # A section header: a title set low on the slide, with at most a small text below it.
        if f.bodies > 1 or f.objects:
            return -1.0
        return 1.0 + f.title_top + (0.5 if f.bodies == 1 and f.body_area < 0.3 else 0.0)
    if role == "title_only":
        return 2.0 if f.bodies == 0 else -1.0
    return -1.0


def choose_layout(prs: Any, role: str, overrides: dict[str, str] | None = None) -> Any:
    """Return the slide layout for a role: named override, known name, then best by placeholders.

    Placeholders decide, not order or names, so a template whose layouts are renamed
    or reordered still works; a course's ``layouts:`` names one outright.
    """
    layouts = list(prs.slide_layouts)
    by_name = {layout.name.casefold(): layout for layout in layouts}
    override = (overrides or {}).get(role)
    if override:
        if override.casefold() in by_name:
            return by_name[override.casefold()]
        names = ", ".join(layout.name for layout in layouts)
        raise BuildError.at(
            Location(override), f"the template has no layout named '{override}'; it has: {names}"
        )
    for name in LAYOUT_NAMES.get(role, ()):
        layout = by_name.get(name.casefold())
        if layout is not None and _score(role, _facts(layout, *_size(prs))) >= 0:
            return layout
    fallbacks = {"section": "title_only", "two_content": "content", "title": "section"}
    for candidate in (role, fallbacks.get(role), "title_only"):
        if candidate is None:
            continue
        scored = [
            (_score(candidate, _facts(layout, *_size(prs))), -i, layout)
            for i, layout in enumerate(layouts)
        ]
        best = max(scored, key=lambda item: (item[0], item[1]))
        if best[0] >= 0:
            return best[2]
    return layouts[-1]


def _size(prs: Any) -> tuple[int, int]:
    return int(prs.slide_width or Pt(960)), int(prs.slide_height or Pt(540))


def open_template(path: Path) -> Any:
    """Open a .pptx/.potx as a presentation, from its cleaned package (never the raw file).

    Raise :class:`~alliance_slides.format.template_package.TemplateRefused` if it cannot
    be read safely.
    """
    return Presentation(io.BytesIO(cleaned(path).data))


def cleaned(path: Path) -> CleanTemplate:
    """Return the template at ``path`` read safely and cut to what a deck needs (cached)."""
    try:
        info = path.stat()
        version = (info.st_mtime_ns, info.st_size)
    except OSError:
        version = None  # reading it says why
    return _cleaned(path, version)


@functools.lru_cache(maxsize=4)
def _cleaned(path: Path, version: tuple[int, int] | None) -> CleanTemplate:
    return clean_template(path)


def template_layout_names(path: Path | None) -> list[str]:
    """Return the names of a template's slide layouts (``None``: the built-in template's).

    Raise :class:`BuildError` if the file is not a deck.
    """
    if path is None:
        return [layout.name for layout in Presentation().slide_layouts]
    return list(read_template(path).layout_names)


@dataclass(frozen=True)
class DeckTemplate:
    """What a template decides: its file, slide size, layout names, title and body frames."""

    path: Path
    width: float
    height: float
    layout_names: tuple[str, ...]
    title_box: Box | None
    body_box: Box | None
    #: What the import says a person should know (pictures left out, ...), one line each.
    warnings: tuple[str, ...] = ()

    def apply(self, theme: Theme) -> Theme:
        """Return ``theme`` drawn on this template: its size, its frames, its text styles."""
        margin = self.body_box.x if self.body_box else theme.margin
        return dataclasses.replace(
            theme,
            width=self.width,
            height=self.height,
            margin=margin,
            title_frame=self.title_box,
            body_frame=self.body_box,
            inherit_styles=True,
        )


def _box_of(shape: Any) -> Box | None:
    if shape is None or shape.left is None or shape.width is None:
        return None
    return Box(shape.left / 12700, shape.top / 12700, shape.width / 12700, shape.height / 12700)


def _opened(path: Path) -> Any:
    try:
        return open_template(path)
    except TemplateRefused:
        raise
    except Exception as e:  # python-pptx raises many kinds on a file that is not a deck
        raise BuildError.at(Location(str(path)), f"not a PowerPoint template: {e}") from e


def read_template(path: Path, layout_names: dict[str, str] | None = None) -> DeckTemplate:
    """Read a template's slide size, layout names, and the frames of its content layout.

    Raise :class:`BuildError` if the file is not a deck or lacks a layout ``layout_names``
    names.
    """
    try:
        info = path.stat()
        version = (info.st_mtime_ns, info.st_size)
    except OSError:
        version = None  # opening it says why
    return _read_template(path, version, tuple(sorted((layout_names or {}).items())))


@functools.lru_cache(maxsize=16)
def _read_template(
    path: Path, version: tuple[int, int] | None, layout_names: tuple[tuple[str, str], ...]
) -> DeckTemplate:
    """Read a template once per version of the file (a long-running ``watch`` sees edits)."""
    prs = _opened(path)
    layout = choose_layout(prs, "content", dict(layout_names))
    title = body = None
    for placeholder in layout.placeholders:
        kind = placeholder.placeholder_format.type
        if kind in TITLE_TYPES and title is None:
            title = placeholder
        elif kind in BODY_TYPES and body is None:
            body = placeholder
    width, height = _size(prs)
    return DeckTemplate(
        path,
        width / 12700,
        height / 12700,
        tuple(layout.name for layout in prs.slide_layouts),
        _box_of(title),
        _box_of(body),
        cleaned(path).warnings,
    )

