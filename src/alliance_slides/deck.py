"""Scenes to a .pptx file; the only module that imports python-pptx.

Each scene names a layout role (title, section, content, two_content, title_only);
the role is matched to a slide layout of the template by name and by the types of
its placeholders, so an institution's own template works as well as the built-in
one. Title, subtitle and body text go into the layout's placeholders (PowerPoint's
outline view and accessibility checker read them there); everything else is drawn
as ordinary shapes. Shapes are ordered in the file as the scene lists them, which
is the order a screen reader follows.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import gc
import io
import os
import re
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.oxml import serialize_part_xml
from pptx.opc.packuri import PackURI
from pptx.opc.serialized import PackageWriter
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.oxml.slide import CT_NotesSlide, CT_Slide
from pptx.parts.slide import NotesSlidePart, SlidePart
from pptx.text.text import TextFrame
from pptx.util import Pt

from alliance_slides.errors import BuildError, Location
from alliance_slides.layouts.text import (
    INSET_X,
    INSET_Y,
    bullet_indent,
    parse_emphasis,
)
from alliance_slides.scene import (
    Box,
    LineShape,
    MarkerShape,
    Paragraph,
    PictureShape,
    Run,
    SlideScene,
    TableShape,
    TextShape,
)
from alliance_slides.theme import Theme

_A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
_ALGN = {"left": "l", "center": "ctr", "right": "r"}
_NSDECL = f'xmlns:a="{_A_NS}"'
_P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
_NSDECL_AP = f'{_NSDECL} xmlns:p="{_P_NS}"'
_ANCHOR_XML = {"top": "t", "middle": "ctr", "bottom": "b"}
_RECTANGLE = '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
#: Text insets as bodyPr attributes; python-pptx leaves out those equal to the defaults.
_INSETS = "".join(
    f' {name}="{value}"'
    for name, value, default in (
        ("lIns", Pt(INSET_X), 91440),
        ("rIns", Pt(INSET_X), 91440),
        ("tIns", Pt(INSET_Y), 45720),
        ("bIns", Pt(INSET_Y), 45720),
    )
    if value != default
)

_TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
_BODY_TYPES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)

#: Layout names tried first for each role (python-pptx's and Office's default names).
LAYOUT_NAMES: dict[str, tuple[str, ...]] = {
    "title": ("Title Slide",),
    "section": ("Section Header",),
    "content": ("Title and Content",),
    "two_content": ("Two Content", "Comparison"),
    "title_only": ("Title Only",),
}

#: Fixed time stamp for zip entries and core properties when nothing else sets one.
_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)


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
        if kind in _BODY_TYPES and ph.width is not None and ph.height is not None:
            area += ph.width * ph.height / (width * height)
        if kind in _TITLE_TYPES and ph.top is not None:
            title_top = ph.top / height
    vertical = any(
        ph._element.ph is not None and ph._element.ph.get("orient") == "vert"
        for ph in layout.placeholders
    )
    return _LayoutFacts(
        centered_title=PP_PLACEHOLDER.CENTER_TITLE in kinds,
        titles=sum(k in _TITLE_TYPES for k in kinds),
        subtitles=kinds.count(PP_PLACEHOLDER.SUBTITLE),
        bodies=sum(k in _BODY_TYPES for k in kinds),
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


@dataclass(frozen=True)
class TemplateGeometry:
    """Where an institution's template puts things: slide size, title and body frames."""

    width: float
    height: float
    title_box: Box | None
    body_box: Box | None

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


def _property(text: str) -> str:
    """Return ``text`` cut to the 255 characters a core property (title, author ...) holds."""
    return text if len(text) <= 255 else text[:254] + "…"


#: The main part's content type in a .potx. python-pptx opens only presentations, whose
#: parts are the same under the presentation type, so a template is opened as one.
_POTX_MAIN = b"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"


