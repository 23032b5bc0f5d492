"""One work of ``sources:`` as it reads on a references slide.

The title in italics, then the author, the detail and the address, each a sentence:
"*The Japan US alliance*. A. Writer. 3rd ed. https://example.org". A part that already
ends a sentence ("3rd ed.", "Vol. 2?") is not given a second full stop, and an address
that may be a link (http, https, mailto) is one, as links in the text are.
"""

from __future__ import annotations

from alliance_slides.format.markup import LINK_SCHEMES
from alliance_slides.format.model import Source
from alliance_slides.layout.markup import inline_runs
from alliance_slides.layout.scene import Run

_SENTENCE_ENDS = (".", "?", "!", "…")


def reference_runs(source: Source) -> tuple[Run, ...]:
    """Return the runs of one reference: title, author, detail, address."""
    runs = list(inline_runs(source.title, italic=True))
    parts = [inline_runs(part) for part in (source.author, source.detail) if part]
    if source.url:
        linked = source.url.lower().startswith(LINK_SCHEMES)
        parts.append((Run(source.url, link=source.url if linked else None),))
    for part in parts:
        said = "".join(run.text for run in runs).rstrip()
        runs.append(Run(" " if said.endswith(_SENTENCE_ENDS) else ". "))
        runs.extend(part)
    return tuple(runs)
