"""lossdocs.numeric matches torch 2.13: values, gradients (autograd), dtypes, shapes, reductions, errors."""

from __future__ import annotations

import subprocess
import sys
import warnings

import numpy as np
import pytest
import torch
import torch.nn.functional as F  # noqa: N812

from lossdocs import numeric

DTYPES = [np.float32, np.float64]
REDUCTIONS = ["none", "mean", "sum"]


def close(ours, theirs, dtype):
    """Same dtype, same shape, same values (NaN where torch has NaN) up to a few roundings of the largest
    value: torch's own error (e.g. log_softmax = z − logsumexp cancels) is not what these tests are about."""
    theirs = theirs.detach().numpy() if isinstance(theirs, torch.Tensor) else np.asarray(theirs)
    ours = np.asarray(ours)
    assert ours.dtype == theirs.dtype == dtype, (ours.dtype, theirs.dtype)
    assert ours.shape == theirs.shape, (ours.shape, theirs.shape)
    eps = np.finfo(dtype).eps
    finite = np.abs(theirs[np.isfinite(theirs)])
    scale = max(1.0, float(finite.max())) if finite.size else 1.0
    np.testing.assert_allclose(ours, theirs, rtol=16 * eps, atol=16 * eps * scale, equal_nan=True)


def t(a):
    return None if a is None else torch.from_numpy(np.asarray(a))


def torch_grad(loss_fn, x, **kwargs):
    """torch's ∂(reduced loss)/∂input and the grad_output used (0.7 everywhere)."""
    leaf = t(x).clone().requires_grad_()
    loss = loss_fn(leaf, **kwargs)
    grad_output = np.full(loss.shape, 0.7, dtype=x.dtype) if kwargs["reduction"] == "none" else 0.7
    loss.backward(torch.as_tensor(grad_output, dtype=loss.dtype))
    return leaf.grad, grad_output


@pytest.fixture
def rng():
    return np.random.default_rng(13)


def test_importing_numeric_does_not_import_sympy():
    code = "import lossdocs.numeric, sys; assert 'sympy' not in sys.modules and 'torch' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


# ---------------------------------------------------------------------------------------------------------
# Activations


@pytest.mark.parametrize("dtype", DTYPES)
def test_activations_match_torch(dtype, rng):
    x = (rng.normal(size=(4, 5, 3)) * 8).astype(dtype)
    close(numeric.sigmoid(x), torch.sigmoid(t(x)), dtype)
    close(numeric.log_sigmoid(x), F.logsigmoid(t(x)), dtype)
    close(numeric.logsigmoid(x), F.logsigmoid(t(x)), dtype)
    below = np.where(x < 10, x, 0)  # above βx = threshold torch returns x: see the next test
    close(numeric.softplus(below), F.softplus(t(below)), dtype)
    close(numeric.softplus(below, beta=2.0), F.softplus(t(below), beta=2.0), dtype)
    for dim in (0, 1, -1):
        close(numeric.softmax(x, dim), F.softmax(t(x), dim), dtype)
        close(numeric.log_softmax(x, dim=dim), F.log_softmax(t(x), dim=dim), dtype)
        close(numeric.logsumexp(x, dim), torch.logsumexp(t(x), dim), dtype)
        close(numeric.logsumexp(x, dim, keepdim=True), torch.logsumexp(t(x), dim, keepdim=True), dtype)
    close(numeric.logsumexp(x, (0, 2)), torch.logsumexp(t(x), (0, 2)), dtype)
    with pytest.warns(UserWarning):
        expected = F.softmax(t(x))
    close(numeric.softmax(x), expected, dtype)  # torch's legacy implicit dim: 0 for 0-, 1- and 3-d input


@pytest.mark.parametrize(
    ("shape", "dim"), [((0,), 0), ((2, 0), 1), ((0, 3), 1), ((2, 0, 3), (1, 2)), ((0, 3), 0)]
)
def test_logsumexp_of_an_empty_sum_is_minus_infinity_like_torch(shape, dim):
    x = np.empty(shape)
    ours = numeric.logsumexp(x, dim)
    theirs = torch.logsumexp(t(x), dim).numpy()
    assert ours.shape == theirs.shape and np.array_equal(ours, theirs)


