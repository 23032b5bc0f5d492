"""The command line: every error class as FILE:LINE:COL: message, exit 1, nothing written."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from alliance_slides import __version__
from alliance_slides.cli import cli

GOOD = """
title: Fine
sources: {src: {title: A source}}
slides:
  - title: One
    bullets: [a]
"""

# (name, outline text, expected line) — each outline has exactly one problem.
ERRORS = [
    ("syntax", "title: T\nslides: [\n  - {title: x\n", "x.yaml:3:3: YAML syntax error"),
    (
        "unknown field",
        "title: T\nslides:\n  - title: A\n    bulets: [a]\n",
        "x.yaml:4:5: unknown field 'bulets' (did you mean 'bullets'?)",
    ),
    (
        "wrong type",
        "title: T\nslides:\n  - title: A\n    minutes: many\n",
        "x.yaml:4:14: expected a number, got text",
    ),
    (
        "missing required",
        "title: T\nslides:\n  - bullets: [a]\n",
        "x.yaml:3:5: missing required field 'title'",
    ),
    (
        "duplicate key",
        "title: T\ntitle: U\nslides: []\n",
        "x.yaml:2:1: duplicate key 'title' (first given at line 1)",
    ),
    (
        "cite key",
        "title: T\nsources: {src: {title: S}}\nslides:\n  - {title: A, cite: [scr#1]}\n",
        "x.yaml:4:23: cite key 'scr' is not in sources (did you mean 'src'?); sources are: src",
    ),
    (
        "cite paragraph 0",
        "title: T\nsources: {src: {title: S}}\nslides:\n  - {title: A, cite: [src#0]}\n",
        "x.yaml:4:23: cite 'src#0': paragraphs are numbered from 1 (up to 99,999)",
    ),
    (
        "missing image",
        "title: T\nslides:\n  - {kind: image, title: A, image: no.png, alt: x}\n",
        "x.yaml:3:36: image file not found: no.png",
    ),
    (
        "table row",
        "title: T\nslides:\n  - kind: table\n    title: A\n    columns: [a, b]\n"
        "    rows:\n      - [1, 2]\n      - [3]\n",
        "x.yaml:8:9: table row 2 has 1 cells; columns has 2",
    ),
    (
        "unknown kind",
        "title: T\nslides:\n  - {title: A, kind: tabel}\n",
        "x.yaml:3:22: unknown slide kind 'tabel' (did you mean 'table'?)",
    ),
    ("empty file", "", "x.yaml:1:1: the file is empty"),
    ("top-level list", "- title: T\n", "x.yaml:1:1: expected an outline"),
    (
        "bad tag",
        "title: !!python/object:os.system x\nslides: []\n",
        "x.yaml:1:8: YAML tag '!!python/object:os.system' is not allowed",
    ),
]


@pytest.mark.parametrize(("name", "text", "expected"), ERRORS, ids=[e[0] for e in ERRORS])
@pytest.mark.parametrize("command", ["build", "validate"])
def test_each_error_class_is_one_located_line_with_exit_1_and_no_output(
    write: Callable[[str, str], Path],
    tmp_path: Path,
    command: str,
    name: str,
    text: str,
    expected: str,
) -> None:
    path = write("x.yaml", text)
    path.write_text(text)  # exactly as given, no dedent
    result = CliRunner().invoke(
        cli, [command, "x.yaml", *(["-o", "out"] if command == "build" else [])]
    )
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith(expected), lines[0]
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.yaml"]


def test_every_problem_of_a_file_is_reported_at_once(write: Callable[[str, str], Path]) -> None:
    write(
        "many.yaml",
        """
        title: T
        sources: {src: {title: S}}
        slides:
          - title: A
            bulets: [a]
            cite: [nope]
          - {title: B, kind: tabel}
          - {title: C, minutes: -1}
        """,
    )
    result = CliRunner().invoke(cli, ["validate", "many.yaml"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "many.yaml:5:5: unknown field 'bulets' (did you mean 'bullets'?)",
        "many.yaml:6:12: cite key 'nope' is not in sources; sources are: src",
        "many.yaml:7:22: unknown slide kind 'tabel' (did you mean 'table'?); kinds are: "
        "bullets, section, two_column, timeline, quote, table, image, chart, questions, references",
        "many.yaml:8:25: must be at least 0, got -1",
    ]


def test_validate_takes_several_paths_and_reports_each(write: Callable[[str, str], Path]) -> None:
    write("good.yaml", GOOD)
    write("bad.yaml", "title: T\n")
    result = CliRunner().invoke(cli, ["validate", "good.yaml", "bad.yaml"])
    assert result.exit_code == 1
    assert "good.yaml: ok (1 lecture, 2 slides)" in result.output
    assert "bad.yaml:1:1: missing required field 'slides'" in result.output


def test_course_errors_name_the_outline_file(write: Callable[[str, str], Path]) -> None:
    write("lecture.yaml", "title: T\nslides:\n  - {title: A, kind: tabel}\n")
    write("course.yaml", "lectures:\n  - outline: lecture.yaml\n  - outline: missing.yaml\n")
    result = CliRunner().invoke(cli, ["build", "course.yaml"])
    assert result.exit_code == 1
    assert "course.yaml:3:14: outline file not found: missing.yaml" in result.output
    assert not Path("build").exists()


def test_template_errors_point_at_the_line(write: Callable[[str, str], Path]) -> None:
    write(
        "t.yaml",
        "title: T\nslides:\n  - title: A\n    notes: |\n      fine\n      {{ vars.missing }}\n",
    )
    result = CliRunner().invoke(cli, ["build", "t.yaml"])
    assert result.exit_code == 1
    assert result.output.strip() == (
        "t.yaml:6:7: slide 1: undefined in template: vars.missing is undefined: this outline is "
        "built alone, without a course file, so vars is empty; build its course file, or write "
        "{{ vars.missing | default('...') }}"
    )


@pytest.mark.parametrize(
    ("value", "place"),
    [
        ('"a\\n\\n\\n\\n{{ vars.missing }}"', "4:12"),  # escaped line breaks: one file line
        (">\n      a\n\n      b\n\n      c {{ vars.missing }}\n", "5:7"),  # folded
    ],
    ids=["escaped", "folded"],
)
def test_template_errors_in_text_whose_lines_are_not_the_file_s_point_at_its_start(
    write: Callable[[str, str], Path], value: str, place: str
) -> None:
    write("t.yaml", f"title: T\nslides:\n  - title: A\n    notes: {value}\n")
    result = CliRunner().invoke(cli, ["validate", "t.yaml"])
    assert result.exit_code == 1
    assert result.output.startswith(f"t.yaml:{place}: slide 1: undefined in template"), (
        result.output
    )


def test_every_template_error_of_every_lecture_is_reported_at_once(
    write: Callable[[str, str], Path],
) -> None:
    write("a.yaml", 'title: A\nslides:\n  - title: "{{ foo.bar }}"\n  - title: "{{ 1/0 }}"\n')
    write("b.yaml", 'title: "{% if %}"\nslides:\n  - title: fine\n')
    write("c.yaml", "lectures: [{outline: a.yaml}, {outline: b.yaml}]\n")
    result = CliRunner().invoke(cli, ["validate", "c.yaml"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "a.yaml:3:12: slide 1: undefined in template: 'foo' is undefined; templates see: course, "
        "lecture, slide, vars",
        "a.yaml:4:12: slide 2: template error: ZeroDivisionError: division by zero",
        "b.yaml:1:8: lecture: template syntax error: Expected an expression, got 'end of "
        "statement block'",
    ]


def test_success_prints_what_was_written(write: Callable[[str, str], Path]) -> None:
    write("good.yaml", GOOD)
    result = CliRunner().invoke(cli, ["build", "good.yaml"])
    assert result.exit_code == 0
    assert result.output.startswith("wrote build/good.pptx (2 slides,")
    assert CliRunner().invoke(cli, ["build", "good.yaml", "-q"]).output == ""


def test_usage_errors_exit_2() -> None:
    assert CliRunner().invoke(cli, ["build"]).exit_code == 2
    assert CliRunner().invoke(cli, ["notes", "x.yaml", "--format", "pdf"]).exit_code == 2
    assert CliRunner().invoke(cli, ["frobnicate"]).exit_code == 2


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.output.strip() == f"alliance-slides, version {__version__}"


def test_help_imports_none_of_the_heavy_libraries() -> None:
    # --help must start fast: python-pptx, Jinja2 and PyYAML are imported by the commands.
    probe = (
        "import sys; from alliance_slides.cli import main; sys.argv = ['alliance-slides', "
        "'--help']\ntry: main()\nexcept SystemExit: pass\n"
        "print(*sorted({m.split('.')[0] for m in sys.modules} & {'pptx', 'jinja2', 'yaml', "
        "'lxml', 'PIL'}))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert "Usage: alliance-slides" in result.stdout
    assert result.stdout.splitlines()[-1] == ""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_a_full_standard_output_is_one_line_not_an_internal_error(
    write: Callable[[str, str], Path],
) -> None:
    write("good.yaml", GOOD)
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "alliance_slides", "notes", "good.yaml"],
            stdout=full, stderr=subprocess.PIPE, text=True,
        )
    assert result.returncode == 1
    assert result.stderr == "alliance-slides: No space left on device\n"



    assert set(cli.commands) >= {"build", "notes", "validate", "check", "schema", "export",
                                 "handout", "watch", "draft"}


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_help_teaches_with_an_example(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output
    assert f"alliance-slides {command}" in result.output


def test_schema_describes_every_slide_kind() -> None:
    import json

    schema = json.loads(CliRunner().invoke(cli, ["schema", "outline"]).output)
    kinds = [
        v["properties"]["kind"]["const"] for v in schema["properties"]["slides"]["items"]["anyOf"]
    ]
    assert kinds == [
        "bullets",
        "section",
        "two_column",
        "timeline",
        "quote",
        "table",
        "image",
        "chart",
        "questions",
        "references",
    ]
    assert schema["required"] == ["title", "slides"]
    course = json.loads(CliRunner().invoke(cli, ["schema", "course"]).output)
    assert {"course", "vars", "template", "lectures", "theme"} <= set(course["properties"])


def test_the_schema_takes_what_the_tool_takes_null_for_optional_fields_and_one_tag(
    write: Callable[[str, str], Path],
) -> None:
    import json

    import yaml

    course = json.loads(CliRunner().invoke(cli, ["schema", "course"]).output)
    assert "null" in course["properties"]["template"]["type"]
    outline = json.loads(CliRunner().invoke(cli, ["schema", "outline"]).output)
    tags = outline["properties"]["tags"]
    assert {"type": ["string", "number"]} in tags["anyOf"][0]["anyOf"], tags
    jsonschema = pytest.importorskip("jsonschema")
    # The tool accepts these; an editor using the schema must not flag them.
    write("c.yaml", "template: null\nlectures: [{outline: o.yaml}]\n")
    write("o.yaml", "title: T\ntags: one\nsubtitle: null\nslides:\n  - {title: A, bullets: [a]}\n")
    assert CliRunner().invoke(cli, ["validate", "c.yaml"]).exit_code == 0
    jsonschema.validate(yaml.safe_load(Path("c.yaml").read_text()), course)
    jsonschema.validate(yaml.safe_load(Path("o.yaml").read_text()), outline)


def test_course_notes_to_a_file_name_are_a_usage_error_not_a_folder_of_that_name(
    write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    write("a.yaml", "title: A\nslides:\n  - {title: One, notes: hello}\n")
    write("b.yaml", "title: B\nslides:\n  - {title: Two, notes: hello}\n")
    write("c.yaml", "lectures: [{outline: a.yaml}, {outline: b.yaml}]\n")
    result = CliRunner().invoke(cli, ["notes", "c.yaml", "--format", "html", "-o", "all.html"])
    assert result.exit_code == 2, result.output
    assert result.output == (
        "all.html: c.yaml has 2 lectures, one notes file each: give -o a folder, not a file "
        "name\n"
    )
    assert not (tmp_path / "all.html").exists()
    result = CliRunner().invoke(cli, ["notes", "c.yaml", "--format", "html", "-o", "all"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "all").iterdir()) == ["a.notes.html", "b.notes.html"]
