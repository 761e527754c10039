"""The one exception family citecheck raises when it cannot run at all."""

from __future__ import annotations


class CitecheckError(Exception):
    """Base class: the input or configuration cannot be used; the CLI exits 2 with this message."""


class InputError(CitecheckError):
    """An input file cannot be read or parsed."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line
        self.reason = message
        """What is wrong, without the place."""


class ConfigError(CitecheckError):
    """The configuration is invalid."""
