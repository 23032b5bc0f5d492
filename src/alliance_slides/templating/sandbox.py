"""Jinja2's sandbox, bounded: what a short template may cost in size, memory and time.

Jinja2's :class:`~jinja2.sandbox.SandboxedEnvironment` stops attribute tricks, not
resource use. Here every way a template makes a value is bounded before the value is
made: operators (``~``, ``+``, ``*``, ``%``, ``**``), every built-in filter, the
methods of text, numbers and dates, ``str.format``, printing a list, and what blocks
and macros collect. :mod:`alliance_slides.templating.sizes` predicts each size and
:mod:`alliance_slides.templating.budget` refuses it when it would pass what one render
may build (:data:`~alliance_slides.limits.MAX_TEMPLATE_BUILD`); the widths that make
one value (``'x' * n``, ``center(n)``, ``'%0nd'``) are bounded by
:data:`~alliance_slides.limits.MAX_STRING_LENGTH` too. Templates cannot change the
lists and dicts they are given (Jinja2's immutable sandbox), so nothing grows from one
render to the next. The operating system backs this up (:func:`render_bounds`), and
each render may take at most :data:`~alliance_slides.limits.MAX_RENDER_SECONDS`
(nested loops). User template folders may not lead out through symlinks.
:mod:`alliance_slides.templating.environment` builds its environment from these pieces.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import re
import signal
import threading
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame, operators
from jinja2.exceptions import SecurityError
from jinja2.runtime import markup_join, str_join
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace

from alliance_slides import limits
from alliance_slides.format.loader import UNWRITABLE
from alliance_slides.templating import budget, sizes

#: Widths and precisions in a printf-style format ('%-30.5f'), and '*' taking one from the args.
_PRINTF_NUMBERS = re.compile(r"%[#0 +-]*(\*|\d+)?(?:\.(\*|\d+))?")

#: Replacement fields of a str.format string, and fields nested in one ('{:{w}}').
_FORMAT_FIELDS = re.compile(r"\{([^{}]*)\}")
_NESTED_FIELD = re.compile(r"\{[^{}]*\{")

#: Bits of the largest integer a template may make (about MAX_STRING_LENGTH digits).
_MAX_BITS = limits.MAX_STRING_LENGTH * 3


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
    sizes_ = [int(n) for field in _FORMAT_FIELDS.findall(fmt) for n in re.findall(r"\d+", field)]
    if _NESTED_FIELD.search(fmt):  # '{:{width}}' takes its width from the arguments
        sizes_ += [a for a in (*args, *kwargs.values()) if isinstance(a, int)]
    if sizes_ and max(sizes_) > limits.MAX_STRING_LENGTH:
        raise _too_big(max(sizes_), "format()")
    budget.charge(sizes.str_format(fmt, args, kwargs, budget.left()), "format()")


def _check_replace(text: str, old: Any = "", new: Any = "", count: Any = -1) -> None:
    """Refuse a ``replace`` whose result would be huge ('x' * n | replace('', 'y' * n))."""
    if isinstance(old, str) and isinstance(new, str) and len(new) > len(old):
        size = sizes.replaced(text, old, new, count, budget.left())
        if size > limits.MAX_STRING_LENGTH:
            raise _too_big(size, "replace")


def _sequence(value: Any) -> bool:
    return isinstance(value, (str, bytes, list, tuple))


def _number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse ``*``, ``**``, ``%`` and ``+`` when their result would be huge; count the rest."""
    escaping = hasattr(left, "__html__") or hasattr(right, "__html__")
    if operator == "+":
        if _sequence(left) and _sequence(right):
            size = len(left) + len(right)
            if size > limits.MAX_RENDERED_TEXT:
                raise SecurityError(
                    f"'+' would make {size:,} characters or items; the limit is "
                    f"{limits.MAX_RENDERED_TEXT:,} (MAX_RENDERED_TEXT)"
                )
            text = isinstance(left, (str, bytes))
            budget.charge(size * (sizes.ESCAPE if escaping else 1) if text else sizes.ITEM * size,
                          "'+'")
    elif operator == "*":
        if _number(left) and _number(right) and left and right:
            if left.bit_length() + right.bit_length() > _MAX_BITS:
                raise SecurityError(
                    f"'*' would make a number of more than {limits.MAX_STRING_LENGTH:,} "
                    "digits (MAX_STRING_LENGTH)"
                )
        for seq, count in ((left, right), (right, left)):
            if _sequence(seq) and _number(count):
                size = len(seq) * max(count, 0)
                if size > limits.MAX_STRING_LENGTH:
                    raise _too_big(size, "'*'")
                budget.charge(size if isinstance(seq, (str, bytes)) else sizes.ITEM * size, "'*'")
    elif operator == "**":
        if _number(left) and _number(right) and abs(left) > 1 and right > 0:
            # The result has about right * bits(left) bits; 3.3 bits make a digit.
            if right * abs(left).bit_length() > _MAX_BITS:
                raise SecurityError(
                    f"'**' would make a number of more than {limits.MAX_STRING_LENGTH:,} "
                    "digits (MAX_STRING_LENGTH)"
                )
    elif operator == "%" and isinstance(left, (str, bytes)):
        if isinstance(left, str):
            _check_printf(left, right)
        size = sizes.printf(left if isinstance(left, str) else left.decode("latin-1"), right,
                            budget.left())
        budget.charge(size * (sizes.ESCAPE if escaping else 1), "'%'")


