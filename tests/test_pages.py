"""Every content page, in both languages: its embeds, its examples and its closing list of ids."""

from __future__ import annotations

import re

import pytest

import lossdocs
from lossdocs.site import embeds
from tests.conftest import ROOT


def derivations(text: str) -> list[tuple[str, str]]:
    """The page's ``derivation`` and ``numeric-checks`` embeds: (kind, id).  (The accuracy page's
    ``accuracy`` embeds are tested in tests/test_numeric_accuracy.py.)"""
    return [(kind, name) for kind, name in embeds(text) if kind in ("derivation", "numeric-checks")]


PAGES = sorted(
    p.relative_to(ROOT / "docs" / "en").as_posix()
    for p in (ROOT / "docs" / "en").rglob("*.md")
    if derivations(p.read_text())
)


def source(lang: str, page: str) -> str:
    return (ROOT / "docs" / lang / page).read_text()


def examples(text: str) -> list[str]:
    """The ``>>>`` lines without their comments, which are in the page's language."""
    return [line.split("  #")[0].rstrip() for line in re.findall(r"^>>> .*$", text, re.M)]


def test_the_content_pages_are_found():
    assert {"sigmoid.md", "binary/bce-with-logits.md", "categorical/cross-entropy-loss.md"} <= set(PAGES)


@pytest.mark.parametrize("page", [*PAGES, "study-notes.md"])
def test_ko_and_en_run_the_same_examples(page):
    assert examples(source("ko", page)) == examples(source("en", page))


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_each_page_ends_listing_its_derivations_with_a_show_hint(page, lang):
    text = source(lang, page)
    closing = text[text.rindex("\n## ") :]
    embedded = {name for _, name in derivations(text)}
    assert all(f"`{name}`" in closing for name in embedded)
    assert "python -m lossdocs show" in closing and f"--lang {lang}" in closing


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_derivation_is_embedded_in_each_language(lang):
    embedded = {
        name for page in PAGES for kind, name in derivations(source(lang, page)) if kind == "derivation"
    }
    assert set(lossdocs.ids()) - embedded == set()


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_each_embed_is_rendered_on_the_built_page(built_site, prefix):
    lang = "en" if prefix else "ko"
    for page in PAGES:
        html = (
            built_site / prefix / page.removesuffix(".md").removesuffix("index") / "index.html"
        ).read_text()
        for kind, name in derivations(source(lang, page)):
            block = "lossdocs-derivation" if kind == "derivation" else "lossdocs-numeric"
            assert re.search(rf'class="{block}".*?<code>{re.escape(name)}</code>', html, re.S), (page, name)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_home_page_links_every_content_page(lang):
    home = source(lang, "index.md")
    assert [page for page in PAGES if f"]({page})" not in home] == []
