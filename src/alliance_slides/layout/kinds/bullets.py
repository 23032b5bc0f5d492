"""Body-text slides: bullets, discussion questions and references."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from alliance_slides.format.model import (
    BulletsSlide,
    Picture,
    QuestionsSlide,
    ReferencesSlide,
    Slide,
    Source,
)
from alliance_slides.format.theme import Theme
from alliance_slides.layout.kinds.base import (
    LayoutContext,
    bullet_specs,
    run_titles,
    scene,
)
from alliance_slides.layout.kinds.image import (
    PANEL_PAD,
    fit_picture,
    keyline,
    needs_panel,
    picture_pixels,
    themed_picture,
)
from alliance_slides.layout.reference import reference_runs
from alliance_slides.layout.scene import (
    Box,
    MarkerShape,
    Paragraph,
    PictureShape,
    Shape,
    SlideScene,
    TextShape,
)
from alliance_slides.layout.sizing import STEP, grow_wrapping, steps
from alliance_slides.layout.text import (
    TextSpec,
    fit_size,
    fits,
    frame_height,
    grow_size,
    parse_emphasis,
    set_size,
    split_to_fit,
    spread,
)

#: A statement (a few short items) grows up to this many times the theme's ceiling.
STATEMENT = 1.5
#: At most this many items, none with sub-items, filling less than this share of the body.
STATEMENT_ITEMS = 3
STATEMENT_FILL = 0.5
#: A statement's items stand up to this many ems apart (a list's: one), so that set no
#: larger than the title it still holds the body rather than its middle strip.
STATEMENT_GAP = 2.5


def is_statement(
    groups: Sequence[Sequence[TextSpec]], specs: Sequence[TextSpec], size: float, box: Box
) -> bool:
    """Tell whether a list is a statement: a few items that leave most of the body empty.

    "Why?" and "How?" as discussion prompts, or one line to remember: set larger than a
    list, as a statement is on a slide of its own.
    """
    if len(groups) > STATEMENT_ITEMS or any(len(group) != 1 for group in groups):
        return False
    paragraphs = spread(set_size(specs, size, size), box)
    return frame_height(paragraphs, box.w) < STATEMENT_FILL * box.h


def body_scenes(
    slide: Slide,
    groups: Sequence[Sequence[TextSpec]],
    ctx: LayoutContext,
    start: float | None = None,
    box: Box | None = None,
    before: Sequence[Shape] = (),
    after: Sequence[Shape] = (),
    wraps_to: float | None = None,
    kind: str | None = None,
) -> list[SlideScene]:
    """Lay groups of paragraphs out in the body, sized to the room they have.

    Short content grows (up to the theme's ceiling, wrapping no more lines; a statement
    further), its items stand apart, and it is balanced in the body; long content
    shrinks to the theme's floor, then continues on more slides, all set at one size.
    ``before`` and ``after`` are shapes drawn on every slide of the run beside the text,
    in reading order (a picture to its left comes before it). ``wraps_to`` grows short
    content up to that size even if it wraps onto more lines (references, a sentence each:
    fewer, larger), as long as it ends no more items on a short lone word. The size is
    then the largest the deck allows its ``kind`` of text (the slide's kind by default;
    see :mod:`alliance_slides.layout.steady`), and a statement is never larger than the
    deck's titles.
    """
    theme = ctx.theme
    box = box or theme.body_box
    floor = theme.body_min_size
    ceiling = theme.body_ceiling
    start = min(max(start or theme.body_size, floor), ceiling)
    chunks = [[s for g in groups for s in g]]
    statement = ""
    size = fit_size(chunks[0], box, start, floor)
    if size is None:
        chunks, size = continued(groups, box, start, floor)
    elif size == start and wraps_to is not None:
        sizes = steps(theme.body_size, start, min(wraps_to, ceiling))
        size = grow_wrapping(chunks[0], box, start, sizes)
    elif size == start:
        size = grow_size(chunks[0], box, start, ceiling)
        if is_statement(groups, chunks[0], size, box) and not theme.inherit_styles:
            kind = statement = "statement"
            largest = min(STATEMENT * ceiling, ctx.deck_title_size)
            size = grow_size(chunks[0], box, size, largest, step=6.0)
            if size < largest:  # the title's size itself, when it fits
                size = grow_size(chunks[0], box, size, largest, step=largest - size)
    kind = kind or slide.kind
    own = size
    size = ctx.steady_size(kind, size)
    scenes = []
    titles = run_titles(slide.title, len(chunks), theme)
    opened = _run_opening(chunks, size, floor, box) if not theme.inherit_styles else 0.0
    for index, chunk in enumerate(chunks):
        title, heading = titles[index]
        shapes: list[Shape] = [heading, *before]
        if chunk:
            paragraphs = set_size(chunk, size, floor)
            anchor = "top"  # a continued run fills its boxes from the top, one like the next
            if len(chunks) == 1 and not theme.inherit_styles:  # a template keeps its spacing
                paragraphs = spread(paragraphs, box, most=STATEMENT_GAP if statement else 1.0)
                anchor = "middle"
            elif opened:  # every slide of the run opens its gaps alike
                paragraphs = _opened(paragraphs, opened)
            shapes.append(TextShape("body", box, paragraphs, anchor=anchor, name="Content"))
        shapes.extend(after)
        scenes.append(scene(slide, "content", title, shapes, index, body_text=(kind, own)))
    return scenes


def continued(
    groups: Sequence[Sequence[TextSpec]], box: Box, start: float, floor: float
) -> tuple[list[list[TextSpec]], float]:
    """Split groups too long for one box over slides, set at one size as large as it goes.

    The split is made at the floor, giving the fewest slides; the run is then set at the
    largest size up to ``start`` that needs no more slides than that, split again at it,
    so continuation slides are full rather than a third empty at the floor.
    """
    chunks = split_to_fit(groups, box, floor)
    size = min(fit_size(chunk, box, start, floor) or floor for chunk in chunks)
    larger = start
    while larger > size + 1e-9:
        again = split_to_fit(groups, box, larger)
        if len(again) <= len(chunks) and all(
            fits(set_size(chunk, larger, floor), box) for chunk in again
        ):
            return again, larger
        larger -= 1.0
    return chunks, size


def _gaps(paragraphs: Sequence[Paragraph]) -> list[int]:
    """The paragraphs whose space before a list's spreading opens (as ``text.spread``)."""
    return [i for i, p in enumerate(paragraphs) if i and p.level == 0 and p.space_before > 0]


