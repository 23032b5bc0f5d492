"""Located YAML data to the model; every problem of every file is collected, then raised once.

:func:`load_lectures` is the entry point: it reads an outline or a course file,
checks it (and, for a course, every outline it names), applies the course's
overrides and tag filters, and returns the lectures to build.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from alliance_slides import limits
from alliance_slides.errors import AllianceError, Location, Problem, ValidationError
from alliance_slides.format.loader import Document, LocatedList, LocatedMap, load_file
from alliance_slides.format.model import (
    LAYOUT_ROLES,
    BulletsSlide,
    Course,
    ImageSlide,
    Lecture,
    Outline,
)
from alliance_slides.format.schema import INVALID, Checker, build, describe, suggest
from alliance_slides.format.svg import is_svg, svg_problem
from alliance_slides.paths import allowed_roots, image_problem, outside, template_problem

_COURSE_KEYS = {"lectures", "course"}


def is_course(data: Any) -> bool:
    """Tell whether parsed data is a course file (it has ``lectures`` or ``course``)."""
    return isinstance(data, dict) and bool(_COURSE_KEYS & data.keys())


def _confined(checker: Checker, where: Location, name: str, what: str) -> Path | None:
    """Return the path ``name`` gives from the document's folder, or record why it is refused."""
    path = checker.base_dir / name
    why = outside(path, checker.roots)
    if why is None:
        return path
    checker.problem(where, f"{what} '{name}' {why}")
    return None


def _check_picture(path: Path, name: str, where: Location, checker: Checker) -> Path | None:
    """Return a picture's resolved path, or record why it cannot go on a slide."""
    if _confined(checker, where, name, "image") is None:
        return None
    path = path.resolve()
    if not path.is_file():
        checker.problem(where, f"image file not found: {name} (looked at {path})")
        return None
    if is_svg(path):
        why = svg_problem(path)
        if why:
            checker.problem(where, f"image '{name}': {why}")
            return None
        return path
    why = image_problem(path)
    if why:
        checker.problem(where, f"image '{name}': {why}")
        return None
    return path


def _check_images(outline: Outline, checker: Checker) -> Outline:
    """Check that every picture an outline names exists and is one; return it with their paths."""
    slides = []
    for slide in outline.slides:
        if isinstance(slide, ImageSlide):
            where = slide.field_locations.get("image", slide.location)
            path = _check_picture(checker.base_dir / slide.image, slide.image, where, checker)
            if not slide.alt.strip():
                checker.problem(
                    slide.field_locations.get("alt", slide.location), "alt text must not be empty"
                )
            slide = dataclasses.replace(slide, image_path=path)
        elif isinstance(slide, BulletsSlide) and slide.image is not None:
            picture = slide.image
            where = picture.field_locations.get("path", picture.location)
            path = _check_picture(checker.base_dir / picture.path, picture.path, where, checker)
            if not picture.alt.strip():
                at = picture.field_locations.get("alt", picture.location)
                checker.problem(at, "alt text must not be empty")
            image = dataclasses.replace(picture, image_path=path)
            slide = dataclasses.replace(slide, image=image)
        slides.append(slide)
    return dataclasses.replace(outline, slides=tuple(slides))


def _top_mapping(doc: Document, what: str, checker: Checker) -> LocatedMap | None:
    name = doc.problems[0].location.file if doc.problems else None
    where = Location.of_file(name or str(doc.path))
    if doc.data is None:
        checker.problem(where, f"the file is empty; expected {what}")
        return None
    if not isinstance(doc.data, LocatedMap):
        at = getattr(doc.data, "location", where)
        checker.problem(at, f"expected {what} at the top level, got {describe(doc.data)}")
        return None
    return doc.data


def _raise_if(problems: list[Problem]) -> None:
    if problems:
        raise ValidationError(sorted(set(problems), key=lambda p: p.location))


def check_outline(doc: Document, checker: Checker) -> Outline | None:
    """Build an outline from a parsed document, recording problems in ``checker``."""
    checker.problems.extend(doc.problems)
    data = _top_mapping(doc, "an outline (a mapping with 'title' and 'slides')", checker)
    if data is None:
        return None
    sources = data.get("sources")
    checker.source_keys = list(sources) if isinstance(sources, dict) else []
    slides = data.get("slides")
    if isinstance(slides, list) and len(slides) > limits.MAX_SLIDES:
        checker.problem(
            data.value_at("slides"),
            f"{len(slides):,} slides; the limit is {limits.MAX_SLIDES:,} (MAX_SLIDES)",
        )
        return None
    outline = build(Outline, data, checker)
    if outline is INVALID:
        return None
    for key, source in (outline.sources or {}).items():
        if source.file is not None:
            _confined(checker, data["sources"][key].value_at("file"), source.file, "source file")
    outline = _check_images(outline, checker)
    return dataclasses.replace(outline, sources=outline.sources or {}, path=doc.path)


