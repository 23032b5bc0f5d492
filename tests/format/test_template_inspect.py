"""`alliance-slides template inspect`: what a build will do with a template, before it does."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from alliance_slides.cli import cli
from conftest import needs_soffice
from templates import footer_bar, hostile_template, without_layouts


def _inspect(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["template", "inspect", *args])
    return result.exit_code, result.output


def test_inspect_lists_layouts_roles_fonts_colours_and_what_is_left_out(tmp_path: Path) -> None:
    code, output = _inspect(str(footer_bar(tmp_path / "bar.pptx")))
    assert code == 0, output
    assert "bar.pptx: 720 x 540 pt slides (10.00 x 7.50 in)" in output
    assert "master 1 (11 layouts)" in output
    assert "'Title and Content' [title, object, date, footer, slide_number] -> content" in output
    assert "'Blank' [date, footer, slide_number] unused: no usable title placeholder" in output
    assert (
        "'Title and Vertical Text'" in output and "vertical text or picture placeholders" in output
    )
    assert "the brand's graphics" in output
    assert "theme fonts: +mj-lt = Calibri, +mn-lt = Calibri" in output
    assert "colours: dk1 #000000, lt1 #FFFFFF, dk2 #1F497D" in output
    assert "left out on import: nothing" in output


@pytest.mark.invalid_decks  # the hostile template itself
def test_inspect_says_what_the_import_leaves_out(tmp_path: Path) -> None:
    code, output = _inspect(str(hostile_template(tmp_path / "hostile.pptx")))
    assert code == 0, output
    left_out = next(line for line in output.splitlines() if line.startswith("left out"))
    for what in ("macro project", "OLE object", "ActiveX control", "custom show", "2 sample"):
        assert what in left_out, left_out
    assert "warning: a linked picture (file:///etc/passwd) is left out" in output


def test_inspect_help_teaches_the_roles() -> None:
    result = CliRunner().invoke(cli, ["template", "inspect", "--help"])
    assert result.exit_code == 0
    for words in (
        "title_only",
        "(timelines, quotations)",
        "--preview DIR",
        "layouts:",
        "Macros, OLE",
    ):
        assert words in result.output


@needs_soffice
def test_preview_writes_one_picture_per_layout(tmp_path: Path) -> None:
    template = without_layouts(tmp_path / "two.pptx", ("Title Slide", "Title and Content"))
    code, output = _inspect(str(template), "--preview", str(tmp_path / "preview"))
    assert code == 0, output
    pictures = sorted((tmp_path / "preview").glob("*.png"))
    assert [p.name for p in pictures] == ["01-Title-Slide.png", "02-Title-and-Content.png"]
    with Image.open(pictures[1]) as picture:
        assert picture.width > 400 and picture.height > 200
