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
import datetime as dt
import gc
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.oxml.slide import CT_NotesSlide, CT_Slide
from pptx.util import Pt

from alliance_slides.errors import BuildError, Location
from alliance_slides.files import write_atomically_with
from alliance_slides.format.markup import note_blocks, plain_text, separated
from alliance_slides.format.svg import is_svg
from alliance_slides.format.template import (
    BODY_TYPES,
    TITLE_TYPES,
    choose_layout,
    default_presentation,
    find_layout,
    open_template,
)
from alliance_slides.format.template_look import placeholder_color
from alliance_slides.format.theme import Theme
from alliance_slides.layout.resolved import ResolvedLecture
from alliance_slides.layout.scene import (
    ChartShape,
    LineShape,
    MarkerShape,
    Paragraph,
    PictureShape,
    Run,
    SlideScene,
    TableShape,
    TextShape,
)
from alliance_slides.layout.text import (
    INSET_X,
    INSET_Y,
    bullet_indent,
    measures_for,
    parse_emphasis,
)
from alliance_slides.output.package import (
    FrozenNotesSlidePart,
    FrozenSlidePart,
    StampedPackageWriter,
    add_file_picture,
    count_in_app_properties,
    count_partnames,
    list_notes_master,
)
from alliance_slides.output.pictures import add_svg_picture

_A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
_ALGN = {"left": "l", "center": "ctr", "right": "r"}
_NSDECL = f'xmlns:a="{_A_NS}"'
_P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NSDECL_AR = f'{_NSDECL} xmlns:r="{_R_NS}"'
_NSDECL_AP = f'{_NSDECL_AR} xmlns:p="{_P_NS}"'
#: Indent of each level of a list in the notes pane, in points.
NOTES_INDENT = 18.0
#: Width of the rule round a picture whose edge blends into a dark slide, in points.
KEYLINE = 1.0
#: python-pptx's names of the scheme colours.
_THEME_COLORS = {
    "tx1": MSO_THEME_COLOR.TEXT_1,
    "bg1": MSO_THEME_COLOR.BACKGROUND_1,
    "tx2": MSO_THEME_COLOR.TEXT_2,
    "bg2": MSO_THEME_COLOR.BACKGROUND_2,
    "dk1": MSO_THEME_COLOR.DARK_1,
    "lt1": MSO_THEME_COLOR.LIGHT_1,
    "dk2": MSO_THEME_COLOR.DARK_2,
    "lt2": MSO_THEME_COLOR.LIGHT_2,
    "hlink": MSO_THEME_COLOR.HYPERLINK,
    **{f"accent{i}": getattr(MSO_THEME_COLOR, f"ACCENT_{i}") for i in range(1, 7)},
}
#: Scene roles filled by the date, footer and slide-number placeholders of a layout.
_FOOTER_ROLES = ("dt", "ftr", "sldNum")
_FOOTER_KINDS = {
    PP_PLACEHOLDER.DATE: "dt",
    PP_PLACEHOLDER.FOOTER: "ftr",
    PP_PLACEHOLDER.SLIDE_NUMBER: "sldNum",
}
#: The field id PowerPoint gives a slide-number field (any GUID will do; one keeps output stable).
_SLIDE_NUMBER_FIELD = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"


def _same_box(inherited: Any, box: Any) -> bool:
    """Tell whether a scene's box is the placeholder's own (within half a point)."""
    return all(
        abs(a - b) <= 0.5
        for a, b in zip(
            (inherited.x, inherited.y, inherited.w, inherited.h), (box.x, box.y, box.w, box.h),
            strict=True,
        )
    )
_ANCHOR_XML = {"top": "t", "middle": "ctr", "bottom": "b"}
_RECTANGLE = '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
_MARKERS = {
    "ellipse": MSO_SHAPE.OVAL,
    "rectangle": MSO_SHAPE.RECTANGLE,
    "rounded": MSO_SHAPE.ROUNDED_RECTANGLE,
}
#: A table's rules: thin (0.75 pt), horizontal only, in the theme's line colour.
_RULE_EMU = 9525
#: PowerPoint's "No Style, No Grid" table style: the table's look is all in its cells.
_NO_STYLE = "{2D5ABB26-0587-4C30-8999-92F81FD0307C}"
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