def _run_opening(
    chunks: Sequence[Sequence[TextSpec]], size: float, floor: float, box: Box
) -> float:
    """The space each gap of a continued run opens by, the same on every slide.

    As much as the fullest slide allows (its text up to 80% of the box, each gap at most
    an em), so the slides of a run look alike and the emptier ones less empty.
    """
    if len(chunks) < 2:
        return 0.0
    room = []
    for chunk in chunks:
        paragraphs = set_size(chunk, size, floor)
        gaps = _gaps(paragraphs)
        if gaps:
            room.append((0.8 * box.h - frame_height(paragraphs, box.w)) / len(gaps))
            room.append(min(size - paragraphs[i].space_before for i in gaps))
    return max(0.0, min(room, default=0.0))


def _opened(paragraphs: Sequence[Paragraph], extra: float) -> tuple[Paragraph, ...]:
    """Return paragraphs with each gap a list's spreading opens grown by ``extra`` points."""
    gaps = set(_gaps(paragraphs))
    return tuple(
        dataclasses.replace(p, space_before=round(p.space_before + extra, 1)) if i in gaps else p
        for i, p in enumerate(paragraphs)
    )


def bullets_layout(slide: BulletsSlide, ctx: LayoutContext) -> list[SlideScene]:
    """Title and bullets; sub-bullets indented and a little smaller; a picture beside them."""
    groups = bullet_specs(slide.bullets, numbered=slide.numbered)
    if slide.image is None:
        return body_scenes(slide, groups, ctx)
    text_box, picture = picture_beside(slide.image, ctx.theme.body_box, ctx.theme)
    left = slide.image.side == "left"
    scenes = body_scenes(
        slide, groups, ctx, box=text_box,
        before=picture if left else [], after=[] if left else picture,
        kind="bullets beside a picture",
    )
    return [_picture_level_with_text(made) for made in scenes]


