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

from .model import DEFAULT_TYPES, MOTIVATIONS, Settings


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
            raise ValidationError(f"annotation type '{name}': {motivation!r} is not a W3C motivation "
                                  f"({', '.join(sorted(MOTIVATIONS))})")
    if not pairs:
        raise ValidationError("'types' lists no annotation type")
    return tuple(pairs)


class AnnotationOptions(Config):
    """``plugins: - edition: annotations: …``"""

    enabled = config_options.Type(bool, default=True)
    dir = config_options.Type(str, default="annotations")
    article = config_options.Type(str, default="article/")
    index_page = config_options.Type(str, default="annotations.md")
    jsonld = config_options.Type(str, default="annotations.jsonld")
    types = TypesOption()


def settings_from(options: Any) -> Settings:
    """Settings from the validated options (a mapping or an ``AnnotationOptions``)."""
    get = options.get if hasattr(options, "get") else lambda key, default=None: getattr(options, key, default)
    types = get("types") or DEFAULT_TYPES
    if isinstance(types, dict):
        types = tuple(types.items())
    return Settings(directory=Path(get("dir") or "annotations"), article=get("article") or "article/",
                    types=tuple(types), index_page=get("index_page") or "annotations.md",
                    jsonld=get("jsonld") or "annotations.jsonld")