def test_numpy_scalars_are_numbers_like_python_ones():
    """np.float32(0.1) is a label_smoothing (torch takes it), np.float32(2) a softplus beta."""
    z, target = np.zeros((2, 3)), np.array([0, 1])
    for smoothing in (np.float32(0.1), np.float64(0.1), 0.1):
        close(
            numeric.cross_entropy(z, target, label_smoothing=smoothing),
            F.cross_entropy(t(z), t(target), label_smoothing=float(smoothing)),
            np.float64,
        )
    close(numeric.softplus(np.array([1.0]), beta=np.float32(2)), F.softplus(t([1.0]), beta=2.0), np.float64)


def test_softplus_keeps_the_tail_that_torch_cuts_at_the_threshold():
    """A deliberate difference: torch returns x for βx > threshold (20), off by log1p(e^{−x}) ≈ e^{−x}."""
    x = np.array([21.0, 30.0])
    assert np.all(F.softplus(t(x)).numpy() == x)
    np.testing.assert_allclose(numeric.softplus(x), x + np.exp(-x), rtol=1e-16)
    assert np.all(numeric.softplus(x) > x)


# ---------------------------------------------------------------------------------------------------------
# Binary cross-entropy


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("weighting", ["none", "weight (C,)", "weight (N, 1)"])
def test_binary_cross_entropy_and_gradient_match_torch(dtype, reduction, weighting, rng):
    x = np.concatenate([rng.random((6, 4)), [[0.0, 1.0, 1e-30, 1 - 1e-12]]]).astype(dtype)
    y = np.concatenate([rng.random((6, 4)), [[1.0, 0.0, 1.0, 0.5]]]).astype(dtype)
    weight = {"none": None, "weight (C,)": rng.random(4), "weight (N, 1)": rng.random((7, 1))}[weighting]
    weight = None if weight is None else weight.astype(dtype)
    kwargs = {"target": t(y), "weight": t(weight), "reduction": reduction}
    close(
        numeric.binary_cross_entropy(x, y, weight, reduction), F.binary_cross_entropy(t(x), **kwargs), dtype
    )
    expected, grad_output = torch_grad(F.binary_cross_entropy, x, **kwargs)
    ours = numeric.binary_cross_entropy_grad(x, y, weight, reduction, grad_output=grad_output)
    close(ours, expected, dtype)


def test_binary_cross_entropy_clamps_like_torch():
    x = np.array([0.0, 1.0, 1e-50, 1e-300])
    y = np.array([1.0, 0.0, 1.0, 0.5])
    close(  # forward: each log term clamped at −100
        numeric.binary_cross_entropy(x, y, reduction="none"),
        F.binary_cross_entropy(t(x), t(y), reduction="none"),
        np.float64,
    )
    expected, _ = torch_grad(F.binary_cross_entropy, x, target=t(y), reduction="sum")
    close(numeric.binary_cross_entropy_grad(x, y, reduction="sum", grad_output=0.7), expected, np.float64)
    assert numeric.binary_cross_entropy_grad(x, y, reduction="none", grad_output=1.0)[0] == -1 / float(
        np.float32(1e-12)
    )


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("options", ["plain", "weight", "pos_weight", "both", "soft targets"])
def test_binary_cross_entropy_with_logits_and_gradient_match_torch(dtype, reduction, options, rng):
    x = (rng.normal(size=(2, 5, 3)) * 10).astype(dtype)
    x[0, 0] = [-30.0, 30.0, 0.0]
    y = (rng.random((2, 5, 3)) < 0.5).astype(dtype) if options != "soft targets" else rng.random((2, 5, 3))
    y = y.astype(dtype)
    weight = rng.random((5, 1)).astype(dtype) if options in ("weight", "both") else None
    pos_weight = (rng.random(3) * 4).astype(dtype) if options in ("pos_weight", "both") else None
    kwargs = {"target": t(y), "weight": t(weight), "reduction": reduction, "pos_weight": t(pos_weight)}
    close(
        numeric.binary_cross_entropy_with_logits(x, y, weight, reduction, pos_weight),
        F.binary_cross_entropy_with_logits(t(x), **kwargs),
        dtype,
    )
    expected, grad_output = torch_grad(F.binary_cross_entropy_with_logits, x, **kwargs)
    ours = numeric.binary_cross_entropy_with_logits_grad(
        x, y, weight, reduction, pos_weight, grad_output=grad_output
    )
    close(ours, expected, dtype)


