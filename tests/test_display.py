"""lossdocs in a notebook: derivations and numeric checks as math and tables, and their docstring examples."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from sybil import Sybil
from sybil.document import PythonDocStringDocument

import lossdocs
from conftest import PyconBlockParser
from lossdocs import derivation, numeric_checks, registry, render


@pytest.fixture
def korean():
    lossdocs.set_language("ko")
    yield
    lossdocs.set_language("en")


def test_a_derivation_shows_as_its_title_math_and_reasons():
    d = lossdocs.get("bce_logits.simplify")
    shown = d._repr_markdown_()
    assert shown.startswith(f"**Derivation: {d.title('en')}** · `{d.id}`")
    assert "$$\n\\begin{aligned}" in shown and shown.count("\\text{(") == len(d.steps)
    assert all(f"{n}. {step.why('en')} *(" in shown for n, step in enumerate(d.steps, 1))
    assert "<div" not in shown and "<span" not in shown  # no site markup in a notebook
    assert d._repr_latex_() == f"$$\n{d.latex('en')}\n$$"
    assert repr(d) == f"<Derivation {d.id}: {d.title('en')!r}, {len(d.steps)} steps>"


def test_the_notebook_language_is_set_once(korean):
    d = lossdocs.get("sigmoid.derivative")
    assert d._repr_markdown_().startswith(f"**유도: {d.title('ko')}**")
    assert "기호 연산으로 검증" in d._repr_markdown_() or "정의" in d._repr_markdown_()
    assert "오차 (ulp)" in d.numeric_checks()._repr_markdown_()
    with pytest.raises(ValueError, match="lang='de'"):
        lossdocs.set_language("de")


def test_a_failing_derivation_shows_why_instead_of_raising():
    good = lossdocs.get("sigmoid.derivative")
    bad_step = dataclasses.replace(good.steps[4], expr=-good.steps[4].expr)
    bad = dataclasses.replace(good, steps=(*good.steps[:4], bad_step, *good.steps[5:]))
    shown = bad._repr_markdown_()
    assert shown.startswith("**sigmoid.derivative: not verified**")
    assert "sigmoid.derivative, step 5: could not show that" in shown
    assert bad._repr_latex_() is None  # Jupyter then shows the Markdown


def test_numeric_checks_are_a_sequence_of_rows_with_records_and_a_table():
    checks = lossdocs.get("bce_logits.grad").numeric_checks()
    assert len(checks) == len(checks.rows) > 5 and list(checks) == list(checks.rows)
    records = checks.to_records()
    assert len(records) == len(checks)
    for record, row in zip(records, checks, strict=True):
        assert {k: record[k] for k in checks.symbols} == dict(row.inputs)
        assert (record["exact"], record["float64"], record["ulp"]) == (row.exact, row.float64, row.ulp)
        assert record["central_difference"] == row.central_difference  # a gradient: the check column
    table = checks.to_markdown()
    lines = [line for line in table.splitlines() if line.startswith("|")]
    assert len(lines) == 2 + len(checks)  # head, rule, every row (the site shows a selection)
    assert lines[0].startswith(f"| {' | '.join(checks.symbols)} | exact (mpmath) |")
    assert checks._repr_markdown_() == table
    assert len(repr(checks)) < 120 and f"{checks.max_ulp:.2f} ulp" in repr(checks)


def test_the_site_still_renders_its_own_markup():
    d = lossdocs.get("bce_logits.simplify")
    assert render.markdown(d, "en").startswith('<div class="lossdocs-derivation" markdown>')


EXAMPLES = [
    example
    for module in (derivation, numeric_checks, registry)
    for example in Sybil(
        parsers=[PyconBlockParser()],
        patterns=[Path(module.__file__).name],
        path=str(Path(module.__file__).parent),
        document_types={".py": PythonDocStringDocument},
    ).parse(Path(module.__file__))
]


@pytest.mark.parametrize("name", [n for n in lossdocs.__all__ if callable(getattr(lossdocs, n))])
def test_every_public_name_has_a_runnable_example(name):
    import inspect

    obj = getattr(lossdocs, name)
    documented = inspect.getdoc(obj) or ""
    if name == "UnknownDerivationError":  # raised by get: its example is get's
        documented = inspect.getdoc(lossdocs.get)
    assert "```pycon\n>>> " in documented, name


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"{Path(e.path).name} line {e.line}" for e in EXAMPLES])
def test_docstring_examples_run(example):
    example.evaluate()