def _kept(value: Any, what: str) -> Any:
    """Return ``value``, refusing text or a collection longer than MAX_RENDERED_TEXT.

    Values a template keeps (in a namespace, a macro's output, what a call or filter
    returns) are checked again once made: the sizes predicted before are upper bounds,
    and this catches what no prediction covers.
    """
    if isinstance(value, (str, list, tuple, dict)) and len(value) > limits.MAX_RENDERED_TEXT:
        raise SecurityError(
            f"{what} makes {len(value):,} characters or items; the limit is "
            f"{limits.MAX_RENDERED_TEXT:,} (MAX_RENDERED_TEXT)"
        )
    return value


def _bounded_concat(parts: Iterable[str]) -> str:
    """Join what a macro or a block collected, counted before the joined text is made."""
    pieces = parts if isinstance(parts, list) else list(parts)
    budget.charge(sum(len(piece) for piece in pieces), "a macro or block")
    return _kept("".join(pieces), "a macro or block")  # type: ignore[no-any-return]


class BoundedBuffer(list[str]):
    """What a macro or a block collects before it is joined; each piece is counted.

    A loop in a macro adds a piece per turn, so pieces are charged as they come (with
    the list's slot, so that empty ones cost too), and every few thousand are
    joined into one, so the list and the pieces' own objects stay small.
    """

    _joined = 0  # the pieces before this index are joined already

    def append(self, piece: str) -> None:
        budget.charge(len(piece) + sizes.ITEM, "a macro or block")
        super().append(piece)
        if len(self) - self._joined >= 4096:
            self[self._joined :] = ["".join(self[self._joined :])]
            self._joined += 1

    def extend(self, pieces: Iterable[str]) -> None:
        for piece in pieces:
            self.append(piece)


def _concat(autoescape: bool, parts: tuple[Any, ...]) -> str:
    """Jinja2's ``~``: each part measured (and counted) before any of them becomes text."""
    left = budget.left()
    size = 0
    for part in parts:
        size += sizes.measure(part, left)
        if size > left:
            break
    budget.charge(size * (sizes.ESCAPE if autoescape else 1), "'~'")
    return markup_join(parts) if autoescape else str_join(parts)  # type: ignore[no-any-return]


def _finalize(value: Any) -> Any:
    """Check what ``{{ ... }}`` prints, before it is made text.

    A list or dict prints as its whole ``repr``, so it is measured and counted first;
    text is checked for characters no deck or notes file can hold (a lone surrogate, a
    control character), here, so the error points at the expression's line.
    """
    if isinstance(value, str):
        bad = UNWRITABLE.search(value)
        if bad:
            raise unwritable(bad.group())
        return value
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        budget.charge(sizes.measure(value, budget.left()), "printing a value")
    return value


def unwritable(char: str) -> SecurityError:
    """Return the error for a rendered character that no deck or text file can hold."""
    return SecurityError(
        f"renders character U+{ord(char):04X}, which a deck cannot hold "
        "(nor notes or handouts): a control character, a lone surrogate or a non-character"
    )


