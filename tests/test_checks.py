"""Check kinds: each proves what it should and refuses what it should, never vacuously."""

from __future__ import annotations

import pytest
import sympy as sp

from lossdocs import Derivation, DerivationError, Step, Text
from lossdocs.functions import log1p, sigmoid, softplus
from lossdocs.verify import verify

x = sp.Symbol("x", real=True)
y = sp.Symbol("y", real=True)
a, b = sp.symbols("a b", positive=True)
ra, rb = sp.symbols("ra rb", real=True)
p = sp.Symbol("p", positive=True)
WHY = Text(ko="이유", en="reason")


def one_step(start, expr, check="symbolic", define=(), domain=()):
    return Derivation("test.step", WHY, start, (Step(expr, WHY.ko, WHY.en, check, define),), domain)


def method(start, expr, **kwargs) -> str:
    (result,) = verify(one_step(start, expr, **kwargs))
    return result.method


def test_expand_log_splits_only_where_assumptions_allow():
    assert method(sp.log(a * b), sp.log(a) + sp.log(b)) in {"simplify", "expand_log"}
    with pytest.raises(DerivationError, match="test.step, step 1"):
        verify(one_step(sp.log(ra * rb), sp.log(ra) + sp.log(rb)))


def test_case_split_proves_the_overflow_free_bce_form():
    naive = (1 - y) * x + sp.log(1 + sp.exp(-x))
    stable = sp.Max(x, 0) - x * y + log1p(sp.exp(-sp.Abs(x)))
    assert method(naive, stable, domain=((y, "target"),)) == "case split on the sign of x"


def test_case_split_rejects_a_wrong_branch():
    wrong = sp.Max(x, 0) - x * y + log1p(sp.exp(sp.Abs(x)))
    with pytest.raises(DerivationError):
        verify(one_step((1 - y) * x + sp.log(1 + sp.exp(-x)), wrong, domain=((y, "target"),)))


def test_definition_substitutes_and_is_checked():
    start = sp.log(p / (1 - p))
    step = sp.log(sigmoid(x) / (1 - sigmoid(x)))
    assert method(start, step, check="definition", define=((p, sigmoid(x)),)) == "simplify"
    with pytest.raises(DerivationError):  # p = sigma(x) does not make the logit's sign flip
        verify(one_step(start, -step, check="definition", define=((p, sigmoid(x)),)))


def test_a_defined_name_stays_defined_for_later_steps():
    d = Derivation(
        "test.later",
        WHY,
        -sp.log(p),
        (
            Step(-sp.log(sigmoid(x)), WHY.ko, WHY.en, "definition", ((p, sigmoid(x)),)),
            Step(softplus(-x), WHY.ko, WHY.en),
            Step(-sp.log(p), WHY.ko, WHY.en),  # back to p: true only because p = sigma(x)
        ),
    )
    assert [c.kind for c in verify(d)] == ["definition", "symbolic", "symbolic"]


@pytest.mark.parametrize(
    ("check", "define", "message"),
    [
        ("symbolic", ((p, sigmoid(x)),), r"define=.*: expected definitions with check='definition' only"),
        ("definition", (), r"define=\(\): expected definitions with check='definition' only"),
        ("guess", (), "check='guess'"),
    ],
)
def test_malformed_steps_are_errors_when_made(check, define, message):
    with pytest.raises(ValueError, match=message):
        one_step(x, x, check=check, define=define)


def test_a_definition_that_is_never_used_is_rejected():
    with pytest.raises(DerivationError, match="defines p but never uses it"):
        verify(one_step(x + 1, x + 1, check="definition", define=((p, sigmoid(x)),)))


def test_numeric_check_passes_a_true_identity_at_every_point():
    assert (
        method(softplus(x) - softplus(-x), x, check="numeric") == "mpmath: 14 of 14 points agree to 40 digits"
    )


def test_numeric_check_sees_a_difference_in_the_30th_digit():
    with pytest.raises(DerivationError, match="check: numeric"):
        verify(one_step(softplus(x), softplus(x) * (1 + sp.Rational(1, 10**30)), check="numeric"))


def test_numeric_check_sees_a_difference_that_only_exists_at_extreme_logits():
    # log(1 + e^{-x}) and e^{-x} differ by O(e^{-2x}): relative 1e-17 at x = 40, 1e-304 at 700.
    start, wrong = sp.log(1 + sp.exp(-x)), sp.exp(-x)
    with pytest.raises(DerivationError):
        verify(one_step(start, wrong, check="numeric"))


def test_numeric_check_is_not_vacuous_when_a_side_is_undefined():
    undefined = sp.log(-1 - x**2)  # complex for every real x
    with pytest.raises(DerivationError, match="check: numeric"):
        verify(one_step(undefined, undefined, check="numeric"))


def test_numeric_check_tolerates_a_few_undefined_points():
    # x/|x| is undefined only at x = 0, one of 14 points.
    assert method(x / sp.Abs(x), sp.sign(x), check="numeric").startswith("mpmath: 13 of 14")


def test_a_symbol_without_a_domain_cannot_be_sampled():
    z = sp.Symbol("z")
    with pytest.raises(ValueError, match="symbol z: no domain"):
        verify(one_step(z + z, 2 * z + 1, check="numeric"))


def test_unknown_domain_name_is_rejected():
    with pytest.raises(ValueError, match="domain of y is 'logits'"):
        one_step(x, x, domain=((y, "logits"),))
