"""The categorical derivations: built for C = 3 on the pages, and for C = 4 by the same builders."""

from __future__ import annotations

import inspect

import mpmath
import pytest
import sympy as sp

import lossdocs
from lossdocs import registry
from lossdocs.functions import elementary

CATEGORICAL = [
    derivation_id
    for derivation_id in lossdocs.ids()
    if "classes" in inspect.signature(registry._BUILDERS[derivation_id]).parameters
]


def test_the_categorical_derivations_are_found():
    assert {"cross_entropy.grad", "softmax.jacobian", "log_softmax.logsumexp"} <= set(CATEGORICAL)
    assert len(CATEGORICAL) == 28


@pytest.mark.parametrize("derivation_id", CATEGORICAL)
def test_the_same_derivation_verifies_for_four_classes(derivation_id):
    four = registry.build(derivation_id, classes=4)
    assert four.verify() is four
    assert four.id == derivation_id
    assert len(four.start.free_symbols) > len(lossdocs.get(derivation_id).start.free_symbols)


def test_the_very_confident_row_is_in_the_log_softmax_table():
    """Target logit 30 ahead of the next: log p_1 = -(e^-30 + e^-730), kept to within 1 ulp."""
    checks = lossdocs.get("log_softmax.logsumexp").numeric_checks()
    row = next(r for r in checks.rows if dict(r.inputs) == {"z1": 30.0, "z2": 0.0, "z3": -700.0})
    with mpmath.workdps(60):
        exact = -mpmath.log1p(mpmath.exp(-30) + mpmath.exp(-730))
        assert abs(mpmath.mpf(row.exact) - exact) < mpmath.mpf(10) ** -45 * abs(exact)
    assert row.ulp <= 1.0
    assert checks.max_ulp <= 1.0


def test_the_gradient_tables_agree_with_central_differences():
    for derivation_id in ("cross_entropy.grad", "cross_entropy.grad_other", "softmax.jacobian"):
        checks = lossdocs.get(derivation_id).numeric_checks()
        assert checks.gradient
        for row in checks.rows:
            with mpmath.workdps(60):
                a, b = mpmath.mpf(row.exact), mpmath.mpf(row.central_difference)
                assert abs(a - b) <= mpmath.mpf(10) ** -30 * abs(a)
        # float64 of sigma(u) with u = z - LSE(...) near -730: u's rounding is magnified |u| times
        assert checks.max_ulp <= 1000


def test_the_softmax_jacobian_entries_match_sympy_diff():
    z = sp.symbols("z1:4", real=True)
    s = sp.exp(z[0]) / sum(map(sp.exp, z))
    for derivation_id, var in (("softmax.jacobian", z[0]), ("softmax.jacobian_offdiagonal", z[1])):
        result = elementary(lossdocs.get(derivation_id).result)
        assert sp.simplify(result - sp.diff(s, var)) == 0
