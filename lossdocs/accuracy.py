"""How close lossdocs.numeric is to the exact values, measured on the machine that asks.

The grid and its exact values: mpmath at 50 digits, written from the definitions, not from lossdocs.numeric.
Every reference is computed from the float inputs exactly as stored (a float32 input is the float32 value),
then the error of a result is |result − exact| / ulp(exact) in the result's dtype.

The errors of a float result depend on the SIMD kernels NumPy picks for exp and log on this CPU (AVX2 and
AVX-512 differ in the last bit), so nothing here is committed: :func:`measure` measures them (cached under
the CPU's features, `lossdocs.cache`) for the accuracy pages, which say which NumPy and kernels did.
Used by the site, tests/test_numeric_accuracy.py and benchmarks/accuracy_data.py (torch's columns).
"""

from __future__ import annotations

import functools
import json
from fractions import Fraction
from pathlib import Path

import mpmath as mp
import numpy as np

from lossdocs import cache
from lossdocs.derivation import Text

DIGITS = 50
TORCH = Path(__file__).parent / "torch_accuracy.json"  # torch's columns, by benchmarks/accuracy_data.py
TARGETS = (0.0, 1.0, 0.25, 0.5, 0.875)  # BCE targets: hard labels and in between


def logits() -> np.ndarray:
    """±[0, 40] densely (step 1/32, exact in float32), tiny values, ±700, ±inf."""
    dense = np.arange(-40 * 32, 40 * 32 + 1) / 32.0
    odd = np.linspace(-40, 40, 801)  # steps of 0.1: values that are not dyadic
    extreme = [700.0, -700.0, 1e-300, -1e-300, 1e-10, -1e-10, 36.75, 37.5, -23.5, np.inf, -np.inf]
    return np.unique(np.concatenate([dense, odd, extreme]))


def probabilities() -> np.ndarray:
    """Probabilities near 0 and 1 (down to 1e-300 and 1 − 2^-53) and in between."""
    near_0 = 10.0 ** -np.arange(0.0, 300.1, 0.5)
    near_1 = 1.0 - 2.0 ** -np.arange(1.0, 54.0)
    middle = np.linspace(0, 1, 257)
    return np.unique(np.concatenate([near_0, near_1, middle, [0.0, 1.0, 1e-44, 1 - 1e-7]]))


def rows() -> np.ndarray:
    """Logit rows of 3 classes: margins up to 1000 and ±inf, with and without exactly representable shifts."""
    margin = np.concatenate([np.linspace(-40, 40, 321), [-1000, -700, -100, -50, 50, 100, 700, 1000]])
    exact = np.stack([margin, np.zeros_like(margin), np.full_like(margin, -1.0)], axis=1)
    shifted = np.stack([margin + 0.1, np.full_like(margin, 0.3), np.full_like(margin, -0.7)], axis=1)
    rng = np.random.default_rng(2026)
    random = rng.normal(size=(200, 3)) * rng.choice([1.0, 5.0, 30.0], size=(200, 1))
    inf = np.inf
    special = np.array(
        [[inf, 0.0, -1.0], [-inf, 0.0, 1.0], [inf, inf, 0.0], [3.0, -inf, -inf], [25.0, 0.0, -inf]]
    )
    return np.concatenate([exact, shifted, random, special])


def _exact(values: np.ndarray) -> list:
    return [mp.mpf(float(v)) for v in np.asarray(values, dtype=np.float64).ravel()]


# The losses at the five targets share σ(±x) and softplus(±x): each is computed once per input (always at
# DIGITS digits: every caller holds mp.workdps(DIGITS)).
@functools.cache
def _sigmoid(x):
    if mp.isinf(x):
        return mp.mpf(1) if x > 0 else mp.mpf(0)
    return 1 / (1 + mp.exp(-x))


@functools.cache
def _softplus(x):
    if mp.isinf(x):
        return x if x > 0 else mp.mpf(0)
    return mp.log1p(mp.exp(x)) if x < 0 else x + mp.log1p(mp.exp(-x))