def open_template(path: Path) -> Any:
    """Open a .pptx, or a .potx as the presentation it is the template of."""
    with zipfile.ZipFile(path) as archive:
        if _POTX_MAIN not in archive.read("[Content_Types].xml"):
            return Presentation(str(path))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as presentation:
            for entry in archive.infolist():
                data = archive.read(entry)
                if entry.filename == "[Content_Types].xml":
                    data = data.replace(_POTX_MAIN, CT.PML_PRESENTATION_MAIN.encode())
                presentation.writestr(entry, data)
    return Presentation(buffer)


def template_layout_names(path: Path | None) -> list[str]:
    """Return the names of a template's slide layouts (``None``: python-pptx's default).

    Raise BuildError if the file is not a deck.
    """
    try:
        prs = open_template(path) if path is not None else Presentation()
        return [layout.name for layout in prs.slide_layouts]
    except Exception as e:  # python-pptx raises many kinds on a file that is not a deck
        raise BuildError.at(Location(str(path)), f"not a PowerPoint template: {e}") from e


def deck_title(path: Path) -> str | None:
    """Return the title a deck's properties give, or ``None`` (none, or not a deck)."""
    try:
        return Presentation(str(path)).core_properties.title or None
    except Exception:  # noqa: BLE001 - any unreadable deck simply has no title to show
        return None


def template_geometry(path: Path, layout_names: dict[str, str] | None = None) -> TemplateGeometry:
    """Read a template's slide size and the title and body frames of its content layout."""
    try:
        prs = open_template(path)
    except Exception as e:  # python-pptx raises many kinds on a file that is not a deck
        raise BuildError.at(Location(str(path)), f"not a PowerPoint template: {e}") from e
    layout = choose_layout(prs, "content", layout_names)
    title = body = None
    for placeholder in layout.placeholders:
        kind = placeholder.placeholder_format.type
        if kind in _TITLE_TYPES and title is None:
            title = placeholder
        elif kind in _BODY_TYPES and body is None:
            body = placeholder
    width, height = prs.slide_width or Pt(960), prs.slide_height or Pt(540)
    return TemplateGeometry(width / 12700, height / 12700, _box_of(title), _box_of(body))


def _rgb(theme: Theme, color: str | None) -> str:
    return theme.colors.get(color or "text", color or theme.colors["text"])


