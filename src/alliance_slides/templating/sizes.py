"""How big a value a template expression is about to make, told before it is made.

The bounded sandbox (:mod:`alliance_slides.templating.sandbox`) asks these functions
for an upper bound of what an operator, a filter or a method call will build, and
refuses the call when it would pass what a render may build
(:data:`~alliance_slides.limits.MAX_TEMPLATE_BUILD`). Nothing here allocates more than
the arguments it is given: sizes are counted (``str.count``, a walk of a list), never
found by building the result.

Sizes are in characters; an item of a list, tuple or dict counts as :data:`ITEM`
characters, about what a pointer costs, so a list of a million empty strings costs
what eight million characters would.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import string
from collections.abc import Callable, Iterable, Mapping
from typing import Any

#: What one item of a list, tuple or dict counts as, in characters.
ITEM = 8

#: What str() of an object of no known shape is taken to make (a macro, a cycler ...).
OTHER = 64

#: Most a case change makes of one character ('ΐ'.upper() is three).
CASE = 3

#: Most HTML escaping makes of one character ('"' is '&#34;').
ESCAPE = 5

#: Characters that end a line for str.splitlines().
_LINE_BREAKS = re.compile("[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_WHITESPACE_RUNS = re.compile(r"\s+")
_PRINTF = re.compile(
    r"%(?:\((?P<key>[^)]*)\))?[#0 +-]*(?P<width>\*|\d+)?(?:\.(?P<precision>\*|\d+))?"
    r"[hlL]?(?P<kind>.)",
    re.DOTALL,
)


def measure(value: Any, limit: int) -> int:
    """Return about how many characters ``str(value)`` makes; past ``limit``, any bigger number.

    Text is its length; a list, tuple, set or dict is what its ``repr`` makes (each
    item's own size, quotes and separators), walked without recursion and given up as
    soon as it passes ``limit``, so a list that holds one long string a thousand times
    is measured in a few steps and refused, not printed.
    """
    if isinstance(value, str):
        return len(value)
    return shape(value, limit)[0]


def shape(value: Any, limit: int) -> tuple[int, int]:
    """Return :func:`measure`'s size of ``value`` and how deep its containers nest."""
    if isinstance(value, str):
        return len(value), 0
    total = _leaf_size(value, 0)
    children = _children(value)
    if children is None:
        return total, 0
    stack = [iter(children)]
    # The containers being walked, in order and as a set: repr shows one inside itself as [...]
    open_ = [id(value)]
    walking = {id(value)}
    deepest = 1
    while stack and total <= limit:
        for child in stack[-1]:
            kind = type(child)
            if kind is str:  # the common cases first, without a call
                total += len(child) + 4 if child.isprintable() else 10 * len(child) + 2
            elif kind is int:
                total += child.bit_length() * 3 // 10 + 3
            else:
                total += _leaf_size(child, len(stack))
                inner = _children(child)
                if inner is not None and id(child) in walking:
                    total += 5
                elif inner is not None:
                    stack.append(iter(inner))
                    open_.append(id(child))
                    walking.add(id(child))
                    deepest = max(deepest, len(stack))
                    break
            if total > limit:
                break
        else:
            stack.pop()
            walking.discard(open_.pop())
    return total, deepest


def _leaf_size(value: Any, depth: int) -> int:
    """Return what ``value`` adds itself when printed inside a container at ``depth``."""
    if isinstance(value, str):
        if depth == 0:
            return len(value)
        # repr() quotes it, and escapes what is not printable (at most '\U0010ffff').
        return len(value) + 4 if value.isprintable() else 10 * len(value) + 2
    if isinstance(value, (bytes, bytearray)):
        return 4 * len(value) + 14
    if isinstance(value, bool) or value is None:
        return 5
    if isinstance(value, int):
        return value.bit_length() * 3 // 10 + 3
    if isinstance(value, float):
        return 26
    if isinstance(value, (dt.date, dt.time, dt.timedelta)):
        return 70
    if _children(value) is not None:
        return 24  # brackets, a type name such as dict_items(...)
    return OTHER


def _children(value: Any) -> Iterable[Any] | None:
    """Return what ``repr(value)`` shows inside it, for containers; else ``None``."""
    if isinstance(value, (str, bytes, bytearray)):
        return None
    if isinstance(value, Mapping):
        return (part for pair in value.items() for part in pair)
    if isinstance(value, (list, tuple, set, frozenset)) or type(value).__name__ in (
        "dict_keys",
        "dict_values",
        "dict_items",
    ):
        return value  # type: ignore[no-any-return]
    attrs = getattr(value, "_Namespace__attrs", None)  # Jinja2's namespace() prints its attributes
    if isinstance(attrs, dict):
        return (part for pair in attrs.items() for part in pair)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [getattr(value, f.name) for f in dataclasses.fields(value)]
    return None


def items(value: Any) -> int:
    """Return how many items iterating ``value`` gives (characters of text), or 0."""
    try:
        return len(value)
    except TypeError:
        return 0


def line_count(text: str) -> int:
    """Return how many lines ``text.splitlines()`` would give, without making them."""
    return sum(1 for _ in _LINE_BREAKS.finditer(text)) + 1


def word_count(text: str) -> int:
    """Return how many whitespace-separated words ``text`` has at most."""
    return sum(1 for _ in _WHITESPACE_RUNS.finditer(text)) + 1


def _width(value: Any) -> int:
    """Return the number an argument gives as a width, 0 when it is not a number."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def printf(fmt: str, args: Any, limit: int) -> int:
    """Return the most ``fmt % args`` can make: each field as wide as its widest argument.

    Widths and precisions given by ``*`` are taken from the numbers among the arguments.
    """
    if isinstance(args, tuple):
        given = list(args)
    elif isinstance(args, Mapping):
        given = list(args.values())
    else:
        given = [args]
    widest = max((measure(a, limit) for a in given), default=0)
    numbers = max((_width(a) for a in given), default=0)
    total = len(fmt)
    for match in _PRINTF.finditer(fmt):
        sizes = [numbers if n == "*" else int(n or 0) for n in match.group("width", "precision")]
        shown = widest * 10 if match["kind"] in "ra" else widest
        total += max(*sizes, shown) + 32
        if total > limit:
            break
    return total


def str_format(fmt: str, args: tuple[Any, ...], kwargs: Mapping[str, Any], limit: int) -> int:
    """Return the most ``fmt.format(*args, **kwargs)`` can make, as :func:`printf` does."""
    given = [*args, *kwargs.values()]
    widest = max((measure(a, limit) for a in given), default=0)
    numbers = max((_width(a) for a in given), default=0)
    total = len(fmt)
    try:
        fields = list(string.Formatter().parse(fmt))
    except ValueError:
        return total  # str.format refuses it itself
    for _, name, spec, conversion in fields:
        if name is None:
            continue
        spec = spec or ""
        sizes = [int(n) for n in re.findall(r"\d+", spec)]
        if "{" in spec:  # '{:{width}}' takes its width from the arguments
            sizes.append(numbers)
        shown = widest * 10 if conversion in ("r", "a") else widest
        total += max(*sizes, shown, 0) + 32
        if total > limit:
            break
    return total


def replaced(text: str, old: Any, new: Any, count: Any = -1, limit: int = 0) -> int:
    """Return how long ``text.replace(old, new, count)`` is, counted, not made."""
    old_size = measure(old, limit)
    new_size = measure(new, limit)
    if new_size <= old_size:
        return len(text)
    found = len(text) + 1 if old_size == 0 else text.count(str(old)) if isinstance(old, str) else 1
    if isinstance(count, int) and count >= 0:
        found = min(found, count)
    return len(text) + found * (new_size - old_size)


def joined(parts: list[Any], separator: int, limit: int) -> int:
    """Return how long joining ``parts`` (each as text) with a separator of that length is."""
    total = separator * max(len(parts) - 1, 0)
    for part in parts:
        total += measure(part, limit)
        if total > limit:
            break
    return total


#: What each text method of str (and bytes, and Markup) makes at most, given the text
#: and the call's arguments; ``limit`` stops measuring early. A method not listed makes
#: nothing bigger than the text (``strip``, ``find``, ``startswith`` ...).
TEXT_METHODS: dict[str, Callable[..., int]] = {
    "center": lambda s, width=0, *a, limit=0: max(len(s), _width(width)),
    "ljust": lambda s, width=0, *a, limit=0: max(len(s), _width(width)),
    "rjust": lambda s, width=0, *a, limit=0: max(len(s), _width(width)),
    "zfill": lambda s, width=0, *a, limit=0: max(len(s), _width(width)),
    "expandtabs": lambda s, tabsize=8, limit=0: len(s) + s.count("\t" if isinstance(s, str)
                                                                 else b"\t") * _width(tabsize),
    "replace": lambda s, old="", new="", count=-1, limit=0: replaced(s, old, new, count, limit),
    "upper": lambda s, limit=0: CASE * len(s),
    "lower": lambda s, limit=0: CASE * len(s),
    "title": lambda s, limit=0: CASE * len(s),
    "capitalize": lambda s, limit=0: CASE * len(s),
    "swapcase": lambda s, limit=0: CASE * len(s),
    "casefold": lambda s, limit=0: CASE * len(s),
    "encode": lambda s, *a, limit=0: 10 * len(s) + 16,
    "decode": lambda s, *a, limit=0: 10 * len(s) + 16,
    "hex": lambda s, *a, limit=0: 3 * len(s),
    "split": lambda s, *a, limit=0: len(s) + ITEM * (len(s) + 1),
    "rsplit": lambda s, *a, limit=0: len(s) + ITEM * (len(s) + 1),
    "splitlines": lambda s, *a, limit=0: len(s) + ITEM * (len(s) + 1),
    "partition": lambda s, *a, limit=0: len(s) + 3 * ITEM,
    "rpartition": lambda s, *a, limit=0: len(s) + 3 * ITEM,
    "maketrans": lambda s, *a, limit=0: sum(measure(x, limit) for x in a) * ITEM,
}


def translated(text: Any, table: Any, limit: int) -> int:
    """Return the most ``text.translate(table)`` makes: each character its longest mapping."""
    if isinstance(table, Mapping):
        values: Iterable[Any] = table.values()
    elif isinstance(table, (list, tuple)):
        values = table
    else:
        return len(text)
    longest = max((measure(v, limit) for v in values), default=1)
    return len(text) * max(longest, 1)


def int_method(name: str, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> int:
    """Return what a method of int makes: ``to_bytes(n)`` makes n bytes, the others little."""
    if name == "to_bytes":
        length = kwargs.get("length", args[0] if args else 1)
        return 4 * _width(length)  # a template can only print it, four characters a byte
    return 0


def lipsum(n: Any = 5, html: Any = True, min: Any = 20, max: Any = 100) -> int:  # noqa: A002
    """Return the most ``lipsum(n, html, min, max)`` makes: n paragraphs of max words."""
    return _width(n) * (_width(max) * 16 + 64)


def _text(value: Any, limit: int) -> int:
    return measure(value, limit)


def _n(value: Any) -> int:
    return items(value)


def _indent(s: Any, width: Any = 4, first: Any = False, blank: Any = False, *, limit: int) -> int:
    text = s if isinstance(s, str) else ""
    indention = len(width) if isinstance(width, str) else _width(width)
    lines = line_count(text)
    return measure(s, limit) + lines * (indention + ITEM) + indention


def _wordwrap(
    s: Any, width: Any = 79, long: Any = True, wrapstring: Any = None, *a: Any, limit: int
) -> int:
    size = measure(s, limit)
    separator = 1 if wrapstring is None else measure(wrapstring, limit)
    return size + (size + 1) * (separator + ITEM)


def _urlize(s: Any, trim: Any = None, nofollow: Any = False, target: Any = None,
            rel: Any = None, *a: Any, limit: int) -> int:
    size = measure(s, limit)
    words = word_count(s) if isinstance(s, str) else size
    extra = 80 + measure(target or "", limit) + measure(rel or "", limit)
    return 2 * ESCAPE * size + words * extra


def _tojson(value: Any, indent: Any = None, *, limit: int) -> int:
    size, depth = shape(value, limit // 12)
    step = len(indent) if isinstance(indent, str) else _width(indent)
    return 12 * size + (size // 3 + 1) * (depth * step + 1)


def _pprint(value: Any, *, limit: int) -> int:
    size, depth = shape(value, limit // 2)
    return 2 * size + (size // 3 + 1) * (depth + 1)


def _sum(value: Any, attribute: Any = None, start: Any = 0, *, limit: int) -> int:
    if not isinstance(start, (list, tuple)) and not any(
        isinstance(x, (list, tuple)) for x in value
    ):
        return 0
    return ITEM * (_n(start) + sum(_n(x) for x in value))


def _replace(s: Any, old: Any, new: Any, count: Any, limit: int) -> int:
    size = measure(s, limit)
    if size > limit:
        return size
    text = s if isinstance(s, str) else str(s)
    return replaced(text, old, new, -1 if count is None else count, limit)


def _join(value: Any, d: Any = "", attribute: Any = None, *, limit: int) -> int:
    return joined(list(value), measure(d, limit), limit)


#: What each built-in filter makes at most, given its arguments (the value first, as a
#: list when it was an iterator). Filters not listed make a number, or give back one of
#: the items they were given (``first``, ``default``, ``max``), or work lazily (``map``).
#: ``escaping`` says the filter escapes HTML as it goes (autoescaped templates).
FILTERS: dict[str, Callable[..., int]] = {
    "batch": lambda v, count=1, fill=None, *, limit: ITEM * (_n(v) + _width(count))
    + 64 * (_n(v) // max(_width(count), 1) + 1),
    "slice": lambda v, slices=1, fill=None, *, limit: ITEM * (_n(v) + _width(slices))
    + 64 * _width(slices),
    "center": lambda v, width=80, *, limit: max(measure(v, limit), _width(width)),
    "indent": _indent,
    "wordwrap": _wordwrap,
    "truncate": lambda s, length=255, kill=False, end="...", *a, limit: measure(s, limit)
    + measure(end, limit),
    "replace": lambda s, old="", new="", count=None, *, limit: _replace(s, old, new, count, limit),
    "format": lambda v, *args, limit, **kwargs: printf(
        v if isinstance(v, str) else "", kwargs or args, limit
    ),
    "join": _join,
    "list": lambda v, *, limit: ITEM * _n(v),
    "sort": lambda v, *a, limit: ITEM * _n(v),
    "unique": lambda v, *a, limit: ITEM * _n(v),
    "reverse": lambda v, *, limit: measure(v, limit) if isinstance(v, str) else ITEM * _n(v),
    "dictsort": lambda v, *a, limit: (2 * ITEM + 64) * _n(v),
    "groupby": lambda v, *a, limit: (3 * ITEM + 64) * _n(v),
    "sum": _sum,
    "string": lambda v, *, limit: 0 if isinstance(v, str) else measure(v, limit),
    "safe": lambda v, *, limit: 0 if isinstance(v, str) else measure(v, limit),
    "escape": lambda v, *, limit: ESCAPE * measure(v, limit),
    "e": lambda v, *, limit: ESCAPE * measure(v, limit),
    "forceescape": lambda v, *, limit: ESCAPE * measure(v, limit),
    "upper": lambda v, *, limit: CASE * measure(v, limit),
    "lower": lambda v, *, limit: CASE * measure(v, limit),
    "title": lambda v, *, limit: CASE * measure(v, limit),
    "capitalize": lambda v, *, limit: CASE * measure(v, limit),
    "trim": lambda v, *a, limit: measure(v, limit),
    "striptags": lambda v, *, limit: measure(v, limit),
    "urlencode": lambda v, *, limit: 12 * measure(v, limit) + 64,
    "urlize": _urlize,
    "xmlattr": lambda v, *a, limit: ESCAPE * measure(v, limit) + ITEM * _n(v),
    "tojson": _tojson,
    "pprint": _pprint,
    "date": lambda v, fmt="long", *, limit: 16 * measure(fmt, limit) + 64,
    "filesizeformat": lambda *a, limit: 64,
}

#: Filters that may escape HTML while they work, so the text they make may grow by ESCAPE.
ESCAPING = frozenset({"join", "replace", "urlize", "xmlattr", "format"})
