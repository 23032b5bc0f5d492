"""Jinja2's sandbox, bounded: what a short template may cost in size, memory and time.

Jinja2's :class:`~jinja2.sandbox.SandboxedEnvironment` stops attribute tricks, not
resource use, so the operators and filters that can build a huge value from a short
expression (``'x' * 10**9``, ``9 ** (9 ** 9)``, ``'%999999999d' % 1``, ``center(10**9)``,
``replace('', s)``) are bounded by :data:`~alliance_slides.limits.MAX_STRING_LENGTH`,
and so is what one string renders to; what a template keeps (namespace attributes,
macro output, call and filter results) is bounded by
:data:`~alliance_slides.limits.MAX_RENDERED_TEXT`, so a value doubled in a loop stops
early. Each render may take at most :data:`~alliance_slides.limits.MAX_RENDER_SECONDS`
(nested loops). User template folders may not lead out through symlinks.
:mod:`alliance_slides.templating.environment` builds its environment from these pieces.
"""

from __future__ import annotations

import functools
import re
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import Namespace

from alliance_slides import limits

#: Widths and precisions in a printf-style format ('%-30.5f'), and '*' taking one from the args.
_PRINTF_NUMBERS = re.compile(r"%[#0 +-]*(\*|\d+)?(?:\.(\*|\d+))?")

#: Replacement fields of a str.format string, and fields nested in one ('{:{w}}').
_FORMAT_FIELDS = re.compile(r"\{([^{}]*)\}")
_NESTED_FIELD = re.compile(r"\{[^{}]*\{")


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


def bounded_output(chunks: Iterator[str], limit: int, name: str) -> str:
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


def bound_globals_and_filters(env: SandboxedEnvironment) -> None:
    """Bound the environment's filters and globals that take sizes or keep values."""
    for name in ("center", "indent", "format", "wordwrap", "truncate"):
        env.filters[name] = _bounded_width(name, env.filters[name])
    for name, function in list(env.filters.items()):
        env.filters[name] = _bounded_result(name, function)
    lipsum: Callable[..., Any] = env.globals["lipsum"]  # type: ignore[assignment]
    env.globals["lipsum"] = _bounded_width("lipsum", lipsum, 1000)
    env.globals["namespace"] = BoundedNamespace


class TimeUp(SecurityError):
    """Raised inside a render that has run past MAX_RENDER_SECONDS."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
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
        raise TimeUp(
            f"rendering took more than {seconds:g} s (MAX_RENDER_SECONDS)"
        )

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
