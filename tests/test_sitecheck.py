"""The built site's links, ko/en parity, Korean style and reproducibility (checks in sitecheck.py)."""

from __future__ import annotations

import gzip
import shutil

import pytest

from lossdocs import glossary
from tests.conftest import ROOT, mkdocs_build
from tests.sitecheck import (
    build_differences,
    built_pages,
    korean_style_problems,
    korean_terms,
    link_problems,
    parity_problems,
)

SHARED_GLOSSARY = ROOT.parent / "shared" / "GLOSSARY.md"


@pytest.fixture(scope="module")
def terms() -> dict[str, str]:
    return korean_terms(glossary.terms())


@pytest.mark.skipif(not SHARED_GLOSSARY.is_file(), reason="no ../shared/GLOSSARY.md beside this clone")
def test_the_glossary_is_the_teams_glossary():
    """lossdocs/glossary.md holds the team's table (English, 한국어, note) and a Korean note beside it."""
    ours = [(term.english, term.korean, term.note) for term in glossary.terms()]
    teams = [(term.english, term.korean, term.note) for term in glossary.parse(SHARED_GLOSSARY.read_text())]
    assert ours == teams, "lossdocs/glossary.md's first three columns: copy them from ../shared/GLOSSARY.md"


def test_every_note_has_a_korean_note():
    assert len(glossary.terms()) >= 40
    assert [term.english for term in glossary.terms() if bool(term.note) != bool(term.note_ko)] == []


def test_pages_are_discovered_in_both_languages(built_site):
    pages = built_pages(built_site)
    assert {"/", "/sigmoid/", "/en/", "/en/sigmoid/"} <= set(pages)


def test_every_internal_link_and_anchor_resolves(built_site):
    assert link_problems(built_site) == []


def test_every_language_has_the_same_pages_headings_embeds_and_examples(built_site, langs):
    assert parity_problems(built_site, ROOT / "docs", langs) == []


def test_korean_pages_use_the_glossary_terms(terms):
    pages = sorted((ROOT / "docs" / "ko").rglob("*.md"))
    assert pages
    assert [problem for page in pages for problem in korean_style_problems(page, terms)] == []


@pytest.mark.parametrize(
    ("forbidden", "preferred"),
    [
        ("교차엔트로피", "교차 엔트로피"),
        ("이진교차엔트로피", "이진 교차 엔트로피"),
        ("이진 교차엔트로피", "이진 교차 엔트로피"),
        ("기울기", "그래디언트"),
        ("변화도", "그래디언트"),
        ("크로스 엔트로피", "교차 엔트로피"),
        ("라벨", "레이블"),
        ("소프트 맥스", "소프트맥스"),
        ("로그소프트맥스", "로그 소프트맥스"),
        ("레이블스무딩", "레이블 스무딩"),
        ("손실함수", "손실 함수"),
    ],
)
def test_the_glossary_forbids(terms, forbidden, preferred):
    assert terms[forbidden] == preferred


def test_no_preferred_term_contains_a_forbidden_form(terms):
    assert [(bad, good) for good in set(terms.values()) for bad in terms if bad in good] == []


def test_korean_style_names_file_line_and_term_and_skips_code_and_math(terms, tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "# 교차엔트로피\n"
        "\n"
        "기울기를 구하고 라벨을 씁니다.\n"
        "`교차엔트로피`와 \\(\\text{기울기}\\), $\\text{라벨}$은 코드와 수식입니다.\n"
        "```python\n"
        'label = "교차엔트로피"\n'
        "```\n"
        "이진교차엔트로피의 소프트 맥스.\n",
        encoding="utf-8",
    )
    assert korean_style_problems(page, terms) == [
        f"{page}:1: '교차엔트로피' → '교차 엔트로피'",
        f"{page}:3: '기울기' → '그래디언트'",
        f"{page}:3: '라벨' → '레이블'",
        f"{page}:8: '이진교차엔트로피' → '이진 교차 엔트로피'",
        f"{page}:8: '소프트 맥스' → '소프트맥스'",
    ]


def test_two_clean_builds_are_identical(built_site, tmp_path, monkeypatch):
    project = tmp_path / "elsewhere"  # another folder and another hash seed than the session's build
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    monkeypatch.setenv("PYTHONHASHSEED", "4242")
    result = mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    assert build_differences(built_site, tmp_path / "site") == []


def test_build_differences_ignore_only_the_sitemap_dates(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    for site, day in ((first, "01"), (second, "02")):
        (site / "page").mkdir(parents=True)
        sitemap = f"<url><loc>/page/</loc><lastmod>2026-11-{day}</lastmod></url>".encode()
        (site / "sitemap.xml").write_bytes(sitemap)
        (site / "sitemap.xml.gz").write_bytes(gzip.compress(sitemap, mtime=int(day)))
        (site / "page" / "index.html").write_text(f"<p>built on the {day}</p>")
    (first / "only-here.css").write_text("")
    assert build_differences(first, second) == [f"only-here.css: only in {first}", "page/index.html: differs"]
