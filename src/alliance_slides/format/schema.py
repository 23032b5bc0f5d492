"""The vocabulary the format is declared in: field specs and value types.

:mod:`alliance_slides.format.model` declares every outline and course field once, with
:func:`spec`; this module gives those declarations their two uses: checking and
converting located YAML data (:mod:`alliance_slides.format.validate`) and generating the
JSON Schema that ``alliance-slides schema`` prints for editors.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import math
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from alliance_slides import limits
from alliance_slides.errors import Location, Problem
from alliance_slides.format.loader import LocatedList, LocatedMap


class Invalid:
    """Marker returned by a type when a value was rejected (a problem was recorded)."""


INVALID = Invalid()


class Checker:
    """Collects problems while a document is checked; knows the document's folder.

    ``roots`` are the folders the document may name paths inside (see
    :mod:`alliance_slides.paths`); by default, the document's own folder.
    """

    def __init__(self, base_dir: Path, roots: Sequence[Path] = ()) -> None:
        self.base_dir = base_dir
        self.roots = tuple(roots) or (base_dir.resolve(),)
        self.problems: list[Problem] = []
        #: Names of the document's `sources`, known before its slides are checked.
        self.source_keys: list[str] = []
        #: Layout names of the template slides are drawn on; ``None``: the default template's.
        self.layout_names: list[str] | None = None

    def problem(self, where: Location, message: str) -> Invalid:
        """Record a problem and return :data:`INVALID`."""
        self.problems.append(Problem(where, message))
        return INVALID


def describe(value: Any) -> str:
    """Name a YAML value's type the way a user thinks of it."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (dt.date, dt.datetime)):
        return "a date"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def suggest(word: str, choices: list[str]) -> str:
    """Return ' (did you mean 'x'?)' for the closest choice, or ''."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


class ValueType:
    """A kind of YAML value: converts located data, or records why it cannot."""

    label = "a value"

    def convert(self, value: Any, where: Location, checker: Checker) -> Any:
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:
        raise NotImplementedError

    def wrong(self, value: Any, where: Location, checker: Checker, hint: str = "") -> Invalid:
        return checker.problem(where, f"expected {self.label}, got {describe(value)}{hint}")


class Text(ValueType):
    """Plain text; numbers and dates are read as the text they were written as."""

    label = "text"

    def convert(self, value: Any, where: Location, checker: Checker) -> Any:
        if isinstance(value, str):
            return value
        if isinstance(value, bool):
            return self.wrong(value, where, checker, " (put it in quotes to use it as text)")
        if isinstance(value, (int, float)):
            written = getattr(value, "written", None)  # str(value) only if needed: it can fail
            return written if written is not None else str(value)
        if isinstance(value, dt.date):
            return getattr(value, "written", value.isoformat())
        hint = ""
        if isinstance(value, dict) and len(value) == 1:
            hint = " (a ': ' inside text starts a mapping; put the text in quotes)"
        return self.wrong(value, where, checker, hint)

    def json_schema(self) -> dict[str, Any]:
        return {"type": ["string", "number"]}


class DateText(ValueType):
    """A date (``2027-02-02``) or any text naming one."""

    label = "a date or text"

    def convert(self, value: Any, where: Location, checker: Checker) -> Any:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return dt.date(value.year, value.month, value.day)
        text = Text().convert(value, where, checker)
        if isinstance(text, str):
            wrong = _numeric_date(text.strip())
            if wrong:
                return checker.problem(where, wrong)
        return text

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "description": "ISO date (YYYY-MM-DD) or free text"}


#: A date written with numbers other than as YAML reads one: 19/10/2027, 10.19.2027,
#: 2027/10/19, 2027-2-3. Templates would get text where they expect a date.
_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_YEAR_FIRST = re.compile(r"(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})")
_ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d")
#: 20270105: YAML reads it as a number, and nobody means a number by a date.
_COMPACT = re.compile(r"(\d{4})(\d\d)(\d\d)")


def _numeric_date(text: str) -> str | None:
    """Return why ``text``, a date in numbers, must be written YYYY-MM-DD; ``None`` if not one."""
    if _ISO_DATE.fullmatch(text):  # YAML read it as a date and could not: the loader said so
        return None
    found = _YEAR_FIRST.fullmatch(text) or _COMPACT.fullmatch(text)
    if found:
        year, first, second = (int(n) for n in found.groups())
        orders = [(first, second)]
    else:
        found = _DAY_FIRST.fullmatch(text)
        if not found:
            return None
        first, second, year = (int(n) for n in found.groups())
        orders = [(second, first), (first, second)]  # day/month or month/day
    meant = []
    for month, day in orders:
        try:
            meant.append(dt.date(year, month, day).isoformat())
        except ValueError:
            continue
    start = f"date '{text}' is not a date YAML reads (templates would get text)"
    if not meant:
        return f"{start}, nor a date at all; write it as YYYY-MM-DD"
    choice = " or ".join(dict.fromkeys(meant))
    which = ", whichever you mean" if len(set(meant)) > 1 else ""
    return f"{start}: write {choice} (YYYY-MM-DD){which}"


class Number(ValueType):
    """A number from ``minimum`` to ``maximum``; ``whole`` asks for an integer."""

    def __init__(
        self,
        minimum: float = 0,
        whole: bool = False,
        maximum: float = limits.MAX_NUMBER,
        maximum_name: str = "MAX_NUMBER",
    ) -> None:
        self.minimum = minimum
        self.maximum = maximum
        self.maximum_name = maximum_name
        self.whole = whole
        self.label = "a whole number" if whole else "a number"

    def convert(self, value: Any, where: Location, checker: Checker) -> Any:
        ok = (int,) if self.whole else (int, float)
        if isinstance(value, bool) or not isinstance(value, ok):
            return self.wrong(value, where, checker)
        if isinstance(value, float) and not math.isfinite(value):
            return checker.problem(where, f"expected a finite number, got {value}")
        if value < self.minimum:
            return checker.problem(where, f"must be at least {self.minimum:g}, got {value}")
        if value > self.maximum:
            if isinstance(value, int) and value > 10**12:
                shown = f"a number of about {int(value.bit_length() * 0.30103) + 1:,} digits"
            else:
                shown = f"{value:,}"
            return checker.problem(
                where, f"must be at most {self.maximum:,.0f} ({self.maximum_name}), got {shown}"
            )
        return int(value) if isinstance(value, int) else float(value)

    def json_schema(self) -> dict[str, Any]:
        return {
            "type": "integer" if self.whole else "number",
            "minimum": self.minimum,
            "maximum": self.maximum,
        }


class Choice(ValueType):
    """One of a fixed set of words."""

    def __init__(self, *choices: str) -> None:
        self.choices = choices
        self.label = "one of " + ", ".join(choices)

    def convert(self, value: Any, where: Location, checker: Checker) -> Any:
        # As written: YAML 1.1 reads an unquoted 16:9 as the number 969.
        value = getattr(value, "written", value)
        if isinstance(value, str) and value in self.choices:
            return value
        hint = suggest(str(value), list(self.choices)) if isinstance(value, str) else ""
        return checker.problem(where, f"expected {self.label}, got {value!r}{hint}")

    def json_schema(self) -> dict[str, Any]:
        return {"enum": list(self.choices)}


class Boolean(ValueType):
    """``true`` or ``false``."""

    label = "true or false"

    def convert(self, value: Any, where: Location, checker: Checker) -> Any:
        return value if isinstance(value, bool) else self.wrong(value, where, checker)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


class ListOf(ValueType):
    """A list of ``item``; ``single`` also accepts one bare item as a list of one."""

    def __init__(self, item: ValueType, min_items: int = 0, single: bool = False) -> None:
        self.item = item
        self.min_items = min_items
        self.single = single
        self.label = f"a list of {item.label}"

    def convert(self, value: Any, where: Location, checker: Checker) -> Any:
        if self.single and not isinstance(value, (list, dict)) and value is not None:
            value_list = LocatedList([value])
            value_list.location = where
            value_list.item_locations = [where]
            value = value_list
        if not isinstance(value, LocatedList):
            return self.wrong(value, where, checker)
        if len(value) < self.min_items:
            return checker.problem(where, f"needs at least {self.min_items} item(s)")
        items = [self.item.convert(v, value.item_at(i), checker) for i, v in enumerate(value)]
        if any(item is INVALID for item in items):
            return INVALID
        return tuple(items)

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "array", "items": self.item.json_schema()}
        if self.min_items:
            schema["minItems"] = self.min_items
        if self.single:
            return {"anyOf": [schema, self.item.json_schema()]}
        return schema


class MapOf(ValueType):
    """A mapping from names the user chooses to ``item``."""

    def __init__(self, item: ValueType) -> None:
        self.item = item
        self.label = f"a mapping of names to {item.label}"

    def convert(self, value: Any, where: Location, checker: Checker) -> Any:
        if not isinstance(value, LocatedMap):
            return self.wrong(value, where, checker)
        out = {k: self.item.convert(v, value.value_at(k), checker) for k, v in value.items()}
        if any(v is INVALID for v in out.values()):
            return INVALID
        return out

    def json_schema(self) -> dict[str, Any]:
        return {"type": "object", "additionalProperties": self.item.json_schema()}


class FreeMapping(ValueType):
    """Any mapping of plain data, passed to templates as it is (``vars``)."""

    label = "a mapping"

    def convert(self, value: Any, where: Location, checker: Checker) -> Any:
        return dict(value) if isinstance(value, LocatedMap) else self.wrong(value, where, checker)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "object"}


class Object(ValueType):
    """A mapping with the fields a model dataclass declares with :func:`spec`."""

    def __init__(self, cls: type, label: str = "") -> None:
        self.cls = cls
        self.label = label or f"a mapping ({cls.__name__})"

    def convert(self, value: Any, where: Location, checker: Checker) -> Any:
        if not isinstance(value, LocatedMap):
            return self.wrong(value, where, checker)
        return build(self.cls, value, checker)

    def json_schema(self) -> dict[str, Any]:
        return object_schema(self.cls)


class Lazy(ValueType):
    """A type named before it is defined (recursive or forward references)."""

    def __init__(self, make: Callable[[], ValueType]) -> None:
        self.make = make

    @property
    def label(self) -> str:  # type: ignore[override]
        return self.make().label

    def convert(self, value: Any, where: Location, checker: Checker) -> Any:
        return self.make().convert(value, where, checker)

    def json_schema(self) -> dict[str, Any]:
        return self.make().json_schema()


def spec(kind: ValueType, doc: str, *, required: bool = False, default: Any = None) -> Any:
    """Declare a format field on a model dataclass: its type, docstring and default."""
    metadata = {"yaml": kind, "doc": doc, "required": required}
    if isinstance(default, (list, dict, set)):
        raise TypeError("use a tuple or None for a default")
    return dataclasses.field(default=default, metadata=metadata, kw_only=True)


def format_fields(cls: type) -> dict[str, dataclasses.Field[Any]]:
    """Return the fields of ``cls`` that the YAML format declares, by name."""
    return {f.name: f for f in dataclasses.fields(cls) if "yaml" in f.metadata}


def build(cls: type, data: LocatedMap, checker: Checker, skip: tuple[str, ...] = ()) -> Any:
    """Check ``data`` against the fields of ``cls`` and build an instance, or INVALID."""
    fields = format_fields(cls)
    known = [*fields, *skip]
    ok = True
    for key in data:
        if key not in fields and key not in skip:
            checker.problem(data.key_at(key), f"unknown field '{key}'{suggest(key, known)}")
            ok = False
    values: dict[str, Any] = {}
    for name, f in fields.items():
        if name not in data:
            if f.metadata["required"]:
                checker.problem(data.location, f"missing required field '{name}'")
                ok = False
            continue
        if data[name] is None and not f.metadata["required"]:
            continue  # an empty optional field keeps its default
        value = f.metadata["yaml"].convert(data[name], data.value_at(name), checker)
        if value is INVALID:
            ok = False
        else:
            values[name] = value
    if not ok:
        return INVALID
    if "field_locations" in {f.name for f in dataclasses.fields(cls)}:
        values["field_locations"] = dict(data.value_locations)
    return cls(location=data.location, **values)


def _or_null(schema: dict[str, Any]) -> dict[str, Any]:
    """Return ``schema`` also allowing ``null``."""
    kind = schema.get("type")
    if isinstance(kind, str):
        return {**schema, "type": [kind, "null"]}
    if isinstance(kind, list):
        return {**schema, "type": [*kind, "null"]}
    return {"anyOf": [schema, {"type": "null"}]}


def object_schema(cls: type, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return the JSON Schema of the mapping that ``cls`` declares."""
    properties: dict[str, Any] = dict(extra or {})
    required = []
    for name, f in format_fields(cls).items():
        kind = f.metadata["yaml"].json_schema()
        if f.metadata["required"]:
            required.append(name)
        else:  # an empty optional field (`template: null`) keeps its default
            kind = _or_null(kind)
        properties[name] = {**kind, "description": f.metadata["doc"]}
    schema: dict[str, Any] = {
        "type": "object",
        "description": (cls.__doc__ or "").strip().splitlines()[0],
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        schema["required"] = required
    return schema
