"""The rest of the family against torch 2.13: kl_div, multilabel_soft_margin_loss, softmax_grad and
log_softmax_grad (values, gradients by autograd, broadcasting, empty input, errors), and the input handling
of every function: torch tensors, float16, NumPy scalars, bad arguments. Expected values come from torch or
mpmath (50 digits), never from lossdocs itself."""

from __future__ import annotations

import warnings

import mpmath as mp
import numpy as np
import pytest
import torch
import torch.nn.functional as F  # noqa: N812

from lossdocs import accuracy as grid
from lossdocs import numeric
from tests.test_numeric import close, t

DTYPES = [np.float32, np.float64]
KL_REDUCTIONS = ["none", "sum", "mean", "batchmean"]


@pytest.fixture
def rng():
    return np.random.default_rng(18)


def quiet(call, *args, **kwargs):
    """``call`` with torch's and lossdocs' warning for kl_div(reduction='mean') silenced (tested below)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*reduction.*'mean'")
        return call(*args, **kwargs)


def grad_of(loss_fn, x, grad_output=0.7, **kwargs):
    """torch's ∂(reduced loss)/∂input for a loss whose output shape is not the input's."""
    leaf = t(x).clone().requires_grad_()
    loss = quiet(loss_fn, leaf, **kwargs)
    g = np.full(loss.shape, grad_output, dtype=x.dtype)
    loss.backward(torch.as_tensor(g, dtype=loss.dtype))
    return leaf.grad, g if loss.ndim else grad_output


# ---------------------------------------------------------------------------------------------------------
# kl_div


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("reduction", KL_REDUCTIONS)
@pytest.mark.parametrize("log_target", [False, True])
@pytest.mark.parametrize(
    ("input_shape", "target_shape"), [((4, 5), (4, 5)), ((5,), (4, 5)), ((4, 5), (5,)), ((3, 1, 5), (4, 1))]
)
def test_kl_div_and_gradient_match_torch(dtype, reduction, log_target, input_shape, target_shape, rng):
    x = np.log(rng.dirichlet(np.ones(input_shape[-1]), size=input_shape[:-1])).astype(dtype)
    p = rng.dirichlet(np.ones(target_shape[-1]), size=target_shape[:-1])
    if not log_target:  # targets of probability 0 (t = −∞ is NaN in torch: tested below)
        p.flat[::7] = 0.0
    y = (np.log(p) if log_target else p).astype(dtype)
    kwargs = {"reduction": reduction, "log_target": log_target}
    theirs = quiet(F.kl_div, t(x), t(y), **kwargs)
    close(quiet(numeric.kl_div, x, y, **kwargs), theirs, dtype)
    expected, grad_output = grad_of(F.kl_div, x, target=t(y), **kwargs)
    close(numeric.kl_div_grad(x, y, grad_output=grad_output, **kwargs), expected, dtype)


def test_kl_div_mean_warns_like_torch_and_batchmean_is_the_divergence():
    x, y = np.log(np.array([[0.5, 0.25, 0.25]] * 2)), np.array([[0.25, 0.25, 0.5]] * 2)
    with pytest.warns(UserWarning, match=r"kl_div: reduction='mean' .*'batchmean'"):
        mean = numeric.kl_div(x, y)
    with pytest.warns(UserWarning, match="batchmean"):
        F.kl_div(t(x), t(y))
    q, p = [0.5, 0.25, 0.25], [0.25, 0.25, 0.5]
    exact = float(mp.fsum(b * (mp.log(b) - mp.log(a)) for a, b in zip(q, p, strict=True)))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # neither batchmean nor the gradient warns
        assert numeric.kl_div(x, y, reduction="batchmean") == pytest.approx(exact, rel=1e-15)
        numeric.kl_div_grad(x, y)
    assert mean == pytest.approx(exact / 3, rel=1e-15)  # numel = batch × support


def test_kl_div_batchmean_divides_by_the_input_first_dimension_and_sums_a_0d_input():
    x, y = np.log(np.full(3, 1 / 3)), np.full((2, 3), 0.25)  # broadcast: 2 × 3 terms, input.shape[0] = 3
    close(numeric.kl_div(x, y, "batchmean"), F.kl_div(t(x), t(y), reduction="batchmean"), np.float64)
    a, b = np.array(-1.0), np.array(0.5)
    close(numeric.kl_div(a, b, "batchmean"), F.kl_div(t(a), t(b), reduction="batchmean"), np.float64)


@pytest.mark.parametrize(
    ("x", "y", "log_target", "limit", "torch_gives"),
    [
        (-np.inf, 0.0, False, 0.0, np.nan),
        (np.inf, 0.0, False, 0.0, np.nan),
        (-np.inf, 0.5, False, np.inf, np.inf),
        (np.inf, 0.5, False, -np.inf, -np.inf),
        (0.0, -np.inf, True, 0.0, np.nan),
        (-np.inf, -np.inf, True, 0.0, np.nan),
        (-np.inf, 0.0, True, np.inf, np.inf),
    ],
)
def test_a_target_of_probability_zero_adds_zero_where_torch_gives_nan(x, y, log_target, limit, torch_gives):
    ours = numeric.kl_div(np.array([x]), np.array([y]), "none", log_target)
    theirs = F.kl_div(t([x]), t([y]), reduction="none", log_target=log_target).numpy()
    assert ours[0] == limit
    assert np.isnan(theirs[0]) if np.isnan(torch_gives) else theirs[0] == torch_gives


def test_kl_div_keeps_nan_input_and_negative_targets_nan_like_torch():
    x, y = np.array([np.nan, 0.0, -1.0]), np.array([0.0, -0.5, 0.5])
    ours = numeric.kl_div(x, y, reduction="none")
    assert np.isnan(ours[:2]).all() and np.isfinite(ours[2])
    assert np.isnan(F.kl_div(t(x), t(y), reduction="none").numpy()[:2]).all()


# ---------------------------------------------------------------------------------------------------------
# multilabel_soft_margin_loss


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
@pytest.mark.parametrize(
    ("shape", "target_shape", "weight_shape"),
    [((6, 4), (6, 4), None), ((6, 4), (6, 4), (4,)), ((4,), (4,), (4,)), ((2, 3, 4), (4,), (3, 1))],
)
def test_multilabel_soft_margin_loss_and_gradient_match_torch(
    dtype, reduction, shape, target_shape, weight_shape, rng
):
    x = (rng.normal(size=shape) * 6).astype(dtype)
    x.flat[0] = 30.0
    y = (rng.random(target_shape) < 0.5).astype(dtype)
    w = None if weight_shape is None else rng.random(weight_shape).astype(dtype)
    kwargs = {"weight": t(w), "reduction": reduction}
    close(
        numeric.multilabel_soft_margin_loss(x, y, w, reduction),
        F.multilabel_soft_margin_loss(t(x), t(y), **kwargs),
        dtype,
    )
    expected, grad_output = grad_of(F.multilabel_soft_margin_loss, x, target=t(y), **kwargs)
    ours = numeric.multilabel_soft_margin_loss_grad(x, y, w, reduction, grad_output=grad_output)
    close(ours, expected, dtype)


@pytest.mark.parametrize("labels", [np.int64, np.int32, bool, np.float32])
def test_multilabel_targets_may_be_integer_or_bool_and_promote_like_torch(labels, rng):
    x = rng.normal(size=(3, 4)).astype(np.float32)
    y = (rng.random((3, 4)) < 0.5).astype(labels)
    ours = numeric.multilabel_soft_margin_loss(x, y, reduction="none")
    # bool labels: torch cannot form 1 − target of a bool tensor; lossdocs reads them as 0/1
    theirs = F.multilabel_soft_margin_loss(
        t(x), t(y.astype(np.int64) if labels is bool else y), reduction="none"
    )
    close(ours, theirs, np.float32)


def test_multilabel_soft_targets_and_infinite_logits():
    """Soft targets as torch; x = ±∞ gives the limit (torch: NaN where y makes a 0 · ∞)."""
    x = np.array([[2.0, -1.0, 0.5], [np.inf, -np.inf, 3.0]])
    y = np.array([[0.25, 0.5, 0.875], [1.0, 0.0, 1.0]])
    ours = numeric.multilabel_soft_margin_loss(x, y, reduction="none")
    theirs = F.multilabel_soft_margin_loss(t(x), t(y), reduction="none").numpy()
    assert ours[0] == pytest.approx(theirs[0], rel=1e-15) and np.isnan(theirs[1])
    assert ours[1] == pytest.approx(float(mp.log1p(mp.exp(-3))) / 3, rel=1e-15)


# ---------------------------------------------------------------------------------------------------------
# softmax_grad, log_softmax_grad: torch's backward, and the vector–Jacobian product autograd computes


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize(
    ("shape", "dim"), [((5,), 0), ((4, 5), 1), ((4, 5), 0), ((2, 5, 3), 1), ((2, 3, 5), -1)]
)
@pytest.mark.parametrize("log", [False, True])
def test_softmax_backward_matches_torch_autograd(dtype, shape, dim, log, rng):
    z = (rng.normal(size=shape) * 4).astype(dtype)
    g = rng.normal(size=shape).astype(dtype)
    forward = F.log_softmax if log else F.softmax
    leaf = t(z).clone().requires_grad_()
    output = forward(leaf, dim)
    output.backward(t(g))
    ours = (numeric.log_softmax_grad if log else numeric.softmax_grad)(g, output.detach().numpy(), dim)
    close(ours, leaf.grad, dtype)
    backward = torch._log_softmax_backward_data if log else torch._softmax_backward_data
    close(ours, backward(t(g), output.detach(), dim, output.dtype), dtype)


def test_softmax_grad_input_dtype_and_0d():
    p = numeric.softmax(np.array([[1.0, 2.0]], dtype=np.float32), dim=1)
    g = np.array([[1.0, 0.0]], dtype=np.float32)
    assert numeric.softmax_grad(g, p, 1, input_dtype=np.float16).dtype == np.float16
    theirs = torch._softmax_backward_data(t(2.0 * np.ones(())), t(np.ones(())), 0, torch.float64)
    close(numeric.softmax_grad(np.array(2.0), np.array(1.0), 0), theirs, np.float64)


def test_softmax_grad_of_a_confident_row_keeps_its_digits():
    """p = (1, 2e-17, 7e-18): g_0 − Σ g p cancels to 1e-18; Σ g p summed with K = 3 keeps it (two-fold
    compensation alone was 3.3 ulp off)."""
    p = np.array([[1.0, 1.811122069131276e-17, 6.662745746852801e-18]])
    g = np.array([[-0.18778241493052786, -0.38623816221446333, 0.8616667948601513]])
    from fractions import Fraction

    ps, gs = [Fraction(v) for v in p[0]], [Fraction(v) for v in g[0]]
    dot = sum(a * b for a, b in zip(gs, ps, strict=True))
    exact = [float(pi * (gi - dot)) for gi, pi in zip(gs, ps, strict=True)]
    np.testing.assert_array_max_ulp(numeric.softmax_grad(g, p, 1)[0], np.array(exact), maxulp=1)


def test_log_softmax_grad_of_a_confident_row_is_p_minus_one_not_zero():
    """nll's gradient through log_softmax at a margin of 40: p_t − 1 = expm1(o_t) ≈ −8e-18 (torch: 0)."""
    z = np.array([[40.0, 0.0, 0.0]])
    o = numeric.log_softmax(z, dim=1)
    g = np.array([[-1.0, 0.0, 0.0]])
    ours = numeric.log_softmax_grad(g, o, 1)[0, 0]
    assert ours == pytest.approx(float(mp.expm1(mp.mpf(o[0, 0]))), rel=4e-16) and ours < -1e-18
    assert torch._log_softmax_backward_data(t(g), t(o), 1, torch.float64)[0, 0] == 0.0


