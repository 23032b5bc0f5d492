"""The ``alliance-slides`` command line: parse options, call the library, report.

No logic lives here. Heavy modules are imported inside each command, so
``alliance-slides --help`` starts fast. Errors of the project's family print as
``FILE:LINE:COL: message`` lines and exit 1 (Click handles them); usage errors exit 2.
"""

from __future__ import annotations

import functools
import gc
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click

from alliance_slides import __version__

if TYPE_CHECKING:
    from alliance_slides.errors import Problem
    from alliance_slides.workers import BuiltDeck

EPILOG_BUILD = """\b
Examples:
  alliance-slides build outlines/01-postwar-origins.yaml
  alliance-slides build courses/hist-240.yaml -o decks/
  alliance-slides build outline.yaml -o lecture.pptx
  alliance-slides build outline.yaml --theme slate
  alliance-slides build courses/hist-240.yaml --template college.potx
  alliance-slides build courses/hist-240.yaml --pdf --jobs 2
"""


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="alliance-slides")
def cli() -> None:
    """Turn YAML lecture outlines into PowerPoint decks and speaker notes.

    PATH is a lecture outline (title + slides) or a course file (course +
    lectures). Every string may hold Jinja2 expressions such as
    {{ course.instructor }}; `alliance-slides schema` prints the format as JSON
    Schema for editors.

    \b
    Start here:
      alliance-slides validate courses/hist-240.yaml
      alliance-slides build courses/hist-240.yaml
      alliance-slides notes outlines/01-postwar-origins.yaml --format md
      alliance-slides handout courses/hist-240.yaml --thumbnails
      alliance-slides watch outlines/01-postwar-origins.yaml
    """


# Options shared by the commands that build or export; a click.option decorator makes a
# fresh option each time it is applied, so one serves every command.
_jobs_option = click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    metavar="N",
    help="Decks built or exported at once, in separate processes (default: one per core).",
)
_force_option = click.option(
    "--force",
    is_flag=True,
    help="Write every output again, even those whose inputs did not change.",
)
_soffice_option = click.option(
    "--soffice",
    metavar="PATH",
    help="The LibreOffice program for PDF/PNG (default: soffice or libreoffice on PATH).",
)
_quiet_option = click.option(
    "-q", "--quiet", is_flag=True, help="Print only errors: no warnings, nothing on success."
)
#: The built-in themes, read from the package's folder (importing the theme module here
#: would slow every --help down).
_THEMES = sorted(p.stem for p in (Path(__file__).parent / "format" / "themes").glob("*.yaml"))
_theme_option = click.option(
    "--theme",
    metavar="NAME|FILE",
    callback=lambda ctx, param, value: _theme(ctx, param, value),
    help=f"A built-in theme ({', '.join(_THEMES)}) or a theme YAML file; overrides the "
    "course's.",
)
_template_option = click.option(
    "--template",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="An institution's .pptx/.potx: its masters and layouts are used.",
)
_resolution_option = click.option(
    "--resolution",
    type=click.IntRange(min=10, max=600),
    default=96,
    show_default=True,
    metavar="DPI",
    help="Pixels per inch of PNG pages (96 makes a 16:9 slide 1280x720).",
)


def _allow_option(f: Callable[..., None]) -> Callable[..., None]:
    """Add --allow DIR (repeatable) and run the command with those folders allowed."""

    @functools.wraps(f)
    def run(*args: object, allow: tuple[Path, ...], **kwargs: object) -> None:
        from alliance_slides.paths import allowing

        with allowing(allow):
            f(*args, **kwargs)

    return click.option(
        "--allow",
        multiple=True,
        type=click.Path(path_type=Path, file_okay=False, exists=True),
        metavar="DIR",
        help="Let the input name files inside DIR too (repeatable). By default it may only "
        "name files in its own folder (for a course: the folder above it too).",
    )(run)


