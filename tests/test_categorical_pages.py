"""The categorical pages: Korean and English have the same structure, derivations and examples."""

from __future__ import annotations

import re

import pytest

import lossdocs
from tests.conftest import ROOT

PAGES = ["cross-entropy-loss", "softmax", "misconceptions", "information"]
FENCE = re.compile(r"^```(derivation|numeric-checks)\n(.+?)\n```", re.M)


def page(lang: str, name: str) -> str:
    return (ROOT / "docs" / lang / "categorical" / f"{name}.md").read_text()


def examples(text: str) -> list[str]:
    """The ``>>>`` lines without their comments, which are in the page's language."""
    return [line.split("  #")[0] for line in re.findall(r"^>>> .*$", text, re.M)]


@pytest.mark.parametrize("name", PAGES)
def test_ko_and_en_have_the_same_headings_embeds_and_examples(name):
    ko, en = page("ko", name), page("en", name)
    assert len(re.findall(r"^#+ ", ko, re.M)) == len(re.findall(r"^#+ ", en, re.M))
    assert FENCE.findall(ko) == FENCE.findall(en)
    assert examples(ko) == examples(en)


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("name", PAGES)
def test_the_closing_section_names_every_embedded_derivation(lang, name):
    text = page(lang, name)
    closing = text[text.rindex("\n## ") :]
    for _, derivation_id in FENCE.findall(text):
        assert f"`{derivation_id}`" in closing
    assert "python -m lossdocs show" in closing and f"--lang {lang}" in closing


def test_every_categorical_derivation_is_embedded_somewhere():
    embedded = {i for name in PAGES for _, i in FENCE.findall(page("en", name))}
    categorical = {i for i in lossdocs.ids() if i.startswith(("cross_entropy.", "softmax.", "log_softmax."))}
    assert len(categorical) == 13
    assert categorical <= embedded


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_home_page_links_each_categorical_page(lang):
    home = (ROOT / "docs" / lang / "index.md").read_text()
    for name in PAGES:
        assert f"(categorical/{name}.md)" in home
