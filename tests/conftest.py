"""Shared fixtures: a real strict build of the edition, and a local HTTP server for it."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from site_builds import PUBLISHED, UNPUBLISHED

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class SiteBuild:
    """The result of one ``mkdocs build --strict``."""

    site_dir: Path
    returncode: int
    stdout: str
    stderr: str


def mkdocs_build(config_file: Path, site_dir: Path, env: dict[str, str | None] | None = None) -> SiteBuild:
    """Run ``mkdocs build --strict`` in a subprocess, as a user would.

    ``env``: variables to set (a value of None removes one); by default the build is a local one.
    """
    changes = UNPUBLISHED | (env or {})
    env = {k: v for k, v in os.environ.items() if k not in changes}
    env |= {k: v for k, v in changes.items() if v is not None}
    env["NO_MKDOCS_2_WARNING"] = "1"  # silence Material's end-of-life banner
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--config-file",
            str(config_file),
            "--site-dir",
            str(site_dir),
        ],
        cwd=config_file.parent,
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
    )
    return SiteBuild(site_dir, proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture(scope="session")
def run_mkdocs_build():
    """``mkdocs_build(config_file, site_dir) -> SiteBuild``, for tests that build their own project."""
    return mkdocs_build


@pytest.fixture(scope="session")
def site_build(tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    """The project's site, built once per session into a temporary directory."""
    return mkdocs_build(ROOT / "mkdocs.yml", tmp_path_factory.mktemp("edition") / "site")


@pytest.fixture(scope="session")
def built_site(site_build: SiteBuild) -> Path:
    """The directory of the built site (fails the test if the build failed)."""
    if site_build.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{site_build.stderr}", pytrace=False)
    return site_build.site_dir


@pytest.fixture(scope="session")
def published_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site as the Pages workflow builds it: with ``site_url`` and ``repo_url`` from the environment."""
    build = mkdocs_build(ROOT / "mkdocs.yml", tmp_path_factory.mktemp("published") / "site", PUBLISHED)
    if build.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{build.stderr}", pytrace=False)
    return build.site_dir


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site as GitHub Pages does: a missing file gets the site's own 404.html."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 in a daemon thread; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def serve_site():
    """``serve(site_dir)``: a context manager that serves another built site on 127.0.0.1."""
    return serve


@pytest.fixture(scope="session")
def served_site(built_site: Path) -> Iterator[str]:
    """Base URL (``http://127.0.0.1:<port>/``) of the built site served in a daemon thread."""
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def served_published_site(published_site: Path) -> Iterator[str]:
    """Base URL of the published build (its pages name the deployment's addresses) served locally."""
    with serve(published_site) as url:
        yield url
