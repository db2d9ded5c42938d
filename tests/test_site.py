"""The site adapter and the built site: embedding, strict build, offline assets."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

import lossdocs
from lossdocs.numeric_checks import representative
from lossdocs.render import format_ulp
from lossdocs.site import EmbedError, expand
from tests.conftest import ROOT, mkdocs_build

FENCE = "```derivation\nsigmoid.derivative\n```"


def test_expand_replaces_the_fence_with_the_rendering_in_the_page_language():
    page = f"# Title\n\n{FENCE}\n\nAfter."
    expected = lossdocs.get("sigmoid.derivative").markdown("ko")
    assert expand(page, "ko", "docs/ko/x.md") == f"# Title\n\n{expected}\n\nAfter."
    assert "시그모이드의 도함수" not in expand(page, "en", "docs/en/x.md")


def test_expand_leaves_nested_and_other_fences_alone():
    shown = f"````markdown\n{FENCE}\n````"
    python = "```python\nprint(1)\n```"
    assert expand(shown, "en", "p.md") == shown
    assert expand(python, "en", "p.md") == python


def test_expand_keeps_the_indentation_of_an_indented_fence():
    out = expand("- item\n\n    ```derivation\n    sigmoid.derivative\n    ```", "en", "p.md")
    body = out.split("\n")[2:]
    assert all(line.startswith("    ") for line in body if line)
    assert any("sigmoid.derivative" in line for line in body)


def test_unknown_id_names_the_page_the_line_and_the_id():
    with pytest.raises(
        EmbedError, match=r"docs/en/p\.md, line 3: unknown derivation id 'sigmoid\.derivativ'"
    ):
        expand("x\n\n```derivation\nsigmoid.derivativ\n```", "en", "docs/en/p.md")


@pytest.mark.parametrize("body", ["", "sigmoid.derivative\nsigmoid.derivative"])
def test_a_block_names_exactly_one_id(body):
    with pytest.raises(EmbedError, match="holds one line"):
        expand(f"```derivation\n{body}\n```", "en", "p.md")


def test_an_unclosed_fence_is_an_error():
    with pytest.raises(EmbedError, match="never closed"):
        expand("```derivation\nsigmoid.derivative\n", "en", "p.md")


@pytest.mark.parametrize(
    ("lang", "prefix", "title"),
    [("ko", "", "시그모이드의 도함수"), ("en", "en/", "The derivative of the sigmoid")],
)
def test_both_languages_show_the_rendered_derivation(built_site, lang, prefix, title):
    html = (built_site / prefix / "sigmoid" / "index.html").read_text()
    assert f'<html lang="{lang}"' in html
    assert 'class="lossdocs-derivation"' in html
    assert title in html
    assert r"\sigma\left(x\right) \left(1 - \sigma\left(x\right)\right)" in html
    assert "```derivation" not in html


def test_home_pages_exist_in_both_languages(built_site):
    assert '<html lang="ko"' in (built_site / "index.html").read_text()
    assert '<html lang="en"' in (built_site / "en" / "index.html").read_text()


def test_no_script_style_or_font_comes_from_another_host(built_site):
    pages = list(built_site.rglob("*.html"))
    assert len(pages) >= 4
    # A canonical link names the page's published address; the browser fetches nothing from it.
    remote = re.compile(
        r"""<(?:script|link(?![^>]*rel="canonical")|img|iframe)\b[^>]*(?:src|href)=["']?(?:https?:)?//""",
        re.I,
    )
    css_remote = re.compile(r"""(?:@import|url\()\s*["']?(?:https?:)?//""", re.I)
    for page in pages:
        html = page.read_text()
        assert not remote.search(html), f"{page}: {remote.search(html)[0]}"
        assert "fonts.googleapis" not in html and "cdn.jsdelivr" not in html, page
    for sheet in built_site.rglob("*.css"):
        assert not css_remote.search(sheet.read_text()), sheet


def test_the_sitemap_and_canonical_links_name_the_configured_address(built_site):
    from mkdocs.config import load_config

    site_url = load_config(str(ROOT / "mkdocs.yml")).site_url
    locations = re.findall(r"<loc>([^<]*)</loc>", (built_site / "sitemap.xml").read_text())
    folders = (page.parent.relative_to(built_site).as_posix() for page in built_site.rglob("index.html"))
    pages = {site_url + ("" if folder == "." else folder + "/") for folder in folders}
    assert set(locations) == pages  # the labs too
    assert len(locations) == len(pages) >= 20
    html = (built_site / "en" / "binary" / "bce-loss" / "index.html").read_text()
    assert f'<link rel="canonical" href="{site_url}en/binary/bce-loss/">' in html


def test_the_published_address_comes_from_the_environment(monkeypatch):
    from mkdocs.config import load_config

    monkeypatch.setenv("LOSSDOCS_SITE_URL", "https://docs.test/lossdocs/")
    assert load_config(str(ROOT / "mkdocs.yml")).site_url == "https://docs.test/lossdocs/"
    monkeypatch.delenv("LOSSDOCS_SITE_URL")
    assert load_config(str(ROOT / "mkdocs.yml")).site_url == "https://lossdocs.example.org/"


@pytest.mark.parametrize(
    ("prefix", "checked", "made"),
    [
        ("", "유도와 수치 검증을 실행한 버전", "로 만들었습니다"),
        ("en/", "Derivations and numeric checks run by", "Made with"),
    ],
)
def test_the_footer_names_the_versions_that_checked_the_page_in_its_language(
    built_site, prefix, checked, made
):
    from importlib.metadata import version

    for page in ("binary/bce-loss", "labs/softmax"):
        footer = re.search(
            r'<div class="md-copyright">(.*?)</div>\s*</div>',
            (built_site / prefix / page / "index.html").read_text(),
            re.S,
        )[1]
        versions = [
            f"lossdocs {version('lossdocs')}",
            f"SymPy {version('sympy')}",
            f"NumPy {version('numpy')}",
        ]
        assert checked in footer and made in footer and all(v in footer for v in versions), footer
        assert ("Made with" in footer) == (prefix == "en/"), footer