class WrittenDeck(NamedTuple):
    """What :func:`write_deck` wrote: how many slides, and the SHA-256 of the bytes."""

    slides: int
    #: Taken from the bytes before the rename, so a record keys what this run wrote.
    digest: str


def write_deck(resolved: ResolvedLecture, target: Path) -> WrittenDeck:
    """Write the deck of a resolved lecture to ``target`` atomically; say what was written."""
    lecture = resolved.lecture
    outline = lecture.outline
    template = resolved.template.path if resolved.template else None
    with DeckWriter(resolved.theme, template, lecture.layout_names) as writer:
        writer.set_properties(
            title=plain_text(outline.title),
            author=plain_text(outline.author) if outline.author else None,
            subject=lecture.course.title,
            keywords=outline.tags,
            when=resolved.stamp,
        )
        for scene in resolved.scenes:
            writer.add(scene)
        digest = writer.save(target, resolved.stamp)
    return WrittenDeck(len(resolved.scenes), digest)


#: The earliest time written into core properties (Office's FILETIME epoch).
_EARLIEST = dt.datetime(1601, 1, 1)
#: The largest length DrawingML holds (ST_PositiveCoordinate), in EMU.
_MAX_EMU = 2**31 - 1


def _extent(points: float) -> int:
    """Return a width or height in EMU, within what DrawingML holds (0 to 2^31 - 1).

    Layout keeps every size sensible; this is the last guard, so that a runaway size
    gives a deck that is too large to look at, never one PowerPoint must repair.
    """
    return min(max(int(Pt(points)), 0), _MAX_EMU)


def _property(text: str) -> str:
    """Return ``text`` cut to the 255 characters a core property (title, author ...) holds."""
    return text if len(text) <= 255 else text[:254] + "…"


def _rgb(theme: Theme, color: str | None) -> str:
    return theme.colors.get(color or "text", color or theme.colors["text"])


