"""The Jinja2 environment: sandboxed, strict, user template folders before the built-ins.

Outlines and templates come from other people, so every template runs in Jinja2's
:class:`~jinja2.sandbox.SandboxedEnvironment` with :class:`~jinja2.StrictUndefined`
(a misspelt variable is an error, not a blank). Templates are looked up in the
user's folders first, then in the package's built-ins; a user template can extend
the built-in one of the same name as ``builtin/NAME`` (Pelican's habit).

Resource bounds (sizes, output, time) live in :mod:`alliance_slides.templating.sandbox`. Text
from an outline is a value, not a template file: it cannot include, import or extend
templates.

Jinja2 is imported when the first template is compiled, not with this module: text
without markup comes back as it is, so building an outline with none never needs it
(importing Jinja2 and the sandbox was ~17 ms of a 40-slide build's ~0.2 s).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alliance_slides import limits
from alliance_slides.errors import Location, TemplateError
from alliance_slides.format.loader import UNWRITABLE, display_name

if TYPE_CHECKING:
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

_MARKERS = ("{{", "{%", "{#")

#: Compiled outline strings kept for reuse ('{{ slide.number }}' on every slide): a few
#: kilobytes each, so an outline of a hundred thousand distinct ones does not keep them all.
_COMPILED_KEPT = 512


def format_date(value: Any, fmt: str = "long") -> str:
    """Format a date for people: 'long' gives 'February 2, 2027', 'iso' gives 2027-02-02."""
    if not isinstance(value, dt.date):
        return "" if value is None else str(value)
    if fmt == "iso":
        return value.isoformat()
    if fmt == "long":
        return f"{value:%B} {value.day}, {value.year}"
    return value.strftime(fmt)


def format_number(value: Any, digits: int = 1) -> str:
    """Format a number without a needless '.0': 3.0 -> '3', 2.5 -> '2.5'."""
    if not isinstance(value, (int, float)):
        return str(value)
    if not isinstance(digits, int) or not 0 <= digits <= 20:
        raise ValueError(f"num: digits must be a whole number from 0 to 20, got {digits!r}")
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return text or "0"


def builtin_templates_dir() -> Path:
    """Return the folder of the package's built-in templates."""
    return Path(__file__).with_name("templates")


@lru_cache(maxsize=16)
def make_environment(user_dirs: tuple[Path, ...] = ()) -> SandboxedEnvironment:
    """Return a sandboxed, strict environment searching ``user_dirs`` then the built-ins."""
    import jinja2

    from alliance_slides.templating.sandbox import (
        BoundedSandbox,
        FolderLoader,
        bound_globals_and_filters,
    )
    from alliance_slides.templating.undefined import explained_undefined

    builtin = jinja2.FileSystemLoader(str(builtin_templates_dir()))
    loader = jinja2.ChoiceLoader(
        [
            FolderLoader([str(d) for d in user_dirs]),
            jinja2.PrefixLoader({"builtin": builtin}),
            builtin,
        ]
    )
    env = BoundedSandbox(
        loader=loader,
        undefined=explained_undefined(),
        autoescape=jinja2.select_autoescape(["html.j2", "html"], default_for_string=False),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        # Jinja2's optimizer works out constant expressions while compiling: outside the
        # frames that say which line an error is on ('(0)[0]' failed at line 0), and
        # before any output is counted. Everything is worked out when rendering instead.
        optimized=False,
    )
    env.filters["date"] = format_date
    env.filters["num"] = format_number
    _markup_filters(env)
    bound_globals_and_filters(env)
    return env


def _markup_filters(env: SandboxedEnvironment) -> None:
    """Filters that show the outline's Markdown: ``markdown`` (notes to HTML), ``inline``
    (a title or a line to HTML) and ``plain`` (either to plain text)."""
    from markupsafe import Markup

    from alliance_slides.format.markup import inline_html, notes_html, notes_text

    env.filters["markdown"] = lambda text: Markup(notes_html(str(text)))
    env.filters["inline"] = lambda text: Markup(inline_html(str(text)))
    env.filters["plain"] = lambda text: notes_text(str(text))