# ---------------------------------------------------------------------------------------------------------
# Empty inputs follow torch


EMPTY = [
    ("kl_div sum", lambda m: m.kl_div(np.zeros((0, 3)), np.zeros((0, 3)), reduction="sum")),
    ("kl_div batchmean", lambda m: m.kl_div(np.zeros((0, 3)), np.zeros((0, 3)), reduction="batchmean")),
    ("kl_div none", lambda m: m.kl_div(np.zeros((0, 3)), np.zeros((0, 3)), reduction="none")),
    ("multilabel mean", lambda m: m.multilabel_soft_margin_loss(np.zeros((0, 3)), np.zeros((0, 3)))),
    (
        "multilabel sum",
        lambda m: m.multilabel_soft_margin_loss(np.zeros((0, 3)), np.zeros((0, 3)), reduction="sum"),
    ),
    (
        "multilabel no classes",
        lambda m: m.multilabel_soft_margin_loss(np.zeros((2, 0)), np.zeros((2, 0)), reduction="none"),
    ),
    ("sigmoid", lambda m: m.sigmoid(np.zeros((0, 2)))),
    ("softmax of no rows", lambda m: m.softmax(np.zeros((0, 3)), dim=1)),
    ("softmax of empty rows", lambda m: m.softmax(np.zeros((2, 0)), dim=1)),
    ("log_softmax of empty rows", lambda m: m.log_softmax(np.zeros((2, 0)), dim=1)),
    ("BCE with logits mean", lambda m: m.binary_cross_entropy_with_logits(np.zeros(0), np.zeros(0))),
]


