"""Derivations as LaTeX and Markdown, in Korean or English."""

from __future__ import annotations

import sympy as sp

from lossdocs.derivation import Derivation, Text, check_lang

CHECK_LABELS = {
    "symbolic": Text(ko="기호 연산으로 검증", en="checked symbolically"),
}
DERIVATION = Text(ko="유도", en="Derivation")


def _chain(derivation: Derivation, notes: list[str]) -> str:
    lines = [
        (sp.latex(derivation.start) if n == 0 else "") + rf" &= {sp.latex(step.expr)} && {note}"
        for n, (step, note) in enumerate(zip(derivation.steps, notes, strict=True))
    ]
    return "\\begin{aligned}\n" + " \\\\\n".join(lines) + "\n\\end{aligned}"


def latex(derivation: Derivation, lang: str = "en") -> str:
    """The chain of equalities as an ``aligned`` environment, each line with its reason."""
    check_lang(lang)
    return _chain(derivation, [rf"\text{{{step.why(lang)}}}" for step in derivation.steps])


def markdown(derivation: Derivation, lang: str = "en") -> str:
    """Display math with numbered lines, followed by the numbered reasons and their checks."""
    check_lang(lang)
    steps = derivation.steps
    math = _chain(derivation, [rf"\text{{({n})}}" for n in range(1, len(steps) + 1)])
    reasons = "\n".join(
        f'{n}. {step.why(lang)} <span class="lossdocs-check">{CHECK_LABELS[step.check](lang)}</span>'
        for n, step in enumerate(steps, 1)
    )
    return (
        f'<div class="lossdocs-derivation" markdown>\n\n'
        f"**{DERIVATION(lang)}: {derivation.title(lang)}** · `{derivation.id}`\n\n"
        f"$$\n{math}\n$$\n\n{reasons}\n\n</div>\n"
    )
