"""Generated warnings' text and templates' expressions: one escaped line, bounded memory.

Two families the first round of property tests did not draw:

- text that reaches a warning or an error (titles, bullets, keys) made of line breaks,
  carriage returns, NEL, U+2028/2029, bidirectional controls and forged
  ``FILE:LINE:COL: error:`` prefixes: whatever the command prints, every line is one of
  its own, with those characters escaped;
- Jinja2 expressions built from literals, the context, every operator, filter and text
  method, nested, in outline strings and in notes templates: each renders or ends in
  one located error of our own, and the process's peak memory stays bounded.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from alliance_slides import limits
from alliance_slides.build import prepare, speaker_notes
from alliance_slides.cli import cli
from alliance_slides.errors import AllianceError
from conftest import assert_valid_deck

pytestmark = pytest.mark.slow

SCALE = float(os.environ.get("HOSTILE_SCALE", "1"))
SETTINGS: dict[str, Any] = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    "database": None,
}


def examples(count: int) -> int:
    return max(int(count * SCALE), 1)


#: What may not reach a terminal raw (see tests/test_escaping.py).
RAW = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)
#: One line of output: a located problem or warning, or a progress line.
LINE = re.compile(
    r"^(?:[^:\n]+(?::\d+(?::\d+)?)?: (?:warning: )?\S.*|wrote .+|unchanged .+|.+: ok .+)$"
)

#: Characters a YAML string may hold that a terminal must not see raw.
SNEAKY = [
    *("\n", "\r", "\x85", "\u2028", "\u2029", "\t"),
    *("\u202e", "\u202d", "\u2066", "\u2067", "\u2069", "\u200e", "\u200f", "\u061c"),
]
sneaky_text = st.lists(
    st.one_of(
        st.sampled_from(SNEAKY),
        st.sampled_from(["FAKE.yaml:1:1: error: ", "gnp.exe", "wrote x.pptx", "a", "日本"]),
        st.text(st.characters(exclude_categories=("Cs", "Cc", "Co", "Cn")), max_size=5),
    ),
    min_size=1,
    max_size=8,
).map("".join)


def dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


def printed(output: str) -> list[str]:
    assert output.endswith("\n") or output == "", repr(output)
    lines = output.split("\n")[:-1]
    for line in lines:
        assert not RAW.search(line), repr(line)
        assert LINE.match(line), repr(line)
    return lines


@settings(max_examples=examples(150), **SETTINGS)
@given(title=sneaky_text, bullet=sneaky_text, key=sneaky_text, build=st.booleans())
def test_warnings_and_errors_print_sneaky_text_escaped_one_line_each(
    folder: Path, title: str, bullet: str, key: str, build: bool
) -> None:
    # Two slides with the same title: a warning quoting it. Sometimes an unknown field
    # named by the generated key: an error quoting that.
    slides: list[dict[str, Any]] = [
        {"title": title, "bullets": [bullet]},
        {"title": title, "bullets": [{bullet: [bullet]}]},
    ]
    if not build:
        slides[1][key] = 1
    path = folder / "sneaky.yaml"
    path.write_text(dump({"title": title, "slides": slides}), encoding="utf-8")
    args = ["build", str(path), "-o", str(folder / "out")] if build else ["validate", str(path)]
    result = CliRunner().invoke(cli, args)
    lines = printed(result.output)
    event(f"exit {result.exit_code}")
    assert result.exit_code in (0, 1), result.output
    if result.exit_code == 0 and build:
        assert any(": warning: " in line for line in lines), lines
        assert_valid_deck(folder / "out" / "sneaky.pptx")


#: Expressions' leaves: numbers small and large, text short and long, the context.
ATOMS = [
    "0", "1", "2", "7", "-3", "100000", "10 ** 6", "99999999", "2 ** 64", "0.5",
    "'x'", "''", "'ab\\ncd'", "'%s'", "'{0}'", "'{0:>9}'", "'\\t'", "'\\x1b'", "'\\ud800'",
    "'x' * 100000", "'a\\n' * 50000", "[1, 2, 3]", "['x' * 100000] * 100", "range(10)",
    "range(100000)", "{'a': 'b'}", "none", "true", "lecture.title", "lecture.number",
    "lecture", "slide.number", "vars", "course", "course.code", "lipsum(2)",
]
FILTERS = [
    "center", "indent", "format", "join", "replace", "wordwrap", "truncate", "list", "batch",
    "slice", "sum", "string", "upper", "title", "escape", "urlize", "urlencode", "tojson",
    "pprint", "xmlattr", "sort", "unique", "reverse", "first", "last", "length", "default",
    "trim", "striptags", "wordcount", "int", "float", "round", "abs", "dictsort", "items",
    "map", "select", "groupby", "date", "num",
]
METHODS = [
    "center", "ljust", "rjust", "zfill", "expandtabs", "replace", "join", "split", "format",
    "upper", "translate", "encode", "strip", "splitlines", "partition", "to_bytes", "copy",
    "keys", "items", "strftime",
]
OPERATORS = ["~", "+", "*", "%", "**", "//", "-", "==", "in", "and", "or"]


def _binary(t: tuple[str, str, str]) -> str:
    return f"({t[0]} {t[1]} {t[2]})"


def _filtered(t: tuple[str, str, str]) -> str:
    return f"({t[0]} | {t[1]}({t[2]}))"


def _called(t: tuple[str, str, str]) -> str:
    return f"({t[0]}).{t[1]}({t[2]})"


def _extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    args = st.lists(inner, max_size=2).map(", ".join)
    return st.one_of(
        st.tuples(inner, st.sampled_from(OPERATORS), inner).map(_binary),
        st.tuples(inner, st.sampled_from(FILTERS), args).map(_filtered),
        st.tuples(inner, st.sampled_from(METHODS), args).map(_called),
        st.lists(inner, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.tuples(inner, inner).map(lambda t: f"({t[0]})[{t[1]}]"),
    )


expressions = st.recursive(st.sampled_from(ATOMS), _extend, max_leaves=6)
templates = st.one_of(
    expressions.map(lambda e: "{{ " + e + " }}"),
    st.tuples(expressions, expressions).map(
        lambda t: "{% set x = " + t[0] + " %}{{ x ~ x }}{{ " + t[1] + " }}"
    ),
    st.tuples(st.sampled_from(["3", "1000", "100000"]), expressions).map(
        lambda t: "{% for i in range(" + t[0] + ") %}{{ " + t[1] + " }}{% endfor %}"
    ),
    st.tuples(st.sampled_from(["3", "100000"]), expressions).map(
        lambda t: "{% macro m() %}{% for i in range(" + t[0] + ") %}{{ " + t[1]
        + " }}{% endfor %}{% endmacro %}{{ m() ~ m() }}"
    ),
    st.tuples(expressions, expressions).map(
        lambda t: "{% set ns = namespace(v=" + t[0] + ") %}{% for i in range(30) %}"
        "{% set ns.v = ns.v ~ " + t[1] + " %}{% endfor %}{{ ns.v | length }}"
    ),
)


def _peak_kib() -> int:
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1))  # type: ignore[union-attr]


def _rss_kib() -> int:
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))  # type: ignore[union-attr]


def ends_in_one_located_line(run: Any) -> None:
    try:
        run()
    except AllianceError as e:
        (problem,) = e.problems
        assert problem.location.line > 0, problem
        assert "\n" not in str(problem) and not RAW.search(str(problem)), str(problem)
        assert "internal error" not in str(problem)
        event("refused")
        return
    event("rendered")


needs_proc = pytest.mark.skipif(
    not Path("/proc/self/clear_refs").exists(), reason="resets and reads peak memory (Linux)"
)


@needs_proc
@settings(max_examples=examples(300), **SETTINGS)
@given(template=templates, where=st.sampled_from(["title", "notes", "template"]))
def test_generated_template_expressions_render_or_fail_in_one_line_in_bounded_memory(
    folder: Path, monkeypatch: pytest.MonkeyPatch, template: str, where: str
) -> None:
    monkeypatch.setattr(limits, "MAX_RENDER_SECONDS", 2.0)
    Path("/proc/self/clear_refs").write_text("5")
    before = _rss_kib()
    outline = {"title": "T", "slides": [{"title": "A", "bullets": ["b"]}]}
    if where != "template":
        outline["slides"][0][where] = template  # type: ignore[index]
    path = folder / "expr.yaml"
    path.write_text(dump(outline), encoding="utf-8")
    tpl = folder / "tpl"
    tpl.mkdir(exist_ok=True)
    (tpl / "notes.md.j2").write_text(template if where == "template" else "{{ lecture.title }}")
    if where == "template":
        ends_in_one_located_line(lambda: speaker_notes(path, "md", tpl))
    else:
        ends_in_one_located_line(lambda: prepare(path))
    grew = _peak_kib() - before
    assert grew < 400 * 1024, (template, f"{grew // 1024} MiB")


def test_the_expression_grammar_reaches_every_operator_filter_and_method() -> None:
    text = json.dumps([OPERATORS, FILTERS, METHODS])
    for name in ("~", "join", "indent", "format", "center", "wordwrap", "list", "replace"):
        assert f'"{name}"' in text
