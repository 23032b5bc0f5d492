"""SVG pictures, read as untrusted input: checked, measured, and drawn to a PNG fallback.

An SVG is a program of sorts: it can name files and web addresses, carry scripts,
declare entities that expand a billion times, and make ``<use>`` copies of copies.
:func:`svg_problem` refuses all of that before the picture goes near a deck: no DOCTYPE
(so no entities), no scripts or event attributes, no ``foreignObject``, references only
to the picture's own elements (``#id``) or embedded ``data:image/...`` pictures, a bounded
file, a bounded number of elements counting every ``<use>`` copy, and no ``<use>`` cycle.

The deck stores the SVG as PowerPoint itself does: a PNG picture (which LibreOffice and
older PowerPoints show) whose ``a:blip`` carries the SVG in an ``asvg:svgBlip`` extension
(which PowerPoint 2016 and later show). :func:`svg_png` draws that PNG with resvg.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from alliance_slides import limits
from alliance_slides.format.sniff import picture_type
from alliance_slides.format.xml_text import XmlEncodingError, as_utf8

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
#: Largest SVG file accepted, in bytes (5 MiB): drawings are small; bigger ones are usually
#: pictures wrapped in SVG, which are better placed as the PNG or JPEG they hold.
MAX_SVG_BYTES = 5 * 1024 * 1024
#: Most elements an SVG may draw, every ``<use>`` copy counted.
MAX_SVG_ELEMENTS = 100_000
#: Longest side of the PNG fallback, in pixels.
MAX_FALLBACK_PIXELS = 2400
#: Elements that run code or embed other documents.
_FORBIDDEN = {"script", "foreignObject", "iframe", "embed", "object", "handler", "listener"}
_URL = re.compile(r"url\(\s*['\"]?([^)'\"]*)", re.IGNORECASE)
_IMPORT = re.compile(r"@import", re.IGNORECASE)
_DATA_PICTURE = re.compile(r"data:image/(png|jpeg|jpg|gif);base64,", re.IGNORECASE)
_LENGTH = re.compile(r"^\s*([0-9.]+(?:e[+-]?\d+)?)\s*(px|pt|pc|mm|cm|in)?\s*$", re.IGNORECASE)
_PER_PX = {None: 1.0, "px": 1.0, "pt": 96 / 72, "pc": 16.0, "mm": 96 / 25.4,
           "cm": 96 / 2.54, "in": 96.0}


class SvgError(ValueError):
    """Why an SVG cannot go on a slide."""


def is_svg(path: Path | str) -> bool:
    """Tell whether a picture's file name says it is an SVG."""
    return str(path).lower().endswith(".svg")


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _parse(data: bytes) -> Any:
    from lxml import etree

    try:
        data = as_utf8(data)
    except XmlEncodingError as e:
        raise SvgError(f"cannot be read: {e}") from e
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise SvgError("has a DOCTYPE or entities, which are refused (they can expand without end)")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as e:
        raise SvgError(f"is not well-formed XML ({e})") from e
    if root.getroottree().docinfo.doctype:
        raise SvgError("has a DOCTYPE or entities, which are refused (they can expand without end)")
    if root.tag != f"{{{SVG_NS}}}svg":
        raise SvgError(f"is not an SVG document (its root is <{_local(root.tag)}>)")
    return root


def _reference_problem(value: str) -> str | None:
    value = value.strip()
    if value.startswith("#"):
        return None
    embedded = _DATA_PICTURE.match(value)
    if embedded:
        return _embedded_problem(embedded[1].lower(), value[embedded.end() :])
    shown = value if len(value) <= 60 else value[:59] + "…"
    return f"refers to '{shown}'; an SVG on a slide may refer only to its own elements (#id)"