class BoundedCodeGenerator(CodeGenerator):
    """Jinja2's code generator, with ``~`` and block buffers going through the bounds."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            escaping = "context.eval_ctx.autoescape"
        else:
            escaping = str(bool(frame.eval_ctx.autoescape))
        self.write(f"environment.bounded_concat({escaping}, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")

    def buffer(self, frame: Frame) -> None:
        frame.buffer = self.temporary_identifier()
        self.writeline(f"{frame.buffer} = environment.bounded_buffer()")

    def visit_Dict(self, node: nodes.Dict, frame: Frame) -> None:
        # A key is hashed, and a tuple's hash visits every item it holds, shared or not.
        self.write("{")
        for idx, item in enumerate(node.items):
            if idx:
                self.write(", ")
            self.write("environment.compared(")
            self.visit(item.key, frame)
            self.write("): ")
            self.visit(item.value, frame)
        self.write("}")

    def visit_Compare(self, node: nodes.Compare, frame: Frame) -> None:
        # Each side goes through compared(): Python compares lists element by element
        # in C, where the time limit's signal cannot stop it.
        self.write("(environment.compared(")
        self.visit(node.expr, frame)
        self.write(")")
        for op in node.ops:
            self.write(f" {operators[op.op]} environment.compared(")
            self.visit(op.expr, frame)
            self.write(")")
        self.write(")")


def _compared(value: Any) -> Any:
    """Return ``value`` for ``==``, ``<``, ``in``…, refusing a collection too big to compare.

    ``[a, a]`` forty times over is forty small lists that share their items, and takes
    seconds to build; comparing two of them visits 2**40 items in one uninterruptible
    call. A list, tuple, dict or set compared must print as at most MAX_COMPARED
    characters (measured, giving up past that).
    """
    if isinstance(value, (list, tuple, dict, set, frozenset)) and value:
        if sizes.measure(value, MAX_COMPARED) > MAX_COMPARED:
            raise SecurityError(
                f"comparing a value that prints as more than {MAX_COMPARED:,} characters "
                "(its items counted as often as they appear; MAX_COMPARED)"
            )
    return value


#: Largest collection ``==``, ``<`` or ``in`` may compare, in characters it prints as.
MAX_COMPARED = 1_000_000


class BoundedNamespace(Namespace):
    """Jinja2's ``namespace()``, refusing a huge value (see :func:`_kept`)."""

    def __setitem__(self, name: str, value: Any) -> None:
        super().__setitem__(name, _kept(value, f"namespace attribute '{name}'"))


