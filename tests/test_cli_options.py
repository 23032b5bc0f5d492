"""The command line's options agree across commands, and misuse is a usage error (exit 2)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from alliance_slides.cli import cli
from alliance_slides.format.theme import builtin_theme_names

Write = Callable[[str, str], Path]

OUTLINE = "title: T\nslides:\n  - {title: A, bullets: [a]}\n"
#: A theme whose face has no metric table: every deck drawn in it warns about the font.
ODD_FONT_THEME = "name: odd\nfonts: {latin: Frobnitz Sans}\n"


def _command(*names: str) -> click.Command:
    command: click.Command = cli
    for name in names:
        assert isinstance(command, click.Group)
        found = command.commands.get(name)
        assert found is not None, name
        command = found
    return command


def _option(command: click.Command, name: str) -> click.Option | None:
    for param in command.params:
        if isinstance(param, click.Option) and name in param.opts:
            return param
    return None


def _commands() -> list[str]:
    return [name for name, c in cli.commands.items() if not isinstance(c, click.Group)]  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", _commands())
def test_every_command_takes_quiet(name: str) -> None:
    option = _option(_command(name), "--quiet")
    assert option is not None and "-q" in option.opts


def test_watch_takes_what_build_takes() -> None:
    build, watch = _command("build"), _command("watch")
    for name in ("--template", "--force", "--quiet", "--theme", "--jobs", "--output"):
        assert _option(build, name) is not None and _option(watch, name) is not None, name


@pytest.mark.parametrize("name", ["build", "watch"])
def test_theme_help_names_every_shipped_theme(name: str) -> None:
    option = _option(_command(name), "--theme")
    assert option is not None and option.help is not None
    for theme in builtin_theme_names():
        assert theme in option.help, theme


def test_an_unknown_theme_suggests_the_closest_name(write: Write) -> None:
    write("o.yaml", OUTLINE)
    result = CliRunner().invoke(cli, ["build", "o.yaml", "--theme", "hal"])
    assert result.exit_code == 2
    assert result.output.strip().endswith("nor a file (did you mean 'hall'?)"), result.output


def test_soffice_names_a_path_everywhere() -> None:
    for names in (("build",), ("export",), ("handout",), ("template", "inspect")):
        option = _option(_command(*names), "--soffice")
        assert option is not None and option.metavar == "PATH", names


def test_build_quiet_prints_nothing_even_with_warnings(write: Write) -> None:
    write("odd.yaml", ODD_FONT_THEME)
    write("o.yaml", OUTLINE)
    loud = CliRunner().invoke(cli, ["build", "o.yaml", "--theme", "odd.yaml", "--force"])
    assert loud.exit_code == 0 and "warning:" in loud.output
    quiet = CliRunner().invoke(cli, ["build", "o.yaml", "--theme", "odd.yaml", "--force", "-q"])
    assert quiet.exit_code == 0 and quiet.output == ""


def test_validate_notes_and_draft_quiet(write: Write) -> None:
    write("o.yaml", OUTLINE)
    write("src.txt", "A title\n\nIn 1951 Japan signed a treaty with the United States.\n")
    runner = CliRunner()
    assert runner.invoke(cli, ["validate", "o.yaml", "-q"]).output == ""
    assert runner.invoke(cli, ["notes", "o.yaml", "-o", "n.md", "-q"]).output == ""
    assert Path("n.md").is_file()
    assert runner.invoke(cli, ["draft", "src.txt", "-o", "d.yaml", "-q"]).output == ""
    assert Path("d.yaml").is_file()


def test_a_template_warning_and_a_theme_font_warning_are_said_once_per_build(
    write: Write,
) -> None:
    write("odd.yaml", ODD_FONT_THEME)
    write("a.yaml", OUTLINE)
    write("b.yaml", OUTLINE.replace("title: T", "title: U"))
    write("c.yaml", "theme: odd.yaml\nlectures: [{outline: a.yaml}, {outline: b.yaml}]\n")
    result = CliRunner().invoke(cli, ["build", "c.yaml", "-j", "1"])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if "Frobnitz" in line]
    assert len(warnings) == 1, result.output
    # The font is the theme's: the warning points at the theme, not at an outline.
    assert warnings[0].startswith("odd.yaml: warning: font 'Frobnitz Sans'"), warnings[0]


def test_a_course_to_a_pptx_name_is_a_usage_error_as_for_notes(write: Write) -> None:
    write("a.yaml", OUTLINE)
    write("b.yaml", OUTLINE.replace("title: T", "title: U"))
    write("c.yaml", "lectures: [{outline: a.yaml}, {outline: b.yaml}]\n")
    built = CliRunner().invoke(cli, ["build", "c.yaml", "-o", "x.pptx"])
    noted = CliRunner().invoke(cli, ["notes", "c.yaml", "-o", "x.md"])
    assert (built.exit_code, noted.exit_code) == (2, 2), built.output + noted.output
    assert built.output.strip() == (
        "x.pptx: a course builds several decks: give -o a folder, not a .pptx file name"
    )
    assert not Path("x.pptx").exists()


@pytest.mark.parametrize("source", ["o.yaml", "c.yaml"])
def test_o_with_a_file_name_that_is_not_pptx_makes_no_folder(write: Write, source: str) -> None:
    write("o.yaml", OUTLINE)
    write("c.yaml", "lectures: [{outline: o.yaml}]\n")
    result = CliRunner().invoke(cli, ["build", source, "-o", "out.ppt"])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("out.ppt: ")
    assert not Path("out.ppt").exists()


def test_one_lecture_to_a_pptx_name_writes_that_file(write: Write) -> None:
    write("o.yaml", OUTLINE)
    result = CliRunner().invoke(cli, ["build", "o.yaml", "-o", "lecture.pptx"])
    assert result.exit_code == 0, result.output
    assert Path("lecture.pptx").is_file()


def test_an_existing_folder_with_a_dot_is_still_a_folder(write: Write) -> None:
    write("o.yaml", OUTLINE)
    Path("decks.pdf").mkdir()
    assert CliRunner().invoke(cli, ["build", "o.yaml", "-o", "decks.pdf"]).exit_code == 0
    assert Path("decks.pdf/o.pptx").is_file()


def test_a_folder_as_input_says_what_to_give_instead(write: Write) -> None:
    write("courses/hist.yaml", "lectures: [{outline: ../o.yaml}]\n")
    write("o.yaml", OUTLINE)
    for command in (["build"], ["validate"], ["notes"], ["export", "pdf"]):
        result = CliRunner().invoke(cli, [*command, "courses"])
        assert result.exit_code == 2, (command, result.output)
        assert result.output.strip() == (
            "courses: is a folder: give an outline or a course file in it (hist.yaml)"
        ), command
    assert not Path("build").exists()


def test_the_summary_counts_the_exports_its_time_includes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from alliance_slides.cli import _summary
    from alliance_slides.output.export import Exported
    from alliance_slides.workers import BuiltDeck

    def deck(name: str, unchanged: bool) -> BuiltDeck:
        pdf = Exported(Path(f"{name}.pdf"), (Path(f"{name}.pdf"),), 2.0, unchanged)
        return BuiltDeck(Path(f"{name}.pptx"), 5, 0.2, name, unchanged=unchanged, exports=(pdf,))

    _summary([deck("a", False), deck("b", True)], 4.5)
    assert capsys.readouterr().err == (
        "2 decks (1 written, 1 up to date), 10 slides, 2 exports (1 written, 1 up to date) "
        "in 4.50 s\n"
    )
    only_exported = [dataclasses.replace(deck(n, False), built=False) for n in "ab"]
    _summary(only_exported, 4.0)  # `export pdf a.pptx b.pptx` said nothing
    assert capsys.readouterr().err == "2 exports (2 written, 0 up to date) in 4.00 s\n"


def test_the_course_s_theme_field_names_every_shipped_theme() -> None:
    # What `schema course` and editors show for `theme:`.
    from alliance_slides.format.model import Course
    from alliance_slides.format.schema import format_fields

    doc = format_fields(Course)["theme"].metadata["doc"]
    assert [t for t in builtin_theme_names() if t not in doc] == []


def test_a_template_s_warning_is_said_once_for_a_course(write: Write) -> None:
    from pptx import Presentation

    Presentation().save("t43.pptx")  # python-pptx's own template: 4:3, the course 16:9
    write("a.yaml", OUTLINE)
    write("b.yaml", OUTLINE.replace("title: T", "title: U"))
    write("c.yaml", "template: t43.pptx\nlectures: [{outline: a.yaml}, {outline: b.yaml}]\n")
    result = CliRunner().invoke(cli, ["build", "c.yaml", "-j", "1"])
    assert result.exit_code == 0, result.output
    said = [line for line in result.output.splitlines() if line.startswith("t43.pptx: warning:")]
    assert len(said) == 1, result.output


def test_handout_lays_slides_out_in_the_theme_or_template_asked_for(write: Write) -> None:
    # handout took neither: its slides were laid out in the course's look while the decks
    # built with --theme had others (here a large body size continues the list).
    bullets = ", ".join(f"Point number {n} of the list" for n in range(8))
    write("o.yaml", f"title: T\nslides:\n  - {{title: A, bullets: [{bullets}]}}\n")
    write("big.yaml", "name: big\nsizes: {title: 60, body: 54, body_min: 54, body_max: 54}\n")
    runner = CliRunner()
    plain = runner.invoke(cli, ["handout", "o.yaml", "--format", "md", "-o", "plain"])
    assert plain.exit_code == 0, plain.output
    large = runner.invoke(
        cli, ["handout", "o.yaml", "--format", "md", "-o", "big", "--theme", "big.yaml"]
    )
    assert large.exit_code == 0, large.output
    assert "## Slide 2: A" in (Path("plain") / "o.handout.md").read_text(encoding="utf-8")
    assert "## Slides 2–3: A" in (Path("big") / "o.handout.md").read_text(encoding="utf-8")
    for option in ("--theme", "--template"):
        assert _option(_command("handout"), option) is not None, option