class DeckWriter:
    """Draw scenes into a presentation made from a template (python-pptx's by default).

    Use it as a context manager: while it is open the objects alive when it began are
    kept out of the cyclic collector (see ``__init__``), and leaving it, saved or not,
    hands them back.
    """

    def __init__(
        self, theme: Theme, template: Path | None = None, layout_names: dict[str, str] | None = None
    ) -> None:
        self.theme = theme
        self.prs = open_template(template) if template else Presentation()
        if template is None:
            self.prs.slide_width = Pt(theme.width)
            self.prs.slide_height = Pt(theme.height)
            self.prs.part._element.find(qn("p:sldSz")).attrib.pop("type", None)
        self._drop_existing_slides()
        # The lecture and its scenes live until the deck is saved, and every slide adds
        # parts that do too: left to the cyclic collector, they are scanned over and over
        # as the deck grows (a sixth of a 4,000-slide build). Frozen, they are skipped;
        # leaving the writer hands them back. Nothing they hold is cyclic garbage meanwhile.
        gc.freeze()
        _count_partnames(self.prs.part.package)
        self.layout_names = layout_names or {}
        self._layouts: dict[str, Any] = {}
        # Counted here rather than searched for by python-pptx on every new slide, which
        # walks every slide id and relationship so far: quadratic in the deck's size.
        slide_ids = self.prs.slides._sldIdLst
        self._slides = len(slide_ids)
        self._last_slide_id = max([255] + [int(s.get("id")) for s in slide_ids])
        # A new slide of a layout, and a new notes slide, always start as the same XML:
        # made once by python-pptx, then copied (cloning placeholders is the costly part).
        self._blank_slides: dict[str, Any] = {}
        self._blank_notes: Any = None
        self._notes_body = 0
        self._roles: dict[str, list[tuple[int, str]]] = {}

    def _drop_existing_slides(self) -> None:
        """Remove a template's sample slides, so only generated slides are written."""
        slide_ids = self.prs.slides._sldIdLst
        for slide_id in list(slide_ids):
            self.prs.part.drop_rel(slide_id.rId)
            slide_ids.remove(slide_id)

    def layout(self, role: str) -> Any:
        if role not in self._layouts:
            self._layouts[role] = choose_layout(self.prs, role, self.layout_names)
        return self._layouts[role]

    # ------------------------------------------------------------------ slides

    def add(self, scene: SlideScene) -> None:
        """Add one slide drawn from ``scene``."""
        layout = self.layout(scene.layout)
        part = self._new_slide_part(layout)
        slide = part.slide
        background = scene.background or (None if self.theme.inherit_styles else "background")
        if background:
            # What python-pptx's background.fill.solid() makes on a slide that has no <p:bg>.
            slide._element.cSld.insert(0, parse_xml(
                f'<p:bg {_NSDECL_AP}><p:bgPr><a:solidFill><a:srgbClr val="'
                f'{_hex_text(_rgb(self.theme, background))}"/></a:solidFill><a:effectLst/>'
                "</p:bgPr></p:bg>"
            ))
        free = self._placeholders(part, layout)
        ordered = []
        for shape in scene.shapes:
            ordered.append(self._draw(slide, shape, free))
        for leftovers in free.values():
            for placeholder in leftovers:
                placeholder.getparent().remove(placeholder)
        tree = slide.shapes._spTree
        for element in ordered:  # file order = reading order
            tree.remove(element)
            tree.append(element)
        notes = self._new_notes_part(part) if scene.notes else None
        if notes is not None:
            body = notes._element.cSld.spTree[self._notes_body].txBody
            TextFrame(body, notes.notes_slide).text = scene.notes
            notes.freeze()
        part.freeze()

    def _new_slide_part(self, layout: Any) -> _SlidePart:
        """Add a slide part with the layout's placeholders: python-pptx's add_slide, counted."""
        self._slides += 1
        self._last_slide_id += 1
        package = self.prs.part.package
        partname = PackURI(f"/ppt/slides/slide{self._slides}.xml")
        blank = self._blank_slides.get(layout.part.partname)
        element = _copy(blank) if blank is not None else CT_Slide.new()
        part = _SlidePart(partname, CT.PML_SLIDE, package, element)
        part.relate_to(layout.part, RT.SLIDE_LAYOUT)
        # The part is new, so python-pptx's search for an existing relationship to it is moot.
        rel_id = self.prs.part.rels._add_relationship(RT.SLIDE, part)
        if blank is None:
            part.slide.shapes.clone_layout_placeholders(layout)
            self._blank_slides[layout.part.partname] = _copy(part._element)
        self.prs.slides._sldIdLst._add_sldId(id=self._last_slide_id, rId=rel_id)
        return part

    def _new_notes_part(self, slide_part: _SlidePart) -> _NotesSlidePart:
        """Add a notes slide to ``slide_part``, as python-pptx's notes_slide does on first use."""
        package = slide_part.package
        master = self.prs.part.notes_master_part
        notes = _NotesSlidePart(
            package.next_partname("/ppt/notesSlides/notesSlide%d.xml"),
            CT.PML_NOTES_SLIDE,
            package,
            CT_NotesSlide.new() if self._blank_notes is None else _copy(self._blank_notes),
        )
        notes.relate_to(master, RT.NOTES_MASTER)
        notes.relate_to(slide_part, RT.SLIDE)
        if self._blank_notes is None:
            notes.notes_slide.clone_master_placeholders(master.notes_master)
            self._blank_notes = _copy(notes._element)
            body = notes.notes_slide.notes_placeholder
            if body is None:  # python-pptx clones the master's body placeholder, so never
                raise BuildError.at(Location("notes master"), "the notes master has no body")
            self._notes_body = notes._element.cSld.spTree.index(body._element)
        slide_part.relate_to(notes, RT.NOTES_SLIDE)
        return notes

    def _placeholders(self, part: _SlidePart, layout: Any) -> dict[str, list[Any]]:
        """Return a new slide's placeholder elements by role (title, subtitle, body), in idx order.

        Every new slide of a layout is the same copy, so which of its shapes serves which
        role is worked out once per layout.
        """
        key = layout.part.partname
        if key not in self._roles:
            roles = []
            placeholders = sorted(part.slide.placeholders, key=lambda p: p.placeholder_format.idx)
            children = list(part.slide.shapes._spTree)
            for placeholder in placeholders:
                kind = placeholder.placeholder_format.type
                if kind in _TITLE_TYPES:
                    role = "title"
                elif kind == PP_PLACEHOLDER.SUBTITLE:
                    role = "subtitle"
                elif kind in _BODY_TYPES:
                    role = "body"
                else:
                    role = "other"
                roles.append((children.index(placeholder._element), role))
            self._roles[key] = roles
        free: dict[str, list[Any]] = {"title": [], "subtitle": [], "body": []}
        children = list(part.slide.shapes._spTree)
        for index, role in self._roles[key]:
            free.setdefault(role, []).append(children[index])
        return free

    def _draw(self, slide: Any, shape: Any, free: dict[str, list[Any]]) -> Any:
        if isinstance(shape, TextShape):
            return self._text(slide, shape, free)
        if isinstance(shape, LineShape):
            return self._line(slide, shape)
        if isinstance(shape, MarkerShape):
            return self._marker(slide, shape)
        if isinstance(shape, TableShape):
            return self._table(slide, shape)
        if isinstance(shape, PictureShape):
            return self._picture(slide, shape)
        raise TypeError(f"unknown scene shape {type(shape).__name__}")

    def _text(self, slide: Any, shape: TextShape, free: dict[str, list[Any]]) -> Any:
        """Fill the next free placeholder of the shape's role, else add a text box.

        The shape's properties and text are written as one XML fragment: the same XML
        python-pptx's proxies make (setting left, fill.solid(), word_wrap, auto_size,
        margins, vertical_anchor), at a fraction of the cost.
        """
        box = shape.box
        pool = free.get(shape.role, [])
        placeholder = pool.pop(0) if pool else None
        # In an institution's template, its placeholders keep their own fonts and colours.
        styled = not (placeholder is not None and self.theme.inherit_styles)
        if shape.fill:
            fill = f'<a:solidFill><a:srgbClr val="{_hex_text(_rgb(self.theme, shape.fill))}"/>'
            fill += "</a:solidFill>"
        else:
            fill = "" if placeholder is not None else "<a:noFill/>"
        geometry = "" if placeholder is not None else _RECTANGLE
        paragraphs = "".join(self._paragraph_xml(p, styled) for p in shape.paragraphs)
        xml = (
            f'<p:spPr><a:xfrm><a:off x="{Pt(box.x)}" y="{Pt(box.y)}"/>'
            f'<a:ext cx="{Pt(box.w)}" cy="{Pt(box.h)}"/></a:xfrm>{geometry}{fill}</p:spPr>'
            f'<p:txBody><a:bodyPr wrap="square"{_INSETS} anchor="{_ANCHOR_XML[shape.anchor]}">'
            f"<a:noAutofit/></a:bodyPr><a:lstStyle/>{paragraphs or '<a:p/>'}</p:txBody>"
        )
        if placeholder is None:
            tree = slide.shapes._spTree
            shape_id = tree.max_shape_id + 1  # python-pptx's rule for a new shape's id
            target = parse_xml(
                f'<p:sp {_NSDECL_AP}><p:nvSpPr><p:cNvPr id="{shape_id}" name=""/>'
                f'<p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>{xml}</p:sp>'
            )
            target[0][0].set("name", shape.name or f"TextBox {shape_id - 1}")
            tree.insert_element_before(target, "p:extLst")
            return target
        target = placeholder
        if shape.name:
            target[0][0].set("name", shape.name)  # p:nvSpPr/p:cNvPr
        for old in target.findall(qn("p:spPr")) + target.findall(qn("p:txBody")):
            target.remove(old)
        target.extend(list(parse_xml(f"<p:sp {_NSDECL_AP}>{xml}</p:sp>")))
        return target

    def _paragraphs(self, frame: Any, paragraphs: Sequence[Paragraph], styled: bool = True) -> None:
        """Replace a text frame's paragraphs with ``paragraphs``, built as one XML fragment.

        Building the XML as text and parsing it once is several times faster than
        python-pptx's proxies, which dominate the cost of a large deck.
        """
        body = frame._txBody
        for old in body.findall(qn("a:p")):
            body.remove(old)
        xml = "".join(self._paragraph_xml(para, styled) for para in paragraphs) or "<a:p/>"
        for element in parse_xml(f"<a:txBody {_NSDECL}>{xml}</a:txBody>"):
            body.append(element)

    def _paragraph_xml(self, para: Paragraph, styled: bool) -> str:
        indent, hang = bullet_indent(para)
        props = (
            f'<a:pPr marL="{Pt(indent)}" indent="{-Pt(hang)}" lvl="{min(para.level, 8)}" '
            f'algn="{_ALGN[para.align]}"><a:lnSpc><a:spcPct val="100000"/></a:lnSpc>'
            f'<a:spcBef><a:spcPts val="{int(para.space_before * 100)}"/></a:spcBef>'
        )
        if para.number is not None:
            props += f'<a:buFontTx/><a:buAutoNum type="arabicPeriod" startAt="{para.number}"/>'
        elif para.bullet:
            props += (
                f'<a:buClr><a:srgbClr val="{self.theme.colors["accent"]}"/></a:buClr>'
                f'<a:buFont typeface="Arial"/><a:buChar char="{_escape(para.bullet)}"/>'
            )
        else:
            props += "<a:buNone/>"
        props += "</a:pPr>"
        color = _rgb(self.theme, para.color) if styled else None
        runs = "".join(self._run_xml(run, para.size, color) for run in para.runs)
        return f"<a:p>{props}{runs}</a:p>"

    def _run_xml(self, run: Run, size: float, color: str | None) -> str:
        # cap="none": some masters set all-caps titles; the outline's text rules.
        head = (
            f'<a:rPr lang="en-US" sz="{int(round(size * 100))}" b="{int(run.bold)}" '
            f'i="{int(run.italic)}" cap="none" dirty="0">'
        )
        if color is not None:
            head += (
                f'<a:solidFill><a:srgbClr val="{color}"/></a:solidFill>'
                f'<a:latin typeface="{_escape(self.theme.latin_font)}"/>'
                f'<a:ea typeface="{_escape(self.theme.east_asian_font)}"/>'
            )
        return f"<a:r>{head}</a:rPr><a:t>{_escape(run.text)}</a:t></a:r>"

    def _line(self, slide: Any, shape: LineShape) -> Any:
        line = slide.shapes.add_connector(
            MSO_CONNECTOR.STRAIGHT, Pt(shape.x1), Pt(shape.y1), Pt(shape.x2), Pt(shape.y2)
        )
        line.line.color.rgb = _hex(_rgb(self.theme, shape.color))
        line.line.width = Pt(shape.width)
        if shape.name:
            line.name = shape.name
        return line._element

    def _marker(self, slide: Any, shape: MarkerShape) -> Any:
        kind = MSO_SHAPE.OVAL if shape.shape == "ellipse" else MSO_SHAPE.RECTANGLE
        box = shape.box
        marker = slide.shapes.add_shape(kind, Pt(box.x), Pt(box.y), Pt(box.w), Pt(box.h))
        marker.fill.solid()
        marker.fill.fore_color.rgb = _hex(_rgb(self.theme, shape.color))
        marker.line.fill.background()
        marker.shadow.inherit = False
        if shape.name:
            marker.name = shape.name
        return marker._element

    def _table(self, slide: Any, shape: TableShape) -> Any:
        box = shape.box
        frame = slide.shapes.add_table(
            len(shape.rows) + 1, len(shape.header), Pt(box.x), Pt(box.y), Pt(box.w), Pt(box.h)
        )
        frame.name = shape.name
        table = frame.table
        for i, width in enumerate(shape.column_widths):
            table.columns[i].width = Pt(width)
        for i, height in enumerate(shape.row_heights):
            table.rows[i].height = Pt(height)
        colors = self.theme.colors
        for r, cells in enumerate((shape.header, *shape.rows)):
            for c, text in enumerate(cells):
                cell = table.cell(r, c)
                cell.margin_left = cell.margin_right = Pt(INSET_X)
                cell.margin_top = cell.margin_bottom = Pt(INSET_Y)
                cell.vertical_anchor = MSO_ANCHOR.MIDDLE
                cell.fill.solid()
                background = (
                    "table_header" if r == 0 else ("table_band" if r % 2 == 0 else "background")
                )
                cell.fill.fore_color.rgb = _hex(colors[background])
                frame_ = cell.text_frame
                frame_.word_wrap = True
                color = colors["on_table_header"] if r == 0 else colors["text"]
                para = Paragraph(parse_emphasis(text, bold=r == 0), size=shape.size, color=color)
                self._paragraphs(frame_, [para])
        return frame._element

    def _picture(self, slide: Any, shape: PictureShape) -> Any:
        box = shape.box
        picture = slide.shapes.add_picture(
            str(shape.path), Pt(box.x), Pt(box.y), Pt(box.w), Pt(box.h)
        )
        c_nv_pr = picture._element.nvPicPr.cNvPr
        c_nv_pr.set("descr", shape.alt)
        picture.name = shape.name
        return picture._element

    # ------------------------------------------------------------------ output

    def set_properties(
        self,
        title: str,
        author: str | None,
        subject: str | None,
        keywords: Iterable[str],
        when: dt.datetime,
    ) -> None:
        """Set the core properties, with fixed times so equal inputs give equal bytes."""
        props = self.prs.core_properties
        props.title = _property(title)
        props.author = _property(author or "")
        props.subject = _property(subject or "")
        props.keywords = _property(", ".join(keywords))
        props.last_modified_by = "alliance-slides"
        props.revision = 1
        naive = when.astimezone(dt.timezone.utc).replace(tzinfo=None)
        props.created = props.modified = naive
        props.last_printed = naive

    def save(self, path: Path, when: dt.datetime) -> None:
        """Write the deck to ``path`` atomically: a temporary file, then a rename."""
        buffer = io.BytesIO()
        package = self.prs.part.package
        parts = tuple(package.iter_parts())
        _StampedPackageWriter(buffer, package._rels, parts, when).write_all()
        write_atomically(path, buffer.getvalue())

    def __enter__(self) -> DeckWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        # Also when a slide failed half-way: a long-running `watch` must not keep
        # everything frozen after one bad build.
        gc.unfreeze()


