"""What a template's masters, layouts and theme decide: colours, fonts, text styles, frames.

PowerPoint resolves how a placeholder's text looks through a chain: the layout's
placeholder, the master's placeholder of the same type, the master's text styles
(``titleStyle`` for titles, ``bodyStyle`` for body and subtitle, ``otherStyle`` for the
rest), and the theme (fonts ``+mj-lt``/``+mn-lt``, scheme colours through the master's
colour map). :func:`read_look` follows that chain once per template, so layout can fit
text in the face, size and spacing that will render it, and the deck writer can leave
everything the template decides to the template.

It also draws each layout's backdrop (background fill, and the master's and layout's
own shapes and pictures) into a small raster, so contrast is judged against what is
really behind the text, and a footer can be placed clear of the brand's graphics.
"""

from __future__ import annotations

import colorsys
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from alliance_slides.format.backdrop import Backdrop
from alliance_slides.format.picture_sample import small_copy
from alliance_slides.geometry import Box

_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS = {"a": _A, "p": _P, "r": _R}
_EMU = 12700.0
#: Scheme colour names of the colour map, and the theme colours they may map to.
_MAPPED = ("bg1", "tx1", "bg2", "tx2")
_DEFAULT_MAP = {"bg1": "lt1", "tx1": "dk1", "bg2": "lt2", "tx2": "dk2"}
#: The colours of a theme's scheme, in the order PowerPoint lists them.
SCHEME_COLORS = (
    "dk1",
    "lt1",
    "dk2",
    "lt2",
    "accent1",
    "accent2",
    "accent3",
    "accent4",
    "accent5",
    "accent6",
    "hlink",
    "folHlink",
)
#: Which master text style a placeholder type takes its look from.
_STYLE_OF = {"title": "titleStyle", "ctrTitle": "titleStyle"}
_BODY_STYLED = ("body", "subTitle", "obj", None)
_ALIGN = {"l": "left", "ctr": "center", "r": "right", "just": "left", "dist": "left"}


@dataclass(frozen=True)
class Palette:
    """A template's theme: scheme colours (as the master maps them) and fonts."""

    colors: dict[str, str] = field(default_factory=dict)  #: dk1 ... folHlink, bg1 ... tx2
    fonts: dict[str, str] = field(default_factory=dict)  #: +mj-lt, +mn-lt, +mj-ea, +mn-ea


@dataclass(frozen=True)
class TextLook:
    """How text in one place renders, as the template decides it (level 1 unless said)."""

    font: str = "+mn-lt"  #: Latin face, theme references resolved when known
    east_asian: str = "+mn-ea"
    size: float | None = None  #: points
    bold: bool = False
    color: str | None = None  #: six hex digits, as it resolves on the layout
    scheme: str | None = None  #: the scheme colour it names (tx1, accent2 ...), if any
    align: str | None = None  #: left | center | right
    anchor: str | None = None  #: top | middle | bottom
    line: float = 1.0  #: line spacing as a multiple of single
    line_points: float = 0.0  #: exact line pitch in points (spcPts), else 0
    before: float = 0.0  #: space before in points (spcPts)
    before_lines: float = 0.0  #: space before in lines (spcPct)
    after: float = 0.0
    after_lines: float = 0.0
    spc: float = 0.0  #: letter spacing, hundredths of a point
    caps: bool = False
    #: Left margin and first-line indent (negative: a hanging bullet) per level, in points.
    indents: tuple[tuple[float, float], ...] = ()
    bullets: tuple[bool, ...] = ()
    #: Text insets: left, top, right, bottom, in points.
    insets: tuple[float, float, float, float] = (7.2, 3.6, 7.2, 3.6)
    #: Size per level (points), when the style sets them.
    sizes: tuple[float | None, ...] = ()


@dataclass(frozen=True)
class Placeholder:
    """A layout's placeholder: its type, index, frame and text look."""

    kind: str  #: title, ctrTitle, subTitle, body, obj, dt, ftr, sldNum, pic ...
    idx: int
    box: Box
    look: TextLook
    vertical: bool = False