def _embedded_problem(kind: str, payload: str) -> str | None:
    """Say why an embedded ``data:image/...`` picture is not what it claims, if it is not.

    A renderer reads the bytes, not the claim: "PNG" bytes that are an SVG naming a file
    would have that file read.
    """
    import base64
    import binascii

    try:
        data = base64.b64decode("".join(payload.split()), validate=True)
    except (binascii.Error, ValueError):
        return "embeds a picture that is not valid base64"
    claimed = "image/jpeg" if kind in ("jpg", "jpeg") else f"image/{kind}"
    if picture_type(data) != claimed:
        return f"embeds a picture said to be {claimed} that is not one"
    return None


#: How much filtering an SVG may ask for: each filter primitive (``<feGaussianBlur>`` ...)
#: costs 25, feMorphology (2 x radius + 1) squared, feConvolveMatrix its order squared,
#: feTurbulence 50 per octave, and the sum is bounded. Filters work over every pixel of
#: their region, in the drawing of the PNG and again in LibreOffice and PowerPoint:
#: one feMorphology of radius 300 took minutes; the bound is about 3 s of drawing.
MAX_FILTER_COST = 2_000
#: Most elements an SVG may draw through a filter (each is filtered on its own).
MAX_FILTERED = 100
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def _numbers(value: str | None) -> list[float]:
    return [abs(float(n)) for n in _NUMBER.findall(value or "")[:8]]


def _filter_cost(name: str, element: Any) -> float:
    """Return what one filter primitive costs, in units of :data:`MAX_FILTER_COST`."""
    if name == "feMorphology":
        radius = max(_numbers(element.get("radius")), default=0.0)
        return (2 * min(radius, 1e6) + 1) ** 2
    if name == "feConvolveMatrix":
        order = max(_numbers(element.get("order")), default=3.0)
        kernel = len(_NUMBER.findall(element.get("kernelMatrix") or ""))
        return max(min(order, 1e6) ** 2, kernel)
    if name == "feTurbulence":
        return 50 * max(_numbers(element.get("numOctaves")), default=1.0)
    return 25.0  # a pass over the region's pixels, about what a radius of 2 costs


def _check(root: Any) -> None:
    ids: dict[str, Any] = {}
    count = 0
    filters = 0.0
    filtered = 0
    for element in root.iter():
        count += 1
        if count > MAX_SVG_ELEMENTS:
            raise SvgError(f"has more than {MAX_SVG_ELEMENTS:,} elements")
        if not isinstance(element.tag, str):  # a comment or processing instruction
            continue
        name = _local(element.tag)
        if name in _FORBIDDEN:
            raise SvgError(f"has a <{name}> element, which is refused (scripts and documents)")
        if name.startswith("fe"):
            filters += _filter_cost(name, element)
            if filters > MAX_FILTER_COST:
                raise SvgError(
                    f"asks for too much filtering (<{name}> passes {MAX_FILTER_COST:,}, "
                    "MAX_FILTER_COST): an feMorphology radius over about 20, a convolution "
                    "order over about 40, or more than about 80 filter steps"
                )
        through = (element.get("filter") or "").strip() not in ("", "none") or (
            "filter" in (element.get("style") or "") and "url(" in (element.get("style") or "")
        )
        if through:
            filtered += 1
            if filtered > MAX_FILTERED:
                raise SvgError(
                    f"draws more than {MAX_FILTERED} elements through a filter (MAX_FILTERED)"
                )
        for attr, value in element.attrib.items():
            attr_name = _local(attr)
            if attr_name.lower().startswith("on"):
                raise SvgError(f"has an event attribute '{attr_name}', which is refused")
            if attr_name == "href":
                why = _reference_problem(value)
                if why:
                    raise SvgError(f"<{name}> {why}")
            for url in _URL.findall(value):
                why = _reference_problem(url)
                if why:
                    raise SvgError(f"<{name}> {why}")
            if attr_name == "id":
                ids[value] = element
        if name == "style" and element.text:
            if _IMPORT.search(element.text):
                raise SvgError("has a style sheet with @import, which is refused")
            for url in _URL.findall(element.text):
                why = _reference_problem(url)
                if why:
                    raise SvgError(f"<style> {why}")
    _check_copies(root, ids)


