"""Shared fixtures: one strict build of the site per test session, served over local HTTP."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",  # offline: no other host resolves
]


def pytest_configure(config):
    """Tests, and the builds they start, use a fresh check cache: never a user's, never a stale one."""
    import tempfile

    os.environ["LOSSDOCS_CACHE"] = tempfile.mkdtemp(prefix="lossdocs-cache-")


def mkdocs_build(config: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """``mkdocs build --strict`` of ``config`` into ``site_dir``; output captured, never raises."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site_dir)],
        capture_output=True,
        stdin=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        cwd=config.parent,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("build") / "site"
    result = mkdocs_build(ROOT / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    # MkDocs' own warnings (strict turns them into errors; this also catches ones logged after the fact).
    assert not re.search(r"^WARNING\s+-", result.stderr, re.M), result.stderr
    return site


@contextlib.contextmanager
def serve(site: Path):
    """Serve ``site`` over HTTP on a free local port; yields the base URL (no trailing slash)."""
    handler = functools.partial(QuietHandler, directory=str(site))
    server = QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(built_site):
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def langs() -> dict[str, str]:
    from tests.sitecheck import languages

    return languages(ROOT / "mkdocs.yml")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a tab closed mid-download: fine
            super().handle_error(request, client_address)


def import_dev(name: str):
    """The package ``name`` of requirements-dev.txt (torch, tensorflow, keras, jax, optax, sklearn), for a
    test module that needs it: skipped without it, unless ``CI`` is set: there a missing package fails, so
    that CI never passes without running the tests that need it."""
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError:
        message = f"{name} is missing: pip install -r requirements-dev.txt"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message, allow_module_level=True)


def import_torch():
    """torch (requirements-dev.txt), for a test module that needs it (see `import_dev`)."""
    return import_dev("torch")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = "Chromium is missing: apt-get install -y chromium fonts-noto-cjk"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def tab(browser):
    """One tab for the session's page checks: MathJax and the theme's assets are parsed once."""
    context = browser.new_context()
    yield context.new_page()
    context.close()
