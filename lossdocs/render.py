"""Derivations and their numeric checks as LaTeX, Markdown and plain text, in Korean or English.

Everything rendered has been verified first: ``verify`` is cached, so this costs
nothing after the first time.
"""

from __future__ import annotations

import math

import mpmath
import sympy as sp

from lossdocs.derivation import Derivation, Text, check_lang
from lossdocs.numeric_checks import SHOWN_DIGITS, NumericChecks
from lossdocs.verify import verify

CHECK_LABELS = {
    "symbolic": Text(ko="기호 연산으로 검증", en="checked symbolically"),
    "definition": Text(ko="정의, 대입하여 검증", en="definition, checked by substitution"),
    "numeric": Text(ko="수치 검증(mpmath)", en="checked numerically (mpmath)"),
}
DERIVATION = Text(ko="유도", en="Derivation")
NUMERIC_CHECKS = Text(ko="수치 검증", en="Numeric checks")
TABLE_HEAD = {
    "exact": Text(ko="정확한 값(mpmath)", en="exact (mpmath)"),
    "float64": Text(ko="float64(NumPy)", en="float64 (NumPy)"),
    "ulp": Text(ko="오차(ulp)", en="error (ulp)"),
    "difference": Text(ko="중앙 차분과 일치한 자릿수", en="digits agreeing with central difference"),
}
TABLE_NOTE = Text(
    ko="정확한 값은 mpmath로 400자리까지 계산한 값의 앞 20자리입니다. float64 값은 위 유도의 "
    "마지막 식을 NumPy로 계산한 것이고, 오차는 정확한 값의 마지막 자리 단위(ulp)로 잽니다.",
    en="Exact values are computed with mpmath to 400 digits; 20 significant digits are shown. The "
    "float64 value is the derivation's last expression evaluated by NumPy; the error is measured in "
    "units in the last place (ulp) of the exact value.",
)
GRADIENT_NOTE = Text(
    ko="마지막 열은 유도의 출발점인 함수를 mpmath로 수치 미분(중앙 차분)한 값이 정확한 값과 유효 숫자 몇 "
    "자리까지 같은지 보여 줍니다(50이 최대). 기호로 구한 도함수와 독립된 확인입니다.",
    en="The last column shows to how many significant digits (at most 50) mpmath's numerical derivative "
    "(central difference) of the starting function agrees with the exact value: a check independent of "
    "the symbolic derivative.",
)


def _chain(derivation: Derivation, notes: list[str]) -> str:
    lines = [
        (sp.latex(derivation.start) if n == 0 else "") + rf" &= {sp.latex(step.expr)} && {note}"
        for n, (step, note) in enumerate(zip(derivation.steps, notes, strict=True))
    ]
    return "\\begin{aligned}\n" + " \\\\\n".join(lines) + "\n\\end{aligned}"


def latex(derivation: Derivation, lang: str = "en") -> str:
    """The chain of equalities as an ``aligned`` environment, each line with its reason."""
    check_lang(lang)
    verify(derivation)
    return _chain(derivation, [rf"\text{{{step.why(lang)}}}" for step in derivation.steps])


def markdown(derivation: Derivation, lang: str = "en") -> str:
    """Display math with numbered lines, followed by the numbered reasons and how each was checked."""
    check_lang(lang)
    checks = verify(derivation)
    steps = derivation.steps
    math_ = _chain(derivation, [rf"\text{{({n})}}" for n in range(1, len(steps) + 1)])
    reasons = "\n".join(
        f"{n}. {step.why(lang)} "
        f'<span class="lossdocs-check lossdocs-check--{step.check}" title="{check.method}">'
        f"{CHECK_LABELS[step.check](lang)}</span>"
        for n, (step, check) in enumerate(zip(steps, checks, strict=True), 1)
    )
    return (
        f'<div class="lossdocs-derivation" markdown>\n\n'
        f"**{DERIVATION(lang)}: {derivation.title(lang)}** · `{derivation.id}`\n\n"
        f"$$\n{math_}\n$$\n\n{reasons}\n\n</div>\n"
    )


def text(derivation: Derivation, lang: str = "en") -> str:
    """Plain text for a terminal: the start, then one line per step with its reason and check."""
    check_lang(lang)
    checks = verify(derivation)
    lines = [f"{derivation.id}: {derivation.title(lang)}", f"    {derivation.start}"]
    for n, (step, check) in enumerate(zip(derivation.steps, checks, strict=True), 1):
        lines += [f"({n}) = {step.expr}", f"      {step.why(lang)} [{step.check}: {check.method}]"]
    return "\n".join(lines)


def format_ulp(ulp: float) -> str:
    if math.isnan(ulp):
        return "—"
    if math.isinf(ulp):
        return "∞"
    return f"{ulp:.2f}" if ulp < 100 else f"{ulp:.1e}"


def _shown(value: str | None) -> str:
    if value is None:
        return "—"
    with mpmath.workdps(SHOWN_DIGITS + 10):
        return mpmath.nstr(mpmath.mpf(value), 20, min_fixed=-4, max_fixed=6)


def agreeing_digits(a: str | None, b: str | None) -> int:
    """How many significant digits (of the 50 stored) two values share; 0 when either is missing."""
    if a is None or b is None:
        return 0
    with mpmath.workdps(60):
        x, y = mpmath.mpf(a), mpmath.mpf(b)
        if x == y:
            return SHOWN_DIGITS
        scale = max(abs(x), abs(y))
        return max(0, min(SHOWN_DIGITS, int(mpmath.floor(-mpmath.log10(abs(x - y) / scale)))))


def numeric_table(checks: NumericChecks, lang: str = "en") -> str:
    """The numeric checks as a Markdown table with a short note, in ``lang``."""
    check_lang(lang)
    head = [f"\\({s}\\)" for s in checks.symbols]
    head += [TABLE_HEAD[k](lang) for k in ("exact", "float64", "ulp")]
    if checks.gradient:
        head.append(TABLE_HEAD["difference"](lang))
    rows = []
    for row in checks.rows:
        cells = [repr(value) for _, value in row.inputs]
        cells += [_shown(row.exact), repr(row.float64), format_ulp(row.ulp)]
        if checks.gradient:
            cells.append(str(agreeing_digits(row.exact, row.central_difference)))
        rows.append("| " + " | ".join(cells) + " |")
    note = TABLE_NOTE(lang) + (" " + GRADIENT_NOTE(lang) if checks.gradient else "")
    return (
        f'<div class="lossdocs-numeric" markdown>\n\n'
        f"**{NUMERIC_CHECKS(lang)}** · `{checks.derivation_id}`\n\n"
        f"| {' | '.join(head)} |\n|{'---|' * len(head)}\n" + "\n".join(rows) + f"\n\n{note}\n\n</div>\n"
    )
