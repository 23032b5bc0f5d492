"""An undefined name in a template says what it was looked up in, and how to fix it.

Jinja2 alone says ``'dict object' has no attribute 'code'``: which dict, and why?
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from alliance_slides.cli import cli


def said(args: list[str]) -> list[str]:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    return result.output.splitlines()


def test_course_fields_in_an_outline_built_alone(write: Callable[[str, str], Path]) -> None:
    write("o.yaml", 'title: T\nslides:\n  - title: "{{ course.code }} / {{ vars.campus }}"\n')
    assert said(["validate", "o.yaml"]) == [
        "o.yaml:3:12: slide 1: undefined in template: course.code is undefined: this outline is "
        "built alone, without a course file, so course is empty; build its course file, or "
        "write {{ course.code | default('...') }}"
    ]


def test_a_course_that_does_not_set_a_field(write: Callable[[str, str], Path]) -> None:
    write("o.yaml", 'title: T\nslides:\n  - title: "{{ vars.campus }}"\n')
    write("c.yaml", "course: {code: H 1}\nvars: {room: 4}\nlectures: [{outline: o.yaml}]\n")
    assert said(["validate", "c.yaml"]) == [
        "o.yaml:3:12: slide 1: undefined in template: vars has no 'campus': set it in the course "
        "file, or write {{ vars.campus | default('...') }}"
    ]


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("{{ lecture.titel }}", "lecture has no 'titel' (did you mean 'title'?)"),
        ("{{ lectur.title }}", "'lectur' is undefined (did you mean 'lecture'?); templates see: "
         "course, lecture, slide, vars"),
        ("{{ lecture.sources.s.auther }}", "lecture.sources.s has no 'auther' (did you mean "
         "'author'?)"),
        ("{{ slide.nope }}", "slide has no 'nope'; write {{ slide.nope | default('...') }} if it "
         "may be missing"),
    ],
    ids=["misspelt field", "misspelt name", "nested", "no such field"],
)
def test_misspelt_names_get_a_did_you_mean(
    write: Callable[[str, str], Path], expression: str, message: str
) -> None:
    write("o.yaml", f'title: T\nsources: {{s: {{title: S}}}}\nslides:\n  - title: "{expression}"\n')
    (line,) = said(["validate", "o.yaml"])
    assert line == f"o.yaml:4:12: slide 1: undefined in template: {message}"


def test_in_a_notes_template_the_slide_is_named(write: Callable[[str, str], Path]) -> None:
    write("o.yaml", "title: T\nslides:\n  - {title: A}\n")
    write("tpl/notes.md.j2", "# T\n{% for s in slides %}{{ s.titel }}{% endfor %}\n")
    assert said(["notes", "o.yaml", "--templates", "tpl"]) == [
        "tpl/notes.md.j2:2:1: undefined in template: slides[0] has no 'titel' (did you mean "
        "'title'?)"
    ]


def test_a_constant_expression_s_mistake_is_on_its_line(write: Callable[[str, str], Path]) -> None:
    # Jinja2's optimizer worked '(0)[0]' out while compiling, outside any line: 'line 0'.
    write("o.yaml", "title: T\nslides:\n  - {title: A}\n")
    write("tpl/notes.md.j2", "# T\n\n{% set ns = namespace(v=(0 ~ (0)[0])) %}{{ ns.v }}\n")
    assert said(["notes", "o.yaml", "--templates", "tpl"]) == [
        "tpl/notes.md.j2:3:1: undefined in template: int object has no element 0"
    ]
