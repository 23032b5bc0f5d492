"""The shipped course: four lectures that build, read well, and keep to their source."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pptx import Presentation

from alliance_slides.build import build, prepare
from alliance_slides.format.theme import builtin_theme_names
from alliance_slides.source.facts import (
    check_lecture,
    claims,
    normalize,
    read_paragraphs,
    slide_lines,
    supported,
)
from conftest import REPO, SHARED

COURSES = sorted((REPO / "courses").glob("*.yaml"))
OUTLINES = sorted((REPO / "outlines").glob("0*.yaml"))
STEMS = ["01-postwar-origins", "02-cold-war", "03-post-cold-war-roles", "04-current-uncertainty"]
#: The kinds the course uses: the source has no series of figures to chart, and its one
#: picture (the Yoshida line) stands beside the bullets it illustrates.
KINDS = {
    "bullets",
    "section",
    "two_column",
    "timeline",
    "quote",
    "table",
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
    slides = [s for path in OUTLINES for s in prepare(path)[0].outline.slides]
    assert {s.kind for s in slides} == KINDS
    beside = [s for s in slides if s.kind == "bullets" and s.image is not None]  # type: ignore[attr-defined]
    assert [s.title for s in beside] == ["The Yoshida line"]


def test_slides_show_their_sources(decks: dict[str, dict[str, Path]]) -> None:
    deck = Presentation(str(decks["hist-240"]["01-postwar-origins"]))
    lines = [s.text_frame.text for slide in deck.slides for s in slide.shapes if s.name == "Source"]
    assert "Sources: overview ¶2; context ¶2, ¶5" in lines
    assert len(lines) >= 10


@pytest.mark.parametrize("path", OUTLINES, ids=lambda p: p.stem)
def test_every_slide_has_substantial_notes_and_its_minutes(path: Path) -> None:
    (lecture,) = prepare(path)
    for slide in lecture.outline.slides:
        words = len(slide.notes.split())
        assert 60 <= words <= 200, (slide.title, words)
        # The time cue is the notes template's ("3 min · minutes 12–15"), from `minutes`;
        # the notes themselves do not repeat it.
        assert slide.minutes, slide.title
        assert not TIME_CUE.search(slide.notes), slide.title


@pytest.mark.parametrize("path", COURSES, ids=lambda p: p.stem)
def test_every_figure_and_name_is_in_its_cited_paragraph(path: Path) -> None:
    for lecture in prepare(path):
        for slide in lecture.outline.slides:
            if slide.kind not in ("references",):
                assert slide.cite, slide.title
        assert [str(f) for f in check_lecture(lecture)] == []


def test_every_quotation_is_quoted_word_for_word_in_the_paragraph_it_cites() -> None:
    quotes = []
    for path in OUTLINES:
        (lecture,) = prepare(path)
        sources = lecture.outline.sources or {}
        for slide in lecture.outline.slides:
            if slide.kind != "quote":
                continue
            quotes.append(slide)
            quoted = set()
            for cite in slide.cite:
                key, _, number = cite.partition("#")
                source = sources[key]
                assert source.file and number, cite
                paragraph = read_paragraphs(path.parent / source.file)[int(number) - 1]
                quoted |= set(re.findall(r"“([^”]+)”", paragraph))
            assert slide.text in quoted, (path.stem, slide.title)  # type: ignore[attr-defined]
    assert quotes


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


SOURCE = REPO / "outlines" / "sources" / "japan-us-alliance.txt"
CONTEXT = REPO / "outlines" / "sources" / "context-notes.txt"
# A time cue written into the notes ("About 3 minutes"), and a prompt to ask the room.
TIME_CUE = re.compile(r"about\s+(a|one|\d+)\s+minutes?", re.I)
ASK = re.compile(r"\bask\b", re.I)
# Slides say things in their own words: no run of this many words copied from the source.
COPIED_RUN = 7


@pytest.fixture(scope="module")
def decks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    """Build both shipped courses once: course stem -> lecture stem -> deck path."""
    out = tmp_path_factory.mktemp("decks")
    return {
        course.stem: {d.path.stem: d.path for d in build(course, out / course.stem)}
        for course in COURSES
    }


def _texts(slide: object) -> list[str]:
    return [s.text_frame.text for s in slide.shapes if s.has_text_frame]  # type: ignore[attr-defined]


@pytest.mark.parametrize("course", ["hist-240", "survey-intro"])
def test_every_built_deck_has_a_title_slide_and_10_to_18_slides(
    course: str, decks: dict[str, dict[str, Path]]
) -> None:
    for stem, path in decks[course].items():
        deck = Presentation(str(path))
        (lecture,) = prepare(REPO / "outlines" / f"{stem}.yaml")
        assert 10 <= len(deck.slides) <= 18, (course, stem, len(deck.slides))
        assert lecture.outline.title in _texts(deck.slides[0]), (course, stem)
        titles = [" ".join(_texts(s)[:1]) for s in deck.slides]
        assert not [t for t in titles if "(cont.)" in t], "the shipped course fits without splits"


@pytest.mark.parametrize("course", COURSES, ids=lambda p: p.stem)
def test_each_course_keeps_the_required_slides_and_every_kind(course: Path) -> None:
    used: set[str] = set()
    for lecture in prepare(course):
        kinds = [s.kind for s in lecture.outline.slides]
        used.update(kinds)
        assert lecture.outline.title_slide
        for kind in ("timeline", "section", "questions", "references"):
            assert kind in kinds, (course.stem, lecture.outline.title, kind)
    assert used == KINDS, KINDS - used


@pytest.mark.parametrize("course", ["hist-240", "survey-intro"])
def test_every_content_slide_of_every_deck_has_notes_for_the_lecturer(
    course: str, decks: dict[str, dict[str, Path]]
) -> None:
    for stem, path in decks[course].items():
        for number, slide in enumerate(Presentation(str(path)).slides, start=1):
            if number == 1:
                continue  # the title slide is made from the lecture's fields
            notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
            where = (course, stem, number)
            assert 60 <= len(notes.split()) <= 200, (*where, len(notes.split()))
            assert len(ASK.findall(notes)) <= 1, (*where, "more than one prompt to ask the room")
            assert not TIME_CUE.search(notes), (*where, "the time cue is the notes template's")
            assert "{{" not in notes and "{%" not in notes, (*where, "unrendered template")


@pytest.mark.parametrize("path", OUTLINES, ids=lambda p: p.stem)
def test_notes_bring_no_figure_the_paragraphs_they_cite_lack(path: Path) -> None:
    paragraphs = {"overview": read_paragraphs(SOURCE), "context": read_paragraphs(CONTEXT)}
    (lecture,) = prepare(path)
    for slide in lecture.outline.slides:
        if slide.cite:
            cited = [
                paragraphs[key][int(number) - 1] if number else "\n".join(paragraphs[key])
                for key, _, number in (c.partition("#") for c in slide.cite)
            ]
        else:  # the references slide speaks about the sources as a whole
            cited = ["\n".join(p) for p in paragraphs.values()]
        figures = [c for c in claims(slide.notes) if c.kind != "name"]
        missing = [c.text for c in figures if not any(supported(c, t) for t in cited)]
        assert missing == [], slide.title


@pytest.mark.parametrize("path", OUTLINES, ids=lambda p: p.stem)
def test_slides_put_the_source_in_their_own_words(path: Path) -> None:
    words = re.findall(r"[a-z0-9$]+", normalize(SOURCE.read_text()).lower())
    runs = {tuple(words[i : i + COPIED_RUN]) for i in range(len(words) - COPIED_RUN + 1)}
    (lecture,) = prepare(path)
    for slide in lecture.outline.slides:
        if slide.kind == "quote":
            continue  # a quotation is the source's words by design (checked above)
        for line in slide_lines(slide):
            own = re.findall(r"[a-z0-9$]+", normalize(line).lower())
            copied = [
                own[i : i + COPIED_RUN]
                for i in range(len(own) - COPIED_RUN + 1)
                if tuple(own[i : i + COPIED_RUN]) in runs
            ]
            assert not copied, (slide.title, line)


def test_every_picture_is_drawn_by_the_figure_script() -> None:
    script = (REPO / "scripts" / "make_figures.py").read_text()
    pictures = [
        s.image_path if s.kind == "image" else s.image.image_path  # type: ignore[attr-defined]
        for p in OUTLINES
        for s in prepare(p)[0].outline.slides
        if s.kind == "image" or getattr(s, "image", None) is not None
    ]
    assert pictures
    for picture in pictures:
        assert picture.parent == REPO / "outlines" / "figures", picture
        assert f'"{picture.name}"' in script, f"{picture.name} is not drawn by make_figures.py"
        # and drawn in every built-in theme's colours, which a deck in that theme shows
        for theme in builtin_theme_names():
            if theme != "classic":
                variant = picture.with_name(f"{picture.stem}@{theme}{picture.suffix}")
                assert variant.is_file(), f"{variant.name} is missing; run make_figures.py"


def test_the_survey_differs_in_dates_vars_code_and_advanced_slides(
    decks: dict[str, dict[str, Path]],
) -> None:
    full, survey = decks["hist-240"], decks["survey-intro"]
    for stem in STEMS:
        a, b = Presentation(str(full[stem])), Presentation(str(survey[stem]))
        title_a, title_b = " ".join(_texts(a.slides[0])), " ".join(_texts(b.slides[0]))
        assert "2027" in title_a and "2027" in title_b
        assert re.search(r"February \d+, 2027", title_a) and "HIST 240" in title_a
        assert re.search(r"September \d+, 2027", title_b) and "ASIA 101" in title_b
        footer_b = " ".join(_texts(b.slides[1]))
        assert "ASIA 101" in footer_b and "HIST 240" not in footer_b
        (outline,) = prepare(REPO / "outlines" / f"{stem}.yaml")
        advanced = {s.title for s in outline.outline.slides if "advanced" in s.tags}
        titles_a = {_texts(s)[0] for s in a.slides}
        titles_b = {_texts(s)[0] for s in b.slides}
        assert advanced and advanced <= titles_a, stem
        assert titles_a - titles_b == advanced, stem
    welcome = {
        name: Presentation(str(d["01-postwar-origins"])).slides[1].notes_slide.notes_text_frame.text
        for name, d in decks.items()
    }
    assert "North campus" in welcome["hist-240"] and "South campus" in welcome["survey-intro"]
