"""The glossary: one table (lossdocs/glossary.md), parsed once, rendered in each language by a fence."""

from __future__ import annotations

import pytest

from lossdocs import glossary
from lossdocs.glossary import Term
from lossdocs.render import glossary_table
from lossdocs.site import EmbedError, expand

TABLE = """# Terms

Some prose | with a bar.

| English | 한국어 | note | 비고 |
|---|---|---|---|
| softmax | 소프트맥스 | | |
| gradient | 그래디언트 | one word (not 기울기) | 기울기 대신 이 말을 씁니다 |
| `pos_weight` | 양성 가중치 | | |

| other | table |
|---|---|
| not | read |
"""
TERMS = (
    Term("softmax", "소프트맥스"),
    Term("gradient", "그래디언트", "one word (not 기울기)", "기울기 대신 이 말을 씁니다"),
    Term("`pos_weight`", "양성 가중치"),
)


def test_parse_reads_the_rows_of_the_first_english_korean_table():
    assert glossary.parse(TABLE) == TERMS


def test_parse_reads_the_teams_three_columns_too():
    three = "| English | 한국어 | note |\n|---|---|---|\n| logit | 로짓 | |\n"
    assert glossary.parse(three) == (Term("logit", "로짓", ""),)


def test_a_row_of_the_wrong_width_is_an_error_naming_it():
    with pytest.raises(ValueError, match=r"2 cells, expected 3 or 4: '\| logit \| 로짓 \|'"):
        glossary.parse("| English | 한국어 | note |\n|---|---|---|\n| logit | 로짓 |\n")


def test_the_korean_table_puts_korean_first_in_korean_order():
    assert glossary_table(TERMS, "ko") == (
        "| 한국어 | 영어 | 비고 |\n"
        "|---|---|---|\n"
        "| 그래디언트 | gradient | 기울기 대신 이 말을 씁니다 |\n"
        "| 소프트맥스 | softmax | |\n"
        "| 양성 가중치 | `pos_weight` | |\n"
    )


def test_the_english_table_puts_english_first_in_alphabetical_order_ignoring_backticks():
    assert glossary_table(TERMS, "en") == (
        "| English | Korean | Note |\n"
        "|---|---|---|\n"
        "| gradient | 그래디언트 | one word (not 기울기) |\n"
        "| `pos_weight` | 양성 가중치 | |\n"
        "| softmax | 소프트맥스 | |\n"
    )


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_glossary_fence_renders_the_packages_table(lang):
    page = "# 용어집\n\n```glossary\ntable\n```\n"
    assert expand(page, lang, f"docs/{lang}/glossary.md") == (
        f"# 용어집\n\n{glossary_table(glossary.terms(), lang)}\n"
    )


def test_a_glossary_fence_names_table():
    with pytest.raises(EmbedError, match=r"docs/en/g\.md, line 1: no glossary 'terms': expected 'table'"):
        expand("```glossary\nterms\n```", "en", "docs/en/g.md")
