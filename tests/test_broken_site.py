"""Each check fails on a copy of the site broken on purpose, and names what is broken."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import ROOT, mkdocs_build, serve
from tests.sitecheck import browser_problems, link_problems, parity_problems

# One defect per check, each on its own page; the copy still passes `mkdocs build --strict`.
DEFECTS = {
    "en/sigmoid.md": "\nA macro MathJax does not know: \\(\\notamacro{x}\\).\n",
    "ko/sigmoid.md": '\n<script src="https://cdn.example.invalid/tracker.js"></script>\n',
    "en/index.md": (
        '\n[Gone](sigmoid.md#no-such-heading) and <a href="../no-such-page/">gone</a>.\n'
        "\n```pycon\n>>> 1 + 1\n2\n```\n"
    ),
    "ko/index.md": "\n## 덧붙임\n\n영어 페이지에는 없는 절입니다.\n",
    "en/only-english.md": "# Only in English\n\nThis page has no Korean twin.\n",
}


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    project = tmp_path_factory.mktemp("broken")
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    for name, defect in DEFECTS.items():
        page = project / "docs" / name
        page.write_text((page.read_text() if page.exists() else "") + defect)
    result = mkdocs_build(project / "mkdocs.yml", project / "site")
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture(scope="module")
def broken_url(broken):
    with serve(broken / "site") as url:
        yield url


def test_link_check_reports_a_missing_anchor_and_a_missing_page(broken):
    assert link_problems(broken / "site") == [
        "/en/index.html: sigmoid/#no-such-heading → no #no-such-heading in /en/sigmoid/",
        "/en/index.html: ../no-such-page/ → no such file",
    ]


def test_parity_reports_a_missing_korean_page_other_headings_and_other_examples(broken, langs):
    assert parity_problems(broken / "site", broken / "docs", langs) == [
        "/: headings differ: {'ko': ['h1', 'h2', 'h2', 'h2'], 'en': ['h1', 'h2', 'h2']}",
        "/only-english/: no ko page in the build",
        "docs/*/index.md: examples differ: {'ko': 0, 'en': 1}",
        "docs/*/only-english.md: missing in ko",
    ]


def test_browser_check_reports_a_bad_tex_macro(context, broken_url, langs):
    assert browser_problems(context, broken_url, "/en/sigmoid/", langs) == [
        "mjx-merror: Undefined control sequence \\notamacro"
    ]


def test_browser_check_reports_a_script_from_another_host(context, broken_url, langs):
    problems = browser_problems(context, broken_url, "/sigmoid/", langs)
    assert "request to another host: https://cdn.example.invalid/tracker.js" in problems
    assert all("tracker.js" in problem or "ERR_NAME_NOT_RESOLVED" in problem for problem in problems)


def test_browser_check_reports_a_language_switcher_to_a_missing_page(context, broken_url, langs):
    problems = browser_problems(context, broken_url, "/en/only-english/", langs)
    assert len(problems) == 1
    assert problems[0].startswith("language switcher leads to {'ko': '/'")