class TorchAPI:
    """The same calls on torch: tensors in, numpy out."""

    def __getattr__(self, name):
        function = {"sigmoid": torch.sigmoid}.get(name) or getattr(F, name)

        def call(*args, **kwargs):
            args = [t(a) if isinstance(a, np.ndarray) else a for a in args]
            return function(*args, **kwargs).numpy()

        return call


@pytest.mark.parametrize(("case", "call"), EMPTY, ids=[e[0] for e in EMPTY])
def test_empty_inputs_follow_torch(case, call):
    ours, theirs = call(numeric), call(TorchAPI())
    assert np.shape(ours) == theirs.shape
    np.testing.assert_array_equal(ours, theirs)  # NaN where torch has NaN (0/0), 0 for sums


def test_empty_gradients_have_the_input_shape():
    assert numeric.kl_div_grad(np.zeros((0, 3)), np.zeros((0, 3)), "sum").shape == (0, 3)
    assert numeric.multilabel_soft_margin_loss_grad(np.zeros((0, 3)), np.zeros((0, 3))).shape == (0, 3)
    assert numeric.softmax_grad(np.zeros((0, 3)), np.zeros((0, 3)), 1).shape == (0, 3)


# ---------------------------------------------------------------------------------------------------------
# Input handling: torch tensors, float16, NumPy scalars