@dataclass(frozen=True)
class LayoutLook:
    """One layout: its placeholders, what it draws behind them, and where its graphics are."""

    name: str
    placeholders: tuple[Placeholder, ...]
    backdrop: Backdrop
    #: Boxes of the shapes and pictures the master and layout draw (not placeholders).
    graphics: tuple[Box, ...] = ()
    #: Whether the master's own shapes show on this layout.
    master_shapes: bool = True
    #: The scheme colours and fonts as this layout sees them.
    palette: Palette = field(default_factory=Palette)
    #: The master's date, footer and slide-number placeholders: where the brand puts them.
    master_footers: tuple[Placeholder, ...] = ()

    def first(self, *kinds: str) -> Placeholder | None:
        found = [p for p in self.placeholders if p.kind in kinds]
        return min(found, key=lambda p: p.idx) if found else None

    def all(self, *kinds: str) -> list[Placeholder]:
        return sorted((p for p in self.placeholders if p.kind in kinds), key=lambda p: p.idx)


def _int(value: object, default: int = 0) -> int:
    """An XML attribute as a whole number, tolerating what real files hold ("90%", "1.5e3")."""
    if value is None:
        return default
    text = str(value).strip()
    if text.endswith("%"):  # strict OOXML writes percentages as "90%": thousandths, as ours
        try:
            return int(float(text[:-1]) * 1000)
        except (ValueError, OverflowError):
            return default
    try:
        return int(text)
    except ValueError:
        try:
            return int(float(text))
        except (ValueError, OverflowError):
            return default


_HEX6 = re.compile(r"^[0-9A-Fa-f]{6}$")


def _q(tag: str) -> str:
    prefix, name = tag.split(":")
    return f"{{{_NS[prefix]}}}{name}"


# --------------------------------------------------------------------------- colours