def elementwise(name: str, x: np.ndarray, y=None) -> list:
    """Exact values of the elementwise functions (losses with reduction='none', no weights)."""
    with mp.workdps(DIGITS):
        xs = _exact(x)
        ys = _exact(np.broadcast_to(y, np.shape(x))) if y is not None else [None] * len(xs)
        return [_ELEMENTWISE[name](a, b) for a, b in zip(xs, ys, strict=True)]


def _bce(p, y):
    log_p = max(mp.log(p), -100) if p > 0 else mp.mpf(-100)
    log_q = max(mp.log1p(-p), -100) if p < 1 else mp.mpf(-100)  # log(1 − p) without losing p < 1e-50
    return -(y * log_p + (1 - y) * log_q)


def _bce_grad(p, y):
    return (p - y) / max(p * (1 - p), mp.mpf(float(np.float32(1e-12))))  # torch: x(1 − x) ≥ 1e-12f


def _bcel(x, y):
    loss = mp.mpf(0)
    if y != 1:
        loss += (1 - y) * _softplus(x)
    if y != 0:
        loss += y * _softplus(-x)
    return loss


def _bcel_grad(x, y):
    return (1 - y) * _sigmoid(x) - y * _sigmoid(-x)  # σ(x) − y, and σ(x) − 1 = −σ(−x) even when σ(−x) < 1e-50


_ELEMENTWISE = {
    "sigmoid": lambda x, _: _sigmoid(x),
    "log_sigmoid": lambda x, _: -_softplus(-x),
    "softplus": lambda x, _: _softplus(x),
    "binary_cross_entropy": _bce,
    "binary_cross_entropy_grad": _bce_grad,
    "binary_cross_entropy_with_logits": _bcel,
    "binary_cross_entropy_with_logits_grad": _bcel_grad,
}


def bcel_grad_terms(x: np.ndarray, y: float) -> list:
    """(1 − y)σ(x) + yσ(−x), the sum of the magnitudes of the two terms of σ(x) − y: the scale of its error
    where they nearly cancel (the exact difference can be 0; no rounding of σ(x) survives that)."""
    with mp.workdps(DIGITS):
        y = mp.mpf(float(y))
        return [(1 - y) * _sigmoid(a) + y * _sigmoid(-a) for a in _exact(x)]


def row_functions(z: np.ndarray) -> dict:
    """Exact logsumexp, softmax, log_softmax, and cross-entropy with each target and its gradient."""
    out = {k: [] for k in ("logsumexp", "softmax", "log_softmax", "cross_entropy", "cross_entropy_grad")}
    with mp.workdps(DIGITS):
        for row in np.asarray(z, dtype=np.float64):
            zs = _exact(row)
            top = max(zs)
            if mp.isinf(top) and top > 0:  # the limit: +inf logits share the probability
                count = sum(1 for v in zs if v == top)
                p = [mp.mpf(1) / count if v == top else mp.mpf(0) for v in zs]
                lse = mp.inf
                logp = [-mp.log(count) if v == top else -mp.inf for v in zs]
                rest = [1 - p[i] for i in range(len(zs))]
            else:
                # Σ e^{z − top} = 1 + others: log(1 + others) keeps others ≪ 1e-50 (a margin of 1000)
                first = zs.index(top)
                e = [mp.exp(v - top) for v in zs]
                others = mp.fsum(e[i] for i in range(len(zs)) if i != first)
                total = 1 + others
                lse = top + mp.log1p(others)
                p = [v / total for v in e]
                logp = [(v - top) - mp.log1p(others) for v in zs]
                rest = [mp.fsum(e[i] for i in range(len(zs)) if i != t) / total for t in range(len(zs))]
            out["logsumexp"].append(lse)
            out["softmax"].append(p)
            out["log_softmax"].append(logp)
            out["cross_entropy"].append([-v for v in logp])
            grads = []
            for t in range(len(zs)):
                grads.append([-rest[t] if i == t else p[i] for i in range(len(zs))])  # p_t − 1 = −Σ_{i≠t} p_i
            out["cross_entropy_grad"].append(grads)
    return out


