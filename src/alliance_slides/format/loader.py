"""YAML text to plain data that remembers where every node came from.

The loader builds mappings and lists straight from PyYAML's event stream (the
libyaml binding when installed): construction is iterative, so deep nesting cannot
exhaust the stack; aliases are shared, not copied, and their expanded size is
counted, so an alias bomb is refused early; only YAML's standard tags are accepted,
so nothing but plain data can be built. Duplicate keys are recorded as problems
for the validator to report alongside its own.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from alliance_slides import limits
from alliance_slides.errors import InputError, Location, Problem

try:  # the C parser is several times faster; fall back when libyaml is absent
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}
_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"

#: Characters of text that count as one more YAML node towards MAX_NODES.
TEXT_PER_NODE = 100

#: A colour written bare where a value should be, which YAML reads as a comment.
_COLOUR_COMMENT = re.compile(r"\s*(#(?:[0-9A-Fa-f]{6}|[0-9A-Fa-f]{3}))\s*$")

#: Characters XML 1.0 (so a .pptx) cannot hold; YAML lets them in through escapes ("\x0b").
UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


#: Largest integer a scalar may make (about 1,000 digits): a YAML 1.1 sexagesimal
#: ``1:1:1:…`` makes a number of 60**n, which Python cannot even print past 4,300 digits.
_MAX_INT_BITS = 3_400


def _too_large(error: Exception) -> bool:
    """Tell whether constructing a number failed because it was too large."""
    return isinstance(error, OverflowError) or (
        isinstance(error, ValueError) and "digits" in str(error)
    )


def _unreadable(value: str, tag: str, error: Exception | None = None) -> str:
    """Say why a scalar cannot be read as the type its tag (written or implied) names."""
    shown = value if len(value) <= 40 else value[:39] + "…"
    kind = tag.replace("tag:yaml.org,2002:", "!!")
    if error is not None and _too_large(error):
        return f"cannot read {shown!r}: a number too large to hold; quote it to use it as text"
    if error is not None and not isinstance(error, yaml.YAMLError) and str(error):
        return f"cannot read {shown!r}: {error}"
    return f"cannot read {shown!r} as {kind}: it is not written as one"


class WrittenInt(int):
    """An integer that remembers how it was written: a text field shows ``017`` or
    ``8:15`` (YAML 1.1 reads them as 15 and 495) as the author wrote them."""

    written: str


class WrittenFloat(float):
    """A float that remembers how it was written (``3.10``, not ``3.1``)."""

    written: str


class WrittenDate(dt.date):
    """A date that remembers how it was written."""

    written: str

    def __new__(cls, value: dt.date) -> WrittenDate:
        return super().__new__(cls, value.year, value.month, value.day)


class WrittenDateTime(dt.datetime):
    """A date and time that remembers how it was written (``2001-09-11 08:46``)."""

    written: str

    def __new__(cls, value: dt.datetime) -> WrittenDateTime:
        return super().__new__(
            cls, value.year, value.month, value.day, value.hour, value.minute, value.second,
            value.microsecond, value.tzinfo,
        )


#: What a scalar of each type is kept as, so that its written text is not lost.
_WRITTEN: dict[type, Any] = {
    int: WrittenInt,
    float: WrittenFloat,
    dt.date: WrittenDate,
    dt.datetime: WrittenDateTime,
}


class LocatedMap(dict[str, Any]):
    """A YAML mapping; keys are the text the user wrote.

    ``location`` is where the mapping starts; ``key_locations`` and
    ``value_locations`` give the place of each key and of its value.
    """

    location: Location
    key_locations: dict[str, Location]
    value_locations: dict[str, Location]
    #: Keys written in quotes ("Parent": ...), so a hint never says to quote one again.
    quoted_keys: set[str]

    def key_at(self, key: str) -> Location:
        """Return where ``key`` was written, or the mapping's start."""
        return self.key_locations.get(key, self.location)

    def value_at(self, key: str) -> Location:
        """Return where the value of ``key`` starts, or the mapping's start."""
        return self.value_locations.get(key, self.location)


class LocatedList(list[Any]):
    """A YAML sequence; ``item_locations[i]`` is where item ``i`` starts."""

    location: Location
    item_locations: list[Location]

    def item_at(self, index: int) -> Location:
        """Return where item ``index`` starts, or the sequence's start."""
        if 0 <= index < len(self.item_locations):
            return self.item_locations[index]
        return self.location


