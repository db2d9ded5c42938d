"""One formula, one place: each derivation with a lossdocs.numeric counterpart is computed by it.

Every pair of lossdocs.counterparts is swept over the accuracy grid (lossdocs.accuracy: logits ±[0, 40] in
steps of 1/32 and 0.1, ±700, tiny values; probabilities down to 1e-300; rows of three logits with margins
up to 1000; the BCE targets), and numeric's float64 value must be within the documented 2 ulp of the exact
value of the derivation's last expression (mpmath, 400 digits); 2.5 ulp where a weight multiplies it, 3 where
two calls are chained (a backward of a forward's rounded output).
Where the derived expression is σ(x) − y with 0 < y < 1, p − y for soft targets or p₁ − 1 + 2ε/3, it
crosses 0 as a difference of terms, and the error is counted in ulp of the sum of their magnitudes (as
on the accuracy page).
"""

from __future__ import annotations

import itertools

import mpmath
import numpy as np
import pytest
import sympy as sp

import lossdocs
from lossdocs import accuracy
from lossdocs.counterparts import COUNTERPARTS
from lossdocs.domains import domain_of
from lossdocs.functions import elementary
from lossdocs.numeric_checks import parameters
from lossdocs.verify import EXACT_DPS, definitions, evaluate, substitute

BOUND = 2.0
WEIGHTED = {"bce_logits.pos_weight", "bce_logits.pos_weight_grad"}  # p_w·(…): one more rounding, +0.5 ulp
# two library calls chained as autograd chains them: the backward gets the forward's rounded output (within
# 2 ulp), which p − 1 = expm1(log p) passes on with condition 1: +1 ulp (2.05 measured, baseline kernels)
CHAINED = {"nll.log_softmax_grad"}
EXTREMES = [700.0, -700.0, 1e-300, -1e-300, 1e-10, -1e-10, 36.75, 37.5, -23.5]
SMALL = {
    "target": accuracy.TARGETS,
    "weight": (1e-8, 0.5, 1.0, 3.0, 1e4),
    "probability": (0.0, 0.1, 0.3, 1.0),
}
CROSSING_ZERO = {
    "bce_logits.grad",
    "bce_logits.pos_weight_grad",
    "cross_entropy.grad_soft",
    "cross_entropy.label_smoothing_grad",  # p₁ − 1 + 2ε/3 is 0 where p₁ = 1 − 2ε/3
    "cross_entropy.soft_label_smoothing_grad",  # p₁ − ỹ₁
    "kl_div.log_target",  # y log y − y x is 0 where x = log y
    "multilabel.grad",  # ((1 − y) σ(x) − y σ(−x)) / C
}


def grid(derivation) -> tuple[list, list[tuple]]:
    """The derivation's free symbols and the accuracy grid's points for them."""
    symbols = parameters(derivation)
    declared = dict(derivation.domain)
    names = [str(s) for s in symbols]
    logits = [s for s in symbols if str(s) in ("z1", "z2", "z3")]
    axes = []
    if logits:
        finite = accuracy.rows()[np.isfinite(accuracy.rows()).all(axis=1)]
        axes.append([tuple(row) for row in finite])
    for s in symbols:
        if s in logits:
            continue
        if domain_of(s, declared) == "real":  # with two more symbols (pos_weight), the plots' x: 1/4 apart
            values = accuracy.logits() if len(symbols) <= 2 else np.concatenate([accuracy.plot_x(), EXTREMES])
        elif str(s) == "p":
            values = accuracy.probabilities()
        else:
            values = SMALL[domain_of(s, declared)]
        axes.append([(float(v),) for v in values if np.isfinite(v)])
    order = [*(str(s) for s in logits), *(n for n in names if n not in ("z1", "z2", "z3"))]
    points = [tuple(itertools.chain(*combo)) for combo in itertools.product(*axes)]
    return [symbols[names.index(n)] for n in order], points


def magnitude(expr):
    """Σ|terms| of a sum: the scale of its rounding where the terms cancel."""
    return sp.Add(*(sp.Abs(term) for term in expr.args)) if expr.is_Add else sp.Abs(expr)


# Over the documented bound, as measured on this grid: held at the bound (strict xfail) until fixed.


@pytest.mark.parametrize("derivation_id", sorted(COUNTERPARTS))
def test_numeric_computes_the_derived_expression_on_the_accuracy_grid(derivation_id):
    derivation = lossdocs.get(derivation_id)
    counterpart = COUNTERPARTS[derivation_id]
    symbols, points = grid(derivation)
    columns = {str(s): np.array(column) for s, column in zip(symbols, np.array(points).T, strict=True)}
    keep = np.ones(len(points), dtype=bool)
    if counterpart.where is not None:
        with np.errstate(all="ignore"):
            keep = counterpart.where(**columns)
    points = [point for point, kept in zip(points, keep, strict=True) if kept]
    columns = {name: column[keep] for name, column in columns.items()}
    with np.errstate(all="ignore"):
        got = np.asarray(counterpart.call(**columns), dtype=np.float64)
    result = elementary(substitute(derivation.result, definitions(derivation)))
    exact = evaluate(result, symbols, points)
    scales = evaluate(magnitude(result), symbols, points) if derivation_id in CROSSING_ZERO else exact
    defined = [i for i, e in enumerate(exact) if e is not None]
    assert len(defined) >= 0.95 * len(points), f"{derivation_id}: {len(points) - len(defined)} undefined"
    worst, at = 0.0, None
    with mpmath.workdps(EXACT_DPS):
        for i in defined:
            unit = np.spacing(abs(float(scales[i]))) if scales[i] else np.finfo(float).smallest_subnormal
            error = float(abs(mpmath.mpf(float(got[i])) - exact[i]) / mpmath.mpf(float(unit)))
            if not error <= worst:
                worst, at = error, i
    bound = BOUND + 0.5 * (derivation_id in WEIGHTED) + 1.0 * (derivation_id in CHAINED)
    assert worst <= bound, (
        f"{derivation_id}: {worst:.3g} ulp at {dict(zip(map(str, symbols), points[at], strict=True))}"
    )
    assert len(defined) >= 500, (derivation_id, len(defined))
