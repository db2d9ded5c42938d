"""lossdocs.numeric against mpmath at 50 digits, element by element (reduction='none'), in ulp.

The exact values come from tests/accuracy_grid.py, written from the definitions with mpmath. The bound is
2 ulp in float64 and 4 ulp in float32 for every function and gradient, over logits in ±[0, 40] (step 1/64
and 0.1), ±700, ±inf, probabilities down to 1e-300 and up to 1 − 2^-53, and rows with margins up to 1000.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import pytest

from lossdocs import numeric
from tests import accuracy_grid as grid

BOUND = {np.float32: 4.0, np.float64: 2.0}
DTYPES = [np.float32, np.float64]


@functools.cache
def exact_elementwise(name: str, dtype, y: float | None = None):
    inputs = (
        grid.probabilities()
        if name.startswith("binary_cross_entropy") and "logits" not in name
        else grid.logits()
    ).astype(dtype)
    return inputs, grid.split(grid.elementwise(name, inputs, None if y is None else np.asarray(y, dtype)))


@functools.cache
def exact_rows(dtype):
    z = grid.rows().astype(dtype)
    return z, {name: grid.split(_flat(values)) for name, values in grid.row_functions(z).items()}


def _flat(values):
    out = []
    for v in values:
        out.extend(_flat(v) if isinstance(v, list) else [v])
    return out


def assert_within(errors: np.ndarray, inputs: np.ndarray, dtype, what: str) -> None:
    worst = int(np.argmax(errors))
    where = inputs.reshape(len(errors), -1)[worst]
    assert errors[worst] <= BOUND[dtype], (
        f"{what} ({np.dtype(dtype).name}): {errors[worst]:.3g} ulp at {where}"
    )


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", ["sigmoid", "log_sigmoid", "softplus"])
def test_activations_are_within_the_ulp_bound(name, dtype):
    x, exact = exact_elementwise(name, dtype)
    assert_within(grid.ulp_error(getattr(numeric, name)(x), exact, dtype), x, dtype, name)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("y", grid.TARGETS)
@pytest.mark.parametrize("name", ["binary_cross_entropy", "binary_cross_entropy_with_logits"])
def test_binary_losses_and_gradients_are_within_the_ulp_bound(name, y, dtype):
    x, exact = exact_elementwise(name, dtype, y)
    target = np.full_like(x, y)
    loss = getattr(numeric, name)(x, target, reduction="none")
    assert_within(grid.ulp_error(loss, exact, dtype), x, dtype, f"{name}, y = {y}")
    _, exact_grad = exact_elementwise(name + "_grad", dtype, y)
    grad = getattr(numeric, name + "_grad")(x, target, reduction="none", grad_output=np.ones_like(x))
    scale = None
    if name.endswith("logits") and 0 < y < 1:  # σ(x) − y cancels near σ(x) = y: error relative to the terms
        scale = np.array([float(v) for v in grid.bcel_grad_terms(x, y)])
    assert_within(grid.ulp_error(grad, exact_grad, dtype, scale), x, dtype, f"{name}_grad, y = {y}")


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", ["logsumexp", "softmax", "log_softmax"])
def test_row_functions_are_within_the_ulp_bound(name, dtype):
    z, exact = exact_rows(dtype)
    got = numeric.logsumexp(z, 1) if name == "logsumexp" else getattr(numeric, name)(z, dim=1)
    errors = grid.ulp_error(got, exact[name], dtype)
    assert_within(errors, z if name == "logsumexp" else np.repeat(z, z.shape[1], axis=0), dtype, name)


@pytest.mark.parametrize("dtype", DTYPES)
def test_cross_entropy_and_its_gradient_are_within_the_ulp_bound_for_every_target(dtype):
    z, exact = exact_rows(dtype)
    n, c = z.shape
    loss = np.stack([numeric.cross_entropy(z, np.full(n, t), reduction="none") for t in range(c)], axis=1)
    assert_within(grid.ulp_error(loss, exact["cross_entropy"], dtype), np.repeat(z, c, axis=0), dtype, "CE")
    grads = np.stack(
        [
            numeric.cross_entropy_grad(z, np.full(n, t), reduction="none", grad_output=np.ones(n))
            for t in range(c)
        ],
        axis=1,
    )
    errors = grid.ulp_error(grads, exact["cross_entropy_grad"], dtype)
    assert_within(errors, np.repeat(z, c * c, axis=0), dtype, "CE gradient")


# Regressions named after what torch loses; expected values from math.exp, independent of lossdocs.


def test_bce_with_logits_keeps_e_to_the_x_for_y0_below_minus_20():
    x = np.array([-25.0, -30.0, -700.0])
    loss = numeric.binary_cross_entropy_with_logits(x, np.zeros(3), reduction="none")
    for got, xi in zip(loss, x, strict=True):
        assert got == pytest.approx(math.log1p(math.exp(xi)), rel=4e-16)  # torch returns 0 for x < −37


def test_a_confident_row_has_loss_e_to_the_minus_margin_not_zero():
    margin = np.array([23.0, 40.0, 700.0])
    z = np.stack([margin, np.zeros(3), np.zeros(3)], axis=1)
    loss = numeric.cross_entropy(z, np.zeros(3, dtype=int), reduction="none")
    for got, m in zip(loss, margin, strict=True):
        assert got == pytest.approx(math.log1p(2 * math.exp(-m)), rel=4e-16)


def test_sigmoid_minus_one_keeps_its_tail_above_37():
    x = np.array([37.0, 50.0, 700.0])
    grad = numeric.binary_cross_entropy_with_logits_grad(x, np.ones(3), reduction="none", grad_output=1.0)
    for got, xi in zip(grad, x, strict=True):
        assert got == pytest.approx(-1 / (1 + math.exp(xi)), rel=4e-16)  # σ(x) − 1 = −σ(−x)


@pytest.mark.parametrize(
    ("name", "x", "y", "limit"),
    [
        (
            "binary_cross_entropy_with_logits",
            [np.inf, -np.inf, np.inf, -np.inf],
            [1.0, 0.0, 0.0, 1.0],
            [0.0, 0.0, np.inf, np.inf],
        ),
        (
            "binary_cross_entropy_with_logits_grad",
            [np.inf, -np.inf, np.inf],
            [1.0, 0.0, 0.25],
            [0.0, 0.0, 0.75],
        ),
    ],
)
def test_infinite_logits_give_the_limit_not_nan(name, x, y, limit):
    kwargs = {"grad_output": 1.0} if name.endswith("grad") else {}
    got = getattr(numeric, name)(np.array(x), np.array(y), reduction="none", **kwargs)
    np.testing.assert_array_equal(got, limit)


def test_infinite_logits_in_rows_share_the_probability():
    z = np.array([[np.inf, 0.0, -np.inf], [np.inf, np.inf, 1.0], [2.0, -np.inf, 2.0]])
    np.testing.assert_array_equal(numeric.softmax(z, dim=1), [[1, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5]])
    np.testing.assert_array_equal(
        numeric.cross_entropy(z, np.array([0, 2, 1]), reduction="none"), [0.0, np.inf, np.inf]
    )
