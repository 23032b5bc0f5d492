"""Paths an input names stay inside its folders (or --allow ones); pictures must be pictures."""

from __future__ import annotations

import os
import struct
import subprocess
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image
from pptx import Presentation

from alliance_slides import limits
from alliance_slides.cli import cli
from conftest import REPO

Write = Callable[[str, str], Path]


def picture(path: Path, size: tuple[int, int] = (40, 30), kind: str = "PNG") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, "teal").save(path, kind)
    return path


def image_outline(write: Write, image: str, name: str = "lecture/talk.yaml") -> Path:
    return write(
        name,
        f"""
        title: T
        slides:
          - kind: image
            title: A picture
            image: {image}
            alt: a teal rectangle
        """,
    )


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def only_line(output: str) -> str:
    lines = output.strip().splitlines()
    assert len(lines) == 1, output
    return lines[0]


@pytest.mark.parametrize(
    "image",
    ["../outside.png", "../lecture/../outside.png", "ABSOLUTE", "LINK", "LINKED_FOLDER/x.png"],
)
def test_an_image_outside_the_outlines_folder_is_refused_at_its_node(
    write: Write, tmp_path: Path, image: str
) -> None:
    outside = picture(tmp_path / "outside.png")
    (tmp_path / "lecture").mkdir()
    os.symlink(outside, tmp_path / "lecture" / "link.png")
    os.symlink(tmp_path, tmp_path / "lecture" / "up")
    picture(tmp_path / "x.png")
    named = {"ABSOLUTE": str(outside), "LINK": "link.png", "LINKED_FOLDER/x.png": "up/x.png"}
    outline = image_outline(write, named.get(image, image))
    for command in (["build", str(outline), "-o", "out"], ["validate", str(outline)]):
        code, output = run(*command)
        assert code == 1, output
        line = only_line(output)
        assert line.startswith("lecture/talk.yaml:5:12: image '"), line
        assert f"outside the folders this build may read ({tmp_path / 'lecture'})" in line
        assert line.endswith("use --allow DIR to allow another folder")
        if image in ("LINK", "LINKED_FOLDER/x.png"):
            assert "resolves through a symlink to" in line
    assert not (tmp_path / "out").exists()


def test_allow_lets_an_outline_name_a_folder_outside(write: Write, tmp_path: Path) -> None:
    picture(tmp_path / "shared" / "logo.png")
    outline = image_outline(write, "../shared/logo.png")
    assert run("validate", str(outline))[0] == 1
    code, output = run("validate", "--allow", "shared", str(outline))
    assert code == 0, output
    code, output = run("build", str(outline), "--allow", "shared", "-o", "out.pptx")
    assert code == 0, output
    assert len(Presentation("out.pptx").slides) == 2
    code, output = run("notes", str(outline), "--allow", "shared", "--allow", "lecture")
    assert code == 0, output


def test_allow_must_be_an_existing_folder(write: Write) -> None:
    outline = image_outline(write, "x.png")
    code, output = run("validate", "--allow", "nowhere", str(outline))
    assert code == 2
    assert "'nowhere' does not exist" in output


def test_a_symlink_that_stays_inside_is_fine(write: Write, tmp_path: Path) -> None:
    picture(tmp_path / "lecture" / "figures" / "real.png")
    os.symlink("figures/real.png", tmp_path / "lecture" / "alias.png")
    code, output = run("validate", str(image_outline(write, "alias.png")))
    assert code == 0, output


@pytest.fixture
def project(write: Write, tmp_path: Path) -> Path:
    """The shipped layout: courses/, outlines/ and templates/ side by side in a project."""
    picture(tmp_path / "project" / "outlines" / "figures" / "f.png")
    write("project/outlines/one.yaml", "title: One\nslides:\n  - {title: A}\n")
    write("project/templates/notes.md.j2", "{{ lecture.title }}\n")
    write("project/themes/mine.yaml", "name: mine\nlogo: ../outlines/figures/f.png\n")
    Presentation().save(str(tmp_path / "project" / "deck.pptx"))
    picture(tmp_path / "secret" / "s.png")
    write("secret/theme.yaml", "name: s\n")
    write("secret/one.yaml", "title: Secret\nslides:\n  - {title: S}\n")
    write("secret/notes.md.j2", "{{ lecture.title }}\n")
    Presentation().save(str(tmp_path / "secret" / "deck.pptx"))
    return tmp_path / "project"