def _predict_call(obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Count what calling ``obj`` (a method of text, a number, a date, a list) will make."""
    owner = getattr(obj, "__self__", None)
    name = getattr(obj, "__name__", "")
    left = budget.left()
    what = f"'{name}()'"
    if isinstance(owner, (str, bytes)):
        factor = sizes.ESCAPE if hasattr(owner, "__html__") else 1
        if name == "replace":
            _check_replace(owner, *args[:3])  # type: ignore[arg-type]
        if name == "join" and args:
            parts = args[0] if isinstance(args[0], list) else list(args[0])
            size = sizes.joined(parts, len(owner), left) * factor
        elif name == "translate" and args:
            size = sizes.translated(owner, args[0], left)
        elif name in sizes.TEXT_METHODS:
            size = sizes.TEXT_METHODS[name](owner, *args, limit=left, **kwargs) * factor
        else:
            size = len(owner)
        budget.charge(size, what)
    elif _number(owner):
        budget.charge(sizes.int_method(name, args, kwargs), what)
    elif isinstance(owner, (dt.date, dt.time)) and name == "strftime" and args:
        budget.charge(16 * sizes.measure(args[0], left) + 64, what)
    elif isinstance(owner, (list, tuple, dict, type)):  # copy(), dict.fromkeys(keys)
        made = sizes.items(owner) if name == "copy" else sum(sizes.items(a) for a in args)
        budget.charge(sizes.ITEM * made, what)


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """Jinja2's immutable sandbox with what templates make bounded (see the module docstring).

    ``concat`` joins the output of macros and blocks; ``bounded_concat`` is ``~`` and
    ``bounded_buffer`` what a macro or block collects (:class:`BoundedCodeGenerator`).
    """

    intercepted_binops = frozenset({"*", "**", "%", "+"})
    concat = staticmethod(_bounded_concat)  # type: ignore[assignment]
    code_generator_class = BoundedCodeGenerator
    bounded_concat = staticmethod(_concat)
    bounded_buffer = BoundedBuffer
    compared = staticmethod(_compared)

    def __init__(self, **options: Any) -> None:
        super().__init__(finalize=_finalize, **options)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        if getattr(obj, "__self__", None) is not None and getattr(obj, "__name__", "") == "join":
            args = (list(args[0]), *args[1:]) if args else args  # measured, then joined
        _predict_call(obj, args, kwargs)
        return _kept(super().call(context, obj, *args, **kwargs), "a call")

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapper = super().wrap_str_format(value)
        if wrapper is None:
            return None
        fmt = value.__self__
        checked = wrapper
        mapping = value.__name__ == "format_map"

        def bounded(*args: Any, **kwargs: Any) -> str:
            if mapping and len(args) == 1 and hasattr(args[0], "values"):
                _check_str_format(fmt, (), dict(args[0]))
            else:
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
        if name == "lipsum":
            budget.charge(sizes.lipsum(*args, **kwargs), "lipsum()")
        return function(*args, **kwargs)

    return bounded


def _bounded_result(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a filter so what it will make is counted first, and what it made is checked.

    An iterator given to a filter is made a list first (it could not be measured and
    then read again); its size is predicted by :data:`sizes.FILTERS`.
    """
    first = 1 if getattr(function, "jinja_pass_arg", None) else 0
    try:
        signature: inspect.Signature | None = inspect.signature(function)
    except (TypeError, ValueError):  # pragma: no cover - every built-in filter has one
        signature = None
    predict = sizes.FILTERS.get(name)

    @functools.wraps(function)  # keeps Jinja2's pass_environment marker
    def bounded(*args: Any, **kwargs: Any) -> Any:
        if len(args) > first and isinstance(args[first], Iterator):
            items = list(args[first])
            budget.charge(sizes.ITEM * len(items), f"filter '{name}'")
            args = (*args[:first], items, *args[first + 1 :])
        if name == "replace" and len(args) > first and isinstance(args[first], str):
            _check_replace(*args[first : first + 4])
        if name in _COMPARING and len(args) > first:
            _compared(args[first])  # sorting compares the items with each other
        if predict is not None and len(args) > first:
            given, named = args, kwargs
            if signature is not None:
                try:
                    bound = signature.bind(*args, **kwargs)
                except TypeError:
                    bound = None  # the filter itself says what is wrong
                if bound is not None:
                    bound.apply_defaults()
                    given, named = bound.args, bound.kwargs
            escaping = name in sizes.ESCAPING and bool(
                first and getattr(args[0], "autoescape", False)
            )
            size = predict(*given[first:], limit=budget.left(), **named)
            budget.charge(size * (sizes.ESCAPE if escaping else 1), f"filter '{name}'")
        return _kept(function(*args, **kwargs), f"filter '{name}'")

    return bounded


def bounded_output(chunks: Iterator[str], limit: int, name: str) -> str:
    """Join a template's output, refusing it once it passes ``limit`` characters.

    Pieces are joined every few thousand, so a loop printing one character at a time
    costs the characters, not a list entry (and an object) each. The refusal is raised
    inside the template, where it printed the piece too many, so it has that line.
    """
    out: list[str] = []
    pending: list[str] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > limit:
            error = SecurityError(f"renders to more than {limit:,} characters ({name})")
            if isinstance(chunks, Generator):  # re-raised by Jinja2 with the template's line
                chunks.throw(error)
            raise error
        pending.append(chunk)
        if len(pending) >= 4096:
            out.append("".join(pending))
            pending.clear()
    out.append("".join(pending))
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


#: Filters that compare the items of what they are given, and tests that compare values.
_COMPARING = frozenset({"sort", "unique", "min", "max", "dictsort", "groupby"})
_COMPARING_TESTS = frozenset(
    {"eq", "equalto", "==", "ne", "!=", "lt", "lessthan", "<", "le", "<=", "gt",
     "greaterthan", ">", "ge", ">=", "in"}
)


def _compared_test(function: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a test so the values it compares are checked by :func:`_compared` first."""

    @functools.wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        for value in (*args, *kwargs.values()):
            _compared(value)
        return function(*args, **kwargs)

    return bounded


def bound_globals_and_filters(env: ImmutableSandboxedEnvironment) -> None:
    """Bound the environment's filters and globals that take sizes or keep values."""
    for name, function in list(env.filters.items()):
        env.filters[name] = _bounded_result(name, function)
    for name in _COMPARING_TESTS & set(env.tests):
        test: Callable[..., Any] = env.tests[name]  # type: ignore[assignment]
        env.tests[name] = _compared_test(test)  # type: ignore[assignment]
    for name in ("center", "indent", "format", "wordwrap", "truncate"):  # checked first
        env.filters[name] = _bounded_width(name, env.filters[name])
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


@contextmanager
def render_bounds(spent: float = 0.0) -> Iterator[None]:
    """Bound one render (compiling included): what it builds, its memory, and its time.

    ``spent`` is what the lecture's renders took so far: one render may take
    MAX_RENDER_SECONDS, and all of a lecture's together MAX_TOTAL_RENDER_SECONDS.
    """
    left = limits.MAX_TOTAL_RENDER_SECONDS - spent
    if left <= 0:
        raise TimeUp(_total_time_message())
    seconds = min(limits.MAX_RENDER_SECONDS, left)
    name = "MAX_RENDER_SECONDS" if seconds == limits.MAX_RENDER_SECONDS else None
    try:
        with budget.building(), budget.memory_limit(), time_limit(seconds):
            yield
    except TimeUp as e:
        if name is None:
            raise TimeUp(_total_time_message()) from e
        raise


def _total_time_message() -> str:
    return (
        f"rendering this lecture's templates took more than "
        f"{limits.MAX_TOTAL_RENDER_SECONDS:g} s in all (MAX_TOTAL_RENDER_SECONDS)"
    )
