"""A native chart: its data goes into the deck, PowerPoint draws it, the lecturer can edit it."""

from __future__ import annotations

from alliance_slides.format.model import ChartSlide
from alliance_slides.layout.kinds.base import LayoutContext, scene, title_shape
from alliance_slides.layout.scene import ChartSeries, ChartShape, Shape, SlideScene

#: Text of axes, labels and legend, in points: body text's accessible minimum.
CHART_TEXT = 18.0


def chart_layout(slide: ChartSlide, ctx: LayoutContext) -> list[SlideScene]:
    """The chart fills the body; its text is set at the accessible body minimum."""
    theme = ctx.theme
    shapes: list[Shape] = [
        title_shape(slide.title, theme),
        ChartShape(
            box=theme.body_box,
            chart=slide.chart,
            categories=slide.categories,
            series=tuple(ChartSeries(s.name, s.values) for s in slide.series),
            alt=slide.alt,
            category_title=slide.category_title,
            value_title=slide.value_title,
            labels=slide.labels,
            size=max(CHART_TEXT, theme.body_min_size),
            name=f"Chart: {slide.title}",
        ),
    ]
    return [scene(slide, "title_only", slide.title, shapes)]
