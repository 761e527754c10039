"""citecheck: find broken links, bad DOIs and inconsistent citations in the notes of a paper."""

__version__ = "0.1.0"
