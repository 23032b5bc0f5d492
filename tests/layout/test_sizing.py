"""Growing text that may wrap: short lone last words (runts) and the ladder of sizes."""

from __future__ import annotations

from alliance_slides.geometry import Box
from alliance_slides.layout.scene import Paragraph
from alliance_slides.layout.sizing import grow_wrapping, is_runt, steps
from alliance_slides.layout.text import TextSpec, parse_emphasis


def paragraph(text: str, size: float = 32) -> Paragraph:
    return Paragraph(parse_emphasis(text), size, bullet="•", look="body")


def test_a_short_last_line_is_a_runt_a_long_word_alone_is_not() -> None:
    assert is_runt(paragraph("Fear of being drawn into US **wars**"), 300)
    # LibreOffice sets "and" on the first line, our wider measure on the second: either
    # way the last line is short.
    question = "What balance should Japan strike between its ally and itself?"
    assert is_runt(paragraph(question, 36), 864)
    assert not is_runt(paragraph("Fear of being drawn into US **wars**"), 500), "one line"
    assert not is_runt(paragraph("More **military** cooperation"), 300), "a word a third long"
    assert not is_runt(paragraph("Unconstitutional"), 100), "a single word"


def test_sizes_grow_on_the_theme_s_ladder_largest_first() -> None:
    assert steps(28, 26, 36) == [36, 32, 28]
    assert steps(28, 28, 36) == [36, 32]
    assert steps(28, 26, 26) == []


def test_wrapping_text_grows_to_the_largest_size_that_adds_no_runt() -> None:
    spec = [TextSpec(parse_emphasis("Fear of being drawn into US wars"), bullet="•", look="body")]
    box = Box(0, 0, 414, 300)
    assert grow_wrapping(spec, box, 26, [36, 32, 28]) == 36
    tall = Box(0, 0, 414, 60)
    assert grow_wrapping(spec, tall, 26, [36, 32, 28]) < 36, "no larger size fits its height"