def test_pos_weight_broadcasts_along_the_last_dimension(rng):
    x, y = rng.normal(size=(4, 3)), (rng.random((4, 3)) < 0.5).astype(float)
    pos_weight = np.array([1.0, 2.0, 3.0])
    ours = numeric.binary_cross_entropy_with_logits(x, y, reduction="none", pos_weight=pos_weight)
    by_hand = [
        numeric.binary_cross_entropy_with_logits(x[:, c], y[:, c], reduction="none", pos_weight=pos_weight[c])
        for c in range(3)
    ]
    np.testing.assert_array_equal(ours, np.stack(by_hand, axis=1))


def test_binary_cross_entropy_with_logits_promotes_mixed_float_dtypes_like_torch():
    x, y = np.array([0.5, -2.0], dtype=np.float32), np.array([1.0, 0.0])
    ours, theirs = (
        numeric.binary_cross_entropy_with_logits(x, y),
        F.binary_cross_entropy_with_logits(t(x), t(y)),
    )
    assert ours.dtype == theirs.numpy().dtype == np.float64
    assert ours == pytest.approx(theirs.item(), rel=1e-6)  # torch takes log σ(x) in float32 before promoting


# ---------------------------------------------------------------------------------------------------------
# Negative log-likelihood and cross-entropy


