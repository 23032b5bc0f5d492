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
        ignore=shutil.ignore_patterns(
            ".git", "build", ".setuptools-build", "*.egg-info", "__pycache__", ".*_cache"
        ),
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
    # setuptools builds in the source tree: not in build/, where decks go by default.
    assert not (source / "build").exists()
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


def test_setuptools_builds_outside_the_folder_decks_go_to() -> None:
    # `pip install .` ran setuptools in the checkout, which wrote build/lib/... where
    # `alliance-slides build` writes decks by default (build/).
    probe = (
        "import warnings; warnings.simplefilter('ignore')\n"
        "from setuptools.dist import Distribution\n"
        "d = Distribution(); d.parse_config_files()\n"
        "b = d.get_command_obj('build'); b.ensure_finalized(); print(b.build_base)\n"
    )
    run = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True)
    if run.returncode != 0 and "No module named 'setuptools'" in run.stderr:
        pytest.skip("setuptools is not installed here")
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == ".setuptools-build"
    from alliance_slides.build import DEFAULT_OUTPUT

    assert Path(run.stdout.strip()).parts[0] != DEFAULT_OUTPUT.parts[0]
