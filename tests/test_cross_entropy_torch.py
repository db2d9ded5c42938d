"""The categorical derivations against torch.nn.functional.cross_entropy (torch 2.13 CPU, float64).

Per-element values come from the derivations (``lambdify`` of their results); the array
semantics (weights, ``ignore_index``, reductions, K-dimensional inputs) are the small numpy
helpers below, each the rule a derivation or the page states.  Expected values come from torch
or mpmath, never from the helpers themselves.
"""

from __future__ import annotations

import mpmath
import numpy as np
import pytest

import lossdocs
from tests.conftest import import_torch

torch = import_torch()
F = torch.nn.functional

RNG = np.random.default_rng(20240721)


def _functions(classes: int):
    """log p_1, ∂ℓ/∂z_1 (target), ∂ℓ/∂z_2 (other class) for C classes with the target first."""
    ids = ("log_softmax.logsumexp", "cross_entropy.grad", "cross_entropy.grad_other")
    return [lossdocs.build(i, classes=classes).verify().lambdify() for i in ids]


FUNCTIONS = {c: _functions(c) for c in (3, 4)}


def _first(z, c: int):
    """The logits of each row reordered so that class ``c`` comes first (the derivations' class 1)."""
    return [z[..., c]] + [z[..., j] for j in range(z.shape[-1]) if j != c]


def log_softmax(z):
    log_p1 = FUNCTIONS[z.shape[-1]][0]
    return np.stack([log_p1(*_first(z, c)) for c in range(z.shape[-1])], axis=-1)


def gradient_of_index_loss(z, target):
    """∂ℓ_n/∂z_{n,j}: cross_entropy.grad for j = t_n, cross_entropy.grad_other (classes swapped) else."""
    _, own, other = FUNCTIONS[z.shape[-1]]
    out = np.empty_like(z)
    for n, t in enumerate(target):
        for j in range(z.shape[-1]):
            if j == t:
                out[n, j] = own(*_first(z[n], t))
            else:
                rest = [z[n, k] for k in range(z.shape[-1]) if k not in (t, j)]
                out[n, j] = other(z[n, t], z[n, j], *rest)
    return out


def index_losses(z, target, weight=None, ignore_index=-100):
    """Per-sample w_t·(−log p_t) and the weight w_t; ignored samples get 0 and 0."""
    weight = np.ones(z.shape[-1]) if weight is None else weight
    kept = target != ignore_index
    safe = np.where(kept, target, 0)
    nll = -np.take_along_axis(log_softmax(z), safe[..., None], axis=-1)[..., 0]
    w = np.where(kept, weight[safe], 0.0)
    return w * nll, w


def reduce(losses, denominator, reduction):
    """'mean' divides by ``denominator`` (Σ w_t for index targets, N for probability targets)."""
    if reduction == "none":
        return losses
    if reduction == "sum":
        return losses.sum()
    with np.errstate(invalid="ignore"):
        return losses.sum() / denominator


def tensor(a):
    return torch.tensor(a, dtype=torch.float64)


def logits(*shape):
    return RNG.normal(scale=3.0, size=shape)


REDUCTIONS = ("none", "sum", "mean")
# torch computes z_t - LSE(z): a small loss carries an absolute error of ~ulp(LSE), hence atol.
TOL = {"rtol": 1e-13, "atol": 1e-15}


@pytest.mark.parametrize("classes", [3, 4])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_class_index_targets(classes, reduction):
    z, target = logits(7, classes), RNG.integers(0, classes, size=7)
    losses, w = index_losses(z, target)
    expected = F.cross_entropy(tensor(z), torch.tensor(target), reduction=reduction).numpy()
    np.testing.assert_allclose(reduce(losses, w.sum(), reduction), expected, **TOL)


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_class_weights_mean_divides_by_the_sum_of_target_weights(reduction):
    z, target = logits(6, 3), np.array([0, 0, 0, 1, 2, 2])
    weight = np.array([0.2, 1.0, 3.0])
    losses, w = index_losses(z, target, weight)
    expected = F.cross_entropy(tensor(z), torch.tensor(target), weight=tensor(weight), reduction=reduction)
    np.testing.assert_allclose(reduce(losses, w.sum(), reduction), expected.numpy(), **TOL)
    if reduction == "mean":  # the weighted mean is not the mean of the weighted losses
        assert abs(losses.mean() - expected.item()) > 0.1 * expected.item()


