"""The Jinja2 environment: sandboxed, strict, user template folders before the built-ins.

Outlines and templates come from other people, so every template runs in Jinja2's
:class:`~jinja2.sandbox.SandboxedEnvironment` with :class:`~jinja2.StrictUndefined`
(a misspelt variable is an error, not a blank). Templates are looked up in the
user's folders first, then in the package's built-ins; a user template can extend
the built-in one of the same name as ``builtin/NAME`` (Pelican's habit).

The sandbox stops attribute tricks, not resource use, so the operators and filters
that can build a huge value from a short expression (``'x' * 10**9``,
``9 ** (9 ** 9)``, ``'%999999999d' % 1``, ``center(10**9)``, ``replace('', s)``) are
bounded by :data:`~alliance_slides.limits.MAX_STRING_LENGTH`, and so is what one
string renders to; what a template keeps (namespace attributes, macro output, call and
filter results) is bounded by :data:`~alliance_slides.limits.MAX_RENDERED_TEXT`, so a
value doubled in a loop stops early. Each render may take at most
:data:`~alliance_slides.limits.MAX_RENDER_SECONDS` (nested loops). Text from an
outline is a value, not a template file: it cannot include, import or extend templates.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import signal
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import Namespace

from alliance_slides import limits
from alliance_slides.errors import Location, TemplateError
from alliance_slides.loader import UNWRITABLE

_MARKERS = ("{{", "{%", "{#")

#: Widths and precisions in a printf-style format ('%-30.5f'), and '*' taking one from the args.
_PRINTF_NUMBERS = re.compile(r"%[#0 +-]*(\*|\d+)?(?:\.(\*|\d+))?")

#: Replacement fields of a str.format string, and fields nested in one ('{:{w}}').
_FORMAT_FIELDS = re.compile(r"\{([^{}]*)\}")
_NESTED_FIELD = re.compile(r"\{[^{}]*\{")

#: Template tags that reach other template files; outline text may not use them.
_LOADING_NODES = (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)


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


def _too_big(size: int, what: str) -> SecurityError:
    return SecurityError(
        f"{what} would make {size:,} characters or items; the limit is "
        f"{limits.MAX_STRING_LENGTH:,} (MAX_STRING_LENGTH)"
    )


def _check_printf(fmt: str, args: Any) -> None:
    """Refuse a printf-style format whose widths would make a huge string."""
    given = args if isinstance(args, tuple) else (args,)
    for match in _PRINTF_NUMBERS.finditer(fmt):
        for number in match.groups():
            if number == "*":
                numbers = [a for a in given if isinstance(a, int)]
                size = max(numbers, default=0)
            else:
                size = int(number or 0)
            if size > limits.MAX_STRING_LENGTH:
                raise _too_big(size, f"format '{match.group(0)}'")


def _check_str_format(fmt: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse a ``str.format`` whose widths ('{:>999999999}') would make a huge string."""
    sizes = [int(n) for field in _FORMAT_FIELDS.findall(fmt) for n in re.findall(r"\d+", field)]
    if _NESTED_FIELD.search(fmt):  # '{:{width}}' takes its width from the arguments
        sizes += [a for a in (*args, *kwargs.values()) if isinstance(a, int)]
    if sizes and max(sizes) > limits.MAX_STRING_LENGTH:
        raise _too_big(max(sizes), "format()")


def _check_replace(text: str, old: Any = "", new: Any = "") -> None:
    """Refuse a ``replace`` whose result would be huge ('x' * n | replace('', 'y' * n))."""
    if isinstance(old, str) and isinstance(new, str) and len(new) > len(old):
        size = len(text) + text.count(old) * (len(new) - len(old))
        if size > limits.MAX_STRING_LENGTH:
            raise _too_big(size, "replace")


def _check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse ``*``, ``**``, ``%`` and ``+`` when their result would be huge."""
    if operator == "+":
        if isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
            size = len(left) + len(right)
            if size > limits.MAX_RENDERED_TEXT:
                raise SecurityError(
                    f"'+' would make {size:,} characters or items; the limit is "
                    f"{limits.MAX_RENDERED_TEXT:,} (MAX_RENDERED_TEXT)"
                )
    elif operator == "*":
        for seq, count in ((left, right), (right, left)):
            if isinstance(seq, (str, list, tuple)) and isinstance(count, int):
                if len(seq) * count > limits.MAX_STRING_LENGTH:
                    raise _too_big(len(seq) * count, "'*'")
    elif operator == "**":
        if isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 0:
            # The result has about right * bits(left) bits; 3.3 bits make a digit.
            if right * abs(left).bit_length() > limits.MAX_STRING_LENGTH * 3:
                raise SecurityError(
                    f"'**' would make a number of more than {limits.MAX_STRING_LENGTH:,} "
                    "digits (MAX_STRING_LENGTH)"
                )
    elif operator == "%" and isinstance(left, str):
        _check_printf(left, right)


def _kept(value: Any, what: str) -> Any:
    """Return ``value``, refusing text or a collection longer than MAX_RENDERED_TEXT.

    Values a template keeps (in a namespace, a macro's output, what a call or filter
    returns) are checked, so that doubling one in a loop or a recursive macro stops
    long before it exhausts memory.
    """
    if isinstance(value, (str, list, tuple, dict)) and len(value) > limits.MAX_RENDERED_TEXT:
        raise SecurityError(
            f"{what} makes {len(value):,} characters or items; the limit is "
            f"{limits.MAX_RENDERED_TEXT:,} (MAX_RENDERED_TEXT)"
        )
    return value


def _bounded_concat(parts: Iterable[str]) -> str:
    return _kept("".join(parts), "a macro or block")  # type: ignore[no-any-return]


class BoundedNamespace(Namespace):
    """Jinja2's ``namespace()``, refusing a huge value (see :func:`_kept`)."""

    def __setitem__(self, name: str, value: Any) -> None:
        super().__setitem__(name, _kept(value, f"namespace attribute '{name}'"))


