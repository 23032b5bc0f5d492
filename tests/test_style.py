"""Lint and type-check as part of the tests, so style cannot drift."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conftest import REPO


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff is not installed (test extra)")
def test_ruff_finds_nothing() -> None:
    folders = [d for d in ("src", "tests", "benchmarks", "scripts") if (REPO / d).is_dir()]
    result = subprocess.run(["ruff", "check", *folders], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing() -> None:
    pytest.importorskip("mypy")
    result = subprocess.run(
        [sys.executable, "-m", "mypy"], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