def _existing(ctx: click.Context, param: click.Parameter, value: object) -> object:
    """Refuse, as a usage error (exit 2), an input named on the command line that is missing
    or is a folder.

    One line, like every problem: ``outline.yaml: cannot read: no such file``; a folder's
    names the inputs inside it. A file that exists but cannot be read (a device) is the
    input's problem, found when read.
    """
    from alliance_slides.errors import CommandLineError, Location, Problem
    from alliance_slides.format.loader import display_name

    paths = value if isinstance(value, tuple) else (value,)
    missing = [p for p in paths if isinstance(p, Path) and not os.path.lexists(p)]
    if missing:
        raise CommandLineError(
            Problem(Location(display_name(p)), "cannot read: no such file") for p in missing
        )
    folders = [p for p in paths if isinstance(p, Path) and p.is_dir()]
    if folders and param.name == "source":  # draft's text
        raise CommandLineError(
            Problem(Location(display_name(p)), "is a folder: give a plain-text or Markdown file")
            for p in folders
        )
    if folders:
        raise CommandLineError(
            Problem(Location(display_name(p)), _folder_advice(p)) for p in folders
        )
    return value


def _folder_advice(folder: Path) -> str:
    """Say that ``folder`` is a folder, and name the inputs inside it one could give instead."""
    try:
        inside = sorted(
            p.name for p in folder.iterdir() if p.suffix.lower() in (".yaml", ".yml", ".pptx")
        )
    except OSError:  # a folder that cannot be listed: say what it is all the same
        inside = []
    if not inside:
        return "is a folder: give an outline or a course file (.yaml)"
    shown_names = ", ".join(inside[:4]) + (", ..." if len(inside) > 4 else "")
    return f"is a folder: give an outline or a course file in it ({shown_names})"


