"""Generated outlines, valid and not: every run ends in a deck or in a located error of our own.

Hypothesis writes YAML trees of every shape, outlines with every slide kind (and
made-up ones) whose fields hold random text, numbers, dates, lists, mappings and
Jinja2 that is valid, broken or hostile, and raw bytes. Each goes through the
loader and :func:`alliance_slides.build.prepare`; fewer go all the way to a deck.
The only acceptable endings are a deck python-pptx reopens, or an
:class:`~alliance_slides.errors.AllianceError` whose every problem names a file and
a line. Anything else (a ``KeyError`` from deep inside, a ``RecursionError``) is a bug.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pptx import Presentation

from alliance_slides.build import build, prepare
from alliance_slides.errors import AllianceError
from alliance_slides.format.loader import load_bytes
from alliance_slides.format.model import SLIDE_KINDS
from alliance_slides.output.notes import render_notes
from conftest import assert_valid_deck
from samples import every_kind

# Examples per test: 2,530 in all (the issue asks for at least 2,000), most through
# prepare() and fewer written as decks, in about 30 s. HOSTILE_SCALE=10 runs ten times more.
SCALE = float(os.environ.get("HOSTILE_SCALE", "1"))
COUNTS = {
    "trees": 600,
    "outlines": 600,
    "bytes": 300,
    "broken": 300,
    "decks": 250,
    "courses": 300,
    "course decks": 100,
    "themes": 80,
}


def examples(name: str) -> int:
    """Return how many examples the test ``name`` runs."""
    return max(int(COUNTS[name] * SCALE), 1)


pytestmark = pytest.mark.slow  # about 30 s of generated inputs

SETTINGS = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    "database": None,
}

FIELDS = sorted(
    {
        "title", "subtitle", "author", "date", "duration", "tags", "sources", "title_slide",
        "slides", "kind", "bullets", "notes", "cite", "minutes", "left", "right", "heading",
        "events", "when", "label", "detail", "text", "by", "columns", "rows", "image", "alt",
        "caption", "questions", "course", "vars", "lectures", "outline", "theme", "template",
        "templates", "aspect", "layouts", "include_tags", "exclude_tags", "file", "url",
    }
)  # fmt: skip

#: Jinja2 that renders in any outline.
FINE_JINJA = [
    "{{ lecture.title }} / {{ lecture.number }}",
    "{{ slide.number | num }} of {{ lecture.slides }}",
    "{{ course.code | default('no course') }}",
    "{{ lecture.date or 'undated' }}",
    "{% for x in range(3) %}{{ x }}, {% endfor %}",
    "{{ '%05.1f' % 3.14159 }} {{ 'x' * 3 }} {{ 2 ** 10 }}",
    "{{ 'a b c' | wordwrap(3) | center(9) }}",
]
#: Jinja2 that must fail with a located error: broken, hostile or too big.
BAD_JINJA = [
    "{{ nope }}",
    "{{ vars.campus }}",
    "{{ }}",
    "{% if %}",
    "{{ ''.__class__.__mro__ }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ lipsum.__globals__ }}",
    "{% include '/etc/passwd' %}",
    "{% import '../x' as x %}",
    "{% extends 'notes.md.j2' %}",
    "{{ 1 / 0 }}",
    "{{ 'x' * 10 ** 12 }}",
    "{{ 9 ** (9 ** 9) }}",
    "{{ '%c' % 11 }}",
    '{{ "\\x0b\\ud800" }}',
    "{{ '%0999999d' % 1 }}",
    "{{ '{:>999999}'.format(1) }}",
    "{{ 'x' | center(10 ** 9) }}",
    "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
    "{{ range(10 ** 9) | list }}",
    "{{ [1, 2] | join(3) }}",
    "{{ lecture.date | date(5) }}",
    "{{ 1 | num('x') }}",
    "{{ {}.x.y }}",
    "{{ '{0.__class__}'.format(1) }}",
    "{% raw %}",
    "{#",
]
#: Paths no file system likes: empty, a folder, too long, a device, a symlink loop.
ODD_PATHS = ["", ".", "/", "~", "x" * 300, "x/" * 3000, "/dev/zero", "loop.png"]

#: Text that is not Jinja2 but looks odd to YAML, XML or the layout.
ODD = ["**bold** *it*", "a: b", "#1", "日本語のテキスト", "\u200b\u202e", "- x", "&amp;<b>", "'"]

#: Any characters a deck can hold (no control characters, surrogates or unassigned ones).
writable = st.characters(exclude_categories=("Cs", "Cc", "Co", "Cn"))
fine_text = st.one_of(
    st.text(writable, max_size=30),
    st.sampled_from(FINE_JINJA + ODD),
    st.lists(
        st.sampled_from(FINE_JINJA + ODD) | st.text(writable, max_size=6), min_size=1, max_size=3
    ).map(" ".join),
)
bad_text = st.one_of(
    st.text(max_size=12),  # control characters and all
    st.sampled_from(BAD_JINJA),
    st.tuples(fine_text, st.sampled_from(BAD_JINJA)).map(" ".join),
)
#: Mostly text that should pass, sometimes text that should not.
text = st.one_of(fine_text, fine_text, fine_text, fine_text, fine_text, bad_text)
scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=dt.date(1, 1, 1)),
    text,
)
key = st.one_of(st.sampled_from(FIELDS), st.text(writable, max_size=10), st.text(max_size=3))


def trees(leaves: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Return YAML-able trees: lists and mappings (field names as keys) of ``leaves``."""
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(key, inner, max_size=5)
        ),
        max_leaves=25,
    )


