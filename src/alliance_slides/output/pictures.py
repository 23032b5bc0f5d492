"""SVG pictures in a deck, stored as PowerPoint stores them: a PNG with the SVG beside it.

The picture's ``a:blip`` embeds a PNG drawn from the SVG (what LibreOffice and older
PowerPoints show) and, in its ``a:extLst``, an ``asvg:svgBlip`` that embeds the SVG part
itself (what PowerPoint 2016 and later show, and let the user edit as shapes).
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any

from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.oxml import parse_xml
from pptx.util import Pt

from alliance_slides.format.svg import read_svg, svg_png
from alliance_slides.geometry import Box

#: The extension PowerPoint marks an SVG blip with, and its namespace.
SVG_BLIP_URI = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
ASVG_NS = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def add_svg_picture(slide: Any, path: Path, box: Box, parts: dict[str, Any]) -> Any:
    """Add an SVG to ``slide`` in ``box``: its PNG fallback as the picture, the SVG beside it.

    ``parts`` keeps the SVG parts already in the deck by digest, so a picture used on
    several slides is stored once.
    """
    data, _ = read_svg(path)
    png = svg_png(path, box.w, box.h)
    picture = slide.shapes.add_picture(io.BytesIO(png), Pt(box.x), Pt(box.y), Pt(box.w), Pt(box.h))
    digest = hashlib.sha1(data).hexdigest()
    part = parts.get(digest)
    if part is None:
        package = slide.part.package
        part = Part(package.next_image_partname("svg"), "image/svg+xml", package, data)
        parts[digest] = part
    rel = slide.part.relate_to(part, RT.IMAGE)
    blip = picture._element.blipFill.blip
    blip.append(
        parse_xml(
            f'<a:extLst xmlns:a="{A_NS}"><a:ext uri="{SVG_BLIP_URI}">'
            f'<asvg:svgBlip xmlns:asvg="{ASVG_NS}" xmlns:r="{R_NS}" r:embed="{rel}"/>'
            "</a:ext></a:extLst>"
        )
    )
    return picture
