"""The ``alliance-slides`` command line: parse options, call the library, report.

No logic lives here. Heavy modules are imported inside each command, so
``alliance-slides --help`` starts fast. Errors of the project's family print as
``FILE:LINE:COL: message`` lines and exit 1 (Click handles them); usage errors exit 2.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from alliance_slides import __version__

EPILOG_BUILD = """\b
Examples:
  alliance-slides build outlines/01-postwar-origins.yaml
  alliance-slides build courses/hist-240.yaml -o decks/
  alliance-slides build outline.yaml -o lecture.pptx
  alliance-slides build outline.yaml --theme slate
  alliance-slides build courses/hist-240.yaml --template college.potx
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
    """


@cli.command(epilog=EPILOG_BUILD)
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Folder for the decks (default: build/, or build/COURSE/ for a course), "
    "or a .pptx file when PATH is one outline.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print nothing on success.")
@click.option(
    "--theme",
    metavar="NAME|FILE",
    help="A built-in theme (classic, slate) or a theme YAML file; overrides the course's.",
)
@click.option(
    "--template",
    type=click.Path(path_type=Path, dir_okay=False),
    help="An institution's .pptx/.potx: its masters and layouts are used.",
)
def build(
    path: Path, output: Path | None, quiet: bool, theme: str | None, template: Path | None
) -> None:
    """Build one .pptx deck per lecture of PATH.

    Decks are named after their outline files (01-postwar-origins.pptx) and
    written atomically: a deck is either complete or absent. Invalid input
    writes nothing and lists every problem as FILE:LINE:COL: message.
    """
    from alliance_slides.build import BuiltDeck
    from alliance_slides.build import build as run_build

    def report(deck: BuiltDeck) -> None:
        for warning in deck.warnings:
            click.echo(f"{warning.location}: warning: {warning.message}", err=True)
        if not quiet:
            click.echo(f"wrote {deck.path} ({deck.slides} slides, {deck.seconds:.2f} s)")

    decks = run_build(path, output, theme=theme, on_deck=report, template=template)
    if not quiet and len(decks) > 1:
        slides = sum(d.slides for d in decks)
        click.echo(f"{len(decks)} decks, {slides} slides", err=True)


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
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
    help="File (one lecture) or folder (a course). Default: standard output.",
)
@click.option(
    "--templates",
    "templates",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder of notes templates (notes.md.j2 ...) overriding the built-ins.",
)
def notes(path: Path, fmt: str, output: Path | None, templates: Path | None) -> None:
    """Export the speaker notes of PATH as Markdown, HTML or text.

    Notes are rendered through Jinja2 templates; a course's `templates:` folder
    or --templates overrides the built-in ones by name, and an override may
    extend the built-in with {% extends "builtin/notes.md.j2" %}.

    \b
    Examples:
      alliance-slides notes outlines/01-postwar-origins.yaml > notes.md
      alliance-slides notes courses/hist-240.yaml --format html -o notes/
    """
    from alliance_slides.build import prepare
    from alliance_slides.deck import write_atomically
    from alliance_slides.notes import notes_paths, render_notes
    from alliance_slides.templating import Renderer

    lectures = prepare(path)
    documents = []
    for lecture in lectures:
        dirs = [d for d in (templates, lecture.templates_dir) if d]
        documents.append(render_notes(lecture, fmt, Renderer(dirs)))
    if output is None:
        click.echo("\n".join(doc.text.rstrip("\n") for doc in documents))
        return
    for doc, target in zip(documents, notes_paths(documents, output), strict=True):
        write_atomically(target, doc.text.encode("utf-8"))
        click.echo(f"wrote {target}")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--strict",
    is_flag=True,
    help="Also lay the slides out and fail on accessibility findings: missing or repeated "
    "titles, pictures without alt text, contrast under 4.5:1, body text under 18 pt, "
    "reading order.",
)
def validate(paths: tuple[Path, ...], strict: bool) -> None:
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
        if strict:
            from alliance_slides.build import check_accessibility

            findings = [p for lecture in lectures for p in check_accessibility(lecture)]
            for finding in findings:
                click.echo(str(finding), err=True)
            if findings:
                failed = True
                continue
        slides = sum(len(lecture.outline.slides) for lecture in lectures)
        noun = "lecture" if len(lectures) == 1 else "lectures"
        click.echo(f"{path}: ok ({len(lectures)} {noun}, {slides} slides)")
    if failed:
        sys.exit(1)


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--source",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="The text every slide is checked against (default: each cited source's `file`).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print findings only, no summary.")
def check(path: Path, source: Path | None, quiet: bool) -> None:
    """Check that every figure and name on a slide is in the paragraph it cites.

    Years, decades, money amounts, other numbers and capitalised names on each
    slide (not in its notes) must occur in a paragraph its `cite` names
    (`key#3` is the third paragraph; paragraphs are blank-line blocks, or lines
    when the text has no blank lines). Prints one line per finding,
    FILE:LINE: slide N "title": '1962' not in source ¶3, and exits 1 if any.

    \b
    Examples:
      alliance-slides check courses/hist-240.yaml
      alliance-slides check outline.yaml --source article.txt
    """
    from alliance_slides.build import prepare
    from alliance_slides.facts import check_lecture

    lectures = prepare(path)
    findings = [f for lecture in lectures for f in check_lecture(lecture, source)]
    for finding in findings:
        click.echo(str(finding))
    if not quiet:
        slides = sum(len(lecture.outline.slides) for lecture in lectures)
        noun = "finding" if len(findings) == 1 else "findings"
        click.echo(f"{path}: {slides} slides checked, {len(findings)} {noun}", err=True)
    if findings:
        sys.exit(1)


@cli.command()
@click.argument("which", type=click.Choice(["outline", "course"]), default="outline")
def schema(which: str) -> None:
    """Print the JSON Schema of an outline or a course file.

    \b
    Example (VS Code, with the YAML extension):
      alliance-slides schema outline > outline.schema.json
      # then in an outline:  # yaml-language-server: $schema=outline.schema.json
    """
    import json

    from alliance_slides.jsonschema import course_schema, outline_schema

    document = outline_schema() if which == "outline" else course_schema()
    click.echo(json.dumps(document, indent=2, ensure_ascii=False))


def main() -> None:
    """Run the CLI; an unexpected error prints one line instead of a traceback."""
    try:
        cli()
    except Exception as e:  # noqa: BLE001 - the last line of defence against tracebacks
        if os.environ.get("ALLIANCE_SLIDES_DEBUG"):
            raise
        click.echo(
            f"alliance-slides: internal error: {type(e).__name__}: {e} "
            "(set ALLIANCE_SLIDES_DEBUG=1 for a traceback; please report it)",
            err=True,
        )
        sys.exit(1)
