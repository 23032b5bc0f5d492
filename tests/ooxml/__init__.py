"""Is a .pptx valid as PowerPoint would see it?  ``problems(path)`` lists why not.

A test-side checker, independent of the code that writes decks. It reads the package
with :mod:`zipfile` and :mod:`lxml` only (never python-pptx, which would forgive what
PowerPoint does not) and checks:

* the zip: readable, CRCs right, no entry twice (OPC part names are case-insensitive),
  no absolute, backslashed, ``.`` or ``..`` names;
* ``[Content_Types].xml``: every part has a content type (an Override, or a Default for
  its extension), no Override names a missing part, nothing is declared twice, and a
  part's root element is the one its content type calls for;
* relationships: every ``.rels`` part parses and sits in a ``_rels`` folder of an
  existing source, ids are unique per part, internal targets exist and have the content
  type the relationship type calls for, every ``r:id``/``r:embed`` in a part names one of
  its relationships, and the relationships PresentationML requires are there
  (package -> presentation; presentation -> slide masters and slides; slide -> one
  layout; layout -> one master that lists it; master -> one theme; notes slide <-> slide
  both ways; notes slide -> notes master, which the presentation relates to);
* ``presentation.xml``: slide ids unique and in 256..2147483647, every ``p:sldId`` names a
  slide relationship, no slide listed twice, master and layout ids unique together;
* shape ids (``p:cNvPr/@id``) unique within each slide, layout, master and notes part,
  and tables whole (one ``a:tc`` per grid column in every row, merged cells marked);
* geometry PowerPoint keeps in 32 bits: ``a:ext``/``a:chExt``/``p:sldSz``/``p:notesSz``
  extents in 0..2147483647, ``a:off``/``a:chOff`` offsets in -2147483648..2147483647;
* nothing dangerous: no DOCTYPE in any XML part, no macros (vbaProject), no ActiveX
  controls or OLE objects, no external relationship other than a hyperlink;
* every XML part whose root element the schemas declare is validated against the
  ISO/IEC 29500 *transitional* schemas in ``schemas/`` (PresentationML, DrawingML main,
  chart and diagram, OPC content types / relationships / core properties, extended and
  custom properties), after Markup Compatibility processing (ECMA-376 Part 3) for a
  consumer that knows only those namespaces. See ``schemas/SOURCES.txt`` for where the
  schemas come from and the one erratum corrected when they are loaded.

The schemas are compiled once per process (about a second); a typical deck then takes
tens of milliseconds. ``python -m ooxml DECK.pptx ...`` (with ``tests`` on the path)
prints the problems of each deck.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import posixpath
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

__all__ = ["problems", "schema"]

SCHEMAS = Path(__file__).with_name("schemas")

# --------------------------------------------------------------------------- names

P = "http://schemas.openxmlformats.org/presentationml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
DGM = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
EP = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
XML_NS = "http://www.w3.org/XML/1998/namespace"
DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
DCMITYPE = "http://purl.org/dc/dcmitype/"

PREFIXES = {
    P: "p",
    A: "a",
    C: "c",
    DGM: "dgm",
    R: "r",
    MC: "mc",
    CT_NS: "ct",
    RELS_NS: "rel",
    CP: "cp",
    EP: "ep",
    CUSTOM: "op",
    XML_NS: "xml",
    DC: "dc",
    DCTERMS: "dcterms",
    "http://schemas.openxmlformats.org/drawingml/2006/picture": "pic",
    "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes": "vt",
    "http://www.w3.org/2001/XMLSchema": "xsd",
}

_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
RT_OFFICE_DOCUMENT = _RT + "officeDocument"
RT_SLIDE = _RT + "slide"
RT_LAYOUT = _RT + "slideLayout"
RT_MASTER = _RT + "slideMaster"
RT_NOTES = _RT + "notesSlide"
RT_NOTES_MASTER = _RT + "notesMaster"
RT_HANDOUT_MASTER = _RT + "handoutMaster"
RT_THEME = _RT + "theme"
RT_HYPERLINK = _RT + "hyperlink"

_PML = "application/vnd.openxmlformats-officedocument.presentationml."
CT_SLIDE = _PML + "slide+xml"
CT_LAYOUT = _PML + "slideLayout+xml"
CT_MASTER = _PML + "slideMaster+xml"
CT_NOTES = _PML + "notesSlide+xml"
CT_NOTES_MASTER = _PML + "notesMaster+xml"
CT_HANDOUT_MASTER = _PML + "handoutMaster+xml"
CT_THEME = "application/vnd.openxmlformats-officedocument.theme+xml"
#: Content types a package's main part may have and still be a presentation without macros.
CT_MAIN = {_PML + "presentation.main+xml", _PML + "slideshow.main+xml", _PML + "template.main+xml"}

#: Relationship type -> the content types its target may have.
TARGET_TYPES = {
    RT_OFFICE_DOCUMENT: CT_MAIN,
    RT_SLIDE: {CT_SLIDE},
    RT_LAYOUT: {CT_LAYOUT},
    RT_MASTER: {CT_MASTER},
    RT_NOTES: {CT_NOTES},
    RT_NOTES_MASTER: {CT_NOTES_MASTER},
    RT_HANDOUT_MASTER: {CT_HANDOUT_MASTER},
    RT_THEME: {CT_THEME},
    _RT + "presProps": {_PML + "presProps+xml"},
    _RT + "viewProps": {_PML + "viewProps+xml"},
    _RT + "tableStyles": {_PML + "tableStyles+xml"},
    _RT + "extended-properties": {
        "application/vnd.openxmlformats-officedocument.extended-properties+xml"
    },
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties": {
        "application/vnd.openxmlformats-package.core-properties+xml"
    },
}

#: Content type -> the root element its part must have.
ROOTS = {
    _PML + "presentation.main+xml": (P, "presentation"),
    _PML + "slideshow.main+xml": (P, "presentation"),
    _PML + "template.main+xml": (P, "presentation"),
    CT_SLIDE: (P, "sld"),
    CT_LAYOUT: (P, "sldLayout"),
    CT_MASTER: (P, "sldMaster"),
    CT_NOTES: (P, "notes"),
    CT_NOTES_MASTER: (P, "notesMaster"),
    CT_HANDOUT_MASTER: (P, "handoutMaster"),
    _PML + "presProps+xml": (P, "presentationPr"),
    _PML + "viewProps+xml": (P, "viewPr"),
    _PML + "tableStyles+xml": (A, "tblStyleLst"),
    _PML + "commentAuthors+xml": (P, "cmAuthorLst"),
    _PML + "comments+xml": (P, "cmLst"),
    CT_THEME: (A, "theme"),
    "application/vnd.openxmlformats-officedocument.themeOverride+xml": (A, "themeOverride"),
    "application/vnd.openxmlformats-officedocument.drawingml.chart+xml": (C, "chartSpace"),
    "application/vnd.openxmlformats-package.core-properties+xml": (CP, "coreProperties"),
    "application/vnd.openxmlformats-officedocument.extended-properties+xml": (EP, "Properties"),
    "application/vnd.openxmlformats-officedocument.custom-properties+xml": (CUSTOM, "Properties"),
    "application/vnd.openxmlformats-package.relationships+xml": (RELS_NS, "Relationships"),
}

#: Parts whose shape trees are checked for unique shape ids and 32-bit geometry.
DRAWING_TYPES = {CT_SLIDE, CT_LAYOUT, CT_MASTER, CT_NOTES, CT_NOTES_MASTER, CT_HANDOUT_MASTER}

#: What a deck must not carry: (content type or relationship type fragment, what it is).
FORBIDDEN = [
    ("vbaProject", "a macro project (vbaProject)"),
    ("vbaData", "macro data (vbaData)"),
    ("macroEnabled", "a macro-enabled main part"),
    ("activeX", "an ActiveX control"),
    ("relationships/control", "an ActiveX control"),
    ("oleObject", "an OLE object"),
]

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
#: A package that unpacks to more is reported, not read (a zip bomb would hang the suite).
MAX_UNPACKED = 512 * 1024 * 1024
SLIDE_ID_MIN = 256

# --------------------------------------------------------------------------- schemas

#: Loaded in this order: a namespace is taken from its first import, so the local xml.xsd,
#: dc.xsd and dcterms.xsd stand in for the web addresses that other schemas import them by.
_IMPORTS = [
    (XML_NS, "xml.xsd"),
    (DC, "dc.xsd"),
    (DCMITYPE, "dcmitype.xsd"),
    (DCTERMS, "dcterms.xsd"),
    (A, "dml-main.xsd"),  # imports dml-chart, -diagram, -picture, -lockedCanvas
    (P, "pml.xsd"),
    (CT_NS, "opc-contentTypes.xsd"),
    (RELS_NS, "opc-relationships.xsd"),
    (CP, "opc-coreProperties.xsd"),
    (EP, "shared-documentPropertiesExtended.xsd"),
    (CUSTOM, "shared-documentPropertiesCustom.xsd"),
]

#: Errata of the published schemas, corrected as they are loaded (see schemas/SOURCES.txt):
#: file -> [(regular expression, replacement)]. Each must match exactly once.
_ERRATA = {
    # CT_TextBulletSizePercent/@val is typed with the "25%".."400%" pattern only, though the
    # schema defines ST_TextBulletSize (that pattern or 25000..400000) for it and every
    # Office version writes buSzPct val="100000" (ECMA-376 1st edition's form).
    "dml-main.xsd": [
        (
            r'(<xsd:complexType name="CT_TextBulletSizePercent">\s*'
            r'<xsd:attribute name="val" type=")ST_TextBulletSizePercent(")',
            r"\1ST_TextBulletSize\2",
        )
    ],
}

#: Schema messages for what Office itself writes, so reads: (pattern, why). Kept narrow.
_TOLERATED = [
    (
        r"^Element 'c:(axId|crossAx)', attribute 'val': '-\d+' is not a valid value of the "
        r"atomic type 'xs:unsignedInt'",
        "Office and python-pptx write signed chart axis ids",
    ),
]


class _Local(etree.Resolver):
    """Serve every schema from memory by file name; nothing is fetched."""

    def __init__(self, files: dict[str, bytes]) -> None:
        super().__init__()
        self.files = files

    def resolve(self, url, pubid, context):  # type: ignore[no-untyped-def]
        name = (url or "").rsplit("/", 1)[-1]
        if name in self.files:
            return self.resolve_string(self.files[name], context, base_url=str(SCHEMAS / name))
        return None


class Schema:
    """The compiled transitional schemas and the global elements they declare."""

    def __init__(self) -> None:
        files = {p.name: p.read_bytes() for p in sorted(SCHEMAS.glob("*.xsd"))}
        for name, fixes in _ERRATA.items():
            text = files[name].decode("utf-8")
            for pattern, replacement in fixes:
                text, count = re.subn(pattern, replacement, text)
                assert count == 1, f"the erratum of {name} matched {count} times, not once"
            files[name] = text.encode("utf-8")
        self.roots: set[tuple[str, str]] = set()
        self.namespaces: set[str] = set()
        for data in files.values():
            doc = etree.fromstring(data, _parser())
            ns = doc.get("targetNamespace", "")
            self.namespaces.add(ns)
            for el in doc.iterfind("{http://www.w3.org/2001/XMLSchema}element"):
                self.roots.add((ns, el.get("name")))
        imports = "".join(
            f'<xs:import namespace="{ns}" schemaLocation="{name}"/>' for ns, name in _IMPORTS
        )
        wrapper = (
            '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" '
            f'targetNamespace="urn:alliance-slides:tests:ooxml">{imports}</xs:schema>'
        )
        parser = _parser()
        parser.resolvers.add(_Local(files))
        doc = etree.fromstring(wrapper.encode(), parser, base_url=str(SCHEMAS / "wrapper.xsd"))
        self.xsd = etree.XMLSchema(doc)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@functools.lru_cache(maxsize=1)
def schema() -> Schema:
    """The schemas, compiled on first use and kept for the process."""
    return Schema()


# --------------------------------------------------------------------------- helpers


def _q(tag: str) -> str:
    """``{ns}local`` -> ``prefix:local`` for messages."""
    if tag.startswith("{"):
        ns, local = tag[1:].split("}", 1)
        return f"{PREFIXES[ns]}:{local}" if ns in PREFIXES else tag
    return tag


def _qtext(text: str) -> str:
    return re.sub(r"\{([^}]*)\}([\w.-]+)", lambda m: _q(f"{{{m.group(1)}}}{m.group(2)}"), text)


def _path(el: etree._Element) -> str:
    """A readable path: /p:sld/p:cSld/p:spTree/p:sp[3]/p:spPr/a:xfrm/a:ext."""
    steps = []
    node: etree._Element | None = el
    while node is not None:
        parent = node.getparent()
        step = _q(node.tag)
        if parent is not None:
            same = [c for c in parent if c.tag == node.tag]
            if len(same) > 1:
                step += f"[{same.index(node) + 1}]"
        steps.append(step)
        node = parent
    return "/" + "/".join(reversed(steps))


def _source(rels: str) -> str | None:
    """The part a relationships part belongs to ("/" for the package), or None if misplaced."""
    folder, name = posixpath.split(rels)
    if posixpath.basename(folder) != "_rels" or not name.endswith(".rels"):
        return None
    return "/" if name == ".rels" else posixpath.join(posixpath.dirname(folder), name[:-5])


def _resolve(source: str, target: str) -> str:
    target = unquote(target.split("#", 1)[0])
    if target.startswith("/"):
        return posixpath.normpath(target)
    base = "/" if source == "/" else posixpath.dirname(source)
    return posixpath.normpath(posixpath.join(base, target))


@dataclasses.dataclass
class _Rel:
    """One relationship; ``part`` is its target part as written, None if not in the package."""

    id: str
    type: str
    target: str
    external: bool
    part: str | None

    def __repr__(self) -> str:
        return self.part or f"{self.target} (missing)"


# --------------------------------------------------------------------------- the check


class _Deck:
    def __init__(self) -> None:
        self.found: list[str] = []
        self.blobs: dict[str, bytes] = {}
        self.exact: dict[str, str] = {}  # lower-cased part name -> as written
        self.defaults: dict[str, str] = {}
        self.overrides: dict[str, str] = {}
        self.rels: dict[str, list[_Rel]] = {}
        self.trees: dict[str, etree._Element | None] = {}

    def problem(self, part: str, check: str, message: str) -> None:
        self.found.append(f"{part}: [{check}] {message}")

    # -- package

    def part(self, name: str) -> str | None:
        """The part named ``name`` as written (part names are case-insensitive), or None."""
        return self.exact.get(name.lower())

    def content_type(self, part: str) -> str | None:
        if part.lower() in self.overrides:
            return self.overrides[part.lower()]
        base = posixpath.basename(part)
        return self.defaults.get(base.rsplit(".", 1)[-1].lower()) if "." in base else None

    def read_zip(self, path: Path) -> bool:
        try:
            archive = zipfile.ZipFile(path)
        except (OSError, zipfile.BadZipFile) as e:
            self.problem("(zip)", "zip", f"not a readable zip: {e}")
            return False
        with archive:
            size = sum(info.file_size for info in archive.infolist())
            if size > MAX_UNPACKED:
                self.problem("(zip)", "zip", f"unpacks to {size:,} bytes; not read further")
                return False
            for info in archive.infolist():
                name = info.filename
                if name.endswith("/"):
                    continue  # a folder entry names no part
                if name.startswith("/") or "\\" in name or re.match(r"^[A-Za-z]:", name):
                    self.problem(name, "zip", "absolute or backslashed entry name")
                    continue
                segments = name.split("/")
                if any(s in ("", ".", "..") or s.endswith(".") for s in segments):
                    self.problem(name, "zip", "entry name with an empty, '.' or '..' segment")
                    continue
                part = "/" + name
                if part.lower() in self.exact:
                    self.problem(
                        part,
                        "zip",
                        f"duplicate zip entry (also {self.exact[part.lower()]}; "
                        "part names are case-insensitive)",
                    )
                    continue
                try:
                    self.blobs[part] = archive.read(info)
                except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError) as e:
                    self.problem(part, "zip", f"entry cannot be read: {e}")
                    continue
                self.exact[part.lower()] = part
        return True

    def parse(self, part: str) -> etree._Element | None:
        if part in self.trees:
            return self.trees[part]
        data = self.blobs[part]
        root = None
        declared = re.match(rb"<\?xml[^>]*encoding=[\"']([^\"']+)[\"']", data)
        if declared and declared.group(1).lower() not in (b"utf-8", b"utf8", b"utf-16"):
            encoding = declared.group(1).decode("ascii", "replace")
            self.problem(part, "xml", f"encoding {encoding!r} (only UTF-8 or UTF-16)")
        try:
            root = etree.fromstring(data, _parser())
        except etree.XMLSyntaxError as e:
            self.problem(part, "xml", f"not well-formed XML: {e}")
        if root is not None and root.getroottree().docinfo.doctype:
            self.problem(part, "doctype", "DOCTYPE declaration (OPC forbids DTDs in parts)")
        elif root is None and b"<!DOCTYPE" in data[:4096]:
            self.problem(part, "doctype", "DOCTYPE declaration (OPC forbids DTDs in parts)")
        self.trees[part] = root
        return root

    def read_content_types(self) -> None:
        name = "/[Content_Types].xml"
        if self.part(name) is None:
            self.problem(name, "content-types", "missing")
            return
        root = self.parse(self.part(name) or name)
        if root is None:
            return
        for el in root:
            if el.tag == f"{{{CT_NS}}}Default":
                ext = el.get("Extension", "").lower()
                if ext in self.defaults:
                    self.problem(name, "content-types", f"Default for extension {ext!r} twice")
                self.defaults[ext] = el.get("ContentType", "")
            elif el.tag == f"{{{CT_NS}}}Override":
                part = el.get("PartName", "")
                if part.lower() in self.overrides:
                    self.problem(name, "content-types", f"Override for {part} twice")
                self.overrides[part.lower()] = el.get("ContentType", "")
                if self.part(part) is None:
                    self.problem(name, "content-types", f"Override for {part}, not in the package")
        for part in self.blobs:
            if part != self.part(name) and self.content_type(part) is None:
                self.problem(
                    part,
                    "content-types",
                    "no content type (no Override, no Default for its extension)",
                )

    def read_rels(self) -> None:
        for part in sorted(self.blobs):
            if not part.lower().endswith(".rels"):
                continue
            source = _source(part)
            if source is None:
                self.problem(part, "rels", "relationships part outside a _rels folder")
                continue
            if source != "/" and self.part(source) is None:
                self.problem(part, "rels", f"relationships of {source}, not in the package")
                continue
            root = self.parse(part)
            if root is None:
                continue
            source = "/" if source == "/" else (self.part(source) or source)
            ids: set[str] = set()
            rels = self.rels.setdefault(source, [])
            for el in root.iter(f"{{{RELS_NS}}}Relationship"):
                rid, type_ = el.get("Id", ""), el.get("Type", "")
                target = el.get("Target", "")
                external = el.get("TargetMode", "Internal") == "External"
                if rid in ids:
                    self.problem(part, "rels", f"relationship Id {rid} twice")
                ids.add(rid)
                kind = type_.rsplit("/", 1)[-1]
                resolved = None
                if external:
                    if type_ != RT_HYPERLINK:
                        self.problem(
                            part,
                            "external",
                            f"{rid} ({kind}) is an external relationship to "
                            f"{target!r}; only hyperlinks may point outside the deck",
                        )
                elif re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", target):
                    self.problem(
                        part, "rels", f"{rid} ({kind}): target {target!r} is a URI, not a part"
                    )
                else:
                    resolved = self.part(_resolve(source, target))
                    if resolved is None:
                        self.problem(
                            part,
                            "rels",
                            f"{rid} ({kind}) targets {_resolve(source, target)}, "
                            "which is not in the package",
                        )
                    elif type_ in TARGET_TYPES:
                        got = self.content_type(resolved)
                        if got not in TARGET_TYPES[type_]:
                            self.problem(
                                part,
                                "content-types",
                                f"{rid} is a {kind} relationship but "
                                f"{resolved} has content type {got}",
                            )
                rels.append(_Rel(rid, type_, target, external, resolved))

    def rels_of(self, part: str, type_: str | None = None) -> list[_Rel]:
        return [r for r in self.rels.get(part, []) if type_ is None or r.type == type_]

    def rel(self, part: str, rid: str | None) -> _Rel | None:
        return next((r for r in self.rels.get(part, []) if r.id == rid), None)

    # -- content

    def check_forbidden(self) -> None:
        for part in sorted(self.blobs):
            ct = self.content_type(part) or ""
            name = posixpath.basename(part)
            for fragment, what in FORBIDDEN:
                if (
                    fragment.lower() in ct.lower()
                    or (fragment in ("vbaProject", "vbaData") and name.startswith(fragment))
                    or (fragment == "activeX" and part.lower().startswith("/ppt/activex/"))
                ):
                    self.problem(part, "forbidden", f"{what} ({ct or 'no content type'})")
                    break
        for source, rels in sorted(self.rels.items()):
            for rel in rels:
                for fragment, what in FORBIDDEN:
                    if fragment.lower() in rel.type.lower():
                        self.problem(source, "forbidden", f"{rel.id} relates {what} ({rel.type})")
                        break

    def check_r_ids(self, part: str, root: etree._Element) -> None:
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            for attr, value in el.attrib.items():
                if not attr.startswith(f"{{{R}}}"):
                    continue
                if value == "" and el.tag in (f"{{{A}}}hlinkClick", f"{{{A}}}hlinkHover"):
                    continue  # an action without a target (ppaction://...)
                if self.rel(part, value) is None:
                    self.problem(
                        part,
                        "rels",
                        f"{_q(attr)}={value!r} on {_path(el)} names no relationship of this part",
                    )

    def check_shapes(self, part: str, root: etree._Element) -> None:
        seen: dict[str, str] = {}
        for el in root.iter(f"{{{P}}}cNvPr"):
            sid = el.get("id", "")
            if sid in seen:
                self.problem(
                    part,
                    "shape-ids",
                    f"shape id {sid} twice ({seen[sid]!r} and {el.get('name')!r}) at {_path(el)}",
                )
            else:
                seen[sid] = el.get("name", "")

    def check_tables(self, part: str, root: etree._Element) -> None:
        """Each table row has one a:tc per grid column; cells under a gridSpan are hMerge."""
        for tbl in root.iter(f"{{{A}}}tbl"):
            columns = len(tbl.findall(f"{{{A}}}tblGrid/{{{A}}}gridCol"))
            for tr in tbl.iterfind(f"{{{A}}}tr"):
                cells = tr.findall(f"{{{A}}}tc")
                if len(cells) != columns:
                    self.problem(
                        part, "table", f"{len(cells)} a:tc in {_path(tr)}, {columns} a:gridCol"
                    )
                covered = 0
                for tc in cells:
                    if covered:
                        covered -= 1
                        if tc.get("hMerge") not in ("1", "true"):
                            self.problem(
                                part, "table", f"{_path(tc)} lies under a gridSpan, no hMerge"
                            )
                    elif tc.get("gridSpan", "1").isdigit():
                        covered = int(tc.get("gridSpan", "1")) - 1

    def check_geometry(self, part: str, root: etree._Element) -> None:
        tags = (f"{{{A}}}ext", f"{{{A}}}chExt", f"{{{P}}}sldSz", f"{{{P}}}notesSz")
        for el in root.iter(*tags):
            for attr in ("cx", "cy"):
                self._in_range(part, el, attr, 0, INT32_MAX)
        for el in root.iter(f"{{{A}}}off", f"{{{A}}}chOff"):
            for attr in ("x", "y"):
                self._in_range(part, el, attr, INT32_MIN, INT32_MAX)

    def _in_range(self, part: str, el: etree._Element, attr: str, low: int, high: int) -> None:
        value = el.get(attr)
        if value is None or not re.fullmatch(r"[+-]?\d+", value.strip()):
            return  # absent, or not a number: the schema judges it
        if not low <= int(value) <= high:
            self.problem(
                part,
                "extent",
                f"{_q(el.tag)}/@{attr}={value} outside {low}..{high} "
                f"(PowerPoint's 32-bit geometry) at {_path(el)}",
            )

    def check_presentation(self) -> None:
        main = [r for r in self.rels_of("/", RT_OFFICE_DOCUMENT) if r.part]
        if len(main) != 1:
            self.problem(
                "/_rels/.rels",
                "rels",
                f"{len(main)} officeDocument relationships "
                "to a part in the package (needs exactly one)",
            )
            return
        pres = main[0].part or ""
        root = self.parse(pres)
        if root is None or root.tag != f"{{{P}}}presentation":
            return
        # slides
        slides: list[str] = []
        ids: set[str] = set()
        for el in root.iterfind(f"{{{P}}}sldIdLst/{{{P}}}sldId"):
            sid = el.get("id", "")
            if not (sid.isdigit() and SLIDE_ID_MIN <= int(sid) <= INT32_MAX):
                self.problem(
                    pres, "slide-ids", f"slide id {sid!r} outside {SLIDE_ID_MIN}..{INT32_MAX}"
                )
            if sid in ids:
                self.problem(pres, "slide-ids", f"slide id {sid} twice in p:sldIdLst")
            ids.add(sid)
            rel = self.rel(pres, el.get(f"{{{R}}}id"))
            if rel is None or rel.type != RT_SLIDE or rel.part is None:
                self.problem(
                    pres,
                    "rels",
                    f"p:sldId {sid} r:id={el.get(f'{{{R}}}id')!r} names no slide relationship",
                )
            elif rel.part in slides:
                self.problem(pres, "slide-ids", f"{rel.part} listed twice in p:sldIdLst")
            else:
                slides.append(rel.part)
        # masters and their layouts; master and layout ids share one space
        masters: list[str] = []
        ids_seen: dict[str, str] = {}

        def unique(value: str | None, where: str) -> None:
            if value is None:
                return
            if value in ids_seen:
                self.problem(
                    where,
                    "master-ids",
                    f"id {value} also used in {ids_seen[value]} "
                    "(master and layout ids must be unique together)",
                )
            ids_seen[value] = where

        for el in root.iterfind(f"{{{P}}}sldMasterIdLst/{{{P}}}sldMasterId"):
            unique(el.get("id"), pres)
            rel = self.rel(pres, el.get(f"{{{R}}}id"))
            if rel is None or rel.type != RT_MASTER or rel.part is None:
                self.problem(
                    pres,
                    "rels",
                    f"p:sldMasterId r:id={el.get(f'{{{R}}}id')!r} names "
                    "no slideMaster relationship",
                )
            else:
                masters.append(rel.part)
        if not masters:
            self.problem(pres, "rels", "no slide master in p:sldMasterIdLst")
        for rel in self.rels_of(pres, RT_MASTER):
            if rel.part and rel.part not in masters:
                self.problem(pres, "rels", f"slide master {rel.part} related but not listed")
        layouts: dict[str, str] = {}
        for master in masters:
            themes = self.rels_of(master, RT_THEME)
            if len(themes) != 1:
                self.problem(master, "rels", f"{len(themes)} theme relationships (needs one)")
            mroot = self.parse(master)
            if mroot is None:
                continue
            for el in mroot.iterfind(f"{{{P}}}sldLayoutIdLst/{{{P}}}sldLayoutId"):
                unique(el.get("id"), master)
                rel = self.rel(master, el.get(f"{{{R}}}id"))
                if rel is None or rel.type != RT_LAYOUT or rel.part is None:
                    self.problem(
                        master,
                        "rels",
                        f"p:sldLayoutId r:id={el.get(f'{{{R}}}id')!r} "
                        "names no slideLayout relationship",
                    )
                else:
                    layouts[rel.part] = master
            for rel in self.rels_of(master, RT_LAYOUT):
                if rel.part and rel.part not in layouts:
                    self.problem(master, "rels", f"layout {rel.part} related but not listed")
        for layout, master in sorted(layouts.items()):
            back = self.rels_of(layout, RT_MASTER)
            if len(back) != 1 or back[0].part != master:
                self.problem(
                    layout,
                    "rels",
                    f"relates to master(s) {[b.part for b in back]}, "
                    f"must relate to exactly {master}, which lists it",
                )
        # slides -> layouts and notes; notes -> slides and notes master
        pres_notes_masters = {r.part for r in self.rels_of(pres, RT_NOTES_MASTER) if r.part}
        for el in root.iterfind(f"{{{P}}}notesMasterIdLst/{{{P}}}notesMasterId"):
            rel = self.rel(pres, el.get(f"{{{R}}}id"))
            if rel is None or rel.type != RT_NOTES_MASTER:
                self.problem(
                    pres,
                    "rels",
                    f"p:notesMasterId r:id={el.get(f'{{{R}}}id')!r} "
                    "names no notesMaster relationship",
                )
        notes_of: dict[str, str] = {}
        for slide in slides:
            lay = self.rels_of(slide, RT_LAYOUT)
            if len(lay) != 1:
                self.problem(slide, "rels", f"{len(lay)} slideLayout relationships (needs one)")
            elif lay[0].part and lay[0].part not in layouts:
                self.problem(slide, "rels", f"its layout {lay[0].part} is listed by no master")
            notes = self.rels_of(slide, RT_NOTES)
            if len(notes) > 1:
                self.problem(slide, "notes", f"{len(notes)} notesSlide relationships (one at most)")
            for rel in notes:
                if rel.part is None:
                    continue
                if rel.part in notes_of:
                    self.problem(
                        rel.part, "notes", f"notes of both {notes_of[rel.part]} and {slide}"
                    )
                notes_of[rel.part] = slide
        for part in sorted(self.blobs):
            if self.content_type(part) != CT_NOTES:
                continue
            back = [r.part or r.target for r in self.rels_of(part, RT_SLIDE)]
            if part not in notes_of:
                self.problem(
                    part, "notes", f"notes slide no listed slide relates to (it relates to {back})"
                )
            elif back != [notes_of[part]]:
                self.problem(
                    part,
                    "notes",
                    f"notes slide of {notes_of[part]} relates back to "
                    f"{back} (must be exactly that slide)",
                )
            masters_of_notes = [r.part for r in self.rels_of(part, RT_NOTES_MASTER)]
            if len(masters_of_notes) != 1:
                self.problem(
                    part, "notes", f"{len(masters_of_notes)} notesMaster relationships (needs one)"
                )
            elif masters_of_notes[0] not in pres_notes_masters:
                self.problem(
                    part,
                    "notes",
                    f"its notes master {masters_of_notes[0]} is not related from {pres}",
                )
        for master in sorted(pres_notes_masters):
            if len(self.rels_of(master, RT_THEME)) != 1:
                self.problem(master, "rels", "notes master needs exactly one theme relationship")

    def validate(self, part: str, root: etree._Element, ct: str) -> None:
        want = ROOTS.get(ct)
        actual = (etree.QName(root).namespace or "", etree.QName(root).localname)
        if want is not None and actual != want:
            self.problem(
                part,
                "content-types",
                f"root {_q(root.tag)}, but content type {ct} needs {_q(f'{{{want[0]}}}{want[1]}')}",
            )
            return
        compiled = schema()
        if actual not in compiled.roots:
            return  # an extension part (modern comments, custom XML ...): no schema to judge it
        tree = root
        if _uses_mc(self.blobs[part]):
            tree = copy.deepcopy(root)
            _process_mc(tree, compiled.namespaces)
        if compiled.xsd.validate(tree):
            return
        seen: set[str] = set()
        for entry in compiled.xsd.error_log:
            message = _qtext(entry.message)
            if any(re.search(pattern, message) for pattern, _why in _TOLERATED):
                continue
            if message in seen:
                continue
            seen.add(message)
            where = f" (line {entry.line})" if tree is root else ""
            self.problem(part, "schema", f"{message}{where}")
            if len(seen) >= 10:
                self.problem(part, "schema", "... (further schema errors not listed)")
                break


def _uses_mc(data: bytes) -> bool:
    return b"schemas.openxmlformats.org/markup-compatibility/2006" in data


def _prefixed(el: etree._Element, value: str | None) -> set[str]:
    return {el.nsmap[p] for p in (value or "").split() if p in el.nsmap}


def _process_mc(root: etree._Element, understood: set[str]) -> None:
    """Markup Compatibility (ECMA-376 Part 3) for a consumer of ``understood`` namespaces only.

    Ignorable attributes and elements of namespaces it does not understand are dropped
    (elements named by mc:ProcessContent are unwrapped instead), and each
    mc:AlternateContent becomes its first mc:Choice whose Requires it understands, else
    its mc:Fallback, else nothing. What is left is for the schema to judge.
    """
    known = understood | {MC}

    def walk(el: etree._Element, ignorable: set[str], process: set[tuple[str, str]]) -> None:
        ignorable = ignorable | _prefixed(el, el.get(f"{{{MC}}}Ignorable"))
        for token in (el.get(f"{{{MC}}}ProcessContent") or "").split():
            prefix, _, local = token.partition(":")
            if prefix in el.nsmap:
                process = process | {(el.nsmap[prefix], local)}
        for attr in list(el.attrib):
            ns = etree.QName(attr).namespace
            if ns == MC or (ns and ns not in known and ns in ignorable):
                del el.attrib[attr]
        for child in list(el):
            if not isinstance(child.tag, str):
                continue
            qname = etree.QName(child)
            if child.tag == f"{{{MC}}}AlternateContent":
                chosen = None
                for branch in child:
                    if branch.tag == f"{{{MC}}}Choice":
                        if _prefixed(branch, branch.get("Requires")) <= known and branch.get(
                            "Requires"
                        ):
                            chosen = branch
                            break
                    elif branch.tag == f"{{{MC}}}Fallback":
                        chosen = branch
                        break
                _replace(el, child, list(chosen) if chosen is not None else [])
                for grand in list(chosen) if chosen is not None else []:
                    if isinstance(grand.tag, str):
                        walk(grand, ignorable, process)
                continue
            ns = qname.namespace
            if ns and ns not in known and ns in ignorable:
                if (ns, qname.localname) in process or (ns, "*") in process:
                    grands = list(child)
                    _replace(el, child, grands)
                    for grand in grands:
                        if isinstance(grand.tag, str):
                            walk(grand, ignorable, process)
                else:
                    el.remove(child)
                continue
            walk(child, ignorable, process)

    walk(root, set(), set())
    for attr in list(root.attrib):
        if etree.QName(attr).namespace == MC:
            del root.attrib[attr]


def _replace(parent: etree._Element, child: etree._Element, new: Iterable[etree._Element]) -> None:
    index = parent.index(child)
    parent.remove(child)
    for offset, el in enumerate(new):
        parent.insert(index + offset, el)


def problems(path: str | Path) -> list[str]:
    """Every reason PowerPoint would refuse or repair the deck at ``path``; empty if none.

    Each problem is one line, ``PART: [check] message``; checks are zip, content-types,
    rels, external, forbidden, xml, doctype, slide-ids, master-ids, notes, shape-ids,
    table, extent and schema.
    """
    deck = _Deck()
    if not deck.read_zip(Path(path)):
        return deck.found
    deck.read_content_types()
    deck.read_rels()
    if not deck.rels.get("/"):
        deck.problem("/_rels/.rels", "rels", "no package relationships")
    deck.check_forbidden()
    deck.check_presentation()
    for part in sorted(deck.blobs):
        ct = deck.content_type(part) or ""
        if not (part.lower().endswith((".xml", ".rels")) or ct.endswith(("+xml", "/xml"))):
            continue
        root = deck.parse(part)
        if root is None:
            continue
        if part.lower().endswith(".rels"):
            ct = "application/vnd.openxmlformats-package.relationships+xml"
        elif part == deck.part("/[Content_Types].xml"):
            ct = ""
        else:
            deck.check_r_ids(part, root)
        if ct in DRAWING_TYPES:
            deck.check_shapes(part, root)
            deck.check_tables(part, root)
        deck.check_geometry(part, root)
        deck.validate(part, root, ct)
    return deck.found
