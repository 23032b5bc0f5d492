"""Where python-pptx is worked around, in one place: package parts, names and the zip.

python-pptx keeps every slide's element tree until the deck is saved, searches all
parts for a free part name on each new slide, and stamps zip entries with the time
of writing. For decks of thousands of slides, and for byte-identical output, the
writer uses the replacements here. They lean on private names of python-pptx, which
``pyproject.toml`` pins to the minor versions tested (tests/output/test_package.py
fails loudly when they move).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from pptx.opc.constants import RELATIONSHIP_TYPE
from pptx.opc.oxml import serialize_part_xml
from pptx.opc.packuri import PackURI
from pptx.opc.serialized import PackageWriter
from pptx.parts.image import Image as PptxImage
from pptx.parts.image import ImagePart
from pptx.parts.slide import NotesSlidePart, SlidePart

from alliance_slides.errors import BuildError, Location


class FrozenXml:
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


class FrozenSlidePart(FrozenXml, SlidePart):  # type: ignore[misc,override]
    """A slide part that can be frozen once drawn."""


class FrozenNotesSlidePart(FrozenXml, NotesSlidePart):  # type: ignore[misc,override]
    """A notes slide part that can be frozen once written."""


def count_partnames(package: Any) -> None:
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
            last[template] = int(re.search(r"(\d+)\.\w+$", first).group(1)) - 1  # type: ignore[union-attr]
        last[template] += 1
        return PackURI(template % last[template])

    package.next_partname = next_partname


class StampedPackageWriter(PackageWriter):
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

    def _write_parts(self, phys_writer: Any) -> None:
        """Write each part and its relationships, as python-pptx does, the rels as text.

        python-pptx builds each .rels part as an element tree to serialize it: a fifth of
        writing a large deck. The bytes here are the same (a test compares them).
        """
        for part in self._parts:
            phys_writer.write(part.partname, part.blob)
            if part._rels:
                phys_writer.write(part.partname.rels_uri, relationships_xml(part._rels))


_RELS_HEAD = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
)
#: What an XML attribute value must escape, as lxml escapes it.
_ATTRIBUTE = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "\n": "&#10;",
        "\r": "&#13;",
        "\t": "&#9;",
    }
)


def relationships_xml(rels: Any) -> bytes:
    """Return a part's relationships as python-pptx serializes them (numerical rId order)."""
    ordered = sorted(
        (int(rid[3:]) if rid.startswith("rId") and rid[3:].isdigit() else 0, rid) for rid in rels
    )
    items = []
    for _, rid in ordered:
        rel = rels[rid]
        mode = ' TargetMode="External"' if rel.is_external else ""
        items.append(
            f'<Relationship Id="{rid.translate(_ATTRIBUTE)}" Type="{rel.reltype}" '
            f'Target="{rel.target_ref.translate(_ATTRIBUTE)}"{mode}/>'
        )
    if not items:
        return _RELS_HEAD[:-1] + b"/>"
    return _RELS_HEAD + "".join(items).encode("utf-8") + b"</Relationships>"


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


class FilePicturePart(ImagePart):
    """A picture part whose bytes stay in their file until the deck is written.

    python-pptx reads every picture into memory when it is added and keeps it until the
    deck is saved: ten 50 MB pictures held half a gigabyte. This part reads its file as
    it is written into the zip, and refuses it if it changed since it was checked.
    """

    def __init__(self, package: Any, path: Path, digest: str, image: PptxImage):
        partname = package.next_image_partname(image.ext)
        super().__init__(partname, image.content_type, package, b"", path.name)
        self._path = path
        self._digest = digest
        (width, height), (horz_dpi, vert_dpi) = image.size, image.dpi
        self._size = (int(914400 * width / horz_dpi), int(914400 * height / vert_dpi))

    @property
    def _native_size(self) -> tuple[int, int]:  # type: ignore[override]
        return self._size

    @property  # type: ignore[misc]  # read-only: the file holds the bytes
    def blob(self) -> bytes:
        data = self._path.read_bytes()
        if hashlib.sha1(data).hexdigest() != self._digest:
            raise BuildError.at(
                Location(str(self._path)),
                "the picture changed while the deck was written; build again",
            )
        return data

    @property
    def sha1(self) -> str:
        return self._digest

    @property
    def image(self) -> PptxImage:
        return PptxImage(self.blob, self.desc)


def add_file_picture(
    slide: Any, path: Path, box: tuple[int, int, int, int], parts: dict[str, FilePicturePart]
) -> Any:
    """Add the picture at ``path`` to ``slide`` in ``box`` (EMU), its bytes left in the file.

    ``parts`` keeps the deck's picture parts by digest, so a picture on several slides is
    stored once (as python-pptx does, without reading every other picture again).
    """
    data = path.read_bytes()
    digest = hashlib.sha1(data).hexdigest()
    part = parts.get(digest)
    if part is None:
        image = PptxImage(data, path.name)  # its type, extension and size, from the bytes
        part = FilePicturePart(slide.part.package, path, digest, image)
        parts[digest] = part
    del data
    rel_id = slide.part.relate_to(part, RELATIONSHIP_TYPE.IMAGE)
    shapes = slide.shapes
    pic = shapes._add_pic_from_image_part(part, rel_id, *box)
    shapes._recalculate_extents()
    return shapes._shape_factory(pic)


_EXTENDED = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def list_notes_master(prs: Any) -> None:
    """List the deck's notes master in ``p:notesMasterIdLst``, as PowerPoint does.

    python-pptx relates a new notes master to the presentation but never lists it, which
    the package rules ask for (PowerPoint finds it by the relationship all the same).
    """
    presentation = prs.part._element
    if presentation.find(f"{{{_P}}}notesMasterIdLst") is not None:
        return
    rel = next(
        (r for r in prs.part.rels.values() if r.reltype == RELATIONSHIP_TYPE.NOTES_MASTER), None
    )
    masters = presentation.find(f"{{{_P}}}sldMasterIdLst")
    if rel is None or masters is None:
        return
    from pptx.oxml import parse_xml

    masters.addnext(
        parse_xml(
            f'<p:notesMasterIdLst xmlns:p="{_P}" xmlns:r="{_R}">'
            f'<p:notesMasterId r:id="{rel.rId}"/></p:notesMasterIdLst>'
        )
    )


def count_in_app_properties(
    parts: Sequence[Any], slides: int, notes: int, hidden: int, width: int, height: int
) -> None:
    """Say what the deck holds in ``docProps/app.xml``, replacing the template's own.

    python-pptx's default deck says 0 slides and 'On-screen Show (4:3)' whatever the
    deck holds, and a template's names the application and fonts of whoever made it.
    """
    part = next((p for p in parts if p.partname == "/docProps/app.xml"), None)
    if part is None or not hasattr(part, "_blob"):
        return
    shape = {(16, 9): "On-screen Show (16:9)", (4, 3): "On-screen Show (4:3)"}
    aspect = next(
        (name for (w, h), name in shape.items() if abs(width * h - height * w) < width // 100),
        "Custom",
    )
    part._blob = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Properties xmlns="{_EXTENDED}" xmlns:vt="{_VT}">'
        f"<Application>alliance-slides</Application>"
        f"<PresentationFormat>{aspect}</PresentationFormat>"
        f"<Slides>{slides}</Slides><Notes>{notes}</Notes><HiddenSlides>{hidden}</HiddenSlides>"
        "</Properties>"
    ).encode()
