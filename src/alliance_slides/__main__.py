"""Allow ``python -m alliance_slides``."""

from alliance_slides.cli import main

main()