class BoundedSandbox(SandboxedEnvironment):
    """Jinja2's sandbox with ``*``, ``**``, ``%`` and ``+`` bounded, and what templates keep.

    See the module docstring; ``concat`` joins the output of macros and blocks.
    """

    intercepted_binops = frozenset({"*", "**", "%", "+"})
    concat = staticmethod(_bounded_concat)  # type: ignore[assignment]

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        if getattr(obj, "__name__", "") == "replace" and isinstance(
            getattr(obj, "__self__", None), str
        ):
            _check_replace(obj.__self__, *args[:2])
        return _kept(super().call(context, obj, *args, **kwargs), "a call")

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapper = super().wrap_str_format(value)
        if wrapper is None:
            return None
        fmt = value.__self__
        checked = wrapper

        def bounded(*args: Any, **kwargs: Any) -> str:
            _check_str_format(fmt, args, kwargs)
            return checked(*args, **kwargs)

        return bounded


def _bounded_width(
    name: str, function: Callable[..., Any], limit: int = limits.MAX_STRING_LENGTH
) -> Callable[..., Any]:
    """Wrap a built-in filter (or, with ``limit``, a global) so no number argument passes it.

    A filter's first argument is the value filtered (after the environment, for
    filters that take it); only the arguments after it are checked.
    """
    is_filter = name != "lipsum"
    first = (1 if getattr(function, "jinja_pass_arg", None) else 0) + is_filter

    @functools.wraps(function)  # keeps Jinja2's pass_environment marker
    def bounded(*args: Any, **kwargs: Any) -> Any:
        for arg in (*args[first:], *kwargs.values()):
            if isinstance(arg, int) and arg > limit:
                raise SecurityError(f"'{name}' takes numbers up to {limit:,}, got {arg:,}")
        if name == "format" and args and isinstance(args[0], str):
            _check_printf(args[0], args[1:])
        return function(*args, **kwargs)

    return bounded


