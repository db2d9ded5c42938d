"""The binary-loss pages: the same structure in ko and en, every bce id embedded, math rendered."""

from __future__ import annotations

import re

import pytest

import lossdocs
from tests.conftest import ROOT
from tests.test_browser import open_page

PAGES = ("bce-loss", "bce-with-logits", "pos-weight", "misconceptions")
EMBED = re.compile(r"^```(derivation|numeric-checks)\n(\S+)\n```", re.MULTILINE)
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)


def source(lang: str, page: str) -> str:
    return (ROOT / "docs" / lang / "binary" / f"{page}.md").read_text()


def headings(text: str) -> list[str]:
    """The heading levels, in order (code blocks removed: a ``#`` comment is no heading)."""
    return [line.split(" ")[0] for line in FENCE.sub("", text).splitlines() if line.startswith("#")]


def examples(text: str) -> int:
    return text.count("\n>>> ")


@pytest.mark.parametrize("page", PAGES)
def test_ko_and_en_pages_have_the_same_structure(page):
    ko, en = source("ko", page), source("en", page)
    assert headings(ko) == headings(en)
    assert EMBED.findall(ko) == EMBED.findall(en)
    assert examples(ko) == examples(en) > 0
    assert ko.count("```pycon") == en.count("```pycon")


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_each_page_ends_listing_its_derivations_with_a_show_hint(page, lang):
    text = source(lang, page)
    last = text.rsplit("\n## ", 1)[1]
    embedded = {name for _, name in EMBED.findall(text)}
    assert embedded and all(f"`{name}`" in last for name in embedded)
    assert "python -m lossdocs show" in last and f"--lang {lang}" in last


def test_every_bce_family_derivation_is_embedded_in_both_languages():
    family = {i for i in lossdocs.ids() if i.split(".")[0] in ("bce", "bce_logits", "logit", "focal")}
    for lang in ("ko", "en"):
        embedded = {name for page in PAGES for kind, name in EMBED.findall(source(lang, page))}
        assert family <= embedded, family - embedded


def test_korean_pages_follow_the_glossary():
    for page in PAGES:
        text = source("ko", page)
        for wrong in ("기울기", "변화도", "라벨", "교차엔트로피"):
            assert wrong not in text, (page, wrong)


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_the_built_pages_show_the_derivations(built_site, prefix):
    lang = "en" if prefix else "ko"
    for page in PAGES:
        html = (built_site / prefix / "binary" / page / "index.html").read_text()
        for _, name in EMBED.findall(source(lang, page)):
            assert f"<code>{name}</code>" in html
            assert lossdocs.get(name).title(lang).split("`")[0].split("\\")[0] in html


@pytest.mark.parametrize("path", [f"{prefix}/binary/{page}/" for prefix in ("", "/en") for page in PAGES])
def test_math_on_the_binary_pages_is_rendered_without_errors(browser, site_url, path):
    report = open_page(browser, site_url + path)
    assert report["rendered"] >= report["math"] > 0
    assert report["errors"] == 0
    assert report["foreign"] == [] and report["failed"] == [] and report["console_errors"] == []
    report["page"].close()
