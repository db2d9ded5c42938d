"""The model, the checker, the registry and the renderer."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest
import sympy as sp

import lossdocs
from lossdocs import Derivation, DerivationError, Step, Text
from lossdocs.functions import elementary, product, sigmoid

x = sp.Symbol("x", real=True)
WHY = Text(ko="이유", en="reason")


def replace_step(derivation: Derivation, n: int, expr) -> Derivation:
    """A copy of ``derivation`` whose step ``n`` (1-based) claims ``expr`` instead."""
    steps = list(derivation.steps)
    steps[n - 1] = dataclasses.replace(steps[n - 1], expr=expr)
    return dataclasses.replace(derivation, steps=tuple(steps))


@pytest.mark.parametrize("derivation_id", lossdocs.ids())
def test_every_registered_derivation_verifies(derivation_id):
    derivation = lossdocs.get(derivation_id)
    assert derivation.verify() is derivation
    assert derivation.id == derivation_id


def test_sigmoid_derivative_ends_in_sigma_times_one_minus_sigma():
    d = lossdocs.get("sigmoid.derivative")
    assert d.start == sp.Derivative(sigmoid(x), x)
    assert sp.simplify(elementary(d.result) - sp.diff(1 / (1 + sp.exp(-x)), x)) == 0
    # The value at 0 is 1/4, the slope's maximum.
    assert elementary(d.result).subs(x, 0) == sp.Rational(1, 4)


@pytest.mark.parametrize("n", range(1, 9))
def test_a_changed_step_is_rejected_naming_that_step(n):
    d = lossdocs.get("sigmoid.derivative")
    wrong = d.steps[n - 1].expr + sp.exp(x) / 7
    with pytest.raises(DerivationError) as caught:
        replace_step(d, n, wrong).verify()
    error = caught.value
    assert (error.derivation_id, error.step) == ("sigmoid.derivative", n)
    assert error.after == wrong
    assert error.before == (d.start if n == 1 else d.steps[n - 2].expr)
    assert f"sigmoid.derivative, step {n}:" in str(error)
    assert str(wrong) in str(error) and str(error.before) in str(error)


def test_a_user_built_derivation_is_checked():
    good = Derivation("user.square", WHY, (x + 1) ** 2, (Step(x**2 + 2 * x + 1, WHY),))
    good.verify()
    bad = Derivation("user.square", WHY, (x + 1) ** 2, (Step(x**2 + 1, WHY),))
    with pytest.raises(DerivationError, match=r"user\.square, step 1"):
        bad.verify()


def test_assumptions_come_from_the_symbols():
    # sqrt(t^2) = t only for t >= 0: the same claim fails for a plain symbol and holds for a positive one.
    t, p = sp.Symbol("t"), sp.Symbol("p", positive=True)
    with pytest.raises(DerivationError):
        Derivation("user.sqrt", WHY, sp.sqrt(t**2), (Step(t, WHY),)).verify()
    Derivation("user.sqrt", WHY, sp.sqrt(p**2), (Step(p, WHY),)).verify()


def test_derivations_are_frozen_and_steps_a_tuple():
    d = lossdocs.get("sigmoid.derivative")
    assert isinstance(d.steps, tuple)
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.id = "other"
    with pytest.raises(TypeError, match="steps=list"):
        Derivation("user.list", WHY, x, [Step(x, WHY)])
    with pytest.raises(ValueError, match="at least one Step"):
        Derivation("user.empty", WHY, x, ())


def test_unknown_check_kind_is_an_error_not_a_pass():
    d = Derivation("user.kind", WHY, x, (Step(x, WHY, check="trust-me"),))
    with pytest.raises(ValueError, match="check='trust-me'"):
        d.verify()


def test_unknown_id_suggests_the_closest():
    with pytest.raises(lossdocs.UnknownDerivationError, match="did you mean 'sigmoid.derivative'"):
        lossdocs.get("sigmoid.derivativ")
    with pytest.raises(LookupError, match="unknown derivation id 'nothing'"):
        lossdocs.get("nothing")


def test_text_picks_a_language_and_rejects_others():
    assert WHY("ko") == "이유" and WHY("en") == "reason"
    with pytest.raises(ValueError, match="lang='fr'"):
        WHY("fr")


def test_import_does_no_sympy_work():
    code = "import sys, lossdocs; print('sympy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_product_keeps_factors_and_parenthesises_negative_ones():
    assert sp.latex(product(2, -x)) == r"2 \left(- x\right)"
    assert sp.latex(product(sigmoid(x), 1 - sigmoid(x))) == (
        r"\sigma\left(x\right) \left(1 - \sigma\left(x\right)\right)"
    )


def test_render_exact_output_for_a_small_derivation():
    d = Derivation(
        "user.expand",
        Text(ko="전개", en="Expansion"),
        (x + 1) ** 2,
        (
            Step(x**2 + 2 * x + 1, Text(ko="제곱을 전개합니다.", en="Expand the square.")),
            Step(x * (x + 2) + 1, Text(ko="묶습니다.", en="Factor.")),
        ),
    )
    assert d.latex("en") == (
        "\\begin{aligned}\n"
        "\\left(x + 1\\right)^{2} &= x^{2} + 2 x + 1 && \\text{Expand the square.} \\\\\n"
        " &= x \\left(x + 2\\right) + 1 && \\text{Factor.}\n"
        "\\end{aligned}"
    )
    assert d.markdown("ko") == (
        '<div class="lossdocs-derivation" markdown>\n\n'
        "**유도: 전개** · `user.expand`\n\n"
        "$$\n\\begin{aligned}\n"
        "\\left(x + 1\\right)^{2} &= x^{2} + 2 x + 1 && \\text{(1)} \\\\\n"
        " &= x \\left(x + 2\\right) + 1 && \\text{(2)}\n"
        "\\end{aligned}\n$$\n\n"
        '1. 제곱을 전개합니다. <span class="lossdocs-check lossdocs-check--symbolic" title="simplify">'
        "기호 연산으로 검증</span>\n"
        '2. 묶습니다. <span class="lossdocs-check lossdocs-check--symbolic" title="simplify">'
        "기호 연산으로 검증</span>\n\n"
        "</div>\n"
    )
