"""An institution's .pptx/.potx read as untrusted input, and cut down to what a deck needs.

A template comes from someone else, so it is read within bounds (zip entries, bytes
unpacked per part and in all, XML elements; no DTD, no entity, no network) and only
the parts a deck is drawn from are kept: the presentation, its slide masters and their
layouts, themes, the notes master, table styles and the pictures those use. Everything
else is left behind: sample slides, macros, OLE objects, ActiveX controls, external
relationships (a linked picture becomes absent, with a warning), custom shows, sections,
embedded fonts, comments, tags and custom XML. The package is then written afresh, so
part names are unique and no DOCTYPE, link or active content reaches a deck.

:func:`clean_template` returns the cleaned package as bytes, with what it left out;
a template that cannot be read safely raises :class:`TemplateRefused` saying why.
"""

from __future__ import annotations

import io
import os
import posixpath
import stat
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from alliance_slides import limits
from alliance_slides.errors import BuildError, Location
from alliance_slides.format.sniff import described, picture_type, same_type
from alliance_slides.format.xml_text import XmlEncodingError, as_utf8

_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_PKG_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_RT = _R + "/"
_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_PML = "application/vnd.openxmlformats-officedocument.presentationml."
_DML = "application/vnd.openxmlformats-officedocument."

#: The main part's content types a template may have; all are opened as a presentation.
MAIN_TYPES = frozenset(
    {
        _PML + "presentation.main+xml",
        _PML + "template.main+xml",
        _PML + "slideshow.main+xml",
        "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
        "application/vnd.ms-powerpoint.template.macroEnabled.main+xml",
        "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml",
    }
)
PRESENTATION_MAIN = _PML + "presentation.main+xml"

#: What each kept part may lead to: relationship type -> the content type its target must have.
_KEPT_TARGETS = {
    "slideMaster": _PML + "slideMaster+xml",
    "slideLayout": _PML + "slideLayout+xml",
    "theme": _DML + "theme+xml",
    "notesMaster": _PML + "notesMaster+xml",
    "tableStyles": _PML + "tableStyles+xml",
    "image": "image",
}
#: Which relationships each kind of kept part keeps.
_KEEPS = {
    "presentation": ("slideMaster", "theme", "notesMaster", "tableStyles"),
    "slideMaster": ("slideLayout", "theme", "image"),
    "slideLayout": ("slideMaster", "image"),
    "theme": ("image",),
    "notesMaster": ("theme", "image"),
    "tableStyles": ("image",),
    "image": (),
}
#: Pictures a deck may carry (SVG is left out: it may name files and addresses).
IMAGE_TYPES = frozenset(
    {
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/bmp",
        "image/tiff",
        "image/x-emf",
        "image/x-wmf",
    }
)
#: What a dropped relationship is, said to a person, by the last part of its type.
_DROPPED_NAMES = {
    "slide": "sample slide",
    "vbaProject": "macro project",
    "oleObject": "OLE object",
    "package": "embedded document",
    "control": "ActiveX control",
    "activeXControl": "ActiveX control",
    "activeXControlBinary": "ActiveX control",
    "hyperlink": "link",
    "font": "embedded font",
    "handoutMaster": "handout master",
    "commentAuthors": "comment author list",
    "comments": "comment",
    "customXml": "custom XML",
    "tags": "tag list",
    "audio": "sound",
    "video": "video",
    "media": "media file",
}
#: Parts left out that a person would not miss: settings of the editor that made it.
_UNSAID = frozenset({"presProps", "viewProps", "printerSettings", "thumbnail"})
#: Elements removed outright when they point at something left out.
_REMOVE_ITSELF = frozenset(
    f"{{{ns}}}{name}"
    for ns, names in (
        (
            _A,
            (
                "hlinkClick",
                "hlinkHover",
                "hlinkMouseOver",
                "snd",
                "ext",
                "audioFile",
                "videoFile",
                "quickTimeFile",
                "wavAudioFile",
            ),
        ),
        (
            _P,
            (
                "snd",
                "custData",
                "control",
                "sldLayoutId",
                "sldMasterId",
                "notesMasterId",
                "handoutMasterId",
                "sldId",
                "embeddedFont",
                "tags",
                "custDataLst",
                "controls",
            ),
        ),
    )
    for name in names
)
#: Elements removed whole when something inside points at what was left out.
_REMOVE_ENCLOSING = frozenset(
    f"{{{ns}}}{name}"
    for ns, names in (
        (_P, ("sp", "pic", "graphicFrame", "grpSp", "cxnSp", "contentPart", "bg")),
        (_MC, ("AlternateContent",)),
    )
    for name in names
)
#: The slide sizes PowerPoint takes, in EMU (1 to 56 inches: ST_SlideSizeCoordinate).
_SLIDE_SIZE = (914_400, 51_206_400)
#: Largest DrawingML coordinate (ST_PositiveCoordinate).
_MAX_COORDINATE = 27_273_042_316_900
_SLIDE_SIZE_TYPES = frozenset(
    "screen4x3 letter A4 35mm overhead banner custom ledger A3 B4ISO B5ISO B4JIS B5JIS "
    "hagakiCard screen16x9 screen16x10".split()
)
_REMOVABLE = _REMOVE_ITSELF | _REMOVE_ENCLOSING
#: Lists the schema wants non-empty, removed when their last entry is.
_EMPTY_GOES = frozenset(
    {f"{{{_P}}}controls", f"{{{_P}}}custDataLst", f"{{{_A}}}extLst", f"{{{_P}}}extLst"}
)
#: presentation.xml children that only make sense with what is left out.
_PRESENTATION_DROPS = (
    "custShowLst",
    "handoutMasterIdLst",
    "embeddedFontLst",
    "custDataLst",
    "photoAlbum",
    "modifyVerifier",
    "extLst",  # sections (p14:sectionLst) and guides
)


