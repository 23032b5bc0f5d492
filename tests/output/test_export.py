"""Exports through LibreOffice: PDF, PNG pages, contact sheet; a missing LibreOffice is one line."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from alliance_slides.cli import cli
from alliance_slides.output.contact_sheet import grid_columns
from conftest import needs_soffice

LECTURE = """
title: Lecture {n}
slides:
  - title: Opening of {n}
    bullets: [one, two]
  - kind: section
    title: Part two
  - title: Closing
    bullets: [three]
"""


@pytest.fixture
def course(write: Callable[[str, str], Path]) -> Path:
    write("a.yaml", LECTURE.format(n="A"))
    write("b.yaml", LECTURE.format(n="B"))
    return write("course.yaml", "lectures: [{outline: a.yaml}, {outline: b.yaml}]\n")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    match = re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)
    assert match, info.stdout
    return int(match.group(1))


def test_a_missing_libreoffice_is_one_line_with_the_hint_and_nothing_is_written(
    course: Path,
) -> None:
    code, out, err = run("build", str(course), "-o", "out", "--pdf", "--soffice", "no-such-office")
    assert code == 1 and out == ""
    assert err == (
        "no-such-office: LibreOffice not found; install LibreOffice (Debian/Ubuntu: apt-get "
        "install libreoffice-impress fonts-crosextra-carlito) or pass --soffice PATH\n"
    )
    assert not Path("out").exists()


def test_export_without_libreoffice_on_path(
    course: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    run("build", str(course), "-o", "out")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    code, _, err = run("export", "pdf", "out/a.pptx")
    assert code == 1 and err.startswith("soffice: LibreOffice not found; install LibreOffice")
    assert not Path("out/a.pdf").exists()


def test_exporting_a_deck_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    code, _, err = run("export", "pdf", "missing.pptx", "--soffice", "/bin/true")
    assert code == 2 and err == "missing.pptx: cannot read: no such file\n"  # a usage error


def test_decks_of_one_name_exported_into_one_folder_is_an_error(course: Path) -> None:
    run("build", str(course), "-o", "one")
    run("build", str(course), "-o", "two")
    code, _, err = run("export", "pdf", "one/a.pptx", "two/a.pptx", "one/a.pptx", "-o", "pdfs",
                       "--soffice", "/bin/true")
    # The command line asks for what cannot be: a usage error (exit 2), as for a missing deck.
    assert code == 2 and err == "two/a.pptx: would overwrite the exports of one/a.pptx in pdfs\n"
    assert not Path("pdfs").exists()


@needs_soffice
def test_build_exports_pdf_pages_and_sheet_in_parallel_then_skips_them(course: Path) -> None:
    code, out, err = run("build", str(course), "-o", "out", "--pdf", "--sheet", "--jobs", "2")
    assert code == 0, err
    for name in ("a", "b"):
        assert pdf_pages(Path(f"out/{name}.pdf")) == 4, "title slide + 3"
        pages = sorted(Path(f"out/{name}").iterdir())
        assert [p.name for p in pages] == [f"slide-0{i}.png" for i in range(1, 5)]
        with Image.open(pages[0]) as page:
            assert page.size == (1280, 720), "16:9 at 96 dpi"
        with Image.open(f"out/{name}.sheet.png") as sheet:
            assert grid_columns(4) == 2
            assert sheet.width > 2 * 320 and sheet.height > 2 * 180
    assert sorted(line.split(" (")[0] for line in out.splitlines()) == sorted(
        [f"wrote out/{n}.{ext}" for n in "ab" for ext in ("pptx", "pdf", "sheet.png")]
    )
    code, out, _ = run("build", str(course), "-o", "out", "--pdf", "--sheet")
    assert code == 0 and "wrote" not in out, "nothing changed, nothing converted again"
    assert out.count("unchanged") == 6


@needs_soffice
def test_export_png_into_a_folder_and_again_with_force(course: Path) -> None:
    run("build", str(course), "-o", "out")
    code, out, err = run("export", "png", "out/a.pptx", "-o", "pictures", "--resolution", "48")
    assert code == 0, err
    assert out.startswith("wrote pictures/a (")
    with Image.open("pictures/a/slide-01.png") as page:
        assert page.size == (640, 360)
    assert len(list(Path("pictures/a").glob("slide-*.png"))) == 4
    code, out, _ = run("export", "png", "out/a.pptx", "-o", "pictures", "--resolution", "48")
    assert out == "unchanged pictures/a (up to date)\n"
    code, out, _ = run("export", "png", "out/a.pptx", "-o", "pictures", "--resolution", "48",
                       "--force")
    assert out.startswith("wrote pictures/a (")


def test_a_tall_slide_s_thumbnail_on_the_sheet_is_bounded(tmp_path: Path) -> None:
    """A 1 x 56 inch slide made a thumbnail 18,000 pixels tall, and a sheet of gigabytes."""
    from alliance_slides.output.contact_sheet import make_contact_sheet

    pages = []
    for i in range(4):
        page = tmp_path / f"page-{i + 1}.png"
        Image.new("RGB", (96, 5376), "white").save(page)
        pages.append(page)
    sheet = make_contact_sheet(pages, tmp_path / "sheet.png", thumb_width=320)
    with Image.open(sheet) as image:
        assert image.height < 4 * 2 * 320 + 400, image.size


def test_pages_of_a_huge_slide_are_drawn_within_the_pixel_limit(tmp_path: Path) -> None:
    """A 56 x 56 inch slide at 600 dpi would be a page of a billion pixels."""
    from alliance_slides import limits
    from alliance_slides.output.office import pdf_to_png

    pdf = tmp_path / "big.pdf"
    Image.new("RGB", (56, 56), "white").save(pdf, resolution=1.0)  # 56 inches a side
    (page,) = pdf_to_png(pdf, tmp_path / "png", 600)
    with Image.open(page) as image:
        assert image.width * image.height <= limits.MAX_PAGE_PIXELS
        assert image.width > 6000  # as many as the limit allows, not fewer