def _theme(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Refuse, as a usage error (exit 2), a --theme that is neither a built-in nor a file."""
    if value is None:
        return None
    from alliance_slides.errors import CommandLineError, Location
    from alliance_slides.format.theme import builtin_theme_names, resolve_theme_path

    if not resolve_theme_path(value, Path.cwd()).is_file():
        import difflib

        names = builtin_theme_names()
        close = difflib.get_close_matches(value, names, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise CommandLineError.at(
            Location(value),
            f"theme '{value}' not found: not a built-in ({', '.join(names)}) nor a file{hint}",
        )
    return value


def _names_a_file(path: Path) -> bool:
    """Tell whether ``-o`` names a file: an existing one, or a new name with a text suffix."""
    suffixes = (".md", ".markdown", ".html", ".htm", ".txt")
    return path.is_file() or (not path.is_dir() and path.suffix.lower() in suffixes)


def _to_terminal() -> bool:
    """Tell whether standard output is a terminal (not a file or a pipe)."""
    return sys.stdout.isatty()


def _show_document(text: str, nl: bool = True) -> None:
    """Print a document (notes, a draft) to standard output.

    Into a file or a pipe it goes as it is. On a terminal, each line is escaped as
    messages are (errors.shown): a title's U+202E or carriage return must not reorder or
    overwrite what the reader sees there.
    """
    if _to_terminal():
        from alliance_slides.errors import shown

        text = "\n".join(shown(line) for line in text.split("\n"))
    click.echo(text, nl=nl)


def _say(line: str, err: bool = False) -> None:
    """Print one line that may quote an input (a file name, a title), escaped (errors.shown)."""
    from alliance_slides.errors import shown

    click.echo(shown(line), err=err)


def _warn(warnings: Iterable[Problem]) -> None:
    """Print warnings to standard error, one line each: FILE:LINE:COL: warning: message."""
    for warning in warnings:
        click.echo(warning.as_warning(), err=True)


def _progress(quiet: bool) -> Callable[[BuiltDeck], None]:
    """Return the per-deck report: warnings to stderr, one line per output to stdout.

    A warning every deck shares (a template's, a theme font's) is printed once per run,
    with the first deck that has it. ``quiet`` prints nothing: errors are raised.
    """
    said: set[str] = set()

    def report(deck: BuiltDeck) -> None:
        if quiet:
            return
        fresh = [w for w in deck.warnings if str(w) not in said]
        said.update(str(w) for w in fresh)
        _warn(fresh)
        if not deck.built:
            pass
        elif deck.unchanged:
            _say(f"unchanged {deck.path} ({deck.slides} slides, up to date)")
        else:
            _say(f"wrote {deck.path} ({deck.slides} slides, {deck.seconds:.2f} s)")
        for made in deck.exports:
            if made.unchanged:
                _say(f"unchanged {made.path} (up to date)")
            else:
                _say(f"wrote {made.path} ({made.seconds:.2f} s)")

    return report


def _summary(decks: list[BuiltDeck], seconds: float) -> None:
    """Say on stderr what a run of several decks did, exports included (their time is in
    the total); one deck's lines say it all."""
    if len(decks) < 2:
        return
    parts = []
    built = [d for d in decks if d.built]
    if built:
        written = sum(not d.unchanged for d in built)
        slides = sum(d.slides for d in built)
        parts.append(
            f"{len(built)} decks ({written} written, {len(built) - written} up to date), "
            f"{slides} slides"
        )
    made = [e for d in decks for e in d.exports]
    if made:
        written = sum(not e.unchanged for e in made)
        parts.append(f"{len(made)} exports ({written} written, {len(made) - written} up to date)")
    click.echo(f"{', '.join(parts)} in {seconds:.2f} s", err=True)


@cli.command(epilog=EPILOG_BUILD)
@click.argument("path", type=click.Path(path_type=Path), callback=_existing)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Folder for the decks (default: build/, or build/COURSE/ for a course), "
    "or a .pptx file when PATH is one outline.",
)
@_quiet_option
@_theme_option
@_template_option
@click.option("--pdf", "pdf", is_flag=True, help="Also convert each deck to PDF (LibreOffice).")
@click.option("--png", "png", is_flag=True, help="Also render each slide to DECK/slide-NN.png.")
@click.option(
    "--sheet", "sheet", is_flag=True, help="Also make DECK.sheet.png, every slide as a thumbnail."
)
@_jobs_option
@_force_option
@_soffice_option
@_resolution_option
@_allow_option
def build(
    path: Path,
    output: Path | None,
    quiet: bool,
    theme: str | None,
    template: Path | None,
    pdf: bool,
    png: bool,
    sheet: bool,
    jobs: int | None,
    force: bool,
    soffice: str | None,
    resolution: int,
) -> None:
    """Build one .pptx deck per lecture of PATH.

    Decks are named after their outline files (01-postwar-origins.pptx) and
    written atomically: a deck is either complete or absent. Invalid input
    writes nothing and lists every problem as FILE:LINE:COL: message.

    A course builds its lectures in parallel. A deck whose inputs (outline,
    course, templates, theme, images, template) did not change since it was
    written is not written again; --force rewrites it. One line per deck
    says what was written, and how long it took, as each finishes.
    """
    import time

    from alliance_slides.build import build as run_build

    started = time.perf_counter()
    exports = tuple(fmt for fmt, wanted in (("pdf", pdf), ("png", png), ("sheet", sheet)) if wanted)
    decks = run_build(
        path,
        output,
        theme=theme,
        on_deck=_progress(quiet),
        template=template,
        jobs=jobs,
        force=force,
        exports=exports,
        resolution=resolution,
        soffice=soffice,
    )
    if not quiet:
        _summary(decks, time.perf_counter() - started)


@cli.command()
@click.argument("fmt", metavar="FORMAT", type=click.Choice(["pdf", "png", "sheet"]))
@click.argument(
    "paths", nargs=-1, required=True, type=click.Path(path_type=Path), callback=_existing
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=True, file_okay=False),
    help="Folder for the exports (default: beside each deck). For an outline or a course, "
    "the build folder, as for `build -o`.",
)
@_quiet_option
@_jobs_option
@_force_option
@_soffice_option
@_resolution_option
@_allow_option
def export(
    fmt: str,
    paths: tuple[Path, ...],
    output: Path | None,
    quiet: bool,
    jobs: int | None,
    force: bool,
    soffice: str | None,
    resolution: int,
) -> None:
    """Export decks as PDF, PNG pages or a contact sheet, with LibreOffice.

    PATHS are .pptx decks, or outlines and course files (their decks are
    built first, if out of date). pdf writes DECK.pdf; png writes one picture
    per slide, DECK/slide-01.png ...; sheet writes DECK.sheet.png, every slide
    as a numbered thumbnail on one picture. An export is made again only when
    its deck changed (or with --force). LibreOffice runs headless, one private
    profile per conversion, so parallel exports never collide.

    \b
    Examples:
      alliance-slides export pdf build/hist-240/*.pptx
      alliance-slides export png courses/hist-240.yaml --resolution 150
      alliance-slides export sheet build/01-postwar-origins.pptx
    """
    import time

    from alliance_slides.build import build as run_build
    from alliance_slides.build import export_decks

    started = time.perf_counter()
    report = _progress(quiet)
    decks = [p for p in paths if p.suffix.lower() in (".pptx", ".potx")]
    sources = [p for p in paths if p not in decks]
    done = []
    if decks:
        done += export_decks(
            decks, (fmt,), output, report, jobs=jobs, force=force, resolution=resolution,
            soffice=soffice,
        )
    for source in sources:
        done += run_build(
            source, output, on_deck=report, jobs=jobs, force=force, exports=(fmt,),
            resolution=resolution, soffice=soffice,
        )
    if not quiet:
        _summary(done, time.perf_counter() - started)


