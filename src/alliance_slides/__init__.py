"""alliance-slides: YAML lecture outlines to PowerPoint decks and speaker notes."""

__version__ = "0.1.0"