anything = st.one_of(scalar, trees(scalar))


def outline_strategy(
    text: st.SearchStrategy[str], spoil: bool = True
) -> st.SearchStrategy[dict[str, Any]]:
    """Return outlines whose text fields are drawn from ``text``; ``spoil`` mixes in wrong data."""
    bullets = st.lists(
        st.one_of(text, text, st.dictionaries(text, st.lists(text, max_size=3), max_size=1)),
        max_size=5,
    )
    column = st.fixed_dictionaries({"heading": text}, optional={"bullets": bullets})
    event_ = st.fixed_dictionaries(
        {"when": st.one_of(text, st.integers(1000, 2100)), "label": text},
        optional={"detail": text},
    )
    table = st.integers(1, 4).flatmap(
        lambda n: st.fixed_dictionaries(
            {
                "columns": st.lists(text, min_size=n, max_size=n),
                "rows": st.lists(st.lists(text, min_size=n, max_size=n), max_size=4),
            }
        )
    )
    picture = st.one_of(
        st.sampled_from(["pic.png", "pic.png", "pic.png", "not-a-picture.png", "../pic.png"]),
        st.sampled_from(ODD_PATHS),
    )
    # Each kind's fields, required then optional, with values of the right shape.
    kind_fields: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
        "bullets": ({"title": text}, {"bullets": bullets}),
        "section": ({"title": text}, {"subtitle": text}),
        "two_column": ({"title": text, "left": column, "right": column}, {}),
        "timeline": ({"title": text, "events": st.lists(event_, min_size=1, max_size=6)}, {}),
        "quote": ({"text": text}, {"title": text, "by": text}),
        "table": ({"title": text}, {}),
        "image": ({"title": text, "image": picture, "alt": text}, {"caption": text}),
        "questions": ({"questions": st.lists(text, min_size=1, max_size=4)}, {"title": text}),
        "references": ({}, {"title": text}),
    }
    common = {
        "notes": text,
        "minutes": st.one_of(st.integers(0, 10), st.floats(0, 10)),
        "tags": st.one_of(text, st.lists(text, max_size=2)),
        "cite": st.lists(st.sampled_from(["overview", "overview#2"]), max_size=2),
    }

    def slide_of(kind: str) -> st.SearchStrategy[dict[str, Any]]:
        required, optional = kind_fields.get(kind, ({"title": text}, {}))
        named = {"kind": st.just(kind)} if kind != "bullets" else {}
        good = st.fixed_dictionaries({**required, **named}, optional={**optional, **common})
        if kind == "table":
            good = st.tuples(good, table).map(lambda pair: {**pair[0], **pair[1]})
        # Some slides get one field (known or not) replaced by any value at all.
        spoiled = st.tuples(good, key, anything).map(lambda t: {**t[0], t[1]: t[2]})
        return st.one_of(good, good, good, spoiled) if spoil else good

    known = st.sampled_from(sorted(SLIDE_KINDS))
    slide = (st.one_of(known, st.text(writable, max_size=8)) if spoil else known).flatmap(slide_of)
    sources = st.just({"overview": {"title": "The article"}})
    if spoil:
        slide = st.one_of(slide, slide, slide, anything)
        sources = st.one_of(
            sources, st.dictionaries(text, st.dictionaries(key, text, max_size=2), max_size=2)
        )
    return st.fixed_dictionaries(
        {"title": text, "sources": sources, "slides": st.lists(slide, max_size=6)},
        optional={
            "subtitle": text,
            "author": text,
            "date": st.one_of(st.dates(), text),
            "duration": st.one_of(st.integers(1, 500), st.integers(-5, 5), text)
            if spoil
            else st.integers(1, 500),
            "title_slide": st.one_of(st.booleans(), text) if spoil else st.booleans(),
            "tags": st.lists(text, max_size=2),
        },
    )


