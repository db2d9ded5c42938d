"""The terms of the site, ko ↔ en: the table of ``glossary.md`` (package data), read by the Korean
style check of the tests and rendered by the site's glossary page (`lossdocs.render.glossary_table`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

GLOSSARY = Path(__file__).parent / "glossary.md"


@dataclass(frozen=True)
class Term:
    english: str
    korean: str
    note: str = ""
    """For writers and English readers (``not X`` names a Korean form the style check forbids)."""
    note_ko: str = ""
    """The note for Korean readers (비고)."""


def parse(markdown: str) -> tuple[Term, ...]:
    """The rows of the first table whose header starts ``| English | 한국어 |`` (three or four columns)."""
    rows, inside = [], False
    for line in markdown.splitlines():
        if not line.lstrip().startswith("|"):
            if inside:
                break
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if cells[:2] == ["English", "한국어"]:
            inside = True
        elif inside and not set("".join(cells)) <= set("-: "):
            if len(cells) not in (3, 4):
                raise ValueError(f"a glossary row has {len(cells)} cells, expected 3 or 4: {line!r}")
            rows.append(Term(*cells))
    return tuple(rows)


def terms() -> tuple[Term, ...]:
    """The site's terms, in the table's order."""
    return parse(GLOSSARY.read_text(encoding="utf-8"))