def _style_options(command: Any) -> Any:
    """Add --large-type and --page-per-slide: how an HTML page reads and prints."""
    command = click.option(
        "--page-per-slide",
        is_flag=True,
        help="HTML: print each slide on a page of its own.",
    )(command)
    return click.option(
        "--large-type",
        is_flag=True,
        help="HTML: large type, to read at arm's length from a lectern (and print large).",
    )(command)


def _reading_style(fmt: str, large_type: bool, page_per_slide: bool) -> Any:
    """Return the reading style the options ask for; a usage error for a format not HTML."""
    from alliance_slides.output.notes import ReadingStyle

    if fmt != "html" and (large_type or page_per_slide):
        option = "--large-type" if large_type else "--page-per-slide"
        raise click.UsageError(f"{option} sets an HTML page; use it with --format html")
    return ReadingStyle(large_type=large_type, page_per_slide=page_per_slide)


@cli.command()
@click.argument("path", type=click.Path(path_type=Path), callback=_existing)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["html", "md"]),
    default="html",
    show_default=True,
    help="HTML is one self-contained page that prints well; Markdown links the pictures.",
)
@click.option(
    "--layout",
    type=click.Choice(["side", "stacked"]),
    default="side",
    show_default=True,
    help="HTML: each slide beside its notes, or above them.",
)
@click.option(
    "--thumbnails/--no-thumbnails",
    default=None,
    help="Build the decks and their slide pictures first (needs LibreOffice) / leave "
    "pictures out. Default: use pictures from an earlier `export png` if up to date.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, file_okay=False),
    help="The build folder, as for `build -o`; handouts go beside the decks.",
)
@click.option(
    "--templates",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Folder of templates (handout.html.j2, handout.md.j2) overriding the built-ins.",
)
@_theme_option
@_template_option
@_style_options
@_quiet_option
@_jobs_option
@_force_option
@_soffice_option
@_allow_option
def handout(
    path: Path,
    fmt: str,
    layout: str,
    thumbnails: bool | None,
    output: Path | None,
    templates: Path | None,
    theme: str | None,
    template: Path | None,
    large_type: bool,
    page_per_slide: bool,
    quiet: bool,
    jobs: int | None,
    force: bool,
    soffice: str | None,
) -> None:
    """Write a handout per lecture: every slide with its speaker notes.

    Each item shows a slide (its picture when the deck's PNG pages exist,
    else its text) with its notes and time cue. The handout is written
    beside the deck as DECK.handout.html or DECK.handout.md; a warning says
    when a lecture's slides plan more minutes than it has.

    \b
    Examples:
      alliance-slides handout outlines/01-postwar-origins.yaml
      alliance-slides handout courses/hist-240.yaml --thumbnails --layout stacked
      alliance-slides handout courses/hist-240.yaml --format md
      alliance-slides handout courses/hist-240.yaml --large-type --page-per-slide
    """
    from alliance_slides.build import write_handouts

    style = _reading_style(fmt, large_type, page_per_slide)
    written = write_handouts(
        path,
        output,
        fmt,
        layout,
        thumbnails,
        templates,
        theme=theme,
        template=template,
        jobs=jobs,
        force=force,
        soffice=soffice,
        style=style,
    )
    if not quiet:
        _warn(written.warnings)
        for target in written.paths:
            _say(f"wrote {target}")


