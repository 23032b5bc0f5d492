"""Font metrics: bundled tables against the real font files, resolution, and a render check.

Widths are checked against the font files themselves, measured with Pillow, where
fontconfig finds that very family on this machine (skipped otherwise). The
rendering test sets text in LibreOffice and counts its lines.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from alliance_slides.layout import fonts
from alliance_slides.layout.fonts import FontMetrics, metrics_for
from conftest import needs_soffice

SAMPLE = "The quick brown fox jumps over the lazy dog: “Fitting” — 42% of €1,000…"
BASICS = "AVWMmwil 0123456789 Ünïcödé ŁŚŻ ĂȘȚ Ωλ Жизнь"


def _family_file(family: str, bold: bool = False) -> tuple[str, int] | None:
    """The upright regular (or bold) file of ``family`` that fontconfig finds, if that family."""
    if shutil.which("fc-match") is None:
        return None
    pattern = f"{family}:slant=roman" + (":weight=bold" if bold else ":weight=regular")
    out = subprocess.run(
        ["fc-match", "-f", "%{family}\t%{file}\t%{index}\t%{weight}\t%{slant}", pattern],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split("\t")
    if len(out) != 5 or family not in [f.strip() for f in out[0].split(",")]:
        return None
    if (float(out[3]) >= 180) != bold or out[4] != "0":
        return None
    return out[1], int(out[2] or 0)


def _pillow_width(file: str, index: int, text: str, size: float) -> float:
    from PIL import ImageFont

    ppem = 2048
    font = ImageFont.truetype(file, ppem, index=index, layout_engine=ImageFont.Layout.BASIC)
    return sum(font.getlength(ch) for ch in text) / ppem * size


TWINS = [
    ("Calibri", "Carlito"),
    ("Cambria", "Caladea"),
    ("Arial", "Liberation Sans"),
    ("Times New Roman", "Liberation Serif"),
    ("Courier New", "Liberation Mono"),
    ("Georgia", "Gelasio"),
    ("DejaVu Sans", "DejaVu Sans"),
    ("DejaVu Serif", "DejaVu Serif"),
]


@pytest.mark.parametrize(("face", "family"), TWINS)
@pytest.mark.parametrize(
    ("style", "bold", "italic"), [("Regular", False, False), ("Bold", True, False)]
)
def test_widths_match_the_font_file(face: str, family: str, style: str, bold: bool, italic: bool):
    found = _family_file(family, bold)
    if found is None:
        pytest.skip(f"{family} {style} is not installed")
    resolved = metrics_for(face)
    assert resolved.exact and resolved.name == family
    for text in (SAMPLE, BASICS):
        text = "".join(ch for ch in text if resolved.metrics.knows(ch, bold))
        ours = resolved.metrics.width(text, 20, bold)
        real = _pillow_width(*found, text, 20)
        # Tables hold thousandths of an em rounded up: never narrower, at most 1/1000 em
        # wider; Pillow's hinted advances at 2048 ppem are whole pixels (1/4096 em either way).
        noise = len(text) * 20 / 4096
        assert real - noise <= ours <= real + len(text) * 20 / 1000 + noise, text


def test_cjk_widths_match_noto():
    found = _family_file("Noto Sans CJK JP")
    if found is None:
        pytest.skip("Noto Sans CJK JP is not installed")
    metrics = metrics_for("Noto Sans CJK JP").metrics
    for text in ("日本語のテキスト、「引用」。", "ＡＢＣ１２３", "Latin text in Noto"):
        assert metrics.width(text, 18) == pytest.approx(
            _pillow_width(*found, text, 18), abs=0.02 * len(text)
        )


def test_vertical_metrics_match_the_font_file():
    tt = pytest.importorskip("fontTools.ttLib")
    found = _family_file("Carlito")
    if found is None:
        pytest.skip("Carlito is not installed")
    font = tt.TTFont(found[0], fontNumber=found[1])
    os2, upm = font["OS/2"], font["head"].unitsPerEm
    data = json.loads((fonts.DATA / "carlito.json").read_text())
    assert data["vertical"]["win"] == [
        round(os2.usWinAscent * 1000 / upm),
        round(os2.usWinDescent * 1000 / upm),
    ]
    metrics = metrics_for("Calibri").metrics
    share = os2.usWinAscent / (os2.usWinAscent + os2.usWinDescent)
    assert metrics.ascent(20) == pytest.approx(24 * share, abs=0.05)
    assert metrics.ascent(20) + metrics.descent(20) == pytest.approx(metrics.line_height(20))


@pytest.mark.parametrize(
    ("face", "name"),
    [
        ("Calibri", "Carlito"),
        ("  calibri ", "Carlito"),
        ("CAMBRIA", "Caladea"),
        ("Arial", "Liberation Sans"),
        ("Helvetica", "Liberation Sans"),
        ("Arial Narrow", "Liberation Sans Narrow"),
        ("Times New Roman", "Liberation Serif"),
        ("Times", "Liberation Serif"),
        ("Courier New", "Liberation Mono"),
        ("Liberation Sans", "Liberation Sans"),
        ("Georgia", "Gelasio"),
        ("Noto Sans CJK JP", "Noto Sans CJK JP"),
        ("BIZ UDPGothic", "BIZ UDPGothic"),
        ("Montserrat", "Montserrat"),
    ],
)
def test_twins_resolve_exactly(face: str, name: str):
    resolved = metrics_for(face)
    assert (resolved.name, resolved.exact, resolved.source) == (name, True, "bundled")
    assert resolved.warning() is None


@pytest.mark.parametrize(
    "face",
    [
        "Verdana",
        "Segoe UI",
        "Aptos",
        "Calibri Light",
        "Corbel",
        "Century Gothic",
        "Meiryo",
        "Yu Gothic",
        "MS Gothic",
        "Palatino Linotype",
        "Garamond",
        "Tahoma",
        "Trebuchet MS",
    ],
)
def test_stand_ins_are_not_exact_and_warn_by_name(face: str):
    if fonts.installed(face) is not None:
        pytest.skip(f"{face} is installed here")
    resolved = metrics_for(face)
    assert not resolved.exact and resolved.source == "stand-in"
    assert face in (resolved.warning() or "")


def test_stand_ins_are_at_least_as_wide_as_what_they_stand_for():
    text = "Measuring text with the right font, (2024): 98% fit!"
    dejavu = metrics_for("DejaVu Sans").metrics
    arial = metrics_for("Arial").metrics
    assert metrics_for("Verdana").metrics.width(text, 20) >= 1.04 * dejavu.width(text, 20) - 1e-9
    for face in ("Aptos", "Segoe UI", "Corbel"):
        assert metrics_for(face).metrics.width(text, 20) >= arial.width(text, 20)


def test_unknown_face_is_conservative_and_named():
    resolved = metrics_for("Frobnitz Grotesk 7")
    assert not resolved.exact and resolved.source == "fallback"
    assert "Frobnitz Grotesk 7" in (resolved.warning() or "")
    calibri = metrics_for("Calibri").metrics
    for text in (SAMPLE, BASICS, "iiii llll", "WWWW MMMM", "   "):
        for bold in (False, True):
            assert resolved.metrics.width(text, 24, bold) >= calibri.width(text, 24, bold)


@pytest.mark.parametrize(
    ("face", "kind"),
    [
        ("Frobnitz Serif", "serif"),
        ("Frobnitz Mono", "mono"),
        ("Frobnitz Sans", "sans"),
        ("ＦＲ ゴシック", "cjk"),
        ("MS Gothic Frob", "cjk"),
        ("Frob Mincho", "cjk"),
        ("Franklin Gothic Demi", "sans"),
        ("", "sans"),
    ],
)
def test_unknown_faces_fall_back_by_kind(face: str, kind: str):
    resolved = metrics_for(face)
    assert not resolved.exact
    assert kind in resolved.note
    assert resolved.metrics.width("Hello", 10) >= metrics_for("Calibri").metrics.width("Hello", 10)


def test_theme_references():
    assert metrics_for("+mn-lt", {"+mn-lt": "Arial"}).name == "Liberation Sans"
    assert metrics_for("+mn-lt", {"+mn-lt": "Arial"}).exact
    unresolved = metrics_for("+mn-lt")
    assert unresolved.name == "Carlito" and not unresolved.exact
    assert "+mn-lt" in (unresolved.warning() or "")
    assert metrics_for("+mj-lt").metrics is metrics_for("Calibri Light").metrics
    east = metrics_for("+mn-ea")
    assert not east.exact and east.metrics.width("日本", 10) == pytest.approx(20)


def test_cjk_characters_are_one_em_in_every_face():
    for face in ("Calibri", "Arial", "Noto Sans CJK JP", "Meiryo", "MS Gothic", "Nonesuch"):
        metrics = metrics_for(face).metrics
        assert metrics.width("日本語", 10) == pytest.approx(30)
        assert metrics.width("漢字かなカナ", 10) == pytest.approx(60)


def test_fixed_pitch_japanese_has_half_width_latin_and_full_width_ambiguous_signs():
    gothic = metrics_for("MS Gothic").metrics
    assert gothic.width("abcWMi", 10) == pytest.approx(30)
    assert gothic.width("“”—", 10) == pytest.approx(30)


def test_bold_is_wider_than_regular():
    for face in (
        "Calibri",
        "Arial",
        "Times New Roman",
        "Cambria",
        "Georgia",
        "DejaVu Sans",
        "Montserrat",
        "Verdana",
        "Frobnitz",
    ):
        metrics = metrics_for(face).metrics
        assert metrics.width(SAMPLE, 20, bold=True) > metrics.width(SAMPLE, 20), face
    mono = metrics_for("Courier New").metrics
    assert mono.width(SAMPLE, 20, bold=True) == pytest.approx(mono.width(SAMPLE, 20))


def test_italic_has_its_own_widths():
    carlito = metrics_for("Calibri").metrics
    assert carlito.width(SAMPLE, 20, italic=True) != carlito.width(SAMPLE, 20)
    assert carlito.width("x", 20, bold=True, italic=True) > 0


def test_letter_spacing_applies_per_character():
    metrics = metrics_for("Arial").metrics
    text = "spacing"
    base = metrics.width(text, 18)
    assert metrics.width(text, 18, spc=100) == pytest.approx(base + len(text) * 1.0)
    assert metrics.width(text, 36, spc=-50) == pytest.approx(2 * base - len(text) * 0.5)


def test_unknown_characters():
    metrics = metrics_for("Calibri").metrics
    assert metrics.width("e\u0301", 10) == pytest.approx(metrics.width("e", 10))  # combining
    assert metrics.width("\u200b", 10) == 0.0  # zero-width space
    hebrew = metrics.width("שלום", 10)
    assert hebrew == pytest.approx(4 * 10 * max(0.6, fonts._average(metrics._tables[0])))


def test_line_height_is_one_point_two_ems():
    for face in ("Calibri", "Noto Sans CJK JP", "Meiryo", "Courier New"):
        metrics = metrics_for(face).metrics
        assert metrics.line_height(20) == pytest.approx(24.0)
        assert metrics.line_height(20, spacing=0.9) == pytest.approx(21.6)


def test_installed_face_is_read_through_fontconfig():
    family = "DejaVu Sans Mono"
    found = _family_file(family)
    if found is None:
        pytest.skip(f"{family} is not installed")
    resolved = metrics_for(family)
    assert (resolved.exact, resolved.source) == (True, "installed")
    assert resolved.metrics.width("abc", 10) == pytest.approx(_pillow_width(*found, "abc", 10))
    assert resolved.metrics.width("abc", 10, bold=True) > 0


def test_a_face_fontconfig_only_substitutes_is_not_taken_as_installed():
    assert fonts.installed("Frobnitz Grotesk 7") is None


def test_local_rendering_widens_to_the_substitute():
    if shutil.which("fc-match") is None:
        pytest.skip("no fontconfig")
    for face in ("Aptos", "Verdana", "Arial"):
        plain = metrics_for(face)
        local = metrics_for(face, local=True)
        assert local.exact == plain.exact
        assert local.metrics.width(SAMPLE, 20) >= plain.metrics.width(SAMPLE, 20)


def test_data_stays_small():
    size = sum(p.stat().st_size for p in fonts.DATA.glob("*.json"))
    assert size < 300 * 1024


def test_widest_keeps_the_widest_of_each_character():
    a = FontMetrics("a", [{"x": 0.5, "y": 0.2}] * 4)
    b = FontMetrics("b", [{"x": 0.4, "y": 0.3, "z": 0.9}] * 4)
    both = a.widest(b)
    assert both.width("xyz", 10) == pytest.approx(17.0)


# ---------------------------------------------------------------------------
# End to end: what fonts.py says fits N lines, LibreOffice sets in N lines.


def _wrap(metrics: FontMetrics, text: str, width: float, size: float, slack: float = 1.0) -> int:
    lines, used = 1, 0.0
    space = metrics.width(" ", size) * slack
    for word in text.split(" "):
        w = metrics.width(word, size) * slack
        if used and used + space + w > width:
            lines, used = lines + 1, w
        else:
            used += (space if used else 0.0) + w
    return lines


TEXT = (
    "Measure with the right font: fitting measures text with the metrics of the font "
    "that will render it and with the spacing the template defines, so that a box that "
    "fits on the page fits in the deck as well."
)


@pytest.mark.slow
@needs_soffice
def test_libreoffice_sets_the_measured_number_of_lines(tmp_path: Path):
    from pptx import Presentation
    from pptx.enum.text import MSO_AUTO_SIZE
    from pptx.util import Emu, Pt

    from alliance_slides.output.office import convert

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    faces = [
        f
        for f in ("Liberation Sans", "Liberation Serif", "DejaVu Sans", "Carlito")
        if _family_file(f) is not None
    ]
    if not faces:
        pytest.skip("none of the faces is installed")
    size = 20.0
    cases = []
    for face in faces:
        metrics = metrics_for(face).metrics
        for width in range(200, 700, 45):
            lines = _wrap(metrics, TEXT, width, size)
            # Only widths where 4% either way keeps the count: not a coin toss at the edge.
            if (
                _wrap(metrics, TEXT, width, size, 1.04)
                == lines
                == _wrap(metrics, TEXT, width, size, 0.96)
            ):
                cases.append((face, float(width), lines))
    assert cases
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(12192000), Emu(6858000)
    for face, width, _ in cases:
        slide = prs.slides.add_slide(prs.slide_layouts[6])
        box = slide.shapes.add_textbox(Pt(20), Pt(20), Pt(width), Pt(400))
        frame = box.text_frame
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
        run = frame.paragraphs[0].add_run()
        run.text = TEXT
        run.font.size = Pt(size)
        run.font.name = face
    deck = tmp_path / "lines.pptx"
    prs.save(str(deck))
    pdf = convert(deck, "pdf", tmp_path)
    html = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = html.split("<page ")[1:]
    assert len(pages) == len(cases)
    for (face, width, lines), page in zip(cases, pages, strict=True):
        tops = sorted(
            {round(float(y), 1) for y in re.findall(r'<line xMin="[\d.]+" yMin="([\d.]+)"', page)}
        )
        assert len(tops) == lines, (face, width)
        if len(tops) > 1:
            pitch = (tops[-1] - tops[0]) / (len(tops) - 1)
            assert pitch == pytest.approx(metrics_for(face).metrics.line_height(size), abs=0.1)