def split(exact: list) -> tuple[np.ndarray, np.ndarray]:
    """Exact values as float64 pairs hi + lo (hi = the rounded value, lo = the rest; lo = 0 for ±inf)."""
    hi = np.empty(len(exact))
    lo = np.zeros(len(exact))
    with mp.workdps(DIGITS):
        for i, e in enumerate(exact):
            hi[i] = float(e)
            if not mp.isinf(e):
                lo[i] = float(e - mp.mpf(hi[i]))
    return hi, lo


def ulp_error(
    got: np.ndarray, exact: tuple[np.ndarray, np.ndarray], dtype, scale=None, in_ulp=True
) -> np.ndarray:
    """|got − exact| in units of the last place of exact (or of ``scale``, a float64 array) in ``dtype``;
    with ``in_ulp=False`` the absolute error itself.

    ``exact`` is a pair from :func:`split`. A matching infinity is no error; any other inf or NaN is an
    infinite error. got − hi is exact when the two are close (Sterbenz), so the error of a good result is
    measured to many digits.
    """
    hi, lo = exact
    got = np.asarray(got, dtype=np.float64).ravel()
    unit = np.spacing(np.abs(np.asarray(hi if scale is None else scale, dtype=dtype))).astype(np.float64)
    if not in_ulp:
        unit = np.ones_like(unit)
    with np.errstate(invalid="ignore", over="ignore"):
        errors = np.abs((got - hi) - lo) / unit
    special = np.isinf(hi) | ~np.isfinite(got)
    # what rounds to ±inf in dtype (float16), else 0 (no ±inf to match)
    beyond = np.where(np.abs(hi) > np.finfo(dtype).max, np.copysign(np.inf, hi), 0.0)
    errors[special] = np.where((got[special] == hi[special]) | (got[special] == beyond[special]), 0.0, np.inf)
    return errors


# ---------------------------------------------------------------------------------------------------------
# The accuracy table: one row per function, errors over the whole grid, for any implementation with the
# lossdocs.numeric API (lossdocs itself, or an adapter around torch in benchmarks/accuracy_data.py).

TABLE = [
    "sigmoid",
    "log_sigmoid",
    "softplus",
    "logsumexp",
    "softmax",
    "log_softmax",
    "binary_cross_entropy",
    "binary_cross_entropy_grad",
    "binary_cross_entropy_with_logits",
    "binary_cross_entropy_with_logits_grad",
    "cross_entropy",
    "cross_entropy_grad",
    "kl_div",
    "kl_div_grad",
    "multilabel_soft_margin_loss",
    "multilabel_soft_margin_loss_grad",
    "softmax_grad",
    "log_softmax_grad",
]
BOUND = {"float32": 4.0, "float64": 2.0}


@functools.cache
def exact_elementwise(name: str, dtype, y: float | None = None):
    probability_input = name.startswith("binary_cross_entropy") and "logits" not in name
    inputs = (probabilities() if probability_input else logits()).astype(dtype)
    return inputs, split(elementwise(name, inputs, None if y is None else np.asarray(y, dtype)))


@functools.cache
def exact_rows(dtype):
    z = rows().astype(dtype)
    return z, {name: split(_flat(values)) for name, values in row_functions(z).items()}


@functools.cache
def exact_grad_scale(dtype, y: float) -> np.ndarray:
    return np.array([float(v) for v in bcel_grad_terms(logits().astype(dtype), y)])


def _flat(values):
    out = []
    for v in values:
        out.extend(_flat(v) if isinstance(v, list) else [v])
    return out


