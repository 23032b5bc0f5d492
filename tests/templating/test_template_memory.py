"""What a template builds is bounded before it is built: no expression takes 500 MB.

Each case is a short template (most under 200 characters) that Jinja2 alone would turn
into gigabytes: an operator, a filter, a method, a printed list, or a loop collecting
pieces in a block or a macro. Each is rendered in a process of its own making (under a
2 GiB address-space limit, so that a regression fails fast instead of swapping); its
peak resident memory is read from the kernel (``VmHWM``, reset before each case), and it
must end in one located error naming the limit that stopped it.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from alliance_slides.cli import cli

BIG = "{% set big = 'x' * 100000 %}"
#: A list whose every item is one pair of lists: 2**500 paths, printed or dumped.
SHARED = "{% set ns = namespace(l=1) %}{% for i in range(500) %}{% set ns.l = [ns.l, ns.l] %}"
SHARED += "{% endfor %}"
BUILD = r"MAX_TEMPLATE_BUILD"

# (case, template, what the error must say)
FAST: list[tuple[str, str, str]] = [
    (
        "~ chain (the issue's 250 characters, 4 GB)",
        "{% set a = 'x' * 100000 %}{% set b = a ~ a ~ a ~ a ~ a ~ a ~ a ~ a %}"
        "{% set c = b ~ b ~ b ~ b ~ b ~ b ~ b ~ b %}{% set d = c ~ c ~ c ~ c ~ c ~ c ~ c ~ c %}"
        "{% set e = d ~ d ~ d ~ d ~ d ~ d ~ d ~ d %}{{ e | length }}",
        r"'~' would make .* characters .*MAX_TEMPLATE_BUILD",
    ),
    ("{% set %} in a loop", BIG + "{% for i in range(100000) %}{% set x = big ~ i %}{% endfor %}",
     r"'~' would make"),
    ("join filter", "{{ (['a' * 100000] * 30000) | join }}", r"filter 'join' would make"),
    ("join method", BIG + "{{ ''.join([big] * 30000) | length }}", r"'join\(\)' would make"),
    ("indent", "{{ ('a\\n' * 50000) | indent(60000) | length }}", r"filter 'indent' would make"),
    ("indent by text", BIG + "{{ ('a\\n' * 50000) | indent(big) | length }}",
     r"filter 'indent' would make"),
    ("format filter", BIG + "{{ ('%s' * 30000) | format(*([big] * 30000)) | length }}",
     r"filter 'format' would make"),
    ("% operator", "{{ '%s' * 30000 % (('x' * 100000,) * 30000) }}", r"'%' would make"),
    ("str.format", BIG + "{{ ('{0}' * 30000).format(big) | length }}", r"format\(\) would make"),
    ("format_map", BIG + "{{ ('{a}' * 30000).format_map({'a': big}) | length }}",
     r"format\(\) would make"),
    ("a printed list", BIG + "{{ [[big] * 1000] * 1000 }}", r"printing a value would make"),
    ("string filter", BIG + "{{ ([[big] * 1000] * 1000) | string | length }}",
     r"filter 'string' would make"),
    ("a printed namespace", BIG + "{% set ns = namespace(a=[big] * 100000) %}{{ ns }}",
     r"printing a value would make"),
    ("replace filter", "{{ ('x' * 100000) | replace('x', 'y' * 1000) | length }}",
     r"replace would make 100,000,000"),
    ("center in a macro loop",
     "{% macro m() %}{% for i in range(100000) %}{{ 'x' | center(100000) }}{% endfor %}"
     "{% endmacro %}{{ m() | length }}", r"a macro or block would make"),
    ("caller in a loop",
     "{% macro m() %}{% for i in range(100000) %}{{ caller() }}{% endfor %}{% endmacro %}"
     "{% call m() %}{{ 'y' * 100000 }}{% endcall %}", r"a macro or block would make"),
    ("wordwrap", BIG + "{{ ('a ' * 50000) | wordwrap(1, wrapstring=big) | length }}",
     r"filter 'wordwrap' would make"),
    ("list + list", "{% set ns = namespace(l=[1]) %}"
     "{% for i in range(40) %}{% set ns.l = ns.l + ns.l %}{% endfor %}", r"'\+' would make"),
    ("int * int", "{% set ns = namespace(n=2 ** 100000) %}"
     "{% for i in range(30) %}{% set ns.n = ns.n * ns.n %}{% endfor %}",
     r"'\*' would make a number of more than 100,000 digits"),
    ("tojson indent", SHARED + "{{ ns.l | tojson(100000) | length }}",
     r"filter 'tojson' would make"),
    ("urlize target", BIG + "{{ ('a.com ' * 10000) | urlize(target=big) | length }}",
     r"filter 'urlize' would make"),
    ("batch", "{{ [1] | batch(10 ** 8, 'x') | list | length }}", r"filter 'batch' would make"),
    ("slice", "{{ [1] | slice(10 ** 7) | list | length }}", r"filter 'slice' would make"),
    ("sum of lists", "{{ ([[1] * 100000] * 1000) | sum(start=[]) | length }}",
     r"filter 'sum' would make"),
    ("to_bytes", "{{ (1).to_bytes(10 ** 9, 'big') | length }}", r"'to_bytes\(\)' would make"),
    ("expandtabs", "{{ ('\\t' * 100000).expandtabs(100000) | length }}",
     r"'expandtabs\(\)' would make"),
    ("ljust", "{{ 'x'.ljust(10 ** 9) | length }}", r"'ljust\(\)' would make"),
    ("zfill", "{{ 'x'.zfill(10 ** 9) | length }}", r"'zfill\(\)' would make"),
    ("translate", BIG + "{{ ('a' * 100000).translate({97: big}) | length }}",
     r"'translate\(\)' would make"),
    ("dict.fromkeys printed", BIG + "{{ {}.fromkeys(range(100000), big) }}",
     r"printing a value would make"),
    ("map a filter", "{{ range(100000) | map('center', 100000) | join | length }}",
     r"filter 'center' would make"),
    ("a list grown in place", "{% set l = [] %}{% for i in range(99) %}{{ l.append(l) }}"
     "{% endfor %}", r"access to attribute 'append' of 'list' object is unsafe"),
]
SLOW: list[tuple[str, str, str]] = [
    ("text collected by a macro",
     "{% macro m() %}{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}"
     "{% endfor %}{% endmacro %}{{ m() | length }}", r"a macro or block would make"),
    ("numbers collected by {% set %}",
     "{% set s %}{% for i in range(100000) %}{% for j in range(100000) %}{{ j }}{% endfor %}"
     "{% endfor %}{% endset %}{{ s | length }}", r"a macro or block would make"),
    ("{% filter %} block",
     "{% filter upper %}{% for i in range(100000) %}{% for j in range(100000) %}ab{% endfor %}"
     "{% endfor %}{% endfilter %}", r"a macro or block would make"),
    ("pprint", SHARED + "{{ ns.l | pprint | length }}", r"filter 'pprint' would make"),
    ("lipsum", "{% for i in range(100) %}{{ lipsum(1000, max=1000) | length }}{% endfor %}",
     r"lipsum\(\) would make"),
]

#: Renders each template given as JSON on stdin, one process for all, and prints for each
#: its error (or output) and its peak resident memory; VmHWM is reset before each case.
PROBE = textwrap.dedent(
    """
    import json, re, resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
    from alliance_slides.errors import Location, TemplateError
    from alliance_slides.templating.environment import Renderer

    def peak():
        status = open("/proc/self/status").read()
        return int(re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1))

    for name, template in json.load(sys.stdin):
        open("/proc/self/clear_refs", "w").write("5")
        try:
            out = Renderer().render_string(template, {}, Location("t.yaml", 4, 12))
            said = "rendered " + out[:80]
        except TemplateError as e:
            said = str(e)
        except BaseException as e:
            said = f"{type(e).__name__}: {e}"
        print(json.dumps([name, said, peak()]), flush=True)
    """
)

needs_proc = pytest.mark.skipif(
    not Path("/proc/self/clear_refs").exists(), reason="reads and resets /proc peaks (Linux)"
)


def _probe(cases: list[tuple[str, str, str]]) -> dict[str, tuple[str, int]]:
    run = subprocess.run(
        [sys.executable, "-c", PROBE],
        input=json.dumps([[name, template] for name, template, _ in cases]),
        capture_output=True,
        text=True,
        timeout=600,
    )
    results = {}
    for line in run.stdout.splitlines():
        name, said, peak_kib = json.loads(line)
        results[name] = (said, peak_kib)
    assert len(results) == len(cases), run.stdout + run.stderr
    return results


def _check(cases: list[tuple[str, str, str]]) -> None:
    results = _probe(cases)
    for name, _, expected in cases:
        said, peak_kib = results[name]
        print(f"{name}: {peak_kib // 1024} MiB peak: {said}")
        assert said.startswith("t.yaml:4:12: "), (name, said)
        assert "\n" not in said
        assert re.search(expected, said), (name, said)
        assert peak_kib < 500 * 1024, (name, f"{peak_kib // 1024} MiB")


@needs_proc
def test_templates_that_would_build_gigabytes_stop_early_in_little_memory() -> None:
    _check(FAST)


@needs_proc
@pytest.mark.slow
def test_loops_collecting_pieces_stop_at_the_build_limit_in_little_memory() -> None:
    _check(SLOW)


def test_every_case_is_short() -> None:
    for name, template, _ in FAST + SLOW:
        assert len(template) < 300, name


#: The issue's cases through the real command, each in its own process: a slide title,
#: a notes template and a handout template. Prints the exit code and peak memory.
CLI_PROBE = textwrap.dedent(
    """
    import re, resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
    from alliance_slides.cli import cli
    try:
        cli(sys.argv[1:])
    except SystemExit as e:
        code = e.code
    status = open("/proc/self/status").read()
    print(code, re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1))
    """
)


@needs_proc
@pytest.mark.parametrize(
    ("command", "where"),
    [
        (["build", "o.yaml", "-o", "out"], "o.yaml:3:12: slide 1: not allowed in templates: "),
        (["notes", "o.yaml", "--templates", "tpl"], "tpl/notes.md.j2:2:1: not allowed in "),
        (["handout", "o.yaml", "--templates", "tpl", "-o", "out"], "tpl/handout.html.j2:2:1: "),
    ],
    ids=["title", "notes", "handout"],
)
def test_the_command_refuses_a_huge_template_in_one_line_and_little_memory(
    tmp_path: Path, command: list[str], where: str
) -> None:
    title = "{{ (['a' * 100000] * 30000) | join }}" if command[0] == "build" else "A"
    (tmp_path / "o.yaml").write_text(f"title: T\nslides:\n  - title: \"{title}\"\n")
    (tmp_path / "tpl").mkdir()
    for name in ("notes.md.j2", "handout.html.j2"):
        (tmp_path / "tpl" / name).write_text("A\n{{ ('a\\n' * 50000) | indent(60000) }}\n")
    run = subprocess.run(
        [sys.executable, "-c", CLI_PROBE, *command],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    code, peak_kib = run.stdout.split()[-2:]
    assert code == "1", run.stdout + run.stderr
    (line,) = run.stderr.splitlines()
    assert line.startswith(where), line
    assert "MAX_TEMPLATE_BUILD" in line
    assert int(peak_kib) < 500 * 1024, f"{int(peak_kib) // 1024} MiB"
    assert not (tmp_path / "out").exists()


@needs_proc
def test_the_operating_system_backs_the_budget_up() -> None:
    # What no prediction covers cannot grow the process past MAX_TEMPLATE_MEMORY either.
    probe = textwrap.dedent(
        """
        from alliance_slides.templating.budget import memory_limit
        with memory_limit(64 << 20):
            try:
                x = "x" * (200 << 20)
                print("allocated")
            except MemoryError:
                print("refused")
        x = "x" * (200 << 20)  # and the limit is lifted afterwards
        print("after", len(x) >> 20)
        """
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert run.stdout.split() == ["refused", "after", "200"], run.stdout + run.stderr


def test_a_template_still_builds_what_a_course_needs(tmp_path: Path) -> None:
    # A notes template looping over every slide, joining, indenting and formatting.
    slides = "\n".join(
        f"  - title: Slide {n}\n    bullets: [one, two]\n    notes: {'Word ' * 200}"
        for n in range(60)
    )
    (tmp_path / "o.yaml").write_text(f"title: T\nduration: 600\nslides:\n{slides}\n")
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "notes.md.j2").write_text(
        "{% set ns = namespace(all='') %}"
        "{% for s in slides %}{% set ns.all = ns.all ~ s.notes ~ '\\n' %}"
        "{{ '%-3d' | format(s.number) }} {{ s.title | upper | center(40) }}\n"
        "{{ s.notes | wordwrap(60) | indent(4, first=True) }}\n"
        "{{ s.bullets | map(attribute=1) | join(', ') }}\n{% endfor %}"
        "{{ ns.all | length }} {{ slides | map(attribute='title') | list | tojson | length }}\n"
    )
    result = CliRunner().invoke(cli, ["notes", "o.yaml", "--templates", "tpl"])
    assert result.exit_code == 0, result.output
    assert "    Word Word" in result.output
    assert "one, two" in result.output


@needs_proc
def test_a_tag_that_is_not_text_is_not_made_text(tmp_path: Path) -> None:
    # lecture.includes(tag) made str(tag): a list of long strings became gigabytes.
    title = "{{ lecture.includes(['x' * 100000] * 100000) }}"
    (tmp_path / "o.yaml").write_text(f'title: T\nslides:\n  - title: "{title}"\n')
    run = subprocess.run(
        [sys.executable, "-c", CLI_PROBE, "build", "o.yaml", "-o", "o.pptx"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    code, peak_kib = run.stdout.split()[-2:]
    assert code == "0", run.stdout + run.stderr
    assert int(peak_kib) < 500 * 1024, f"{int(peak_kib) // 1024} MiB"