@dataclass
class Document:
    """A parsed file: its data (``None`` when empty) and problems found while loading."""

    path: Path
    data: Any
    problems: list[Problem] = field(default_factory=list)


def display_name(path: Path) -> str:
    """Return how a path is shown in messages: relative to the working folder if inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # outside; or a name too long, a symlink loop
        return str(path)


def read_bytes(path: Path) -> bytes:
    """Read an input file: a regular file within MAX_FILE_BYTES, else :class:`InputError`.

    A directory, a device or a FIFO is refused before it is opened (reading one would
    never end), and so is a file over the limit.
    """
    where = Location.of_file(display_name(path))
    try:
        if not path.is_file():
            what = "a directory" if path.is_dir() else "not a regular file"
            if not path.exists():
                what = "no such file"
            raise InputError.at(where, f"cannot read: {what}")
        size = path.stat().st_size
        if size > limits.MAX_FILE_BYTES:
            raise InputError.at(
                where,
                f"file is {size:,} bytes; the limit is {limits.MAX_FILE_BYTES:,} (MAX_FILE_BYTES)",
            )
        return path.read_bytes()
    except OSError as e:
        raise InputError.at(where, f"cannot read: {e.strerror or e}") from e


def load_file(path: str | Path) -> Document:
    """Read and parse one YAML file; raise :class:`InputError` when it cannot be read."""
    path = Path(path)
    return load_bytes(read_bytes(path), display_name(path), path)


def load_bytes(raw: bytes, name: str, path: Path | None = None) -> Document:
    """Parse YAML bytes (UTF-8, optional BOM) that came from ``name``."""
    if len(raw) > limits.MAX_FILE_BYTES:
        raise InputError.at(
            Location.of_file(name),
            f"input is {len(raw):,} bytes; the limit is {limits.MAX_FILE_BYTES:,}",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        column = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        raise InputError.at(
            Location(name, line, column),
            f"not UTF-8 text (byte 0x{raw[e.start]:02x}); save the file as UTF-8",
        ) from e
    return load_text(text, name, path or Path(name))


def load_text(text: str, name: str, path: Path | None = None) -> Document:
    """Parse YAML text that came from ``name`` into located data."""
    builder = _Builder(name, text)
    try:
        for event in yaml.parse(text, Loader=_Loader):
            builder.feed(event)
    except yaml.MarkedYAMLError as e:
        raise InputError(_syntax_problems(text, name, e)) from e
    except yaml.YAMLError as e:
        raise InputError.at(Location.of_file(name), f"YAML error: {e}") from e
    return Document(path or Path(name), builder.result, builder.problems)


#: Most YAML syntax mistakes reported at once, and the largest text parsed again to find
#: more than the first (each repair is parsed again from the start).
_MAX_SYNTAX_PROBLEMS = 20
_REPARSED_TEXT = 1 << 20


def _syntax_problems(text: str, name: str, error: yaml.MarkedYAMLError) -> list[Problem]:
    """Return the syntax mistakes of ``text``: the first, and those after it the parser finds.

    A mistake :mod:`~alliance_slides.format.yaml_advice` knows how to repair (a missing
    colon, an unclosed quote) is repaired and the text parsed again, so the next one is
    reported too; after any other, the parser cannot go on.
    """
    problems: list[Problem] = []
    while True:
        problem, repaired = _syntax_problem(text, name, error)
        problems.append(problem)
        if repaired is None or len(problems) >= _MAX_SYNTAX_PROBLEMS:
            return problems
        if len(repaired) > _REPARSED_TEXT:
            return problems
        text = repaired
        try:
            for _ in yaml.parse(text, Loader=_Loader):
                pass
        except yaml.MarkedYAMLError as e:
            error = e
        except yaml.YAMLError:
            return problems
        else:
            return problems


def _syntax_problem(
    text: str, name: str, e: yaml.MarkedYAMLError
) -> tuple[Problem, str | None]:
    """Return one syntax mistake in plain words at its place, and the text repaired if known."""
    from alliance_slides.format.yaml_advice import advise

    mark = e.problem_mark or e.context_mark
    loc = Location(name, mark.line + 1, mark.column + 1) if mark else Location.of_file(name)
    if e.problem and "maximum nesting depth" in e.problem:
        # Newer libyaml refuses deep nesting itself, while scanning ahead and so
        # before the builder sees the events; its limit is far above ours.
        return Problem(loc, _too_deep()), None
    advice = advise(text, e.problem or "", e.problem_mark, e.context or "", e.context_mark)
    if advice is not None:
        where = Location(name, advice.line, advice.column)
        return Problem(where, f"YAML syntax error: {advice.message}"), advice.repaired
    message = e.problem or "invalid YAML"
    if e.context and e.problem:
        message = f"{e.problem} ({e.context})"
    message += _hint(text, mark.line if mark else -1)
    return Problem(loc, f"YAML syntax error: {message}"), None


def _too_deep() -> str:
    return f"nesting deeper than {limits.MAX_DEPTH} levels (MAX_DEPTH)"


def _hint(text: str, line: int) -> str:
    """Return advice for a syntax error users often make, or ''."""
    lines = text.splitlines()
    before = [raw.rstrip() for raw in lines[max(line - 3, 0) : max(line, 0)] if raw.strip()]
    if before and before[-1].endswith((':"', ":'")):
        return (
            "; a bullet with sub-bullets needs its colon outside the quotes: "
            '- "Text": (then the indented sub-bullets)'
        )
    return ""


class _Builder:
    """Turn a stream of YAML events into LocatedMap/LocatedList/scalars."""

    def __init__(self, name: str, text: str = "") -> None:
        self.name = name
        self.text = text
        self._lines: list[str] | None = None
        self.result: Any = None
        self.problems: list[Problem] = []
        self.documents = 0
        self.nodes = 0
        # Stack of open collections: (container, pending key, key location, weight so far).
        self.stack: list[list[Any]] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.anchor_of: list[str | None] = []
        self.resolver = yaml.resolver.Resolver()
        self.constructor = yaml.constructor.SafeConstructor()

    def loc(self, mark: Any) -> Location:
        return Location(self.name, mark.line + 1, mark.column + 1)

    def content_loc(self, event: Any) -> Location:
        """Return where a scalar's text starts: for a block scalar (| or >), the next line."""
        mark = event.start_mark
        style = getattr(event, "style", None)
        follow = style == "|" or "\n" not in getattr(event, "value", "")
        if style in ("|", ">"):
            if self._lines is None:
                self._lines = self.text.splitlines()
            index = mark.line + 1
            if index < len(self._lines):
                indent = len(self._lines[index]) - len(self._lines[index].lstrip(" "))
                return Location(self.name, index + 1, indent + 1, follow)
        return Location(self.name, mark.line + 1, mark.column + 1, follow)

    def fail(self, mark: Any, message: str) -> InputError:
        return InputError.at(self.loc(mark), message)

    def feed(self, event: Any) -> None:
        kind = type(event)
        if kind is yaml.ScalarEvent:
            # Long text weighs more, so an alias cannot repeat a long string cheaply.
            self.add(self.scalar(event), 1 + len(event.value) // TEXT_PER_NODE, event)
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            self.check_tag(event)
            if len(self.stack) >= limits.MAX_DEPTH:
                raise self.fail(event.start_mark, _too_deep())
            container: LocatedMap | LocatedList
            if kind is yaml.MappingStartEvent:
                container = LocatedMap()
                container.key_locations = {}
                container.quoted_keys = set()
                container.value_locations = {}
            else:
                container = LocatedList()
                container.item_locations = []
            container.location = self.loc(event.start_mark)
            self.stack.append([container, None, None, 1, event.anchor, event])
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            container, _, _, weight, anchor, start = self.stack.pop()
            if anchor:
                self.anchors[anchor] = (container, weight)
            self.add(container, weight, start, anchored=True)
        elif kind is yaml.AliasEvent:
            if event.anchor not in self.anchors:
                raise self.fail(event.start_mark, f"unknown alias *{event.anchor}")
            value, weight = self.anchors[event.anchor]
            self.add(value, weight, event, anchored=True)
        elif kind is yaml.DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                raise self.fail(
                    event.start_mark, "more than one YAML document; put one outline in a file"
                )

    def check_tag(self, event: Any) -> None:
        tag = event.tag
        if tag and tag != "!" and tag not in _STANDARD_TAGS:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            raise self.fail(
                event.start_mark,
                f"YAML tag '{shown}' is not allowed; outlines hold plain data only",
            )

    def scalar(self, event: Any) -> Any:
        self.check_tag(event)
        value = event.value
        if len(value) > limits.MAX_STRING_LENGTH:
            raise self.fail(
                event.start_mark,
                f"string of {len(value):,} characters; the limit is "
                f"{limits.MAX_STRING_LENGTH:,} (MAX_STRING_LENGTH)",
            )
        bad = UNWRITABLE.search(value)
        if bad:
            raise self.fail(
                event.start_mark,
                f"character U+{ord(bad.group()):04X} cannot be written to a deck "
                "(a control character or non-character); remove it",
            )
        if event.tag == _STR_TAG or (event.tag is None and event.style in ("'", '"', "|", ">")):
            return value
        if value == "" and not event.style and event.tag is None:
            self.check_colour_comment(event)
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.resolver.resolve(yaml.ScalarNode, value, event.implicit)
        if tag == _STR_TAG:
            return value
        if tag == _MERGE_TAG:
            raise self.fail(
                event.start_mark, "merge keys ('<<') are not supported; write the fields out"
            )
        node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
        try:
            built = self.constructor.construct_object(node, deep=True)
            if isinstance(built, int) and built.bit_length() > _MAX_INT_BITS:
                raise OverflowError("too large")
        except (yaml.YAMLError, ValueError, OverflowError) as e:
            if _too_large(e) and event.tag in (None, "!"):
                return value  # '1:1:1:…' untagged is text to a person: a text field keeps it
            # Recorded, and the text kept, so the file's other problems are found too.
            self.problems.append(Problem(self.loc(event.start_mark), _unreadable(value, tag, e)))
            return value
        except (KeyError, IndexError, AttributeError, TypeError):
            # PyYAML's constructors assume the resolver's patterns matched: an explicit
            # tag on a value that does not match fails inside them ('!!bool abc').
            self.problems.append(Problem(self.loc(event.start_mark), _unreadable(value, tag)))
            return value
        written = _WRITTEN.get(type(built))
        if written is not None:  # a number or a date: a text field shows it as written
            built = written(built)
            built.written = value
        return built

    def check_colour_comment(self, event: Any) -> None:
        """Record a colour written bare after a key (``muted: #1F2328``): YAML reads a comment.

        The value is then empty, and the default would be used without a word.
        """
        if self._lines is None:
            self._lines = self.text.splitlines()
        mark = event.start_mark
        if mark.line >= len(self._lines):
            return
        found = _COLOUR_COMMENT.match(self._lines[mark.line], mark.column)
        if found:
            colour = found.group(1)
            self.problems.append(
                Problem(
                    Location(self.name, mark.line + 1, found.start(1) + 1),
                    f"'{colour}' is a YAML comment here, so this value is empty: put the "
                    f"colour in quotes ('{colour}') or leave out the '#'",
                )
            )

    def add(self, value: Any, weight: int, event: Any, anchored: bool = False) -> None:
        self.nodes += weight
        if self.nodes > limits.MAX_NODES:
            raise self.fail(
                event.start_mark,
                f"more than {limits.MAX_NODES:,} YAML nodes, counting alias expansions "
                "(MAX_NODES); is this an alias bomb?",
            )
        if not anchored and getattr(event, "anchor", None):
            self.anchors[event.anchor] = (value, weight)
        where = self.content_loc(event)
        if not self.stack:
            self.result = value
            return
        frame = self.stack[-1]
        frame[3] += weight
        container = frame[0]
        if isinstance(container, LocatedList):
            container.append(value)
            container.item_locations.append(where)
            return
        if frame[1] is None:  # this value is a key
            if isinstance(value, (dict, list)):
                raise self.fail(event.start_mark, "a mapping key must be plain text")
            key = event.value if isinstance(event, yaml.ScalarEvent) else str(value)
            frame[1], frame[2] = key, where
            if getattr(event, "style", None) in ("'", '"'):
                container.quoted_keys.add(key)
            return
        key, key_loc = frame[1], frame[2]
        frame[1] = frame[2] = None
        if key in container:
            first = container.key_locations[key]
            self.problems.append(
                Problem(key_loc, f"duplicate key '{key}' (first given at line {first.line})")
            )
            return
        container[key] = value
        container.key_locations[key] = key_loc
        container.value_locations[key] = where