@cli.command()
@click.argument("path", type=click.Path(path_type=Path), callback=_existing)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Where decks go, as for `build -o`.",
)
@click.option(
    "--interval",
    type=click.FloatRange(min=0.05),
    default=1.0,
    show_default=True,
    metavar="SECONDS",
    help="How often the inputs are looked at.",
)
@_quiet_option
@_theme_option
@_template_option
@_jobs_option
@_force_option
@_allow_option
def watch(
    path: Path,
    output: Path | None,
    interval: float,
    quiet: bool,
    theme: str | None,
    template: Path | None,
    jobs: int | None,
    force: bool,
) -> None:
    """Rebuild the decks of PATH whenever one of its inputs changes.

    Watches the outline or course file, every outline of the course, the
    templates, the theme and the images. Each change rebuilds the decks it
    touches and prints what was written; an invalid input prints its
    problems as FILE:LINE:COL: message and watching goes on. Ctrl-C stops.
    --force writes every deck again on the first build; -q prints only the
    problems.

    \b
    Example:
      alliance-slides watch courses/hist-240.yaml
    """
    import time

    from alliance_slides.watch import Watcher

    watcher = Watcher(path, output, theme=theme, template=template, jobs=jobs, force=force)
    try:
        while True:
            outcome = watcher.poll()
            if outcome is not None:
                report = _progress(quiet)  # each rebuild says its warnings again
                for deck in outcome.decks:
                    if not deck.unchanged:
                        report(deck)
                for problem in outcome.problems:
                    _say(str(problem), err=True)
                if not quiet:
                    click.echo(
                        f"watching {len(watcher.files)} files "
                        f"({'errors above' if outcome.problems else 'up to date'}); "
                        "Ctrl-C stops",
                        err=True,
                    )
            time.sleep(interval)
    except KeyboardInterrupt:
        if not quiet:
            click.echo("stopped", err=True)
        sys.exit(130)  # the shell's code for a program stopped by Ctrl-C


@cli.command()
@click.argument("path", type=click.Path(path_type=Path), callback=_existing)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["md", "html", "txt"]),
    default="md",
    show_default=True,
    help="Output format.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="File (one lecture) or folder (a course); - or nothing: standard output.",
)
@click.option(
    "--templates",
    "templates",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Folder of notes templates (notes.md.j2 ...) overriding the built-ins.",
)
@_style_options
@_quiet_option
@_allow_option
def notes(
    path: Path,
    fmt: str,
    output: Path | None,
    templates: Path | None,
    large_type: bool,
    page_per_slide: bool,
    quiet: bool,
) -> None:
    """Export the speaker notes of PATH as Markdown, HTML or text.

    Notes are rendered through Jinja2 templates; a course's `templates:` folder
    or --templates overrides the built-in ones by name, and an override may
    extend the built-in with {% extends "builtin/notes.md.j2" %}.

    \b
    Examples:
      alliance-slides notes outlines/01-postwar-origins.yaml > notes.md
      alliance-slides notes courses/hist-240.yaml --format html -o notes/
      alliance-slides notes outlines/01-postwar-origins.yaml -f html --large-type -o n.html
    """
    from alliance_slides.build import speaker_notes
    from alliance_slides.output.notes import write_notes

    if output == Path("-"):
        output = None
    style = _reading_style(fmt, large_type, page_per_slide)
    made = speaker_notes(path, fmt, templates, style)
    if output is None and fmt == "html" and len(made.documents) > 1:
        raise click.UsageError(
            f"{path} has {len(made.documents)} lectures, one HTML page each: give -o FOLDER"
        )
    if output is not None and len(made.documents) > 1 and _names_a_file(output):
        from alliance_slides.errors import CommandLineError, Location

        raise CommandLineError.at(
            Location(str(output)),
            f"{path} has {len(made.documents)} lectures, one notes file each: give -o a "
            "folder, not a file name",
        )
    if not quiet:
        _warn(made.warnings)
    if output is None:
        _show_document("\n".join(doc.text.rstrip("\n") for doc in made.documents))
        return
    for target in write_notes(list(made.documents), output):
        if not quiet:
            _say(f"wrote {target}")


