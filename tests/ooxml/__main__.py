"""``python -m ooxml DECK.pptx ...`` (with tests/ on sys.path): print each deck's problems."""

from __future__ import annotations

import sys

from ooxml import problems

failed = False
for deck in sys.argv[1:]:
    found = problems(deck)
    for line in found:
        print(f"{deck}: {line}")
    print(f"== {deck}: {len(found)} problem(s)")
    failed = failed or bool(found)
sys.exit(1 if failed else 0)
