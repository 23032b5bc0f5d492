"""Themes: colours, fonts, sizes, logo and footer, as data; and the slide's geometry.

A theme is a YAML file checked like an outline (every problem with its place);
any field left out keeps the default of the built-in ``classic`` theme. Two themes
ship in ``themes/``: ``classic`` (navy and crimson on white) and ``slate`` (light
text on charcoal). Layouts read sizes and geometry from :class:`Theme`; the deck
writer reads colours and font names.
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alliance_slides import limits
from alliance_slides.errors import Location, ValidationError
from alliance_slides.format.schema import (
    INVALID,
    Boolean,
    Checker,
    Choice,
    Number,
    Object,
    Text,
    ValueType,
    build,
    spec,
)
from alliance_slides.geometry import Box

_HEX = re.compile(r"^#?[0-9A-Fa-f]{6}$")
ASPECTS = {"16:9": (960.0, 540.0), "4:3": (720.0, 540.0)}
#: Nothing is drawn closer than this to the slide's top and bottom edges (0.3 in): a
#: projector's overscan crops the edges of the picture.
SAFE_MARGIN = 22.0
#: A line of text, in ems of its size, and a text frame's top and bottom inset, in points
#: (as layout measures them), to size the footer's frame.
LINE_EM = 1.2
FRAME_INSET_Y = 3.6
#: The relative body floor: a 45th of the slide's diagonal, in points.
FLOOR_PER_DIAGONAL = 1 / 45


def relative_floor(width: float, height: float) -> float:
    """Return the smallest body text for a slide this size, in whole points."""
    return float(int(math.hypot(width, height) * FLOOR_PER_DIAGONAL))


class HexColor(ValueType):
    """A colour as six hex digits, with or without '#': ``1B365D``."""

    label = "a colour (six hex digits, e.g. 1B365D)"

    def convert(self, value: Any, where: Location, checker: Checker) -> Any:
        # YAML reads 006644 as a number (octal, even): the loader kept what was written.
        written = getattr(value, "written", None)
        text = value if isinstance(value, str) else written if isinstance(written, str) else ""
        if _HEX.fullmatch(text):  # not match(): '$' would let "1F2328\n" through
            return text.lstrip("#").upper()
        if isinstance(value, str):
            hint = f": '{value}'" if len(value) < 40 else ""
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            hint = f": {written if isinstance(written, str) else value}"
        else:
            hint = ""
        return self.wrong(value, where, checker, hint)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": _HEX.pattern}


def _color(default: str, doc: str) -> Any:
    return spec(HexColor(), doc, default=default)


@dataclass(frozen=True)
class ThemeColors:
    """The colours a theme names (six hex digits each)."""

    background: str = _color("FFFFFF", "Slide background.")
    text: str = _color("1F2328", "Body text.")
    title: str = _color("1B365D", "Slide titles.")
    accent: str = _color("B3202E", "Bullets, timeline markers, column headings.")
    muted: str = _color("545C66", "Secondary text: details, captions, footer.")
    line: str = _color("8A94A3", "The timeline's line and a table's rules.")
    band: str = _color("1B365D", "Background of title and section slides.")
    on_band: str = _color("FFFFFF", "Titles on the band.")
    on_band_muted: str = _color("D6DEE8", "Subtitles and bylines on the band.")
    table_header: str = _color("1B365D", "Table header background.")
    on_table_header: str = _color("FFFFFF", "Table header text.")
    table_band: str = _color("EEF2F6", "Background of every other table row.")
    panel: str = _color(
        "FFFFFF", "The light panel behind a picture drawn for a light page (see `pictures`)."
    )
    location: Location = field(default=Location("<theme>"), kw_only=True, compare=False)


@dataclass(frozen=True)
class ThemeFonts:
    """Font names: Latin text, and East Asian text (Japanese terms need a CJK face)."""

    latin: str = spec(
        Text(), "Latin font (text is measured with its own metrics).", default="Calibri"
    )
    east_asian: str = spec(Text(), "East Asian font.", default="Noto Sans CJK JP")
    code: str = spec(
        Text(), "Monospace font of `code` (measured with Courier New's metrics).",
        default="Courier New",
    )
    location: Location = field(default=Location("<theme>"), kw_only=True, compare=False)


#: Font sizes, at least 8 (6 for tables and footers) and at most MAX_FONT_SIZE points.
_SIZE_8 = Number(minimum=8, maximum=limits.MAX_FONT_SIZE, maximum_name="MAX_FONT_SIZE")
_SIZE_6 = Number(minimum=6, maximum=limits.MAX_FONT_SIZE, maximum_name="MAX_FONT_SIZE")


@dataclass(frozen=True)
class ThemeSizes:
    """Font sizes in points; text shrinks from the size to the floor before continuing."""

    title: float = spec(
        _SIZE_8,
        "Slide title size: every content slide's title is set at one size, wrapping to "
        "two lines before the whole deck's titles shrink.",
        default=36.0,
    )
    title_min: float = spec(_SIZE_8, "Smallest title size.", default=24.0)
    body: float = spec(_SIZE_8, "Body text size.", default=28.0)
    body_max: float = spec(
        _SIZE_8,
        "Largest body text size: a short list grows up to it, as long as no line wraps "
        "that did not wrap at `body`, and never past the deck's title size less 4 pt.",
        default=36.0,
    )
    body_min: float | None = spec(
        _SIZE_8,
        "Smallest body text size; below it, text continues on another slide. Left out, "
        "it is relative to the slide: a 45th of its diagonal (24 pt on 16:9, 20 pt on 4:3).",
    )
    table: float = spec(
        _SIZE_6,
        "Table text size a table starts at: a short one grows toward `body`, a long one "
        "shrinks to `table_min`, then continues.",
        default=22.0,
    )
    table_min: float = spec(_SIZE_6, "Smallest table text size.", default=12.0)
    footer: float = spec(
        _SIZE_6, "Footer and source line text size (12 pt reads on a 16:9 slide).", default=12.0
    )
    location: Location = field(default=Location("<theme>"), kw_only=True, compare=False)


@dataclass(frozen=True)
class ThemeFooter:
    """What the footer of content slides shows."""

    show: bool = spec(Boolean(), "Show a footer at all.", default=True)
    course: bool = spec(Boolean(), "The course code.", default=True)
    lecture: bool = spec(Boolean(), "The lecture title.", default=True)
    date: bool = spec(Boolean(), "The lecture date.", default=True)
    number: bool = spec(Boolean(), "The slide number.", default=True)
    sources: bool = spec(
        Boolean(), "The source line (\"Source: overview ¶2\") of slides that cite.", default=True
    )
    location: Location = field(default=Location("<theme>"), kw_only=True, compare=False)


@dataclass(frozen=True)
class ThemePictures:
    """How pictures sit on the slide."""

    panel: str = spec(
        Choice("auto", "always", "never"),
        "Draw a light panel (colour `panel`) behind pictures: `auto` does so on a dark "
        "background for a picture with a white or transparent background and dark ink.",
        default="auto",
    )
    location: Location = field(default=Location("<theme>"), kw_only=True, compare=False)


@dataclass(frozen=True)
class ThemeFile:
    """A theme file: every field optional."""

    name: str = spec(Text(), "The theme's name.", default="custom")
    colors: ThemeColors = spec(Object(ThemeColors), "Colours.", default=ThemeColors())
    fonts: ThemeFonts = spec(Object(ThemeFonts), "Fonts.", default=ThemeFonts())
    sizes: ThemeSizes = spec(Object(ThemeSizes), "Sizes in points.", default=ThemeSizes())
    footer: ThemeFooter = spec(Object(ThemeFooter), "Footer contents.", default=ThemeFooter())
    pictures: ThemePictures = spec(
        Object(ThemePictures), "Pictures on the slide.", default=ThemePictures()
    )
    logo: str | None = spec(Text(), "A logo image, relative to the theme file.")
    location: Location = field(default=Location("<theme>"), kw_only=True, compare=False)


def _colors(colors: ThemeColors) -> dict[str, str]:
    return {
        f.name: getattr(colors, f.name)
        for f in dataclasses.fields(ThemeColors)
        if f.name != "location"
    }


@dataclass(frozen=True)
class Theme:
    """Everything layouts and the deck writer need: colours, fonts, sizes, geometry."""

    name: str = "classic"
    width: float = 960.0
    height: float = 540.0
    margin: float = 48.0
    colors: dict[str, str] = field(default_factory=lambda: _colors(ThemeColors()))
    latin_font: str = "Calibri"
    east_asian_font: str = "Noto Sans CJK JP"
    code_font: str = "Courier New"
    title_size: float = 36.0
    title_min_size: float = 24.0
    body_size: float = 28.0
    body_max_size: float = 36.0
    #: The theme's own floor for body text; ``None``: relative to the slide (see body_min_size).
    body_min_points: float | None = None
    table_size: float = 22.0
    table_min_size: float = 12.0
    footer_size: float = 12.0
    footer: ThemeFooter = field(default_factory=ThemeFooter)
    #: auto | always | never: a light panel behind pictures (see ThemePictures).
    picture_panel: str = "auto"
    logo: Path | None = None
    #: Where titles and body text go; ``None``: derived from the slide size and margin.
    title_frame: Box | None = None
    body_frame: Box | None = None
    #: With an institution's template, placeholder text keeps the template's fonts and colours.
    inherit_styles: bool = False
    #: On a template: the scheme colour (tx1, accent2 ...) each colour name stands for, so
    #: the deck names the template's colours rather than copies of them.
    scheme: dict[str, str] = field(default_factory=dict)
    #: The face titles are set in ("": ``latin_font``).
    title_font: str = ""
    #: On a template: the layout chosen for each role (format.template_look.LayoutLook).
    layouts: dict[str, Any] = field(default_factory=dict)
    #: On a template: how title, body and other text look (format.template_look.TextLook).
    looks: dict[str, Any] = field(default_factory=dict)
    #: Where the theme came from, for messages: its file as named, or a built-in's name.
    source: str = ""

    @property
    def link_color(self) -> str:
        """The colour links are drawn in: the template's, when it reads, else the accent."""
        return self.colors.get("link") or self.colors["accent"]

    @property
    def body_min_size(self) -> float:
        """The smallest body text: the theme's, else a 45th of the slide's diagonal.

        A floor relative to the slide keeps text the same size to the eye when a wider
        slide is projected as large: 24 pt on 16:9, 20 pt on 4:3. It is never above
        the body size itself.
        """
        if self.body_min_points is not None:
            return self.body_min_points
        return min(self.body_size, relative_floor(self.width, self.height))

    @property
    def body_ceiling(self) -> float:
        """The largest body text a short list grows to: on a template, its own size."""
        return self.body_size if self.inherit_styles else max(self.body_size, self.body_max_size)

    @property
    def title_box(self) -> Box:
        """Where titles go: room for two lines at the title size, inside the title-safe area."""
        if self.title_frame:
            return self.title_frame
        return Box(self.margin, SAFE_MARGIN, self.width - 2 * self.margin, 96.0)

    @property
    def body_box(self) -> Box:
        if self.body_frame:
            return self.body_frame
        top = self.title_box.bottom + 22.0
        return Box(self.margin, top, self.width - 2 * self.margin, self.footer_y - 14.0 - top)

    @property
    def footer_y(self) -> float:
        """The footer's top: its text ends above the title-safe margin at the bottom."""
        height = self.footer_size * LINE_EM + 2 * FRAME_INSET_Y
        return self.height - SAFE_MARGIN - height

    def with_aspect(self, aspect: str) -> Theme:
        """Return this theme on a 16:9 or 4:3 slide."""
        width, height = ASPECTS[aspect]
        return dataclasses.replace(self, width=width, height=height)


