"""A non-editable install works from another folder: templates and themes are package data."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from conftest import REPO

OUTLINE = "title: Packaged\nslides:\n  - {title: One, bullets: [a], notes: hello}\n"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="needs git to copy the tracked sources")
def test_non_editable_install_builds_and_exports_notes_from_another_folder(
    tmp_path: Path,
) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    # The dependencies come from the environment running the tests, so no network is
    # needed. A path line in a .pth file only extends sys.path (the .pth files there are
    # not run), so an editable install of this repository there is not seen: the copy
    # installed below is the one imported.
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(site, "test-dependencies.pth").write_text("\n".join(sorted(ours)) + "\n")
    source = tmp_path / "src-copy"
    shutil.copytree(
        REPO,
        source,
        ignore=shutil.ignore_patterns(".git", "build", "*.egg-info", "__pycache__", ".*_cache"),
    )
    # An isolated build, as `pip install .` does for users: it fetches setuptools.
    probe = subprocess.run(
        [
            python,
            "-m",
            "pip",
            "download",
            "-q",
            "--no-deps",
            "-d",
            str(tmp_path / "probe"),
            "setuptools>=70.1",
        ],
        capture_output=True,
    )
    if probe.returncode != 0:
        pytest.skip("no package registry reachable to fetch the build backend (setuptools)")
    install = subprocess.run(
        [python, "-m", "pip", "install", "-q", "--no-deps", str(source)],
        capture_output=True,
        text=True,
    )
    assert install.returncode == 0, install.stderr
    work = tmp_path / "elsewhere"
    work.mkdir()
    (work / "lecture.yaml").write_text(OUTLINE)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    cli = env_dir / "bin" / "alliance-slides"
    built = subprocess.run(
        [cli, "build", "lecture.yaml", "--theme", "slate"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    assert (work / "build" / "lecture.pptx").is_file()
    notes = subprocess.run(
        [cli, "notes", "lecture.yaml", "--format", "html"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    )
    assert notes.returncode == 0, notes.stderr
    assert "hello" in notes.stdout
    where = subprocess.run(
        [python, "-c", "import alliance_slides; print(alliance_slides.__file__)"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    ).stdout
    assert str(env_dir) in where, "the installed copy is used, not the repository"
    module = subprocess.run(
        [python, "-m", "alliance_slides", "--version"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    )
    assert module.stdout.startswith("alliance-slides, version")
    assert sys.version_info >= (3, 10)