class _FrozenXml:
    """A part that keeps its XML as bytes once finished, so its element tree is freed.

    Every slide's tree (tens of kilobytes of lxml nodes and python-pptx proxies) would
    otherwise stay in memory until the deck is saved; serialized, a slide is a few
    kilobytes. The bytes are what python-pptx would have serialized at save time.
    """

    _element: Any
    _xml: bytes | None = None

    @property
    def blob(self) -> bytes:
        return self._xml if self._xml is not None else serialize_part_xml(self._element)

    def freeze(self) -> None:
        """Serialize the part now and drop its tree; it must not be changed afterwards."""
        self._xml = serialize_part_xml(self._element)
        self._element = None
        for cached in ("slide", "notes_slide"):  # python-pptx's proxies hold the tree too
            self.__dict__.pop(cached, None)


class _SlidePart(_FrozenXml, SlidePart):  # type: ignore[misc,override]
    """A slide part that can be frozen once drawn."""


class _NotesSlidePart(_FrozenXml, NotesSlidePart):  # type: ignore[misc,override]
    """A notes slide part that can be frozen once written."""


def _count_partnames(package: Any) -> None:
    """Give ``package`` a next_partname that counts instead of searching.

    python-pptx finds a free part name by walking every part of the package, once
    for each new notes slide: quadratic in the deck's size. Only this writer adds
    parts, so after the first search for a name template a counter is exact.
    """
    search = package.next_partname
    last: dict[str, int] = {}

    def next_partname(template: str) -> PackURI:
        if template not in last:
            first = search(template)
            last[template] = int(re.search(r"(\d+)\.xml$", first).group(1)) - 1  # type: ignore[union-attr]
        last[template] += 1
        return PackURI(template % last[template])

    package.next_partname = next_partname