def load_outline(path: str | Path) -> Outline:
    """Read and check one outline file; raise :class:`ValidationError` listing every problem."""
    doc = load_file(path)
    checker = Checker(Path(path).parent)
    outline = check_outline(doc, checker)
    _raise_if(checker.problems)
    assert outline is not None
    return outline


def check_course(doc: Document, checker: Checker) -> Course | None:
    """Build a course from a parsed document, recording problems in ``checker``."""
    checker.problems.extend(doc.problems)
    data = _top_mapping(doc, "a course (a mapping with 'course' and 'lectures')", checker)
    if data is None:
        return None
    course = build(Course, data, checker)
    base = Path(doc.path).parent
    theme = data.get("theme")
    if isinstance(theme, str):  # also when the course is invalid: all problems at once
        _check_theme(theme, base, data.value_at("theme"), checker)
    if course is INVALID:
        _check_outlines_of_an_invalid_course(data, checker)
        return None
    for name, kind in (("template", "file"), ("templates", "folder")):
        value = getattr(course, name)
        if value is None:
            continue
        target = _confined(checker, data.value_at(name), value, name)
        if target is None:
            continue
        if not (target.is_file() if kind == "file" else target.is_dir()):
            checker.problem(data.value_at(name), f"{name} {kind} not found: {value}")
        elif kind == "file":
            _check_template(target, course.layouts or {}, data, checker)
    if course.template is None and course.layouts:
        from alliance_slides.format.template import template_layout_names

        _check_layout_names(template_layout_names(None), course.layouts, data, checker)
    for role in course.layouts or {}:
        if role not in LAYOUT_ROLES:
            checker.problem(
                data["layouts"].key_at(role),
                f"unknown layout role '{role}'{suggest(role, list(LAYOUT_ROLES))}; roles are: "
                + ", ".join(LAYOUT_ROLES),
            )
    lectures = data["lectures"]
    stems: dict[str, int] = {}
    for i, entry in enumerate(course.lectures):
        at = lectures[i].value_at("outline")
        if _outline_file(checker, at, entry.outline) is None:
            continue
        stem = Path(entry.outline).stem
        if stem in stems:
            checker.problem(
                at,
                f"lectures {stems[stem]} and {i + 1} would both write {stem}.pptx "
                "(the same outline listed twice?)",
            )
        stems.setdefault(stem, i + 1)
    return dataclasses.replace(course, vars=course.vars or {}, path=doc.path)


def _outline_file(checker: Checker, at: Location, name: str) -> Path | None:
    """Return the outline file a course entry names, or record why there is none."""
    path = _confined(checker, at, name, "outline")
    if path is not None and not path.is_file():
        checker.problem(at, f"outline file not found: {name}")
        return None
    return path


def _check_outlines_of_an_invalid_course(data: LocatedMap, checker: Checker) -> None:
    """Record the problems of the outlines a course names, though the course itself is invalid.

    So one run reports the course's problems and its outlines' together.
    """
    entries = data.get("lectures")
    if not isinstance(entries, LocatedList):
        return
    for entry in entries:
        name = entry.get("outline") if isinstance(entry, LocatedMap) else None
        if not isinstance(name, str):
            continue
        path = _outline_file(checker, entry.value_at("outline"), name)
        if path is None:
            continue
        sub = Checker(path.parent, checker.roots)
        try:
            check_outline(load_file(path), sub)
        except AllianceError as e:
            sub.problems.extend(e.problems)
        checker.problems.extend(sub.problems)


def _check_template(
    path: Path, layouts: dict[str, str], data: LocatedMap, checker: Checker
) -> None:
    """Check that a course's .pptx/.potx template opens and has the layouts the course names."""
    why = template_problem(path)
    if why is None:
        from alliance_slides.format.template import template_layout_names

        try:
            names = template_layout_names(path)
        except AllianceError as e:
            why = e.problems[0].message
    if why is not None:
        checker.problem(data.value_at("template"), f"template '{path.name}': {why}")
        return
    _check_layout_names(names, layouts, data, checker)