def _check_copies(root: Any, ids: dict[str, Any]) -> None:
    """Refuse ``<use>`` cycles and copies of copies that multiply past the element limit."""
    sizes: dict[int, int] = {}
    active: set[int] = set()
    # lxml makes a Python object per node on demand and may make another later: while
    # every node's object is alive, id() names one node for the whole walk.
    alive = list(root.iter())

    def size(element: Any) -> int:
        key = id(element)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise SvgError("has a <use> that refers to itself, directly or not")
        active.add(key)
        total = 1
        for child in element:
            if isinstance(child.tag, str):
                total += size(child)
        if _local(element.tag) == "use":
            ref = next((v for a, v in element.attrib.items() if _local(a) == "href"), "")
            target = ids.get(ref.strip()[1:]) if ref.strip().startswith("#") else None
            if target is not None:
                total += size(target)
        active.discard(key)
        if total > MAX_SVG_ELEMENTS:
            raise SvgError(
                f"draws more than {MAX_SVG_ELEMENTS:,} elements once its <use> copies are counted"
            )
        sizes[key] = total
        return total

    size(root)
    del alive


def svg_problem(path: Path) -> str | None:
    """Return why the SVG at ``path`` cannot go on a slide, or ``None`` if it can."""
    try:
        read_svg(path)
    except SvgError as e:
        return f"SVG {e}"
    except OSError as e:
        return f"cannot be read ({e.strerror or e})"
    return None


@lru_cache(maxsize=64)
def _read(path: Path, version: tuple[int, int]) -> tuple[bytes, tuple[float, float]]:
    size = path.stat().st_size
    if size > MAX_SVG_BYTES:
        raise SvgError(f"is {size:,} bytes; the limit is {MAX_SVG_BYTES:,} (MAX_SVG_BYTES)")
    data = path.read_bytes()
    root = _parse(data)
    _check(root)
    from lxml import etree

    # Stored as UTF-8 whatever the file's encoding, for the deck and for resvg alike.
    return etree.tostring(root, encoding="utf-8", xml_declaration=True), _size(root)


def read_svg(path: Path) -> tuple[bytes, tuple[float, float]]:
    """Return a checked SVG's bytes and its size in CSS pixels; raise :class:`SvgError`."""
    info = path.stat()
    return _read(path, (info.st_mtime_ns, info.st_size))


def _length(value: str | None) -> float | None:
    match = _LENGTH.match(value or "")
    if not match:
        return None
    number = float(match[1]) * _PER_PX[(match[2] or "").lower() or None]
    return number if 0 < number < 1e6 else None


def _size(root: Any) -> tuple[float, float]:
    """Return an SVG's size in CSS pixels: width and height, else its viewBox's, else 300x150."""
    width, height = _length(root.get("width")), _length(root.get("height"))
    view = root.get("viewBox") or ""
    box = []
    if re.fullmatch(r"[\s,0-9.eE+-]*", view):
        box = [float(v) for v in re.split(r"[\s,]+", view.strip()) if v][:4]
    if len(box) == 4 and box[2] > 0 and box[3] > 0:
        ratio = box[3] / box[2]
        if width and not height:
            height = width * ratio
        elif height and not width:
            width = height / ratio
        elif not width and not height:
            width, height = box[2], box[3]
    width, height = width or 300.0, height or 150.0
    limit = limits.MAX_IMAGE_PIXELS ** 0.5
    return min(width, limit), min(height, limit)


def svg_png(path: Path, width_points: float, height_points: float) -> bytes:
    """Return the SVG drawn as a PNG for a box of this size (twice the pixels of 96 dpi)."""
    import resvg_py

    data, _ = read_svg(path)
    scale = 2 * 96 / 72
    width, height = width_points * scale, height_points * scale
    shrink = min(1.0, MAX_FALLBACK_PIXELS / max(width, height, 1.0))
    png = resvg_py.svg_to_bytes(
        svg_string=data.decode("utf-8", "replace"),
        width=max(1, round(width * shrink)),
        height=max(1, round(height * shrink)),
    )
    return bytes(png)
