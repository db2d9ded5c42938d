"""The learning path: one nav per language, the same pages in the same order, Korean on Korean pages."""

from __future__ import annotations

import re

import pytest
import yaml

from tests.conftest import ROOT
from tests.sitecheck import _AnyTagLoader, built_pages

HANGUL = re.compile(r"[\uac00-\ud7a3]")
CONFIG = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=_AnyTagLoader)
I18N = next(p["i18n"] for p in CONFIG["plugins"] if isinstance(p, dict) and "i18n" in p)
NAVS = {"ko": CONFIG["nav"], "en": next(lang["nav"] for lang in I18N["languages"] if lang["locale"] == "en")}


def walk(nav, sections=()):
    """(section titles, page title, path) of every page of a nav, in order."""
    for item in nav:
        ((title, value),) = item.items()
        if isinstance(value, list):
            yield from walk(value, (*sections, title))
        else:
            yield sections, title, value


def test_both_languages_list_the_same_pages_in_the_same_order():
    ko = [path.removeprefix("ko/") for _, _, path in walk(NAVS["ko"])]
    en = [path.removeprefix("en/") for _, _, path in walk(NAVS["en"])]
    assert ko == en and len(ko) >= 21
    # home, then the first lesson; the page for readers of the study notes opens the reference (the home
    # page links it where it says where to start)
    assert ko[:3] == ["index.md", "sigmoid.md", "binary/bce-loss.md"]
    assert "study-notes.md" in ko


def test_every_page_of_the_docs_is_in_the_path():
    for lang in NAVS:
        listed = {path for _, _, path in walk(NAVS[lang])}
        pages = {
            p.relative_to(ROOT / "docs").as_posix()
            for p in (ROOT / "docs" / lang).rglob("*")
            if p.suffix in (".md", ".ipynb")
        }
        assert listed == pages, lang


@pytest.mark.parametrize("lang", NAVS)
def test_titles_are_distinct_and_korean_sections_are_korean(lang):
    entries = list(walk(NAVS[lang]))
    titles = [title for _, title, _ in entries]
    assert len(set(titles)) == len(titles)
    sections = {s for sections, _, _ in entries for s in sections}
    if lang == "ko":
        assert all(HANGUL.search(s) for s in sections), sections
    else:
        assert not any(HANGUL.search(s) for s in sections | set(titles))


ENGLISH_UI = ("Dark mode", "Light mode", "Switch to", "Permanent link", "Made with")


def test_korean_pages_show_no_english_interface_and_next_follows_the_path(built_site):
    korean = [path for path in built_pages(built_site) if not path.startswith("/en/")]
    assert len(korean) >= 18
    for path in korean:
        html = (built_site / path.strip("/") / "index.html").read_text()
        assert not [ui for ui in ENGLISH_UI if ui in html], path
        assert HANGUL.search(re.search(r'<meta name="description" content="([^"]*)"', html)[1]), path
    home = (built_site / "index.html").read_text()
    assert re.search(r'href="sigmoid/" class="md-footer__link md-footer__link--next"', home)
    sigmoid = (built_site / "sigmoid" / "index.html").read_text()
    assert re.search(r'href="\.\./binary/bce-loss/" class="md-footer__link md-footer__link--next"', sigmoid)
    # the one /404.html is the default language's, with a line for English readers
    not_found = (built_site / "404.html").read_text()
    assert '<html lang="ko"' in not_found and "<h1>404 - 페이지를 찾을 수 없습니다</h1>" in not_found
    assert (
        not [ui for ui in ENGLISH_UI if ui in not_found]
        and '<a href="/en/" hreflang="en" lang="en">' in not_found
    )


def test_korean_heading_anchors_keep_their_words(built_site):
    html = (built_site / "binary" / "bce-with-logits" / "index.html").read_text()
    ids = re.findall(r'<h2 id="([^"]+)"', html)
    assert ids and all(HANGUL.search(i) for i in ids), ids
    assert not re.search(r'id="_\d+"', html)