DEFAULT_THEME = Theme()


def builtin_themes_dir() -> Path:
    """Return the folder of the package's built-in themes."""
    return Path(__file__).with_name("themes")


def builtin_theme_names() -> list[str]:
    """Return the names of the built-in themes."""
    return sorted(p.stem for p in builtin_themes_dir().glob("*.yaml"))


def theme_from_file(data: ThemeFile, base_dir: Path) -> Theme:
    """Turn a checked theme file into a :class:`Theme`."""
    colors = {
        f.name: getattr(data.colors, f.name)
        for f in dataclasses.fields(ThemeColors)
        if f.name != "location"
    }
    sizes = data.sizes
    return Theme(
        name=data.name,
        colors=colors,
        latin_font=data.fonts.latin,
        east_asian_font=data.fonts.east_asian,
        code_font=data.fonts.code,
        title_size=sizes.title,
        title_min_size=sizes.title_min,
        body_size=sizes.body,
        body_max_size=sizes.body_max,
        body_min_points=sizes.body_min,
        table_size=sizes.table,
        table_min_size=sizes.table_min,
        footer_size=sizes.footer,
        footer=data.footer,
        picture_panel=data.pictures.panel,
        logo=base_dir / data.logo if data.logo else None,
    )


def resolve_theme_path(name_or_path: str, base_dir: Path) -> Path:
    """Return the file of a theme given by built-in name or by path relative to ``base_dir``."""
    if name_or_path in builtin_theme_names():
        return builtin_themes_dir() / f"{name_or_path}.yaml"
    return base_dir / name_or_path