def course(write: Write, body: str) -> Path:
    return write("project/courses/c.yaml", body + "lectures:\n  - outline: ../outlines/one.yaml\n")


def test_a_course_may_name_files_beside_its_folder(write: Write, project: Path) -> None:
    path = course(
        write,
        "templates: ../templates\ntheme: ../themes/mine.yaml\ntemplate: ../deck.pptx\n",
    )
    code, output = run("build", str(path), "-o", "out")
    assert code == 0, output
    assert Path("out/one.pptx").is_file()


@pytest.mark.parametrize(
    ("body", "line", "what"),
    [
        ("templates: ../../secret\n", "1:12", "templates '../../secret'"),
        ("theme: ../../secret/theme.yaml\n", "1:8", "theme '../../secret/theme.yaml'"),
        ("template: ../../secret/deck.pptx\n", "1:11", "template '../../secret/deck.pptx'"),
        ("SECRET_OUTLINE", "2:14", "outline '"),
    ],
    ids=["templates", "theme", "template", "outline"],
)
def test_a_course_cannot_name_files_outside_its_project(
    write: Write, project: Path, tmp_path: Path, body: str, line: str, what: str
) -> None:
    if body == "SECRET_OUTLINE":
        secret = tmp_path / "secret" / "one.yaml"
        path = write("project/courses/c.yaml", f"lectures:\n  - outline: {secret}\n")
    else:
        path = course(write, body)
    code, output = run("validate", str(path))
    assert code == 1, output
    message = only_line(output)
    assert message.startswith(f"project/courses/c.yaml:{line}: {what}"), message
    assert "outside the folders this build may read" in message
    assert run("validate", "--allow", str(tmp_path / "secret"), str(path))[0] == 0


def test_a_theme_logo_outside_is_refused_in_the_theme_file(write: Write, project: Path) -> None:
    write("project/themes/mine.yaml", "name: mine\nlogo: ../../secret/s.png\n")
    code, output = run("validate", str(course(write, "theme: ../themes/mine.yaml\n")))
    assert code == 1
    assert only_line(output).startswith(
        "project/themes/mine.yaml:2:7: image '../../secret/s.png' resolves to"
    )


def test_an_outline_source_file_outside_is_refused(write: Write, tmp_path: Path) -> None:
    write("secret.txt", "1945\n")
    path = write(
        "lecture/s.yaml",
        "title: T\nsources:\n  a: {title: A, file: ../secret.txt}\nslides:\n  - {title: A}\n",
    )
    code, output = run("validate", str(path))
    assert code == 1
    assert only_line(output).startswith("lecture/s.yaml:3:23: source file '../secret.txt'")