def test_mathjax_is_served_from_the_site(built_site):
    mathjax = built_site / "assets" / "mathjax"
    assert (mathjax / "tex-chtml.js").stat().st_size > 500_000
    assert list((mathjax / "output" / "chtml" / "fonts" / "woff-v2").glob("*.woff"))
    for page in (built_site / "sigmoid" / "index.html", built_site / "en" / "sigmoid" / "index.html"):
        src = re.search(r'<script src="([^"]*tex-chtml\.js)"', page.read_text())[1]
        assert (page.parent / src).resolve() == (mathjax / "tex-chtml.js").resolve()


def test_an_unknown_id_fails_the_build_naming_page_and_id(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    page = project / "docs" / "en" / "sigmoid.md"
    page.write_text(page.read_text().replace("\nsigmoid.derivative\n```", "\nsigmoid.derivativ\n```"))
    result = mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    assert result.returncode != 0
    assert "docs/en/sigmoid.md" in result.stderr
    assert "unknown derivation id 'sigmoid.derivativ'" in result.stderr
    assert not Path(tmp_path / "site" / "en" / "sigmoid" / "index.html").exists()


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_the_sigmoid_pages_show_the_numeric_checks_the_tests_compute(built_site, prefix):
    """The representative rows first, then every row in a collapsed block."""
    html = (built_site / prefix / "sigmoid" / "index.html").read_text()
    block = html[html.index('class="lossdocs-numeric"') :]
    block = block[: block.index("</details>")]
    first, whole = block.split("<details")
    checks = lossdocs.get("sigmoid.derivative").numeric_checks()
    for table, rows in ((first, [checks.rows[i] for i in representative(checks)]), (whole, checks.rows)):
        cells = [re.findall(r"<td>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)]
        cells = [row for row in cells if row]
        assert len(cells) == len(rows)
        for shown, row in zip(cells, rows, strict=True):
            assert float(shown[0]) == row.inputs[0][1]
            assert float(shown[2]) == row.float64
            assert shown[3] == format_ulp(row.ulp)
    assert len(representative(checks)) < len(checks.rows)


def test_a_numeric_checks_block_with_an_unknown_id_names_page_and_id():
    with pytest.raises(EmbedError, match=r"p\.md, line 1: unknown derivation id 'nope'"):
        expand("```numeric-checks\nnope\n```", "ko", "p.md")


class FakePage:
    """What RenderMemo touches of an MkDocs page; ``render`` counts the conversions."""

    conversions = 0

    def __init__(self, markdown: str, path: str = "/docs/ko/p.md"):
        self.file = SimpleNamespace(abs_src_path=path, src_uri="p.md")
        self.url, self.markdown, self.links_to_anchors = "p/", markdown, None

    def render(self, config, files):
        FakePage.conversions += 1
        self.content, self.toc, self._title_from_render = f"<p>{self.markdown}</p>", ["toc"], "T"
        self.present_anchor_ids = {"a"}


def test_serve_converts_a_page_again_only_when_its_markdown_or_the_build_changed():
    from lossdocs.shims import RenderMemo

    memo, files = RenderMemo(), [SimpleNamespace(src_uri="p.md", dest_uri="p/index.html")]
    config = {"markdown_extensions": ["toc", object()], "mdx_configs": {"toc": {"permalink": True}}}

    def served(markdown, config=config, files=files):
        memo.start_build(
            {**config, "markdown_extensions": ["toc", object()]}, files
        )  # a new object: new address
        page = FakePage(markdown)
        memo.wrap(page)
        page.render(config, files)
        return page

    FakePage.conversions = 0
    assert served("one").content == "<p>one</p>" and FakePage.conversions == 1
    again = served("one")
    assert (again.content, again.toc, again.present_anchor_ids, FakePage.conversions) == (
        "<p>one</p>",
        ["toc"],
        {"a"},
        1,
    )
    assert served("two").content == "<p>two</p>" and FakePage.conversions == 2
    served("two", files=[*files, SimpleNamespace(src_uri="q.md", dest_uri="q/index.html")])
    served("two", config={**config, "mdx_configs": {"toc": {"permalink": False}}})
    assert FakePage.conversions == 4


def test_search_titles_and_tables_of_contents_show_no_permalink_sign(built_site):
    import json

    docs = json.loads((built_site / "search" / "search_index.json").read_text())["docs"]
    assert any("/labs/" in doc["location"] for doc in docs)
    assert [doc["title"] for doc in docs if "¶" in doc["title"]] == []
    toc = re.search(
        r'<nav class="md-nav md-nav--secondary".*?</nav>',
        (built_site / "labs" / "softmax" / "index.html").read_text(),
        re.S,
    )
    assert toc and "¶" not in toc[0]


def test_every_heading_id_is_made_of_its_words(built_site):
    """Markdown pages and notebooks: '#최적-로짓-차이', never '#_1' (it moves when a heading is added)."""
    meaningless = {}
    for page in built_site.rglob("index.html"):
        ids = re.findall(r'<h[1-6] id="([^"]*)"', page.read_text())
        bad = [i for i in ids if not re.search(r"[^\W_\d]", i)]
        if bad:
            meaningless[page.parent.relative_to(built_site).as_posix()] = bad
    assert meaningless == {}
    korean_lab = (built_site / "labs" / "softmax" / "index.html").read_text()
    assert re.search(r'<h2 id="[가-힣][^"]*"', korean_lab)