def _color_xml(theme: Theme, color: str | None) -> str:
    """A colour element: the template's scheme colour when the theme names one, else RGB.

    A scheme colour (tx1, accent2 ...) is the template's own, so the deck uses only
    colours the template defines, and follows the template if its theme is changed.
    """
    name = color or "text"
    scheme = theme.scheme.get(name) if theme.scheme else None
    if scheme is not None:
        return f'<a:schemeClr val="{scheme}"/>'
    return f'<a:srgbClr val="{_hex_text(_rgb(theme, color))}"/>'


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
        self.prs = open_template(template) if template else default_presentation()
        if template is None:
            self.prs.slide_width = Pt(theme.width)
            self.prs.slide_height = Pt(theme.height)
            self.prs.part._element.find(qn("p:sldSz")).attrib.pop("type", None)
        self._drop_existing_slides()
        if template is None or self.theme.scheme.get("link", "hlink") != "hlink":
            self._color_links()
        # The lecture and its scenes live until the deck is saved, and every slide adds
        # parts that do too: left to the cyclic collector, they are scanned over and over
        # as the deck grows (a sixth of a 4,000-slide build). Frozen, they are skipped;
        # leaving the writer hands them back. Nothing they hold is cyclic garbage meanwhile.
        gc.freeze()
        count_partnames(self.prs.part.package)
        self.layout_names = layout_names or {}
        self._layouts: dict[str, Any] = {}
        # Each look's text is set in the face it was measured with: in a template's text
        # box, inheriting would give the theme's minor font (Calibri) where the body was
        # measured, and its placeholders are set, in the template's own (Roboto).
        self._faces = {look: measure.face for look, measure in measures_for(theme).items()}
        # Counted here rather than searched for by python-pptx on every new slide, which
        # walks every slide id and relationship so far: quadratic in the deck's size.
        slide_ids = self.prs.slides._sldIdLst
        self._slides = len(slide_ids)
        self._hidden = self._notes = 0  # what docProps/app.xml will say
        self._last_slide_id = max([255] + [int(s.get("id")) for s in slide_ids])
        # A new slide of a layout, and a new notes slide, always start as the same XML:
        # made once by python-pptx, then copied (cloning placeholders is the costly part).
        self._blank_slides: dict[str, Any] = {}
        self._blank_notes: Any = None
        self._notes_body = 0
        self._roles: dict[str, list[tuple[int, str]]] = {}
        self._colors: dict[str | None, str] = {}
        self._footers: dict[str, dict[str, Any]] = {}
        self._scene: SlideScene | None = None
        #: The slide or notes part being drawn: hyperlinks are its relationships.
        self._part: Any = None
        #: SVG parts already in the deck, by their bytes' digest (one part per picture).
        self._svg_parts: dict[str, Any] = {}
        self._pictures: dict[str, Any] = {}
        #: The time stamped into embedded chart workbooks (set_properties sets the deck's).
        self._stamp = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)

    def _color_links(self) -> None:
        """Give links the theme's link colour, as the deck's theme parts name link colours.

        PowerPoint and LibreOffice draw a link in the theme's hyperlink colour whatever its
        run says; python-pptx's default is pure blue, unreadable on a dark theme, and a
        template's own may not read on its background either (then the theme's link
        colour is one of the template's scheme colours that does).
        """
        color = _hex_text(self.theme.link_color)
        for master in self.prs.slide_masters:
            theme = master.part.part_related_by(RT.THEME)
            blob = theme.blob.decode("utf-8")
            for name in ("hlink", "folHlink"):
                blob = re.sub(
                    rf"<a:{name}>.*?</a:{name}>",
                    f'<a:{name}><a:srgbClr val="{color}"/></a:{name}>',
                    blob,
                    count=1,
                    flags=re.S,
                )
            theme._blob = blob.encode("utf-8")

    def _drop_existing_slides(self) -> None:
        """Remove a template's sample slides, so only generated slides are written."""
        slide_ids = self.prs.slides._sldIdLst
        for slide_id in list(slide_ids):
            self.prs.part.drop_rel(slide_id.rId)
            slide_ids.remove(slide_id)

    def _color(self, color: str | None) -> str:
        """Return the colour element for a theme colour name (each made once per deck)."""
        made = self._colors.get(color)
        if made is None:
            made = self._colors[color] = _color_xml(self.theme, color)
        return made

    def layout(self, role: str, name: str | None = None) -> Any:
        """Return the layout of a role, or the one a slide names."""
        key = f"name:{name.casefold()}" if name else role
        if key not in self._layouts:
            self._layouts[key] = (
                find_layout(self.prs, name, self.layout_names)
                if name
                else choose_layout(self.prs, role, self.layout_names)
            )
        return self._layouts[key]

    # ------------------------------------------------------------------ slides

    def add(self, scene: SlideScene) -> None:
        """Add one slide drawn from ``scene``."""
        layout = self.layout(scene.layout, scene.layout_name)
        part = self._new_slide_part(layout)
        self._part = part
        slide = part.slide
        if scene.hidden:
            slide._element.set("show", "0")
            self._hidden += 1
        background = scene.background or (None if self.theme.inherit_styles else "background")
        if background:
            # What python-pptx's background.fill.solid() makes on a slide that has no <p:bg>.
            slide._element.cSld.insert(0, parse_xml(
                f'<p:bg {_NSDECL_AP}><p:bgPr><a:solidFill>{self._color(background)}'
                "</a:solidFill><a:effectLst/></p:bgPr></p:bg>"
            ))
        free = self._placeholders(part, layout)
        self._scene = scene
        self._body_index = 0
        ordered = []
        for shape in scene.shapes:
            ordered.append(self._draw(slide, shape, free))
        for role, leftovers in free.items():
            if role in _FOOTER_ROLES:
                continue  # the layout's own, cloned only when used
            for placeholder in leftovers:
                placeholder.getparent().remove(placeholder)
        tree = slide.shapes._spTree
        for element in ordered:  # file order = reading order
            tree.remove(element)
            tree.append(element)
        notes = self._new_notes_part(part) if scene.notes else None
        if notes is not None:
            body = notes._element.cSld.spTree[self._notes_body].txBody
            for old in body.findall(qn("a:p")):
                body.remove(old)
            self._part = notes
            xml = self._notes_xml(scene.notes)
            body.extend(list(parse_xml(f"<a:txBody {_NSDECL_AR}>{xml}</a:txBody>")))
            notes.freeze()
        self._part = None
        part.freeze()

    def _new_slide_part(self, layout: Any) -> FrozenSlidePart:
        """Add a slide part with the layout's placeholders: python-pptx's add_slide, counted."""
        self._slides += 1
        self._last_slide_id += 1
        package = self.prs.part.package
        partname = PackURI(f"/ppt/slides/slide{self._slides}.xml")
        blank = self._blank_slides.get(layout.part.partname)
        element = _copy(blank) if blank is not None else CT_Slide.new()
        part = FrozenSlidePart(partname, CT.PML_SLIDE, package, element)
        part.relate_to(layout.part, RT.SLIDE_LAYOUT)
        # The part is new, so python-pptx's search for an existing relationship to it is moot.
        rel_id = self.prs.part.rels._add_relationship(RT.SLIDE, part)
        if blank is None:
            part.slide.shapes.clone_layout_placeholders(layout)
            self._blank_slides[layout.part.partname] = _copy(part._element)
        self.prs.slides._sldIdLst._add_sldId(id=self._last_slide_id, rId=rel_id)
        return part

    def _new_notes_part(self, slide_part: FrozenSlidePart) -> FrozenNotesSlidePart:
        """Add a notes slide to ``slide_part``, as python-pptx's notes_slide does on first use."""
        package = slide_part.package
        master = self.prs.part.notes_master_part
        notes = FrozenNotesSlidePart(
            package.next_partname("/ppt/notesSlides/notesSlide%d.xml"),
            CT.PML_NOTES_SLIDE,
            package,
            CT_NotesSlide.new() if self._blank_notes is None else _copy(self._blank_notes),
        )
        notes.relate_to(master, RT.NOTES_MASTER)
        notes.relate_to(slide_part, RT.SLIDE)
        self._notes += 1
        if self._blank_notes is None:
            notes.notes_slide.clone_master_placeholders(master.notes_master)
            self._blank_notes = _copy(notes._element)
            body = notes.notes_slide.notes_placeholder
            if body is None:  # python-pptx clones the master's body placeholder, so never
                raise BuildError.at(Location("notes master"), "the notes master has no body")
            self._notes_body = notes._element.cSld.spTree.index(body._element)
        slide_part.relate_to(notes, RT.NOTES_SLIDE)
        return notes

    def _placeholders(self, part: FrozenSlidePart, layout: Any) -> dict[str, list[Any]]:
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
                if kind in TITLE_TYPES:
                    role = "title"
                elif kind == PP_PLACEHOLDER.SUBTITLE:
                    role = "subtitle"
                elif kind in BODY_TYPES:
                    role = "body"
                else:
                    role = "other"
                roles.append((children.index(placeholder._element), role))
            self._roles[key] = roles
            # python-pptx leaves out the date, footer and slide number: they are cloned
            # from the layout when the slide's footer asks for them.
            self._footers[key] = {}
            for placeholder in layout.placeholders:
                kind = placeholder.placeholder_format.type
                name = _FOOTER_KINDS.get(kind)
                if name and name not in self._footers[key]:
                    self._footers[key][name] = placeholder._element
        free: dict[str, list[Any]] = {"title": [], "subtitle": [], "body": []}
        children = list(part.slide.shapes._spTree)
        for index, role in self._roles[key]:
            free.setdefault(role, []).append(children[index])
        for name, element in self._footers[key].items():
            free[name] = [element]
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
        if isinstance(shape, ChartShape):
            # Charts bring XlsxWriter (a tenth of start-up): imported only for a deck with one.
            from alliance_slides.output.charts import draw_chart

            return draw_chart(slide, shape, self.theme, self._stamp)
        raise TypeError(f"unknown scene shape {type(shape).__name__}")

    def _text(self, slide: Any, shape: TextShape, free: dict[str, list[Any]]) -> Any:
        """Fill the next free placeholder of the shape's role, else add a text box.

        The shape's properties and text are written as one XML fragment: the same XML
        python-pptx's proxies make (setting left, fill.solid(), word_wrap, auto_size,
        margins, vertical_anchor), at a fraction of the cost. In an institution's
        template a placeholder keeps the template's frame, fonts, colours, spacing and
        bullets: only the text, its size and emphasis are written (and a colour only
        where the template's own would not read on what its layout draws).
        """
        box = shape.box
        pool = free.get(shape.role, [])
        placeholder = pool.pop(0) if pool else None
        if placeholder is not None and shape.role in _FOOTER_ROLES:
            placeholder = _copy(placeholder)  # cloned from the layout
            slide.shapes._spTree.insert_element_before(placeholder, "p:extLst")
        inherit = placeholder is not None and self.theme.inherit_styles
        if inherit:
            return self._fill_placeholder(placeholder, shape)
        if shape.fill:
            fill = f"<a:solidFill>{self._color(shape.fill)}</a:solidFill>"
        else:
            fill = "" if placeholder is not None else "<a:noFill/>"
        geometry = "" if placeholder is not None else _RECTANGLE
        paragraphs = "".join(self._paragraph_xml(p, True) for p in shape.paragraphs)
        extent = f'<a:ext cx="{_extent(box.w)}" cy="{_extent(box.h)}"/>'
        xml = (
            f'<p:spPr><a:xfrm><a:off x="{Pt(box.x)}" y="{Pt(box.y)}"/>'
            f"{extent}</a:xfrm>{geometry}{fill}</p:spPr>"
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

    def _fill_placeholder(self, target: Any, shape: TextShape) -> Any:
        """Put text in a template's placeholder, leaving its frame and look to the template."""
        box = shape.box
        if shape.name:
            target[0][0].set("name", shape.name)  # p:nvSpPr/p:cNvPr
        if shape.role in _FOOTER_ROLES:
            tree = target.getparent()
            target[0][0].set("id", str(tree.max_shape_id + 1))
        inherited = self._placeholder_box(target, shape.role)
        xfrm = ""
        if inherited is None or not _same_box(inherited, box):
            xfrm = (
                f'<a:xfrm><a:off x="{Pt(box.x)}" y="{Pt(box.y)}"/>'
                f'<a:ext cx="{_extent(box.w)}" cy="{_extent(box.h)}"/></a:xfrm>'
            )
        color = None
        layout = self.theme.layouts.get(self._scene.layout) if self._scene else None
        if layout is not None:
            index = 0
            if shape.role == "body":
                index = self._body_index
                self._body_index += 1
            value, write = placeholder_color(layout, shape.role, box, index)
            color = f'<a:schemeClr val="{value}"/>' if write else None
        paragraphs = "".join(
            self._placeholder_paragraph(p, color, shape.role) for p in shape.paragraphs
        )
        for old in target.findall(qn("p:spPr")) + target.findall(qn("p:txBody")):
            target.remove(old)
        xml = (
            f"<p:spPr>{xfrm}</p:spPr><p:txBody><a:bodyPr><a:noAutofit/></a:bodyPr>"
            f"<a:lstStyle/>{paragraphs or '<a:p/>'}</p:txBody>"
        )
        target.extend(list(parse_xml(f"<p:sp {_NSDECL_AP}>{xml}</p:sp>")))
        return target

    def _placeholder_box(self, target: Any, role: str) -> Any:
        """Return the frame (x, y, w, h in points) a slide placeholder inherits, if known."""
        layout = self.theme.layouts.get(self._scene.layout) if self._scene else None
        if layout is None:
            return None
        ph = target.find(qn("p:nvSpPr") + "/" + qn("p:nvPr") + "/" + qn("p:ph"))
        idx = int(ph.get("idx") or 0) if ph is not None else 0
        kind = (ph.get("type") or "obj") if ph is not None else ""
        for placeholder in layout.placeholders:
            if placeholder.idx == idx and (placeholder.kind == kind or idx):
                return placeholder.box
        return None

    def _placeholder_paragraph(self, para: Paragraph, color: str | None, role: str) -> str:
        props = f'lvl="{min(para.level, 8)}"' if para.level else ""
        inner = ""
        if para.continued:  # the rest of a paragraph: its indent, no second bullet
            indent, hang = bullet_indent(para)
            props += f' marL="{Pt(indent)}" indent="{-Pt(hang)}"'
            inner = "<a:buNone/>"
        elif para.numbering is not None:
            scheme, start = para.numbering  # 1., a. below it, i. below that
            indent, hang = bullet_indent(para)
            props += f' marL="{Pt(indent)}" indent="{-Pt(hang)}"'
            inner = f'<a:buFontTx/><a:buAutoNum type="{scheme}" startAt="{start}"/>'
        elif not para.bullet and role == "body":
            inner = "<a:buNone/>"
        head = f"<a:pPr {props}>{inner}</a:pPr>" if props or inner else ""
        runs = "".join(self._placeholder_run(run, para.size, color) for run in para.runs)
        if role == "sldNum":
            text = _escape(para.text)
            fill = f"<a:solidFill>{color}</a:solidFill>" if color else ""
            runs = (
                f'<a:fld id="{_SLIDE_NUMBER_FIELD}" type="slidenum"><a:rPr lang="en-US" '
                f'sz="{int(round(para.size * 100))}">{fill}</a:rPr><a:t>{text}</a:t></a:fld>'
            )
        return f"<a:p>{head}{runs}</a:p>"

    def _placeholder_run(self, run: Run, size: float, color: str | None) -> str:
        """A run in a template's placeholder: the template's face and colour, the outline's
        size, emphasis, link (underlined, clickable) and code face."""
        emphasis = (' b="1"' if run.bold else "") + (' i="1"' if run.italic else "")
        if run.link is not None:
            emphasis += ' u="sng"'
        head = f'<a:rPr lang="en-US" sz="{int(round(size * 100))}"{emphasis} dirty="0">'
        if color:
            head += f"<a:solidFill>{color}</a:solidFill>"
        if run.code:
            head += f'<a:latin typeface="{_escape(self.theme.code_font)}"/>'
        if run.link is not None:
            head += f'<a:hlinkClick r:id="{self._hyperlink(run.link)}"/>'
        return f"<a:r>{head}</a:rPr><a:t>{_escape(run.text)}</a:t></a:r>"

    def _paragraphs(self, frame: Any, paragraphs: Sequence[Paragraph], styled: bool = True) -> None:
        """Replace a text frame's paragraphs with ``paragraphs``, built as one XML fragment.

        Building the XML as text and parsing it once is several times faster than
        python-pptx's proxies, which dominate the cost of a large deck.
        """
        body = frame._txBody
        for old in body.findall(qn("a:p")):
            body.remove(old)
        xml = "".join(self._paragraph_xml(para, styled) for para in paragraphs) or "<a:p/>"
        for element in parse_xml(f"<a:txBody {_NSDECL_AR}>{xml}</a:txBody>"):
            body.append(element)

    def _paragraph_xml(self, para: Paragraph, styled: bool) -> str:
        indent, hang = bullet_indent(para)
        props = (
            f'<a:pPr marL="{Pt(indent)}" indent="{-Pt(hang)}" lvl="{min(para.level, 8)}" '
            f'algn="{_ALGN[para.align]}"><a:lnSpc><a:spcPct val="100000"/></a:lnSpc>'
            f'<a:spcBef><a:spcPts val="{int(para.space_before * 100)}"/></a:spcBef>'
        )
        if para.space_after:
            props += f'<a:spcAft><a:spcPts val="{int(para.space_after * 100)}"/></a:spcAft>'
        numbering = para.numbering
        if para.continued:  # the rest of a paragraph: indented as it was, no second bullet
            props += "<a:buNone/>"
        elif numbering is not None:
            scheme, start = numbering
            props += (
                f"<a:buClr>{self._color('accent')}</a:buClr>"
                f'<a:buFontTx/><a:buAutoNum type="{scheme}" startAt="{start}"/>'
            )
        elif para.bullet:
            font = (
                "<a:buFontTx/>" if self.theme.inherit_styles else '<a:buFont typeface="Arial"/>'
            )
            props += (
                f"<a:buClr>{self._color('accent')}</a:buClr>"
                f'{font}<a:buChar char="{_escape(para.bullet)}"/>'
            )
        else:
            props += "<a:buNone/>"
        props += "</a:pPr>"
        color = self._color(para.color) if styled else None
        face = self._faces.get(para.look, self.theme.latin_font)
        runs = "".join(self._run_xml(run, para.size, color, face) for run in para.runs)
        return f"<a:p>{props}{runs}</a:p>"

    def _run_xml(
        self, run: Run, size: float | None, color: str | None, face: str | None = None
    ) -> str:
        # cap="none": some masters set all-caps titles; the outline's text rules.
        sz = f' sz="{int(round(size * 100))}"' if size is not None else ""
        underline = ' u="sng"' if run.link is not None else ""
        head = (
            f'<a:rPr lang="en-US"{sz} b="{int(run.bold)}" '
            f'i="{int(run.italic)}"{underline} cap="none" dirty="0">'
        )
        latin = self.theme.code_font if run.code else face or self.theme.latin_font
        if color is not None:  # a text box: set in the face it was measured with
            head += f"<a:solidFill>{color}</a:solidFill><a:latin typeface=\"{_escape(latin)}\"/>"
            if not self.theme.inherit_styles:  # a template's East Asian face applies
                head += f'<a:ea typeface="{_escape(self.theme.east_asian_font)}"/>'
        elif run.code:  # a template's placeholder keeps its font, but code stays monospace
            head += f'<a:latin typeface="{_escape(latin)}"/>'
        if run.link is not None:
            head += f'<a:hlinkClick r:id="{self._hyperlink(run.link)}"/>'
        return f"<a:r>{head}</a:rPr><a:t>{_escape(run.text)}</a:t></a:r>"

    def _hyperlink(self, url: str) -> str:
        """Return the id of the relationship from the part being drawn to ``url``."""
        if self._part is None:  # every run is drawn into a part; this is a programming error
            raise BuildError.at(Location(url), "a link outside a slide or notes page")
        return str(self._part.relate_to(url, RT.HYPERLINK, is_external=True))

    def _notes_xml(self, notes: str) -> str:
        """Return speaker notes as paragraphs: list items bulleted or numbered, runs styled."""
        out = []
        previous = None
        for block in note_blocks(notes):
            if previous is not None and separated(previous, block):
                out.append('<a:p><a:pPr marL="0" indent="0"><a:buNone/></a:pPr></a:p>')
            previous = block
            indent = NOTES_INDENT * (block.level + (block.kind != "paragraph"))
            hang = NOTES_INDENT if block.kind != "paragraph" else 0
            props = f'<a:pPr marL="{Pt(indent)}" indent="{-Pt(hang)}">'
            if block.kind == "number":
                props += (
                    f'<a:buFontTx/><a:buAutoNum type="arabicPeriod" startAt="{block.number}"/>'
                )
            elif block.kind == "bullet":
                mark = "•–"[block.level % 2]
                props += f'<a:buFont typeface="Arial"/><a:buChar char="{mark}"/>'
            else:
                props += "<a:buNone/>"
            runs = "".join(
                self._run_xml(s, None, None)
                for s in block.spans
            )
            out.append(f"<a:p>{props}</a:pPr>{runs}</a:p>")
        return "".join(out) or "<a:p/>"

    def _line(self, slide: Any, shape: LineShape) -> Any:
        line = slide.shapes.add_connector(
            MSO_CONNECTOR.STRAIGHT, Pt(shape.x1), Pt(shape.y1), Pt(shape.x2), Pt(shape.y2)
        )
        self._set_color(line.line.color, shape.color)
        line.line.width = Pt(shape.width)
        if shape.name:
            line.name = shape.name
        return line._element

    def _marker(self, slide: Any, shape: MarkerShape) -> Any:
        kind = _MARKERS.get(shape.shape, MSO_SHAPE.RECTANGLE)
        box = shape.box
        marker = slide.shapes.add_shape(kind, Pt(box.x), Pt(box.y), Pt(box.w), Pt(box.h))
        if shape.shape == "rounded":  # corners of 8 pt, whatever the panel's size
            marker.adjustments[0] = min(0.5, 8.0 / max(min(box.w, box.h), 1.0))
        marker.fill.solid()
        self._set_color(marker.fill.fore_color, shape.color)
        marker.line.fill.background()
        marker.shadow.inherit = False
        if shape.name:
            marker.name = shape.name
        return marker._element

    def _table(self, slide: Any, shape: TableShape) -> Any:
        box = shape.box
        frame = slide.shapes.add_table(
            len(shape.rows) + 1,
            len(shape.header),
            Pt(box.x),
            Pt(box.y),
            _extent(box.w),
            _extent(sum(shape.row_heights)),
        )
        frame.name = shape.name
        table = frame.table
        for i, width in enumerate(shape.column_widths):
            table.columns[i].width = _extent(width)
        for i, height in enumerate(shape.row_heights):
            table.rows[i].height = _extent(height)
        for r, cells in enumerate((shape.header, *shape.rows)):
            for c, text in enumerate(cells):
                cell = table.cell(r, c)
                cell.margin_left = cell.margin_right = Pt(INSET_X)
                cell.margin_top = cell.margin_bottom = Pt(INSET_Y)
                cell.vertical_anchor = MSO_ANCHOR.MIDDLE
                cell.fill.solid()
                plain = "table_body" if "table_body" in self.theme.colors else "background"
                background = "table_header" if r == 0 else ("table_band" if r % 2 == 0 else plain)
                self._set_color(cell.fill.fore_color, background)
                self._rules(cell, top=r > 0)
                frame_ = cell.text_frame
                frame_.word_wrap = True
                color = "on_table_header" if r == 0 else "text"
                align = shape.align[c] if c < len(shape.align) else "left"
                para = Paragraph(
                    parse_emphasis(text, bold=r == 0), size=shape.size, color=color, align=align
                )
                self._paragraphs(frame_, [para])
        style = frame._element.graphic.graphicData.tbl.tblPr.find(qn("a:tableStyleId"))
        if style is not None:
            style.text = _NO_STYLE
        return frame._element

    def _set_color(self, target: Any, name: str) -> None:
        """Set a python-pptx colour to the theme's colour ``name``: scheme colour or RGB."""
        scheme = self.theme.scheme.get(name) if self.theme.scheme else None
        if scheme in _THEME_COLORS:
            target.theme_color = _THEME_COLORS[scheme]
        else:
            target.rgb = _hex(_rgb(self.theme, name))

    def _rules(self, cell: Any, top: bool) -> None:
        """Give a cell thin horizontal rules in the theme's line colour, and no vertical ones.

        A table style's grid (white in python-pptx's default) glares on a dark theme;
        these rules are the only lines the table draws.
        """
        tc_pr = cell._tc.get_or_add_tcPr()
        rule = f'<a:solidFill>{self._color("line")}</a:solidFill>'
        none = "<a:noFill/>"
        borders = "".join(
            f'<a:{side} w="{_RULE_EMU if fill != none else 0}">{fill}</a:{side}>'
            for side, fill in (
                ("lnL", none),
                ("lnR", none),
                ("lnT", rule if top else none),
                ("lnB", rule),
            )
        )
        for index, element in enumerate(parse_xml(f"<a:tcPr {_NSDECL}>{borders}</a:tcPr>")):
            tc_pr.insert(index, element)

    def _picture(self, slide: Any, shape: PictureShape) -> Any:
        box = shape.box
        if is_svg(shape.path):
            picture = add_svg_picture(slide, shape.path, box, self._svg_parts)
        else:
            picture = add_file_picture(
                slide, shape.path, (Pt(box.x), Pt(box.y), Pt(box.w), Pt(box.h)), self._pictures
            )
        c_nv_pr = picture._element.nvPicPr.cNvPr
        c_nv_pr.set("descr", shape.alt)
        picture.name = shape.name
        if shape.keyline:
            picture.line.width = Pt(KEYLINE)
            self._set_color(picture.line.color, shape.keyline)
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
        # W3CDTF dates have four-digit years, and Office's own dates start in 1601.
        naive = max(when.astimezone(dt.timezone.utc).replace(tzinfo=None), _EARLIEST)
        props.created = props.modified = naive
        props.last_printed = naive
        self._stamp = when

    def save(self, path: Path, when: dt.datetime) -> str:
        """Write the deck to ``path`` atomically; return the SHA-256 of what was written."""
        package = self.prs.part.package
        list_notes_master(self.prs)
        parts = tuple(package.iter_parts())
        count_in_app_properties(
            parts, self._slides, self._notes, self._hidden,
            self.prs.slide_width, self.prs.slide_height,
        )
        return write_atomically_with(
            path, lambda file: StampedPackageWriter(file, package._rels, parts, when).write_all()
        )

    def __enter__(self) -> DeckWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        # Also when a slide failed half-way: a long-running `watch` must not keep
        # everything frozen after one bad build.
        gc.unfreeze()


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
