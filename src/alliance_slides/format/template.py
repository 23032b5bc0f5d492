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
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml.ns import qn
from pptx.util import Pt

from alliance_slides.errors import BuildError, Location
from alliance_slides.format.template_look import (
    LayoutLook,
    Palette,
    Placeholder,
    TextLook,
    master_placeholder,
    read_layout_looks,
    shape_frame,
    text_box_look,
    theme_colors,
)
from alliance_slides.format.theme import Theme

if TYPE_CHECKING:
    from alliance_slides.format.template_package import CleanTemplate
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
    "blank": ("Blank",),
}


@dataclass(frozen=True)
class _LayoutFacts:
    """What a layout offers, for matching it to a role (degenerate placeholders not counted)."""

    centered_title: bool
    titles: int
    subtitles: int
    bodies: int
    objects: int
    vertical: bool
    pictures: int
    body_area: float  # share of the slide covered by its body placeholders
    title_top: float  # the title's top, as a share of the slide's height
    brand: bool = False  # it shows the master's graphics, or draws its own


def _usable(placeholder: Any, width: int | None = None, height: int | None = None) -> bool:
    """Tell whether a placeholder has a frame text can go in: sized, and on the slide."""
    frame = _frame(placeholder)
    if frame is None:
        return False
    left, top, w, h = frame
    if None in (left, top, w, h) or w < 12700 * 8 or h < 12700 * 8:
        return False
    if w >= 2**31 or h >= 2**31:
        return False
    if width is not None and height is not None:
        if left >= width or top >= height or left + w <= 0 or top + h <= 0:
            return False
    return True


def _frame(placeholder: Any) -> tuple[int, int, int, int] | None:
    """A layout placeholder's frame in EMU, its own or the master's placeholder's of its type.

    Read from the XML directly: python-pptx's inherited geometry searches the master
    again for every coordinate, which a deck's layout choice asked for thousands of times.
    """
    element = placeholder._element
    box = shape_frame(element)
    if box is None:
        try:
            master = placeholder.part.slide_master._element
        except AttributeError:
            return None
        ph = element.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}")
        kind = (ph.get("type") if ph is not None else None) or "obj"
        tree = master.find(f"{qn('p:cSld')}/{qn('p:spTree')}")
        inherited = master_placeholder(tree, kind) if tree is not None else None
        box = shape_frame(inherited) if inherited is not None else None
    if box is None:
        return None
    return (
        round(box.x * 12700),
        round(box.y * 12700),
        round(box.w * 12700),
        round(box.h * 12700),
    )


def _draws(element: Any) -> bool:
    """Tell whether a master's or layout's shape tree draws shapes or pictures of its own."""
    tree = element.find(qn("p:cSld") + "/" + qn("p:spTree"))
    if tree is None:
        return False
    for child in tree.iter(qn("p:sp"), qn("p:pic"), qn("p:cxnSp"), qn("p:graphicFrame")):
        if child.find(qn("p:nvSpPr") + "/" + qn("p:nvPr") + "/" + qn("p:ph")) is None:
            return True
    return False


def _facts(layout: Any, width: int, height: int) -> _LayoutFacts:
    placeholders = [ph for ph in layout.placeholders if _usable(ph, width, height)]
    kinds = [ph.placeholder_format.type for ph in placeholders]
    area = 0.0
    title_top = 0.0
    for ph in placeholders:
        kind = ph.placeholder_format.type
        frame = _frame(ph)
        assert frame is not None  # usable placeholders have one
        if kind in BODY_TYPES:
            area += frame[2] * frame[3] / (width * height)
        if kind in TITLE_TYPES:
            title_top = frame[1] / height
    vertical = any(
        ph._element.ph is not None and ph._element.ph.get("orient") == "vert"
        for ph in placeholders
    )
    shows_master = layout._element.get("showMasterSp") not in ("0", "false")
    brand = (shows_master and _draws(layout.slide_master._element)) or _draws(layout._element)
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
        brand=brand,
    )


def _score(role: str, f: _LayoutFacts) -> float:
    """Score how well a layout serves a role; below zero: not at all.

    Layouts that keep the brand (the master's graphics, or their own) score a little
    higher than bare ones serving the role as well.
    """
    score = _role_score(role, f)
    return score + 0.25 if score >= 0 and f.brand else score