def test_cpu_tensors_are_read_like_arrays_and_the_result_is_numpy(rng):
    z = rng.normal(size=(4, 3))
    target = np.array([0, 2, 1, 1])
    ours = numeric.cross_entropy_grad(torch.from_numpy(z), torch.from_numpy(target))
    assert type(ours) is np.ndarray
    np.testing.assert_array_equal(ours, numeric.cross_entropy_grad(z, target))
    loss = numeric.binary_cross_entropy_with_logits(
        torch.from_numpy(z), torch.zeros(4, 3, dtype=torch.float64)
    )
    assert isinstance(loss, np.float64)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda x: numeric.sigmoid(x), "input"),
        (lambda x: numeric.cross_entropy(x, torch.tensor([0, 1])), "input"),
        (lambda x: numeric.kl_div(np.zeros((2, 3)), x, reduction="sum"), "target"),
        (lambda x: numeric.softmax_grad(x.detach(), x, 1), "output"),
        (lambda x: numeric.binary_cross_entropy_with_logits(torch.zeros(2, 3), x.float()), "target"),
    ],
)
def test_a_tensor_that_requires_grad_is_a_type_error_that_says_detach(call, name):
    x = torch.rand(2, 3, dtype=torch.float64, requires_grad=True)
    with pytest.raises(
        TypeError, match=rf"{name} is a torch tensor that requires grad.*pass {name}\.detach\(\)"
    ):
        call(x)
    parameter = torch.nn.Parameter(torch.zeros(3))
    with pytest.raises(TypeError, match=r"sigmoid: input is a torch tensor that requires grad"):
        numeric.sigmoid(parameter)


def test_a_bfloat16_tensor_is_a_type_error_naming_its_dtype():
    with pytest.raises(TypeError, match=r"sigmoid: input is a torch tensor of dtype torch\.bfloat16"):
        numeric.sigmoid(torch.zeros(2, dtype=torch.bfloat16))


@pytest.mark.parametrize(
    "case",
    [
        "sigmoid",
        "softplus",
        "softmax",
        "log_softmax",
        "bce with logits",
        "cross_entropy",
        "kl_div",
        "multilabel",
    ],
)
def test_float16_is_accepted_and_returned_like_torch(case, rng):
    """torch 2.13 computes float16 on the CPU too; lossdocs computes it in float64, rounds once to float16.
    torch's own float16 result is within a few float16 ulp of that."""
    z = (rng.normal(size=(6, 4)) * 4).astype(np.float16)
    y = rng.random((6, 4)).astype(np.float16)
    target = np.array([0, 1, 2, 3, 0, 1])
    ours, theirs = {
        "sigmoid": lambda: (numeric.sigmoid(z), torch.sigmoid(t(z))),
        "softplus": lambda: (numeric.softplus(z), F.softplus(t(z))),
        "softmax": lambda: (numeric.softmax(z, 1), F.softmax(t(z), 1)),
        "log_softmax": lambda: (numeric.log_softmax(z, 1), F.log_softmax(t(z), 1)),
        "bce with logits": lambda: (
            numeric.binary_cross_entropy_with_logits(z, y, reduction="none"),
            F.binary_cross_entropy_with_logits(t(z), t(y), reduction="none"),
        ),
        "cross_entropy": lambda: (
            numeric.cross_entropy(z, target, reduction="none"),
            F.cross_entropy(t(z), t(target), reduction="none"),
        ),
        "kl_div": lambda: (
            numeric.kl_div(-np.abs(z), y, reduction="none"),
            F.kl_div(t(-np.abs(z)), t(y), reduction="none"),
        ),
        "multilabel": lambda: (
            numeric.multilabel_soft_margin_loss(z, y, reduction="none"),
            F.multilabel_soft_margin_loss(t(z), t(y), reduction="none"),
        ),
    }[case]()
    theirs = theirs.numpy()
    assert ours.dtype == theirs.dtype == np.float16
    np.testing.assert_allclose(ours.astype(float), theirs.astype(float), rtol=4e-3, atol=4e-3)