def _template_line(error: BaseException, filename: str) -> int | None:
    """Return the template line an error was raised at, from Jinja2's rewritten traceback."""
    line = None
    tb = error.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code.co_filename
        if code == filename or code.endswith(("/" + filename, "<template>")):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _describe(error: Exception, context: dict[str, Any] | None = None) -> str:
    import jinja2

    if isinstance(error, jinja2.UndefinedError):
        from alliance_slides.templating.undefined import explain

        said = explain(error, context) if context is not None else None
        return f"undefined in template: {said or error.message}"
    if isinstance(error, jinja2.exceptions.SecurityError):
        return f"not allowed in templates: {error}"
    if isinstance(error, MemoryError):
        return (
            "template needs more memory than one render may take "
            f"({limits.MAX_TEMPLATE_MEMORY:,} bytes, MAX_TEMPLATE_MEMORY)"
        )
    if isinstance(error, jinja2.TemplateNotFound):
        return f"template not found: {error.name}"
    if isinstance(error, jinja2.TemplateSyntaxError):
        return f"template syntax error: {error.message}"
    if isinstance(error, jinja2.TemplateError):
        return f"template error: {error}"
    if isinstance(error, UnicodeDecodeError):
        return f"not UTF-8 text (byte 0x{error.object[error.start]:02x}); save the file as UTF-8"
    if isinstance(error, SyntaxError):
        return (
            f"template too deeply nested to run ({error.msg}): "
            f"Python allows {_PYTHON_NESTED_BLOCKS} nested {{% for %}}/{{% if %}}/{{% macro %}} "
            "blocks at most; nest fewer"
        )
    return f"template error: {type(error).__name__}: {error}"


#: What a template can raise at run time, besides Jinja2's own errors: Python's from
#: filters and operators given wrong values (``1 / 0``, ``'a' | date(5)``), or too big ones.
_PYTHON_ERRORS = (
    TypeError,
    ValueError,
    ArithmeticError,
    AttributeError,
    LookupError,
    MemoryError,
    RuntimeError,  # RecursionError among them
    AssertionError,  # Jinja2's truncate asserts its arguments ('x' | truncate(0))
    SyntaxError,  # from compiling the Python Jinja2 makes: "too many statically nested blocks"
)


#: How many blocks Python's compiler nests at most (CO_MAXBLOCKS): Jinja2 makes a Python
#: block of each loop and condition.
_PYTHON_NESTED_BLOCKS = 20


def _python_place(error: Exception) -> Exception:
    """Forget the line of an error Python's compiler gave about the code Jinja2 made.

    That line is in the generated Python, not in the template: the template's first line
    is said instead.
    """
    if isinstance(error, SyntaxError):
        error.lineno = 1
    return error


def _errors() -> tuple[type[Exception], ...]:
    """Return what a template can raise: Jinja2's errors and :data:`_PYTHON_ERRORS`."""
    from jinja2 import TemplateError as JinjaError

    return (JinjaError, *_PYTHON_ERRORS)