def class_targets(rng, shape, n_classes, ignore_index=-100):
    target = rng.integers(0, n_classes, size=shape)
    target.flat[:: max(1, target.size // 3)] = ignore_index
    return target


SHAPES = [(5,), (6, 5), (3, 5, 4), (2, 5, 3, 2)]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("weighted", [False, True])
def test_nll_loss_and_gradient_match_torch(dtype, reduction, shape, weighted, rng):
    x = numeric.log_softmax(rng.normal(size=shape).astype(dtype), dim=0 if len(shape) == 1 else 1)
    target_shape = () if len(shape) == 1 else shape[:1] + shape[2:]
    target = rng.integers(0, 5, size=target_shape) if len(shape) == 1 else class_targets(rng, target_shape, 5)
    weight = rng.random(5).astype(dtype) if weighted else None
    kwargs = {"target": t(target), "weight": t(weight), "reduction": reduction}
    close(numeric.nll_loss(x, target, weight, reduction=reduction), F.nll_loss(t(x), **kwargs), dtype)
    expected, grad_output = torch_grad(F.nll_loss, x, **kwargs)
    close(
        numeric.nll_loss_grad(x, target, weight, reduction=reduction, grad_output=grad_output),
        expected,
        dtype,
    )


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("smoothing", [0.0, 0.3])
def test_cross_entropy_with_class_indices_matches_torch(dtype, reduction, shape, weighted, smoothing, rng):
    z = (rng.normal(size=shape) * 5).astype(dtype)
    target_shape = () if len(shape) == 1 else shape[:1] + shape[2:]
    ignore = 2 if weighted else -100  # an ignore_index inside [0, C) as well as the default
    target = (
        rng.integers(0, 5, size=target_shape)
        if len(shape) == 1
        else class_targets(rng, target_shape, 5, ignore)
    )
    weight = (rng.random(5) + 0.1).astype(dtype) if weighted else None
    kwargs = {
        "weight": t(weight),
        "ignore_index": ignore,
        "reduction": reduction,
        "label_smoothing": smoothing,
    }
    close(
        numeric.cross_entropy(z, target, weight, ignore, reduction, smoothing),
        F.cross_entropy(t(z), t(target), **kwargs),
        dtype,
    )
    expected, grad_output = torch_grad(F.cross_entropy, z, target=t(target), **kwargs)
    ours = numeric.cross_entropy_grad(
        z, target, weight, ignore, reduction, smoothing, grad_output=grad_output
    )
    close(ours, expected, dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("shape", [(5,), (6, 5), (3, 5, 4)], ids=str)
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("smoothing", [0.0, 0.3])
def test_cross_entropy_with_probability_targets_matches_torch(
    dtype, reduction, shape, weighted, smoothing, rng
):
    z = (rng.normal(size=shape) * 5).astype(dtype)
    q = numeric.softmax(rng.normal(size=shape).astype(dtype), dim=0 if len(shape) == 1 else 1)
    weight = (rng.random(5) + 0.1).astype(dtype) if weighted else None
    kwargs = {"weight": t(weight), "reduction": reduction, "label_smoothing": smoothing}
    close(
        numeric.cross_entropy(z, q, weight, reduction=reduction, label_smoothing=smoothing),
        F.cross_entropy(t(z), t(q), **kwargs),
        dtype,
    )
    expected, grad_output = torch_grad(F.cross_entropy, z, target=t(q), **kwargs)
    ours = numeric.cross_entropy_grad(
        z, q, weight, reduction=reduction, label_smoothing=smoothing, grad_output=grad_output
    )
    close(ours, expected, dtype)


@pytest.mark.parametrize("reduction", ["mean", "sum"])
@pytest.mark.parametrize(
    "case", ["empty batch", "all ignored", "all ignored, weighted", "all ignored, smoothed", "empty BCE"]
)
def test_empty_and_all_ignored_batches_match_torch(case, reduction):
    z = np.zeros((0, 4)) if case == "empty batch" else np.arange(12.0).reshape(3, 4)
    target = np.zeros(0, dtype=np.int64) if case == "empty batch" else np.full(3, -100)
    kwargs = {
        "weight": np.ones(4) if "weighted" in case else None,
        "reduction": reduction,
        "label_smoothing": 0.1 if "smoothed" in case else 0.0,
    }
    if case == "empty BCE":
        ours = numeric.binary_cross_entropy(np.zeros(0), np.zeros(0), reduction=reduction)
        theirs = F.binary_cross_entropy(
            torch.zeros(0, dtype=torch.float64), torch.zeros(0, dtype=torch.float64), reduction=reduction
        )
    else:
        ours = numeric.cross_entropy(z, target, **kwargs)
        theirs = F.cross_entropy(t(z), t(target), **{**kwargs, "weight": t(kwargs["weight"])})
    close(ours, theirs, np.float64)
    assert np.isnan(ours) if reduction == "mean" else ours == 0.0
    if case == "empty BCE":
        return
    # the gradient of a padding-only batch is 0 (torch's), not NaN: a NaN would poison training
    for loss, grad, options in (
        (F.cross_entropy, numeric.cross_entropy_grad, kwargs),
        (F.nll_loss, numeric.nll_loss_grad, {k: v for k, v in kwargs.items() if k != "label_smoothing"}),
    ):
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # no RuntimeWarning either
            ours = grad(z, target, **options, grad_output=0.7)
        expected, _ = torch_grad(loss, z, target=t(target), **{**options, "weight": t(options["weight"])})
        close(ours, expected, np.float64)
        assert not np.isnan(ours).any()


# ---------------------------------------------------------------------------------------------------------
# Bad input: every case torch rejects is rejected, naming the argument, the value and what was expected

X = np.array([[0.2, 0.7], [0.4, 0.1]])
Y = np.array([[0.0, 1.0], [1.0, 0.0]])
Z = np.arange(12.0).reshape(3, 4)
T = np.array([0, 3, 1])
BCE, BCEL = numeric.binary_cross_entropy, numeric.binary_cross_entropy_with_logits
CE, NLL = numeric.cross_entropy, numeric.nll_loss

BAD = [
    (
        "reduction string",
        ValueError,
        r"reduction='avg' .*expected 'none', 'mean' or 'sum'",
        lambda: BCE(X, Y, reduction="avg"),
    ),
    (
        "reduction string, CE",
        ValueError,
        r"reduction='elementwise_mean'",
        lambda: CE(Z, T, reduction="elementwise_mean"),
    ),
    (
        "BCE target shape",
        ValueError,
        r"target has shape \(2, 3\); expected the input's shape \(2, 2\)",
        lambda: BCE(X, np.zeros((2, 3))),
    ),
    (
        "BCE input above 1",
        ValueError,
        r"input contains 1\.5; expected every element in \[0, 1\]",
        lambda: BCE(X + [[1.3, 0]], Y),
    ),
    (
        "BCE input NaN",
        ValueError,
        r"input contains nan",
        lambda: BCE(np.array([np.nan, 0.5]), np.array([0.0, 1.0])),
    ),
    (
        "BCE target below 0",
        ValueError,
        r"target contains -0\.5; expected every element in \[0, 1\]",
        lambda: BCE(X, Y - [[0.5, 0], [0, 0]]),
    ),
    (
        "BCE mixed float dtypes",
        TypeError,
        r"target has dtype float32; expected float64",
        lambda: BCE(X, Y.astype(np.float32)),
    ),
    (
        "BCE integer target",
        TypeError,
        r"target has dtype int64 .*expected float16, float32 or float64",
        lambda: BCE(X, Y.astype(np.int64)),
    ),
    (
        "BCE weight shape",
        ValueError,
        r"weight has shape \(3,\); expected a shape that broadcasts to the input's \(2, 2\)",
        lambda: BCE(X, Y, weight=np.ones(3)),
    ),
    (
        "BCE grad input range",
        ValueError,
        r"input contains 2\.0",
        lambda: numeric.binary_cross_entropy_grad(X * 10, Y),
    ),
    (
        "BCEL target shape",
        ValueError,
        r"target has shape \(4,\); expected the input's shape \(2, 2\)",
        lambda: BCEL(X, np.zeros(4)),
    ),
    (
        "BCEL integer input",
        TypeError,
        r"input has dtype int64 .*expected float16, float32 or float64",
        lambda: BCEL(np.array([1, 2]), np.array([0.0, 1.0])),
    ),
    (
        "BCEL pos_weight shape",
        ValueError,
        r"pos_weight has shape \(3,\); expected",
        lambda: BCEL(X, Y, pos_weight=np.ones(3)),
    ),
    (
        "BCEL pos_weight grows the input",
        ValueError,
        r"pos_weight has shape \(2, 2, 2\)",
        lambda: BCEL(X, Y, pos_weight=np.ones((2, 2, 2))),
    ),
    ("BCEL weight shape", ValueError, r"weight has shape \(3,\)", lambda: BCEL(X, Y, weight=np.ones(3))),
    (
        "BCEL grad_output shape",
        ValueError,
        r"grad_output has shape \(3,\)",
        lambda: numeric.binary_cross_entropy_with_logits_grad(X, Y, reduction="none", grad_output=np.ones(3)),
    ),
    (
        "CE class index too large",
        ValueError,
        r"target contains class index 4; expected indices in \[0, 4\) or ignore_index=-100",
        lambda: CE(Z, np.array([0, 4, 1])),
    ),
    (
        "CE negative class index",
        ValueError,
        r"target contains class index -1",
        lambda: CE(Z, np.array([0, -1, 1])),
    ),
    (
        "NLL class index too large",
        ValueError,
        r"target contains class index 7",
        lambda: NLL(Z, np.array([0, 7, 1])),
    ),
    (
        "CE batch size",
        ValueError,
        r"target has shape \(2,\); expected \(3,\) for input \(3, 4\)",
        lambda: CE(Z, np.array([0, 1])),
    ),
    (
        "CE spatial shape",
        ValueError,
        r"target has shape \(2, 2\); expected \(2, 3\)",
        lambda: CE(np.zeros((2, 4, 3)), np.zeros((2, 2), dtype=int)),
    ),
    (
        "CE float class indices",
        TypeError,
        r"target has dtype float64 and shape \(3,\); expected integer class indices",
        lambda: CE(Z, T.astype(float)),
    ),
    (
        "CE integer probabilities",
        TypeError,
        r"target has dtype int64 and the input's shape \(3, 4\); expected float probabilities",
        lambda: CE(Z, np.ones((3, 4), dtype=int)),
    ),
    (
        "CE probabilities with ignore_index",
        ValueError,
        r"ignore_index=1 with probability targets",
        lambda: CE(Z, np.full((3, 4), 0.25), ignore_index=1),
    ),
    (
        "CE label_smoothing above 1",
        ValueError,
        r"label_smoothing=1\.5; expected a number in \[0, 1\]",
        lambda: CE(Z, T, label_smoothing=1.5),
    ),
    (
        "CE label_smoothing below 0",
        ValueError,
        r"label_smoothing=-0\.1; expected a number in \[0, 1\]",
        lambda: CE(Z, T, label_smoothing=-0.1),
    ),
    (
        "CE weight shape",
        ValueError,
        r"weight has shape \(3,\); expected \(4,\), one weight per class",
        lambda: CE(Z, T, weight=np.ones(3)),
    ),
    ("CE weight 2-d", ValueError, r"weight has shape \(1, 4\)", lambda: CE(Z, T, weight=np.ones((1, 4)))),
    (
        "CE 0-d input",
        ValueError,
        r"input is 0-d; expected shape \(C,\), \(N, C\)",
        lambda: CE(np.array(1.0), np.array(0)),
    ),
    ("CE integer logits", TypeError, r"input has dtype int64", lambda: CE(np.arange(12).reshape(3, 4), T)),
    (
        "CE ignore_index not an integer",
        TypeError,
        r"ignore_index=0\.5; expected an integer",
        lambda: CE(Z, T, ignore_index=0.5),
    ),
    (
        "NLL probability targets",
        TypeError,
        r"nll_loss takes no probability targets",
        lambda: NLL(Z, np.full((3, 4), 0.25)),
    ),
    (
        "softmax dim out of range",
        ValueError,
        r"dim=2; expected an integer in \[-2, 2\)",
        lambda: numeric.softmax(Z, dim=2),
    ),
    ("sigmoid of a list of strings", TypeError, r"input has dtype <U1", lambda: numeric.sigmoid(["a"])),
    (
        "softplus beta not a number",
        TypeError,
        r"softplus: beta='a' \(str\); expected a real number",
        lambda: numeric.softplus(X, beta="a"),
    ),
    (
        "CE label_smoothing a string",
        ValueError,
        r"label_smoothing='0\.1'; expected a number in \[0, 1\]",
        lambda: CE(Z, T, label_smoothing="0.1"),
    ),
]


@pytest.mark.parametrize(("case", "error", "message", "call"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_raises_naming_argument_value_and_expectation(case, error, message, call):
    with pytest.raises(error, match=message):
        call()


# The same bad inputs given to torch: it raises too, so lossdocs is not stricter by accident.
TORCH_REJECTS = {
    "reduction string": lambda: F.binary_cross_entropy(t(X), t(Y), reduction="avg"),
    "BCE target shape": lambda: F.binary_cross_entropy(t(X), torch.zeros(2, 3, dtype=torch.float64)),
    "BCE input above 1": lambda: F.binary_cross_entropy(t(X + [[1.3, 0]]), t(Y)),
    "BCE target below 0": lambda: F.binary_cross_entropy(t(X), t(Y - [[0.5, 0], [0, 0]])),
    "BCE mixed float dtypes": lambda: F.binary_cross_entropy(t(X), t(Y.astype(np.float32))),
    "BCE weight shape": lambda: F.binary_cross_entropy(t(X), t(Y), weight=torch.ones(3, dtype=torch.float64)),
    "BCEL target shape": lambda: F.binary_cross_entropy_with_logits(
        t(X), torch.zeros(4, dtype=torch.float64)
    ),
    "BCEL pos_weight shape": lambda: F.binary_cross_entropy_with_logits(t(X), t(Y), pos_weight=torch.ones(3)),
    "BCEL pos_weight grows the input": lambda: F.binary_cross_entropy_with_logits(
        t(X), t(Y), pos_weight=torch.ones(2, 2, 2)
    ),
    "CE class index too large": lambda: F.cross_entropy(t(Z), torch.tensor([0, 4, 1])),
    "CE batch size": lambda: F.cross_entropy(t(Z), torch.tensor([0, 1])),
    "CE float class indices": lambda: F.cross_entropy(
        t(Z), torch.tensor([0.0, 3.0, 1.0], dtype=torch.float64)
    ),
    "CE probabilities with ignore_index": lambda: F.cross_entropy(
        t(Z), torch.full((3, 4), 0.25, dtype=torch.float64), ignore_index=1
    ),
    "CE label_smoothing above 1": lambda: F.cross_entropy(t(Z), t(T), label_smoothing=1.5),
    "CE weight shape": lambda: F.cross_entropy(t(Z), t(T), weight=torch.ones(3, dtype=torch.float64)),
    "CE 0-d input": lambda: F.cross_entropy(torch.tensor(1.0), torch.tensor(0)),
    "CE integer logits": lambda: F.cross_entropy(torch.arange(12).reshape(3, 4), t(T)),
}


@pytest.mark.parametrize("case", sorted(TORCH_REJECTS))
def test_torch_rejects_the_same_input(case):
    with pytest.raises((RuntimeError, ValueError, IndexError, TypeError, NotImplementedError)):
        TORCH_REJECTS[case]()


def test_torch_accepts_a_negative_label_smoothing_that_lossdocs_rejects():
    """A deliberate difference: ε < 0 makes the smoothed target negative; torch 2.13 computes it anyway."""
    assert torch.isfinite(F.cross_entropy(t(Z), t(T), label_smoothing=-0.1))


# ---------------------------------------------------------------------------------------------------------
# Fused loss and gradient: <loss>_and_grad(...) = (<loss>(...), <loss>_grad(...)), bit for bit


FUSED_CASES = [
    ("binary_cross_entropy", "probabilities", {}),
    ("binary_cross_entropy", "probabilities", {"weight": "elementwise"}),
    ("binary_cross_entropy_with_logits", "logits", {}),
    ("binary_cross_entropy_with_logits", "logits", {"weight": "elementwise"}),
    ("binary_cross_entropy_with_logits", "logits", {"pos_weight": "last"}),
    ("nll_loss", "rows", {}),
    ("nll_loss", "rows", {"weight": "classes", "ignore_index": 1}),
    ("cross_entropy", "rows", {}),
    ("cross_entropy", "rows", {"weight": "classes", "label_smoothing": 0.1}),
    ("cross_entropy", "rows", {"ignore_index": 2}),
    ("cross_entropy", "soft", {"label_smoothing": 0.2}),
]


def fused_inputs(kind, options, dtype, rng):
    if kind in ("probabilities", "logits"):
        x = rng.random((6, 3)) if kind == "probabilities" else rng.normal(size=(6, 3)) * 30
        x[0, :2] = (0.0, 1.0) if kind == "probabilities" else (np.inf, -np.inf)  # the limits included
        y = rng.random((6, 3))
        y[1] = (0.0, 1.0, 1.0)
    else:
        x = rng.normal(size=(6, 4, 2)) * 20
        y = (
            rng.integers(0, 4, size=(6, 2))
            if kind != "soft"
            else numeric.softmax(rng.normal(size=x.shape), 1)
        )
    kwargs = {}
    for name, value in (options or {}).items():
        if value == "elementwise":
            value = rng.random(x.shape).astype(dtype)
        elif value == "last":
            value = rng.random(x.shape[-1:]).astype(dtype) * 3
        elif value == "classes":
            value = rng.random(4).astype(dtype)
        kwargs[name] = value
    y = y.astype(dtype) if np.issubdtype(np.asarray(y).dtype, np.floating) else y
    return x.astype(dtype), y, kwargs


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize(("name", "kind", "options"), FUSED_CASES)
def test_fused_loss_and_gradient_equal_the_two_separate_functions(name, kind, options, reduction, dtype, rng):
    x, y, kwargs = fused_inputs(kind, options, dtype, rng)
    loss_shape = numeric.__dict__[name](x, y, reduction=reduction, **kwargs).shape
    grad_output = rng.random(loss_shape).astype(dtype) + 0.5 if reduction == "none" else 0.7
    loss, grad = getattr(numeric, f"{name}_and_grad")(
        x, y, reduction=reduction, grad_output=grad_output, **kwargs
    )
    expected_loss = getattr(numeric, name)(x, y, reduction=reduction, **kwargs)
    expected_grad = getattr(numeric, f"{name}_grad")(
        x, y, reduction=reduction, grad_output=grad_output, **kwargs
    )
    for got, expected in ((loss, expected_loss), (grad, expected_grad)):
        assert got.dtype == expected.dtype and got.shape == expected.shape
        np.testing.assert_array_equal(got, expected)  # bit for bit, NaN where the separate one has NaN
    # and torch's: the gradient of the loss it returns
    leaf = t(x).clone().requires_grad_()
    torch_loss = getattr(F, name)(leaf, t(y), reduction=reduction, **{k: t(v) for k, v in kwargs.items()})
    torch_loss.backward(torch.as_tensor(grad_output, dtype=torch_loss.dtype))
    if np.isfinite(x).all():  # torch gives NaN at ±inf logits, lossdocs the limit
        close(loss, torch_loss, dtype)
        close(grad, leaf.grad, dtype)


def test_fused_functions_check_their_arguments_under_their_own_name():
    with pytest.raises(ValueError, match=r"^cross_entropy_and_grad: reduction='avg'"):
        numeric.cross_entropy_and_grad(np.zeros((2, 3)), np.array([0, 1]), reduction="avg")
    with pytest.raises(ValueError, match=r"^binary_cross_entropy_with_logits_and_grad: grad_output"):
        numeric.binary_cross_entropy_with_logits_and_grad(np.zeros(3), np.zeros(3), grad_output=np.ones(2))