def load_theme(name_or_path: str | None, base_dir: Path = Path("."), aspect: str = "16:9") -> Theme:
    """Load a built-in theme by name, or a theme file; raise listing every problem."""
    from alliance_slides.format.loader import LocatedMap, load_file

    path = resolve_theme_path(name_or_path or "classic", base_dir)
    if not path.is_file():
        names = ", ".join(builtin_theme_names())
        raise ValidationError.at(
            Location(str(name_or_path)),
            f"theme '{name_or_path}' not found: not a built-in ({names}) nor a file",
        )
    doc = load_file(path)
    checker = Checker(path.parent)
    checker.problems.extend(doc.problems)
    data = doc.data
    if data is None:
        data_obj: Any = ThemeFile()
    elif not isinstance(data, LocatedMap):
        checker.problem(Location.of_file(str(path)), "a theme file must be a mapping")
        data_obj = INVALID
    else:
        data_obj = build(ThemeFile, data, checker)
    if data_obj is not INVALID and isinstance(data.get("sizes") if data else None, LocatedMap):
        sizes = data_obj.sizes
        for name in ("title", "body", "table"):
            floor = getattr(sizes, f"{name}_min")
            if floor is not None and floor > getattr(sizes, name):
                checker.problem(
                    data["sizes"].value_at(f"{name}_min"),
                    f"{name}_min ({getattr(sizes, f'{name}_min'):g}) is larger than {name} "
                    f"({getattr(sizes, name):g}): text shrinks from {name} down to {name}_min",
                )
        if "body_max" in data["sizes"] and sizes.body_max < sizes.body:
            checker.problem(
                data["sizes"].value_at("body_max"),
                f"body_max ({sizes.body_max:g}) is smaller than body ({sizes.body:g}): "
                "short lists grow from body up to body_max",
            )
    if checker.problems or data_obj is INVALID:
        raise ValidationError(checker.problems)
    theme = theme_from_file(data_obj, path.parent)
    theme = dataclasses.replace(theme, source=str(name_or_path or "classic"))
    if theme.logo is not None:
        logo = _found_logo(theme.logo, data_obj.logo, data.value_at("logo"))
        theme = dataclasses.replace(theme, logo=logo)
    return theme.with_aspect(aspect)


def _found_logo(path: Path, name: str, where: Location) -> Path:
    """Return the logo's resolved path, or raise at ``where`` why there is no file there."""
    try:
        resolved = path.resolve()
        found = resolved.is_file()
    except (RuntimeError, OSError) as e:  # a symlink loop (RuntimeError up to Python 3.12)
        why = getattr(e, "strerror", None) or e
        raise ValidationError.at(where, f"logo '{name}' cannot be resolved ({why})") from e
    if not found:
        raise ValidationError.at(where, f"logo file not found: {name}")
    return resolved
