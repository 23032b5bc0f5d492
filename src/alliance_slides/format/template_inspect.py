"""What ``alliance-slides template inspect`` says about a template, as text.

It lists the masters and their layouts with their placeholders, which slide role each
layout serves and why (or why not), the fonts and colours the template defines, and
what the import leaves out. Everything comes from the same reading a build does
(:mod:`~alliance_slides.format.template`), so what it says is what a build does.
"""

from __future__ import annotations

from pathlib import Path

from alliance_slides.format.template import (
    ROLES,
    _facts,
    _role_score,
    _size,
    choose_layout,
    cleaned,
    open_template,
    read_template,
)
from alliance_slides.format.template_look import SCHEME_COLORS

#: What each role is used for, as a person reads it.
ROLE_USES = {
    "title": "the title slide",
    "section": "section headers",
    "content": "bullets, questions, references, tables, pictures",
    "two_content": "two-column slides",
    "title_only": "timelines and quotations",
}


def _why(role: str, facts: object) -> str:
    f = facts
    parts = []
    titles = getattr(f, "titles", 0)
    parts.append("a title" if titles == 1 else f"{titles} usable titles")
    bodies = getattr(f, "bodies", 0)
    if bodies:
        parts.append(f"{bodies} body")
    if getattr(f, "subtitles", 0):
        parts.append("a subtitle")
    if getattr(f, "brand", False):
        parts.append("the brand's graphics")
    return ", ".join(parts)


def _placeholders(layout: object) -> str:
    """The layout's placeholder types, in order, repeats counted ("title, 3 object")."""
    counts: dict[str, int] = {}
    for ph in layout.placeholders:  # type: ignore[attr-defined]
        kind = str(ph.placeholder_format.type).split(" ")[0].split(".")[-1].lower()
        counts[kind] = counts.get(kind, 0) + 1
    said = [kind if n == 1 else f"{n} {kind}" for kind, n in counts.items()]
    return ", ".join(said) or "no placeholders"


def inspect_template(path: Path) -> str:
    """Return the report on the template at ``path`` (raise if it cannot be read safely)."""
    package = cleaned(path)
    prs = open_template(path)
    template = read_template(path)
    width, height = _size(prs)
    lines = [
        f"{path.name}: {template.width:g} x {template.height:g} pt slides "
        f"({template.width / 72:.2f} x {template.height / 72:.2f} in)",
        "",
    ]
    chosen = {role: choose_layout(prs, role) for role in ROLES}
    serving: dict[str, list[str]] = {}
    for role, layout in chosen.items():
        serving.setdefault(layout.name, []).append(role)
    for m, master in enumerate(prs.slide_masters, start=1):
        lines.append(f"master {m} ({len(master.slide_layouts)} layouts)")
        for layout in master.slide_layouts:
            facts = _facts(layout, width, height)
            roles = serving.get(layout.name, [])
            if roles:
                said = "; ".join(f"{r} ({ROLE_USES[r]})" for r in roles)
                tag = f"-> {said}: {_why(roles[0], facts)}"
            else:
                fits = [r for r in ROLES if _role_score(r, facts) >= 0]
                if facts.titles != 1:
                    tag = "unused: no usable title placeholder"
                elif facts.vertical or facts.pictures:
                    tag = "unused: vertical text or picture placeholders"
                elif fits:
                    tag = f"unused: could serve {', '.join(fits)}, another layout fits better"
                else:
                    tag = "unused: its placeholders fit no role"
            name = " ".join(layout.name.split())
            lines.append(f"  - {name!r} [{_placeholders(layout)}] {tag}")
        lines.append("")
    palette = template.palette
    fonts = ", ".join(f"{k} = {v}" for k, v in sorted(palette.fonts.items()) if v) or "none"
    lines.append(f"theme fonts: {fonts}")
    content = template.layouts.get("content")
    if content is not None:
        for label, kinds in (("titles", ("title", "ctrTitle")), ("body", ("body", "obj"))):
            found = content.first(*kinds)
            if found is not None:
                look = found.look
                size = f"{look.size:g} pt" if look.size else "size unset"
                color = f"#{look.color}" if look.color else "colour unset"
                lines.append(f"{label}: {look.font}, {size}, {color}")
    colors = ", ".join(f"{k} #{palette.colors[k]}" for k in SCHEME_COLORS if k in palette.colors)
    lines.append(f"colours: {colors}")
    mapped = ", ".join(f"{k} = #{palette.colors[k]}" for k in ("bg1", "tx1") if k in palette.colors)
    lines.append(f"as the master maps them: {mapped}")
    lines.append("")
    dropped = "; ".join(package.dropped) if package.dropped else "nothing"
    lines.append(f"left out on import: {dropped}")
    for warning in template.warnings:
        lines.append(f"warning: {warning}")
    return "\n".join(lines)
