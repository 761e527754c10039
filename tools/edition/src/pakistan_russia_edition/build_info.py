"""What a build knows about itself without the wall clock: its date and its published address.

Two builds of one commit must be byte-identical, so no page or download carries the time of the
build. The edition's date is ``SOURCE_DATE_EPOCH`` when set (the reproducible-builds convention,
which MkDocs honours too), otherwise the date of the commit checked out, otherwise none.
"""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path


def source_epoch(root: Path) -> int | None:
    """Seconds since the epoch of the source: ``SOURCE_DATE_EPOCH``, else the last commit's time."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if value.isdigit():
        return int(value)
    try:
        proc = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%ct"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    out = proc.stdout.strip()
    return int(out) if proc.returncode == 0 and out.isdigit() else None


def pin_source_date(root: Path) -> datetime | None:
    """The source's date; also exported as ``SOURCE_DATE_EPOCH`` so MkDocs dates its sitemap with it."""
    epoch = source_epoch(root)
    if epoch is None:
        return None
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(epoch))
    return datetime.fromtimestamp(epoch, UTC)