class TemplateRefused(BuildError):
    """A template that cannot be read safely (too big, malformed, or with a DTD)."""


@dataclass(frozen=True)
class CleanTemplate:
    """A template's package with only what a deck needs, and what was left behind."""

    data: bytes
    #: What was left out, one phrase each ("9 sample slides", "1 macro project").
    dropped: tuple[str, ...] = ()
    #: What a person should hear about: pictures that will be absent, active content removed.
    warnings: tuple[str, ...] = ()
    #: The main part's content type as found (a .potx's, a .pptm's ...).
    main_type: str = PRESENTATION_MAIN


@dataclass
class _Part:
    name: str  # without the leading '/'
    content_type: str
    kind: str  # presentation, slideMaster, ..., image
    xml: etree._Element | None = None
    data: bytes = b""
    rels: list[tuple[str, str, str]] = field(default_factory=list)  # id, type, target


def _refuse(path: Path, why: str) -> TemplateRefused:
    return TemplateRefused.at(Location(str(path)), f"template refused: {why}")


class _Reader:
    """Reads zip entries within the limits, counting what is unpacked and parsed."""

    def __init__(self, path: Path, archive: zipfile.ZipFile) -> None:
        self.path = path
        self.archive = archive
        self.entries: dict[str, zipfile.ZipInfo] = {}
        self.unpacked = 0
        self.elements = 0
        infos = archive.infolist()
        if len(infos) > limits.MAX_TEMPLATE_ENTRIES:
            raise _refuse(
                path,
                f"{len(infos):,} zip entries; the limit is {limits.MAX_TEMPLATE_ENTRIES:,} "
                "(MAX_TEMPLATE_ENTRIES)",
            )
        declared = sum(info.file_size for info in infos)
        if declared > limits.MAX_TEMPLATE_BYTES:
            raise _refuse(
                path,
                f"unpacks to {declared:,} bytes; the limit is {limits.MAX_TEMPLATE_BYTES:,} "
                "(MAX_TEMPLATE_BYTES)",
            )
        for info in infos:
            key = info.filename.casefold()
            if key in self.entries:
                raise _refuse(path, f"two zip entries are named {info.filename!r}")
            self.entries[key] = info

    def has(self, name: str) -> bool:
        return name.casefold() in self.entries

    def read(self, name: str, limit: int) -> bytes:
        """Unpack one entry, never more than ``limit`` bytes whatever its header says."""
        info = self.entries[name.casefold()]
        try:
            with self.archive.open(info) as stream:
                data = stream.read(limit + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as e:
            raise _refuse(self.path, f"part {name} cannot be unpacked: {e}") from e
        if len(data) > limit:
            what = (
                "MAX_TEMPLATE_PART_BYTES"
                if limit == limits.MAX_TEMPLATE_PART_BYTES
                else ("MAX_IMAGE_BYTES")
            )
            raise _refuse(self.path, f"part {name} unpacks to more than {limit:,} bytes ({what})")
        self.unpacked += len(data)
        if self.unpacked > limits.MAX_TEMPLATE_BYTES:
            raise _refuse(
                self.path,
                f"unpacks to more than {limits.MAX_TEMPLATE_BYTES:,} bytes (MAX_TEMPLATE_BYTES)",
            )
        return data

    def xml(self, name: str) -> etree._Element:
        """Parse one XML entry: no DTD, no entities, no network, within the element budget."""
        data = self.read(name, limits.MAX_TEMPLATE_PART_BYTES)
        return parse_xml(data, name, self)

    def count(self, name: str, elements: int) -> None:
        self.elements += elements
        if self.elements > limits.MAX_TEMPLATE_ELEMENTS:
            raise _refuse(
                self.path,
                f"more than {limits.MAX_TEMPLATE_ELEMENTS:,} XML elements (at {name}) "
                "(MAX_TEMPLATE_ELEMENTS)",
            )


def parse_xml(data: bytes, name: str, reader: _Reader) -> etree._Element:
    """Parse an untrusted XML part in chunks, stopping as soon as it has too many elements."""
    try:
        data = as_utf8(data)
    except XmlEncodingError as e:
        raise _refuse(reader.path, f"part {name} is not well-formed XML: {e}") from e
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise _refuse(reader.path, f"part {name} has a DOCTYPE (DTDs and entities are refused)")
    parser = etree.XMLPullParser(
        events=("start",),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_pis=True,
    )
    step = 1 << 16
    try:
        for start in range(0, max(len(data), 1), step):
            parser.feed(data[start : start + step])
            reader.count(name, sum(1 for _ in parser.read_events()))
        root = parser.close()
    except etree.XMLSyntaxError as e:
        raise _refuse(reader.path, f"part {name} is not well-formed XML: {e}") from e
    if root.getroottree().docinfo.doctype:
        raise _refuse(reader.path, f"part {name} has a DOCTYPE (DTDs and entities are refused)")
    return root


def _rels_name(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def _resolve(source: str, target: str) -> str | None:
    """Return the part a relative target names, from the part ``source``; None if outside."""
    if target.startswith("/"):
        joined = target.lstrip("/")
    else:
        joined = posixpath.join(posixpath.dirname(source), target)
    normal = posixpath.normpath(joined)
    if normal.startswith("..") or normal in (".", ""):
        return None
    return normal


def _relationships(reader: _Reader, part: str) -> Iterator[tuple[str, str, str, bool]]:
    """Yield a part's relationships: id, type, target, and whether the target is external."""
    name = _rels_name(part)
    if not reader.has(name):
        return
    root = reader.xml(name)
    for rel in root.iter(f"{{{_PKG_RELS}}}Relationship"):
        external = (rel.get("TargetMode") or "").casefold() == "external"
        yield rel.get("Id") or "", rel.get("Type") or "", rel.get("Target") or "", external


def _content_types(reader: _Reader) -> tuple[dict[str, str], dict[str, str]]:
    if not reader.has("[Content_Types].xml"):
        raise _refuse(reader.path, "not a PowerPoint file: it has no [Content_Types].xml")
    root = reader.xml("[Content_Types].xml")
    defaults = {
        (e.get("Extension") or "").casefold(): e.get("ContentType") or ""
        for e in root.iter(f"{{{_PKG_CT}}}Default")
    }
    overrides = {
        (e.get("PartName") or "").lstrip("/").casefold(): e.get("ContentType") or ""
        for e in root.iter(f"{{{_PKG_CT}}}Override")
    }
    return defaults, overrides


def clean_template(path: Path) -> CleanTemplate:
    """Read the template at ``path`` within bounds and return its cleaned package.

    Raise :class:`TemplateRefused` (one located line) if it cannot be read safely.
    """
    try:
        # A device or a pipe (/dev/zero) has no end to seek to: zipfile would read it
        # into memory until the machine ran out.
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise _refuse(path, "not a file (a folder, a device or a pipe): give a .pptx/.potx")
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise _refuse(path, f"not a PowerPoint file (.pptx/.potx are zip files): {e}") from e
    with archive:
        return _Cleaner(_Reader(path, archive)).run()


class _Cleaner:
    def __init__(self, reader: _Reader) -> None:
        self.reader = reader
        self.parts: dict[str, _Part] = {}
        self.dropped: Counter[str] = Counter()
        self.warnings: list[str] = []
        self.mistyped: set[str] = set()

    def run(self) -> CleanTemplate:
        reader = self.reader
        self.defaults, self.overrides = _content_types(reader)
        main = None
        for _id, kind, target, external in _relationships(reader, ""):
            if kind == _RT + "officeDocument" and not external:
                main = _resolve("", target)
        if main is None or not reader.has(main):
            raise _refuse(reader.path, "not a PowerPoint file: it has no presentation part")
        main_type = self._type_of(main)
        if main_type not in MAIN_TYPES:
            raise _refuse(reader.path, f"not a PowerPoint presentation or template ({main_type})")
        self._take(main, PRESENTATION_MAIN, "presentation")
        self._clean_presentation(self.parts[main.casefold()])
        masters = [p for p in self.parts.values() if p.kind == "slideMaster"]
        if not masters:
            raise _refuse(reader.path, "it has no slide master")
        if not any(p.kind == "slideLayout" for p in self.parts.values()):
            raise _refuse(reader.path, "it has no slide layout")
        for master in masters:
            if not any(rel_type == _RT + "theme" for _, rel_type, _ in master.rels):
                self._give_theme(master)
        for part in self.parts.values():
            if part.xml is not None:
                self._unlink(part)
                self._clamp(part.xml)
        self._list_layouts(masters)
        return CleanTemplate(
            self._write(main),
            tuple(f"{n} {what}{'s' if n > 1 else ''}" for what, n in sorted(self.dropped.items())),
            tuple(self.warnings),
            main_type,
        )

    def _type_of(self, name: str) -> str:
        found = self.overrides.get(name.casefold())
        if found:
            return found
        return self.defaults.get(posixpath.splitext(name)[1].lstrip(".").casefold(), "")

    def _take(self, name: str, content_type: str, kind: str) -> None:
        """Keep the part ``name`` and, through its relationships, what it needs."""
        key = name.casefold()
        if key in self.parts:
            return
        reader = self.reader
        if kind == "image":
            part = _Part(name, content_type, kind, data=reader.read(name, limits.MAX_IMAGE_BYTES))
            self.parts[key] = part
            return
        part = _Part(name, content_type, kind, xml=reader.xml(name))
        self.parts[key] = part
        wanted = _KEEPS[kind]
        for rel_id, rel_type, target, external in list(_relationships(reader, name)):
            short = rel_type.rsplit("/", 1)[-1]
            if external:
                self._drop_external(short, target)
                continue
            if short not in wanted or not rel_type.startswith(_RT):
                if short not in _UNSAID:
                    self.dropped[_DROPPED_NAMES.get(short, "other part")] += 1
                continue
            found = _resolve(name, target)
            if found is None or not reader.has(found):
                self.dropped["missing part"] += 1
                continue
            found_type = self._type_of(found)
            expected = _KEPT_TARGETS[short]
            if short == "image":
                if found_type not in IMAGE_TYPES:
                    self.dropped[f"{found_type or 'unknown'} picture"] += 1
                    continue
                if not self._picture_is_its_type(found, found_type):
                    continue
            elif found_type != expected:
                self.dropped["mistyped part"] += 1
                continue
            part.rels.append((rel_id, rel_type, target))
            self._take(found, found_type, short)

    def _picture_is_its_type(self, name: str, content_type: str) -> bool:
        """Tell whether a picture part's bytes are what its content type says.

        LibreOffice reads the bytes, not the type: an SVG typed ``image/png`` would be
        drawn as an SVG, and open the files and addresses it names. A part that is not
        its type is left out, with a warning (once, however many parts relate to it).
        """
        key = name.casefold()
        if key in self.parts:
            return True
        if key in self.mistyped:
            return False
        data = self.reader.read(name, limits.MAX_IMAGE_BYTES)
        if same_type(content_type, picture_type(data)):
            self.parts[key] = _Part(name, content_type, "image", data=data)
            return True
        self.mistyped.add(key)
        self.dropped["picture that is not what its type says"] += 1
        self.warnings.append(
            f"the picture {_clip(name)} is left out: it is typed {content_type} but holds "
            f"{described(data)}"
        )
        return False

    def _drop_external(self, short: str, target: str) -> None:
        if short == "image":
            self.warnings.append(
                f"a linked picture ({_clip(target)}) is left out: pictures outside the "
                "template are never read"
            )
        what = (
            "linked picture" if short == "image" else f"external {_DROPPED_NAMES.get(short, short)}"
        )
        self.dropped[what] += 1

    def _clean_presentation(self, part: _Part) -> None:
        root = part.xml
        assert root is not None
        for child in list(root):
            local = etree.QName(child).localname
            if local in _PRESENTATION_DROPS:
                if local == "custShowLst":
                    self.dropped["custom show"] += len(child)
                elif local == "extLst":
                    sections = child.findall(".//{*}section")
                    if sections:
                        self.dropped["section"] += len(sections)
                root.remove(child)
            elif local == "sldIdLst":
                root.remove(child)
        for attribute in ("embedTrueTypeFonts", "saveSubsetFonts"):
            root.attrib.pop(attribute, None)
        self._check_sizes(root)

    def _check_sizes(self, root: etree._Element) -> None:
        """Refuse a slide size that is not a number; bring one out of range into range.

        The deck copies ``p:sldSz`` as it is, and PowerPoint refuses a deck whose slides
        are under 1 inch or over 56 inches (ST_SlideSizeCoordinate).
        """
        size = root.find(f"{{{_P}}}sldSz")
        if size is not None:
            for name in ("cx", "cy"):
                value = size.get(name) or ""
                if not value.strip().isdigit() or len(value) > 18:
                    raise _refuse(
                        self.reader.path,
                        f"its slide size is not a number (p:sldSz {name}={_clip(value)!r})",
                    )
                number = int(value)
                fixed = min(max(number, _SLIDE_SIZE[0]), _SLIDE_SIZE[1])
                size.set(name, str(fixed))
                if fixed != number:
                    self.warnings.append(
                        f"the template's slide {'width' if name == 'cx' else 'height'} of "
                        f"{number / 12700:,.0f} pt is outside what PowerPoint takes "
                        f"({_SLIDE_SIZE[0] // 12700:,}–{_SLIDE_SIZE[1] // 12700:,} pt): "
                        f"{fixed / 12700:,.0f} pt is used"
                    )
            if size.get("type") not in (None, *_SLIDE_SIZE_TYPES):
                del size.attrib["type"]
        notes = root.find(f"{{{_P}}}notesSz")
        if notes is not None:
            for name, default in (("cx", "6858000"), ("cy", "9144000")):
                value = notes.get(name) or ""
                if not value.isdigit() or len(value) > 14 or int(value) > _MAX_COORDINATE:
                    notes.set(name, default)  # the notes page's size: nothing depends on it

    def _unlink(self, part: _Part) -> None:
        """Remove what in a part's XML points at a relationship that was not kept."""
        root = part.xml
        assert root is not None
        kept = {rel_id for rel_id, _, _ in part.rels}
        targets: dict[etree._Element, None] = {}  # what to remove, in document order
        enclosing: dict[etree._Element, etree._Element | None] = {}
        for element in root.iter():
            for attribute, value in list(element.attrib.items()):
                if not attribute.startswith(f"{{{_R}}}") or value in kept:
                    continue
                target = None
                if not (element.tag == f"{{{_A}}}blip" and attribute == f"{{{_R}}}link"):
                    target = _nearest(element, lambda at: at.tag in _REMOVABLE, enclosing)
                if target is None or target is root:
                    del element.attrib[attribute]
                else:
                    targets[target] = None
        # A target inside another one goes with it (each element's answer found once).
        doomed: dict[etree._Element, etree._Element | None] = {}
        for target in targets:
            if _nearest(target.getparent(), targets.__contains__, doomed) is not None:
                continue
            parent = target.getparent()
            if parent is not None:
                if (
                    target.tag == f"{{{_P}}}graphicFrame"
                    or target.tag == f"{{{_MC}}}AlternateContent"
                ):
                    self.dropped["drawn object"] += 1
                parent.remove(target)
                if parent.tag in _EMPTY_GOES and not len(parent):
                    grandparent = parent.getparent()
                    if grandparent is not None:
                        grandparent.remove(parent)

    def _list_layouts(self, masters: list[_Part]) -> None:
        """List in each master's ``p:sldLayoutIdLst`` every layout it relates to.

        A master may relate to its layouts without listing them (nolayoutlist.pptx);
        python-pptx and PowerPoint know a master's layouts only from that list.
        """
        ids = [
            int(value)
            for part in self.parts.values()
            if part.xml is not None
            for element in part.xml.iter(f"{{{_P}}}sldLayoutId", f"{{{_P}}}sldMasterId")
            if (value := element.get("id") or "").isdigit()
        ]
        next_id = max([2**31 - 1, *ids]) + 1
        for master in masters:
            root = master.xml
            assert root is not None
            listing = root.find(f"{{{_P}}}sldLayoutIdLst")
            listed = set()
            if listing is not None:
                listed = {e.get(f"{{{_R}}}id") for e in listing}
            for rel_id, rel_type, _ in master.rels:
                if rel_type != _RT + "slideLayout" or rel_id in listed:
                    continue
                if listing is None:
                    listing = etree.Element(f"{{{_P}}}sldLayoutIdLst")
                    after = root.find(f"{{{_P}}}clrMap")
                    if after is None:
                        raise _refuse(self.reader.path, f"{master.name} has no colour map")
                    after.addnext(listing)
                entry = etree.SubElement(listing, f"{{{_P}}}sldLayoutId")
                entry.set("id", str(next_id))
                entry.set(f"{{{_R}}}id", rel_id)
                next_id += 1
            if next_id > 2**32 - 1:
                raise _refuse(self.reader.path, "its slide layout ids run out")

    def _give_theme(self, master: _Part) -> None:
        """Give a master that has no theme python-pptx's default one (a master needs one)."""
        from importlib.resources import files

        name = "ppt/theme/themeAdded.xml"
        if name.casefold() not in self.parts:
            data = files("pptx").joinpath("templates/theme.xml").read_bytes()
            self.parts[name.casefold()] = _Part(
                name, _DML + "theme+xml", "theme", xml=parse_xml(data, name, self.reader)
            )
        used = {rel_id for rel_id, _, _ in master.rels}
        rel_id = next(f"rIdTheme{i}" for i in range(len(used) + 1) if f"rIdTheme{i}" not in used)
        target = posixpath.relpath(name, posixpath.dirname(master.name))
        master.rels.append((rel_id, _RT + "theme", target))
        self.dropped["missing theme (Office's default used)"] += 1

    def _clamp(self, root: etree._Element) -> None:
        """Bring offsets and extents into DrawingML's 32-bit range (extents not negative).

        A template with a shape a billion inches wide would otherwise give decks that
        PowerPoint must repair.
        """
        for element in root.iter(
            f"{{{_A}}}off", f"{{{_A}}}ext", f"{{{_A}}}chOff", f"{{{_A}}}chExt"
        ):
            extent = etree.QName(element).localname in ("ext", "chExt")
            for name in ("cx", "cy") if extent else ("x", "y"):
                value = element.get(name)
                if value is None:
                    continue
                try:
                    number = int(value)
                except ValueError:
                    number = 0
                low, high = (0, 2**31 - 1) if extent else (-(2**31), 2**31 - 1)
                fixed = min(max(number, low), high)
                if str(fixed) != value:
                    element.set(name, str(fixed))
                    self.dropped["out-of-range size (clamped)"] += 1

    def _write(self, main: str) -> bytes:
        buffer = io.BytesIO()
        types = etree.Element(f"{{{_PKG_CT}}}Types", nsmap={None: _PKG_CT})
        for extension, content_type in (
            ("rels", "application/vnd.openxmlformats-package.relationships+xml"),
            ("xml", "application/xml"),
        ):
            etree.SubElement(
                types, f"{{{_PKG_CT}}}Default", Extension=extension, ContentType=content_type
            )
        parts = sorted(self.parts.values(), key=lambda p: p.name)
        for part in parts:
            etree.SubElement(
                types,
                f"{{{_PKG_CT}}}Override",
                PartName="/" + part.name,
                ContentType=part.content_type,
            )
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
            out.writestr("[Content_Types].xml", _serialize(types))
            out.writestr("_rels/.rels", _rels_xml([("rId1", _RT + "officeDocument", main)]))
            for part in parts:
                if part.xml is not None:
                    out.writestr(part.name, _serialize(part.xml))
                else:
                    out.writestr(part.name, part.data)
                if part.rels:
                    out.writestr(_rels_name(part.name), _rels_xml(part.rels))
        return buffer.getvalue()


def _nearest(
    element: etree._Element | None,
    hit: Callable[[etree._Element], bool],
    known: dict[etree._Element, etree._Element | None],
) -> etree._Element | None:
    """Return ``element`` or its nearest ancestor that ``hit`` takes (None if none).

    ``known`` keeps every answer found, so a tree with many deep leaves is walked once,
    not once per leaf.
    """
    path = []
    found: etree._Element | None = None
    at = element
    while at is not None:
        if at in known:
            found = known[at]
            break
        if hit(at):
            found = at
            break
        path.append(at)
        at = at.getparent()
    for seen in path:
        known[seen] = found
    return found


def _serialize(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _rels_xml(rels: list[tuple[str, str, str]]) -> bytes:
    root = etree.Element(f"{{{_PKG_RELS}}}Relationships", nsmap={None: _PKG_RELS})
    for rel_id, rel_type, target in rels:
        etree.SubElement(
            root, f"{{{_PKG_RELS}}}Relationship", Id=rel_id, Type=rel_type, Target=target
        )
    return _serialize(root)


def _clip(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
