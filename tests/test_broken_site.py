"""Each check fails on a copy of the site broken on purpose, and names what is broken."""

from __future__ import annotations

import shutil

import pytest

import lossdocs
from tests.conftest import ROOT, mkdocs_build, serve
from tests.sitecheck import browser_problems, link_problems, parity_problems

EMBED = f"```derivation\n{lossdocs.ids()[0]}\n```\n"
EXAMPLE = "```pycon\n>>> 1 + 1\n2\n```\n"
PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="

# Pages added to a copy of the site, each broken in one way; the copy still builds with --strict,
# and the rest of it is the real site, which the other tests show to be clean.
PAGES = {
    "ko/tex.md": "# 수식\n\n\\(x\\)\n",
    "en/tex.md": "# Math\n\nA macro MathJax does not know: \\(\\notamacro{x}\\).\n",
    "ko/script.md": '# 스크립트\n\n<script src="https://cdn.example.invalid/tracker.js"></script>\n',
    "en/script.md": "# Script\n",
    "ko/links.md": "# 링크\n",
    # raw HTML: mkdocs.yml's validation already fails the build on a Markdown link to a missing anchor
    "en/links.md": '# Links\n\n<a href="../tex/#no-such-heading">1</a> <a href="../no-such-page/">2</a>\n',
    "ko/shape.md": f"# 모양\n\n## 절\n\n## 덧붙임\n\n{EMBED}",
    "en/shape.md": f"# Shape\n\n## Section\n\n{EXAMPLE}",
    "en/only-english.md": "# Only in English\n\nThis page has no Korean twin.\n",
    "ko/image.md": f"# 그림\n\n![잘린 PNG](data:image/png;base64,{PIXEL[:24]})\n",
    "en/image.md": f"# Image\n\n![a pixel](data:image/png;base64,{PIXEL})\n\n"
    f'<img alt="hidden" src="data:image/png;base64,{PIXEL}" style="display: none">\n',
}


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    project = tmp_path_factory.mktemp("broken")
    shutil.copytree(ROOT / "docs", project / "docs")
    config = (ROOT / "mkdocs.yml").read_text()
    assert "  omitted_files: warn" in config
    # the broken pages are not in the nav: built, but not listed (a page left out of the nav is an error)
    (project / "mkdocs.yml").write_text(config.replace("  omitted_files: warn", "  omitted_files: info"))
    for name, text in PAGES.items():
        assert not (project / "docs" / name).exists()
        (project / "docs" / name).write_text(text)
    result = mkdocs_build(project / "mkdocs.yml", project / "site")
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture(scope="module")
def broken_url(broken):
    with serve(broken / "site") as url:
        yield url


def test_link_check_reports_a_missing_anchor_and_a_missing_page(broken):
    assert link_problems(broken / "site") == [
        "/en/links/index.html: ../tex/#no-such-heading → no #no-such-heading in /en/tex/",
        "/en/links/index.html: ../no-such-page/ → no such file",
    ]


def test_parity_reports_a_missing_page_other_headings_embeds_and_examples(broken, langs):
    assert parity_problems(broken / "site", broken / "docs", langs) == [
        "/only-english/: no ko page in the build",
        "/shape/: headings differ: {'ko': ['h1', 'h2', 'h2'], 'en': ['h1', 'h2']}",
        "docs/*/only-english.md: missing in ko",
        f"docs/*/shape.md: embeds differ: {{'ko': ['derivation {lossdocs.ids()[0]}'], 'en': []}}",
        "docs/*/shape.md: examples differ: {'ko': 0, 'en': 1}",
    ]


def test_browser_check_reports_a_bad_tex_macro(tab, broken_url, langs):
    assert browser_problems(tab, broken_url, "/en/tex/", langs) == [
        "mjx-merror: Undefined control sequence \\notamacro"
    ]
    assert browser_problems(tab, broken_url, "/tex/", langs) == []


def test_browser_check_reports_an_image_that_does_not_decode_or_is_not_shown(tab, broken_url, langs):
    assert browser_problems(tab, broken_url, "/image/", langs) == ["image not shown: 잘린 PNG"]
    assert browser_problems(tab, broken_url, "/en/image/", langs) == ["image not shown: hidden"]


def test_browser_check_reports_a_script_from_another_host(tab, broken_url, langs):
    assert browser_problems(tab, broken_url, "/script/", langs) == [
        "request to another host: https://cdn.example.invalid/tracker.js",
        "console error: Failed to load resource: net::ERR_NAME_NOT_RESOLVED",
    ]


def test_browser_check_reports_a_language_switcher_to_a_missing_page(tab, broken_url, langs):
    problems = browser_problems(tab, broken_url, "/en/only-english/", langs)
    assert len(problems) == 1
    assert problems[0].startswith("language switcher leads to {'ko': '/'")
    assert problems[0].endswith("expected {'ko': '/only-english/', 'en': '/en/only-english/'}")


def test_strict_build_fails_on_a_markdown_link_to_a_missing_page_or_anchor(tmp_path):
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    page = tmp_path / "docs" / "en" / "index.md"
    page.write_text(page.read_text() + "\n[1](sigmoid.md#no-such-heading) [2](no-such-page.md)\n")
    result = mkdocs_build(tmp_path / "mkdocs.yml", tmp_path / "site")
    assert result.returncode != 0
    assert "does not contain an anchor '#no-such-heading'" in result.stderr
    assert "'no-such-page.md', but the target 'en/no-such-page.md' is not found" in result.stderr
