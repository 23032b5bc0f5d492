"""format.validate: located data to lectures, every problem collected with its place."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from alliance_slides.errors import ValidationError
from alliance_slides.format.model import BulletsSlide, ImageSlide, TableSlide
from alliance_slides.format.validate import load_lectures, load_outline

Write = Callable[[str, str], Path]


def problems(path: Path) -> list[str]:
    """Return the problems loading ``path`` raises, as printed (FILE:LINE:COL: message)."""
    with pytest.raises(ValidationError) as caught:
        load_lectures(path)
    return [str(p) for p in caught.value.problems]


def test_a_valid_outline_becomes_typed_slides(write: Write) -> None:
    path = write(
        "o.yaml",
        """
        title: T
        sources: {src: {title: S}}
        slides:
          - title: A
            bullets: [one, {two: [sub]}]
            cite: src#2
          - {kind: table, title: B, columns: [x, y], rows: [[1, 2]]}
        """,
    )
    outline = load_outline(path)
    first, second = outline.slides
    assert isinstance(first, BulletsSlide) and first.kind == "bullets"
    assert [b.text for b in first.bullets] == ["one", "two"]
    assert [c.text for c in first.bullets[1].children] == ["sub"]
    assert first.cite == ("src#2",), "one bare citation is a list of one"
    assert isinstance(second, TableSlide) and second.rows == (("1", "2"),)
    assert outline.path == path


def test_every_problem_of_a_file_is_reported_at_its_place(write: Write) -> None:
    path = write(
        "o.yaml",
        """
        title: T
        sources: {overview: {title: S}}
        slides:
          - {title: A, bulets: [a]}
          - {title: B, kind: tabel}
          - {title: C, bullets: [c], cite: [overveiw#1, overview#0, "#"]}
          - {kind: table, title: D, columns: [x, y], rows: [[1]]}
        """,
    )
    assert problems(path) == [
        "o.yaml:4:16: unknown field 'bulets' (did you mean 'bullets'?)",
        "o.yaml:5:22: unknown slide kind 'tabel' (did you mean 'table'?); kinds are: "
        "bullets, section, two_column, timeline, quote, table, image, chart, questions, references",
        "o.yaml:6:37: cite key 'overveiw' is not in sources (did you mean 'overview'?); "
        "sources are: overview",
        "o.yaml:6:49: cite 'overview#0': paragraphs are numbered from 1 (up to 99,999)",
        "o.yaml:6:61: cite '#' should be 'key' or 'key#paragraph'",
        "o.yaml:7:53: table row 1 has 1 cells; columns has 2",
    ]


def test_missing_fields_are_named_at_their_mapping(write: Write) -> None:
    path = write("o.yaml", "title: T\nslides:\n  - {kind: quote, title: Q}\n")
    assert problems(path) == ["o.yaml:3:5: missing required field 'text'"]


def test_pictures_must_exist_be_pictures_and_have_alt_text(write: Write, tmp_path: Path) -> None:
    Image.new("RGB", (8, 8), "red").save(tmp_path / "ok.png")
    (tmp_path / "fake.png").write_text("not a picture")
    path = write(
        "o.yaml",
        """
        title: T
        slides:
          - {kind: image, title: A, image: ok.png, alt: "  "}
          - {kind: image, title: B, image: missing.png, alt: b}
          - {kind: image, title: C, image: fake.png, alt: c}
          - {kind: image, title: D, image: ../outside.png, alt: d}
        """,
    )
    found = problems(path)
    assert found[0] == "o.yaml:3:49: alt text must not be empty"
    assert found[1].startswith("o.yaml:4:36: image file not found: missing.png")
    assert found[2].startswith("o.yaml:5:36: image 'fake.png': ")
    assert found[3].startswith("o.yaml:6:36: image '../outside.png' ")
    assert len(found) == 4


def test_a_valid_picture_gets_its_resolved_path(write: Write, tmp_path: Path) -> None:
    Image.new("RGB", (8, 8), "red").save(tmp_path / "ok.png")
    path = write("o.yaml", "title: T\nslides: [{kind: image, title: A, image: ok.png, alt: a}]\n")
    (slide,) = load_outline(path).slides
    assert isinstance(slide, ImageSlide) and slide.image_path == (tmp_path / "ok.png").resolve()


def test_a_course_applies_its_overrides_and_tag_filters(write: Write) -> None:
    write(
        "o.yaml",
        """
        title: T
        date: 2027-01-01
        duration: 50
        slides:
          - {title: Core, bullets: [a], tags: [core]}
          - {title: Deep, bullets: [b], tags: [advanced]}
          - {title: Untagged, bullets: [c]}
        """,
    )
    course = write(
        "c.yaml",
        """
        course: {code: X 1}
        vars: {room: B2}
        aspect: "4:3"
        lectures:
          - {outline: o.yaml, date: 2027-03-04, duration: 75, exclude_tags: [advanced]}
        """,
    )
    (lecture,) = load_lectures(course)
    assert [s.title for s in lecture.outline.slides] == ["Core", "Untagged"]
    assert str(lecture.outline.date) == "2027-03-04" and lecture.outline.duration == 75
    assert lecture.course.code == "X 1" and lecture.vars == {"room": "B2"}
    assert lecture.aspect == "4:3" and lecture.course_file == course
    assert lecture.keeps(("core",)) and not lecture.keeps(("advanced",))


def test_include_tags_keep_untagged_slides_and_those_tagged_so() -> None:
    from alliance_slides.format.model import Lecture, Outline

    lecture = Lecture(outline=Outline(title="T"), include_tags=("core",))
    assert lecture.keeps(()) and lecture.keeps(("core", "x")) and not lecture.keeps(("x",))


def test_a_course_reports_its_own_problems_and_its_outlines_at_once(write: Write) -> None:
    write("bad.yaml", "title: T\nslides:\n  - {title: A, kind: tabel}\n")
    course = write(
        "c.yaml",
        """
        lectures:
          - outline: bad.yaml
          - outline: missing.yaml
          - outline: bad.yaml
        layouts: {contnet: Title Only}
        """,
    )
    found = problems(course)
    assert "c.yaml:3:14: outline file not found: missing.yaml" in found
    assert any("would both write bad.pptx" in p for p in found)
    assert any(p.startswith("c.yaml:5:11: unknown layout role 'contnet'") for p in found)
    assert any(p.startswith("bad.yaml:3:22: unknown slide kind 'tabel'") for p in found), (
        "the outlines' problems come in the same run as the course's own"
    )


def test_a_course_may_not_name_files_outside_its_folders(write: Write, tmp_path: Path) -> None:
    write("elsewhere/secret.yaml", "not: [an outline")  # would be a problem if it were read
    course = write("far/courses/c.yaml", "lectures:\n  - outline: ../../elsewhere/secret.yaml\n")
    (found,) = problems(course)
    assert found.startswith("far/courses/c.yaml:2:14: outline '../../elsewhere/secret.yaml' ")


def test_a_cite_with_a_line_break_after_it_is_refused(write: Write) -> None:
    # '$' matched before a final line break: "overview#1\n" passed as a citation.
    path = write(
        "o.yaml",
        """
        title: T
        sources: {overview: {title: S}}
        slides:
          - {title: A, bullets: [a], cite: ["overview#1\\n"]}
        """,
    )
    assert problems(path) == [
        "o.yaml:4:37: cite 'overview#1\\n' should be 'key' or 'key#paragraph'"
    ]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("19/10/2027", "write 2027-10-19 (YYYY-MM-DD)"),
        ("10/19/2027", "write 2027-10-19 (YYYY-MM-DD)"),
        ("01/02/2027", "write 2027-02-01 or 2027-01-02 (YYYY-MM-DD), whichever you mean"),
        ("2027/10/19", "write 2027-10-19 (YYYY-MM-DD)"),
        ("2027-2-3", "write 2027-02-03 (YYYY-MM-DD)"),
        ("20270105", "write 2027-01-05 (YYYY-MM-DD)"),  # YAML reads a number
        ("31/31/2027", "nor a date at all; write it as YYYY-MM-DD"),
    ],
)
def test_a_date_in_numbers_yaml_does_not_read_is_an_error_at_its_place(
    write: Write, written: str, message: str
) -> None:
    # Taken as text, it failed later inside a template ('str object' has no attribute 'year').
    path = write("o.yaml", f"title: T\ndate: {written}\nslides:\n  - {{title: a}}\n")
    (problem,) = problems(path)
    assert problem.startswith(f"o.yaml:2:7: date '{written}' is not a date YAML reads ")
    assert problem.endswith(message)
    path = write("c.yaml", f"lectures:\n  - {{outline: o.yaml, date: {written}}}\n")
    assert problems(path)[0].startswith(f"c.yaml:2:29: date '{written}'")


def test_a_date_given_as_words_stays_text(write: Write) -> None:
    path = write("o.yaml", "title: T\ndate: Week 3, Tuesday\nslides:\n  - {title: a}\n")
    (lecture,) = load_lectures(path)
    assert lecture.outline.date == "Week 3, Tuesday"


@pytest.mark.parametrize(
    ("bullet", "hint"),
    [
        # Unindented sub-bullets under a quoted bullet: quoting it again would not help.
        ('"Parent":', ": indent its sub-bullets under it (two spaces more than its '-')"),
        (
            "Parent:",
            ": indent its sub-bullets under it (two spaces more than its '-'), or, to end the "
            "bullet with ':', put it in quotes",
        ),
        ('"Note": more', " (to write ': ' inside a bullet, put the whole bullet in quotes)"),
        ("Note: more", " (to write ': ' inside a bullet, put the bullet in quotes)"),
    ],
    ids=["quoted, unindented", "plain, unindented", "quoted, text", "plain, text"],
)
def test_a_bullet_whose_sub_bullets_are_not_a_list_gets_the_hint_that_fits(
    write: Write, bullet: str, hint: str
) -> None:
    path = write("o.yaml", f"title: T\nslides:\n  - title: A\n    bullets:\n      - {bullet}\n"
                           "      - child\n")
    (problem,) = problems(path)
    assert problem.startswith("o.yaml:5:")
    assert " must be a list, got " in problem and problem.endswith(hint), problem
