"""A hidden slide is a page of every export, marked hidden, and a reserve in the timing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from alliance_slides.build import build, prepare
from alliance_slides.cli import cli
from alliance_slides.output import office
from alliance_slides.output.contact_sheet import make_contact_sheet
from alliance_slides.output.export import deck_pdf, export_png, export_sheet
from alliance_slides.output.notes import render_notes, timing_warning
from conftest import needs_soffice

OUTLINE = """\
title: Reserve
duration: 12
slides:
  - title: One
    bullets: [a]
    minutes: 5
  - title: If there is time
    hidden: true
    bullets: [b]
    minutes: 10
  - title: Three
    bullets: [c]
    minutes: 5
"""


@pytest.fixture
def outline(write: Callable[[str, str], Path]) -> Path:
    return write("reserve.yaml", OUTLINE)


def test_a_hidden_slides_minutes_are_a_reserve_outside_the_running_time(outline: Path) -> None:
    (resolved,) = prepare(outline)
    assert timing_warning(resolved.lecture) is None, "5 + 5 planned minutes fit in 12"
    text = render_notes(resolved, "md").text
    assert "*5 min · minutes 0–5*" in text
    assert "*10 min · reserve, not in the running time*" in text
    assert "*5 min · minutes 5–10*" in text
    result = CliRunner().invoke(cli, ["handout", str(outline), "-o", "out", "--format", "md"])
    assert result.exit_code == 0, result.output
    handout = Path("out/reserve.handout.md").read_text()
    assert "## Slide 3: If there is time *(hidden)*" in handout
    assert "reserve, not in the running time" in handout and "minutes 5–10" in handout


def _cell_brightness(sheet: Path, index: int) -> float:
    """Mean brightness of the thumbnail ``index`` of a one-row contact sheet, untitled."""
    from PIL import ImageStat

    from alliance_slides.output import contact_sheet as cs

    with Image.open(sheet) as image:
        x = cs._MARGIN + index * (cs.THUMB_WIDTH + cs._GAP)  # one row of thumbnails
        cell = image.convert("L").crop((x + 4, cs._MARGIN + 4, x + cs.THUMB_WIDTH - 4, 100))
        return float(ImageStat.Stat(cell).mean[0])


def test_a_contact_sheet_marks_a_hidden_slide(tmp_path: Path) -> None:
    pages = []
    for n in range(3):
        page = tmp_path / f"page-{n}.png"
        Image.new("RGB", (320, 180), (20, 30, 40)).save(page)
        pages.append(page)
    sheet = make_contact_sheet(pages, tmp_path / "sheet.png", columns=3, hidden=[False, True])
    shown, hidden, last = (_cell_brightness(sheet, i) for i in range(3))
    assert hidden > shown + 80 and abs(last - shown) < 1


@needs_soffice
def test_every_slide_is_a_page_hidden_ones_too(outline: Path) -> None:
    (deck,) = build(outline, "out")
    pages = export_png(deck.path).files
    assert [p.name for p in pages] == [f"slide-0{n}.png" for n in range(1, 5)]
    assert export_sheet(deck.path).path.is_file()
    result = CliRunner().invoke(cli, ["handout", str(outline), "-o", "out", "--thumbnails"])
    assert result.exit_code == 0, result.output
    assert "do not match" not in result.stderr
    assert Path("out/reserve.handout.html").read_text().count("<img") == 4


@needs_soffice
def test_a_libreoffice_that_ignores_the_option_still_gives_every_page(
    outline: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """LibreOffice before 7.4 does not read the filter's options: a copy is unhidden."""
    (deck,) = build(outline, "out")
    monkeypatch.setattr(office, "PDF_FILTER", "pdf")
    pdf = deck_pdf(deck.path, tmp_path / "pdf")
    assert office.page_count(pdf) == 4