@pytest.mark.parametrize("name", grid.TABLE)
def test_float16_results_are_rounded_once_from_the_exact_value(name):
    """Computed in float64 and rounded to float16: within 1 float16 ulp over the whole accuracy grid."""
    with np.errstate(all="ignore"):
        errors, inputs, _ = grid.errors(name, "float16", numeric)
    worst = int(np.argmax(errors))
    assert errors[worst] <= 1.0, f"{name}: {errors[worst]:.3g} ulp at {inputs[worst]}"


@pytest.mark.parametrize("scalar", [np.float16, np.float32, np.float64, np.longdouble])
def test_numpy_scalars_of_every_float_dtype_are_numbers(scalar):
    z, target = np.zeros((2, 3)), np.array([0, 1])
    expected = numeric.cross_entropy_grad(z, target, label_smoothing=0.25, grad_output=0.5)
    got = numeric.cross_entropy_grad(z, target, label_smoothing=scalar(0.25), grad_output=scalar(0.5))
    np.testing.assert_array_equal(got, expected)
    x = np.array([0.5, -1.0])
    np.testing.assert_array_equal(numeric.softplus(x, beta=scalar(2)), numeric.softplus(x, beta=2.0))
    np.testing.assert_array_equal(
        numeric.kl_div_grad(x, np.array([0.5, 0.5]), "sum", grad_output=scalar(0.5)),
        numeric.kl_div_grad(x, np.array([0.5, 0.5]), "sum", grad_output=0.5),
    )


# ---------------------------------------------------------------------------------------------------------
# Bad arguments: the function, the argument, the value and what was expected

X, Y = np.log(np.full((2, 3), 1 / 3)), np.full((2, 3), 1 / 3)
P = numeric.softmax(np.zeros((2, 3)), dim=1)

