"""The one exception family of alliance-slides.

Every error a user can cause is an :class:`AllianceError`. Each carries the place
(file, line, column) it points at, so the CLI can print ``FILE:LINE:COL: message``.
They subclass :class:`click.ClickException`, so Click prints them and exits 1
without a traceback; the library itself never prints.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import click

E = TypeVar("E", bound="AllianceError")

#: Characters shown escaped (``\n``, ``\x1b``, ``\u202e``) wherever text from an input is
#: printed: line breaks and control characters (a title with a newline could print a line
#: that looks like another file's error; an escape sequence could drive the terminal),
#: the bidirectional controls that reorder what a terminal shows (U+202E makes
#: ``gnp.exe`` read ``exe.png``), and lone surrogates (which a terminal cannot encode).
_SHOWN_ESCAPED = [
    *range(0x20),
    *range(0x7F, 0xA0),
    0x061C,
    0x200E,
    0x200F,
    0x2028,
    0x2029,
    *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
    *range(0xD800, 0xE000),
]
_ONE_LINE = {
    code: f"\\u{code:04x}" if code >= 0xD800 else repr(chr(code))[1:-1]
    for code in _SHOWN_ESCAPED
    if chr(code) != "\t"
}


def shown(text: object) -> str:
    """Return ``text`` as it may be printed on one line of a terminal: see ``_SHOWN_ESCAPED``."""
    return str(text).translate(_ONE_LINE)


@dataclass(frozen=True, order=True)
class Location:
    """A place in an input file; ``line`` and ``column`` count from 1 (0 = unknown)."""

    file: str
    line: int = 0
    column: int = 0
    #: Whether line N of the text found here is line ``line + N - 1`` of the file, so an
    #: error on a line of that text can point at the file's line: true of one-line text
    #: and literal block scalars (``|``), not of folded (``>``) or escaped (``"\n"``) text.
    lines_follow: bool = field(default=True, compare=False, repr=False)

    def __str__(self) -> str:
        if self.line and self.column:
            return f"{self.file}:{self.line}:{self.column}"
        if self.line:
            return f"{self.file}:{self.line}"
        return self.file

    @classmethod
    def of_file(cls, path: str | Path) -> Location:
        """Point at a whole file."""
        return cls(str(path), 1, 1)


@dataclass(frozen=True)
class Problem:
    """One finding in an input, with the place it points at."""

    location: Location
    message: str

    def __str__(self) -> str:
        # One problem is one line, whatever text from the input the message quotes.
        return shown(f"{self.location}: {self.message}")

    def as_warning(self) -> str:
        """Return the problem as one warning line: ``FILE:LINE:COL: warning: message``."""
        return shown(f"{self.location}: warning: {self.message}")


class AllianceError(click.ClickException):
    """Base of every error a user can cause; carries one or more problems.

    ``exit_code`` is 1: the input was invalid or a build failed.
    """

    exit_code = 1

    def __init__(self, problems: Iterable[Problem] | Problem) -> None:
        self.problems: tuple[Problem, ...] = (
            (problems,) if isinstance(problems, Problem) else tuple(problems)
        )
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def at(cls: type[E], location: Location, message: str) -> E:
        """Build an error with a single problem at ``location``."""
        return cls(Problem(location, message))

    @property
    def location(self) -> Location:
        """The place of the first problem."""
        return self.problems[0].location

    def format_message(self) -> str:
        return self.message

    def show(self, file: object = None) -> None:
        # One line per problem, with no "Error:" prefix, so editors and grep can parse it.
        click.echo(self.format_message(), err=True)


class CommandLineError(AllianceError):
    """Raised when the command line itself is wrong: a file it names is missing, an option
    names a file where a folder is needed. Like Click's usage errors, it exits 2."""

    exit_code = 2


class InputError(AllianceError):
    """Raised when an outline or course file cannot be read or parsed as YAML."""


class ValidationError(AllianceError):
    """Raised when a parsed file does not follow the outline or course format."""


class TemplateError(AllianceError):
    """Raised when a Jinja2 expression in an input or a template fails to render."""


class BuildError(AllianceError):
    """Raised when a deck or notes file cannot be produced or written."""


class ExternalToolError(AllianceError):
    """Raised when an external program (LibreOffice) is missing or fails."""
