"""The ``annotations`` options of the ``edition`` plugin in ``mkdocs.yml``, and the settings they give.

```yaml
plugins:
  - edition:
      annotations:
        dir: annotations            # one Markdown file per annotation
        article: article/           # the pages that can be annotated
        index_page: annotations.md  # receives the index of all annotations
        jsonld: annotations.jsonld  # written into the site
        types:                      # a list of names, or names with their W3C motivation
          correction: editing
          context: commenting
          source-check: assessing
          translation: commenting
```
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config, ValidationError

from pakistan_russia_edition.annotations.model import DEFAULT_TYPES, MOTIVATIONS, Settings


class TypesOption(config_options.BaseConfigOption):
    """Annotation types: a list of names, or a mapping of names to W3C motivations."""

    def __init__(self) -> None:
        super().__init__()
        self.default = dict(DEFAULT_TYPES)

    def run_validation(self, value: Any) -> tuple[tuple[str, str], ...]:
        return parse_types(value)


def parse_types(value: Any) -> tuple[tuple[str, str], ...]:
    """(name, motivation) pairs from a list of names or a mapping; ValidationError if invalid."""
    known = dict(DEFAULT_TYPES)
    if isinstance(value, (list, tuple)):
        pairs = [(item, known.get(item, "commenting")) for item in value]
    elif isinstance(value, dict):
        pairs = list(value.items())
    else:
        raise ValidationError("'types' must be a list of type names or a mapping of names to motivations")
    for name, motivation in pairs:
        if not isinstance(name, str) or not name.strip():
            raise ValidationError(f"annotation type {name!r} is not a name")
        if motivation not in MOTIVATIONS:
            raise ValidationError(
                f"annotation type '{name}': {motivation!r} is not a W3C motivation ({', '.join(sorted(MOTIVATIONS))})"
            )
    if not pairs:
        raise ValidationError("'types' lists no annotation type")
    return tuple(pairs)


_DEFAULTS = Settings()


class AnnotationOptions(Config):
    """``plugins: - edition: annotations: …`` (the defaults are ``Settings``'s)."""

    enabled = config_options.Type(bool, default=True)
    dir = config_options.Type(str, default=_DEFAULTS.directory.as_posix())
    article = config_options.Type(str, default=_DEFAULTS.article)
    index_page = config_options.Type(str, default=_DEFAULTS.index_page)
    jsonld = config_options.Type(str, default=_DEFAULTS.jsonld)
    types = TypesOption()


def settings_from(options: Any) -> Settings:
    """Settings from the validated options (a mapping or an ``AnnotationOptions``); absent ones keep the defaults."""
    get = options.get if hasattr(options, "get") else lambda key, default=None: getattr(options, key, default)
    types = get("types") or _DEFAULTS.types
    if isinstance(types, dict):
        types = tuple(types.items())
    return Settings(
        directory=Path(get("dir") or _DEFAULTS.directory),
        article=get("article") or _DEFAULTS.article,
        types=tuple(types),
        index_page=get("index_page") or _DEFAULTS.index_page,
        jsonld=get("jsonld") or _DEFAULTS.jsonld,
    )
