"""The format as JSON Schema, generated from the model's declarations."""

from __future__ import annotations

from typing import Any

from alliance_slides.format.model import BULLETS, Course, Outline
from alliance_slides.format.schema import object_schema

_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def outline_schema() -> dict[str, Any]:
    """Return the JSON Schema of a lecture outline."""
    schema = object_schema(Outline)
    return {
        "$schema": _DIALECT,
        "title": "alliance-slides lecture outline",
        **schema,
        "$defs": {"bullets": BULLETS.json_schema()},
    }


def course_schema() -> dict[str, Any]:
    """Return the JSON Schema of a course file."""
    return {"$schema": _DIALECT, "title": "alliance-slides course", **object_schema(Course)}
