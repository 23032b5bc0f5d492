"""Templates written in the test: hostile ones (macros, OLE, links, XXE, bombs) and odd ones.

Each function writes a .pptx made from python-pptx's default template and edited at
the XML or zip level, and returns its path. Nothing here depends on files outside the
repository.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from pptx import Presentation

_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_RT = _R + "/"
_VBA = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
_SECTIONS = (
    '<p:extLst><p:ext uri="{521415D9-36F7-43E2-AB2F-B90AF26B5E84}">'
    '<p14:sectionLst xmlns:p14="http://schemas.microsoft.com/office/powerpoint/2010/main">'
    '<p14:section name="Intro" id="{11111111-2222-3333-4444-555555555555}">'
    '<p14:sldIdLst><p14:sldId id="256"/></p14:sldIdLst></p14:section></p14:sectionLst>'
    "</p:ext></p:extLst>"
)

Edit = Callable[[dict[str, bytes]], None]


def default_parts(sample_slides: int = 1) -> dict[str, bytes]:
    """Return python-pptx's default template as zip entries, with some sample slides."""
    prs = Presentation()
    for i in range(sample_slides):
        slide = prs.slides.add_slide(prs.slide_layouts[1])
        slide.shapes.title.text = f"SAMPLE {i}"
    buffer = io.BytesIO()
    prs.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_parts(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def add_rel(
    parts: dict[str, bytes], rels: str, rel_id: str, kind: str, target: str, external: bool = False
) -> None:
    mode = ' TargetMode="External"' if external else ""
    entry = f'<Relationship Id="{rel_id}" Type="{kind}" Target="{target}"{mode}/>'
    parts[rels] = parts[rels].replace(b"</Relationships>", entry.encode() + b"</Relationships>")


def add_override(parts: dict[str, bytes], name: str, content_type: str) -> None:
    entry = f'<Override PartName="{name}" ContentType="{content_type}"/>'
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", entry.encode() + b"</Types>"
    )


def insert_in_master_tree(parts: dict[str, bytes], xml: str) -> None:
    name = "ppt/slideMasters/slideMaster1.xml"
    parts[name] = parts[name].replace(b"</p:spTree>", xml.encode() + b"</p:spTree>", 1)


