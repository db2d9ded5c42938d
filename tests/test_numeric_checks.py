"""Generated numeric checks: exact values from mpmath, float64 from NumPy, errors in ulp."""

from __future__ import annotations

import math
import re

import mpmath
import numpy as np
import pytest

import lossdocs
from lossdocs.numeric_checks import SHOWN_ROWS, representative, ulp_error
from lossdocs.render import agreeing_digits, numeric_table


def sigmoid_slope(x: float):
    """sigma'(x) = e^{-x} / (1 + e^{-x})^2, written independently of the derivation, at 60 digits."""
    with mpmath.workdps(60):
        x = mpmath.mpf(x)
        return mpmath.exp(-x) / (1 + mpmath.exp(-x)) ** 2


def test_sigmoid_table_rows_match_an_independent_mpmath_formula():
    checks = lossdocs.get("sigmoid.derivative").numeric_checks()
    xs = [row.inputs[0][1] for row in checks.rows]
    assert xs == [-700.0, -40.0, -10.0, -1.0, 0.0, 1.0, 10.0, 40.0, 700.0]
    for row in checks.rows:
        expected = sigmoid_slope(row.inputs[0][1])
        with mpmath.workdps(60):
            assert abs(mpmath.mpf(row.exact) - expected) <= mpmath.mpf(10) ** -48 * expected
        assert row.ulp == pytest.approx(ulp_error(row.float64, expected), abs=1e-9)
        assert agreeing_digits(row.exact, row.central_difference) >= 45


def test_the_stable_form_is_accurate_even_at_700():
    checks = lossdocs.get("sigmoid.derivative").numeric_checks()
    assert checks.gradient
    assert checks.max_ulp <= 1.0
    assert checks.rows[0].float64 > 0  # e^{-700}, not an underflow to 0


def test_the_previous_naive_form_would_have_lost_everything_at_40():
    f = lossdocs.get("sigmoid.derivative").lambdify()
    s = lossdocs.numeric_checks.NUMPY["sigmoid"]
    x = np.float64(40.0)
    assert s(x) * (1 - s(x)) == 0.0
    assert ulp_error(float(f(x)), sigmoid_slope(40.0)) <= 1.0


@pytest.mark.parametrize(
    ("value", "exact", "expected"),
    [
        (1.0, "1", 0.0),
        (1.0 + 2**-52, "1", 1.0),
        (2 * 2**-1074, "0", 2.0),  # spacing at 0 is the smallest subnormal
        (0.0, "1e-300", 1e-300 / np.spacing(1e-300)),  # underflow: ~6e15 ulp
        (math.inf, "1", math.inf),
        (math.nan, "1", math.inf),
    ],
)
def test_ulp_error(value, exact, expected):
    assert ulp_error(value, mpmath.mpf(exact)) == pytest.approx(expected, rel=1e-12)


def test_table_markdown_shows_the_same_numbers_in_both_languages():
    checks = lossdocs.get("sigmoid.derivative").numeric_checks()
    ko, en = numeric_table(checks, "ko"), numeric_table(checks, "en")
    for table in (ko, en):
        rows = [line for line in table.split("<details")[1].splitlines() if re.match(r"\| -?\d", line)]
        assert len(rows) == len(checks.rows)
        for line, row in zip(rows, checks.rows, strict=True):
            cells = [c.strip() for c in line.strip("|").split("|")]
            assert float(cells[0]) == row.inputs[0][1]
            assert float(cells[2]) == row.float64
            with mpmath.workdps(30):
                shown, exact = mpmath.mpf(cells[1]), mpmath.mpf(row.exact)
                assert abs(shown - exact) <= mpmath.mpf(10) ** -19 * exact
    assert "오차<br>(ulp)" in ko and "error<br>(ulp)" in en


def test_every_domain_shows_table_points_the_checks_also_sample():
    from lossdocs.domains import POINTS, TABLE_POINTS

    assert set(TABLE_POINTS) == set(POINTS)
    for name, shown in TABLE_POINTS.items():
        assert set(shown) <= set(POINTS[name]), name


def test_a_weight_keeps_a_table_of_logit_target_and_weight_within_the_row_limit():
    import sympy as sp

    from lossdocs import Derivation, Step, Text
    from lossdocs.numeric_checks import MAX_ROWS

    x, y, w = sp.Symbol("x", real=True), sp.Symbol("y", real=True), sp.Symbol("w", positive=True)
    why = Text(ko="이유", en="reason")
    d = Derivation(
        "test.weight", why, w * y * x, (Step(x * w * y, why.ko, why.en),), ((y, "target"), (w, "weight"))
    )
    rows = d.numeric_checks().rows
    assert len(rows) == 2 * 9 * 2 <= MAX_ROWS
    assert {dict(r.inputs)["w"] for r in rows} == {0.5, 3.0}


def test_a_table_shows_the_extremes_the_largest_error_and_ordinary_rows_first():
    for derivation_id in (
        "sigmoid.derivative",
        "bce_logits.pos_weight",
        "cross_entropy.grad",
        "bce.likelihood",
    ):
        checks = lossdocs.get(derivation_id).numeric_checks()
        shown = representative(checks)
        n = len(checks.rows)
        assert 0 in shown and n - 1 in shown and len(shown) <= SHOWN_ROWS < n
        assert max(range(n), key=lambda i: checks.rows[i].ulp) in shown
        assert list(shown) == sorted(set(shown))
    sigmoid = lossdocs.get("sigmoid.derivative").numeric_checks()
    assert [sigmoid.rows[i].inputs[0][1] for i in representative(sigmoid)] == [
        -700.0,
        -10.0,
        -1.0,
        0.0,
        1.0,
        700.0,
    ]
    assert representative(sigmoid, count=20) == tuple(range(len(sigmoid.rows)))
