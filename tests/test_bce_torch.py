"""Torch parity of the bce family: each derived formula against torch.nn.functional (float64, CPU).

Per-element values come from the derivations' lambdified results; the array semantics
(weight broadcasting, `pos_weight` along the last dimension, `none`/`sum`/`mean`) are the small
numpy helpers below, written from PyTorch's documentation.  Expected values are always torch's.
"""

from __future__ import annotations

import numpy as np
import pytest

import lossdocs
from tests.conftest import import_torch
from tests.test_codegen import float32_function

torch = import_torch()
F = torch.nn.functional

REDUCTIONS = ("none", "sum", "mean")
RNG = np.random.default_rng(20240721)
LOGITS = RNG.normal(scale=3.0, size=(4, 3))
PROBS = 1 / (1 + np.exp(-LOGITS))
SOFT_TARGETS = RNG.uniform(size=(4, 3))
HARD_TARGETS = (RNG.uniform(size=(4, 3)) < 0.3).astype(float)
WEIGHT = np.array([0.5, 2.0, 1.5])  # broadcasts along the last dimension, like a per-class weight
POS_WEIGHT = np.array([3.0, 0.25, 1.0])


def t(a):
    return torch.tensor(np.asarray(a, dtype=np.float64), dtype=torch.float64)


def reduce(losses, reduction: str):
    """PyTorch's reduction of already weighted element losses: `mean` divides by their number."""
    return {"none": losses, "sum": np.sum(losses), "mean": np.sum(losses) / losses.size}[reduction]