def _role_score(role: str, f: _LayoutFacts) -> float:
    if role == "blank":
        return 1.0 if not (f.titles or f.subtitles or f.bodies or f.pictures) else -1.0
    if f.vertical or f.pictures or f.titles != 1:
        return -1.0
    if role == "title":
        if f.centered_title and f.subtitles:
            return 3.0
        return 1.0 if f.subtitles or f.centered_title else -1.0
    if f.centered_title and role != "section":
        return -1.0
    if f.subtitles and role != "section":
        return -1.0
    if role == "content":
        return 1.0 + f.objects + f.body_area if f.bodies == 1 else -1.0
    if role == "two_content":
        return 1.0 + f.objects + f.body_area if f.bodies == 2 else -1.0
    if role == "section":
        # A section header: a title set low on the slide, with at most a small text below it.
        if f.bodies > 1 or f.objects:
            return -1.0
        small = f.bodies + f.subtitles == 1 and f.body_area < 0.3
        # The title slide's own layout (a centred title over a subtitle) serves a section
        # only when no other layout does: sections that look like the title slide read
        # as a second start, and templates draw their section headers apart.
        opening = 1.0 if f.centered_title and f.subtitles else 0.0
        return 1.0 + f.title_top + (0.5 if small else 0.0) - opening
    if role == "title_only":
        return 2.0 if f.bodies == 0 else -1.0
    return -1.0


#: Where a role goes when no layout serves it: the next role tried, then the next.
FALLBACKS: dict[str, tuple[str, ...]] = {
    "title": ("section", "title_only", "content"),
    "section": ("title_only", "title", "content"),
    "content": ("two_content", "title_only"),
    "two_content": ("content", "title_only"),
    "title_only": ("content", "section", "two_content"),
    "blank": ("title_only",),
}


def choose_layout(prs: Any, role: str, overrides: dict[str, str] | None = None) -> Any:
    """Return the slide layout for a role: named override, known name, then best by placeholders.

    Placeholders decide, not order or names, so a template whose layouts are renamed
    or reordered still works; a course's ``layouts:`` names one outright. A role no
    layout serves takes the layout of a related role (a quote with no "Title Only"
    layout goes on a content layout, its body left out), and in the end any layout
    with one usable title, so titles stay in title placeholders.
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
        for layout in layouts:
            if layout.name.casefold() != name.casefold():
                continue
            fact = _layout_facts(prs, layout)
            # A known name wins over a better-scored one only when it keeps the brand too.
            if _score(role, fact) >= 0 and (fact.brand or not _draws(layout.slide_master._element)):
                return layout
    facts = _all_facts(prs)
    for candidate in (role, *FALLBACKS.get(role, ())):
        scored = [
            (_score(candidate, fact), -i, layout)
            for i, (layout, fact) in enumerate(zip(layouts, facts, strict=True))
        ]
        best = max(scored, key=lambda item: (item[0], item[1]))
        if best[0] >= 0:
            return best[2]
    titled = [
        (fact.brand, -fact.bodies, -i, layout)
        for i, (layout, fact) in enumerate(zip(layouts, facts, strict=True))
        if fact.titles >= 1
    ]
    if titled:
        return max(titled, key=lambda item: item[:3])[3]
    return layouts[0]


#: Layout facts by where the presentation came from (a template's file and version, or
#: python-pptx's default), its slide size and the layout's part: reading a placeholder's
#: inherited frame walks the master in python-pptx, and every deck asks for every role.
_FACTS: dict[tuple[object, ...], _LayoutFacts] = {}


def _layout_facts(prs: Any, layout: Any) -> _LayoutFacts:
    size = _size(prs)
    source = getattr(prs, "_alliance_source", None)
    if source is None:
        return _facts(layout, *size)
    key = (source, size, str(layout.part.partname))
    found = _FACTS.get(key)
    if found is None:
        if len(_FACTS) > 4096:
            _FACTS.clear()
        found = _FACTS[key] = _facts(layout, *size)
    return found


def _all_facts(prs: Any) -> list[_LayoutFacts]:
    """Return the facts of each of ``prs``'s layouts, in order."""
    return [_layout_facts(prs, layout) for layout in prs.slide_layouts]


def default_presentation() -> Any:
    """Return python-pptx's default presentation, marked so its layout facts are kept."""
    prs = Presentation()
    setattr(prs, "_alliance_source", "python-pptx default")  # noqa: B010
    return prs


