"""Hostile and broken files: each ends in exit 1, one located line, and nothing written.

The small cases live in ``tests/hostile/``; the big ones (a 50 MB string, 10,000-deep
nesting, more slides or nodes than the limits allow) are written by the test.
Every case is run through the real command line and must print exactly one line,
``FILE:LINE:COL: message`` (or ``FILE: message`` when no line applies).
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation

from alliance_slides import limits
from alliance_slides.cli import cli
from alliance_slides.errors import InputError
from conftest import REPO

CORPUS = Path(__file__).with_name("hostile")
ONE_LINE = re.compile(r"^(?P<file>[^:]+)(?::(?P<line>\d+):(?P<column>\d+))?: (?P<message>\S.*)$")


def _deep_list(tmp: Path) -> Path:
    path = tmp / "deep-list.yaml"
    path.write_text("title: Deep\nslides: " + "[" * 10_000 + "]" * 10_000 + "\n")
    return path


def _deep_map(tmp: Path) -> Path:
    path = tmp / "deep-map.yaml"
    path.write_text("title: Deep\nslides: [" + "{a: " * 10_000 + "b" + "}" * 10_000 + "]\n")
    return path


def _huge_string(tmp: Path) -> Path:
    path = tmp / "huge-string.yaml"
    with path.open("w") as out:
        out.write("title: '")
        for _ in range(50):
            out.write("x" * 1_000_000)
        out.write("'\nslides: []\n")
    return path


def _long_string(tmp: Path) -> Path:
    path = tmp / "long-string.yaml"
    path.write_text(f"title: T\nslides:\n  - title: {'x' * (limits.MAX_STRING_LENGTH + 1)}\n")
    return path


def _too_deep(tmp: Path) -> Path:
    path = tmp / "too-deep.yaml"
    path.write_text("title: T\nslides: " + "[" * limits.MAX_DEPTH + "]" * limits.MAX_DEPTH + "\n")
    return path


def _many_nodes(tmp: Path) -> Path:
    path = tmp / "many-nodes.yaml"
    path.write_text("title: T\ntags: [" + "a," * limits.MAX_NODES + "]\nslides: []\n")
    return path


def _many_slides(tmp: Path) -> Path:
    path = tmp / "many-slides.yaml"
    slides = ", ".join(["{title: a}"] * (limits.MAX_SLIDES + 1))
    path.write_text(f"title: T\nslides: [{slides}]\n")
    return path


def _directory(tmp: Path) -> Path:
    path = tmp / "folder.yaml"
    path.mkdir()
    return path


def _fifo(tmp: Path) -> Path:
    path = tmp / "pipe.yaml"
    os.mkfifo(path)  # reading it would wait for a writer forever
    return path


def _corpus(name: str) -> Callable[[Path], Path]:
    return lambda tmp: CORPUS / name


# (case, how to get the file, what the one line must say)
CASES: list[tuple[str, Callable[[Path], Path], str]] = [
    ("billion laughs", _corpus("billion-laughs.yaml"), r":\d+:\d+: more than 500,000 YAML nodes"),
    ("10,000-deep list", _deep_list, r":2:\d+: nesting deeper than 64 levels \(MAX_DEPTH\)"),
    ("10,000-deep mapping", _deep_map, r":2:\d+: nesting deeper than 64 levels \(MAX_DEPTH\)"),
    ("50 MB string", _huge_string, r":1:1: file is 50,000,\d+ bytes; the limit is 16,777,216"),
    ("string too long", _long_string, r":3:\d+: string of 100,001 characters.*MAX_STRING_LENGTH"),
    ("too deep", _too_deep, r":2:\d+: nesting deeper than 64 levels"),
    ("too many nodes", _many_nodes, r":2:\d+: more than 500,000 YAML nodes"),
    ("too many slides", _many_slides, r":2:9: 10,001 slides; the limit is 10,000 \(MAX_SLIDES\)"),
    (
        "!!python/object",
        _corpus("python-object.yaml"),
        r":1:8: YAML tag '!!python/object/apply:os.system' is not allowed",
    ),
    ("!!python/name", _corpus("python-name.yaml"), r":3:12: YAML tag '!!python/name:os.system'"),
    ("!!binary", _corpus("binary-tag.yaml"), r":4:12: YAML tag '!!binary' is not allowed"),
    ("!!set", _corpus("set-tag.yaml"), r":2:7: YAML tag '!!set' is not allowed"),
    ("custom tag", _corpus("custom-tag.yaml"), r":2:9: YAML tag '!foo' is not allowed"),
    ("not UTF-8", _corpus("latin1.yaml"), r":1:11: not UTF-8 text \(byte 0xe9\)"),
    # A folder named on the command line is a usage error (exit 2), as a missing file is.
    ("directory", _directory, r": is a folder: give an outline or a course file"),
    ("fifo", _fifo, r":1:1: cannot read: not a regular file"),
    ("/dev/zero", lambda tmp: Path("/dev/zero"), r"^/dev/zero:1:1: cannot read: not a regular"),
    ("/dev/null", lambda tmp: Path("/dev/null"), r"^/dev/null:1:1: cannot read: not a regular"),
    ("empty", _corpus("empty.yaml"), r":1:1: the file is empty; expected an outline"),
    ("top-level list", _corpus("top-level-list.yaml"), r":1:1: expected an outline .* got a list"),
    ("duplicate keys", _corpus("duplicate-keys.yaml"), r":4:1: duplicate key 'title' \(first"),
    ("two documents", _corpus("two-documents.yaml"), r":3:1: more than one YAML document"),
    ("unknown alias", _corpus("unknown-alias.yaml"), r":1:8: unknown alias \*nowhere"),
    ("merge key", _corpus("merge-key.yaml"), r":4:5: merge keys \('<<'\) are not supported"),
    (
        "huge number",
        _corpus("huge-number.yaml"),
        r":2:11: must be at most 1,000,000 \(MAX_NUMBER\), got a number of about 31 digits",
    ),
    ("NaN", _corpus("nan.yaml"), r":3:25: expected a finite number, got nan"),
    (
        "control character",
        _corpus("control-character.yaml"),
        r":3:12: character U\+000B cannot be written to a deck",
    ),
]


def one_line(output: str) -> re.Match[str]:
    """Return the single line the command printed, parsed as FILE:LINE:COL: message."""
    lines = output.strip("\n").splitlines()
    assert len(lines) == 1, output
    match = ONE_LINE.match(lines[0])
    assert match, lines[0]
    assert "Traceback" not in output
    return match


@pytest.mark.parametrize(("case", "make", "expected"), CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("command", ["build", "validate"])
def test_hostile_input_is_one_located_line_exit_1_and_nothing_written(
    tmp_path: Path, case: str, make: Callable[[Path], Path], expected: str, command: str
) -> None:
    path = make(tmp_path)
    before = sorted(tmp_path.iterdir())
    args = [command, str(path), *(["-o", str(tmp_path / "out")] if command == "build" else [])]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == (2 if case == "directory" else 1), result.output
    match = one_line(result.output)
    assert re.search(expected, match.group(0)), match.group(0)
    assert Path(match["file"]).name == path.name
    assert sorted(tmp_path.iterdir()) == before  # no deck, no temporary file
    assert not (tmp_path / "pwned.txt").exists() and not Path("pwned.txt").exists()


def test_a_file_with_a_byte_order_mark_builds(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["build", str(CORPUS / "bom.yaml"), "-o", "out.pptx"])
    assert result.exit_code == 0, result.output
    titles = [s.shapes.title.text for s in Presentation("out.pptx").slides]
    assert titles == ["With a byte order mark", "Still fine"]


# Linux keeps ru_maxrss across exec, so a child forked from a big pytest process would
# report the parent's peak; VmHWM (peak resident memory) starts afresh at exec.
BOMB_PROBE = textwrap.dedent(
    """
    import re, resource, sys, time
    started = time.perf_counter()
    from alliance_slides.cli import cli
    try:
        cli(["build", sys.argv[1], "-o", "out"])
    except SystemExit as e:
        code = e.code
    seconds = time.perf_counter() - started
    status = open("/proc/self/status").read()
    peak = int(re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1))
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(code, peak, maxrss, f"{seconds:.3f}")
    """
)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc (Linux)")
def test_the_alias_bomb_is_refused_in_a_small_process(tmp_path: Path) -> None:
    # A process of its own, so its peak memory is the bomb's and nothing else's.
    run = subprocess.run(
        [sys.executable, "-c", BOMB_PROBE, str(CORPUS / "billion-laughs.yaml")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    code, peak_kib, maxrss_kib, seconds = run.stdout.split()
    assert code == "1", run.stdout + run.stderr
    assert "more than 500,000 YAML nodes" in run.stderr
    assert int(peak_kib) < 200 * 1024, f"peak {int(peak_kib) // 1024} MiB"
    assert not (tmp_path / "out").exists()
    print(f"alias bomb refused: {seconds} s, peak {int(peak_kib) / 1024:.0f} MiB (VmHWM)")


def test_the_real_program_exits_1_on_a_python_tag(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "alliance_slides", "build", str(CORPUS / "python-object.yaml")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert run.returncode == 1
    assert run.stdout == ""
    one_line(run.stderr)
    assert list(tmp_path.iterdir()) == []


def test_every_limit_is_documented_in_security_md() -> None:
    source = Path(limits.__file__).read_text()
    names = [
        node.targets[0].id
        for node in ast.parse(source).body
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
    ]
    assert len(names) >= 9
    security = (REPO / "SECURITY.md").read_text()
    for name in names:
        assert f"`{name}`" in security, name
        assert "#: " in source.split(f"\n{name} =")[0].rsplit("\n\n", 1)[-1], name
        value = getattr(limits, name)
        assert f"{value:,}" in security, (name, value)


# Found by the property tests: each once ended in an exception of another kind.


def test_a_title_longer_than_a_core_property_still_builds(tmp_path: Path) -> None:
    path = tmp_path / "long.yaml"
    path.write_text(f"title: {'T' * 300}\nauthor: {'A' * 300}\nslides:\n  - {{title: a}}\n")
    result = CliRunner().invoke(cli, ["build", str(path), "-o", "long.pptx"])
    assert result.exit_code == 0, result.output
    deck = Presentation("long.pptx")
    assert deck.core_properties.title == "T" * 254 + "…"
    assert len(deck.core_properties.author) == 255
    assert deck.slides[0].shapes.title.text == "T" * 300


def test_a_date_past_what_a_zip_can_stamp_still_builds(tmp_path: Path) -> None:
    path = tmp_path / "far.yaml"
    path.write_text("title: Far\ndate: 2108-03-04\nslides:\n  - {title: a}\n")
    result = CliRunner().invoke(cli, ["build", str(path), "-o", "far.pptx"])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile("far.pptx") as archive:
        assert {entry.date_time[:3] for entry in archive.infolist()} == {(2107, 3, 4)}


def test_an_outline_listed_twice_is_an_error_at_the_second_entry(tmp_path: Path) -> None:
    (tmp_path / "one.yaml").write_text("title: One\nslides:\n  - {title: a}\n")
    (tmp_path / "c.yaml").write_text("lectures:\n  - outline: one.yaml\n  - outline: ./one.yaml\n")
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "c.yaml"), "-o", "out"])
    assert result.exit_code == 1
    assert one_line(result.output).group(0) == (
        "c.yaml:3:14: lectures 1 and 2 would both write one.pptx (the same outline listed twice?)"
    )
    assert not (tmp_path / "out").exists()


def test_a_course_theme_with_huge_font_sizes_is_refused_at_its_line(tmp_path: Path) -> None:
    # Text is fitted from the theme's size down point by point: a million points cost minutes.
    (tmp_path / "t.yaml").write_text("name: huge\nsizes: {body: 1000000, body_min: 1000000}\n")
    (tmp_path / "o.yaml").write_text("title: T\nslides:\n  - {title: A, bullets: [a]}\n")
    (tmp_path / "c.yaml").write_text("theme: t.yaml\nlectures: [{outline: o.yaml}]\n")
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "c.yaml"), "-o", "out"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "t.yaml:2:15: must be at most 4,000 (MAX_FONT_SIZE), got 1,000,000",
        "t.yaml:2:34: must be at most 4,000 (MAX_FONT_SIZE), got 1,000,000",
    ]
    assert not (tmp_path / "out").exists()


def test_the_parsers_own_depth_refusal_is_reported_as_the_depth_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # PyYAML 6.0.4's libyaml refuses deep flow nesting while scanning ahead, before the
    # builder's own MAX_DEPTH check sees the events; older versions never do. Either
    # way the user reads the same limit.
    import yaml

    from alliance_slides.format import loader

    def refuse(*args: object, **kwargs: object) -> None:
        mark = yaml.Mark("x.yaml", 0, 1, 1007, None, None)
        raise yaml.MarkedYAMLError(
            "while increasing flow level", mark, "exceeded maximum nesting depth", mark
        )

    monkeypatch.setattr(loader.yaml, "parse", refuse)
    with pytest.raises(InputError, match=r"^x.yaml:2:1008: nesting deeper than 64 levels"):
        loader.load_text("a: [[[", "x.yaml")


def test_a_ten_thousand_pixel_square_picture_is_one_located_warning(tmp_path: Path) -> None:
    # Exactly MAX_IMAGE_PIXELS: accepted, with a warning at its line; Pillow's own
    # DecompressionBombWarning (89 megapixels, printed with a site-packages path) is not.
    from PIL import Image

    Image.new("1", (10_000, 10_000)).save(tmp_path / "huge.png")
    Image.new("1", (10_001, 10_000)).save(tmp_path / "huger.png")
    for name in ("huge", "huger"):
        (tmp_path / f"{name}.yaml").write_text(
            f"title: T\nslides:\n  - kind: image\n    title: P\n    image: {name}.png\n"
            "    alt: A black square\n"
        )
    run = subprocess.run(
        [sys.executable, "-m", "alliance_slides", "build", "huge.yaml", "-o", "out"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    assert run.stderr.splitlines() == [
        "huge.yaml:5:12: warning: image 'huge.png' is 10,000 x 10,000 pixels, far more than a "
        "slide shows (about 4,000 x 2,250 at 300 dpi); the deck carries them all: a smaller "
        "copy makes it lighter"
    ]
    run = subprocess.run(
        [sys.executable, "-m", "alliance_slides", "build", "huger.yaml", "-o", "out2"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert run.returncode == 1
    assert one_line(run.stderr).group(0) == (
        "huger.yaml:5:12: image 'huger.png': image is 10,001 x 10,000 pixels; the limit is "
        "100,000,000 pixels (MAX_IMAGE_PIXELS)"
    )


def test_a_warning_a_library_raises_is_one_line_without_its_source_file(tmp_path: Path) -> None:
    probe = (
        "import sys, warnings\n"
        "from alliance_slides import cli\n"
        "sys.argv = ['alliance-slides', 'schema']\n"
        "cli.cli.add_command(cli.click.Command('warn', callback=lambda: warnings.warn("
        "'a library warns\\u202e')))\n"
        "sys.argv = ['alliance-slides', 'warn']\n"
        "cli.main()\n"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stderr == "alliance-slides: warning: a library warns\\u202e\n"


@pytest.mark.parametrize(
    "args",
    [
        ["build", "missing.yaml"],
        ["validate", "missing.yaml"],
        ["notes", "missing.yaml"],
        ["handout", "missing.yaml"],
        ["check", "missing.yaml"],
        ["watch", "missing.yaml"],
        ["draft", "missing.yaml"],
        ["export", "pdf", "missing.pptx"],
    ],
    ids=lambda args: args[0],
)
def test_a_missing_input_is_a_usage_error_exit_2_in_one_line(
    tmp_path: Path, args: list[str]
) -> None:
    # The command line names a file that is not there: a mistake in the command, as Click's
    # own usage errors are (exit 2), not in an input (exit 1).
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert one_line(result.output).group(0) == f"{args[-1]}: cannot read: no such file"
    assert list(tmp_path.iterdir()) == []


def test_a_theme_on_the_command_line_that_is_no_theme_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "o.yaml").write_text("title: T\nslides:\n  - {title: A}\n")
    for theme in ("missing.yaml", "nonesuch"):
        result = CliRunner().invoke(cli, ["build", "o.yaml", "-o", "out", "--theme", theme])
        assert result.exit_code == 2, result.output
        assert one_line(result.output).group(0).startswith(
            f"{theme}: theme '{theme}' not found: not a built-in ("
        )
    assert not (tmp_path / "out").exists()
