"""Every slide kind becomes a real, editable slide: reopened with python-pptx and inspected."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Emu

from alliance_slides.build import build
from conftest import needs_soffice
from pdfcheck import assert_words_inside_shapes
from samples import every_kind

#: DrawingML's namespace.
A = "http://schemas.openxmlformats.org/drawingml/2006/main"

@pytest.fixture
def deck(write: Callable[[str, str], Path], tmp_path: Path) -> Presentation:
    (built,) = build(every_kind(tmp_path), "out")
    assert built.path == Path("out/every.pptx")
    return Presentation(str(built.path))


def texts(slide) -> list[str]:  # type: ignore[no-untyped-def]
    return [s.text_frame.text for s in slide.shapes if s.has_text_frame]


def test_one_slide_per_outline_slide_plus_the_title_slide(deck: Presentation) -> None:
    titles = [s.shapes.title.text for s in deck.slides]
    assert titles == [
        "Every kind",
        "Bullets",
        "A section",
        "Compare",
        "Dates",
        "A quotation",
        "A table",
        "A picture",
        "Questions for discussion",
        "References",
    ]
    assert (Emu(deck.slide_width).pt, Emu(deck.slide_height).pt) == (960, 540)


def test_title_slide_is_made_from_lecture_fields(deck: Presentation) -> None:
    slide = deck.slides[0]
    assert slide.slide_layout.name == "Title Slide"
    assert "A test lecture" in texts(slide)
    assert "TBA · February 2, 2027" in texts(slide)


def test_bullets_keep_levels_and_emphasis_and_notes_are_rendered(deck: Presentation) -> None:
    slide = deck.slides[1]
    body = slide.placeholders[1].text_frame
    levels = [(p.level, p.text) for p in body.paragraphs]
    assert levels == [
        (0, "Plain first"),
        (0, "With bold and italic"),
        (0, "Parent"),
        (1, "child one"),
        (1, "child two"),
        (2, "grandchild"),
    ]
    runs = body.paragraphs[1].runs
    assert [(r.text, r.font.bold, r.font.italic) for r in runs] == [
        ("With ", False, False),
        ("bold", True, False),
        (" and ", False, False),
        ("italic", False, True),
    ]
    assert slide.notes_slide.notes_text_frame.text == "Say hello on slide 1 of Every kind."


def test_section_and_two_columns(deck: Presentation) -> None:
    assert deck.slides[2].slide_layout.name == "Section Header"
    assert "Its subtitle" in texts(deck.slides[2])
    compare = deck.slides[3]
    assert compare.slide_layout.name == "Two Content"
    bodies = [ph.text_frame.text for ph in compare.placeholders if ph.placeholder_format.idx]
    assert bodies == ["l1\nl2", "r1"]
    assert {"Left side", "Right side"} <= set(texts(compare))


def test_timeline_is_drawn_with_a_line_markers_and_labels_in_order(deck: Presentation) -> None:
    slide = deck.slides[4]
    lines = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.LINE]
    markers = [s for s in slide.shapes if s.name.startswith("Marker")]
    assert len(lines) == 1 and len(markers) == 3
    xs = [m.left for m in markers]
    assert xs == sorted(xs) and len(set(xs)) == 3
    gaps = {xs[1] - xs[0], xs[2] - xs[1]}
    assert max(gaps) - min(gaps) <= 2, "evenly spaced"
    line = lines[0]
    for marker in markers:  # each marker sits on the line
        assert abs(marker.top + marker.height // 2 - line.top) <= 12700
    assert {"1945", "1951", "1960", "First", "Second\nmore", "Third"} <= set(texts(slide))
    assert not any(ph.placeholder_format.idx for ph in slide.placeholders), "not a bullet list"


def test_quote_table_picture(deck: Presentation) -> None:
    assert "“America First”" in texts(deck.slides[5])
    assert "— someone" in texts(deck.slides[5])
    table = next(s for s in deck.slides[6].shapes if s.has_table).table
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells == [["Sector", "Decade"], ["Textiles", "1970s"], ["Beef", "1970s"]]
    picture = next(s for s in deck.slides[7].shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE)
    assert picture._element.nvPicPr.cNvPr.get("descr") == "A red square"
    assert picture.width / picture.height == pytest.approx(2.0, rel=0.01), "aspect kept"
    assert "The caption" in texts(deck.slides[7])


def test_questions_are_numbered_and_references_put_cited_sources_first(
    deck: Presentation,
) -> None:
    questions = deck.slides[8].placeholders[1].text_frame.paragraphs
    assert [p.text for p in questions] == ["Why?", "How?"]
    assert all(
        p._p.pPr.find(f"{{{A}}}buAutoNum")
        is not None
        for p in questions
    )
    refs = [p.text for p in deck.slides[9].placeholders[1].text_frame.paragraphs]
    assert refs == ["The main source. A. Writer. https://example.org", "A source nobody cites"]


def test_questions_continued_on_another_slide_go_on_numbering(
    write: Callable[[str, str], Path],
) -> None:
    question = "Why did the alliance survive the end of the Cold War when many said it would not?"
    items = "\n".join(f"      - {question} ({n})" for n in range(1, 13))
    outline = write(
        "q.yaml", f"title: Q\ntitle_slide: false\nslides:\n  - kind: questions\n"
        f"    questions:\n{items}\n"
    )
    (deck,) = build(outline, "out")
    slides = Presentation(str(deck.path)).slides
    assert len(slides) > 1, "twelve long prompts continue on another slide"
    numbers = [
        (p.text.rsplit("(", 1)[1].rstrip(")"), p._p.pPr.find(f"{{{A}}}buAutoNum").get("startAt"))
        for slide in slides
        for p in slide.placeholders[1].text_frame.paragraphs
    ]
    assert numbers == [(str(n), str(n)) for n in range(1, 13)]


def test_a_tiny_picture_is_enlarged_at_most_three_times(
    write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    Image.new("RGB", (16, 16), "blue").save(tmp_path / "icon.png")
    Image.new("RGB", (1600, 800), "blue").save(tmp_path / "wide.png")
    outline = write(
        "p.yaml",
        "title: P\ntitle_slide: false\nslides:\n"
        "  - {kind: image, title: Icon, image: icon.png, alt: an icon}\n"
        "  - {kind: image, title: Wide, image: wide.png, alt: a wide picture}\n",
    )
    (built,) = build(outline, "out")
    slides = Presentation(str(built.path)).slides
    icon, wide = (
        next(s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE) for slide in slides
    )
    assert Emu(icon.width).pt == pytest.approx(36, abs=0.5), "16 px at 0.75 pt, three times"
    assert Emu(wide.width).pt > 600, "a large picture still fills the body"


def test_no_temporary_files_are_left_beside_the_deck(deck: Presentation) -> None:
    # Beside the deck there is only its build record (what the deck was made from, so
    # an unchanged deck is not written again), and nothing temporary anywhere.
    everything = sorted(p.relative_to("out").as_posix() for p in Path("out").rglob("*"))
    assert everything == [".alliance-slides", ".alliance-slides/every.pptx.json", "every.pptx"]


def test_the_deck_gets_the_usual_file_mode(deck: Presentation) -> None:
    mask = os.umask(0)
    os.umask(mask)
    assert Path("out/every.pptx").stat().st_mode & 0o777 == 0o666 & ~mask


LONG_KINDS = [
    "{{title: 'Bullets {n}', bullets: ['first of {n}', 'second of {n}'], notes: 'notes of {n}'}}",
    "{{kind: section, title: 'Section {n}', notes: 'notes of {n}'}}",
    "{{kind: two_column, title: 'Columns {n}', left: {{heading: L, bullets: ['left {n}']}}, "
    "right: {{heading: R, bullets: ['right {n}']}}, notes: 'notes of {n}'}}",
    "{{kind: quote, title: 'Quote {n}', text: 'said {n}'}}",
]


def long_outline(slides: int) -> str:
    """An outline of ``slides`` slides cycling through four kinds; quotes have no notes."""
    lines = ["title: Long", "title_slide: false", "slides:"]
    lines += [f"  - {LONG_KINDS[n % 4].format(n=n)}" for n in range(slides)]
    return "\n".join(lines) + "\n"


def test_a_long_deck_keeps_every_slide_its_text_and_its_own_notes(
    write: Callable[[str, str], Path],
) -> None:
    # Slides, notes pages, their names, ids and relationships are counted by the writer
    # rather than searched for by python-pptx: each must still be distinct and linked right.
    (built,) = build(write("long.yaml", long_outline(120)), "out")
    deck = Presentation(str(built.path))
    slides = list(deck.slides)
    assert [s.shapes.title.text for s in slides] == [
        f"{('Bullets', 'Section', 'Columns', 'Quote')[n % 4]} {n}" for n in range(120)
    ]
    ids = [s.slide_id for s in slides]
    assert ids == sorted(ids) and len(set(ids)) == 120 and ids[0] == 256
    names = [s.part.partname for s in slides]
    assert names == [f"/ppt/slides/slide{n}.xml" for n in range(1, 121)]
    notes_names = set()
    for n, slide in enumerate(slides):
        every_text = " ".join(texts(slide))
        if n % 4 == 0:
            assert slide.placeholders[1].text_frame.text == f"first of {n}\nsecond of {n}"
        elif n % 4 == 2:
            assert f"left {n}" in every_text and f"right {n}" in every_text
        elif n % 4 == 3:
            assert f"said {n}" in every_text
        if n % 4 == 3:
            assert not slide.has_notes_slide
            continue
        notes = slide.notes_slide
        assert notes.notes_text_frame.text == f"notes of {n}"
        assert notes.part.part_related_by(RT.SLIDE) is slide.part, "notes point back"
        notes_names.add(notes.part.partname)
        shape_ids = [s.shape_id for s in slide.shapes]
        assert len(set(shape_ids)) == len(shape_ids), f"slide {n}: shape ids repeat"
    assert len(notes_names) == 90


def test_every_slide_part_is_what_python_pptx_writes_for_it(
    write: Callable[[str, str], Path],
) -> None:
    # Slides and notes pages are serialized as soon as they are drawn (so a long deck
    # does not hold every tree until it is saved); what is in the file must be exactly
    # what python-pptx would write for the same part.
    (built,) = build(write("long.yaml", long_outline(12)), "out")
    deck = Presentation(str(built.path))
    with zipfile.ZipFile(built.path) as archive:
        for slide in deck.slides:
            parts = [slide.part] + ([slide.notes_slide.part] if slide.has_notes_slide else [])
            for part in parts:
                assert archive.read(part.partname.membername) == part.blob, part.partname


def test_a_template_s_sample_slides_give_way_to_the_generated_ones(
    write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    template = Presentation()
    for title in ("SAMPLE ONE", "SAMPLE TWO"):
        sample = template.slides.add_slide(template.slide_layouts[1])
        sample.shapes.title.text = title
        sample.notes_slide.notes_text_frame.text = f"{title} NOTES"
    template.save(str(tmp_path / "house.pptx"))
    (built,) = build(write("long.yaml", long_outline(8)), "out", template=tmp_path / "house.pptx")
    deck = Presentation(str(built.path))
    assert [s.shapes.title.text for s in deck.slides][:2] == ["Bullets 0", "Section 1"]
    assert len(deck.slides) == 8
    assert deck.slides[0].notes_slide.notes_text_frame.text == "notes of 0"
    with zipfile.ZipFile(built.path) as archive:
        names = archive.namelist()
        assert len(names) == len(set(names)), "no part written twice"
        everything = b"".join(archive.read(n) for n in names if n.endswith(".xml"))
    assert b"SAMPLE" not in everything


@needs_soffice
def test_a_long_deck_renders_one_page_per_slide(
    write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    (built,) = build(write("long.yaml", long_outline(40)), "out")
    assert_words_inside_shapes(built.path, 40, tmp_path / "pdf")


@pytest.mark.invalid_decks  # not-a-deck.pptx
def test_a_decks_title_is_read_back_for_its_contact_sheet(
    deck: Presentation, tmp_path: Path
) -> None:
    from alliance_slides.output.export import deck_title

    assert deck_title(Path("out/every.pptx")) == deck.core_properties.title != ""
    (tmp_path / "not-a-deck.pptx").write_text("nope")
    assert deck_title(tmp_path / "not-a-deck.pptx") is None


def test_a_writer_left_by_an_error_hands_frozen_objects_back_to_the_collector() -> None:
    import gc

    from alliance_slides.format.theme import DEFAULT_THEME
    from alliance_slides.output.deck import DeckWriter

    assert gc.get_freeze_count() == 0
    with pytest.raises(AttributeError), DeckWriter(DEFAULT_THEME) as writer:
        assert gc.get_freeze_count() > 0, "frozen while the deck is being drawn"
        writer.add(None)  # type: ignore[arg-type]
    assert gc.get_freeze_count() == 0


def test_a_lecture_dated_before_the_year_1000_writes_valid_core_properties(
    write: Callable[[str, str], Path],
) -> None:
    outline = write("old.yaml", "title: Old\ndate: 0999-01-01\nslides: [{title: A}]\n")
    (built,) = build(outline, "out")
    core = zipfile.ZipFile(built.path).read("docProps/core.xml").decode()
    assert "<dcterms:created" in core and ">1601-01-01T00:00:00Z<" in core


# --------------------------------------------------------------------------- markup


R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def test_links_are_hyperlink_relationships_and_code_is_monospace(
    write: Callable[[str, str], Path],
) -> None:
    outline = write(
        "m.yaml",
        """
        title: Markup
        title_slide: false
        slides:
          - title: The `treaty`
            bullets:
              - "**1951**: the [peace treaty](https://example.org/sf1951) and `Article 3`"
            notes: |
              Start with **the date**; see [the archive](https://example.org/a).

              - first
              - second
                - nested

              1. one
              2. two
          - kind: table
            title: Cells
            columns: [Name, Where]
            rows: [["`x`", "[site](https://example.org/t)"]]
        """,
    )
    (built,) = build(outline, "out")
    prs = Presentation(str(built.path))
    slide, table_slide = prs.slides
    body = slide.placeholders[1]
    runs = body.text_frame.paragraphs[0].runs
    assert [r.text for r in runs] == ["1951", ": the ", "peace treaty", " and ", "Article 3"]
    assert runs[0].font.bold and runs[4].font.name == "Courier New"
    assert runs[2].hyperlink.address == "https://example.org/sf1951"
    rel = runs[2]._r.find(f"{{{A}}}rPr/{{{A}}}hlinkClick").get(f"{{{R}}}id")
    assert slide.part.rels[rel].reltype == RT.HYPERLINK
    assert slide.part.rels[rel].is_external
    assert slide.shapes.title.text_frame.paragraphs[0].runs[1].font.name == "Courier New"
    cells = table_slide.shapes[1].table.rows[1].cells
    assert cells[0].text_frame.paragraphs[0].runs[0].font.name == "Courier New"
    assert cells[1].text_frame.paragraphs[0].runs[0].hyperlink.address == "https://example.org/t"
    notes = slide.notes_slide
    paragraphs = notes.notes_text_frame.paragraphs
    assert [p.text for p in paragraphs] == [
        "Start with the date; see the archive.", "", "first", "second", "nested", "", "one", "two"
    ]
    assert paragraphs[0].runs[1].font.bold
    assert paragraphs[0].runs[3].hyperlink.address == "https://example.org/a"
    marks = [p._p.pPr.find(f"{{{A}}}buChar") for p in paragraphs]
    assert [m.get("char") if m is not None else None for m in marks] == [
        None, None, "•", "•", "–", None, None, None
    ]
    numbers = [p._p.pPr.find(f"{{{A}}}buAutoNum") for p in paragraphs[6:]]
    assert [n.get("startAt") for n in numbers] == ["1", "2"]
    levels = [p._p.pPr.get("marL") for p in paragraphs[2:5]]
    assert levels[0] == levels[1] < levels[2]
