"""The environments of the two kinds of build: local (no addresses) and published (the Pages workflow's)."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PUBLISHED = {
    "EDITION_SITE_URL": "https://example.github.io/pakistan-russia-edition/",
    "EDITION_REPO_URL": "https://github.com/example/pakistan-russia-edition",
    "EDITION_REPO_NAME": "example/pakistan-russia-edition",
}
"""What the Pages workflow sets for a deployed build (here for a made-up repository)."""
UNPUBLISHED = dict.fromkeys(PUBLISHED, None) | {"SOURCE_DATE_EPOCH": None}
"""A local build: none of the deployment's addresses (nor a date from outside) in its environment."""


def copy_project(target: Path) -> Path:
    """A copy of what a build reads (docs/, annotations/, references/, overrides/, mkdocs.yml) in ``target``."""
    for folder in ("docs", "overrides", "annotations", "references"):
        shutil.copytree(ROOT / folder, target / folder)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target
