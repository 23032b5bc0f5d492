"""format.schema and format.jsonschema: value types, declared fields, the JSON Schema."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from alliance_slides.errors import Location
from alliance_slides.format.jsonschema import course_schema, outline_schema
from alliance_slides.format.loader import load_text
from alliance_slides.format.schema import (
    INVALID,
    Boolean,
    Checker,
    Choice,
    ListOf,
    MapOf,
    Number,
    Object,
    Text,
    ValueType,
    build,
    spec,
)

HERE = Location("t.yaml", 1, 1)


def convert(kind: ValueType, yaml_text: str) -> tuple[Any, list[str]]:
    """Convert the value of ``v:`` in ``yaml_text``; return it and the problems recorded."""
    data = load_text(f"v: {yaml_text}\n", "t.yaml").data
    checker = Checker(Path("."))
    value = kind.convert(data["v"], data.value_at("v"), checker)
    return value, [p.message for p in checker.problems]


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        (Text(), "plain words", "plain words"),
        (Text(), "8:15", "8:15"),  # YAML 1.1 would make it 495
        (Text(), "3.10", "3.10"),
        (Text(), "2027-02-02", "2027-02-02"),
        (Number(), "2.5", 2.5),
        (Number(whole=True), "7", 7),
        (Boolean(), "true", True),
        (Choice("16:9", "4:3"), '"4:3"', "4:3"),
        (Choice("16:9", "4:3"), "16:9", "16:9"),  # YAML 1.1 would make it 969
        (ListOf(Text(), single=True), "one", ("one",)),
        (ListOf(Text()), "[a, 1]", ("a", "1")),
        (MapOf(Number()), "{a: 1}", {"a": 1}),
    ],
)
def test_values_convert_as_written(kind: ValueType, text: str, expected: Any) -> None:
    assert convert(kind, text) == (expected, [])


@pytest.mark.parametrize(
    ("kind", "text", "message"),
    [
        (Text(), "yes", "expected text, got true/false (put it in quotes to use it as text)"),
        (Text(), "{a: b}", "expected text, got a mapping (a ': ' inside text starts a mapping; "
         "put the text in quotes)"),
        (Number(), "-1", "must be at least 0, got -1"),
        (Number(maximum=10), "11", "must be at most 10 (MAX_NUMBER), got 11"),
        (Number(whole=True), "1.5", "expected a whole number, got a number"),
        (Number(), ".nan", "expected a finite number, got nan"),
        (Choice("16:9", "4:3"), "16:10", "expected one of 16:9, 4:3, got '16:10' (did you mean "
         "'16:9'?)"),
        (ListOf(Text(), min_items=1), "[]", "needs at least 1 item(s)"),
        (ListOf(Text()), "one", "expected a list of text, got text"),
    ],
)
def test_wrong_values_say_what_was_expected(kind: ValueType, text: str, message: str) -> None:
    value, problems = convert(kind, text)
    assert value is INVALID
    assert problems == [message]


@dataclass(frozen=True)
class Sample:
    """A sample mapping."""

    name: str = spec(Text(), "Its name.", required=True, default="")
    size: float | None = spec(Number(), "Its size.")
    location: Location = HERE


def test_build_checks_declared_fields_and_suggests_misspelt_ones() -> None:
    data = load_text("name: x\nsise: 2\n", "t.yaml").data
    checker = Checker(Path("."))
    assert build(Sample, data, checker) is INVALID
    assert [str(p) for p in checker.problems] == [
        "t.yaml:2:1: unknown field 'sise' (did you mean 'size'?)"
    ]
    good = build(Sample, load_text("name: x\nsize: null\n", "t.yaml").data, checker)
    assert good == Sample(name="x", size=None), "an empty optional field keeps its default"


def test_a_missing_required_field_is_named() -> None:
    checker = Checker(Path("."))
    assert Object(Sample).convert(load_text("size: 1\n", "t.yaml").data, HERE, checker) is INVALID
    assert [p.message for p in checker.problems] == ["missing required field 'name'"]


def test_the_outline_schema_is_derived_from_the_declared_fields() -> None:
    schema = outline_schema()
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert schema["required"] == ["title", "slides"]
    assert schema["additionalProperties"] is False
    assert "Lecture title." in schema["properties"]["title"]["description"]
    kinds = {
        v["properties"]["kind"]["const"]
        for v in schema["properties"]["slides"]["items"]["anyOf"]
    }
    assert kinds >= {"bullets", "table", "timeline", "quote", "image", "questions", "references"}
    assert {"type": "null"} in [schema["properties"]["date"]] or "null" in str(
        schema["properties"]["date"]
    ), "optional fields accept null"


def test_the_course_schema_names_the_layout_roles() -> None:
    layouts = course_schema()["properties"]["layouts"]
    assert "title_only" in layouts["description"] and "two_content" in layouts["description"]


def test_the_schemas_accept_the_shipped_files_and_refuse_a_misspelling() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    from conftest import REPO

    def as_an_editor_reads(path: Path) -> Any:
        """Return the file as YAML 1.2 editors see it: dates are strings."""
        text = path.read_text()
        return yaml.load(text, Loader=_DatesAsText)

    class _DatesAsText(yaml.SafeLoader):
        pass

    _DatesAsText.add_constructor(
        "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
    )
    for path in (REPO / "outlines").glob("*.yaml"):
        jsonschema.validate(as_an_editor_reads(path), outline_schema())
    for path in (REPO / "courses").glob("*.yaml"):
        jsonschema.validate(as_an_editor_reads(path), course_schema())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"title": "T", "slides": [], "sildes": []}, outline_schema())