class Renderer:
    """Render strings and named templates in one environment, mapping errors to places."""

    def __init__(self, user_dirs: Sequence[Path] = ()) -> None:
        self._user_dirs = tuple(Path(d).resolve() for d in user_dirs)
        self._compiled: dict[str, jinja2.Template] = {}
        #: Characters rendered from outline text so far, bounded by MAX_RENDERED_TEXT.
        self.rendered = 0
        #: Seconds rendering took so far, bounded by MAX_TOTAL_RENDER_SECONDS.
        self.seconds = 0.0

    @property
    def env(self) -> SandboxedEnvironment:
        """The environment, made (and Jinja2 imported) on first use."""
        return make_environment(self._user_dirs)

    @staticmethod
    def _place(error: Exception, where: Location) -> Location:
        """Return where in the input a template error is: ``where`` moved to the error's line."""
        lineno = getattr(error, "lineno", None) or _template_line(error, "<template>") or 1
        if not where.line or not where.lines_follow:
            return where
        return Location(where.file, where.line + lineno - 1, where.column)

    def render_string(
        self, text: str, context: dict[str, Any], where: Location, what: str = ""
    ) -> str:
        """Render ``text`` if it holds Jinja2 markup; plain text comes back unchanged."""
        if not any(marker in text for marker in _MARKERS):
            return text
        from jinja2.exceptions import SecurityError

        from alliance_slides.templating.sandbox import bounded_output, render_bounds, unwritable

        started = time.monotonic()
        try:
            with render_bounds(self.seconds):
                template = self._compiled.get(text)
                if template is None:
                    if len(self._compiled) >= _COMPILED_KEPT:  # the oldest goes
                        del self._compiled[next(iter(self._compiled))]
                    template = self._compiled[text] = self._compile_text(text)
                chunks = template.generate(context)
                out = bounded_output(chunks, limits.MAX_STRING_LENGTH, "MAX_STRING_LENGTH")
            bad = UNWRITABLE.search(out)
            if bad:
                raise unwritable(bad.group())
            self.rendered += len(out)
            if self.rendered > limits.MAX_RENDERED_TEXT:
                raise SecurityError(
                    f"the text rendered so far passes {limits.MAX_RENDERED_TEXT:,} characters "
                    "(MAX_RENDERED_TEXT)"
                )
            return out
        except _errors() as e:
            prefix = f"{what}: " if what else ""
            _python_place(e)
            raise TemplateError.at(self._place(e, where), prefix + _describe(e, context)) from e
        finally:
            self.seconds += time.monotonic() - started

    def _compile_text(self, text: str) -> jinja2.Template:
        """Compile text from an outline, which may not reach other template files."""
        from jinja2 import nodes
        from jinja2.exceptions import SecurityError

        # Template tags that reach other template files; outline text may not use them.
        loading = (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)
        tree = self.env.parse(text)
        for node in tree.find_all(loading):
            tag = type(node).__name__.lower().replace("fromimport", "from ... import")
            error = SecurityError(
                f"'{{% {tag} %}}' cannot be used in outline text; "
                "only notes template files may include, import or extend templates"
            )
            error.lineno = node.lineno  # type: ignore[attr-defined]
            raise error
        return self.env.from_string(tree)

    def _find(self, name: str) -> str:
        """Return the file of template ``name`` in the user folders, else ``name`` itself."""
        for folder in self._user_dirs:
            path = folder / name
            if path.is_file():
                return str(path)
        return name

    def render_template(self, name: str, context: dict[str, Any]) -> str:
        """Render the template file ``name`` (user folders first, then built-ins)."""
        from alliance_slides.templating.sandbox import bounded_output, render_bounds, unwritable

        template = None
        started = time.monotonic()
        try:
            with render_bounds(self.seconds):
                template = self.env.get_template(name)
                chunks = template.generate(context)
                out = bounded_output(chunks, limits.MAX_FILE_BYTES, "MAX_FILE_BYTES")
            bad = UNWRITABLE.search(out)
            if bad:  # made by a {% filter %} block, say, which prints without finalize
                raise unwritable(bad.group())
            return out
        except _errors() as e:
            _python_place(e)
            fallback = (template.filename if template is not None else None) or self._find(name)
            raise TemplateError.at(_template_place(e, fallback), _describe(e, context)) from e
        finally:
            self.seconds += time.monotonic() - started


def _decode_place(error: UnicodeDecodeError, filename: str) -> tuple[int, int] | None:
    """Return the line and column of the byte a template file could not decode, from 1."""
    try:
        raw = Path(filename).read_bytes()
    except OSError:
        return None
    at = min(error.start, len(raw))
    return raw.count(b"\n", 0, at) + 1, at - (raw.rfind(b"\n", 0, at) + 1) + 1


def _template_place(error: BaseException, fallback: str) -> Location:
    """Return where in a template file ``error`` is: its own place, else its innermost frame.

    Jinja2 gives a syntax error its file and line; a runtime error's traceback holds a
    frame per template it went through (a template includes or extends others), named
    after the template's file. The file is shown as a path (``templates/notes.md.j2``),
    relative to the working folder when it is inside it.
    """
    filename = getattr(error, "filename", None)
    lineno = getattr(error, "lineno", None) if filename else None
    if not filename:
        tb = error.__traceback__
        while tb is not None:
            code = tb.tb_frame.f_code.co_filename
            if not code.endswith(".py") and not code.startswith("<"):
                filename, lineno = code, tb.tb_lineno
            tb = tb.tb_next
    filename = filename or fallback
    shown = display_name(Path(filename)) if Path(filename).is_absolute() else filename
    if isinstance(error, UnicodeDecodeError) and Path(filename).is_absolute():
        place = _decode_place(error, filename)
        if place:
            return Location(shown, *place)
    return Location(shown, lineno or 0, 1 if lineno else 0)