def errors(name: str, dtype, impl, in_ulp=True) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(ulp errors, the input row of each error, whether that input is finite) of ``impl.<name>``; with
    ``in_ulp=False`` absolute errors instead of ulp."""
    dtype = np.dtype(dtype).type
    error = functools.partial(ulp_error, in_ulp=in_ulp)
    if name in ("sigmoid", "log_sigmoid", "softplus"):
        x, exact = exact_elementwise(name, dtype)
        return error(getattr(impl, name)(x), exact, dtype), x[:, None], np.isfinite(x)
    if name in ("logsumexp", "softmax", "log_softmax"):
        z, exact = exact_rows(dtype)
        got = impl.logsumexp(z, 1) if name == "logsumexp" else getattr(impl, name)(z, dim=1)
        inputs = z if name == "logsumexp" else np.repeat(z, z.shape[1], axis=0)
        return error(got, exact[name], dtype), inputs, np.isfinite(inputs).all(axis=1)
    if name.startswith("binary_cross_entropy"):
        parts = []
        base = name.removesuffix("_grad")
        for y in TARGETS:
            x, exact = exact_elementwise(name, dtype, y)
            target = np.full_like(x, y)
            if name.endswith("_grad"):
                got = getattr(impl, name)(x, target, reduction="none", grad_output=np.ones_like(x))
            else:
                got = getattr(impl, base)(x, target, reduction="none")
            scale = exact_grad_scale(dtype, y) if name.endswith("logits_grad") and 0 < y < 1 else None
            parts.append((error(got, exact, dtype, scale), np.stack([x, target], axis=1)))
        inputs = np.concatenate([p[1] for p in parts])
        return np.concatenate([p[0] for p in parts]), inputs, np.isfinite(inputs).all(axis=1)
    if name in FAMILY:
        return FAMILY[name](dtype, impl, error)
    z, exact = exact_rows(dtype)
    n, c = z.shape
    targets = [np.full(n, t) for t in range(c)]
    if name == "cross_entropy":
        got = np.stack([impl.cross_entropy(z, t, reduction="none") for t in targets], axis=1)
        inputs = np.repeat(z, c, axis=0)
    else:
        ones = np.ones(n)
        got = np.stack(
            [impl.cross_entropy_grad(z, t, reduction="none", grad_output=ones) for t in targets], 1
        )
        inputs = np.repeat(z, c * c, axis=0)
    return error(got, exact[name], dtype), inputs, np.isfinite(inputs).all(axis=1)


# ---------------------------------------------------------------------------------------------------------
# The rest of the family: kl_div, multilabel_soft_margin_loss, and the backward of softmax and log_softmax.
# Each measure returns (errors, inputs, finite) as errors() does.

KL_TARGETS = (0.0, 1.0, 0.25, 0.5, 0.875, 1e-10, 1e-300)  # probabilities y (log_target=False)
KL_LOG_TARGETS = (-np.inf, 0.0, -1e-10, -0.5, -1.5, -40.0, -700.0)  # log-probabilities t (log_target=True)
LABELS = ((1.0, 0.0, 1.0), (0.0, 1.0, 0.0), (1.0, 1.0, 1.0), (0.0, 0.0, 0.0), (0.25, 0.5, 0.875))


def _kl(x, y):
    if y == 0:
        return mp.mpf(0)  # 0 · log(0/q) = 0, whatever q
    if mp.isinf(x):
        return -x
    return y * (mp.log(y) - x)


def _kl_log(x, t):
    if t == -mp.inf:
        return mp.mpf(0)
    if mp.isinf(x):
        return -x
    return mp.exp(t) * (t - x)


def _kl_grid(dtype, log_target: bool):
    """(x, target) pairs: every logit of the grid (as a log-probability q) against each target."""
    x = logits().astype(dtype)
    targets = np.array(KL_LOG_TARGETS if log_target else KL_TARGETS, dtype=dtype)
    return np.tile(x, len(targets)), np.repeat(targets, len(x))


@functools.cache
def exact_kl(dtype, log_target: bool, grad: bool):
    """The exact kl_div (or its gradient) on the grid, and for log_target=False the scale
    y (|log y| + |x|), the size of the two terms that cancel where log y ≈ x."""
    x, y = _kl_grid(dtype, log_target)
    values, scale = [], []
    with mp.workdps(DIGITS):
        for a, b in zip(_exact(x), _exact(y), strict=True):
            if grad:
                values.append(-mp.exp(b) if log_target else -b)
            else:
                values.append((_kl_log if log_target else _kl)(a, b))
            if not log_target and not grad:
                scale.append(float(b * (abs(mp.log(b)) + abs(a))) if b > 0 and not mp.isinf(a) else 0.0)
    return x, y, split(values), np.array(scale) if scale else None


def _measure_kl(name: str):
    def measure(dtype, impl, error):
        parts = []
        grad = name.endswith("_grad")
        for log_target in (False, True):
            x, y, exact, scale = exact_kl(dtype, log_target, grad)
            kwargs = {"reduction": "none", "log_target": log_target}
            if grad:
                got = impl.kl_div_grad(x, y, grad_output=np.ones_like(x), **kwargs)
            else:
                got = impl.kl_div(x, y, **kwargs)
            parts.append((error(got, exact, dtype, scale), np.stack([x, y], axis=1)))
        inputs = np.concatenate([p[1] for p in parts])
        return np.concatenate([p[0] for p in parts]), inputs, np.isfinite(inputs).all(axis=1)

    return measure


def multilabel_rows(dtype):
    """(logits, labels) rows: each logit of the grid as one class (C = 1) with each BCE target, and the
    3-class rows of :func:`rows` with each pattern of :data:`LABELS`."""
    x = logits().astype(dtype)
    one = [(x[:, None], np.full((len(x), 1), y, dtype=dtype)) for y in TARGETS]
    z = rows().astype(dtype)
    three = [(z, np.broadcast_to(np.array(labels, dtype=dtype), z.shape)) for labels in LABELS]
    return one + three


@functools.cache
def exact_multilabel(dtype, grad: bool):
    """Per group of :func:`multilabel_rows`: the exact loss (or gradient) and, for the gradient, the scale
    (1/C)((1 − y)σ(x) + yσ(−x)) where 0 < y < 1 (None elsewhere: the error is in ulp of the value)."""
    out = []
    with mp.workdps(DIGITS):
        for z, y in multilabel_rows(dtype):
            c = z.shape[1]
            pairs = [list(zip(_exact(zr), _exact(yr), strict=True)) for zr, yr in zip(z, y, strict=True)]
            if not grad:
                out.append((split([mp.fsum(_bcel(a, b) for a, b in row) / c for row in pairs]), None))
                continue
            flat = [pair for row in pairs for pair in row]
            values = [_bcel_grad(a, b) / c for a, b in flat]
            soft = [0 < b < 1 for _, b in flat]
            scale = [
                float(((1 - b) * _sigmoid(a) + b * _sigmoid(-a)) / c) if 0 < b < 1 else 0.0 for a, b in flat
            ]
            out.append((split(values), np.array(scale) if any(soft) else None))
    return out


def _measure_multilabel(name: str):
    def measure(dtype, impl, error):
        grad = name.endswith("_grad")
        parts = []
        for (z, y), (exact, scale) in zip(multilabel_rows(dtype), exact_multilabel(dtype, grad), strict=True):
            if grad:
                got = impl.multilabel_soft_margin_loss_grad(
                    z, y, reduction="none", grad_output=np.ones(len(z))
                )
                if scale is not None:  # the scale where 0 < y < 1, ulp of the value elsewhere
                    scale = np.where(scale > 0, scale, np.abs(exact[0]))
                inputs = np.repeat(np.concatenate([z, y], axis=1), z.shape[1], axis=0)
            else:
                got = impl.multilabel_soft_margin_loss(z, y, reduction="none")
                inputs = np.concatenate([z, y], axis=1)
            parts.append((error(got, exact, dtype, scale), inputs))
        errors_ = np.concatenate([p[0] for p in parts])
        width = max(p[1].shape[1] for p in parts)
        inputs = np.concatenate(
            [np.pad(p[1], ((0, 0), (0, width - p[1].shape[1])), constant_values=np.nan) for p in parts]
        )  # C = 1 rows padded with NaN to the width of the 3-class ones
        finite = np.array([np.isfinite(r[~np.isnan(r)]).all() for r in inputs])
        return errors_, inputs, finite

    return measure


def backward_cases(dtype):
    """(z rows, grad_output rows, whether the grad_output is one-hot): for every row of :func:`rows`,
    −onehot for each class (the gradient of nll_loss), (1, −2, 0.5) and a fixed random normal vector."""
    z = rows()
    n, c = z.shape
    rng = np.random.default_rng(18)
    cases = [(z, np.broadcast_to(-np.eye(c)[t], z.shape), True) for t in range(c)]
    cases.append((z, np.broadcast_to(np.array([1.0, -2.0, 0.5]), z.shape), False))
    cases.append((z, rng.normal(size=z.shape), False))
    return [(zz.astype(dtype), np.ascontiguousarray(g, dtype=dtype), onehot) for zz, g, onehot in cases]


def _mpf(q: Fraction):
    return mp.mpf(q.numerator) / q.denominator  # rounded once, to DIGITS digits of q


@functools.cache
def exact_backward(dtype, log: bool):
    """Per case of :func:`backward_cases`: the forward's output (the exact softmax or log_softmax rounded
    to ``dtype``, the same for every implementation), the exact vector–Jacobian product of the given
    floats, and for log_softmax with a g that is not one-hot the scale |g_i| + p_i |Σ g|.

    Sums of the given floats are exact (``Fraction``): 1 − 2e-304 would be 1 at 50 digits."""
    out = []
    for z, g, onehot in backward_cases(dtype):
        exact_forward = row_functions(z)["log_softmax" if log else "softmax"]
        with mp.workdps(DIGITS):
            output = np.array([[float(v) for v in row] for row in exact_forward], dtype=dtype)
            values, scale = [], []
            for g_row, o_row in zip(g, output, strict=True):
                gs = [Fraction(float(v)) for v in g_row]
                if not log:  # p_i (g_i − Σ g p): exact in rationals
                    ps = [Fraction(float(v)) for v in o_row]
                    dot = sum(gi * pi for gi, pi in zip(gs, ps, strict=True))
                    values += [_mpf(pi * (gi - dot)) for gi, pi in zip(gs, ps, strict=True)]
                    continue
                total = sum(gs)
                for gi, o in zip(gs, _exact(o_row), strict=True):
                    p = mp.exp(o)
                    if p > 0.5:  # (g_i − Σ g) − (p_i − 1) Σ g: the difference g_i − p_i Σ g keeps its digits
                        values.append(_mpf(gi - total) - mp.expm1(o) * _mpf(total))
                    else:
                        values.append(_mpf(gi) - p * _mpf(total))
                    scale.append(float(abs(_mpf(gi)) + p * abs(_mpf(total))))
        out.append((output, split(values), np.array(scale) if log and not onehot else None))
    return out


def _measure_backward(name: str):
    def measure(dtype, impl, error):
        log = name.startswith("log")
        parts = []
        for (z, g, _), (output, exact, scale) in zip(
            backward_cases(dtype), exact_backward(dtype, log), strict=True
        ):
            got = getattr(impl, name)(g, output, 1)
            inputs = np.repeat(np.concatenate([output, g], axis=1), z.shape[1], axis=0)
            parts.append((error(got, exact, dtype, scale), inputs))
        inputs = np.concatenate([p[1] for p in parts])
        return np.concatenate([p[0] for p in parts]), inputs, np.isfinite(inputs).all(axis=1)

    return measure


FAMILY = {
    "kl_div": _measure_kl("kl_div"),
    "kl_div_grad": _measure_kl("kl_div_grad"),
    "multilabel_soft_margin_loss": _measure_multilabel("multilabel_soft_margin_loss"),
    "multilabel_soft_margin_loss_grad": _measure_multilabel("multilabel_soft_margin_loss_grad"),
    "softmax_grad": _measure_backward("softmax_grad"),
    "log_softmax_grad": _measure_backward("log_softmax_grad"),
}


# ---------------------------------------------------------------------------------------------------------
# The plotted series: float64 errors along the logit x (−40 … 40 in steps of 1/4, a subset of the grid) of one
# call of an implementation with the lossdocs.numeric API.


def plot_x() -> np.ndarray:
    return np.arange(-160, 161) / 4.0


def _margin_rows(x: np.ndarray) -> np.ndarray:
    return np.stack([x, np.zeros_like(x), -np.ones_like(x)], axis=1)


PLOTS = {
    "bce-with-logits-y0": (
        Text(ko="y = 0에서 BCE with logits의 오차", en="Error of BCE with logits at y = 0"),
        lambda impl, x: impl.binary_cross_entropy_with_logits(x, np.zeros_like(x), reduction="none"),
        lambda x: elementwise("binary_cross_entropy_with_logits", x, np.zeros_like(x)),
    ),
    "sigmoid-minus-1": (
        Text(ko="sigmoid(x) - 1의 오차", en="Error of sigmoid(x) - 1"),
        lambda impl, x: impl.binary_cross_entropy_with_logits_grad(
            x, np.ones_like(x), reduction="none", grad_output=np.ones_like(x)
        ),
        lambda x: elementwise("binary_cross_entropy_with_logits_grad", x, np.ones_like(x)),
    ),
    "cross-entropy-margin": (
        Text(ko="마진에 따른 교차 엔트로피의 오차", en="Error of cross-entropy against the margin"),
        lambda impl, x: impl.cross_entropy(
            _margin_rows(x), np.zeros(len(x), dtype=np.int64), reduction="none"
        ),
        lambda x: [row[0] for row in row_functions(_margin_rows(x))["cross_entropy"]],
    ),
}


class Naive:
    """The textbook formulas, as written (the "naive" line of the plots)."""

    @staticmethod
    def binary_cross_entropy_with_logits(x, y, reduction):
        p = 1 / (1 + np.exp(-x))
        return -(y * np.log(p) + (1 - y) * np.log(1 - p))

    @staticmethod
    def binary_cross_entropy_with_logits_grad(x, y, reduction, grad_output):
        return grad_output / (1 + np.exp(-x)) - y

    @staticmethod
    def cross_entropy(z, target, reduction):
        return np.log(np.exp(z).sum(axis=1)) - z[np.arange(len(z)), target]  # log Σ e^z − z_y, no shift


@functools.cache
def _exact_plot(name: str):
    return split(PLOTS[name][2](plot_x()))


def plot_errors(name: str, impl) -> np.ndarray:
    """The float64 ulp errors of ``impl`` along the plot ``name`` (at :func:`plot_x`)."""
    with np.errstate(all="ignore"):
        got = PLOTS[name][1](impl, plot_x())
    return ulp_error(np.asarray(got), _exact_plot(name), np.float64)


def _finite(values: np.ndarray) -> list:
    return [float(v) if np.isfinite(v) else None for v in values]


def measure() -> dict:
    """lossdocs.numeric's errors measured here: the largest error of every function and dtype over the grid
    and over the grids around the gradients' zero crossings (`lossdocs.crossings`), and the plotted series
    of lossdocs and of the naive formulas, with the NumPy version and SIMD features
    (`lossdocs.cache.simd_features`) that gave them.  Cached: about 10 s of mpmath the first time."""
    digest = cache.digest("accuracy")
    stored = cache.load("accuracy", digest)
    if isinstance(stored, dict):
        return stored
    from lossdocs import crossings, numeric

    data = {
        "numpy": np.__version__,
        "simd": list(cache.simd_features()),
        "table": [
            {"function": name, "dtype": dtype, "lossdocs": float(errors(name, dtype, numeric)[0].max())}
            for name in TABLE
            for dtype in ("float32", "float64")
        ],
        "crossings": [
            {"case": case, "dtype": dtype, "points": int(e.size), "lossdocs": float(e.max())}
            for case in crossings.CASES
            for dtype in ("float32", "float64")
            for e in [crossings.errors(case, dtype, numeric)[0]]
        ],
        "plots": [
            {
                "name": name,
                "x": plot_x().tolist(),
                "lossdocs": _finite(plot_errors(name, numeric)),
                "naive": _finite(plot_errors(name, Naive)),
            }
            for name in PLOTS
        ],
    }
    cache.store("accuracy", digest, data)
    return data


def torch_measured() -> dict:
    """torch's errors on the same grid and plots, as benchmarks/accuracy_data.py measured them (with torch's
    version and the CPU capability of its kernels): torch is not a dependency of lossdocs."""
    return json.loads(TORCH.read_text())