def _check_layout_names(
    names: list[str], layouts: dict[str, str], data: LocatedMap, checker: Checker
) -> None:
    """Check that the layouts a course names for roles are among the template's ``names``."""
    known = {name.casefold() for name in names}
    for role, name in layouts.items():
        if name.casefold() not in known:
            checker.problem(
                data["layouts"].value_at(role),
                f"the template has no layout named '{name}'{suggest(name, names)}; "
                f"it has: {', '.join(names)}",
            )


def _check_theme(theme: str, base: Path, where: Location, checker: Checker) -> None:
    """Check the theme a course names: a built-in, or a valid theme file in reach.

    The file is read here, so its problems are reported with the course's and the
    outlines', not only once those are mended.
    """
    from alliance_slides.format.theme import builtin_theme_names, load_theme

    if theme in builtin_theme_names() or _confined(checker, where, theme, "theme") is None:
        return
    if not (base / theme).is_file():
        names = ", ".join(builtin_theme_names())
        checker.problem(where, f"theme '{theme}' is neither a built-in ({names}) nor a file")
        return
    before = len(checker.problems)
    _check_theme_logo(base / theme, checker)
    if len(checker.problems) > before:
        return  # its logo is out of reach: not read
    try:
        load_theme(str(base / theme))
    except AllianceError as e:
        checker.problems.extend(e.problems)


def _check_theme_logo(path: Path, checker: Checker) -> None:
    """Check that a theme file a course names keeps its logo inside the allowed folders.

    The theme itself is checked when it is loaded; only its path is checked here.
    """
    theme = load_file(path)
    if not isinstance(theme.data, LocatedMap) or not isinstance(theme.data.get("logo"), str):
        return
    logo = theme.data["logo"]
    sub = Checker(path.parent, checker.roots)
    _check_picture(path.parent / logo, logo, theme.data.value_at("logo"), sub)
    checker.problems.extend(sub.problems)


def _template_names(path: Path) -> list[str] | None:
    """Return the layout names of a course's template (checked already), or ``None``."""
    from alliance_slides.format.template import template_layout_names

    try:
        return template_layout_names(path)
    except AllianceError:
        return None


def _theme_ref(theme: str | None, base: Path) -> str | None:
    """Return a built-in theme's name as it is, or a theme file's path resolved from ``base``."""
    from alliance_slides.format.theme import builtin_theme_names

    if theme is None or theme in builtin_theme_names():
        return theme
    return str(base / theme)


def load_lectures(path: str | Path) -> list[Lecture]:
    """Read an outline or a course file and return the lectures it builds, fully checked.

    Every path the files name must stay inside :func:`~alliance_slides.paths.allowed_roots`.
    """
    path = Path(path)
    doc = load_file(path)
    roots = allowed_roots(path, is_course(doc.data))
    checker = Checker(path.parent, roots)
    if not is_course(doc.data):
        outline = check_outline(doc, checker)
        _raise_if(checker.problems)
        assert outline is not None
        return [Lecture(outline=outline, number=1, stem=path.stem)]
    course = check_course(doc, checker)
    if course is None:
        _raise_if(checker.problems)
    assert course is not None
    lectures = []
    base = path.parent
    names = _template_names(base / course.template) if course.template else None
    for number, entry in enumerate(course.lectures, start=1):
        outline_path = base / entry.outline
        if outside(outline_path, roots) is not None or not outline_path.is_file():
            continue  # check_course said why
        sub = Checker(outline_path.parent, roots)
        sub.layout_names = names
        try:
            outline = check_outline(load_file(outline_path), sub)
        except AllianceError as e:
            checker.problems.extend(e.problems)
            continue
        checker.problems.extend(sub.problems)
        if outline is None:
            continue
        overrides = {
            name: getattr(entry, name)
            for name in ("date", "duration")
            if getattr(entry, name) is not None
        }
        outline = dataclasses.replace(outline, **overrides)
        lecture = Lecture(
            outline=outline,
            number=number,
            course=course.course,
            vars=course.vars,
            stem=outline_path.stem,
            course_file=path,
            templates_dir=base / course.templates if course.templates else None,
            pptx_template=base / course.template if course.template else None,
            theme=_theme_ref(course.theme, base),
            aspect=course.aspect,
            layout_names=dict(course.layouts or {}),
            source_line=course.source_line,
            include_tags=entry.include_tags,
            exclude_tags=entry.exclude_tags,
        )
        kept = tuple(s for s in outline.slides if lecture.keeps(s.tags))
        lectures.append(
            dataclasses.replace(lecture, outline=dataclasses.replace(outline, slides=kept))
        )
    _raise_if(checker.problems)
    return lectures
