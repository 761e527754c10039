"""The extension point: finding codes, checks, readers and identifier sources that live outside citecheck.

In the spirit of markdown-it-py's rules: an extension is a function that receives a :class:`Registry` and
registers what it adds; citecheck never imports it by name. Installed extensions announce themselves in the
entry-point group ``citecheck.extensions``::

    [project.entry-points."citecheck.extensions"]
    my-project = "my_project.citecheck_extension:register"

and :func:`default_registry` loads every one of them after citecheck's own codes and checks. A library caller
can build its own: ``core_registry().use(register)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import entry_points

from citecheck.checks import CORE_CHECKS, Check
from citecheck.codes import CORE_CODES, Code
from citecheck.errors import ConfigError
from citecheck.model import Location, Model
from citecheck.read import PathReader

ENTRY_POINT_GROUP = "citecheck.extensions"

IdentifierSource = Callable[[Model], Iterable[tuple[str, Location]]]
"""More text to find URLs and DOIs in for the web checks (an extension's own files), with where it stands."""
Extension = Callable[["Registry"], None]
"""What an entry point names: it registers codes, checks, readers and sources."""


@dataclass
class Registry:
    """Everything one run can report and read: citecheck's own codes and checks, and every extension's."""

    codes: dict[str, Code] = field(default_factory=dict)
    checks: dict[str, Check] = field(default_factory=dict)
    """Family name → check; a code belongs to the family whose check reports it."""
    readers: list[PathReader] = field(default_factory=list)
    identifier_sources: list[IdentifierSource] = field(default_factory=list)

    def add_code(self, code: Code) -> None:
        """Register a finding code; a name already taken is an error."""
        if code.name in self.codes:
            raise ConfigError(f"finding code {code.name!r} is registered twice")
        self.codes[code.name] = code

    def add_check(self, family: str, check: Check) -> None:
        """Register the check of a family of codes (the family's codes must be registered too)."""
        if family in self.checks:
            raise ConfigError(f"check family {family!r} is registered twice")
        self.checks[family] = check

    def add_reader(self, reader: PathReader) -> None:
        """Register a reader that may claim a file or folder before the built-in readers."""
        self.readers.append(reader)

    def add_identifier_source(self, source: IdentifierSource) -> None:
        """Register more text whose URLs and DOIs the web checks visit."""
        self.identifier_sources.append(source)

    def use(self, extension: Extension) -> Registry:
        """Let an extension register what it adds; returns the registry, for chaining."""
        extension(self)
        return self


def core_registry() -> Registry:
    """citecheck's own codes and offline checks, with no extension."""
    registry = Registry()
    for code in CORE_CODES.values():
        registry.add_code(code)
    for family, check in CORE_CHECKS.items():
        registry.add_check(family, check)
    return registry


@cache
def default_registry() -> Registry:
    """The core registry with every installed extension (entry-point group ``citecheck.extensions``)."""
    registry = core_registry()
    for point in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda p: p.name):
        try:
            extension = point.load()
        except Exception as error:  # a broken extension must not hide which one it is
            raise ConfigError(f"citecheck extension {point.name!r} ({point.value}) cannot be loaded: {error}") from None
        registry.use(extension)
    return registry