def test_weighted_mean_matches_the_derivation_with_an_ignored_sample():
    mean = lossdocs.get("cross_entropy.weighted").lambdify()  # (ell1, ell2, w1, w2)
    z, target = logits(3, 3), np.array([2, 0, -100])
    weight = np.array([0.5, 1.0, 4.0])
    nll = -np.array([log_softmax(z)[0, 2], log_softmax(z)[1, 0]])
    expected = F.cross_entropy(tensor(z), torch.tensor(target), weight=tensor(weight)).item()
    assert mean(nll[0], nll[1], weight[2], weight[0]) == pytest.approx(expected, rel=1e-13)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("weighted", [False, True])
def test_ignore_index(reduction, weighted):
    z, target = logits(6, 4), np.array([1, 3, 3, 0, 2, 1])
    target[[1, 4]] = 3 if not weighted else -100
    ignore = 3 if not weighted else -100
    weight = np.array([1.0, 2.0, 0.5, 1.5]) if weighted else None
    losses, w = index_losses(z, target, weight, ignore_index=ignore)
    expected = F.cross_entropy(
        tensor(z),
        torch.tensor(target),
        weight=None if weight is None else tensor(weight),
        ignore_index=ignore,
        reduction=reduction,
    ).numpy()
    np.testing.assert_allclose(reduce(losses, w.sum(), reduction), expected, **TOL)


def test_all_targets_ignored_mean_is_nan_and_sum_is_zero():
    z, target = logits(3, 3), np.full(3, -100)
    losses, w = index_losses(z, target)
    for reduction in ("mean", "sum"):
        expected = F.cross_entropy(tensor(z), torch.tensor(target), reduction=reduction).item()
        ours = reduce(losses, w.sum(), reduction)
        assert (np.isnan(ours) and np.isnan(expected)) if reduction == "mean" else ours == expected == 0.0


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("weighted", [False, True])
def test_probability_targets_mean_divides_by_n(reduction, weighted):
    z = logits(5, 3)
    y = RNG.dirichlet(np.ones(3), size=5)
    weight = np.array([0.3, 2.0, 1.0]) if weighted else np.ones(3)
    losses = -(weight * y * log_softmax(z)).sum(axis=-1)
    expected = F.cross_entropy(
        tensor(z), tensor(y), weight=tensor(weight) if weighted else None, reduction=reduction
    ).numpy()
    np.testing.assert_allclose(reduce(losses, len(z), reduction), expected, **TOL)


def test_gradients_are_softmax_minus_target():
    z, target = logits(5, 3), np.array([0, 1, 2, 2, 1])
    zt = tensor(z).requires_grad_()
    F.cross_entropy(zt, torch.tensor(target), reduction="sum").backward()
    np.testing.assert_allclose(gradient_of_index_loss(z, target), zt.grad.numpy(), rtol=1e-12, atol=1e-300)


def test_probability_target_gradient():
    soft = lossdocs.get("cross_entropy.grad_soft").lambdify()  # (y1, z1, z2, z3)
    z, y = logits(4, 3), RNG.dirichlet(np.ones(3), size=4)
    zt = tensor(z).requires_grad_()
    F.cross_entropy(zt, tensor(y), reduction="sum").backward()
    ours = np.stack([soft(y[:, c], *_first(z, c)) for c in range(3)], axis=-1)
    np.testing.assert_allclose(ours, zt.grad.numpy(), rtol=1e-12, atol=1e-15)