def hostile_template(path: Path) -> Path:
    """A macro-enabled deck posing as .pptx: VBA, an OLE object and an ActiveX control on
    the master, a picture linked from outside, an external hyperlink, a custom show and
    sections over its sample slides."""
    parts = default_parts(sample_slides=2)
    ct = parts["[Content_Types].xml"]
    parts["[Content_Types].xml"] = ct.replace(
        b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        b"application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
    )
    parts["ppt/vbaProject.bin"] = b"VBA MACRO PROJECT" * 10
    add_override(parts, "/ppt/vbaProject.bin", "application/vnd.ms-office.vbaProject")
    add_rel(parts, "ppt/_rels/presentation.xml.rels", "rIdVba", _VBA, "vbaProject.bin")
    master_rels = "ppt/slideMasters/_rels/slideMaster1.xml.rels"
    parts["ppt/embeddings/oleObject1.bin"] = b"OLE OBJECT" * 10
    add_override(
        parts,
        "/ppt/embeddings/oleObject1.bin",
        "application/vnd.openxmlformats-officedocument.oleObject",
    )
    add_rel(parts, master_rels, "rIdOle", _RT + "oleObject", "../embeddings/oleObject1.bin")
    parts["ppt/activeX/activeX1.xml"] = (
        b'<?xml version="1.0"?><ax:ocx xmlns:ax="http://schemas.microsoft.com/office/2006/'
        b'activeX" ax:classid="{8BD21D40-EC42-11CE-9E0D-00AA006002F3}"/>'
    )
    add_override(parts, "/ppt/activeX/activeX1.xml", "application/vnd.ms-office.activeX+xml")
    add_rel(parts, master_rels, "rIdAx", _RT + "control", "../activeX/activeX1.xml")
    add_rel(parts, master_rels, "rIdLink", _RT + "image", "file:///etc/passwd", external=True)
    add_rel(parts, master_rels, "rIdWeb", _RT + "hyperlink", "https://example.org/x", external=True)
    a = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
    r = f'xmlns:r="{_R}"'
    insert_in_master_tree(
        parts,
        f'<p:graphicFrame {r}><p:nvGraphicFramePr><p:cNvPr id="900" name="OLE"/>'
        "<p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr>"
        '<p:xfrm><a:off x="0" y="0"/><a:ext cx="100" cy="100"/></p:xfrm>'
        f'<a:graphic {a}><a:graphicData uri="http://schemas.openxmlformats.org/'
        'presentationml/2006/ole"><p:oleObj name="Sheet" r:id="rIdOle" progId="Excel.Sheet.12">'
        "<p:embed/></p:oleObj></a:graphicData></a:graphic></p:graphicFrame>"
        f'<p:pic {r}><p:nvPicPr><p:cNvPr id="901" name="Linked"/><p:cNvPicPr/><p:nvPr/>'
        '</p:nvPicPr><p:blipFill><a:blip r:link="rIdLink"/><a:stretch><a:fillRect/></a:stretch>'
        '</p:blipFill><p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="100" cy="100"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>'
        f'<p:sp {r}><p:nvSpPr><p:cNvPr id="902" name="Web">'
        '<a:hlinkClick r:id="rIdWeb"/></p:cNvPr><p:cNvSpPr/><p:nvPr/></p:nvSpPr>'
        '<p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="100" cy="100"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:sp>',
    )
    master = "ppt/slideMasters/slideMaster1.xml"
    controls = (
        f'<p:controls {r}><p:control name="Button" r:id="rIdAx" spid="_x0000_s1"/></p:controls>'
    )
    parts[master] = parts[master].replace(b"</p:spTree>", b"</p:spTree>" + controls.encode(), 1)
    pres = "ppt/presentation.xml"
    text = parts[pres].decode()
    slide_rel = re.search(r'<p:sldId id="256" r:id="(rId\d+)"/>', text)
    assert slide_rel
    text = text.replace("</p:presentation>", _SECTIONS + "</p:presentation>")
    # In schema order a custom show comes after the sizes and text styles, before extLst.
    text = text.replace(
        _SECTIONS,
        f'<p:custShowLst><p:custShow name="Short" id="0"><p:sldLst><p:sld r:id="{slide_rel[1]}"/>'
        f"</p:sldLst></p:custShow></p:custShowLst>{_SECTIONS}",
    )
    parts[pres] = text.encode()
    return write_parts(path, parts)


def xxe_template(path: Path, where: str = "ppt/theme/theme1.xml") -> Path:
    """A template whose theme declares an external entity (XXE) and uses it."""
    parts = default_parts(sample_slides=0)
    body = parts[where].decode()
    declaration, rest = body.split("?>", 1)
    root = rest.lstrip()[1:].split()[0]
    parts[where] = (
        f'{declaration}?><!DOCTYPE {root} [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        + rest.replace('name="Office Theme"', 'name="&xxe;"', 1)
    ).encode()
    return write_parts(path, parts)


