"""Sizes a template does not set grow with its slide (format.template)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pptx import Presentation
from pptx.util import Inches

from alliance_slides.build import prepare
from alliance_slides.format.theme import load_theme


def test_a_large_templates_tables_and_small_print_grow_with_its_slide(
    write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(20), Inches(11.25)  # 1.5 times 13.33 in
    prs.save(str(tmp_path / "big.pptx"))
    write("o.yaml", "title: T\ntitle_slide: false\nslides:\n  - {title: S, bullets: [a]}\n")
    (lecture,) = prepare(
        write("c.yaml", "course: {code: X 1}\ntemplate: big.pptx\nlectures: [{outline: o.yaml}]\n")
    )
    theme, classic = lecture.theme, load_theme("classic")
    assert theme.width == 1440
    assert theme.table_size == min(1.5 * classic.table_size, theme.body_size)
    assert theme.table_min_size == 1.5 * classic.table_min_size
    assert theme.footer_size <= 1.5 * classic.footer_size
    assert theme.title_min_size == min(1.5 * classic.title_min_size, theme.title_size)

