"""Native charts: a chart scene becomes a python-pptx chart, its data embedded in the deck.

The chart stays editable in PowerPoint (Edit Data opens the embedded workbook). Colours
come from the theme (with an institution's template, from the template's own theme, as
PowerPoint would pick them); text is set at the scene's size in the theme's font and
text colour, so a dark theme gets light axes and labels.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

from pptx.chart import xlsx as chart_xlsx
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.util import Pt

from alliance_slides.format.markup import plain_text
from alliance_slides.format.theme import Theme
from alliance_slides.layout.scene import ChartShape


class StampedWorkbookWriter(chart_xlsx.CategoryWorkbookWriter):  # type: ignore[misc]
    """python-pptx's writer of a chart's embedded workbook, stamped with one fixed time.

    XlsxWriter otherwise writes the time of writing into the workbook's core properties,
    so two builds of the same chart would differ.
    """

    def __init__(self, chart_data: Any, when: dt.datetime) -> None:
        super().__init__(chart_data)
        self._when = when

    @contextmanager
    def _open_worksheet(self, xlsx_file: IO[bytes]) -> Iterator[tuple[Any, Any]]:
        workbook = chart_xlsx.Workbook(xlsx_file, {"in_memory": True})
        workbook.set_properties({"created": self._when})
        worksheet = workbook.add_worksheet()
        yield workbook, worksheet
        workbook.close()


class StampedChartData(CategoryChartData):  # type: ignore[misc]
    """Category chart data whose embedded workbook is stamped with ``when``."""

    def __init__(self, when: dt.datetime, number_format: str = "General") -> None:
        super().__init__(number_format)
        self._when = when

    @property
    def _workbook_writer(self) -> StampedWorkbookWriter:  # type: ignore[override]
        return StampedWorkbookWriter(self, self._when)


CHART_TYPES = {
    "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "bar": XL_CHART_TYPE.BAR_CLUSTERED,
    "line": XL_CHART_TYPE.LINE_MARKERS,
    "pie": XL_CHART_TYPE.PIE,
    "stacked_column": XL_CHART_TYPE.COLUMN_STACKED,
}
#: Theme colours series take in turn.
PALETTE = ("title", "accent", "muted", "line", "band", "table_header")


def chart_data(shape: ChartShape, when: dt.datetime) -> CategoryChartData:
    """Return the chart's data, its embedded workbook stamped with ``when``."""
    data = StampedChartData(when)
    data.categories = [plain_text(c) for c in shape.categories]
    for series in shape.series:
        data.add_series(plain_text(series.name), series.values)
    return data


def _colors(theme: Theme, count: int) -> list[RGBColor]:
    names = [name for name in PALETTE if name in theme.colors]
    distinct: list[str] = []
    for name in names:
        if theme.colors[name] not in distinct and theme.colors[name] != theme.colors["background"]:
            distinct.append(theme.colors[name])
    return [RGBColor.from_string(distinct[i % len(distinct)]) for i in range(count)]


def draw_chart(slide: Any, shape: ChartShape, theme: Theme, when: dt.datetime) -> Any:
    """Add the chart to ``slide``; return its graphic frame's element."""
    box = shape.box
    frame = slide.shapes.add_chart(
        CHART_TYPES[shape.chart], Pt(box.x), Pt(box.y), Pt(box.w), Pt(box.h),
        chart_data(shape, when),
    )
    frame.name = shape.name
    frame._element.nvGraphicFramePr.cNvPr.set("descr", shape.alt)
    chart = frame.chart
    chart.has_title = False  # the slide's title says what the chart shows
    chart.font.size = Pt(shape.size)
    pie = shape.chart == "pie"
    chart.has_legend = pie or len(shape.series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
    plot = chart.plots[0]
    if not pie:  # values written on the bars: grid lines behind them only add noise
        chart.value_axis.has_major_gridlines = not shape.labels
    if shape.labels:
        plot.has_data_labels = True
        labels = plot.data_labels
        labels.font.size = Pt(shape.size)
        labels.show_value = True
        if pie:
            labels.position = XL_LABEL_POSITION.OUTSIDE_END
    if not pie:
        for axis, title in (
            (chart.category_axis, shape.category_title),
            (chart.value_axis, shape.value_title),
        ):
            if title:
                axis.has_title = True
                axis.axis_title.text_frame.text = plain_text(title)
                axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(shape.size)
                axis.axis_title.text_frame.paragraphs[0].runs[0].font.bold = False
    if theme.inherit_styles:  # the template's theme colours and fonts, as PowerPoint would
        return frame._element
    chart.font.name = theme.latin_font
    chart.font.color.rgb = RGBColor.from_string(theme.colors["text"])
    if not pie:
        grey = RGBColor.from_string(theme.colors["line"])
        if chart.value_axis.has_major_gridlines:
            chart.value_axis.major_gridlines.format.line.color.rgb = grey
        for axis in (chart.category_axis, chart.value_axis):
            axis.format.line.color.rgb = grey
    if pie:
        colors = _colors(theme, len(shape.categories))
        for point, color in zip(plot.series[0].points, colors, strict=False):
            point.format.fill.solid()
            point.format.fill.fore_color.rgb = color
    else:
        for series, color in zip(plot.series, _colors(theme, len(shape.series)), strict=True):
            fill = series.format
            if shape.chart == "line":
                fill.line.color.rgb = color
                fill.line.width = Pt(3)
                series.marker.format.fill.solid()
                series.marker.format.fill.fore_color.rgb = color
            else:
                fill.fill.solid()
                fill.fill.fore_color.rgb = color
    return frame._element