def element_bomb(path: Path, elements: int) -> Path:
    """A template whose first layout holds ``elements`` empty elements: a tiny zip, a huge tree."""
    parts = default_parts(sample_slides=0)
    name = "ppt/slideLayouts/slideLayout1.xml"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry, data in parts.items():
            if entry != name:
                archive.writestr(entry, data)
        head, tail = parts[name].split(b"</p:spTree>", 1)
        with archive.open(name, "w", force_zip64=True) as stream:
            stream.write(head)
            chunk = b"<p:extLst/>" * 100_000
            for _ in range(elements // 100_000):
                stream.write(chunk)
            stream.write(b"</p:spTree>" + tail)
    return path


# --------------------------------------------------------------------------- odd looks


def _save(prs: object, path: Path) -> Path:
    prs.save(str(path))  # type: ignore[attr-defined]
    return path


def _edit(path: Path, edit: Edit) -> Path:
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    edit(parts)
    return write_parts(path, parts)


_MASTER = "ppt/slideMasters/slideMaster1.xml"
_LAYOUTS = "../slideLayouts/slideLayout"
_THEME = "ppt/theme/theme1.xml"


def dark_template(path: Path) -> Path:
    """Light text on a dark background: the colour map swaps bg1/tx1 to dk1/lt1."""
    _save(Presentation(), path)

    def edit(parts: dict[str, bytes]) -> None:
        master = parts[_MASTER].decode()
        master = re.sub(
            r"<p:clrMap [^>]*/>",
            '<p:clrMap bg1="dk1" tx1="lt1" bg2="dk2" tx2="lt2" accent1="accent1" '
            'accent2="accent2" accent3="accent3" accent4="accent4" accent5="accent5" '
            'accent6="accent6" hlink="hlink" folHlink="folHlink"/>',
            master,
        )
        master = re.sub(r"<p:bg>.*?</p:bg>", "", master, flags=re.S)
        master = master.replace(
            "<p:cSld>",
            '<p:cSld><p:bg><p:bgRef idx="1001"><a:schemeClr val="bg1"/></p:bgRef></p:bg>',
            1,
        )
        parts[_MASTER] = master.encode()
        theme = parts[_THEME].decode()
        theme = re.sub(
            r"<a:dk1>.*?</a:dk1>", '<a:dk1><a:srgbClr val="1A1F2B"/></a:dk1>', theme, flags=re.S
        )
        theme = re.sub(
            r"<a:dk2>.*?</a:dk2>", '<a:dk2><a:srgbClr val="2B3445"/></a:dk2>', theme, flags=re.S
        )
        parts[_THEME] = theme.encode()

    return _edit(path, edit)


def without_layouts(path: Path, keep: tuple[str, ...]) -> Path:
    """python-pptx's default template with only the layouts named in ``keep``."""
    prs = Presentation()
    layouts = prs.slide_masters[0].slide_layouts
    for layout in list(layouts):
        if layout.name not in keep:
            layouts.remove(layout)
    return _save(prs, path)


def fonts_and_spacing(path: Path) -> Path:
    """Georgia body and Arial headings, with letter spacing and space after each paragraph."""
    _save(Presentation(), path)

    def edit(parts: dict[str, bytes]) -> None:
        theme = parts[_THEME].decode()
        theme = re.sub(r'(<a:majorFont><a:latin typeface=")[^"]*"', r'\1Arial"', theme, count=1)
        theme = re.sub(r'(<a:minorFont><a:latin typeface=")[^"]*"', r'\1Georgia"', theme, count=1)
        parts[_THEME] = theme.encode()
        master = parts[_MASTER].decode()
        body = master.index("<p:bodyStyle>")
        head, tail = master[:body], master[body:]
        tail = tail.replace(
            '<a:spcBef><a:spcPct val="20000"/></a:spcBef>',
            '<a:spcBef><a:spcPts val="600"/></a:spcBef><a:spcAft><a:spcPts val="1200"/></a:spcAft>',
        )
        tail = tail.replace('<a:defRPr sz="3200"', '<a:defRPr sz="3200" spc="300"', 1)
        parts[_MASTER] = (head + tail).encode()

    return _edit(path, edit)


def own_body_face(path: Path) -> Path:
    """Body placeholders set in Verdana by the master, over a theme whose fonts are Calibri.

    As codeur-academy.potx does with Roboto: a text box added to such a slide would
    inherit the theme's minor font, not the face the placeholders show.
    """
    _save(Presentation(), path)

    def edit(parts: dict[str, bytes]) -> None:
        master = parts[_MASTER].decode()
        body = master.index("<p:bodyStyle>")
        head, tail = master[:body], master[body:]
        tail = tail.replace('<a:latin typeface="+mn-lt"/>', '<a:latin typeface="Verdana"/>')
        parts[_MASTER] = (head + tail).encode()

    return _edit(path, edit)


def footer_bar(path: Path, placeholders: bool = True) -> Path:
    """A brand bar across the foot of the master; its footer placeholders sit on it (or not)."""
    _save(Presentation(), path)

    def edit(parts: dict[str, bytes]) -> None:
        bar = (
            '<p:sp><p:nvSpPr><p:cNvPr id="99" name="Brand bar"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>'
            '<p:spPr><a:xfrm><a:off x="0" y="6400800"/><a:ext cx="9144000" cy="457200"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill>'
            '<a:schemeClr val="accent2"/></a:solidFill></p:spPr></p:sp>'
        )
        for name in list(parts):
            if not re.match(r"ppt/slide(Masters/slideMaster|Layouts/slideLayout)\d+\.xml$", name):
                continue
            xml = parts[name].decode()
            if name == _MASTER:
                tree = xml.index("<p:spTree>")
                first = xml.index("<p:sp>", tree)
                xml = xml[:first] + bar + xml[first:]
            if not placeholders:
                xml = re.sub(
                    r'<p:sp>(?:(?!<p:sp>).)*?<p:ph type="(?:dt|ftr|sldNum)"[^>]*/>.*?</p:sp>',
                    "",
                    xml,
                    flags=re.S,
                )
            else:
                # The footer placeholders sit on the bar, in white.
                xml = re.sub(
                    r'(<p:ph type="(?:dt|ftr|sldNum)"[^>]*/>.*?<a:off x="\d+" y=")\d+(")',
                    r"\g<1>6446520\2",
                    xml,
                    flags=re.S,
                )
            parts[name] = xml.encode()

    return _edit(path, edit)


def two_masters(path: Path) -> Path:
    """Two slide masters, the second with a dark background and two layouts of its own."""
    base = dark_template(path.with_name("dark-" + path.name))
    with zipfile.ZipFile(base) as archive:
        dark = {name: archive.read(name) for name in archive.namelist()}
    base.unlink()
    _save(Presentation(), path)

    def edit(parts: dict[str, bytes]) -> None:
        parts["ppt/slideMasters/slideMaster2.xml"] = dark[_MASTER]
        parts["ppt/theme/theme2.xml"] = dark[_THEME]
        rels = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{_RT}slideLayout" Target="{_LAYOUTS}12.xml"/>'
            f'<Relationship Id="rId2" Type="{_RT}slideLayout" Target="{_LAYOUTS}13.xml"/>'
            f'<Relationship Id="rId3" Type="{_RT}theme" Target="../theme/theme2.xml"/>'
            "</Relationships>"
        )
        parts["ppt/slideMasters/_rels/slideMaster2.xml.rels"] = rels.encode()
        master = parts["ppt/slideMasters/slideMaster2.xml"].decode()
        master = re.sub(
            r"<p:sldLayoutIdLst>.*?</p:sldLayoutIdLst>",
            '<p:sldLayoutIdLst><p:sldLayoutId id="2147483700" r:id="rId1"/>'
            '<p:sldLayoutId id="2147483701" r:id="rId2"/></p:sldLayoutIdLst>',
            master,
            flags=re.S,
        )
        parts["ppt/slideMasters/slideMaster2.xml"] = master.encode()
        for new, old in (("12", "2"), ("13", "6")):  # Title and Content, Title Only
            layout = dark[f"ppt/slideLayouts/slideLayout{old}.xml"].decode()
            layout = re.sub(r'<p:cSld name="([^"]*)"', r'<p:cSld name="Dark \1"', layout)
            parts[f"ppt/slideLayouts/slideLayout{new}.xml"] = layout.encode()
            parts[f"ppt/slideLayouts/_rels/slideLayout{new}.xml.rels"] = (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                f'relationships"><Relationship Id="rId1" Type="{_RT}slideMaster" '
                'Target="../slideMasters/slideMaster2.xml"/></Relationships>'
            ).encode()
            add_override(
                parts,
                f"/ppt/slideLayouts/slideLayout{new}.xml",
                "application/vnd.openxmlformats-officedocument.presentationml.slideLayout+xml",
            )
        add_override(
            parts,
            "/ppt/slideMasters/slideMaster2.xml",
            "application/vnd.openxmlformats-officedocument.presentationml.slideMaster+xml",
        )
        add_override(
            parts,
            "/ppt/theme/theme2.xml",
            "application/vnd.openxmlformats-officedocument.theme+xml",
        )
        add_rel(
            parts,
            "ppt/_rels/presentation.xml.rels",
            "rId99",
            _RT + "slideMaster",
            "slideMasters/slideMaster2.xml",
        )
        pres = parts["ppt/presentation.xml"].decode()
        pres = pres.replace(
            "</p:sldMasterIdLst>",
            '<p:sldMasterId id="2147483699" r:id="rId99"/></p:sldMasterIdLst>',
        )
        parts["ppt/presentation.xml"] = pres.encode()

    return _edit(path, edit)