def _bounded_result(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a filter so its result is checked (see :func:`_kept`), and replace's beforehand."""
    first = 1 if getattr(function, "jinja_pass_arg", None) else 0

    @functools.wraps(function)  # keeps Jinja2's pass_environment marker
    def bounded(*args: Any, **kwargs: Any) -> Any:
        if name == "replace" and isinstance(args[first] if len(args) > first else None, str):
            _check_replace(*args[first : first + 3])
        return _kept(function(*args, **kwargs), f"filter '{name}'")

    return bounded


def _bounded_output(chunks: Iterator[str], limit: int, name: str) -> str:
    """Join a template's output, refusing it once it passes ``limit`` characters."""
    out: list[str] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > limit:
            raise SecurityError(f"renders to more than {limit:,} characters ({name})")
        out.append(chunk)
    return "".join(out)


class FolderLoader(jinja2.FileSystemLoader):
    """Load templates from user folders, refusing a symlink that leads out of its folder."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        resolved = Path(filename).resolve()
        if not any(resolved.is_relative_to(Path(d).resolve()) for d in self.searchpath):
            raise SecurityError(f"template '{template}' resolves to {resolved}, outside its folder")
        return source, filename, uptodate


@lru_cache(maxsize=16)
def make_environment(user_dirs: tuple[Path, ...] = ()) -> SandboxedEnvironment:
    """Return a sandboxed, strict environment searching ``user_dirs`` then the built-ins."""
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
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(["html.j2", "html"], default_for_string=False),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["date"] = format_date
    env.filters["num"] = format_number
    for name in ("center", "indent", "format", "wordwrap", "truncate"):
        env.filters[name] = _bounded_width(name, env.filters[name])
    for name, function in list(env.filters.items()):
        env.filters[name] = _bounded_result(name, function)
    lipsum: Callable[..., Any] = env.globals["lipsum"]  # type: ignore[assignment]
    env.globals["lipsum"] = _bounded_width("lipsum", lipsum, 1000)
    env.globals["namespace"] = BoundedNamespace
    return env


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


def _describe(error: Exception) -> str:
    if isinstance(error, jinja2.UndefinedError):
        return f"undefined in template: {error.message}"
    if isinstance(error, jinja2.exceptions.SecurityError):
        return f"not allowed in templates: {error}"
    if isinstance(error, MemoryError):
        return "template needs too much memory"
    if isinstance(error, jinja2.TemplateNotFound):
        return f"template not found: {error.name}"
    if isinstance(error, jinja2.TemplateSyntaxError):
        return f"template syntax error: {error.message}"
    if isinstance(error, jinja2.TemplateError):
        return f"template error: {error}"
    return f"template error: {type(error).__name__}: {error}"


#: What a template can raise at run time: its own errors, and Python's from filters and
#: operators given wrong values (``1 / 0``, ``'a' | date(5)``), or too big ones.
_ERRORS = (
    jinja2.TemplateError,
    TypeError,
    ValueError,
    ArithmeticError,
    AttributeError,
    LookupError,
    MemoryError,
    RecursionError,
)


class _TimeUp(SecurityError):
    """Raised inside a render that has run past MAX_RENDER_SECONDS."""


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Stop what runs inside after ``seconds`` with :class:`_TimeUp`.

    A timer signal interrupts pure-Python rendering between two steps, however the
    template loops. Signals reach only the main thread (and need Unix), so elsewhere
    nothing is bounded; every build renders in its main thread.
    """
    in_main = threading.current_thread() is threading.main_thread()
    if not hasattr(signal, "setitimer") or not in_main:
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise _TimeUp(
            f"rendering took more than {format_number(seconds)} s (MAX_RENDER_SECONDS)"
        )

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class Renderer:
    """Render strings and named templates in one environment, mapping errors to places."""

    def __init__(self, user_dirs: Sequence[Path] = ()) -> None:
        self.env = make_environment(tuple(Path(d).resolve() for d in user_dirs))
        self._compiled: dict[str, jinja2.Template] = {}
        #: Characters rendered from outline text so far, bounded by MAX_RENDERED_TEXT.
        self.rendered = 0

    @staticmethod
    def _place(error: Exception, where: Location) -> Location:
        """Return where in the input a template error is: ``where`` moved to the error's line."""
        lineno = getattr(error, "lineno", None) or _template_line(error, "<template>") or 1
        if not where.line:
            return where
        return Location(where.file, where.line + lineno - 1, where.column)

    def render_string(
        self, text: str, context: dict[str, Any], where: Location, what: str = ""
    ) -> str:
        """Render ``text`` if it holds Jinja2 markup; plain text comes back unchanged."""
        if not any(marker in text for marker in _MARKERS):
            return text
        try:
            template = self._compiled.get(text)
            if template is None:
                template = self._compiled[text] = self._compile_text(text)
            with _time_limit(limits.MAX_RENDER_SECONDS):
                chunks = template.generate(context)
                out = _bounded_output(chunks, limits.MAX_STRING_LENGTH, "MAX_STRING_LENGTH")
            bad = UNWRITABLE.search(out)
            if bad:
                raise SecurityError(
                    f"renders character U+{ord(bad.group()):04X}, which a deck cannot hold"
                )
            self.rendered += len(out)
            if self.rendered > limits.MAX_RENDERED_TEXT:
                raise SecurityError(
                    f"the text rendered so far passes {limits.MAX_RENDERED_TEXT:,} characters "
                    "(MAX_RENDERED_TEXT)"
                )
            return out
        except _ERRORS as e:
            prefix = f"{what}: " if what else ""
            raise TemplateError.at(self._place(e, where), prefix + _describe(e)) from e

    def _compile_text(self, text: str) -> jinja2.Template:
        """Compile text from an outline, which may not reach other template files."""
        tree = self.env.parse(text)
        for node in tree.find_all(_LOADING_NODES):
            tag = type(node).__name__.lower().replace("fromimport", "from ... import")
            error = SecurityError(
                f"'{{% {tag} %}}' cannot be used in outline text; "
                "only notes template files may include, import or extend templates"
            )
            error.lineno = node.lineno  # type: ignore[attr-defined]
            raise error
        return self.env.from_string(tree)

    def render_template(self, name: str, context: dict[str, Any]) -> str:
        """Render the template file ``name`` (user folders first, then built-ins)."""
        try:
            template = self.env.get_template(name)
            with _time_limit(limits.MAX_RENDER_SECONDS):
                chunks = template.generate(context)
                return _bounded_output(chunks, limits.MAX_FILE_BYTES, "MAX_FILE_BYTES")
        except _ERRORS as e:
            filename = getattr(e, "filename", None) or name
            lineno = getattr(e, "lineno", None) or _template_line(e, filename) or 0
            raise TemplateError.at(
                Location(filename, lineno, 1 if lineno else 0), _describe(e)
            ) from e
