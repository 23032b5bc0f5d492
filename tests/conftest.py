"""Shared fixtures: small outlines written in the test, and LibreOffice where installed.

Every deck a test writes is checked as PowerPoint would see it (tests/ooxml): when the
test ends, each .pptx/.potx that appeared or changed under its folder, or under a folder
a module's fixture made with tmp_path_factory, must have no problems, or the test errors
with them listed. Decks written elsewhere (the property tests' own folder) are checked
where they are written, with :func:`assert_valid_deck`. A test that writes broken decks
on purpose is marked ``@pytest.mark.invalid_decks``. ALLIANCE_SLIDES_CHECK_DECKS=0 turns
the check off.
"""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from ooxml import problems

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

_no_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (soffice) is not installed; apt-get install libreoffice-impress "
    "poppler-utils fonts-crosextra-carlito to run the rendering tests",
)

T = TypeVar("T")


def needs_soffice(test: T) -> T:
    """Mark a test that renders through LibreOffice: slow, and skipped where it is missing."""
    return pytest.mark.slow(_no_soffice(test))  # type: ignore[no-any-return]


@pytest.fixture(autouse=True)
def _isolated(
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> Iterator[None]:
    """Run every test in its own empty working folder, with no SOURCE_DATE_EPOCH.

    Then check every deck it wrote (see the module's docstring).
    """
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    yield
    _TEST_FOLDERS.add(tmp_path)
    if not CHECK_DECKS:
        return
    base = tmp_path_factory.getbasetemp()
    # pytest also keeps a "...current" link to each folder: links are not walked
    fixtures = [
        d for d in base.iterdir() if d.is_dir() and not d.is_symlink() and d not in _TEST_FOLDERS
    ]
    found = []
    for deck, stamp in _new_decks([tmp_path, *fixtures]):
        _JUDGED[deck] = stamp
        if request.node.get_closest_marker("invalid_decks") is None:
            found += [f"{deck.relative_to(base)}: {p}" for p in problems(deck)]
    if found:
        pytest.fail(_INVALID + "\n".join(found), pytrace=False)


#: Whether decks are checked (see the module's docstring).
CHECK_DECKS = os.environ.get("ALLIANCE_SLIDES_CHECK_DECKS", "1") != "0"
#: Decks already judged (or written by a test marked invalid_decks), with their stamps.
_JUDGED: dict[Path, tuple[int, int]] = {}
#: The tmp_path of every test so far: the other folders of the base are fixtures'.
_TEST_FOLDERS: set[Path] = set()
DECK_SUFFIXES = (".pptx", ".potx")
_INVALID = (
    "decks PowerPoint would repair or refuse (tests/ooxml; a test that breaks decks on "
    "purpose is marked @pytest.mark.invalid_decks):\n"
)


def assert_valid_deck(path: Path) -> None:
    """Fail the test if the deck at ``path`` has problems (when decks are checked)."""
    if CHECK_DECKS:
        found = problems(path)
        if found:
            pytest.fail(_INVALID + "\n".join(f"{path}: {p}" for p in found), pytrace=False)


def _new_decks(folders: list[Path]) -> Iterator[tuple[Path, tuple[int, int]]]:
    """Yield each deck file under ``folders`` not judged as it is now, with its stamp."""
    for folder in folders:
        for root, _dirs, files in os.walk(folder):
            for name in files:
                if not name.lower().endswith(DECK_SUFFIXES):
                    continue
                path = Path(root, name)
                try:
                    stat = path.stat()
                except OSError:
                    continue  # a dangling link
                stamp = (stat.st_mtime_ns, stat.st_size)
                if _JUDGED.get(path) != stamp:
                    yield path, stamp


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a file (dedented) under the test's folder and return its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write