BAD = [
    (
        "kl_div reduction",
        ValueError,
        r"kl_div: reduction='avg' is not valid; expected 'none', 'batchmean', 'sum' or 'mean'",
        lambda: numeric.kl_div(X, Y, reduction="avg"),
    ),
    (
        "kl_div shapes",
        ValueError,
        r"kl_div: target has shape \(4,\); expected a shape that broadcasts with the input's \(2, 3\)",
        lambda: numeric.kl_div(X, np.zeros(4)),
    ),
    (
        "kl_div log_target",
        TypeError,
        r"kl_div: log_target='yes' \(str\); expected True or False",
        lambda: numeric.kl_div(X, Y, log_target="yes"),
    ),
    (
        "kl_div integer target",
        TypeError,
        r"kl_div_grad: target has dtype int64 .*expected float16, float32 or float64",
        lambda: numeric.kl_div_grad(X, np.ones((2, 3), dtype=np.int64)),
    ),
    (
        "kl_div grad_output shape",
        ValueError,
        r"kl_div_grad: grad_output has shape \(2,\); expected a shape that broadcasts to the input's",
        lambda: numeric.kl_div_grad(X, Y, reduction="none", grad_output=np.ones(2)),
    ),
    (
        "multilabel 0-d input",
        ValueError,
        r"multilabel_soft_margin_loss: input is 0-d; expected shape \(C,\) or \(N, C\)",
        lambda: numeric.multilabel_soft_margin_loss(np.array(1.0), np.array(1.0)),
    ),
    (
        "multilabel target grows the input",
        ValueError,
        r"target has shape \(2, 3\); expected a shape that broadcasts to the input's \(3,\)",
        lambda: numeric.multilabel_soft_margin_loss(np.zeros(3), np.zeros((2, 3))),
    ),
    (
        "multilabel weight shape",
        ValueError,
        r"multilabel_soft_margin_loss_grad: weight has shape \(4,\)",
        lambda: numeric.multilabel_soft_margin_loss_grad(X, Y, weight=np.ones(4)),
    ),
    (
        "multilabel string target",
        TypeError,
        r"target has dtype <U1 .*expected float16, float32 or float64, integer or bool labels",
        lambda: numeric.multilabel_soft_margin_loss(np.zeros(2), np.array(["a", "b"])),
    ),
    (
        "multilabel batchmean",
        ValueError,
        r"reduction='batchmean' is not valid; expected 'none', 'mean' or 'sum'",
        lambda: numeric.multilabel_soft_margin_loss(X, Y, reduction="batchmean"),
    ),
    (
        "softmax_grad dim None",
        ValueError,
        r"softmax_grad: dim=None; expected an integer",
        lambda: numeric.softmax_grad(P, P, None),
    ),
    (
        "softmax_grad dim out of range",
        ValueError,
        r"log_softmax_grad: dim=2; expected an integer in \[-2, 2\)",
        lambda: numeric.log_softmax_grad(P, P, 2),
    ),
    (
        "softmax_grad dtypes",
        TypeError,
        r"softmax_grad: grad_output has dtype float32; expected float64 like the output",
        lambda: numeric.softmax_grad(P.astype(np.float32), P, 1),
    ),
    (
        "softmax_grad shapes",
        ValueError,
        r"softmax_grad: grad_output has shape \(1, 3\); expected the output's shape \(2, 3\)",
        lambda: numeric.softmax_grad(P[:1], P, 1),
    ),
    (
        "softmax_grad input_dtype",
        TypeError,
        r"softmax_grad: dtype='int8'; expected None or one of float16, float32 or float64",
        lambda: numeric.softmax_grad(P, P, 1, input_dtype="int8"),
    ),
    (
        "softmax dtype",
        TypeError,
        r"softmax: dtype='bogus'; expected None or one of float16",
        lambda: numeric.softmax(P, 1, dtype="bogus"),
    ),
    (
        "logsumexp of a list of strings",
        TypeError,
        r"logsumexp: input has dtype <U1 \(\['a'\]\); expected float16, float32 or float64",
        lambda: numeric.logsumexp(["a"], 0),
    ),
]


@pytest.mark.parametrize(("case", "error", "message", "call"), BAD, ids=[b[0] for b in BAD])
def test_bad_arguments_raise_naming_function_argument_value_and_expectation(case, error, message, call):
    with pytest.raises(error, match=message):
        call()


TORCH_REJECTS = {
    "kl_div reduction": lambda: F.kl_div(t(X), t(Y), reduction="avg"),
    "kl_div shapes": lambda: F.kl_div(t(X), torch.zeros(4, dtype=torch.float64)),
    "kl_div log_target": lambda: F.kl_div(t(X), t(Y), log_target="yes"),
    "kl_div integer target": lambda: F.kl_div(t(X), torch.ones(2, 3, dtype=torch.int64)),
    "multilabel 0-d input": lambda: F.multilabel_soft_margin_loss(torch.tensor(1.0), torch.tensor(1.0)),
    "multilabel weight shape": lambda: F.multilabel_soft_margin_loss(t(X), t(Y), weight=torch.ones(4)),
    "multilabel batchmean": lambda: F.multilabel_soft_margin_loss(t(X), t(Y), reduction="batchmean"),
    "softmax_grad dim out of range": lambda: torch._log_softmax_backward_data(t(P), t(P), 2, torch.float64),
    "softmax_grad dtypes": lambda: torch._softmax_backward_data(t(P).float(), t(P), 1, torch.float64),
    "softmax_grad shapes": lambda: torch._softmax_backward_data(t(P[:1]), t(P), 1, torch.float64),
}


@pytest.mark.parametrize("case", sorted(TORCH_REJECTS))
def test_torch_rejects_the_same_arguments(case):
    with pytest.raises((RuntimeError, ValueError, IndexError, TypeError)):
        quiet(TORCH_REJECTS[case])


def test_torch_sums_over_the_wrong_dimension_where_lossdocs_rejects_a_growing_target():
    """A deliberate difference: input (3,) with target (2, 3) makes torch sum over the batch of 2."""
    theirs = F.multilabel_soft_margin_loss(torch.zeros(3), torch.zeros(2, 3), reduction="none")
    assert theirs.shape == (3,)
