"""Templates from outlines and courses run sandboxed: no escapes, no files, no huge values.

Every case is a slide whose title, bullet or notes holds the expression; the error
must name the outline file and the line the expression is on, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from alliance_slides.cli import cli
from alliance_slides.errors import Location, TemplateError
from alliance_slides.templating.environment import Renderer

# (case, expression, what the message must say)
ESCAPES = [
    (
        "mro",
        "{{ ''.__class__.__mro__ }}",
        "access to attribute '__class__' of 'str' object is unsafe",
    ),
    (
        "globals",
        "{{ cycler.__init__.__globals__ }}",
        "access to attribute '__init__' of 'type' object is unsafe",
    ),
    ("lipsum", "{{ lipsum.__globals__ }}", "'__globals__'"),
    ("format", "{{ '{0.__class__}'.format(1) }}", "access to attribute '__class__'"),
    ("include", "{% include '/etc/passwd' %}", "'{% include %}' cannot be used in outline text"),
    ("import", "{% import '../x' as x %}", "'{% import %}' cannot be used in outline text"),
    ("from", "{% from 'notes.md.j2' import x %}", "'{% from ... import %}' cannot be used"),
    ("extends", "{% extends 'notes.md.j2' %}", "'{% extends %}' cannot be used in outline text"),
    ("undefined", "{{ nope }}", "undefined in template: 'nope' is undefined"),
    ("undefined attribute", "{{ course.nope }}", "course.nope is undefined: this outline is built"),
    ("string repeat", "{{ 'x' * 10 ** 12 }}", "'*' would make 1,000,000,000,000 characters"),
    ("power", "{{ 9 ** (9 ** 9) }}", "'**' would make a number of more than 100,000 digits"),
    ("printf width", "{{ '%0999999999d' % 1 }}", "format '%0999999999' would make"),
    ("format width", "{{ '{:>999999999}'.format(1) }}", "format() would make 999,999,999"),
    ("filter width", "{{ 'x' | center(999999999) }}", "'center' takes numbers up to 100,000"),
    ("range", "{{ range(10 ** 9) | list }}", "Range too big"),
    (
        "long output",
        "{% for i in range(99999) %}{{ 'xyz' * 9 }}{% endfor %}",
        "renders to more than 100,000 characters (MAX_STRING_LENGTH)",
    ),
    ("recursion", "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "RecursionError"),
    (
        "namespace doubling",
        "{% set ns = namespace(s='x') %}"
        "{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
        "'~' would make 16,777,216 characters more, past the 33,554,432 one template may build",
    ),
    (
        "plus doubling",
        "{% set ns = namespace(s='x') %}"
        "{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}{% endfor %}",
        "'+' would make 33,554,432 characters or items; the limit is 16,777,216",
    ),
    (
        "list doubling",
        "{% set l = ['x'] %}{% for i in range(40) %}{{ l.append(l | join) or '' }}{% endfor %}",
        "access to attribute 'append' of 'list' object is unsafe",
    ),
    (
        "replace filter",
        "{{ ('x' * 100000) | replace('', 'y' * 100000) }}",
        "replace would make 10,000,200,000 characters",
    ),
    (
        "replace method",
        "{{ ('x' * 100000).replace('', 'y' * 100000) }}",
        "replace would make 10,000,200,000 characters",
    ),
    ("control character", "{{ '%c' % 11 }}", "renders character U+000B, which a deck cannot"),
    (  # Jinja2's truncate asserts its arguments: an AssertionError was an "internal error"
        "truncate assertion",
        "{{ 'abcdef' | truncate(0) }}",
        "template error: AssertionError: expected length >= 3, got 0",
    ),
]


@pytest.mark.parametrize(("case", "expression", "message"), ESCAPES, ids=[e[0] for e in ESCAPES])
@pytest.mark.parametrize("field", ["title", "bullets", "notes"])
def test_template_escapes_fail_at_the_slides_line(
    write: Callable[[str, str], Path],
    tmp_path: Path,
    case: str,
    expression: str,
    message: str,
    field: str,
) -> None:
    quoted = "'" + expression.replace("'", "''") + "'"
    value = {"title": quoted, "bullets": f"[plain, {quoted}]", "notes": quoted}[field]
    title = "Fine" if field != "title" else value
    lines = ["title: Sandbox", "slides:", "  - title: First", f"  - title: {title}"]
    if field != "title":
        lines.append(f"    {field}: {value}")
    write("s.yaml", "\n".join(lines) + "\n")
    result = CliRunner().invoke(cli, ["build", "s.yaml", "-o", "out"])
    assert result.exit_code == 1, result.output
    (line,) = result.output.strip().splitlines()
    where = "s.yaml:4:" if field == "title" else "s.yaml:5:"
    assert line.startswith(where), line
    assert ": slide 2: " in line
    assert message in line, line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.yaml"]


def test_an_error_on_a_later_line_of_a_block_points_at_that_line(
    write: Callable[[str, str], Path],
) -> None:
    write(
        "block.yaml",
        """
        title: T
        slides:
          - title: A
            notes: |
              fine
              still fine
              {% include 'notes.md.j2' %}
        """,
    )
    result = CliRunner().invoke(cli, ["validate", "block.yaml"])
    assert result.exit_code == 1
    assert result.output.startswith("block.yaml:7:7: slide 1: not allowed in templates: '{% inc")


def test_notes_templates_cannot_reach_files_outside_their_folders(
    write: Callable[[str, str], Path],
) -> None:
    write("secret.txt", "the secret\n")
    write("course/tpl/notes.md.j2", "{% include '../secret.txt' %}\n")
    write("course/lecture.yaml", "title: T\nslides:\n  - {title: A}\n")
    write("course/c.yaml", "templates: tpl\nlectures: [{outline: lecture.yaml}]\n")
    for name in ("../secret.txt", "/etc/passwd"):
        write("course/tpl/notes.md.j2", "{% include '" + name + "' %}\n")
        result = CliRunner().invoke(cli, ["notes", "course/c.yaml"])
        assert result.exit_code == 1, result.output
        assert "template not found" in result.output
        assert "the secret" not in result.output and "root:" not in result.output


def test_what_the_sandbox_allows_still_renders() -> None:
    renderer = Renderer()
    where = Location("x.yaml", 3, 5)
    context = {"lecture": {"title": "Postwar", "number": 2}, "course": {}, "vars": {}}
    text = (
        "{{ lecture.title | upper }} {{ '%03d' % lecture.number }} {{ 'ab' * 3 }} "
        "{{ 2 ** 10 }} {{ '{:>5}'.format('x') }} {{ 'a b' | center(7) }}| "
        "{{ 'a' + 'b' }} {{ [1] + [2] }} "
        "{{ 'ab' | replace('a', 'x') }} {{ 'ab'.replace('b', 'y') }} "
        "{% set ns = namespace(n=0) %}{% for i in range(4) %}{% set ns.n = ns.n + i %}{% endfor %}"
        "{{ ns.n }}"
    )
    assert renderer.render_string(text, context, where) == (
        "POSTWAR 002 ababab 1024     x   a b  | ab [1, 2] xb ay 6"
    )


def test_rendered_text_is_bounded_in_total() -> None:
    renderer = Renderer()
    where = Location("x.yaml", 3, 5)
    text = "{{ 'x' * 100000 }}"
    with pytest.raises(TemplateError, match=r"x.yaml:3:5: .*MAX_RENDERED_TEXT"):
        for _ in range(200):
            renderer.render_string(text, {}, where)


def test_a_notes_template_symlinked_out_of_its_folder_is_refused(
    write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    secret = write("secret.txt", "the secret\n")
    write("course/tpl/notes.md.j2", "{% include 'key.txt' %}\n")
    (tmp_path / "course" / "tpl" / "key.txt").symlink_to(secret)
    write("course/lecture.yaml", "title: T\nslides:\n  - {title: A}\n")
    write("course/c.yaml", "templates: tpl\nlectures: [{outline: lecture.yaml}]\n")
    result = CliRunner().invoke(cli, ["notes", "course/c.yaml"])
    assert result.exit_code == 1, result.output
    assert "template 'key.txt' resolves to" in result.output
    assert "outside its folder" in result.output
    assert "the secret" not in result.output


@pytest.mark.parametrize(
    "template",
    [
        "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
        "{% macro m(n) %}{% if n %}{{ m(n - 1) }}{{ m(n - 1) }}{% endif %}{% endmacro %}"
        "{{ m(40) }}",
    ],
    ids=["nested loops", "doubling recursion"],
)
def test_a_template_that_would_run_for_hours_stops_at_the_time_limit(
    monkeypatch: pytest.MonkeyPatch, template: str
) -> None:
    monkeypatch.setattr("alliance_slides.limits.MAX_RENDER_SECONDS", 0.2)
    where = Location("x.yaml", 3, 5)
    expected = r"^x.yaml:3:5: .*more than 0.2 s \(MAX_RENDER_SECONDS\)"
    with pytest.raises(TemplateError, match=expected):
        Renderer().render_string(template, {}, where)
    assert Renderer().render_string("{{ 1 + 1 }}", {}, where) == "2", "the timer is gone"


def test_a_notes_template_that_runs_too_long_is_an_error_at_its_file(
    monkeypatch: pytest.MonkeyPatch, write: Callable[[str, str], Path]
) -> None:
    monkeypatch.setattr("alliance_slides.limits.MAX_RENDER_SECONDS", 0.2)
    write("o.yaml", "title: T\nslides:\n  - {title: A, bullets: [a]}\n")
    write(
        "slow/notes.md.j2",
        "head\n{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}\n",
    )
    result = CliRunner().invoke(cli, ["notes", "o.yaml", "--templates", "slow"])
    assert result.exit_code == 1
    assert result.output.startswith(
        "slow/notes.md.j2:2:1: not allowed in templates: rendering took"
    )


@pytest.mark.parametrize(
    ("body", "line", "code"),
    [
        ('{{ "\\ud800" }}', 2, "U+D800"),  # a lone surrogate: UTF-8 cannot encode it
        ("{{ 'a' ~ '\\x1b[2J' }}", 2, "U+001B"),  # a terminal escape
        ("{% filter replace('a', '\\ufffe') %}a{% endfilter %}", 1, "U+FFFE"),  # no finalize
    ],
    ids=["surrogate", "escape", "filter block"],
)
@pytest.mark.parametrize("command", ["notes", "handout"])
def test_a_character_no_file_can_hold_from_a_notes_or_handout_template_is_located(
    write: Callable[[str, str], Path], tmp_path: Path, body: str, line: int, code: str, command: str
) -> None:
    write("o.yaml", "title: T\nslides:\n  - {title: A}\n")
    name = "notes.md.j2" if command == "notes" else "handout.html.j2"
    write(f"tpl/{name}", f"first line\n{body}\n")
    args = [command, "o.yaml", "--templates", "tpl", "-o", "out"]
    result = CliRunner().invoke(cli, [*args, *(["--format", "md"] if command == "notes" else [])])
    assert result.exit_code == 1, result.output
    where = f"tpl/{name}:{line}:1: " if line > 1 else f"tpl/{name}"
    (message,) = result.output.splitlines()
    assert message.startswith(where), message
    assert f"renders character {code}, which a deck cannot hold" in message
    assert not (tmp_path / "out").exists()


def test_a_notes_template_printing_too_much_is_an_error_at_the_line_that_printed_it(
    write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    write("o.yaml", "title: T\nslides:\n  - {title: A}\n")
    write("tpl/notes.md.j2", "# T\n\n{% for i in range(1000) %}{{ 'x' * 100000 }}{% endfor %}\n")
    result = CliRunner().invoke(cli, ["notes", "o.yaml", "--templates", "tpl", "-o", "n.md"])
    assert result.exit_code == 1, result.output
    assert result.output == (
        "tpl/notes.md.j2:3:1: not allowed in templates: renders to more than 16,777,216 "
        "characters (MAX_FILE_BYTES)\n"
    )
    assert not (tmp_path / "n.md").exists()


def test_a_notes_template_that_is_not_utf8_is_an_error_at_its_byte(
    write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    write("o.yaml", "title: T\nslides:\n  - {title: A}\n")
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "notes.md.j2").write_bytes(b"ok\ncaf\xe9 {{ lecture.title }}\n")
    result = CliRunner().invoke(cli, ["notes", "o.yaml", "--templates", "tpl"])
    assert result.exit_code == 1
    assert result.output == (
        "tpl/notes.md.j2:2:4: not UTF-8 text (byte 0xe9); save the file as UTF-8\n"
    )


def test_blocks_nested_deeper_than_python_compiles_are_an_error_at_their_place(
    write: Callable[[str, str], Path],
) -> None:
    """Jinja2 makes a Python block per loop: past 20, Python's compiler refuses the code."""
    nested = "{% for a in [1] %}" * 25 + "x" + "{% endfor %}" * 25
    write("s.yaml", f"title: T\nslides:\n  - title: A\n    notes: Say.\n  - title: '{nested}'\n")
    result = CliRunner().invoke(cli, ["build", "s.yaml", "-o", "out"])
    assert result.exit_code == 1
    assert result.output == (
        "s.yaml:5:12: slide 2: template too deeply nested to run (too many statically nested "
        "blocks): Python allows 20 nested {% for %}/{% if %}/{% macro %} blocks at most; "
        "nest fewer\n"
    )
    write("s.yaml", "title: T\nslides:\n  - title: A\n    notes: Say.\n")
    write("t/notes.md.j2", "Notes\n" + nested + "\n")
    result = CliRunner().invoke(cli, ["notes", "s.yaml", "--templates", "t", "--format", "md"])
    assert result.exit_code == 1
    assert result.output.startswith("t/notes.md.j2:1:1: template too deeply nested"), result.output