def test_the_readme_command_works_from_the_repository_root() -> None:
    run_ = subprocess.run(
        ["alliance-slides", "validate", "courses/hist-240.yaml", "courses/survey-intro.yaml"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert run_.returncode == 0, run_.stderr
    assert "courses/hist-240.yaml: ok (4 lectures" in run_.stdout


def png_header(width: int, height: int) -> bytes:
    """Return a PNG that claims ``width`` x ``height`` pixels and holds almost none."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_text("<svg/>"), "not a picture Pillow can read (UnidentifiedImageError"),
        (lambda p: picture(p, kind="WEBP"), "WEBP pictures cannot go in a deck; use one of: PNG"),
        (
            lambda p: p.write_bytes(picture(p).read_bytes()[:-30]),
            "not a picture Pillow can read",
        ),
        (
            lambda p: p.write_bytes(png_header(12_000, 10_000)),
            "image is 12,000 x 10,000 pixels; the limit is 100,000,000 pixels (MAX_IMAGE_PIXELS)",
        ),
        (
            lambda p: p.write_bytes(png_header(100_000, 100_000)),
            "could be decompression bomb DOS attack.; the limit is 100,000,000 pixels",
        ),
        (lambda p: p.mkdir(), "image file not found: p.png"),
    ],
    ids=["text", "webp", "truncated", "too many pixels", "pixel bomb", "directory"],
)
def test_an_image_must_be_a_picture_a_deck_can_hold(
    write: Write, tmp_path: Path, make: Callable[[Path], object], message: str
) -> None:
    (tmp_path / "lecture").mkdir()
    make(tmp_path / "lecture" / "p.png")
    code, output = run("build", str(image_outline(write, "p.png")), "-o", "out")
    assert code == 1
    line = only_line(output)
    assert line.startswith("lecture/talk.yaml:5:12: "), line
    assert message in line, line
    assert not (tmp_path / "out").exists()


def test_an_image_over_max_image_bytes_is_refused(
    write: Write, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    size = picture(tmp_path / "lecture" / "p.png").stat().st_size
    monkeypatch.setattr(limits, "MAX_IMAGE_BYTES", size - 1)
    code, output = run("validate", str(image_outline(write, "p.png")))
    assert code == 1
    assert f"image is {size:,} bytes; the limit is {size - 1:,} (MAX_IMAGE_BYTES)" in output


@pytest.mark.invalid_decks  # bomb.pptx
def test_a_template_zip_bomb_is_refused_before_it_is_unpacked(write: Write, project: Path) -> None:
    with zipfile.ZipFile(project / "bomb.pptx", "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("ppt/presentation.xml", "w", force_zip64=True) as entry:
            zeros = bytes(1024 * 1024)
            for _ in range(limits.MAX_TEMPLATE_BYTES // len(zeros) + 1):
                entry.write(zeros)
    assert (project / "bomb.pptx").stat().st_size < 1024 * 1024
    code, output = run("build", str(course(write, "template: ../bomb.pptx\n")), "-o", "out")
    assert code == 1
    assert only_line(output).startswith(
        "project/courses/c.yaml:1:11: template 'bomb.pptx': unpacks to 210,763,776 bytes; "
        "the limit is 209,715,200 (MAX_TEMPLATE_BYTES)"
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("template: ../outlines/one.yaml\n", "1:11: template 'one.yaml': not a PowerPoint file"),
        (
            "template: ../deck.pptx\nlayouts: {content: Titel Only}\n",
            "2:20: the template has no layout named 'Titel Only' (did you mean 'Title Only'?)",
        ),
    ],
    ids=["not a zip", "unknown layout"],
)
def test_a_template_that_does_not_fit_is_an_error_at_its_node(
    write: Write, project: Path, body: str, message: str
) -> None:
    code, output = run("build", str(course(write, body)), "-o", "out")
    assert code == 1
    assert only_line(output).startswith(f"project/courses/c.yaml:{message}"), output


def test_a_symlink_loop_is_an_error_at_its_node(write: Write, tmp_path: Path) -> None:
    (tmp_path / "lecture").mkdir()
    os.symlink("b.png", tmp_path / "lecture" / "a.png")
    os.symlink("a.png", tmp_path / "lecture" / "b.png")
    code, output = run("build", str(image_outline(write, "a.png")), "-o", "out")
    assert code == 1
    assert only_line(output).startswith("lecture/talk.yaml:5:12: image 'a.png' cannot be resolved")
    assert not (tmp_path / "out").exists()


def test_a_name_too_long_for_the_file_system_is_an_error_at_its_node(write: Write) -> None:
    code, output = run("validate", str(image_outline(write, "x" * 300)))
    assert code == 1
    line = only_line(output)
    assert line.startswith("lecture/talk.yaml:5:12: image 'xxx"), line
    assert line.endswith("cannot be resolved (File name too long)"), line