def find_layout(prs: Any, wanted: str, overrides: dict[str, str] | None = None) -> Any:
    """Return the layout a slide asks for by name (any case) or by role (title, content ...).

    What a per-slide ``layout:`` field resolves through: a layout's own name first, then a
    role as :func:`choose_layout` serves it. Raise :class:`BuildError` naming the choices.
    """
    for layout in prs.slide_layouts:
        if layout.name.casefold() == wanted.casefold():
            return layout
    if wanted in FALLBACKS:
        return choose_layout(prs, wanted, overrides)
    names = ", ".join(f"'{layout.name}'" for layout in prs.slide_layouts)
    raise BuildError.at(
        Location(wanted),
        f"no layout named '{wanted}': the template has {names}; roles are "
        + ", ".join(FALLBACKS),
    )


def _size(prs: Any) -> tuple[int, int]:
    return int(prs.slide_width or Pt(960)), int(prs.slide_height or Pt(540))


def open_template(path: Path) -> Any:
    """Open a .pptx/.potx as a presentation, from its cleaned package (never the raw file).

    Raise :class:`~alliance_slides.format.template_package.TemplateRefused` if it cannot
    be read safely.
    """
    package = cleaned(path)
    prs = Presentation(io.BytesIO(package.data))
    setattr(prs, "_alliance_source", (str(path), id(package)))  # noqa: B010 - one per version
    return prs


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
    # Imported here: a build without a template never needs it (start-up time).
    from alliance_slides.format.template_package import clean_template

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
    """What a template decides: its file, slide size, layouts, frames, colours and text looks."""

    path: Path
    width: float
    height: float
    layout_names: tuple[str, ...]
    title_box: Box | None
    body_box: Box | None
    #: What the import says a person should know (pictures left out, ...), one line each.
    warnings: tuple[str, ...] = ()
    #: The theme's colours (through the master's colour map) and fonts.
    palette: Palette = dataclasses.field(default_factory=Palette)
    #: The layout chosen for each role, as read: placeholders, looks, backdrop.
    layouts: dict[str, LayoutLook] = dataclasses.field(default_factory=dict)
    #: How a text box on a slide looks (the presentation's default text style).
    text_look: TextLook = dataclasses.field(default_factory=TextLook)

    def apply(self, theme: Theme) -> Theme:
        """Return ``theme`` drawn on this template: its size, frames, colours, fonts and looks."""
        margin = self.body_box.x if self.body_box else theme.margin
        content = self.layouts.get("content")
        if content is None:
            return dataclasses.replace(
                theme,
                width=self.width,
                height=self.height,
                margin=margin,
                title_frame=self.title_box,
                body_frame=self.body_box,
                inherit_styles=True,
            )
        title = content.first("title", "ctrTitle")
        body = content.first("body", "obj")
        colors, scheme = theme_colors(self.palette, content, theme.colors)
        # The slide's other text (headings, labels, source lines) is set in the body's
        # face: a master that sets Roboto over a Calibri theme means Roboto for the slide.
        text = self.text_look
        if body is not None and body.look.font:
            text = dataclasses.replace(text, font=body.look.font)
        looks = {
            "title": title.look if title else self.text_look,
            "body": body.look if body else self.text_look,
            "text": text,
        }
        opening = self.layouts.get("title")
        subtitle = opening.first("subTitle", "body") if opening else None
        if subtitle is not None:
            looks["subtitle"] = subtitle.look
        footer = next(
            (
                found
                for layout in (content, *self.layouts.values())
                for found in (layout.first("ftr"), layout.first("dt"), layout.first("sldNum"))
                if found is not None
            ),
            None,
        )
        if footer is not None:
            looks["footer"] = footer.look
        # Sizes the template does not set grow with a slide larger than the theme's (a
        # 20-inch template's tables and footers at 22 and 11 pt read as 15 and 7 would).
        scale = max(1.0, self.width / theme.width)
        # A footer or source line in a text box is small print: the theme's size grown with
        # the slide, or the template's footers' when smaller (32 pt on a bar is its own).
        footer_size = min(
            (footer.look.size if footer else None) or math.inf, theme.footer_size * scale
        )
        for name, value in self.palette.colors.items():  # "tx1", "accent2" ... as names too
            colors.setdefault(name, value)
            scheme.setdefault(name, name)
        title_size = _size_of(title, theme.title_size)
        body_size = _size_of(body, theme.body_size)
        fonts = self.palette.fonts
        return dataclasses.replace(
            theme,
            width=self.width,
            height=self.height,
            margin=margin,
            title_frame=self.title_box,
            body_frame=self.body_box,
            inherit_styles=True,
            colors=colors,
            scheme=scheme,
            latin_font=_face(looks["body"].font, fonts.get("+mn-lt"), theme.latin_font),
            east_asian_font=_face(
                looks["body"].east_asian, fonts.get("+mn-ea"), theme.east_asian_font
            ),
            title_font=_face(looks["title"].font, fonts.get("+mj-lt"), theme.latin_font),
            title_size=title_size,
            title_min_size=min(theme.title_min_size * scale, title_size),
            body_size=body_size,
            # A floor the theme sets is kept (never above the template's size); otherwise
            # it is relative to the template's slide, and never above its size either.
            body_min_points=(
                None if theme.body_min_points is None else min(theme.body_min_points, body_size)
            ),
            table_size=min(theme.table_size * scale, body_size),
            table_min_size=min(theme.table_min_size * scale, body_size),
            footer_size=max(6.0, min(footer_size, 72.0)),
            layouts=dict(self.layouts),
            looks=looks,
        )