@pytest.mark.parametrize(
    "test",
    [
        "ns.a == ns.b",
        "ns.a != ns.b",
        "ns.a < ns.b",
        "ns.a in [ns.b]",
        "[1] == ns.a",
        "([ns.a, ns.b] | sort) | length",
        "([ns.a, ns.b] | unique | list) | length",
        "([ns.a, ns.b] | max) | length",
        "ns.a is eq ns.b",
        "[ns.a] | select('eq', ns.b) | list | length",
    ],
)
def test_comparing_lists_that_share_their_items_deeply_is_refused_not_run_for_hours(
    test: str,
) -> None:
    """Forty [a, a] make 2**40 items by reference; == compares them in C, past the timer."""
    template = (
        "{% set ns = namespace(a=[], b=[]) %}{% for i in range(40) %}"
        "{% set ns.a = [ns.a, ns.a] %}{% set ns.b = [ns.b, ns.b] %}{% endfor %}"
        f"{{{{ {test} }}}}"
    )
    where = Location("x.yaml", 3, 5)
    with pytest.raises(
        TemplateError,
        match=r"^x.yaml:3:5: .*comparing a value that prints as "
        r"more than 1,000,000 characters",
    ):
        Renderer().render_string(template, {}, where)
    assert Renderer().render_string("{{ [1, [2]] == [1, [2]] }}", {}, where) == "True"
    assert Renderer().render_string("{{ [3, 1, 2] | sort | join }}", {}, where) == "123"
    assert Renderer().render_string("{{ {(1, 2): 3}[(1, 2)] }}", {}, where) == "3"
    assert Renderer().render_string("{{ [1, 2] | select('lt', 2) | list }}", {}, where) == "[1]"