def picture_background(path: Path, color: str = "202830") -> Path:
    """A master whose background is a dark picture, its colour map left light (tx1 = dark)."""
    from PIL import Image

    _save(Presentation(), path)
    buffer = io.BytesIO()
    Image.new("RGB", (64, 36), "#" + color).save(buffer, "PNG")

    def edit(parts: dict[str, bytes]) -> None:
        parts["ppt/media/background.png"] = buffer.getvalue()
        add_override(parts, "/ppt/media/background.png", "image/png")
        add_rel(
            parts,
            "ppt/slideMasters/_rels/slideMaster1.xml.rels",
            "rIdBg",
            _RT + "image",
            "../media/background.png",
        )
        master = re.sub(r"<p:bg>.*?</p:bg>", "", parts[_MASTER].decode(), flags=re.S)
        parts[_MASTER] = master.replace(
            "<p:cSld>",
            '<p:cSld><p:bg><p:bgPr><a:blipFill><a:blip r:embed="rIdBg"/><a:stretch>'
            "<a:fillRect/></a:stretch></a:blipFill><a:effectLst/></p:bgPr></p:bg>",
            1,
        ).encode()

    return _edit(path, edit)


def brand_bar(path: Path) -> Path:
    """A tall brand bar with a logo at its left, reaching up to the body's last line.

    The master's date, footer and slide-number placeholders sit on the bar, beside the logo;
    the layouts have none of their own (as in many templates made with Google Slides).
    """
    _save(Presentation(), path)

    def edit(parts: dict[str, bytes]) -> None:
        shapes = (
            '<p:sp><p:nvSpPr><p:cNvPr id="98" name="Brand bar"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>'
            '<p:spPr><a:xfrm><a:off x="0" y="6096000"/><a:ext cx="9144000" cy="762000"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill>'
            '<a:srgbClr val="EEEEEE"/></a:solidFill></p:spPr></p:sp>'
            '<p:sp><p:nvSpPr><p:cNvPr id="99" name="Logo"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>'
            '<p:spPr><a:xfrm><a:off x="45720" y="6172200"/><a:ext cx="400000" cy="609600"/>'
            '</a:xfrm><a:prstGeom prst="ellipse"><a:avLst/></a:prstGeom><a:solidFill>'
            '<a:srgbClr val="1B365D"/></a:solidFill></p:spPr></p:sp>'
        )
        for name in list(parts):
            if not re.match(r"ppt/slide(Masters/slideMaster|Layouts/slideLayout)\d+\.xml$", name):
                continue
            xml = parts[name].decode()
            if name == _MASTER:
                tree = xml.index("<p:spTree>")
                first = xml.index("<p:sp>", tree)
                xml = xml[:first] + shapes + xml[first:]
                xml = re.sub(
                    r'(<p:ph type="(?:dt|ftr|sldNum)"[^>]*/>.*?<a:off x="\d+" y=")\d+(")',
                    r"\g<1>6446520\2",
                    xml,
                    flags=re.S,
                )
            else:
                xml = re.sub(
                    r'<p:sp>(?:(?!<p:sp>).)*?<p:ph type="(?:dt|ftr|sldNum)"[^>]*/>.*?</p:sp>',
                    "",
                    xml,
                    flags=re.S,
                )
            parts[name] = xml.encode()

    return _edit(path, edit)


#: Every odd-look fixture, by name: what "all kinds build on every template" runs over.
LOOKS: dict[str, Callable[[Path], Path]] = {
    "dark": dark_template,
    "two-masters": two_masters,
    "no-title-only": lambda p: without_layouts(
        p, ("Title Slide", "Title and Content", "Section Header", "Two Content", "Blank")
    ),
    "single-layout": lambda p: without_layouts(p, ("Title and Content",)),
    "fonts-and-spacing": fonts_and_spacing,
    "footer-bar": footer_bar,
    "footer-bar-no-placeholders": lambda p: footer_bar(p, placeholders=False),
    "picture-background": picture_background,
    "brand-bar": brand_bar,
    "own-body-face": own_body_face,
}