class _StampedPackageWriter(PackageWriter):
    """python-pptx's package writer, stamping every zip entry with one fixed time.

    Writing the zip once, with fixed times and python-pptx's own order, makes equal
    decks byte-identical without re-packing the file.
    """

    def __init__(
        self, pkg_file: IO[bytes], pkg_rels: Any, parts: Sequence[Any], when: dt.datetime
    ) -> None:
        super().__init__(pkg_file, pkg_rels, parts)
        stamp = when.astimezone(dt.timezone.utc)
        self.date_time = (
            min(max(stamp.year, 1980), 2107),  # the years a zip entry can hold
            stamp.month,
            stamp.day,
            stamp.hour,
            stamp.minute,
            stamp.second,
        )

    def write_all(self) -> None:
        with zipfile.ZipFile(self._pkg_file, "w", zipfile.ZIP_DEFLATED) as archive:
            writer = _StampedZip(archive, self.date_time)
            self._write_content_types_stream(writer)  # type: ignore[arg-type]
            self._write_pkg_rels(writer)  # type: ignore[arg-type]
            self._write_parts(writer)  # type: ignore[arg-type]


class _StampedZip:
    """The one method PackageWriter calls on its physical writer, with fixed times."""

    def __init__(self, archive: zipfile.ZipFile, date_time: tuple[int, ...]) -> None:
        self.archive = archive
        self.date_time = date_time

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        entry = zipfile.ZipInfo(pack_uri.membername, date_time=self.date_time)  # type: ignore[arg-type]
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.external_attr = 0o644 << 16
        self.archive.writestr(entry, blob)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as e:  # the folder is a file, or cannot be made or written in
        if isinstance(e, (FileExistsError, NotADirectoryError)):
            why = f"{e.filename or path.parent} is not a folder"
        else:
            why = f"cannot make a file in {path.parent}: {e.strerror or e}"
        raise BuildError.at(Location(str(path)), f"cannot write: {why}") from e
    try:
        # mkstemp makes the file private (0600); the output gets the usual mode instead.
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise BuildError.at(Location(str(path)), f"cannot write: {e.strerror or e}") from e
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _escape(text: str) -> str:
    """Escape text for XML content or a double-quoted attribute.

    Not xml.sax.saxutils: importing it pulls in urllib, http and ssl, a tenth of start-up.
    """
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def _copy(element: Any) -> Any:
    """Return a deep copy of an element; lxml keeps python-pptx's element classes."""
    return copy.deepcopy(element)


def _hex_text(value: str) -> str:
    """Return a colour as python-pptx writes it (RRGGBB, upper case), checking it is one."""
    return str(_hex(value))


def _hex(value: str) -> Any:
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(value.lstrip("#").upper())


def _sub(
    parent: Any,
    tag: str,
    children: Sequence[tuple[str, dict[str, str]]] = (),
    attrs: dict[str, str] | None = None,
) -> Any:
    element = etree.SubElement(parent, qn(tag))
    for key, value in (attrs or {}).items():
        element.set(key, value)
    for child_tag, child_attrs in children:
        child = etree.SubElement(element, qn(child_tag))
        for key, value in child_attrs.items():
            child.set(key, value)
    return element