def test_a_lecture_s_templates_together_stop_at_the_total_time_limit(
    monkeypatch: pytest.MonkeyPatch, write: Callable[[str, str], Path]
) -> None:
    """Each slide's title stays under the limit of one render; together they do not."""
    monkeypatch.setattr("alliance_slides.limits.MAX_RENDER_SECONDS", 0.3)
    monkeypatch.setattr("alliance_slides.limits.MAX_TOTAL_RENDER_SECONDS", 0.5)
    slow = "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}"
    slides = "".join(f"  - title: '{slow}'\n" for _ in range(4))
    write("o.yaml", f"title: T\nslides:\n{slides}")
    result = CliRunner().invoke(cli, ["build", "o.yaml", "-o", "out"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[-1] == (
        "o.yaml:6:12: slide 4: not allowed in templates: rendering this lecture's templates "
        "took more than 0.5 s in all (MAX_TOTAL_RENDER_SECONDS)"
    ), lines


def test_a_dict_key_that_shares_its_items_deeply_is_refused_before_it_is_hashed() -> None:
    """A tuple's hash visits every item: forty (t, t) are 2**40 of them, in C."""
    template = (
        "{% set ns = namespace(t=()) %}{% for i in range(40) %}"
        "{% set ns.t = (ns.t, ns.t) %}{% endfor %}{{ {ns.t: 1} | length }}"
    )
    where = Location("x.yaml", 3, 5)
    with pytest.raises(TemplateError, match=r"comparing a value that prints as more than"):
        Renderer().render_string(template, {}, where)
