"""What browser test modules share: where Chromium is, how it is started, and the marks they carry."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect  # noqa: F401 (re-exported for the test modules)

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"),
]
"""Every browser test module sets `pytestmark = BROWSER_MARKS`."""