@cli.command()
@click.argument(
    "paths", nargs=-1, required=True, type=click.Path(path_type=Path), callback=_existing
)
@click.option(
    "--strict",
    is_flag=True,
    help="Also lay the slides out and fail on accessibility findings: missing or repeated "
    "titles, pictures without alt text, contrast under 4.5:1, body text under 18 pt, "
    "reading order.",
)
@_quiet_option
@_allow_option
def validate(paths: tuple[Path, ...], strict: bool, quiet: bool) -> None:
    """Check outlines and course files without writing anything.

    Prints every problem as FILE:LINE:COL: message and exits 1 if there is any;
    templates are rendered too, so an undefined variable is caught here.

    \b
    Examples:
      alliance-slides validate outlines/*.yaml courses/*.yaml
      alliance-slides validate --strict courses/hist-240.yaml
    """
    from alliance_slides.build import prepare
    from alliance_slides.errors import AllianceError

    failed = False
    for path in paths:
        try:
            lectures = prepare(path)
        except AllianceError as e:
            e.show()
            failed = True
            continue
        if not quiet:
            _warn(p for resolved in lectures for p in resolved.advice)
        if strict:
            findings = [p for resolved in lectures for p in resolved.accessibility]
            for finding in findings:
                _say(str(finding), err=True)
            if findings:
                failed = True
                continue
        if quiet:
            continue
        slides = sum(len(resolved.scenes) for resolved in lectures)
        noun = "lecture" if len(lectures) == 1 else "lectures"
        _say(f"{path}: ok ({len(lectures)} {noun}, {slides} slides)")
    if failed:
        sys.exit(1)


@cli.command()
@click.argument("path", type=click.Path(path_type=Path), callback=_existing)
@click.option(
    "--source",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="The text every slide is checked against (default: each cited source's `file`).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print findings only, no summary.")
@_allow_option
def check(path: Path, source: Path | None, quiet: bool) -> None:
    """Check that every figure and name on a slide is in the paragraph it cites.

    Years, decades, money amounts, other numbers and capitalised names on each
    slide (not in its notes) must occur in a paragraph its `cite` names
    (`key#3` is the third paragraph; paragraphs are blank-line blocks, or lines
    when the text has no blank lines). Prints one line per finding,
    FILE:LINE: slide N "title": '1962' not in source ¶3 (N: its number in the
    deck), and exits 1 if any.

    \b
    Examples:
      alliance-slides check courses/hist-240.yaml
      alliance-slides check outline.yaml --source article.txt
    """
    from alliance_slides.build import prepare
    from alliance_slides.source.facts import check_lecture

    lectures = prepare(path)
    findings = [
        f
        for resolved in lectures
        for f in check_lecture(resolved.lecture, source, resolved.deck_numbers)
    ]
    for finding in findings:
        _say(str(finding))
    if not quiet:
        slides = sum(len(resolved.scenes) for resolved in lectures)
        noun = "finding" if len(findings) == 1 else "findings"
        _say(f"{path}: {slides} slides checked, {len(findings)} {noun}", err=True)
    if findings:
        sys.exit(1)


@cli.command()
@click.argument("source", type=click.Path(path_type=Path), callback=_existing)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The outline to write (- or nothing: standard output).",
)
@click.option("--force", is_flag=True, help="Replace OUTPUT if it exists.")
@_quiet_option
def draft(source: Path, output: Path | None, force: bool, quiet: bool) -> None:
    """Draft an outline from a plain-text or Markdown SOURCE.

    A leading `# Heading` or short first line gives the title; each group of
    paragraphs (or each heading) gets a section, each paragraph a slide of short
    phrases condensed from its sentences, and the dates found make a timeline.
    Every slide cites its paragraph (key#N) and its notes hold the sentences it
    came from, so the draft validates, builds and passes `alliance-slides check`.

    \b
    Examples:
      alliance-slides draft article.txt -o outlines/article.yaml
      alliance-slides draft notes.md > outline.yaml
      alliance-slides draft article.txt -o outline.yaml --force
    """
    from alliance_slides.source.draft import draft_outline, write_draft

    if output == Path("-"):
        output = None
    drafted = write_draft(source, output, force) if output else draft_outline(source, Path.cwd())
    if not quiet:
        _warn(drafted.warnings)
    if output is None:
        _show_document(drafted.text, nl=False)
    elif not quiet:
        _say(f"wrote {output} ({drafted.slides} slides)")


