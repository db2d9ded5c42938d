"""Every built page as a reader meets it: Chromium, local HTTP, MathJax from the site itself."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.sitecheck import browser_problems, built_pages, phone_problems, search, split_language


def test_every_page_of_every_language_reads_correctly(tab, built_site, site_url, langs):
    pages = built_pages(built_site)
    assert {split_language(path, langs)[0] for path in pages} == set(langs)
    problems = {path: browser_problems(tab, site_url, path, langs) for path in pages}
    assert {path: found for path, found in problems.items() if found} == {}


PHONE = {"width": 390, "height": 844}


def test_no_page_scrolls_sideways_on_a_phone(browser, built_site, site_url):
    """Wide math and tables scroll inside their own box on a 390 px phone; the page itself never does."""
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    problems = {path: phone_problems(tab, site_url, path) for path in built_pages(built_site)}
    context.close()
    assert {path: found for path, found in problems.items() if found} == {}


def test_the_404_page_reads_correctly_and_offers_the_language_homes(tab, site_url, langs):
    assert browser_problems(tab, site_url, "/404.html", langs, switcher=langs) == []


@pytest.mark.parametrize(("path", "word_break"), [("/sigmoid/", "keep-all"), ("/en/sigmoid/", "normal")])
def test_korean_lines_break_between_words_and_the_phone_rules_apply(browser, site_url, path, word_break):
    """lossdocs.css is read to its end: its last rules (Korean 어절 line breaks, phone math) take effect."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(site_url + path)
    style = "getComputedStyle(document.querySelector('.md-typeset'))"
    assert page.evaluate(f"{style}.wordBreak") == word_break
    padding = "getComputedStyle(document.querySelector('.lossdocs-derivation')).paddingLeft"
    assert page.evaluate(padding) == "10px"  # 0.5rem at the phone's 20 px root size, not 0.8rem
    context.close()


# (query typed into the search box, language of the page it is typed on, the page expected first).
# Add a row when the page it expects lands; a row whose page is not built fails.
# Material and static-i18n 1.3 build one search index for both languages, so the first result of an
# English query may be the Korean copy of a right page (pos_weight reads the same in both): a row
# names the right pages, and their copies in the other language also count.
SEARCHES = [
    ("교차 엔트로피", "ko", ["/categorical/information/", "/categorical/cross-entropy-loss/"]),
    ("로짓", "ko", ["/labs/why-logits/", "/binary/misconceptions/"]),
    ("시그모이드", "ko", ["/sigmoid/"]),
    ("레이블 스무딩", "ko", ["/labs/label-smoothing/", "/categorical/cross-entropy-loss/"]),
    ("cross entropy", "en", ["/en/categorical/information/", "/en/categorical/cross-entropy-loss/"]),
    ("logit", "en", ["/en/labs/why-logits/", "/en/binary/misconceptions/"]),
    ("pos_weight", "en", ["/en/binary/pos-weight/"]),
    ("sigmoid", "en", ["/en/sigmoid/"]),
    ("용어집", "ko", ["/glossary/"]),
    ("기울기", "ko", ["/glossary/"]),  # a word the pages avoid: the glossary says which one they use
    ("스터디 노트", "ko", ["/study-notes/"]),
    ("glossary", "en", ["/en/glossary/"]),
    ("study notes", "en", ["/en/study-notes/"]),
]


@pytest.mark.parametrize(("query", "lang", "expected"), SEARCHES)
def test_search_puts_a_right_page_first(tab, built_site, site_url, langs, query, lang, expected):
    pages = built_pages(built_site)
    right = {path for page in expected for path in (page, page.removeprefix("/en"))}
    assert right <= set(pages)
    results = search(tab, site_url, langs[lang], query)
    assert results[:1] and results[0] in right
    assert set(results) <= set(pages)  # every result links to a built page, from any language's page


SCREENSHOTS = os.environ.get("LOSSDOCS_SCREENSHOTS")
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": PHONE}


@pytest.mark.skipif(not SCREENSHOTS, reason="set LOSSDOCS_SCREENSHOTS=<folder> to save screenshots")
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_save_screenshots(browser, built_site, site_url, langs, scheme, device):
    folder = Path(SCREENSHOTS)
    folder.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(color_scheme=scheme, viewport=VIEWPORTS[device], device_scale_factor=2)
    page, saved = context.new_page(), []
    for path in built_pages(built_site):
        lang, rest = split_language(path, langs)
        name = folder / f"{lang}-{rest.strip('/').replace('/', '-') or 'index'}-{scheme}-{device}.png"
        page.goto(site_url + path)
        page.wait_for_function("window.MathJax?.startup?.promise")
        page.evaluate("() => MathJax.startup.promise.then(() => true)")
        page.screenshot(path=name, full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), f"{path} scrolls sideways"
        saved.append(name)
    context.close()
    assert all(file.stat().st_size > 10_000 for file in saved)