#: Outlines with only well-behaved text, and outlines where any text may be hostile.
outlines = st.one_of(
    outline_strategy(fine_text, spoil=False), outline_strategy(fine_text), outline_strategy(text)
)

places = st.sampled_from(
    ["lecture.yaml", "missing.yaml", "../lecture.yaml", "/etc/passwd", "pic.png", *ODD_PATHS]
)
#: Courses of well-formed fields (the lectures' outlines exist); only their text varies.
clean_courses = st.fixed_dictionaries(
    {
        "lectures": st.lists(
            st.fixed_dictionaries(
                {"outline": st.sampled_from(["lecture.yaml", "other.yaml"])},
                optional={
                    "date": st.dates(),
                    "duration": st.integers(1, 500),
                    "include_tags": st.lists(fine_text, max_size=2),
                    "exclude_tags": st.lists(fine_text, max_size=2),
                },
            ),
            min_size=1,
            max_size=2,
            unique_by=lambda entry: entry["outline"],
        )
    },
    optional={
        "course": st.dictionaries(
            st.sampled_from(["code", "title", "instructor", "term", "institution"]), text
        ),
        "vars": st.dictionaries(st.text(writable, max_size=8), trees(scalar), max_size=3),
        "theme": st.sampled_from(["classic", "slate", "theme.yaml"]),
        "templates": st.just("tpl"),
        "template": st.just("deck.pptx"),
        "aspect": st.sampled_from(["16:9", "4:3"]),
        "layouts": st.dictionaries(
            st.sampled_from(["title", "content", "section", "two_content", "title_only"]),
            st.sampled_from(["Title Only", "Two Content", "Title and Content", "Blank"]),
        ),
    },
)
messy_courses = st.fixed_dictionaries(
    {
        "lectures": st.lists(
            st.fixed_dictionaries(
                {"outline": st.one_of(st.just("lecture.yaml"), st.just("other.yaml"), places)},
                optional={
                    "date": st.one_of(st.dates(), text),
                    "duration": st.one_of(st.integers(1, 500), st.integers(-5, 5), text),
                    "include_tags": st.lists(text, max_size=2),
                    "exclude_tags": st.one_of(text, st.lists(text, max_size=2)),
                },
            ),
            max_size=3,
        )
    },
    optional={
        "course": st.dictionaries(
            st.sampled_from(["code", "title", "instructor", "term", "institution", "x"]), text
        ),
        "vars": trees(scalar),
        "theme": st.one_of(st.sampled_from(["classic", "slate", "theme.yaml"]), places, text),
        "templates": st.one_of(st.just("tpl"), places),
        "template": st.one_of(st.sampled_from(["deck.pptx", "not-a-deck.pptx"]), places),
        "aspect": st.one_of(st.sampled_from(["16:9", "4:3"]), text),
        "layouts": st.dictionaries(
            st.sampled_from(["title", "content", "section", "x"]),
            st.one_of(st.sampled_from(["Title Only", "Two Content", "Blank"]), text, scalar),
        ),
    },
)
courses = st.one_of(clean_courses, messy_courses)
LECTURE = (
    "title: '{{ course.title | default(1) }} {{ vars | length }}'\n"
    "date: 2027-02-02\n"
    "slides:\n"
    "  - {title: 'A {{ lecture.number }}', bullets: [a], notes: '{{ vars }}'}\n"
    "  - {kind: image, title: P, image: pic.png, alt: a picture}\n"
)
def dump(data: Any) -> str:
    """Write ``data`` as YAML; PyYAML writes any str, even ones YAML cannot hold unescaped."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    """A folder the examples write into: a picture, and a file that only pretends to be one."""
    with tempfile.TemporaryDirectory() as name:
        root = Path(name) / "work"
        root.mkdir()
        from PIL import Image

        Image.new("RGB", (40, 30), "navy").save(root / "pic.png")
        Image.new("RGB", (4, 3), "red").save(Path(name) / "pic.png")
        (root / "not-a-picture.png").write_text("<svg/>")
        (root / "not-a-deck.pptx").write_text("PK")
        (root / "loop.png").symlink_to("loop.png")
        (root / "lecture.yaml").write_text(LECTURE)
        (root / "other.yaml").write_text(LECTURE)
        every_kind(root, "every-kind.yaml")
        Presentation().save(str(root / "deck.pptx"))
        (root / "theme.yaml").write_text("name: mine\ncolors: {accent: '#00FF00'}\n")
        (root / "tpl").mkdir()
        (root / "tpl" / "notes.md.j2").write_text("{{ lecture.title }}\n")
        yield root


def ends_well(run: Callable[[], Any]) -> Any:
    """Run ``run``; an error must be ours and every problem must name a file and a line."""
    try:
        result = run()
    except AllianceError as e:
        event(f"rejected: {type(e).__name__}")
        assert e.problems
        for problem in e.problems:
            assert problem.location.file, problem
            assert problem.location.line > 0, problem
            assert "\n" not in str(problem), problem
        return None
    event("accepted")
    return result


def prepared(folder: Path, source: str) -> Any:
    path = folder / "outline.yaml"
    path.write_text(source, encoding="utf-8")
    return ends_well(lambda: prepare(path))


@settings(max_examples=examples("trees"), **SETTINGS)
@given(data=trees(scalar))
def test_any_yaml_tree_is_an_outline_or_a_located_error(folder: Path, data: Any) -> None:
    prepared(folder, dump(data))


@settings(max_examples=examples("outlines"), **SETTINGS)
@given(data=outlines, fmt=st.sampled_from(["md", "html", "txt"]))
def test_generated_outlines_are_checked_and_rendered_or_rejected(
    folder: Path, data: dict[str, Any], fmt: str
) -> None:
    for lecture in prepared(folder, dump(data)) or []:
        # What passed validation also makes speaker notes (laid out, numbered, templated).
        document = ends_well(lambda: render_notes(lecture, fmt))  # noqa: B023
        assert document is None or document.name.endswith(f".{fmt}")


@settings(max_examples=examples("bytes"), **SETTINGS)
@given(raw=st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode)))
def test_any_bytes_are_loaded_or_rejected_with_a_place(raw: bytes) -> None:
    ends_well(lambda: load_bytes(raw, "raw.yaml"))


@settings(max_examples=examples("broken"), **SETTINGS)
@given(data=outlines, mutation=st.sampled_from(["", "tab", "cut", "quote", "indent"]))
def test_outlines_with_broken_yaml_text(folder: Path, data: dict[str, Any], mutation: str) -> None:
    source = dump(data)
    middle = len(source) // 2
    if mutation == "tab":
        source = source.replace("  ", "\t", 1)
    elif mutation == "cut":
        source = source[:middle]
    elif mutation == "quote":
        source = source[:middle] + '"' + source[middle:]
    elif mutation == "indent":
        source = source.replace("\n", "\n ", 2)
    prepared(folder, source)


@settings(max_examples=examples("decks"), **SETTINGS)
@given(data=outlines)
def test_generated_outlines_build_decks_that_reopen(folder: Path, data: dict[str, Any]) -> None:
    path = folder / "deck.yaml"
    path.write_text(dump(data), encoding="utf-8")
    decks = ends_well(lambda: build(path, folder / "out", jobs=1, force=True))
    for deck in decks or []:
        slides = Presentation(str(deck.path)).slides
        assert len(slides) == deck.slides
        assert_valid_deck(deck.path)


@settings(max_examples=examples("courses"), **SETTINGS)
@given(data=courses)
def test_generated_courses_are_checked_and_rendered_or_rejected(
    folder: Path, data: dict[str, Any]
) -> None:
    path = folder / "course.yaml"
    path.write_text(dump(data), encoding="utf-8")
    ends_well(lambda: prepare(path))


@settings(max_examples=examples("course decks"), **SETTINGS)
@given(data=courses)
def test_generated_courses_build_decks_that_reopen(folder: Path, data: dict[str, Any]) -> None:
    path = folder / "course.yaml"
    path.write_text(dump(data), encoding="utf-8")
    decks = ends_well(lambda: build(path, folder / "out", jobs=1, force=True))
    for deck in decks or []:
        assert len(Presentation(str(deck.path)).slides) == deck.slides
        assert_valid_deck(deck.path)


size = st.one_of(st.integers(6, 4_000), st.floats(6, 4_000), st.integers(-5, 10**7), text)
themes = st.fixed_dictionaries(
    {},
    optional={
        "name": text,
        "sizes": st.dictionaries(
            st.sampled_from(
                ["title", "title_min", "body", "body_min", "table", "table_min", "footer", "x"]
            ),
            size,
        ),
        "colors": st.dictionaries(
            st.sampled_from(["background", "text", "accent", "muted", "title", "x"]),
            st.one_of(st.from_regex(r"\A#?[0-9A-Fa-f]{6}\Z"), text),
        ),
        "fonts": st.dictionaries(st.sampled_from(["latin", "east_asian"]), text),
        "footer": st.dictionaries(
            st.sampled_from(["show", "course", "lecture", "date", "number"]), st.booleans()
        ),
        "logo": st.one_of(st.sampled_from(["pic.png", "not-a-picture.png"]), places),
    },
)
theme_files = iter(range(10**9))


@settings(max_examples=examples("themes"), **SETTINGS)
@given(theme=themes, aspect=st.sampled_from(["16:9", "4:3"]))
def test_generated_themes_draw_every_kind_or_are_rejected(
    folder: Path, theme: dict[str, Any], aspect: str
) -> None:
    # A new file name each time: themes are cached by name within a process.
    name = f"theme-{next(theme_files)}.yaml"
    (folder / name).write_text(dump(theme), encoding="utf-8")
    path = folder / "themed.yaml"
    path.write_text(
        f"theme: {name}\naspect: '{aspect}'\nlectures: [{{outline: every-kind.yaml}}]\n"
    )
    decks = ends_well(lambda: build(path, folder / "themed", jobs=1, force=True))
    for deck in decks or []:
        assert len(Presentation(str(deck.path)).slides) == deck.slides
        assert_valid_deck(deck.path)
