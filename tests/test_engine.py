"""The model, the checker, the registry and the renderer."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys

import pytest
import sympy as sp

import lossdocs
from lossdocs import Derivation, DerivationError, Step, Text, render
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
    good = Derivation("user.square", WHY, (x + 1) ** 2, (Step(x**2 + 2 * x + 1, WHY.ko, WHY.en),))
    good.verify()
    bad = Derivation("user.square", WHY, (x + 1) ** 2, (Step(x**2 + 1, WHY.ko, WHY.en),))
    with pytest.raises(DerivationError, match=r"user\.square, step 1"):
        bad.verify()


def test_assumptions_come_from_the_symbols():
    # sqrt(t^2) = t only for t >= 0: the same claim fails for a plain symbol and holds for a positive one.
    t, p = sp.Symbol("t"), sp.Symbol("p", positive=True)
    with pytest.raises(DerivationError):
        Derivation("user.sqrt", WHY, sp.sqrt(t**2), (Step(t, WHY.ko, WHY.en),)).verify()
    Derivation("user.sqrt", WHY, sp.sqrt(p**2), (Step(p, WHY.ko, WHY.en),)).verify()


def test_derivations_are_frozen_and_steps_a_tuple():
    d = lossdocs.get("sigmoid.derivative")
    assert isinstance(d.steps, tuple)
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.id = "other"
    with pytest.raises(TypeError, match=r"steps=\[Step\(.*\]: expected a tuple of Step"):
        Derivation("user.list", WHY, x, [Step(x, WHY.ko, WHY.en)])
    with pytest.raises(ValueError, match="at least one Step"):
        Derivation("user.empty", WHY, x, ())


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (
            lambda: Step(x, "이유", "reason", check="bogus"),
            ValueError,
            "Step: check='bogus': expected one of 'symbolic'",
        ),
        (lambda: Step(x, WHY, "reason"), TypeError, "Step: ko=Text(.*): expected a non-empty str"),
        (lambda: Step(x, "이유", ""), TypeError, "Step: en='': expected a non-empty str"),
        (
            lambda: Step("x + 1", "이유", "reason"),
            TypeError,
            "Step: expr='x \\+ 1': expected a SymPy expression",
        ),
        (
            lambda: Step(x, "이유", "reason", "definition", {"p": x}),
            TypeError,
            "Step: define=\\{'p': x\\}: expected",
        ),
        (
            lambda: Step(x, "이유", "reason", define={x: x}),
            ValueError,
            "Step: define=.*check='definition' only",
        ),
        (
            lambda: Derivation(5, WHY, x, (Step(x, "이유", "reason"),)),
            TypeError,
            "Derivation: id=5: expected a str",
        ),
        (lambda: Derivation("Mine", WHY, x, (Step(x, "이유", "reason"),)), TypeError, "id='Mine': expected"),
        (lambda: Derivation("user.t", "title", x, (Step(x, "이유", "reason"),)), TypeError, "title='title'"),
        (lambda: Text(ko="이유", en=None), TypeError, "Text: en=None: expected a non-empty str"),
    ],
)
def test_bad_content_is_an_error_at_construction_naming_argument_value_and_expectation(make, error, message):
    with pytest.raises(error, match=message):
        make()


def test_definitions_may_be_a_mapping():
    p = sp.Symbol("p", positive=True)
    assert Step(x, "이유", "reason", "definition", {p: sigmoid(x)}).define == ((p, sigmoid(x)),)


def test_every_id_cited_in_a_reason_is_registered():
    cited = [
        (name, derivation_id)
        for derivation_id in lossdocs.ids()
        for step in lossdocs.get(derivation_id).steps
        for text in (step.ko, step.en)
        for name in re.findall(r"`([a-z_]+(?:\.[a-z_0-9]+)+)`", text)
    ]
    assert len(cited) >= 20
    assert [(name, where) for name, where in cited if name not in lossdocs.ids()] == []


def test_unknown_id_suggests_the_closest():
    with pytest.raises(lossdocs.UnknownDerivationError, match=r"did you mean 'sigmoid.derivative'\? \("):
        lossdocs.get("sigmoid.derivativ")  # only the near id: not tf.sigmoid_ce, which also resembles it
    with pytest.raises(lossdocs.UnknownDerivationError) as raised:
        lossdocs.get("crossentropy.grad")
    assert "did you mean 'cross_entropy.grad', " in str(raised.value)
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
            Step(x**2 + 2 * x + 1, ko="제곱을 전개합니다.", en="Expand the square."),
            Step(x * (x + 2) + 1, ko="묶습니다.", en="Factor."),
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
        "`lambdify()`의 매개변수: `(x)`\n\n"
        "</div>\n"
    )


def test_a_long_start_gets_a_line_of_its_own():
    """Aligned after a long start, every step began where the start ended: off the right of the column."""
    long_start = sum((x + k) ** 2 for k in range(1, 5))
    d = Derivation(
        "user.long",
        Text(ko="긴 출발점", en="A long start"),
        long_start,
        (Step(sp.expand(long_start), ko="전개합니다.", en="Expand."),),
    )
    assert len(sp.latex(long_start)) > render.STACKED
    assert d.latex("en").splitlines()[1:3] == [
        f"& {sp.latex(long_start)} \\\\",
        f" &= {sp.latex(sp.expand(long_start))} && \\text{{Expand.}}",
    ]


def test_no_reason_holds_a_control_character():
    """A \\frac or \\approx typed in a non-raw string becomes a form feed or a bell: a TeX error that only
    shows in a browser."""
    bad = [
        (derivation_id, n, lang)
        for derivation_id in lossdocs.ids()
        for n, step in enumerate(lossdocs.get(derivation_id).steps, 1)
        for lang, text in (("ko", step.ko), ("en", step.en))
        if re.search(r"[\x00-\x09\x0b-\x1f]", text)
    ]
    assert bad == []


def test_every_registered_step_is_proved_not_only_tested():
    numeric = [
        f"{derivation_id} step {n}"
        for derivation_id in lossdocs.ids()
        for n, step in enumerate(lossdocs.get(derivation_id).steps, 1)
        if step.check == "numeric"
    ]
    assert numeric == []


def test_a_numeric_step_is_labelled_tested_at_n_points_in_both_languages():
    from lossdocs import render
    from lossdocs.domains import sweep
    from lossdocs.functions import softplus

    d = Derivation(
        "user.tested",
        Text(ko="시험", en="Tested"),
        softplus(x) - softplus(-x),
        (Step(x, ko="로그를 합칩니다.", en="Combine the logs.", check="numeric"),),
    )
    n = len(sweep("real"))  # true at every float: no point is lost
    assert f'lossdocs-check--numeric" title="tested at {n} points: interval arithmetic' in d.markdown("en")
    assert d.markdown("en").endswith(
        f'0 undefined and 0 undecided of {n}">tested at {n} points (mpmath)</span>\n\n'
        "Parameters of `lambdify()`: `(x)`\n\n</div>\n"
    )
    assert d.markdown("ko").endswith(
        f'of {n}">{n}개 점에서 시험(mpmath)</span>\n\n`lambdify()`의 매개변수: `(x)`\n\n</div>\n'
    )
    assert (
        render.text(d, "ko")
        .splitlines()[-2]
        .startswith(f"      로그를 합칩니다. [{n}개 점에서 시험(mpmath): tested at {n} points")
    )