def _picture_level_with_text(made: SlideScene) -> SlideScene:
    """Set the picture at the top of the body when its text starts there.

    The picture is centred in the body, as balanced text is; text filled from the top
    (a continued run, a template's own placement) would start above a centred picture.
    """
    bodies = [s for s in made.shapes if isinstance(s, TextShape) and s.role == "body"]
    if not bodies or bodies[0].anchor != "top":
        return made
    drawn = [s for s in made.shapes if isinstance(s, (PictureShape, MarkerShape))]
    if not drawn:
        return made
    shift = bodies[0].box.y - min(s.box.y for s in drawn)
    moved = {
        id(s): dataclasses.replace(s, box=dataclasses.replace(s.box, y=s.box.y + shift))
        for s in drawn
    }
    return dataclasses.replace(made, shapes=tuple(moved.get(id(s), s) for s in made.shapes))


#: Most of the body's width a picture beside text takes, and the gap between them.
PICTURE_SHARE = 0.45
GUTTER = 24.0


def picture_beside(picture: Picture, body: Box, theme: Theme) -> tuple[Box, list[Shape]]:
    """Split the body between text and a picture on one side, never overlapping.

    The picture is as large as its share of the width and the body's height allow, kept
    to its aspect ratio and set against its edge of the body; the text takes the rest.
    The theme's own version of the picture is drawn where there is one, on a light panel
    where the theme asks for one (as on an image slide).
    """
    assert picture.image_path is not None, "validation resolves the image path"
    path = themed_picture(picture.image_path, theme)
    pad = PANEL_PAD if needs_panel(path, theme, own_version=path != picture.image_path) else 0.0
    room = Box(body.x, body.y, body.w * PICTURE_SHARE, body.h).inset(pad)
    placed = fit_picture(picture_pixels(path), room)
    text_w = body.w - placed.w - 2 * pad - GUTTER
    if picture.side == "left":
        placed = Box(body.x + pad, placed.y, placed.w, placed.h)
        text = Box(placed.right + pad + GUTTER, body.y, text_w, body.h)
    else:
        placed = Box(body.right - pad - placed.w, placed.y, placed.w, placed.h)
        text = Box(body.x, body.y, text_w, body.h)
    shapes: list[Shape] = []
    if pad:
        card = placed.inset(-pad)
        shapes.append(MarkerShape(card, "panel", shape="rounded", name="Picture panel"))
    shapes.append(
        PictureShape(
            path, placed, picture.alt, name="Picture", keyline=keyline(path, theme, pad > 0)
        )
    )
    return text, shapes


def questions_layout(slide: QuestionsSlide, ctx: LayoutContext) -> list[SlideScene]:
    """Numbered discussion prompts, set large with room between them."""
    # Each prompt carries its own number, so a continuation slide goes on from 7, not 1.
    groups = [
        [TextSpec(parse_emphasis(q), bullet=f"{n}.", gap=0.7, look="body")]
        for n, q in enumerate(slide.questions, start=1)
    ]
    return body_scenes(slide, groups, ctx, start=ctx.theme.body_size + 2)


def source_specs(source: Source) -> list[TextSpec]:
    """Return one reference as a paragraph: the title in italics, then the rest."""
    return [TextSpec(reference_runs(source), bullet="•", gap=0.5, look="body")]


def references_layout(slide: ReferencesSlide, ctx: LayoutContext) -> list[SlideScene]:
    """The outline's sources, those cited on a slide first."""
    sources = ctx.lecture.outline.sources or {}
    order = sorted(sources, key=lambda key: key not in ctx.cited)
    groups = [source_specs(sources[key]) for key in order]
    if not groups:
        none = parse_emphasis("No sources are listed for this lecture.")
        groups = [[TextSpec(none, look="body")]]
    theme = ctx.theme
    # Small print at first, larger when there are few: they are read from the back too.
    return body_scenes(
        slide, groups, ctx, start=theme.body_size - 2, wraps_to=theme.body_size + STEP
    )