def _hls(hex_color: str) -> tuple[float, float, float]:
    r, g, b = (int(hex_color[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return colorsys.rgb_to_hls(r, g, b)


def _hex(r: float, g: float, b: float) -> str:
    return "".join(f"{max(0, min(255, round(c * 255))):02X}" for c in (r, g, b))


def _modified(hex_color: str, element: Any) -> str:
    """Apply DrawingML colour modifiers (lumMod, lumOff, tint, shade) to a colour."""
    r, g, b = (int(hex_color[i : i + 2], 16) / 255 for i in (0, 2, 4))
    for mod in element:
        name = etree.QName(mod).localname
        try:
            val = _int(mod.get("val", "100000")) / 100000
        except ValueError:
            continue
        if name in ("lumMod", "lumOff"):
            hue, light, sat = colorsys.rgb_to_hls(r, g, b)
            light = light * val if name == "lumMod" else light + val
            r, g, b = colorsys.hls_to_rgb(hue, min(1.0, max(0.0, light)), sat)
        elif name == "tint":
            r, g, b = (c + (1 - c) * (1 - val) for c in (r, g, b))
        elif name == "shade":
            r, g, b = (c * val for c in (r, g, b))
    return _hex(r, g, b)


def resolve_color(
    element: Any, palette: Palette, ph_color: str | None = None
) -> tuple[str, str | None] | None:
    """Return the colour an a:solidFill-like element names (hex, and its scheme name)."""
    if element is None:
        return None
    for child in element:
        name = etree.QName(child).localname
        if name == "srgbClr":
            value = (child.get("val") or "000000").upper()
            return _modified(value if _HEX6.match(value) else "000000", child), None
        if name == "sysClr":
            value = (child.get("lastClr") or "000000").upper()
            return _modified(value if _HEX6.match(value) else "000000", child), None
        if name == "schemeClr":
            scheme = child.get("val") or "tx1"
            if scheme == "phClr":
                base = ph_color or palette.colors.get("tx1", "000000")
                return _modified(base, child), None
            found = palette.colors.get(scheme)
            if found is None:
                return None
            return _modified(found, child), scheme
        if name == "prstClr":
            named = {"black": "000000", "white": "FFFFFF", "red": "FF0000", "blue": "0000FF"}
            return _modified(named.get(child.get("val") or "", "000000"), child), None
    return None


def read_palette(master: Any, theme: Any) -> Palette:
    """Read a master's theme colours through its colour map, and the theme's fonts."""
    base: dict[str, str] = {}
    scheme = theme.find(".//a:themeElements/a:clrScheme", _NS) if theme is not None else None
    for name in SCHEME_COLORS:
        element = scheme.find(f"a:{name}", _NS) if scheme is not None else None
        found = resolve_color(element, Palette({})) if element is not None else None
        base[name] = found[0] if found else ("000000" if name.startswith("dk") else "FFFFFF")
    mapping = master.find("p:clrMap", _NS)
    colors = dict(base)
    for key in _MAPPED:
        target = mapping.get(key) if mapping is not None else None
        colors[key] = base.get(target or _DEFAULT_MAP[key], base[_DEFAULT_MAP[key]])
    for accent in ("accent1", "accent2", "accent3", "accent4", "accent5", "accent6", "hlink"):
        target = mapping.get(accent) if mapping is not None else None
        if target in base:
            colors[accent] = base[target]
    fonts: dict[str, str] = {}
    font_scheme = theme.find(".//a:themeElements/a:fontScheme", _NS) if theme is not None else None
    for major, key in (("majorFont", "mj"), ("minorFont", "mn")):
        element = font_scheme.find(f"a:{major}", _NS) if font_scheme is not None else None
        for script, short in (("latin", "lt"), ("ea", "ea")):
            face = element.find(f"a:{script}", _NS) if element is not None else None
            if face is not None and face.get("typeface"):
                fonts[f"+{key}-{short}"] = face.get("typeface") or ""
    return Palette(colors, fonts)


def with_color_map(palette: Palette, layout: Any) -> Palette:
    """Return the palette as a layout sees it (a layout may override the master's map)."""
    override = layout.find("p:clrMapOvr/a:overrideClrMapping", _NS)
    if override is None:
        return palette
    colors = dict(palette.colors)
    for key in _MAPPED:
        target = override.get(key)
        if target and target in palette.colors:
            colors[key] = palette.colors[target]
    return Palette(colors, palette.fonts)


# --------------------------------------------------------------------------- text looks


def _level_props(container: Any, level: int) -> Any:
    if container is None:
        return None
    return container.find(f"a:lvl{level + 1}pPr", _NS)


class _Look:
    """A text look being merged, lowest layer first."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.levels: dict[int, dict[str, Any]] = {}

    def merge(self, props: Any, palette: Palette, level: int = 0) -> None:
        if props is None:
            return
        into = self.levels.setdefault(level, {})
        for attr, key in (("marL", "marL"), ("indent", "indent")):
            if props.get(attr) is not None:
                into[key] = _int(props.get(attr)) / _EMU
        if props.find("a:buNone", _NS) is not None:
            into["bullet"] = False
        elif props.find("a:buChar", _NS) is not None or props.find("a:buAutoNum", _NS) is not None:
            into["bullet"] = True
        rpr = props.find("a:defRPr", _NS)
        if rpr is not None and rpr.get("sz"):
            into["size"] = _int(rpr.get("sz")) / 100
        if level:
            return
        values = self.values
        if props.get("algn"):
            values["align"] = _ALIGN.get(props.get("algn") or "", "left")
        for name, key in (("lnSpc", "line"), ("spcBef", "before"), ("spcAft", "after")):
            element = props.find(f"a:{name}", _NS)
            if element is None:
                continue
            pct = element.find("a:spcPct", _NS)
            pts = element.find("a:spcPts", _NS)
            if pct is not None:
                value = _int(pct.get("val", "100000")) / 100000
                values[key + "_pct"] = value
                values.pop(key + "_pts", None)
            elif pts is not None:
                values[key + "_pts"] = _int(pts.get("val", "0")) / 100
                values.pop(key + "_pct", None)
        if rpr is not None:
            self.merge_run(rpr, palette)

    def merge_run(self, rpr: Any, palette: Palette) -> None:
        values = self.values
        if rpr.get("sz"):
            values["size"] = _int(rpr.get("sz")) / 100
        if rpr.get("spc"):
            values["spc"] = _int(rpr.get("spc")) / 1
        if rpr.get("b") is not None:
            values["bold"] = rpr.get("b") in ("1", "true")
        if rpr.get("cap") is not None:
            values["caps"] = rpr.get("cap") == "all"
        fill = rpr.find("a:solidFill", _NS)
        color = resolve_color(fill, palette)
        if color is not None:
            values["color"], values["scheme"] = color
        for script, key in (("latin", "font"), ("ea", "east_asian")):
            face = rpr.find(f"a:{script}", _NS)
            if face is not None and face.get("typeface"):
                values[key] = face.get("typeface")

    def merge_body(self, body_pr: Any) -> None:
        if body_pr is None:
            return
        values = self.values
        for attr in ("lIns", "tIns", "rIns", "bIns"):
            if body_pr.get(attr) is not None:
                values[attr] = _int(body_pr.get(attr)) / _EMU
        anchor = body_pr.get("anchor")
        if anchor:
            values["anchor"] = {"t": "top", "ctr": "middle", "b": "bottom"}.get(anchor, "top")

    def merge_list(self, lst: Any, palette: Palette) -> None:
        if lst is None:
            return
        for level in range(9):
            self.merge(_level_props(lst, level), palette, level)

    def merge_shape(self, shape: Any, palette: Palette) -> None:
        if shape is None:
            return
        body = shape.find("p:txBody", _NS)
        if body is None:
            return
        self.merge_body(body.find("a:bodyPr", _NS))
        self.merge_list(body.find("a:lstStyle", _NS), palette)

    def result(self, palette: Palette) -> TextLook:
        v = self.values
        font = _font(v.get("font", "+mn-lt"), palette)
        east = _font(v.get("east_asian", "+mn-ea"), palette)
        indents = []
        bullets = []
        sizes = []
        for level in range(5):
            props = self.levels.get(level, {})
            indents.append((props.get("marL", 0.0), props.get("indent", 0.0)))
            bullets.append(bool(props.get("bullet", False)))
            sizes.append(props.get("size"))
        return TextLook(
            font=font,
            east_asian=east,
            size=v.get("size"),
            bold=bool(v.get("bold", False)),
            color=v.get("color"),
            scheme=v.get("scheme"),
            align=v.get("align"),
            anchor=v.get("anchor"),
            line=v.get("line_pct", 1.0),
            line_points=v.get("line_pts", 0.0),
            before=v.get("before_pts", 0.0),
            before_lines=v.get("before_pct", 0.0),
            after=v.get("after_pts", 0.0),
            after_lines=v.get("after_pct", 0.0),
            spc=v.get("spc", 0.0),
            caps=bool(v.get("caps", False)),
            indents=tuple(indents),
            bullets=tuple(bullets),
            insets=(v.get("lIns", 7.2), v.get("tIns", 3.6), v.get("rIns", 7.2), v.get("bIns", 3.6)),
            sizes=tuple(sizes),
        )


def _font(face: str, palette: Palette) -> str:
    if face.startswith("+"):
        return palette.fonts.get(face.lower(), face) or face
    return face


def _placeholder_info(shape: Any) -> tuple[str, int, bool] | None:
    ph = shape.find("p:nvSpPr/p:nvPr/p:ph", _NS)
    if ph is None:
        return None
    kind = ph.get("type") or "obj"
    if kind == "obj" and ph.get("idx") is None:
        kind = "obj"
    return kind, _int(ph.get("idx") or 0), ph.get("orient") == "vert"


def _matching(master_tree: Any, kind: str, idx: int) -> Any:
    """Return the master's placeholder a layout placeholder inherits from (by type)."""
    same = kind if kind != "ctrTitle" else "title"
    same = "body" if same in ("subTitle", "obj") else same
    for shape in master_tree.iter(_q("p:sp")):
        info = _placeholder_info(shape)
        if info is None:
            continue
        other = info[0]
        other = "body" if other in ("subTitle", "obj") else other
        if other == same:
            return shape
    return None


def _box(shape: Any) -> Box | None:
    xfrm = shape.find("p:spPr/a:xfrm", _NS)
    if xfrm is None:
        xfrm = shape.find("p:xfrm", _NS)
    if xfrm is None:
        return None
    off, ext = xfrm.find("a:off", _NS), xfrm.find("a:ext", _NS)
    if off is None or ext is None:
        return None
    try:
        return Box(
            _int(off.get("x", "0")) / _EMU,
            _int(off.get("y", "0")) / _EMU,
            _int(ext.get("cx", "0")) / _EMU,
            _int(ext.get("cy", "0")) / _EMU,
        )
    except ValueError:
        return None


def placeholder_look(
    kind: str, layout_shape: Any, master: Any, presentation: Any, palette: Palette
) -> TextLook:
    """Merge the chain for one placeholder: master style, master placeholder, layout's."""
    look = _Look()
    defaults = presentation.find("p:defaultTextStyle", _NS) if presentation is not None else None
    styles = master.find("p:txStyles", _NS)
    style = _STYLE_OF.get(kind, "bodyStyle" if kind in _BODY_STYLED else "otherStyle")
    if style == "otherStyle":
        look.merge_list(defaults, palette)
    look.merge_list(styles.find(f"p:{style}", _NS) if styles is not None else None, palette)
    tree = master.find("p:cSld/p:spTree", _NS)
    if tree is not None:
        look.merge_shape(_matching(tree, kind, 0), palette)
    look.merge_shape(layout_shape, palette)
    return look.result(palette)


def text_box_look(master: Any, presentation: Any, palette: Palette) -> TextLook:
    """The look of a text box on a slide: the presentation's default text style, minor font."""
    look = _Look()
    defaults = presentation.find("p:defaultTextStyle", _NS) if presentation is not None else None
    look.merge_list(defaults, palette)
    result = look.result(palette)
    return result


def layout_placeholders(
    layout: Any, master: Any, presentation: Any, palette: Palette
) -> tuple[Placeholder, ...]:
    """Return a layout's placeholders with their frames (inherited from the master when unset)."""
    found = []
    tree = layout.find("p:cSld/p:spTree", _NS)
    master_tree = master.find("p:cSld/p:spTree", _NS)
    if tree is None:
        return ()
    for shape in tree.iter(_q("p:sp")):
        info = _placeholder_info(shape)
        if info is None:
            continue
        kind, idx, vertical = info
        box = _box(shape)
        if box is None and master_tree is not None:
            inherited = _matching(master_tree, kind, idx)
            box = _box(inherited) if inherited is not None else None
        if box is None or box.w < 8 or box.h < 8 or box.w > 1e7 or box.h > 1e7:
            continue  # degenerate: no text can go there
        look = placeholder_look(kind, shape, master, presentation, palette)
        found.append(Placeholder(kind, idx, box, look, vertical))
    return tuple(found)


# --------------------------------------------------------------------------- drawn things


def _fill_of(sppr: Any, style: Any, palette: Palette, fills: Any) -> list[str] | None:
    """Return the colours a shape's fill draws (one for solid, the stops of a gradient)."""
    if sppr is not None:
        for child in sppr:
            name = etree.QName(child).localname
            if name == "noFill":
                return None
            if name == "solidFill":
                found = resolve_color(child, palette)
                return [found[0]] if found else None
            if name == "gradFill":
                stops = [resolve_color(gs, palette) for gs in child.iter(_q("a:gs"))]
                return [s[0] for s in stops if s] or None
            if name in ("blipFill", "pattFill", "grpFill"):
                return None
    if style is not None:
        ref = style.find("a:fillRef", _NS)
        if ref is not None and ref.get("idx") not in (None, "0"):
            found = resolve_color(ref, palette)
            return [found[0]] if found else None
    return None


def iter_drawn(tree: Any) -> Iterator[Any]:
    """Yield the non-placeholder shapes and pictures of a shape tree, groups flattened."""
    for child in tree:
        name = etree.QName(child).localname
        if name == "grpSp":
            yield from iter_drawn(child)
        elif name in ("sp", "pic", "cxnSp"):
            if name == "sp" and _placeholder_info(child) is not None:
                continue
            yield child


def background_of(cSld: Any, palette: Palette, theme: Any) -> tuple[str, Any] | None:
    """Return how a background is drawn: ('colors', [hex ...]) or ('blip', its rId)."""
    bg = cSld.find("p:bg", _NS) if cSld is not None else None
    if bg is None:
        return None
    pr = bg.find("p:bgPr", _NS)
    if pr is not None:
        blip = pr.find("a:blipFill/a:blip", _NS)
        if blip is not None:
            return "blip", blip.get(f"{{{_R}}}embed")
        colors = _fill_of(pr, None, palette, None)
        return ("colors", colors) if colors else None
    ref = bg.find("p:bgRef", _NS)
    if ref is not None:
        base = resolve_color(ref, palette)
        idx = _int(ref.get("idx") or "0")
        styles = theme.find(".//a:fmtScheme/a:bgFillStyleLst", _NS) if theme is not None else None
        if idx > 1000 and styles is not None and len(styles) >= idx - 1000:
            style = styles[idx - 1001]
            name = etree.QName(style).localname
            if name == "solidFill":
                found = resolve_color(style, palette, base[0] if base else None)
                return ("colors", [found[0]]) if found else None
            if name == "gradFill":
                stops = [
                    resolve_color(gs, palette, base[0] if base else None)
                    for gs in style.iter(_q("a:gs"))
                ]
                return ("colors", [s[0] for s in stops if s])
        return ("colors", [base[0]]) if base else None
    return None


def draw_backdrop(
    master: Any,
    layout: Any,
    shows_master: bool,
    size: tuple[float, float],
    palette: Palette,
    theme: Any,
) -> tuple[Backdrop, tuple[Box, ...]]:
    """Draw what a layout shows behind its text: background, the master's shapes (unless
    the layout hides them), the layout's shapes, and the fills of its placeholders."""
    from PIL import Image, ImageDraw

    width, height = size
    scale = Backdrop.PIXELS / max(width, height, 1.0)
    pixels = (max(1, round(width * scale)), max(1, round(height * scale)))
    image = Image.new("RGB", pixels, "#" + palette.colors.get("bg1", "FFFFFF"))
    draw = ImageDraw.Draw(image)
    background = None
    for source in (master, layout):
        found = background_of(source._element.find("p:cSld", _NS), palette, theme)
        if found is not None:
            background = (found, source.part)
    if background is not None:
        (how, what), part = background
        if how == "colors":
            _paint(image, draw, (0, 0, pixels[0], pixels[1]), what)
        else:
            _paste(image, part, what, (0, 0, pixels[0], pixels[1]))
    graphics: list[Box] = []

    def rect_of(box: Box) -> tuple[int, int, int, int]:
        return (
            round(box.x * scale),
            round(box.y * scale),
            round(box.right * scale),
            round(box.bottom * scale),
        )

    for source in (master, layout) if shows_master else (layout,):
        tree = source._element.find("p:cSld/p:spTree", _NS)
        if tree is None:
            continue
        for shape in iter_drawn(tree):
            box = _box(shape)
            if box is None or box.w <= 0 or box.h <= 0:
                continue
            if _draw_shape(image, draw, shape, source.part, rect_of(box), palette):
                graphics.append(box)
    tree = layout._element.find("p:cSld/p:spTree", _NS)
    master_tree = master._element.find("p:cSld/p:spTree", _NS)
    for shape in tree.iter(_q("p:sp")) if tree is not None else ():
        info = _placeholder_info(shape)
        if info is None or info[0] in ("dt", "ftr", "sldNum"):
            continue
        inherited = _matching(master_tree, info[0], info[1]) if master_tree is not None else None
        box = _box(shape) or (_box(inherited) if inherited is not None else None)
        if box is None:
            continue
        colors = _fill_of(shape.find("p:spPr", _NS), shape.find("p:style", _NS), palette, None)
        if not colors and inherited is not None:
            colors = _fill_of(inherited.find("p:spPr", _NS), None, palette, None)
        if colors:
            _paint(image, draw, rect_of(box), colors)
    return Backdrop.of(image, width, height), tuple(graphics)


def _draw_shape(
    image: Any, draw: Any, shape: Any, part: Any, rect: tuple[int, int, int, int], palette: Palette
) -> bool:
    """Draw one of the master's or layout's own shapes; tell whether it draws anything."""
    name = etree.QName(shape).localname
    if name == "pic":
        blip = shape.find("p:blipFill/a:blip", _NS)
        return blip is not None and _paste(image, part, blip.get(f"{{{_R}}}embed"), rect)
    if name == "cxnSp":
        return True
    drew = False
    colors = _fill_of(shape.find("p:spPr", _NS), shape.find("p:style", _NS), palette, None)
    if colors:
        _paint(image, draw, rect, colors)
        drew = True
    line = shape.find("p:spPr/a:ln/a:solidFill", _NS)
    if line is not None and not drew:
        found = resolve_color(line, palette)
        if found:
            draw.rectangle(rect, outline="#" + found[0])
            drew = True
    blip = shape.find("p:spPr/a:blipFill/a:blip", _NS)
    if blip is not None:
        drew = _paste(image, part, blip.get(f"{{{_R}}}embed"), rect) or drew
    return drew or shape.find("p:txBody//a:t", _NS) is not None


def _paint(image: Any, draw: Any, rect: tuple[int, int, int, int], colors: list[str]) -> None:
    x0, y0, x1, y1 = rect
    if x1 <= x0 or y1 <= y0:
        return
    if len(colors) == 1:
        draw.rectangle((x0, y0, x1 - 1, y1 - 1), fill="#" + colors[0])
        return
    # A gradient: bands of each stop, top to bottom (worst cases are what matter).
    band = max(1, (y1 - y0) // len(colors))
    for i, color in enumerate(colors):
        top = y0 + i * band
        bottom = y1 - 1 if i == len(colors) - 1 else top + band - 1
        draw.rectangle((x0, top, x1 - 1, bottom), fill="#" + color)


def _paste(image: Any, part: Any, rel_id: str | None, rect: tuple[int, int, int, int]) -> bool:
    if not rel_id or part is None:
        return False
    try:
        blob = part.related_part(rel_id).blob
    except (KeyError, AttributeError):
        return False
    # A small copy, made once per picture: the backdrop is small, and the same picture is
    # drawn into every layout of its master (a 9,999 x 9,999 one took 1.2 GB, 18 s).
    tile = small_copy(blob, max(image.size))
    if tile is None:  # not a picture, or too big to decode (MAX_DECODED_BYTES): undrawn
        return False
    w, h = max(1, rect[2] - rect[0]), max(1, rect[3] - rect[1])
    tile = tile.resize((w, h))
    image.paste(tile, (rect[0], rect[1]), tile)
    return True


# --------------------------------------------------------------------------- per role


def _xml(part: Any) -> Any:
    """Parse a part python-pptx keeps as bytes (the theme), safely: it is already cleaned."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.fromstring(part.blob, parser)


def read_layout_looks(
    prs: Any, chosen: dict[str, Any], size: tuple[float, float]
) -> dict[str, LayoutLook]:
    """Read each chosen layout once: placeholders with their looks, backdrop, graphics."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    presentation = prs.part._element
    seen: dict[str, LayoutLook] = {}
    looks = {}
    for role, layout in chosen.items():
        key = str(layout.part.partname)
        if key not in seen:
            master = layout.slide_master
            try:
                theme = _xml(master.part.part_related_by(RT.THEME))
            except (KeyError, etree.XMLSyntaxError):
                theme = None
            palette = with_color_map(read_palette(master._element, theme), layout._element)
            placeholders = layout_placeholders(
                layout._element, master._element, presentation, palette
            )
            shows_master = layout._element.get("showMasterSp") not in ("0", "false")
            backdrop, graphics = draw_backdrop(master, layout, shows_master, size, palette, theme)
            footers = tuple(
                p
                for p in layout_placeholders(
                    master._element, master._element, presentation, palette
                )
                if p.kind in ("dt", "ftr", "sldNum")
            )
            seen[key] = LayoutLook(
                layout.name, placeholders, backdrop, graphics, shows_master, palette, footers
            )
        looks[role] = seen[key]
    return looks


def _contrast(a: str, b: str) -> float:
    from alliance_slides.format.backdrop import contrast

    return contrast(a, b)


def _best(
    candidates: list[tuple[str, str]], colors: dict[str, str], behind: list[str], need: float = 4.5
) -> str:
    """Return the first scheme name whose colour reaches ``need`` against every colour behind."""
    best, best_ratio = candidates[0][0], 0.0
    for name, _why in candidates:
        value = colors.get(name)
        if value is None:
            continue
        ratio = min(_contrast(value, b) for b in behind) if behind else 21.0
        if ratio >= need:
            return name
        if ratio > best_ratio:
            best, best_ratio = name, ratio
    return best


def _table_header(colors: dict[str, str], text: str) -> tuple[str, str]:
    """A table header fill that stands out from the text, and a text colour that reads on it."""
    fills = [f"accent{i}" for i in range(1, 7)] + ["tx2", "dk2", "tx1", "dk1", "bg2"]
    ons = [("bg1", ""), ("tx1", ""), ("lt1", ""), ("dk1", "")]
    fallback = None
    for fill in fills:
        value = colors.get(fill)
        if value is None:
            continue
        on = _best(ons, colors, [value])
        if _contrast(colors.get(on, "000000"), value) >= 4.5:
            if _contrast(value, text) >= 1.5:
                return fill, on
            fallback = fallback or (fill, on)
    return fallback or ("tx1", "bg1")


def theme_colors(
    palette: Palette, content: LayoutLook, defaults: dict[str, str]
) -> tuple[dict[str, str], dict[str, str]]:
    """Return a theme's colours drawn from a template's scheme, and the scheme name of each.

    Each colour is one the template defines, chosen to read on what the content layout
    draws behind its body: text in tx1 (or bg1 where tx1 does not read), accents in the
    first accent that does, tables in an accent with the scheme colour that reads on it.
    """
    colors = palette.colors
    body = content.first("body", "obj")
    area = body.box if body is not None else None
    behind = content.backdrop.colors_under(area) if area else [content.backdrop.main_color()]
    background = behind[0]
    text_order = [("tx1", ""), ("bg1", ""), ("tx2", ""), ("bg2", "")]
    text = _best(text_order, colors, behind)
    muted = _best([("tx2", ""), (text, "")], colors, behind)
    accent = _best(
        [(f"accent{i}", "") for i in range(1, 7)] + [("tx2", ""), (text, "")], colors, behind
    )
    # Links are drawn in the theme's hyperlink colour; where it does not read, the deck's
    # theme gets the first of the template's colours that does.
    link = _best(
        [("hlink", ""), *((f"accent{i}", "") for i in range(1, 7)), (text, "")], colors, behind
    )
    header, on_header = _table_header(colors, colors.get(text, "000000"))
    on_text = [colors.get(text, "000000")]
    band = _best(
        [(n, "") for n in ("bg2", "lt2", "bg1", "dk2", "tx2", "lt1", "dk1")], colors, on_text
    )
    plain = _best([(n, "") for n in ("bg1", "lt1", "dk1", "tx1", "bg2", "dk2")], colors, on_text)
    scheme = {
        "background": None,
        "text": text,
        "title": text,
        "accent": accent,
        "link": link,
        "muted": muted,
        "line": accent,
        "band": header,
        "on_band": on_header,
        "on_band_muted": on_header,
        "table_header": header,
        "on_table_header": on_header,
        "table_band": band,
        "table_body": plain,
    }
    title = content.first("title", "ctrTitle")
    result = dict(defaults)
    for name, ref in scheme.items():
        if ref is not None:
            result[name] = colors.get(ref, defaults.get(name, "000000"))
    result["background"] = background
    if title is not None and title.look.color:
        behind_title = content.backdrop.colors_under(title.box)
        if min(_contrast(title.look.color, b) for b in behind_title) >= 4.5:
            result["title"] = title.look.color
            scheme["title"] = title.look.scheme
    return result, {k: v for k, v in scheme.items() if v}


#: The placeholder types that hold each text role of a scene.
ROLE_KINDS = {
    "title": ("title", "ctrTitle"),
    "subtitle": ("subTitle",),
    "body": ("body", "obj"),
    "dt": ("dt",),
    "ftr": ("ftr",),
    "sldNum": ("sldNum",),
}


def placeholder_color(layout: LayoutLook, role: str, box: Box, index: int = 0) -> tuple[str, bool]:
    """Return the colour a placeholder's text renders in, and whether it must be written.

    A colour to write comes back as a scheme name (tx1, bg1 ...), one kept as hex.

    The template's own colour (tx1 when it names none) is kept when it reads at 4.5:1
    on what the layout draws under ``box``; else the scheme's text colour that reads
    best is written instead (a colour the template defines).
    """
    kinds = ROLE_KINDS.get(role, ())
    found = layout.all(*kinds)
    placeholder = found[min(index, len(found) - 1)] if found else None
    colors = layout.palette.colors
    own = (placeholder.look.color if placeholder else None) or colors.get("tx1", "000000")
    behind = layout.backdrop.colors_under(box)
    if min(_contrast(own, b) for b in behind) >= 4.5:
        return own, False
    best = _best(
        [("tx1", ""), ("bg1", ""), ("tx2", ""), ("bg2", ""), ("dk1", ""), ("lt1", "")],
        colors,
        behind,
    )
    return best, True


def shape_frame(shape: Any) -> Box | None:
    """A shape's own frame (its a:xfrm), in points; ``None`` when it inherits one."""
    return _box(shape)


def master_placeholder(master_tree: Any, kind: str) -> Any:
    """The master's placeholder that a layout placeholder of type ``kind`` inherits from."""
    return _matching(master_tree, kind, 0)
