"""The shipped course: four lectures that build, read well, and keep to their source."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pptx import Presentation

from alliance_slides.build import build, prepare
from alliance_slides.facts import check_lecture
from conftest import REPO, SHARED

COURSES = sorted((REPO / "courses").glob("*.yaml"))
OUTLINES = sorted((REPO / "outlines").glob("0*.yaml"))
STEMS = ["01-postwar-origins", "02-cold-war", "03-post-cold-war-roles", "04-current-uncertainty"]
KINDS = {
    "bullets",
    "section",
    "two_column",
    "timeline",
    "quote",
    "table",
    "image",
    "questions",
    "references",
}


def test_four_lectures_and_two_courses_ship() -> None:
    assert [p.stem for p in OUTLINES] == STEMS
    assert {p.stem for p in COURSES} == {"hist-240", "survey-intro"}


@pytest.mark.parametrize("path", OUTLINES, ids=lambda p: p.stem)
def test_each_lecture_has_the_required_slides(path: Path) -> None:
    (lecture,) = prepare(path)
    slides = lecture.outline.slides
    kinds = [s.kind for s in slides]
    assert 10 <= len(slides) <= 18
    assert lecture.outline.title_slide
    for kind in ("timeline", "section", "questions", "references"):
        assert kind in kinds, kind
    assert kinds[-1] == "references"


def test_every_kind_is_used_across_the_course() -> None:
    used = {s.kind for path in OUTLINES for s in prepare(path)[0].outline.slides}
    assert used == KINDS


@pytest.mark.parametrize("path", OUTLINES, ids=lambda p: p.stem)
def test_every_slide_has_substantial_notes(path: Path) -> None:
    (lecture,) = prepare(path)
    for slide in lecture.outline.slides:
        words = len(slide.notes.split())
        assert 60 <= words <= 200, (slide.title, words)
        assert re.search(r"about\s+(a|one|\d+)\s+minutes?", slide.notes, re.I), slide.title


@pytest.mark.parametrize("path", COURSES, ids=lambda p: p.stem)
def test_every_figure_and_name_is_in_its_cited_paragraph(path: Path) -> None:
    for lecture in prepare(path):
        for slide in lecture.outline.slides:
            if slide.kind not in ("references",):
                assert slide.cite, slide.title
        assert [str(f) for f in check_lecture(lecture)] == []


def test_the_only_quotation_is_one_the_source_quotes() -> None:
    source = (REPO / "outlines" / "sources" / "japan-us-alliance.txt").read_text()
    quoted = set(re.findall(r"“([^”]+)”", source))
    quotes = [s for p in OUTLINES for s in prepare(p)[0].outline.slides if s.kind == "quote"]
    assert quotes
    assert all(q.text in quoted for q in quotes)  # type: ignore[attr-defined]


def test_the_repos_copy_of_the_source_matches_the_shared_one() -> None:
    shared = SHARED / "sources" / "japan-us-alliance.txt"
    if not shared.exists():
        pytest.skip("../shared is not beside the repository")
    assert (REPO / "outlines" / "sources" / shared.name).read_bytes() == shared.read_bytes()


def test_the_two_courses_build_visibly_different_decks(tmp_path: Path) -> None:
    full = {d.path.stem: d for d in build(REPO / "courses" / "hist-240.yaml", tmp_path / "a")}
    survey = {d.path.stem: d for d in build(REPO / "courses" / "survey-intro.yaml", tmp_path / "b")}
    assert sorted(full) == sorted(survey) == STEMS
    for stem in STEMS:
        assert full[stem].warnings == () and survey[stem].warnings == ()
        a, b = Presentation(str(full[stem].path)), Presentation(str(survey[stem].path))
        assert len(a.slides) > len(b.slides), "the survey drops advanced slides"
        assert "Dr. A. Example" in a.slides[0].shapes[3].text_frame.text
        assert "Prof. B. Sample" in b.slides[0].shapes[3].text_frame.text
        background = [str(p.slides[1].background.fill.fore_color.rgb) for p in (a, b)]
        assert background == ["FFFFFF", "1E232B"], "classic vs slate"