def smoothed_losses(z, target, epsilon, weight=None):
    """cross_entropy.label_smoothing per sample, the target class moved to class 1."""
    loss = lossdocs.get("cross_entropy.label_smoothing").lambdify()  # (epsilon, p1..p3, w1..w3)
    weight = np.ones(3) if weight is None else weight
    p = np.exp(log_softmax(z))
    out = []
    for n, t in enumerate(target):
        order = [t] + [c for c in range(3) if c != t]
        out.append(loss(epsilon, *p[n, order], *weight[order]))
    return np.array(out), weight[target]


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("weighted", [False, True])
def test_label_smoothing(reduction, weighted):
    z, target, epsilon = logits(6, 3), np.array([0, 1, 2, 2, 0, 1]), 0.1
    weight = np.array([0.5, 1.0, 2.0]) if weighted else None
    losses, w = smoothed_losses(z, target, epsilon, weight)
    expected = F.cross_entropy(
        tensor(z),
        torch.tensor(target),
        weight=None if weight is None else tensor(weight),
        label_smoothing=epsilon,
        reduction=reduction,
    ).numpy()
    np.testing.assert_allclose(reduce(losses, w.sum(), reduction), expected, **TOL)


def test_label_smoothing_gradient_is_p_minus_smoothed_target():
    grad = lossdocs.get("cross_entropy.label_smoothing_grad").lambdify()  # (epsilon, z1, z2, z3)
    z, target, epsilon = logits(4, 3), np.array([0, 2, 1, 1]), 0.2
    zt = tensor(z).requires_grad_()
    F.cross_entropy(zt, torch.tensor(target), label_smoothing=epsilon, reduction="sum").backward()
    for n, t in enumerate(target):
        assert grad(epsilon, *_first(z[n], t)) == pytest.approx(zt.grad[n, t].item(), rel=1e-12)


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_k_dimensional_inputs(reduction):
    z, target = logits(2, 4, 3, 5), RNG.integers(0, 4, size=(2, 3, 5))  # (N, C, d1, d2)
    weight = np.array([1.0, 0.5, 2.0, 1.5])
    rows = np.moveaxis(z, 1, -1).reshape(-1, 4)
    losses, w = index_losses(rows, target.reshape(-1), weight)
    ours = reduce(losses, w.sum(), reduction)
    ours = ours.reshape(target.shape) if reduction == "none" else ours
    expected = F.cross_entropy(tensor(z), torch.tensor(target), weight=tensor(weight), reduction=reduction)
    np.testing.assert_allclose(ours, expected.numpy(), **TOL)


def test_two_class_cross_entropy_is_bce_with_logits():
    bce = lossdocs.get("cross_entropy.binary_case").lambdify()  # (x, y)
    x, y = logits(8), RNG.uniform(size=8)
    expected = F.binary_cross_entropy_with_logits(tensor(x), tensor(y), reduction="none").numpy()
    np.testing.assert_allclose(bce(x, y), expected, **TOL)
    two = F.cross_entropy(
        tensor(np.stack([np.zeros(8), x], axis=-1)), tensor(np.stack([1 - y, y], -1)), reduction="none"
    )
    np.testing.assert_allclose(bce(x, y), two.numpy(), **TOL)


def test_a_confident_row_keeps_its_digits_where_torch_loses_them():
    """Target logit 30 ahead: the loss is ~e^-30; log-softmax via LSE(0, z_j - z_t) keeps 1 ulp."""
    z = np.array([[30.0, 0.0, -700.0]])
    with mpmath.workdps(60):
        exact = mpmath.log(1 + mpmath.exp(-30) + mpmath.exp(-730))
    ours = -log_softmax(z)[0, 0]
    assert abs(ours - float(exact)) <= np.spacing(float(exact))
    theirs = F.cross_entropy(tensor(z), torch.tensor([0])).item()
    assert abs(theirs - float(exact)) > 1e-4 * float(exact)  # torch: z_t - LSE(z) cancels


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_k_dimensional_probability_targets(reduction):
    z = logits(2, 3, 4)  # (N, C, d1)
    y = np.moveaxis(RNG.dirichlet(np.ones(3), size=(2, 4)), -1, 1)
    rows, targets = np.moveaxis(z, 1, -1).reshape(-1, 3), np.moveaxis(y, 1, -1).reshape(-1, 3)
    losses = -(targets * log_softmax(rows)).sum(axis=-1)
    ours = reduce(losses, len(losses), reduction)  # mean: divided by N * d1, every position
    ours = ours.reshape(2, 4) if reduction == "none" else ours
    expected = F.cross_entropy(tensor(z), tensor(y), reduction=reduction).numpy()
    np.testing.assert_allclose(ours, expected, **TOL)
