"""Body-text slides: bullets, discussion questions and references."""

from __future__ import annotations

from collections.abc import Sequence

from alliance_slides.format.model import (
    BulletsSlide,
    QuestionsSlide,
    ReferencesSlide,
    Slide,
    Source,
)
from alliance_slides.layout.kinds.base import (
    LayoutContext,
    bullet_specs,
    run_titles,
    scene,
)
from alliance_slides.layout.markup import inline_runs
from alliance_slides.layout.scene import Box, SlideScene, TextShape
from alliance_slides.layout.text import TextSpec, fit_size, parse_emphasis, set_size, split_to_fit


def body_scenes(
    slide: Slide,
    groups: Sequence[Sequence[TextSpec]],
    ctx: LayoutContext,
    start: float | None = None,
    box: Box | None = None,
) -> list[SlideScene]:
    """Lay groups of paragraphs out in the body, shrinking, then continuing on more slides."""
    theme = ctx.theme
    box = box or theme.body_box
    start = start or theme.body_size
    floor = theme.body_min_size
    chunks = [[s for g in groups for s in g]]
    size = fit_size(chunks[0], box, start, floor)
    if size is None:
        chunks = split_to_fit(groups, box, floor)
        # One size for the whole run, so the text does not jump from slide to slide.
        size = min(fit_size(chunk, box, start, floor) or floor for chunk in chunks)
    scenes = []
    titles = run_titles(slide.title, len(chunks), theme)
    for index, chunk in enumerate(chunks):
        title, heading = titles[index]
        shapes = [heading]
        if chunk:
            shapes.append(TextShape("body", box, set_size(chunk, size, floor), name="Content"))
        scenes.append(scene(slide, "content", title, shapes, index))
    return scenes


def bullets_layout(slide: BulletsSlide, ctx: LayoutContext) -> list[SlideScene]:
    """Title and bullets; sub-bullets indented and a little smaller."""
    return body_scenes(slide, bullet_specs(slide.bullets), ctx)


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
    title = inline_runs(source.title, italic=True)
    rest = [part for part in (source.author, source.detail, source.url) if part]
    tail = parse_emphasis(". " + ". ".join(rest)) if rest else ()
    return [TextSpec(title + tail, bullet="•", gap=0.5, look="body")]


def references_layout(slide: ReferencesSlide, ctx: LayoutContext) -> list[SlideScene]:
    """The outline's sources, those cited on a slide first."""
    sources = ctx.lecture.outline.sources or {}
    order = sorted(sources, key=lambda key: key not in ctx.cited)
    groups = [source_specs(sources[key]) for key in order]
    if not groups:
        none = parse_emphasis("No sources are listed for this lecture.")
        groups = [[TextSpec(none, look="body")]]
    return body_scenes(slide, groups, ctx, start=ctx.theme.body_size - 2)
