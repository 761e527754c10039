"""The edition of "Pakistan-Russia Emerging Cooperation": its MkDocs plugin, Markdown extensions and annotations."""

__version__ = "0.1.0"