def close(actual, expected) -> None:
    np.testing.assert_allclose(actual, expected.detach().numpy(), rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("targets", [SOFT_TARGETS, HARD_TARGETS], ids=["soft", "hard"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_bce_loss_with_weight_and_every_reduction(targets, reduction):
    loss = lossdocs.get("bce.likelihood").lambdify()  # (p, y)
    expected = F.binary_cross_entropy(t(PROBS), t(targets), weight=t(WEIGHT), reduction=reduction)
    close(reduce(WEIGHT * loss(PROBS, targets), reduction), expected)


def test_bce_mean_divides_by_the_number_of_elements_not_the_weights():
    mean = lossdocs.get("bce.reduction").lambdify()  # (ell_1, ell_2, ell_3, w_1, w_2, w_3)
    p, y, w = PROBS[0], SOFT_TARGETS[0], np.array([0.5, 4.0, 2.5])
    element = F.binary_cross_entropy(t(p), t(y), reduction="none").numpy()
    expected = F.binary_cross_entropy(t(p), t(y), weight=t(w), reduction="mean")
    close(mean(*element, *w), expected)
    assert float(expected) != pytest.approx(np.sum(w * element) / np.sum(w))


def test_bce_gradient_in_p_matches_autograd():
    grad = lossdocs.get("bce.grad").lambdify()  # (p, y)
    p = t(PROBS).requires_grad_()
    F.binary_cross_entropy(p, t(SOFT_TARGETS), reduction="sum").backward()
    close(grad(PROBS, SOFT_TARGETS), p.grad)


def test_bce_loss_clamps_each_log_at_minus_100_and_the_gradient_denominator_at_1e_12():
    p = t([0.0, 1.0, 0.0, 1.0]).requires_grad_()
    y = t([1.0, 0.0, 0.0, 1.0])
    loss = F.binary_cross_entropy(p, y, reduction="none")
    loss.sum().backward()
    with np.errstate(divide="ignore"):
        clamped = np.minimum(-np.log(np.array([0.0, 0.0, 1.0, 1.0])), 100.0)
    close(clamped, loss)
    pn, yn = p.detach().numpy(), y.numpy()
    epsilon = float(np.float32(1e-12))  # torch keeps the constant in float32, even for float64 tensors
    close((pn - yn) / np.maximum(pn * (1 - pn), epsilon), p.grad)


@pytest.mark.parametrize("derivation_id", ["bce_logits.simplify"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_bce_with_logits_and_weight(derivation_id, reduction):
    loss = lossdocs.get(derivation_id).lambdify()  # (x, y)
    expected = F.binary_cross_entropy_with_logits(
        t(LOGITS), t(SOFT_TARGETS), weight=t(WEIGHT), reduction=reduction
    )
    close(reduce(WEIGHT * loss(LOGITS, SOFT_TARGETS), reduction), expected)


@pytest.mark.parametrize("targets", [SOFT_TARGETS, HARD_TARGETS], ids=["soft", "hard"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_pos_weight_broadcasts_along_the_class_dimension_of_multi_label_targets(targets, reduction):
    loss = lossdocs.get("bce_logits.pos_weight").lambdify()  # (p_w, x, y)
    expected = F.binary_cross_entropy_with_logits(
        t(LOGITS), t(targets), weight=t(WEIGHT), pos_weight=t(POS_WEIGHT), reduction=reduction
    )
    close(reduce(WEIGHT * loss(POS_WEIGHT, LOGITS, targets), reduction), expected)


def test_pos_weight_of_one_is_plain_bce_with_logits():
    with_weight = lossdocs.get("bce_logits.pos_weight").lambdify()
    expected = F.binary_cross_entropy_with_logits(t(LOGITS), t(SOFT_TARGETS), reduction="none")
    close(with_weight(np.ones(3), LOGITS, SOFT_TARGETS), expected)


def test_logit_gradient_matches_autograd():
    grad = lossdocs.get("bce_logits.grad").lambdify()  # (x, y)
    x = t(LOGITS).requires_grad_()
    F.binary_cross_entropy_with_logits(x, t(SOFT_TARGETS), reduction="sum").backward()
    close(grad(LOGITS, SOFT_TARGETS), x.grad)


def test_pos_weight_gradient_matches_autograd():
    grad = lossdocs.get("bce_logits.pos_weight_grad").lambdify()  # (p_w, x, y)
    x = t(LOGITS).requires_grad_()
    loss = F.binary_cross_entropy_with_logits(x, t(HARD_TARGETS), pos_weight=t(POS_WEIGHT), reduction="sum")
    loss.backward()
    close(grad(POS_WEIGHT, LOGITS, HARD_TARGETS), x.grad)


def test_second_derivative_matches_double_backward():
    hessian = lossdocs.get("bce_logits.hessian").lambdify()  # (x,): y drops out of the second derivative
    x = t(LOGITS).requires_grad_()
    loss = F.binary_cross_entropy_with_logits(x, t(SOFT_TARGETS), reduction="sum")
    (grad,) = torch.autograd.grad(loss, x, create_graph=True)
    (second,) = torch.autograd.grad(grad.sum(), x)
    close(hessian(LOGITS), second)


def test_log_odds_of_sigmoid_is_the_logit():
    inverse = lossdocs.get("logit.inverse").lambdify()  # (x,)
    close(inverse(LOGITS), torch.logit(torch.sigmoid(t(LOGITS))))


def test_sigmoid_then_bce_loss_agrees_with_bce_with_logits_on_ordinary_logits():
    via_probability = F.binary_cross_entropy(torch.sigmoid(t(LOGITS)), t(SOFT_TARGETS), reduction="none")
    fused = F.binary_cross_entropy_with_logits(t(LOGITS), t(SOFT_TARGETS), reduction="none")
    np.testing.assert_allclose(via_probability.numpy(), fused.numpy(), rtol=1e-12)


def torch_sigmoid_focal_loss(x, y, alpha: float = 0.25, gamma: float = 2.0):
    """torchvision.ops.sigmoid_focal_loss (reduction='none'), written with torch.nn.functional."""
    p = torch.sigmoid(x)
    ce = F.binary_cross_entropy_with_logits(x, y, reduction="none")
    p_t = p * y + (1 - p) * (1 - y)
    return (alpha * y + (1 - alpha) * (1 - y)) * ce * (1 - p_t) ** gamma


@pytest.mark.parametrize("targets", [SOFT_TARGETS, HARD_TARGETS], ids=["soft", "hard"])
def test_focal_loss_and_its_gradient_match_torch(targets):
    loss = lossdocs.get("focal.binary").lambdify()  # (x, y)
    grad = lossdocs.get("focal.binary_grad").lambdify()  # (x, y)
    x = t(LOGITS).requires_grad_()
    expected = torch_sigmoid_focal_loss(x, t(targets))
    expected.sum().backward()
    close(loss(LOGITS, targets), expected)
    close(grad(LOGITS, targets), x.grad)


@pytest.mark.parametrize("targets", [SOFT_TARGETS, HARD_TARGETS], ids=["soft", "hard"])
@pytest.mark.parametrize(("alpha", "gamma"), [(0.25, 0.0), (0.5, 0.5), (1.0, 1.0), (0.0, 2.0), (0.8, 4.5)])
def test_focal_loss_with_any_alpha_and_gamma_matches_torch(targets, alpha, gamma):
    loss = lossdocs.get("focal.general").lambdify()  # (alpha, gamma, x, y)
    grad = lossdocs.get("focal.general_grad").lambdify()  # (alpha, gamma, x, y)
    x = t(LOGITS).requires_grad_()
    expected = torch_sigmoid_focal_loss(x, t(targets), alpha, gamma)
    expected.sum().backward()
    close(loss(alpha, gamma, LOGITS, targets), expected)
    with np.errstate(divide="ignore"):  # log y and log(1 - y) at hard targets: -inf, which logaddexp drops
        close(grad(alpha, gamma, LOGITS, targets), x.grad)


def test_bce_with_logits_is_accurate_where_sigmoid_then_bce_loss_is_not():
    x, y = t([40.0, -800.0, -40.0]), t([0.0, 1.0, 1.0])
    fused = F.binary_cross_entropy_with_logits(x, y, reduction="none")
    unfused = F.binary_cross_entropy(torch.sigmoid(x), y, reduction="none")
    ours = lossdocs.get("bce_logits.simplify").lambdify()(x.numpy(), y.numpy())
    close(ours, fused)
    np.testing.assert_array_equal(unfused.numpy(), [100.0, 100.0, 40.0])  # clamped log 0 twice


def test_torch_loses_the_loss_e_to_the_x_for_y_0_and_x_below_minus_20_the_derived_form_keeps_it():
    """Regression pin: torch computes x + log(1 + e^{-x}), cancelling -40 against 40.000..."""
    import mpmath

    x = np.array([-40.0, -30.0])
    exact = np.array([float(mpmath.log1p(mpmath.exp(mpmath.mpf(v)))) for v in x])  # softplus(x) at y = 0
    derived = lossdocs.get("bce_logits.pos_weight").lambdify()(3.0, x, np.zeros(2))
    np.testing.assert_allclose(derived, exact, rtol=4e-16)
    from_torch = F.binary_cross_entropy_with_logits(t(x), t(np.zeros(2)), reduction="none").numpy()
    assert from_torch[0] == 0.0 and abs(from_torch[1] / exact[1] - 1) > 1e-3


@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_backward_clamp_below_e_to_the_minus_100_matches_autograd(reduction):
    clamped = lossdocs.get("bce.clamp_grad").lambdify()  # (s, y), with p = e^{-100-s}
    forward = lossdocs.get("bce.clamp").lambdify()  # (s, y)
    s, y = np.array([0.5, 3.0, 40.0, 0.5, 3.0, 40.0]), np.array([1.0, 1.0, 1.0, 0.0, 0.0, 0.0])
    p = t(np.exp(-100 - s)).requires_grad_()
    loss = F.binary_cross_entropy(p, t(y), reduction=reduction)
    loss.backward()
    scale = 1 if reduction == "sum" else 1 / len(s)
    close(clamped(s, y) * scale, p.grad)
    close(reduce(forward(s, y), reduction), loss)


@pytest.mark.parametrize(
    ("size_average", "reduce_", "reduction"),
    [
        (None, False, "none"),
        (True, False, "none"),
        (False, None, "sum"),
        (False, True, "sum"),
        (True, None, "mean"),
    ],
)
def test_legacy_size_average_and_reduce_map_onto_reduction_as_the_page_says(size_average, reduce_, reduction):
    with pytest.warns(UserWarning, match="deprecated"):
        for module in (torch.nn.BCELoss, torch.nn.BCEWithLogitsLoss):
            assert module(size_average=size_average, reduce=reduce_).reduction == reduction


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_the_as_written_and_pytorch_forms_are_what_torch_computes(dtype):
    """bce_logits.as_written(_grad): torch.sigmoid then F.binary_cross_entropy and autograd through both;
    bce_logits.pytorch(_grad): F.binary_cross_entropy_with_logits; at logits where they break, in the
    explorer's two dtypes (NumPy's float32 kernels are not torch's: 8 float32 ulp)."""
    extremes = [-1000, -700, -46, -40, -17.5, 17.5, 36.8, 40, 700, 1000]
    x = np.concatenate([np.linspace(-120, 120, 97), extremes])
    x = x.astype(dtype)
    bound = 4 if dtype == np.float64 else 8
    for y in (0.0, 1.0, 0.25):
        target = np.full_like(x, y)
        logit = torch.tensor(x, requires_grad=True)
        F.binary_cross_entropy(torch.sigmoid(logit), torch.tensor(target), reduction="sum").backward()
        as_written = F.binary_cross_entropy(torch.sigmoid(logit), torch.tensor(target), reduction="none")
        logit2 = torch.tensor(x, requires_grad=True)
        F.binary_cross_entropy_with_logits(logit2, torch.tensor(target), reduction="sum").backward()
        pytorch = F.binary_cross_entropy_with_logits(logit2, torch.tensor(target), reduction="none")
        for derivation_id, expected in (
            ("bce_logits.as_written", as_written),
            ("bce_logits.as_written_grad", logit.grad),
            ("bce_logits.pytorch", pytorch),
            ("bce_logits.pytorch_grad", logit2.grad),
        ):
            derivation = lossdocs.get(derivation_id)
            function = derivation.lambdify() if dtype == np.float64 else float32_function(derivation)
            with np.errstate(all="ignore"):
                got = np.asarray(function(x, target), dtype)
            expected = expected.detach().numpy()
            error = np.abs(got - expected) / np.spacing(np.abs(expected))
            # torch's float32 exp flushes results below the smallest normal float32 to 0; NumPy's does not
            error[(np.abs(expected) < np.finfo(dtype).tiny) & (np.abs(got) < np.finfo(dtype).tiny)] = 0
            worst = int(np.argmax(error))
            assert error[worst] <= bound, (derivation_id, y, x[worst], got[worst], expected[worst])