@cli.command()
@click.argument("which", type=click.Choice(["outline", "course"]), default="outline")
@click.option(
    "-q", "--quiet", is_flag=True, help="Accepted as by every command; the schema is all it prints."
)
def schema(which: str, quiet: bool) -> None:
    """Print the JSON Schema of an outline or a course file.

    \b
    Example (VS Code, with the YAML extension):
      alliance-slides schema outline > outline.schema.json
      # then in an outline:  # yaml-language-server: $schema=outline.schema.json
    """
    import json

    from alliance_slides.format.jsonschema import course_schema, outline_schema

    document = outline_schema() if which == "outline" else course_schema()
    click.echo(json.dumps(document, indent=2, ensure_ascii=False))


@cli.group()
def template() -> None:
    """Look at an institution's .pptx/.potx template before building with it.

    \b
    A template decides the slides' size, fonts, colours, placeholder positions and
    footers; alliance-slides fills its layouts' own placeholders and fits text in
    the template's fonts. `template inspect` shows what a build will do with one.

    \b
    Example:
      alliance-slides template inspect templates/college.potx --preview preview/
    """


@template.command("inspect")
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option(
    "--preview",
    "preview",
    type=click.Path(path_type=Path, file_okay=False),
    metavar="DIR",
    help="Also write DIR/NN-LAYOUT.png for each layout: every slide kind drawn on it "
    "(needs LibreOffice).",
)
@click.option(
    "--soffice", type=click.Path(path_type=Path), metavar="PATH", help="The LibreOffice program."
)
def template_inspect(file: Path, preview: Path | None, soffice: Path | None) -> None:
    """Show a template's masters and layouts, the role each layout serves and why,
    its fonts and colours, and what importing it leaves out.

    \b
    Roles: title (the title slide), section (section headers), content (bullets,
    questions, references, tables, pictures), two_content (two columns), title_only
    (timelines, quotations). A layout serves a role by its placeholders, not by its
    name, so renamed, reordered and translated layouts work; a course's `layouts:`
    names one outright. Macros, OLE objects, ActiveX controls, links to outside
    files, custom shows, sections and sample slides are never carried into a deck.

    \b
    Examples:
      alliance-slides template inspect templates/college.potx
      alliance-slides template inspect college.potx --preview preview/
    """
    from alliance_slides.format.template_inspect import inspect_template

    click.echo(inspect_template(file))
    if preview is not None:
        from alliance_slides.build import preview_template

        for made in preview_template(file, preview, soffice):
            click.echo(f"wrote {made.picture} ({made.layout})")


def _library_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    """Print a warning a library raised as one line, without its source file and line.

    Python would print the library's file (somewhere in site-packages) and the line of
    code; a person reading the build's output can act on the message alone.
    """
    _say(f"alliance-slides: warning: {message}", err=True)


def main() -> None:
    """Run the CLI; an unexpected error prints one line instead of a traceback."""
    import warnings

    warnings.showwarning = _library_warning
    try:
        cli()
    except OSError as e:  # one the library did not place: most often standard output full
        where = f"{e.filename}: " if e.filename else ""
        _say(f"alliance-slides: {where}{e.strerror or e}", err=True)
        sys.exit(1)
    except Exception as e:  # noqa: BLE001 - the last line of defence against tracebacks
        if os.environ.get("ALLIANCE_SLIDES_DEBUG"):
            raise
        _say(
            f"alliance-slides: internal error: {type(e).__name__}: {e} "
            "(set ALLIANCE_SLIDES_DEBUG=1 for a traceback; please report it)",
            err=True,
        )
        sys.exit(1)
    finally:
        # The process ends here. Tearing down its modules runs full collections over
        # every object python-pptx and lxml created at import, which took ~45 ms of a
        # 40-slide build's ~270 ms. Frozen objects are skipped by those collections;
        # atexit handlers still run, and the OS takes the memory back.
        gc.freeze()
