"""Reading a few pixels of a big picture costs a small copy, not the picture twice over."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from alliance_slides import limits
from alliance_slides.format.picture_sample import decoded_bytes, small_copy
from templates import add_rel, default_parts, insert_in_master_tree, write_parts

_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_OUTLINE = (
    "title: T\nslides:\n  - kind: image\n    title: Pic\n    image: big.png\n    alt: a frame\n"
)


def _big_png(path: Path, side: int) -> Path:
    """A white picture with a dark frame: small as a file, ``side`` squared once decoded."""
    picture = Image.new("RGB", (side, side), "white")
    picture.paste((20, 20, 20), (0, 0, side, side // 50))
    picture.save(path, compress_level=1)
    return path


def _peak_mib(*args: str, cwd: Path) -> tuple[int, str]:
    """Run alliance-slides in a process of its own; return its peak memory and its output.

    The peak is VmHWM: getrusage's ru_maxrss keeps, across exec, the size of the process
    that forked it (pytest, hundreds of MiB late in a run).
    """
    code = (
        "import re, sys\n"
        "from alliance_slides.cli import cli\n"
        "try:\n    cli.main(sys.argv[1:], standalone_mode=False)\n"
        "finally:\n"
        "    status = open('/proc/self/status').read()\n"
        "    print(int(re.search(r'VmHWM:\\s+(\\d+)', status)[1]) // 1024, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )
    *said, peak = done.stderr.strip().splitlines()
    return int(peak), "\n".join(said)


def test_a_small_copy_of_a_picture_too_big_to_decode_is_not_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _big_png(tmp_path / "p.png", 400)
    small = small_copy(path, 64)
    assert small is not None and small.size == (64, 64) and small.mode == "RGBA"
    with Image.open(path) as picture:
        assert decoded_bytes(picture) == 400 * 400 * 3
    monkeypatch.setattr(limits, "MAX_DECODED_BYTES", 400 * 400 * 3 - 1)
    assert small_copy(_big_png(tmp_path / "q.png", 400), 64) is None
    assert small_copy(b"not a picture", 64) is None


@pytest.mark.slow
def test_a_big_picture_on_a_dark_theme_costs_one_decoding_at_most(tmp_path: Path) -> None:
    """Whether it needs a light panel was decided on an RGBA copy of the whole picture."""
    _big_png(tmp_path / "big.png", 7000)  # 147 MB decoded; its RGBA copy 196 MB more
    (tmp_path / "t.yaml").write_text(_OUTLINE)
    peak, said = _peak_mib("build", "t.yaml", "--theme", "slate", "-o", "out", cwd=tmp_path)
    assert (tmp_path / "out" / "t.pptx").is_file(), said
    assert peak < 300, f"{peak} MiB"  # 232 MiB; was 606


@pytest.mark.slow
@pytest.mark.invalid_decks  # the template: a picture not shown anywhere is fine to Office
def test_a_big_picture_on_a_template_master_is_decoded_once(tmp_path: Path) -> None:
    """It was decoded, and copied to RGBA, for each of the master's eleven layouts."""
    parts = default_parts(0)
    data = io.BytesIO()
    picture = Image.new("RGB", (7000, 7000), "white")
    picture.save(data, "PNG", compress_level=1)
    del picture
    parts["ppt/media/big.png"] = data.getvalue()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Default Extension="png" ContentType="image/png"/></Types>'
    )
    add_rel(
        parts,
        "ppt/slideMasters/_rels/slideMaster1.xml.rels",
        "rIdBig",
        _R + "/image",
        "../media/big.png",
    )
    insert_in_master_tree(
        parts,
        f'<p:pic xmlns:p="{_P}" xmlns:a="{_A}" xmlns:r="{_R}"><p:nvPicPr>'
        '<p:cNvPr id="99" name="Big"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr>'
        '<p:blipFill><a:blip r:embed="rIdBig"/><a:stretch><a:fillRect/></a:stretch>'
        '</p:blipFill><p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="914400"/>'
        '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>',
    )
    write_parts(tmp_path / "t.pptx", parts)
    (tmp_path / "o.yaml").write_text("title: T\nslides:\n  - title: A\n    bullets: [a]\n")
    peak, said = _peak_mib("build", "o.yaml", "--template", "t.pptx", "-o", "out", cwd=tmp_path)
    assert (tmp_path / "out" / "o.pptx").is_file(), said
    assert peak < 300, f"{peak} MiB"  # 232 MiB; was 607, and 11 decodings
