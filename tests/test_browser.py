"""The pages as a reader sees them: Chromium, local HTTP, MathJax from the site itself."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

CATEGORICAL = ["cross-entropy-loss", "softmax", "misconceptions", "information"]
PAGES = ["/sigmoid/", "/en/sigmoid/"] + [
    f"{lang}categorical/{page}/" for lang in ("/", "/en/") for page in CATEGORICAL
]


def open_page(browser, url: str) -> dict:
    """Load ``url``, wait for MathJax to finish, and report what the page did."""
    local = urlparse(url).netloc
    report = {"foreign": [], "console_errors": [], "failed": []}
    page = browser.new_page()

    def route(route):
        if urlparse(route.request.url).netloc == local:
            route.continue_()
        else:
            report["foreign"].append(route.request.url)
            route.abort()

    page.route("**/*", route)
    page.on("console", lambda m: m.type == "error" and report["console_errors"].append(m.text))
    page.on("pageerror", lambda e: report["console_errors"].append(str(e)))
    page.on("response", lambda r: r.status >= 400 and report["failed"].append(f"{r.status} {r.url}"))
    page.goto(url)
    page.wait_for_function("window.MathJax && MathJax.startup && MathJax.startup.promise")
    page.evaluate("MathJax.startup.promise")
    report["math"] = page.locator(".arithmatex").count()
    report["rendered"] = page.locator("mjx-container").count()
    report["errors"] = page.locator("mjx-merror").count()
    report["page"] = page
    return report


@pytest.mark.parametrize("path", PAGES)
def test_math_is_rendered_offline(browser, site_url, path):
    report = open_page(browser, site_url + path)
    assert report["rendered"] >= 1
    assert report["rendered"] >= report["math"] > 0
    assert report["errors"] == 0
    assert report["foreign"] == []
    assert report["failed"] == []
    assert report["console_errors"] == []
    report["page"].close()
