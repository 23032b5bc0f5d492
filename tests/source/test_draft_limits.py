"""Texts at the edges drafted into outlines that validate, or refused in plain words.

Headings only, one enormous word, only figures, other encodings, binary data: each
gives a draft within every input limit (with a warning saying what was cut) or one
located line saying why there is none, never a traceback.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from alliance_slides import limits
from alliance_slides.cli import cli

ARTICLE = Path(__file__).parent / "articles" / "marshall-plan.txt"


def _draft(source: Path) -> tuple[str, dict]:
    out = source.with_suffix(".yaml")
    result = CliRunner().invoke(cli, ["draft", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    checked = CliRunner().invoke(cli, ["validate", "--strict", str(out)])
    assert checked.exit_code == 0, checked.output
    checked = CliRunner().invoke(cli, ["check", str(out)])
    assert checked.exit_code == 0 and "0 findings" in checked.output, checked.output
    assert out.stat().st_size < limits.MAX_FILE_BYTES
    return result.output, yaml.safe_load(out.read_text(encoding="utf-8"))


def _strings(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in _strings(k) + _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return []


@pytest.mark.slow  # validates and checks an outline of 9,900 slides
def test_a_text_of_headings_only_drafts_its_first_sections(tmp_path: Path) -> None:
    source = tmp_path / "headings.md"
    source.write_text("".join(f"# Section {n}\n" for n in range(1, 44_003)), encoding="utf-8")
    output, outline = _draft(source)
    assert "the text has 44,001 headings and no paragraphs; the draft keeps the first" in output
    slides = outline["slides"]
    assert len(slides) + 1 <= limits.MAX_SLIDES
    assert outline["title"] == "Section 1"
    assert [s["title"] for s in slides[:2]] == ["Section 2", "Section 3"]
    assert all(s["cite"] == ["headings"] for s in slides[:-1])


def test_headings_under_a_heading_become_its_bullets(tmp_path: Path) -> None:
    source = tmp_path / "plan.md"
    source.write_text(
        "# Course plan\n\n## Week 1\n\n### Sources\n\n### Methods\n\n## Week 2\n",
        encoding="utf-8",
    )
    output, outline = _draft(source)
    assert "warning" not in output
    slides = outline["slides"]
    assert slides[0]["title"] == "Week 1" and slides[0]["bullets"] == ["Sources", "Methods"]
    assert slides[1] == {**slides[1], "kind": "section", "title": "Week 2"}


def test_one_enormous_word_drafts_with_a_warning(tmp_path: Path) -> None:
    source = tmp_path / "word.txt"
    source.write_text("a" * 200_000 + "\n", encoding="utf-8")
    output, outline = _draft(source)
    assert "1 word(s) of more than 40 letters (the longest has 200,000)" in output
    assert max(len(s) for s in _strings(outline)) <= limits.MAX_STRING_LENGTH
    assert not any(len(w) > 40 for s in outline["slides"] for w in s["title"].split())


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "no paragraphs to draft from: the text is empty"),
        (b"\n \r\n\t\n", "no paragraphs to draft from: the text is empty"),
        (b"1 2 3\n\n4,5 -- 6.7 (8)!\n", "no words to draft from: the text has only figures"),
        ("\u2026 !? \u00b6 \u2014\n".encode(), "no words to draft from: the text has only figures"),
        (bytes(range(256)) * 20, "cannot read source: a binary file, not text (it holds NUL"),
        (b"\x01\x02\x03\x04 \x05\x06\x07\x08" * 20, "cannot read source: a binary file, not text"),
    ],
    ids=["empty", "blank", "figures", "punctuation", "binary", "controls"],
)
def test_a_text_with_nothing_to_draft_is_one_located_line(
    tmp_path: Path, data: bytes, message: str
) -> None:
    source = tmp_path / "in.txt"
    source.write_bytes(data)
    result = CliRunner().invoke(cli, ["draft", str(source), "-o", str(tmp_path / "o.yaml")])
    assert result.exit_code == 1
    assert result.output.startswith(f"{source}:1:1: {message}"), result.output
    assert result.output.count("\n") == 1
    assert not (tmp_path / "o.yaml").exists()


@pytest.mark.parametrize(
    ("encode", "warned"),
    [
        (lambda t: t.replace("\n", "\r\n").encode(), False),
        (lambda t: t.replace("\n", "\r").encode(), False),
        (lambda t: codecs.BOM_UTF8 + t.encode(), False),
        (lambda t: t.encode("utf-16"), False),
        (lambda t: t.encode("utf-16-le"), False),
        (lambda t: t.encode("utf-16-be"), False),
        (lambda t: t.encode("cp1252"), True),
    ],
    ids=["crlf", "cr", "utf-8 bom", "utf-16", "utf-16-le", "utf-16-be", "windows-1252"],
)
def test_line_ends_and_encodings_draft_the_same_outline(
    tmp_path: Path, encode: object, warned: bool
) -> None:
    text = ARTICLE.read_text(encoding="utf-8").replace("\u2019", "'") + "\nCaf\u00e9 culture.\n"
    plain = tmp_path / "plain" / "article.txt"
    plain.parent.mkdir()
    plain.write_text(text, encoding="utf-8")
    other = tmp_path / "other" / "article.txt"
    other.parent.mkdir()
    other.write_bytes(encode(text))  # type: ignore[operator]
    _, expected = _draft(plain)
    output, outline = _draft(other)
    assert outline == expected
    assert ("it was read as Windows-1252" in output) == warned


def test_a_text_longer_than_a_draft_reads_is_cut_at_a_paragraph_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 10 MB text took 575 MB and more than a minute, for slides no outline could take."""
    monkeypatch.setattr(limits, "MAX_DRAFT_CHARS", 3_000)
    paragraph = "The treaty of {n} was signed by both governments after long talks. " * 4
    text = "Alliances\n\n" + "\n\n".join(paragraph.format(n=1900 + n) for n in range(40))
    source = tmp_path / "long.txt"
    source.write_text(text, encoding="utf-8")
    output, outline = _draft(source)
    kept = text[: text.rfind("\n\n", 0, 3_000) + 2]
    assert (
        f"long.txt: warning: the draft reads the first 3,000 characters of the text "
        f"(MAX_DRAFT_CHARS) and leaves {len(text) - len(kept):,} out; draft the rest from a "
        "shorter text"
    ) in output
    cited = {int(c.split("#")[1]) for slide in outline["slides"] for c in slide.get("cite", [])}
    assert max(cited) == kept.count("\n\n") < 40, cited  # the paragraphs kept, and no more