def _face(found: str, theme_font: str | None, default: str) -> str:
    """The face a look is set in: its own, else the template theme's, else the theme's."""
    if found and not found.startswith("+"):
        return found
    return theme_font or default


def _size_of(placeholder: Placeholder | None, default: float) -> float:
    """The size a placeholder's text is set at, within what a theme may ask for."""
    size = placeholder.look.size if placeholder is not None else None
    return max(8.0, min(float(size), 400.0)) if size else default


def _box_of(shape: Any) -> Box | None:
    if shape is None or shape.left is None or shape.width is None:
        return None
    return Box(shape.left / 12700, shape.top / 12700, shape.width / 12700, shape.height / 12700)


def _opened(path: Path) -> Any:
    try:
        return open_template(path)
    except BuildError:  # TemplateRefused: says why already
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


#: The layout roles a deck uses, in the order they are chosen.
ROLES = ("title", "section", "content", "two_content", "title_only")


@functools.lru_cache(maxsize=16)
def _read_template(
    path: Path, version: tuple[int, int] | None, layout_names: tuple[tuple[str, str], ...]
) -> DeckTemplate:
    """Read a template once per version of the file (a long-running ``watch`` sees edits)."""
    prs = _opened(path)
    overrides = dict(layout_names)
    layout = choose_layout(prs, "content", overrides)
    title = body = None
    for placeholder in layout.placeholders:
        kind = placeholder.placeholder_format.type
        if kind in TITLE_TYPES and title is None and _usable(placeholder):
            title = placeholder
        elif kind in BODY_TYPES and body is None and _usable(placeholder):
            body = placeholder
    width, height = _size(prs)
    chosen = {role: choose_layout(prs, role, overrides) for role in ROLES}
    warnings = list(cleaned(path).warnings)
    try:
        looks = read_layout_looks(prs, chosen, (width / 12700, height / 12700))
    except Exception as e:  # noqa: BLE001 - a look not read leaves the template's own at work
        looks = {}
        warnings.append(
            f"the template's text styles could not be read ({type(e).__name__}: {e}); "
            "its placeholders keep their own look, fitting uses the theme's"
        )
    master = layout.slide_master
    palette = looks["content"].palette if "content" in looks else Palette()
    usable = [lay for lay in prs.slide_layouts if _facts(lay, width, height).titles == 1]
    if len({chosen[role].name for role in ROLES}) < 3 or len(usable) < 3:
        names = ", ".join(f"{role}: '{chosen[role].name}'" for role in ROLES)
        warnings.append(
            f"the template has {len(usable)} layout(s) with a title; slides share them ({names})"
        )
    return DeckTemplate(
        path,
        width / 12700,
        height / 12700,
        tuple(lay.name for lay in prs.slide_layouts),
        _box_of(title),
        _box_of(body),
        tuple(warnings),
        palette,
        looks,
        text_box_look(master._element, prs.part._element, palette),
    )


def aspect_warning(template: DeckTemplate, aspect: str) -> str | None:
    """Say so when a template's slide shape is not the course's ``aspect`` (16:9, 4:3)."""
    wide, high = (float(n) for n in aspect.split(":"))
    if abs(template.width / template.height - wide / high) <= 0.02:
        return None
    return (
        f"the template's slides are {template.width:g} x {template.height:g} pt, not {aspect}: "
        "the deck takes the template's shape"
    )
