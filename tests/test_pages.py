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


EXERCISES = {"ko": "\n## 연습 문제\n", "en": "\n## Exercises\n"}
SOLUTION = {"ko": "풀이", "en": "Solution"}
# Every page under binary/ and categorical/ teaches a loss and ends with exercises, except these.
NOT_LOSS_PAGES = {"binary/misconceptions.md", "categorical/misconceptions.md"}
LOSS_PAGES = sorted(
    p.relative_to(ROOT / "docs" / "en").as_posix()
    for folder in ("binary", "categorical")
    for p in (ROOT / "docs" / "en" / folder).glob("*.md")
    if p.relative_to(ROOT / "docs" / "en").as_posix() not in NOT_LOSS_PAGES
)
SOLUTION_BLOCK = re.compile(
    r'^<details class="lossdocs-solution" markdown>\n<summary>(?P<summary>[^<]*)</summary>\n'
    r"(?P<body>.*?)^</details>$",
    re.M | re.S,
)


def split_exercises(text: str, lang: str) -> tuple[str, str]:
    """The page before its exercises section, and that section ("" when the page has none)."""
    at = text.find(EXERCISES[lang])
    return (text, "") if at < 0 else (text[:at], text[at:])


def test_the_content_pages_are_found():
    assert {"sigmoid.md", "binary/bce-with-logits.md", "categorical/cross-entropy-loss.md"} <= set(PAGES)


@pytest.mark.parametrize("page", [*PAGES, "study-notes.md"])
def test_ko_and_en_run_the_same_examples(page):
    assert examples(source("ko", page)) == examples(source("en", page))


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_each_page_ends_listing_its_derivations_with_a_show_hint(page, lang):
    """The list closes the lesson: it is the last section, or the one before the exercises."""
    text, _ = split_exercises(source(lang, page), lang)
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


def test_the_loss_pages_are_found():
    assert len(LOSS_PAGES) >= 6 and "binary/bce-loss.md" in LOSS_PAGES
    assert "categorical/information.md" in LOSS_PAGES
    assert all((ROOT / "docs" / "en" / page).is_file() for page in NOT_LOSS_PAGES)  # no stale exemption


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("page", LOSS_PAGES)
def test_each_loss_page_ends_with_exercises_whose_solutions_are_new_derivations(page, lang):
    """2 or 3 numbered questions, each followed by its solution in a collapsed block that embeds one
    registered derivation the page does not show outside its exercises."""
    lesson, exercises = split_exercises(source(lang, page), lang)
    assert exercises, f"{page}: no exercises section"
    assert "\n## " not in exercises[1:], f"{page}: the exercises are not the last section"
    blocks = list(SOLUTION_BLOCK.finditer(exercises))
    assert 2 <= len(blocks) <= 3, page
    assert exercises.count("<details") == len(blocks), f"{page}: a solution block is malformed"
    shown = {name for _, name in derivations(lesson)}
    solutions = []
    for n, block in enumerate(blocks, 1):
        question = exercises[blocks[n - 2].end() if n > 1 else 0 : block.start()]
        assert f"\n**{n}.** " in question, f"{page}: no question {n} before its solution"
        assert block["summary"] == SOLUTION[lang]
        embedded = derivations(block["body"])
        assert [kind for kind, _ in embedded] == ["derivation"], f"{page}: solution {n} embeds {embedded}"
        solutions.append(embedded[0][1])
    assert set(solutions) <= set(lossdocs.ids())
    assert len(set(solutions)) == len(solutions)
    assert not set(solutions) & shown, f"{page}: a solution the lesson already shows"


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_the_solutions_are_collapsed_with_their_math_inside(built_site, prefix):
    for page in LOSS_PAGES:
        html = (built_site / prefix / page.removesuffix(".md") / "index.html").read_text()
        solutions = re.findall(r"<details([^>]*)>\s*<summary>[^<]*</summary>(.*?)</details>", html, re.S)
        solutions = [(attrs, body) for attrs, body in solutions if "lossdocs-solution" in attrs]
        assert len(solutions) >= 2, page
        for attrs, body in solutions:
            assert " open" not in attrs, page
            assert 'class="lossdocs-derivation"' in body and '<div class="arithmatex">' in body, page
