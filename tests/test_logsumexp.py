"""The named function logsumexp: its definition for SymPy and its float64 implementation (numeric's)."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
import sympy as sp

from lossdocs.functions import elementary, logsumexp
from lossdocs.numeric_checks import NUMPY

a, b, c = sp.symbols("a b c", real=True)


def exact_lse(*z) -> float:
    with mpmath.workdps(60):
        return float(mpmath.log(mpmath.fsum(mpmath.exp(mpmath.mpf(v)) for v in z)))


def test_its_definition_is_the_log_of_a_sum_of_exponentials():
    assert elementary(logsumexp(a, b, c)) == sp.log(sp.exp(a) + sp.exp(b) + sp.exp(c))
    assert sp.latex(logsumexp(a, b)) == r"\operatorname{LSE}\left(a, b\right)"


@pytest.mark.parametrize(
    "z",
    [
        (0.0, 1.0, 2.0),
        (1000.0, 1000.0, -5.0),
        (-1000.0, -1001.0, -1002.0),
        (0.0, -30.0, -730.0),
        (0.0, -745.0),
    ],
)
def test_float64_is_within_one_ulp_even_where_exp_overflows_or_the_rest_is_tiny(z):
    value, exact = NUMPY["logsumexp"](*map(np.float64, z)), exact_lse(*z)
    assert abs(value - exact) <= np.spacing(abs(exact))


def test_it_broadcasts_and_keeps_infinite_maxima():
    out = NUMPY["logsumexp"](np.array([0.0, -np.inf, np.inf]), np.array([0.0, -np.inf, 1.0]))
    assert out[0] == pytest.approx(np.log(2), rel=1e-15)
    assert out[1] == -np.inf and out[2] == np.inf
