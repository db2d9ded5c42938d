"""PyTorch-compatible cross-entropy losses and their gradients in numpy, within 2 ulp of the exact value.

Each function has the name, arguments, defaults and semantics of its ``torch.nn.functional`` namesake
(torch 2.13) on NumPy arrays (inputs below); the result has the input's dtype. Each loss ``f`` has a
gradient ``f_grad(..., grad_output=1.0)`` = ∂(reduced loss)/∂input, computed from the derived closed form
(σ(x) − y, softmax − onehot), never by differentiating numerically, and ``f_and_grad(..., grad_output=1.0)``
returns both, computing what they share once (a training step's forward and backward). Work is done in
float64, a block of rows at a time (the temporaries stay in cache); float32 results are rounded once at
the end.

Inputs: numpy arrays or anything ``numpy.asarray`` takes, and CPU torch tensors that do not require grad
(read without a copy; one that requires grad is a TypeError: pass ``.detach()``). float16, float32 and
float64 are computed (float16 like float32, in float64, rounded once). Results are always NumPy: an
``ndarray``, or a NumPy scalar (``np.float32(…)``) for a reduced loss; ``torch.from_numpy`` makes a tensor.

Deliberate differences from torch, each one for accuracy: ±inf logits give the mathematical limit
(torch: NaN); ``softplus`` ignores ``threshold`` (torch returns x above it, off by e^{−threshold});
``label_smoothing`` < 0 is an error (torch accepts it); class indices may be any integer dtype (torch: int64
or uint8); a kl_div target of probability 0 adds 0 (torch: NaN at x = ±∞ or t = −∞). The legacy
``size_average``/``reduce`` arguments are not accepted: use ``reduction``. ``softmax_grad`` and
``log_softmax_grad`` take the forward's output, as torch's backward does.

Reference: the derivations on the lossdocs pages; error-free transformations (two-sum) as in
T. Ogita, S. Rump, S. Oishi, "Accurate sum and dot product", SIAM J. Sci. Comput. 26 (2005).
"""

from __future__ import annotations

import decimal
import warnings

import numpy as np

from lossdocs import _double_double as dd
from lossdocs import _numeric_args as check

__all__ = [
    "sigmoid",
    "log_sigmoid",
    "logsigmoid",
    "softplus",
    "logsumexp",
    "softmax",
    "log_softmax",
    "binary_cross_entropy",
    "binary_cross_entropy_grad",
    "binary_cross_entropy_and_grad",
    "binary_cross_entropy_with_logits",
    "binary_cross_entropy_with_logits_grad",
    "binary_cross_entropy_with_logits_and_grad",
    "nll_loss",
    "nll_loss_grad",
    "nll_loss_and_grad",
    "cross_entropy",
    "cross_entropy_grad",
    "cross_entropy_and_grad",
    "kl_div",
    "kl_div_grad",
    "multilabel_soft_margin_loss",
    "multilabel_soft_margin_loss_grad",
    "softmax_grad",
    "log_softmax_grad",
]

BLOCK = 1 << 14  # elements per block: a block's few float64 temporaries (128 KB each) stay in the L2 cache
LOG_CLAMP = -100.0  # BCELoss clamps each log term at −100 (forward)
BCE_EPS = float(np.float32(1e-12))  # BCELoss backward clamps x(1 − x) at the float32 constant 1e-12


# ---------------------------------------------------------------------------------------------------------
# Elementwise kernels on float64 blocks


def _sigmoid_difference(x: np.ndarray, a, b) -> np.ndarray:
    """a σ(x) − b σ(−x) = (a·n₊ − b·n₋) / (1 + e^{−|x|}) with (n₊, n₋) = (1, e^{−|x|}) for x ≥ 0 and
    (e^{−|x|}, 1) for x < 0 (a, b = None: a = 1, b = 0). σ(x) − y = (1 − y) σ(x) − y σ(−x) is exact at
    y ∈ {0, 1}: no 1 − σ(x) is ever formed."""
    e = np.exp(-np.abs(x))
    s = 1.0 + e
    lo = s - 1.0
    np.subtract(e, lo, out=lo)  # 1 + e = s + lo exactly (fast two-sum, 1 ≥ e)
    lo /= s
    positive = x >= 0
    numerator = np.where(positive, 1.0, e)
    if a is not None:
        numerator *= a
    if b is not None:
        np.copyto(e, 1.0, where=~positive)
        e *= b
        numerator -= e
    numerator /= s
    lo *= numerator
    numerator -= lo  # 1/(s + lo) = (1/s)(1 − lo/s): the rounding of 1 + e taken back
    return numerator


def _blockwise(x: np.ndarray, kernel) -> np.ndarray:
    """kernel(float64 block) for each block of the flattened x, stored in x's dtype."""
    flat = x.reshape(-1)
    out = np.empty(flat.shape, dtype=x.dtype)
    for start in range(0, flat.size, BLOCK):
        out[start : start + BLOCK] = kernel(_f64(flat[start : start + BLOCK]))
    return out.reshape(x.shape)


def _log1p_exp(x: np.ndarray) -> np.ndarray:
    """log1p(e^{−|x|}) ∈ [0, log 2] with one log instead of the slower log1p."""
    e = np.exp(-np.abs(x))
    s = 1.0 + e
    lo = s - 1.0
    np.subtract(e, lo, out=lo)  # 1 + e = s + lo exactly (fast two-sum, 1 ≥ e)
    lo /= s
    np.log(s, out=s)
    s += lo  # log(s + lo) = log s + lo/s + O(lo²)
    return s


def _f64(a: np.ndarray) -> np.ndarray:
    return np.asarray(a, dtype=np.float64)


# ---------------------------------------------------------------------------------------------------------
# Rows of logits: the shared core of logsumexp, softmax, log_softmax and cross-entropy


class _Rows:
    """For a block of logit rows z (M, C): z − max = d + lo exactly, e = e^{d + lo}, and
    r = Σ_{i ≠ argmax} e_i, so that logsumexp(z) = max + log1p(r) and 1 − p_t = ((1 − e_t) + r)/(1 + r)."""

    def __init__(self, z: np.ndarray, exact_shift: bool, work: np.ndarray | None = None):
        """work: 4 float64 buffers of at least z's size for d, lo, e and softmax (allocated if None)."""
        if work is None:
            work = np.empty((4, z.size))
        self.work = work[:, : z.size].reshape((4, *z.shape))
        with np.errstate(invalid="ignore"):  # ∞ − ∞ in rows with infinite logits: repaired below
            self._shift(z, exact_shift)
        self.log_total = np.log1p(self.r)  # log Σ e = log(1 + r), r ≥ 0

    def _shift(self, z: np.ndarray, exact_shift: bool) -> None:
        d, lo, e, t = self.work
        rows = np.arange(z.shape[0])
        k = np.argmax(z, axis=1)
        m = z[rows, k][:, None]
        np.subtract(z, m, out=d)
        if exact_shift:  # two-sum, lo = (z − (d − back)) − (m + back), back = d − z: z − m = d + lo exactly
            np.subtract(d, z, out=lo)
            np.subtract(d, lo, out=t)
            np.subtract(z, t, out=t)
            lo += m
            np.subtract(t, lo, out=lo)
        else:
            lo = 0.0  # float32 values: z − m is exact in float64
        np.exp(d, out=e)
        if exact_shift:
            np.multiply(e, lo, out=t)
            e += t  # e^{d + lo} = e^d (1 + lo): the rounding of z − m would cost |z − m|/2 ulp
        e[rows, k] = 0.0
        short = e.shape[1] <= 16  # numpy's sum along short rows is slow; a matrix-vector product is not
        r = e @ np.ones(e.shape[1]) if short else np.add.reduce(e, axis=1)
        e[rows, k] = 1.0
        bad = np.isnan(r) | (m[:, 0] == np.inf)
        if bad.any():  # ±inf logits: take the limit instead of ∞ − ∞
            self._limit(z, bad, d, lo, e, r, rows, k)
        self.m, self.k, self.d, self.lo, self.e, self.r = m[:, 0], k, d, lo, e, r
        total = 1.0 + r
        back = total - r
        self.total = total
        self.total_lo = ((1.0 - back) + (r - (total - back))) / total  # 1 + r = total (1 + total_lo), two-sum

    @staticmethod
    def _limit(z, bad, d, lo, e, r, rows, k):
        for i in np.flatnonzero(bad):
            row = z[i]
            if np.isnan(row).any():
                continue
            if row[k[i]] == np.inf:  # the +inf logits share the probability: e = 1 each
                d[i] = np.where(row == np.inf, 0.0, -np.inf)
            else:  # −inf logits have e = 0
                d[i] = np.where(row == -np.inf, -np.inf, d[i])
            if isinstance(lo, np.ndarray):
                lo[i] = np.where(np.isfinite(row) & np.isfinite(row[k[i]]), lo[i], 0.0)
            e[i] = np.exp(d[i]) * (1.0 + (lo[i] if isinstance(lo, np.ndarray) else 0.0))
            e[i, k[i]] = 0.0
            r[i] = e[i].sum()
            e[i, k[i]] = 1.0

    def log_softmax(self) -> np.ndarray:
        log_p = self.d - self.log_total[:, None]  # log p_i = (z_i − m) − log(1 + r), both terms ≤ 0
        if isinstance(self.lo, np.ndarray):
            log_p += self.lo
        return log_p

    def softmax(self, out: np.ndarray | None = None) -> np.ndarray:
        """p in ``out`` (a new array if None; the last work buffer is used on the way)."""
        p = np.divide(self.e, self.total[:, None], out=out)  # p_i = e_i / (1 + r)
        t = self.work[3]
        np.multiply(p, self.total_lo[:, None], out=t)
        p -= t  # with the rounding of 1 + r taken back
        return p

    def nll(self, t: np.ndarray) -> np.ndarray:
        rows = np.arange(t.size)
        loss = self.log_total - self.d[rows, t]  # −log p_t = log(1 + r) + (m − z_t), both terms ≥ 0
        if isinstance(self.lo, np.ndarray):
            loss -= self.lo[rows, t]
        return loss

    def one_minus_p(self, t: np.ndarray | None = None) -> np.ndarray:
        """1 − p_t for each row's class t, or (t None) 1 − p for every class."""
        e, r, total, total_lo = self.e, self.r[:, None], self.total[:, None], self.total_lo[:, None]
        if t is not None:
            e, r, total, total_lo = e[np.arange(t.size), t], r[:, 0], total[:, 0], total_lo[:, 0]
        rest = ((1.0 - e) + r) / total  # 1 − p_t = Σ_{i≠t} e_i / Σ e_i, no cancellation
        return rest - rest * total_lo


def _as_rows(a: np.ndarray, class_dim: int) -> np.ndarray:
    """(…, C, …) → (M, C) with the class dimension last."""
    if a.ndim == 1:
        return a[None, :]
    if class_dim != a.ndim - 1:
        a = np.moveaxis(a, class_dim, -1)
    return a.reshape(-1, a.shape[-1])


def _from_rows(rows: np.ndarray, shape: tuple, class_dim: int) -> np.ndarray:
    if len(shape) == 1:
        return rows.reshape(shape)
    moved = shape[:class_dim] + shape[class_dim + 1 :] + shape[class_dim : class_dim + 1]
    return np.moveaxis(rows.reshape(moved), -1, class_dim)


def _row_work(n_rows: int, n_cols: int) -> np.ndarray:
    """The four float64 buffers of _Rows for the largest block of _row_blocks."""
    return np.empty((4, min(n_rows, max(1, BLOCK // max(n_cols, 1))) * n_cols))


def _row_blocks(n_rows: int, n_cols: int):
    step = max(1, BLOCK // max(n_cols, 1))
    for start in range(0, n_rows, step):
        yield slice(start, min(start + step, n_rows))


def _map_rows(func: str, input, dim, method: str) -> np.ndarray:
    x = check.float_array(func, "input", input)
    if x.ndim == 0:
        return getattr(_Rows(_f64(x).reshape(1, 1), True), method)().reshape(()).astype(x.dtype)
    dim = _dim(func, dim, x.ndim)
    if x.size == 0:  # an empty input gives an empty result, as in torch
        return np.empty(x.shape, dtype=x.dtype)
    z = _as_rows(x, dim)
    out = np.empty(z.shape, dtype=x.dtype)
    work = _row_work(*z.shape)
    for block in _row_blocks(*z.shape):
        out[block] = getattr(_Rows(_f64(z[block]), x.dtype == np.float64, work), method)()
    return np.ascontiguousarray(_from_rows(out, x.shape, dim))


def _dim(func: str, dim, ndim: int) -> int:
    if dim is None:  # torch's legacy implicit choice
        return 0 if ndim in (0, 1, 3) else 1
    if not isinstance(dim, int | np.integer) or not -ndim <= dim < ndim:
        raise ValueError(f"{func}: dim={dim!r}; expected an integer in [{-ndim}, {ndim})")
    return int(dim) % ndim


# ---------------------------------------------------------------------------------------------------------
# Activations


def sigmoid(input) -> np.ndarray:
    """σ(x) = 1 / (1 + e^{−x}), elementwise; ``torch.sigmoid``.

    Any shape; the result has the input's shape and dtype. Accuracy: within 2 ulp (float64), 4 ulp (float32).

    ```pycon
    >>> import numpy as np
    >>> from lossdocs import numeric
    >>> print(numeric.sigmoid(np.array([-2.0, 0.0, 40.0])).round(6))
    [0.119203 0.5      1.      ]
    ```
    """
    x = check.float_array("sigmoid", "input", input)
    return _blockwise(x, lambda xb: _sigmoid_difference(xb, None, None))


def log_sigmoid(input) -> np.ndarray:
    """log σ(x) = min(x, 0) − log1p(e^{−|x|}), elementwise; ``torch.nn.functional.logsigmoid``.

    Any shape; the result has the input's shape and dtype. Both terms are ≤ 0, so log σ(40) = −e^{−40} keeps
    its digits. Accuracy: within 2 ulp (float64), 4 ulp (float32). Also available as ``logsigmoid``.

    ```pycon
    >>> import numpy as np
    >>> from lossdocs import numeric
    >>> numeric.log_sigmoid(np.array([-2.0, 0.0, 40.0]))
    array([-2.12692801e+00, -6.93147181e-01, -4.24835426e-18])
    ```
    """
    x = check.float_array("log_sigmoid", "input", input)
    return _blockwise(x, lambda xb: np.minimum(xb, 0.0) - _log1p_exp(xb))  # both terms ≤ 0


logsigmoid = log_sigmoid


def softplus(input, beta: float = 1.0, threshold: float = 20.0) -> np.ndarray:
    """softplus(x) = log(1 + e^{βx})/β, elementwise; ``torch.nn.functional.softplus``.

    ``threshold`` is accepted for compatibility but not used: torch returns x for βx > threshold, which is
    off by log1p(e^{−βx})/β ≈ 2e-9 at the default; the stable form needs no switch.

    Any shape; the result has the input's shape and dtype. Accuracy: within 2 ulp (float64), 4 ulp (float32)
    for β = 1.

    ```pycon
    >>> import numpy as np
    >>> from lossdocs import numeric
    >>> numeric.softplus(np.array([-40.0, 0.0, 2.0]))
    array([4.24835426e-18, 6.93147181e-01, 2.12692801e+00])
    ```
    """
    x = check.float_array("softplus", "input", input)
    beta = check.number("softplus", "beta", beta)
    check.number("softplus", "threshold", threshold)

    def kernel(xb):
        bx = xb * beta
        return (np.maximum(bx, 0.0) + _log1p_exp(bx)) / beta  # log(1 + e^x) = max(x, 0) + log1p(e^{−|x|})

    return _blockwise(x, kernel)


def logsumexp(input, dim, keepdim: bool = False) -> np.ndarray:
    """log Σ_i e^{z_i} along ``dim`` = m + log1p(Σ_{i≠argmax} e^{z_i − m}), m = max z; ``torch.logsumexp``.

    ``dim``: an integer or a tuple of them; ``keepdim`` keeps the reduced dimensions with size 1. An empty sum
    is −∞, as in torch. Accuracy: within 2 ulp (float64), 4 ulp (float32) unless m < 0 < log1p(…) nearly
    cancel (then within 2 ulp of |m|).

    ```pycon
    >>> import numpy as np
    >>> from lossdocs import numeric
    >>> z = np.array([[2.0, -1.0, 0.5], [1000.0, 0.0, -1000.0]])
    >>> print(numeric.logsumexp(z, 1).round(6))
    [   2.241311 1000.      ]
    ```
    """
    x = check.float_array("logsumexp", "input", input)
    dims = tuple(sorted({_dim("logsumexp", d, max(x.ndim, 1)) for d in np.atleast_1d(dim)}))
    if x.ndim == 0:
        return x.copy()
    kept = [i for i in range(x.ndim) if i not in dims]
    size = int(np.prod([x.shape[i] for i in dims]))
    z = np.transpose(x, kept + list(dims)).reshape(int(np.prod([x.shape[i] for i in kept])), size)
    out = np.full(z.shape[0], -np.inf, dtype=x.dtype)  # the log of an empty sum, as torch gives
    work = _row_work(*z.shape)
    for block in _row_blocks(*z.shape) if size else ():
        rows = _Rows(_f64(z[block]), x.dtype == np.float64, work)
        out[block] = rows.m + rows.log_total  # log Σ e^z = m + log(1 + r)
    shape = (
        tuple(1 if i in dims else n for i, n in enumerate(x.shape))
        if keepdim
        else tuple(x.shape[i] for i in kept)
    )
    return out.reshape(shape)


def softmax(input, dim=None, dtype=None) -> np.ndarray:
    """p_i = e^{z_i − m} / Σ_j e^{z_j − m} along ``dim``; ``torch.nn.functional.softmax``.

    Any shape; the result has the input's shape and dtype (``dtype``: cast the input first, as in torch).
    ``dim=None`` picks torch's legacy dimension (0 for 0-, 1- and 3-d input, else 1). +∞ logits share the
    probability (torch: NaN). Accuracy: within 2 ulp (float64), 4 ulp (float32). Its backward:
    ``softmax_grad``.

    ```pycon
    >>> import numpy as np
    >>> from lossdocs import numeric
    >>> z = np.array([[2.0, -1.0, 0.5], [1000.0, 0.0, -1000.0]])
    >>> print(numeric.softmax(z, dim=1).round(6))
    [[0.785597 0.039113 0.17529 ]
     [1.       0.       0.      ]]
    ```
    """
    x = _with_dtype("softmax", input, dtype)
    return _map_rows("softmax", x, dim, "softmax")


def log_softmax(input, dim=None, dtype=None) -> np.ndarray:
    """log p_i = (z_i − m) − log1p(Σ_{j≠argmax} e^{z_j − m}) along ``dim``;
    ``torch.nn.functional.log_softmax``.

    Arguments as ``softmax``. Both terms are ≤ 0 (no z − logsumexp(z)
    cancellation). Accuracy: within 2 ulp (float64), 4 ulp (float32). Its backward:
    ``log_softmax_grad``.

    ```pycon
    >>> import numpy as np
    >>> from lossdocs import numeric
    >>> z = np.array([[2.0, -1.0, 0.5], [1000.0, 0.0, -1000.0]])
    >>> print(numeric.log_softmax(z, dim=1).round(6))
    [[-2.413110e-01 -3.241311e+00 -1.741311e+00]
     [ 0.000000e+00 -1.000000e+03 -2.000000e+03]]
    ```
    """
    x = _with_dtype("log_softmax", input, dtype)
    return _map_rows("log_softmax", x, dim, "log_softmax")


def _with_dtype(func: str, input, dtype):
    """softmax's ``dtype=``: the input is cast to it before the operation, as in torch."""
    kind = check.dtype(func, dtype)
    if kind is None:
        return input
    x = check.array(func, "input", input)
    if not (np.issubdtype(x.dtype, np.number) or x.dtype == bool):
        raise TypeError(f"{func}: input has dtype {x.dtype}; expected numbers to cast to dtype={kind}")
    return x.astype(kind)


# ---------------------------------------------------------------------------------------------------------
# Reductions


def _reduce(loss: np.ndarray, reduction: str, denominator=None) -> np.ndarray:
    if reduction == "none":
        return loss
    total = np.sum(loss, dtype=np.float64)
    if reduction == "sum":
        return total
    count = loss.size if denominator is None else denominator
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.float64(total) / np.float64(count)  # empty or all ignored: 0/0 = NaN, like torch


def _scale(grad_output: np.ndarray, reduction: str, shape: tuple, denominator) -> np.ndarray:
    """∂(reduced loss)/∂ℓ for each loss element, times grad_output."""
    if reduction == "none":
        return np.broadcast_to(_f64(grad_output), shape)
    with np.errstate(invalid="ignore", divide="ignore"):
        return _f64(grad_output) / (1.0 if reduction == "sum" else np.float64(denominator))


def _elementwise_args(func, input, target, weight, reduction, grad_output=None, pos_weight=None):
    x = check.float_array(func, "input", input)
    y = check.float_array(
        func, "target", target, None if func.startswith("binary_cross_entropy_with") else x.dtype
    )
    check.same_shape(func, x, y)
    reduction = check.reduction(func, reduction)
    extra = []
    for name, value in (("weight", weight), ("pos_weight", pos_weight)):
        if value is not None:
            value = check.float_array(func, name, value)
            check.broadcastable(func, name, value, x.shape)
        extra.append(value)
    out_dtype = np.result_type(x.dtype, y.dtype)
    if grad_output is not None:
        grad_output = check.grad_output(func, grad_output, x.shape if reduction == "none" else ())
    return x, y, extra[0], extra[1], reduction, out_dtype, grad_output


# ---------------------------------------------------------------------------------------------------------
# Binary cross-entropy


def binary_cross_entropy(input, target, weight=None, reduction: str = "mean") -> np.ndarray:
    """ℓ = −w [y max(log x, −100) + (1 − y) max(log(1 − x), −100)]; ``F.binary_cross_entropy``.

    input, target: probabilities of the same shape, float32 or float64 (the same dtype, like torch), each
    in [0, 1]; weight broadcasts to the input's shape. ``mean`` divides Σ wℓ by the number of elements.
    log(1 − x) is computed as log1p(−x), exact for x < 1e-16 where 1 − x rounds to 1. ``reduction='none'``
    returns ℓ in the input's shape. Accuracy: within 2 ulp (float64), 4 ulp (float32).

    ```pycon
    >>> import numpy as np
    >>> from lossdocs import numeric
    >>> p, y = np.array([0.9, 0.2, 1e-30]), np.array([1.0, 0.0, 0.0])
    >>> print(numeric.binary_cross_entropy(p, y, reduction="none").round(6))
    [0.105361 0.223144 0.      ]
    ```
    """
    args = _elementwise_args("binary_cross_entropy", input, target, weight, reduction)
    return _bce("binary_cross_entropy", *args, want_loss=True, want_grad=False)[0]


def binary_cross_entropy_grad(input, target, weight=None, reduction: str = "mean", grad_output=1.0):
    """∂ℓ/∂x = w (x − y) / max(x (1 − x), 1e-12): torch's backward formula, clamp included.

    The gradient of ``binary_cross_entropy`` (same arguments; torch's
    autograd) times ``grad_output`` (the loss's shape for ``reduction='none'``, else a scalar); the result has
    the input's shape. Accuracy: within 2 ulp (float64), 4 ulp (float32).

    ```pycon
    >>> import numpy as np
    >>> from lossdocs import numeric
    >>> p, y = np.array([0.9, 0.2, 1e-30]), np.array([1.0, 0.0, 0.0])
    >>> print(numeric.binary_cross_entropy_grad(p, y).round(6))
    [-0.37037   0.416667  0.      ]
    ```
    """
    func = "binary_cross_entropy_grad"
    args = _elementwise_args(func, input, target, weight, reduction, grad_output)
    return _bce(func, *args, want_loss=False, want_grad=True)[1]


def binary_cross_entropy_and_grad(
    input, target, weight=None, reduction: str = "mean", grad_output=1.0
) -> tuple[np.ndarray, np.ndarray]:
    """(loss, gradient) in one call: ``binary_cross_entropy`` and ``binary_cross_entropy_grad``, with the
    arguments checked once. Both results are those of the two separate functions, bit for bit.

    torch: ``F.binary_cross_entropy`` and autograd's backward; within the ulp bounds of the two functions.

    ```pycon
    >>> import numpy as np
    >>> from lossdocs import numeric
    >>> loss, grad = numeric.binary_cross_entropy_and_grad(np.array([0.9, 0.2]), np.array([1.0, 0.0]))
    >>> print(f"{loss:.6f}", grad.round(6))
    0.164252 [-0.555556  0.625   ]
    ```
    """
    func = "binary_cross_entropy_and_grad"
    args = _elementwise_args(func, input, target, weight, reduction, grad_output)
    return _bce(func, *args, want_loss=True, want_grad=True)


def _bce(func, x, y, w, _, reduction, dtype, g, want_loss, want_grad):
    check.unit_interval(func, "input", x)
    check.unit_interval(func, "target", y)
    xf, yf = _f64(x), _f64(y)
    loss = grad = None
    if want_loss:
        with np.errstate(divide="ignore"):
            log_p = np.maximum(np.log(xf), LOG_CLAMP)
            log_q = np.maximum(np.log1p(-xf), LOG_CLAMP)  # log(1 − x) = log1p(−x), exact near x = 0
        loss = -(yf * log_p + (1.0 - yf) * log_q)  # two terms ≤ 0: no cancellation
        if w is not None:
            loss = loss * w
        loss = _reduce(loss, reduction).astype(dtype)
    if want_grad:
        grad = (xf - y) / np.maximum(xf * (1.0 - xf), BCE_EPS)  # x − y is exact up to one rounding
        if w is not None:
            grad = grad * w
        grad = (grad * _scale(g, reduction, x.shape, x.size)).astype(dtype)
    return loss, grad


def binary_cross_entropy_with_logits(
    input, target, weight=None, reduction: str = "mean", pos_weight=None
) -> np.ndarray:
    """ℓ = w [(1 − y) softplus(x) + p y softplus(−x)]; ``F.binary_cross_entropy_with_logits``.

    This equals torch's w [(1 − y) x − (1 + (p − 1) y) log σ(x)] with p = ``pos_weight`` (broadcast along the
    last dimension), but as a sum of non-negative terms (for y in [0, 1], p ≥ 0): no cancellation. Targets
    are not range-checked (as in torch). x = ±∞ gives the limit (torch: NaN).

    Shapes: target the input's; weight broadcasts to it; ``reduction='none'`` returns ℓ in the input's
    shape, ``'mean'`` divides by numel. Accuracy: within 2 ulp (float64), 4 ulp (float32).

    ```pycon
    >>> import numpy as np
    >>> from lossdocs import numeric
    >>> x, y = np.array([3.0, -1.0, -40.0]), np.array([1.0, 0.0, 0.0])
    >>> numeric.binary_cross_entropy_with_logits(x, y, reduction="none")
    array([4.85873516e-02, 3.13261688e-01, 4.24835426e-18])
    ```
    """
    func = "binary_cross_entropy_with_logits"
    args = _elementwise_args(func, input, target, weight, reduction, None, pos_weight)
    return _bce_logits(*args, want_loss=True, want_grad=False)[0]


def binary_cross_entropy_with_logits_grad(
    input, target, weight=None, reduction: str = "mean", pos_weight=None, grad_output=1.0
) -> np.ndarray:
    """∂ℓ/∂x = w [(1 − y) σ(x) − p y σ(−x)], which is w (σ(x) − y) for p = 1.

    The gradient of ``binary_cross_entropy_with_logits``
    (same arguments; what torch's autograd gives for ``input``) times ``grad_output`` (the loss's shape for
    ``reduction='none'``, else a scalar); the result has the input's shape. No 1 − σ(x) is formed, so
    σ(x) − 1 = −σ(−x) keeps its digits above x = 37. Accuracy: within 2 ulp (float64), 4 ulp (float32) of the
    exact value, also near its zero crossing x* = log(p y/(1 − y)) (0 < y < 1): the elements whose two terms
    cancel are recomputed in double-double (lossdocs/crossings.py measures it; see the Accuracy page).

    ```pycon
    >>> import numpy as np
    >>> from lossdocs import numeric
    >>> x, y = np.array([3.0, -1.0, -40.0]), np.array([1.0, 0.0, 0.0])
    >>> numeric.binary_cross_entropy_with_logits_grad(x, y, reduction="none", grad_output=np.ones(3))
    array([-4.74258732e-02,  2.68941421e-01,  4.24835426e-18])
    ```
    """
    func = "binary_cross_entropy_with_logits_grad"
    args = _elementwise_args(func, input, target, weight, reduction, grad_output, pos_weight)
    return _bce_logits(*args, want_loss=False, want_grad=True)[1]


def binary_cross_entropy_with_logits_and_grad(
    input, target, weight=None, reduction: str = "mean", pos_weight=None, grad_output=1.0
) -> tuple[np.ndarray, np.ndarray]:
    """(loss, gradient) in one pass: ``binary_cross_entropy_with_logits`` and its ``_grad``, sharing e^{−|x|}.

    The loss's log1p(e^{−|x|}) and the gradient's σ(±x) = (1, e^{−|x|}) / (1 + e^{−|x|}) come from one
    exponential; both results are those of the two separate functions, bit for bit.

    torch: ``F.binary_cross_entropy_with_logits`` and autograd's backward; within the ulp bounds of the two
    functions.

    ```pycon
    >>> import numpy as np
    >>> from lossdocs import numeric
    >>> x, y = np.array([2.0, -40.0]), np.array([1.0, 0.0])
    >>> loss, grad = numeric.binary_cross_entropy_with_logits_and_grad(x, y)
    >>> print(f"{loss:.6f}", [f"{g:.6e}" for g in grad])
    0.063464 ['-5.960146e-02', '2.124177e-18']
    ```
    """
    func = "binary_cross_entropy_with_logits_and_grad"
    args = _elementwise_args(func, input, target, weight, reduction, grad_output, pos_weight)
    return _bce_logits(*args, want_loss=True, want_grad=True)


def _bce_logits(x, y, w, pw, reduction, dtype, g, want_loss, want_grad):
    """The loss (reduced) and/or the gradient of BCE with logits, a block at a time in float64."""
    shape = x.shape if x.ndim else (1,)
    loss = np.empty(shape, dtype=dtype) if want_loss and reduction == "none" else None
    grad = np.empty(shape, dtype=dtype) if want_grad else None
    scale = _scale(g, reduction, x.shape, x.size) if want_grad else None
    if scale is not None and scale.ndim == 0:
        scale, scalar_scale = None, float(scale)
    else:
        scalar_scale = 1.0
    work = np.empty((6, min(BLOCK, max(x.size, 1))))
    total = 0.0
    for block, xb, yb, wb, pwb, sb in _elementwise_blocks(x, y, w, pw, scale):
        buffers = work[:, : xb.size].reshape((6, *xb.shape))
        summed = want_loss and loss is None and wb is None
        value, slope = _bce_logits_block(
            xb,
            yb,
            pwb,
            buffers,
            "sum" if summed else want_loss,
            want_grad,
            FLOAT32_CANCEL if dtype != np.float64 else 1.0,
        )
        if summed:
            total += value
        elif want_loss:
            if wb is not None:
                value *= wb
            if loss is None:
                total += float(np.add.reduce(value, axis=None))
            else:
                loss[block] = value
        if want_grad:
            if wb is not None:
                slope *= wb
            if sb is not None:
                slope *= sb
            elif scalar_scale != 1.0:
                slope *= scalar_scale
            grad[block] = slope  # rounded once to the result's dtype
    if want_loss:
        if loss is None:  # the sum of block sums: no array of the input's size
            loss = _reduce(np.array([total]), reduction, x.size).astype(dtype)
        else:
            loss = loss.reshape(x.shape)
    return loss, None if grad is None else grad.reshape(x.shape)


def _bce_logits_block(x, y, pos_weight, work, want_loss, want_grad, cancel=1.0):
    """(loss, gradient) of one float64 block from one e = e^{−|x|}, with h = [x ≥ 0], L = log1p(e) and
    c = h (1 − y) − (1 − h) p y, A = (1 − y) + p y (c = h − y, A = 1 for p = 1):

        ℓ = x c + A L               (1 − y) max(x, 0) + p y max(−x, 0) + A L: non-negative terms
        ∂ℓ/∂x = c − ±A σ(−|x|)      (1 − y) σ(x) − p y σ(−x), with + for x ≥ 0

    Both use 1 + e = s + lo exactly (fast two-sum, 1 ≥ e): L = log s + lo/s, 1/(1 + e) = (1/s)(1 − lo/s).
    Either is None unless asked for (want_loss="sum": the loss's sum over the block, a float); the
    gradient's buffer is reused by the next block. Where |c − v| < cancel |v| (1 for float64 results,
    FLOAT32_CANCEL for float32) the gradient is recomputed (:func:`_sigmoid_difference_near_zero`)."""
    e, s, lo, c, v, value = work
    np.abs(x, out=e)
    np.negative(e, out=e)
    np.exp(e, out=e)
    np.add(e, 1.0, out=s)
    np.subtract(s, 1.0, out=lo)
    np.subtract(e, lo, out=lo)
    np.divide(lo, s, out=lo)  # lo/s
    np.greater_equal(x, 0.0, out=c)
    if pos_weight is None:
        c -= y  # [x ≥ 0] − y: 1 − y or −y, one rounding at most
        weight_sum = None
    else:
        py = pos_weight * y
        np.copyto(c, np.where(c != 0.0, 1.0 - y, -py))
        weight_sum = (1.0 - y) + py
    if want_loss == "sum":
        value = _bce_logits_block_sum(x, y, pos_weight, work)
        if value != value:  # NaN: an infinite logit's 0 · ∞, repaired element by element
            value = float(np.add.reduce(_bce_logits_value(x, y, pos_weight, work), axis=None))
    else:
        value = _bce_logits_value(x, y, pos_weight, work) if want_loss else None
    if not want_grad:
        return value, None
    np.divide(e, s, out=v)
    np.subtract(1.0, lo, out=lo)
    v *= lo  # σ(−|x|) = e/(1 + e) = (e/s)(1 − lo/s)
    if weight_sum is not None:
        v *= weight_sum
    np.add(x, 0.0, out=s)  # −0 → +0: the sign of h
    np.copysign(v, s, out=v)
    np.subtract(c, v, out=lo)  # x ≥ 0: (1 − y) − A σ(−x); x < 0: −p y + A σ(x)
    # |c − v| < |v| ⇔ c (c − v − v) < 0: the terms cancel (0 < y < 1 near its crossing; never y ∈ {0, 1})
    if pos_weight is None and cancel == 1.0:
        np.subtract(lo, v, out=v)
        v *= c
        near = v < 0.0
    elif pos_weight is None:
        near = np.abs(lo) < cancel * np.abs(v)
    else:  # c = −p y and A are rounded for 0 < y < 1: there already |c − v| < 2 |v| is too close
        near = np.abs(lo) < np.where((y > 0.0) & (y < 1.0), 2.0 * cancel, cancel) * np.abs(v)
    if near.any():
        at = np.flatnonzero(near)
        at = at[np.abs(x.flat[at]) <= -dd.EXP_MIN]
        lo.flat[at] = _sigmoid_difference_near_zero(
            x.flat[at], y.flat[at], None if pos_weight is None else pos_weight.flat[at]
        )
    return value, lo


FLOAT32_CANCEL = 2.0**-20  # a float32 result: float64 is enough unless the terms cancel to this
NEAR_ZERO = 2.0**-20  # below this |a σ(x) − b σ(−x)| / (b σ(−x)) the result is computed with 80 digits


def _sigmoid_difference_near_zero(x: np.ndarray, y: np.ndarray, pos_weight) -> np.ndarray:
    """(1 − y) σ(x) − p y σ(−x) where its two terms nearly cancel, within 1 ulp: a = 1 − y and b = p y
    exactly (two-sum, two-product), e = e^{−|x|} to 2^-78 (double-double), and

        x ≥ 0: (a − b e) / (1 + e),    x < 0: (a e − b) / (1 + e)

    in double-double. Where the difference is below NEAR_ZERO times the terms (x within about 2^-20 of
    the crossing), 2^-78 is not enough: those few elements are computed with ``decimal`` at 80 digits.
    |x| ≤ −dd.EXP_MIN (beyond, the terms cancel only for p y > e^650)."""
    eh, el = dd.exp(-np.abs(x))
    ah, al = dd.two_sum(1.0, -y)
    if pos_weight is None:
        bh, bl = y, np.zeros_like(y)
    else:
        bh, bl = dd.two_prod(pos_weight, y)
    positive = x >= 0
    uh, ul = np.where(positive, bh, ah), np.where(positive, bl, al)  # the term multiplied by e
    wh, wl = np.where(positive, ah, bh), np.where(positive, al, bl)
    ph, pl = dd.mul(uh, ul, eh, el)
    nh, nl = dd.add(ph, pl, -wh, -wl)  # ± the numerator: u e − w
    np.negative(nh, out=nh, where=positive)
    np.negative(nl, out=nl, where=positive)
    dh, dl = dd.fast_two_sum(1.0, eh)
    dl += el
    g = dd.divide(nh, nl, dh, dl)
    for i in np.flatnonzero(np.abs(nh) < NEAR_ZERO * np.abs(wh)):
        g[i] = _sigmoid_difference_exact(x[i], y[i], None if pos_weight is None else pos_weight[i])
    return g


def _sigmoid_difference_exact(x: float, y: float, pos_weight) -> float:
    """(1 − y) σ(x) − p y σ(−x) correctly rounded: ``decimal`` at 80 digits (its exp is correctly rounded),
    from the floats as stored."""
    with decimal.localcontext(decimal.Context(prec=80)):
        dx, dy = decimal.Decimal(float(x)), decimal.Decimal(float(y))
        a, b = 1 - dy, dy * (1 if pos_weight is None else decimal.Decimal(float(pos_weight)))
        e = (-abs(dx)).exp()
        numerator = a - b * e if x >= 0 else a * e - b
        return float(numerator / (1 + e))


def _bce_logits_value(x, y, pos_weight, work):
    """The loss x c + A L of a block whose e, s, lo/s, c (and A) _bce_logits_block has left in ``work``."""
    e, s, lo, c, v, value = work
    np.log(s, out=value)
    value += lo  # log(1 + e) = log(s + lo) = log s + lo/s + O(lo²)
    if pos_weight is not None:
        value *= (1.0 - y) + pos_weight * y
    with np.errstate(invalid="ignore"):  # 0 · ∞ at an infinite logit: repaired below
        np.multiply(x, c, out=v)
        value += v
    if np.isnan(np.add.reduce(value, axis=None)) and np.isnan(value).any():  # x c is 0 there (the limit)
        py = y if pos_weight is None else pos_weight * y
        value = np.where(np.isnan(value) & ~np.isnan(x) & ~np.isnan(y), _limit_bce_logits(x, y, py), value)
    return value


def _bce_logits_block_sum(x, y, pos_weight, work) -> float:
    """Σ (x c + A L) over a block without forming the loss elements (NaN if one of them is). No BLAS dot
    product: OpenBLAS would start its threads for each block."""
    e, s, lo, c, v, value = work
    np.log(s, out=value)
    with np.errstate(invalid="ignore"):
        np.multiply(x, c, out=v)
    linear = float(np.add.reduce(v, axis=None))
    if pos_weight is not None:
        value += lo
        value *= (1.0 - y) + pos_weight * y
        return float(np.add.reduce(value, axis=None)) + linear
    return float(np.add.reduce(value, axis=None)) + float(np.add.reduce(lo, axis=None)) + linear


def _limit_bce_logits(x, y, py):
    with np.errstate(invalid="ignore"):
        return np.where(x > 0, np.where(y == 1, 0.0, np.inf), np.where(py == 0, 0.0, np.inf))


def _elementwise_blocks(x, *others):
    """(block, x[block], *others[block]) in float64 along the first axis of x (0-d x counts as (1,)); the
    others are broadcast to x's shape, None stays None."""
    shape = x.shape if x.ndim else (1,)
    arrays = [x.reshape(shape)] + [
        None if a is None else np.broadcast_to(a, x.shape).reshape(shape) for a in others
    ]
    step = max(1, BLOCK // max(1, int(np.prod(shape[1:]))))
    for start in range(0, shape[0], step):
        block = slice(start, start + step)
        yield (block, *(None if a is None else _f64(a[block]) for a in arrays))


# ---------------------------------------------------------------------------------------------------------
# Negative log-likelihood and cross-entropy


class _Classes:
    """Validated class-dimension arguments shared by nll_loss and cross_entropy (and their gradients)."""

    def __init__(self, func, input, target, weight, ignore_index, reduction, label_smoothing=0.0):
        self.func = func
        self.x = check.float_array(func, "input", input)
        check.class_input(func, self.x)
        self.dim = 0 if self.x.ndim == 1 else 1
        self.n_classes = self.x.shape[self.dim]
        self.reduction = check.reduction(func, reduction)
        self.smoothing = check.label_smoothing(func, label_smoothing)
        if not isinstance(ignore_index, int | np.integer) or isinstance(ignore_index, bool):
            raise TypeError(f"{func}: ignore_index={ignore_index!r}; expected an integer")
        self.ignore_index = int(ignore_index)
        self.weight = check.class_weight(func, weight, self.n_classes)
        target = check.array(func, "target", target)
        self.probabilities = np.issubdtype(target.dtype, np.floating) and target.shape == self.x.shape
        if self.probabilities:
            if func.startswith("nll"):
                raise TypeError(
                    f"{func}: target has dtype {target.dtype} and the input's shape {target.shape}; "
                    "expected integer class indices (nll_loss takes no probability targets)"
                )
            check.probability_target(func, self.x, check.float_array(func, "target", target), ignore_index)
            self.y = _as_rows(_f64(target), self.dim)
            self.dtype = np.result_type(self.x.dtype, target.dtype)
        else:
            t = check.index_target(func, self.x, target, self.ignore_index).reshape(-1)
            self.kept = t != self.ignore_index
            self.t = np.where(self.kept, t, 0).astype(np.intp)
            self.w_t = (
                self.kept.astype(np.float64)
                if weight is None
                else np.where(self.kept, self.weight[self.t], 0.0)
            )
            self.dtype = self.x.dtype
        self.target_shape = self.x.shape[:1] + self.x.shape[2:] if self.x.ndim > 1 else ()
        self.z = _as_rows(self.x, self.dim)

    def denominator(self):
        return self.z.shape[0] if self.probabilities else np.sum(self.w_t)

    def finish(self, loss_rows: np.ndarray) -> np.ndarray:
        loss = loss_rows.reshape(self.target_shape)
        return _reduce(loss, self.reduction, self.denominator()).astype(self.dtype)

    def row_scale(self, grad_output) -> np.ndarray:
        g = check.grad_output(self.func, grad_output, self.target_shape if self.reduction == "none" else ())
        if self.reduction == "mean" and not self.probabilities and not self.kept.any():
            # every target ignored: the mean is 0/0 (NaN, as in torch), its gradient 0 (torch's too), so that
            # a batch of padding cannot poison training
            return np.zeros(int(np.prod(self.target_shape)))
        return np.broadcast_to(
            _scale(g, self.reduction, self.target_shape, self.denominator()), self.target_shape
        ).reshape(-1)


def nll_loss(input, target, weight=None, ignore_index: int = -100, reduction: str = "mean") -> np.ndarray:
    """ℓ_n = −w_{y_n} x_{n, y_n} (x: log-probabilities); ``mean`` = Σ ℓ / Σ w_{y_n} over non-ignored n;
    ``torch.nn.functional.nll_loss``.

    Shapes: input (C,), (N, C) or (N, C, d1, …, dk); target the input's shape without C, integer class
    indices in [0, C) or ``ignore_index``; weight (C,). Exact up to the rounding of w·x and of the sum.

    ```pycon
    >>> import numpy as np
    >>> from lossdocs import numeric
    >>> log_p = numeric.log_softmax(np.array([[2.0, -1.0, 0.5]]), dim=1)
    >>> print(numeric.nll_loss(log_p, np.array([0])).round(6))
    0.241311
    ```
    """
    c = _Classes("nll_loss", input, target, weight, ignore_index, reduction)
    return _nll(c, None, want_loss=True)[0]


def nll_loss_grad(
    input, target, weight=None, ignore_index: int = -100, reduction: str = "mean", grad_output=1.0
):
    """∂ℓ/∂x_{n,c} = −w_{y_n} [c = y_n] (times the reduction's scale and ``grad_output``).

    The gradient of ``nll_loss`` (same arguments; torch's autograd); the result
    has the input's shape. Exact up to one rounding of −w times the scale. An all-ignored batch with
    ``reduction='mean'`` has gradient 0, as in torch (its loss is NaN).

    ```pycon
    >>> import numpy as np
    >>> from lossdocs import numeric
    >>> log_p = numeric.log_softmax(np.array([[2.0, -1.0, 0.5]]), dim=1)
    >>> numeric.nll_loss_grad(log_p, np.array([0]))
    array([[-1.,  0.,  0.]])
    ```
    """
    c = _Classes("nll_loss_grad", input, target, weight, ignore_index, reduction)
    return _nll(c, c.row_scale(grad_output), want_loss=False)[1]


def nll_loss_and_grad(
    input, target, weight=None, ignore_index: int = -100, reduction: str = "mean", grad_output=1.0
) -> tuple[np.ndarray, np.ndarray]:
    """(loss, gradient) in one call: ``nll_loss`` and ``nll_loss_grad``, with the arguments checked once.

    torch: ``F.nll_loss`` and autograd's backward; within the ulp bounds of the two functions.

    ```pycon
    >>> import numpy as np
    >>> from lossdocs import numeric
    >>> log_p = np.log(np.array([[0.5, 0.25, 0.25], [0.1, 0.8, 0.1]]))
    >>> loss, grad = numeric.nll_loss_and_grad(log_p, np.array([0, 1]))
    >>> print(f"{loss:.6f}")
    0.458145
    >>> grad
    array([[-0.5,  0. ,  0. ],
           [ 0. , -0.5,  0. ]])
    ```
    """
    c = _Classes("nll_loss_and_grad", input, target, weight, ignore_index, reduction)
    return _nll(c, c.row_scale(grad_output), want_loss=True)


def _nll(c: _Classes, scale, want_loss: bool):
    loss = grad = None
    if want_loss:
        rows = np.arange(c.t.size)
        loss = c.finish(-(c.w_t * c.z[rows, c.t]))
    if scale is not None:
        grad = np.zeros(c.z.shape, dtype=np.float64)
        grad[np.arange(c.t.size), c.t] = -c.w_t * scale
        grad = np.ascontiguousarray(_from_rows(grad, c.x.shape, c.dim)).astype(c.dtype)
    return loss, grad


def cross_entropy(
    input,
    target,
    weight=None,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> np.ndarray:
    """Cross-entropy of logits; ``torch.nn.functional.cross_entropy``.

    Class indices y: ℓ_n = (1 − ε) w_y (−log p_y) + (ε/C) Σ_c w_c (−log p_c), ``mean`` divides by Σ w_y over
    non-ignored targets. Probabilities q (float, the input's shape): ℓ_n = −Σ_c w_c q'_c log p_c with
    q' = (1 − ε) q + ε/C, ``mean`` divides by the number of rows N·d1⋯dk. −log p = log1p(r) + (m − z) ≥ 0
    is a sum of non-negative terms, so a confident row's loss e^{−margin} is not lost to rounding.

    Shapes: input (C,), (N, C) or (N, C, d1, …, dk); target the input's shape without C (class indices) or
    the input's shape (float probabilities); weight (C,). Accuracy: within 2 ulp (float64), 4 ulp (float32);
    with probability targets, float64 sums the products w q' log p in double-double (plain float64
    arithmetic was 2.0 ulp off, 2.9 with label smoothing; the price is about 4× torch's time).

    ```pycon
    >>> import numpy as np
    >>> from lossdocs import numeric
    >>> z = np.array([[2.0, -1.0, 0.5]])
    >>> print(numeric.cross_entropy(z, np.array([0])).round(6))
    0.241311
    >>> print(numeric.cross_entropy(z, np.array([0]), label_smoothing=0.1).round(6))
    0.391311
    ```
    """
    c = _Classes("cross_entropy", input, target, weight, ignore_index, reduction, label_smoothing)
    return _cross_entropy(c, None, want_loss=True)[0]


def cross_entropy_grad(
    input,
    target,
    weight=None,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
    grad_output=1.0,
) -> np.ndarray:
    """∂ℓ/∂z = w_y (p − onehot_y) (1 − ε) + (ε/C)(p Σ_c w_c − w) for indices; p Σ_c w_c q'_c − w q' for
    probabilities. The target's entry p_y − 1 = −Σ_{i≠y} e_i / Σ e_i is formed without cancellation.

    The gradient of ``cross_entropy`` (same arguments; torch's autograd)
    times ``grad_output`` (the loss's shape for ``reduction='none'``, else a scalar); the result has the
    input's shape. Accuracy: within 2 ulp (float64), 4 ulp (float32), also where p_c S crosses W_c
    (probability targets, label smoothing): with class indices and label smoothing, the entries whose two
    terms cancel are recomputed in double-double, row by row (lossdocs/crossings.py measures it; see the
    Accuracy page); with probability targets every float64 entry is (plain float64 arithmetic was 2.9 ulp
    off; the price is about 10× torch's time). An all-ignored batch with ``'mean'`` has gradient 0, as in
    torch.

    ```pycon
    >>> import numpy as np
    >>> from lossdocs import numeric
    >>> z = np.array([[2.0, -1.0, 0.5]])
    >>> print(numeric.cross_entropy_grad(z, np.array([0])).round(6))
    [[-0.214403  0.039113  0.17529 ]]
    ```
    """
    c = _Classes("cross_entropy_grad", input, target, weight, ignore_index, reduction, label_smoothing)
    return _cross_entropy(c, c.row_scale(grad_output), want_loss=False)[1]


def cross_entropy_and_grad(
    input,
    target,
    weight=None,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
    grad_output=1.0,
) -> tuple[np.ndarray, np.ndarray]:
    """(loss, gradient) in one pass: ``cross_entropy`` and ``cross_entropy_grad`` from one softmax.

    Each block of rows is shifted by its maximum and exponentiated once; the loss −log p_y = log1p(r) + (m −
    z_y) and the gradient p − onehot_y both come from those e^{z − m}. Both results are those of the two
    separate functions, bit for bit.

    torch: ``F.cross_entropy`` and autograd's backward; within the ulp bounds of the two functions.

    ```pycon
    >>> import numpy as np
    >>> from lossdocs import numeric
    >>> z = np.array([[2.0, -1.0, 0.5], [0.0, 40.0, 0.0]])
    >>> loss, grad = numeric.cross_entropy_and_grad(z, np.array([0, 1]), reduction="sum")
    >>> print(f"{loss:.6f}")
    0.241311
    >>> grad.round(6)
    array([[-0.214403,  0.039113,  0.17529 ],
           [ 0.      , -0.      ,  0.      ]])
    ```
    """
    c = _Classes("cross_entropy_and_grad", input, target, weight, ignore_index, reduction, label_smoothing)
    return _cross_entropy(c, c.row_scale(grad_output), want_loss=True)


CROSSING = 0.9  # p S − W with |p S − W| < CROSSING max(p S, W) is recomputed in double-double: measured,
# the float64 form p (S − W) − W (1 − p) is 4 ulp off at |p S − W| = 0.6 max (lossdocs/crossings.py)


def _repair_crossings(g, first, second, c: _Classes, block) -> None:
    """Recompute in ``g`` the entries p_i S − W_i (``first`` − ``second``) whose terms nearly cancel, from the
    block's logits in double-double (:func:`_softmax_difference_near_zero`)."""
    cancel = CROSSING if c.dtype == np.float64 else FLOAT32_CANCEL
    with np.errstate(invalid="ignore"):
        near = np.abs(g) < cancel * np.maximum(first, second)
    if not near.any():
        return
    start = block.start
    at = np.flatnonzero(near.any(axis=1) & np.isfinite(np.max(c.z[block], axis=1)))  # +inf, NaN: the limit
    z = _f64(c.z[start + at])
    fix = _softmax_difference_near_zero(z, *_target_weights(c, start + at))
    g[at] = np.where(near[at], fix, g[at])


def _target_weights(c: _Classes, rows: np.ndarray):
    """(W as hi + lo, S as hi + lo, the decimal inputs) of the given rows: the gradient is p S − W, with
    W = w ((1 − ε) q + ε/C) and S = Σ W (probabilities q), or W = (1 − ε) w_t onehot_t + (ε/C) w and
    S = (1 − ε) w_t + (ε/C) Σ w (class indices t), each exact to 2^-100; ``exact(r)``: row r's inputs for
    :func:`_softmax_difference_exact`."""
    eps, n = c.smoothing, c.n_classes
    one_minus = dd.two_sum(np.float64(1.0), np.float64(-eps))
    share_h = np.float64(eps / n)
    ph, pl = dd.two_prod(share_h, np.float64(n))
    share = (share_h, ((eps - ph) - pl) / n)  # ε/C = hi + lo
    weight = np.ones(c.n_classes) if c.weight is None else c.weight
    if c.probabilities:
        q = c.y[rows]
        wh, wl = dd.mul(*one_minus, q, np.zeros_like(q)) if eps else (q, np.zeros_like(q))
        if eps:
            wh, wl = dd.add(wh, wl, np.full_like(q, share[0]), np.full_like(q, share[1]))
        if c.weight is not None:
            wh, wl = dd.mul(wh, wl, np.broadcast_to(weight, q.shape), np.zeros_like(q))
        sh, sl = dd.sum_rows(wh, wl)

        def exact(r):
            return None, q[r], eps, c.weight
    else:
        t = c.t[rows]
        shape = (t.size, n)
        wh, wl = dd.mul(*share, np.broadcast_to(weight, shape).astype(np.float64), np.zeros(shape))
        w_t = weight[t]
        mh, ml = dd.mul(*one_minus, w_t, np.zeros_like(w_t))
        index = np.arange(t.size)
        wh[index, t], wl[index, t] = dd.add(wh[index, t], wl[index, t], mh, ml)
        total = dd.sum_rows(np.array(weight, dtype=np.float64)[None, :], np.zeros((1, n)))
        ah, al = dd.mul(*share, total[0], total[1])
        sh, sl = dd.add(mh, ml, np.full_like(mh, ah[0]), np.full_like(mh, al[0]))

        def exact(r):
            return int(t[r]), None, eps, c.weight

    return wh, wl, sh, sl, exact


def _rows_of(exact, chosen: np.ndarray):
    """``exact`` of _target_weights for the rows where ``chosen`` (a boolean mask) holds, renumbered."""
    numbers = np.flatnonzero(chosen)
    return lambda r: exact(numbers[r])


def _soft_loss_compensated(rows: _Rows, plain, wh, wl, sh, sl) -> np.ndarray:
    """−Σ W_i log p_i = S log(1 + r) − Σ W_i (d_i + lo_i) of a block: both terms ≥ 0, the products and sums in
    double-double, so only the rounding of log(1 + r) and the last one remain; ``plain`` where a row is not
    finite (±inf logits: its limit)."""
    with np.errstate(invalid="ignore", over="ignore"):
        lo = rows.lo if isinstance(rows.lo, np.ndarray) else np.zeros_like(rows.d)
        ah, al = dd.sum_rows(*dd.mul(wh, wl, rows.d, lo))
        bh, bl = dd.mul(sh, sl, rows.log_total, np.zeros_like(sh))
        h, low = dd.add(bh, bl, -ah, -al)
        value = h + low
    return np.where(np.isfinite(value), value, plain)


SOFTMAX_SCALE = 2.0**600


def _softmax_difference_near_zero(z, wh, wl, sh, sl, exact) -> np.ndarray:
    """p_i S − W_i = (e_i (S − W_i) − W_i R_i) / T of rows of logits z (R, C) in double-double: e to 2^-77
    (e = e^{z − max}), T = Σ e by pairs, R_i = Σ_{j≠i} e_j = T − e_i (for the argmax, whose e is 1, the
    others' sum itself: a confident row keeps 1 − p = R/T), S − W_i = Σ_{j≠i} W_j. Two terms of one sign, so a
    true crossing alone cancels: entries below NEAR_ZERO times their terms with ``decimal`` at 80 digits. e is
    scaled by 2^600 (exactly): the products' error terms of e ≈ e^-700 would be subnormal, and lose bits."""
    eh, el = dd.exp_shifted(z)
    eh, el = eh * SOFTMAX_SCALE, el * SOFTMAX_SCALE
    th, tl = dd.sum_rows(eh, el)
    th, tl = th[:, None], tl[:, None]
    rows, k = np.arange(z.shape[0]), np.argmax(z, axis=1)
    rh, rl = dd.add(np.broadcast_to(th, eh.shape), np.broadcast_to(tl, eh.shape), -eh, -el)
    oh, ol = eh.copy(), el.copy()
    oh[rows, k] = ol[rows, k] = 0.0
    rh[rows, k], rl[rows, k] = dd.sum_rows(oh, ol)
    mh, ml = dd.add(np.broadcast_to(sh[:, None], wh.shape), np.broadcast_to(sl[:, None], wh.shape), -wh, -wl)
    ah, al = dd.mul(eh, el, mh, ml)
    bh, bl = dd.mul(wh, wl, rh, rl)
    nh, nl = dd.add(ah, al, -bh, -bl)
    g = dd.divide(nh, nl, np.broadcast_to(th, nh.shape), np.broadcast_to(tl, nh.shape))
    close = np.abs(nh) < NEAR_ZERO * np.maximum(ah, bh)
    for r in np.flatnonzero(close.any(axis=1)):
        g[r] = np.where(close[r], _softmax_difference_exact(z[r], *exact(r)), g[r])
    return g


def _softmax_difference_exact(z, t, q, eps, weight) -> np.ndarray:
    """p S − W of one row, correctly rounded: (e_i (S − W_i) − W_i Σ_{j≠i} e_j) / Σ e with ``decimal`` at 80
    digits from the floats as stored (no p_i − 1 is formed, so a confident row keeps its digits)."""
    D = decimal.Decimal  # noqa: N806
    with decimal.localcontext(decimal.Context(prec=80)):
        zs = [D(float(v)) for v in z]
        top = max(zs)
        e = [(v - top).exp() for v in zs]
        total = sum(e)
        n = len(zs)
        w = [D(1)] * n if weight is None else [D(float(v)) for v in weight]
        share = D(float(eps)) / n
        if q is not None:
            target = [(1 - D(float(eps))) * D(float(v)) + share for v in q]
            target = [wi * ti for wi, ti in zip(w, target, strict=True)]
        else:
            target = [share * wi for wi in w]
            target[t] += (1 - D(float(eps))) * w[t]
        mass, k = sum(target), zs.index(top)
        rest = [total - ei for ei in e]  # Σ_{j≠i} e_j ≥ 1 for i ≠ k; the argmax's (e_k = 1) summed itself
        rest[k] = sum(ei for j, ei in enumerate(e) if j != k)
        return np.array(
            [float((ei * (mass - ti) - ti * ri) / total) for ei, ti, ri in zip(e, target, rest, strict=True)]
        )


def _cross_entropy(c: _Classes, scale, want_loss: bool):
    """The reduced loss (want_loss) and the gradient (scale = ∂(reduced loss)/∂ℓ_n per row, or None)."""
    loss = np.empty(c.z.shape[0], dtype=np.float64) if want_loss else None
    grad = np.empty(c.z.shape, dtype=c.dtype) if scale is not None else None
    eps, n = c.smoothing, c.n_classes
    w_all = 1.0 if c.weight is None else c.weight
    w_sum = float(n) if c.weight is None else float(np.sum(c.weight))
    work = _row_work(*c.z.shape)
    for block in _row_blocks(*c.z.shape):
        rows = _Rows(_f64(c.z[block]), c.x.dtype == np.float64, work)
        if c.probabilities:
            q = c.y[block] * (1.0 - eps) + eps / n if eps else c.y[block]
            wq = q if c.weight is None else q * c.weight
            # float64: W, S, the loss's sums and p S − W in double-double (log p = d − log(1 + r) + lo rounds
            # twice, and the roundings of W = w((1 − ε) q + ε/C) add up: the loss was 2.0 ulp off without
            # smoothing, 2.9 with it, the gradient 2.9); a float32 result is rounded from float64; a block of
            # one-hot rows is hard targets (W = S = 1 exactly: −log p_t and p − onehot as for class indices)
            one_hot = (
                not eps and c.weight is None and bool(((q == 0.0) | (q == 1.0)).all())
            )  # nothing to round
            compensated = c.dtype == np.float64 and not one_hot
            targets = _target_weights(c, block) if compensated else None
        if want_loss:
            if c.probabilities:
                loss[block] = -np.sum(wq * rows.log_softmax(), axis=1)
                if compensated:
                    loss[block] = _soft_loss_compensated(rows, loss[block], *targets[:4])
            else:
                value = rows.nll(c.t[block]) * c.w_t[block]
                if eps:
                    log_p = rows.log_softmax()
                    smooth = -(log_p if c.weight is None else log_p * c.weight).sum(axis=1)
                    value = (1.0 - eps) * value + (eps / n) * np.where(c.kept[block], smooth, 0.0)
                loss[block] = value
        if scale is None:
            continue
        if c.probabilities:
            p = rows.softmax()
            # p Σ wq − wq = p (Σ wq − wq) − wq (1 − p): two non-negative terms (cross_entropy.grad_soft), so a
            # confident row keeps p_t − 1 = −Σ_{i≠t} p_i instead of rounding it to 0
            first, second = p * (wq.sum(axis=1, keepdims=True) - wq), wq * rows.one_minus_p()
            g = first - second
            if compensated:
                finite = np.isfinite(np.max(c.z[block], axis=1)) & np.isfinite(g).all(axis=1)
                g[finite] = _softmax_difference_near_zero(
                    _f64(c.z[block][finite]), *(a[finite] for a in targets[:4]), _rows_of(targets[4], finite)
                )
            else:
                _repair_crossings(g, first, second, c, block)
            g *= scale[block][:, None]
        else:
            t = c.t[block]
            target_entry = -rows.one_minus_p(t)  # p_t − 1, no cancellation
            in_place = grad.dtype == np.float64 and not eps
            g = rows.softmax(out=grad[block] if in_place else None if eps else rows.e)
            if eps:
                smooth = (eps / n) * (g * w_sum - w_all)
                mass = (1.0 - eps) * c.w_t[block]  # p S − W with S = (1 − ε) w_t + (ε/C) Σ w: its terms
                first, second = (
                    g * (mass + (eps / n) * w_sum)[:, None],
                    (eps / n) * np.broadcast_to(w_all, g.shape),
                )
            g[np.arange(t.size), t] = target_entry
            if eps:
                g *= mass[:, None]
                g += smooth
                second = second.copy()
                second[np.arange(t.size), t] += mass
                _repair_crossings(g, first, second, c, block)
                g *= (c.kept[block] * scale[block])[:, None]
            else:
                g *= ((1.0 - eps) * c.w_t[block] * scale[block])[:, None]
            if in_place:
                continue
        grad[block] = g
    if grad is not None:
        grad = np.ascontiguousarray(_from_rows(grad, c.x.shape, c.dim))
    return (c.finish(loss) if want_loss else None), grad


# ---------------------------------------------------------------------------------------------------------
# The rest of the family: KL divergence, multi-label soft margin, and the backward of softmax / log_softmax

KL_REDUCTIONS = ("none", "batchmean", "sum", "mean")


def _two_sum(a, b):
    """a + b = s + e exactly (`_double_double.two_sum`); e = 0 where s is not finite."""
    with np.errstate(invalid="ignore"):
        s, e = dd.two_sum(a, b)
    return s, np.where(np.isfinite(s), e, 0.0)


def _two_product(a, b):
    """a · b = p + e exactly (`_double_double.two_prod`, |a|, |b| < 2^996); e = 0 where p is not finite."""
    with np.errstate(invalid="ignore", over="ignore"):
        p, e = dd.two_prod(a, b)
    return p, np.where(np.isfinite(p), e, 0.0)


def _row_sum2(high: np.ndarray, low=None) -> tuple[np.ndarray, np.ndarray]:
    """Σ_j (high + low)_{ij} along axis 1 as a double-float pair (s, e), by pairwise two-sums (log₂ C
    passes): as accurate as summing in twice the working precision, then rounding once (Ogita–Rump–Oishi)."""
    low = np.zeros_like(high) if low is None else low
    if high.shape[1] == 0:
        return np.zeros(high.shape[0]), np.zeros(high.shape[0])
    while high.shape[1] > 1:
        if high.shape[1] % 2:
            pad = np.zeros((high.shape[0], 1))
            high, low = np.concatenate([high, pad], axis=1), np.concatenate([low, pad], axis=1)
        s, e = _two_sum(high[:, 0::2], high[:, 1::2])
        e += low[:, 0::2]
        e += low[:, 1::2]
        high, low = _two_sum(s, e)
    return high[:, 0], low[:, 0]


def _row_sum3(terms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Σ_j terms_{ij} as a pair (s, e), as accurate as summing in three times the working precision: the
    pairwise two-sums keep every rounding error (an error-free transformation), and those errors are summed
    by ``_row_sum2`` (Ogita–Rump–Oishi's SumK with K = 3)."""
    errors = []
    while terms.shape[1] > 1:
        if terms.shape[1] % 2:
            terms = np.concatenate([terms, np.zeros((terms.shape[0], 1))], axis=1)
        terms, e = _two_sum(terms[:, 0::2], terms[:, 1::2])
        errors.append(e)
    if terms.shape[1] == 0:
        return np.zeros(terms.shape[0]), np.zeros(terms.shape[0])
    if not errors:
        return terms[:, 0], np.zeros(terms.shape[0])
    e, e_low = _row_sum2(np.concatenate(errors, axis=1))
    s, low = _two_sum(terms[:, 0], e)
    return s, low + e_low


class _KLDiv:
    """Validated arguments of kl_div and kl_div_grad; input and target broadcast together, as in torch."""

    def __init__(self, func, input, target, reduction, log_target):
        self.x = check.float_array(func, "input", input)
        self.y = check.float_array(func, "target", target)
        self.shape = check.broadcast_shape(func, "target", self.y, self.x.shape)
        self.reduction = check.reduction(func, reduction, KL_REDUCTIONS)
        self.log_target = check.flag(func, "log_target", log_target)
        self.dtype = np.result_type(self.x.dtype, self.y.dtype)
        # batchmean divides the sum by the input's first dimension (torch's input.size(0)); 0-d input: the sum
        self.plain = {"batchmean": "mean" if self.x.ndim else "sum"}.get(self.reduction, self.reduction)
        size = int(np.prod(self.shape))
        self.denominator = self.x.shape[0] if self.reduction == "batchmean" and self.x.ndim else size


def _kl_div_block(x: np.ndarray, y: np.ndarray, log_target: bool) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if log_target:
            value = np.exp(y) * (y - x)  # e^t (t − x)
            nothing = y == -np.inf
        else:
            value = y * (np.log(y) - x)  # y (log y − x), torch's xlogy(y, y) − y x
            nothing = y == 0
    # a target of probability 0 adds 0 whatever the input (the limit of y log y; torch: NaN at x = ±∞, t = −∞)
    np.copyto(value, 0.0, where=nothing & ~np.isnan(x))
    return value


def kl_div(input, target, reduction: str = "mean", log_target: bool = False) -> np.ndarray:
    """Kullback–Leibler divergence, pointwise; ``torch.nn.functional.kl_div``.

    ℓ = y (log y − x) with ``input`` x = log q (log-probabilities) and ``target`` y = p, or, with
    ``log_target=True`` and target t = log p, ℓ = e^t (t − x). Σ ℓ over a distribution is KL(p ‖ q).

    Shapes: input and target broadcast together (as in torch); ``reduction='none'`` returns ℓ in the broadcast
    shape. Reductions: ``'sum'``; ``'batchmean'`` = Σ ℓ / N, N = ``input.shape[0]`` (the KL divergence per
    sample; a 0-d input gives the sum); ``'mean'`` (the default, as in torch) = Σ ℓ / numel, which is *not*
    the KL divergence: like torch, ``kl_div`` then warns (``UserWarning``) and suggests ``'batchmean'``.

    A target 0 (or t = −∞) adds exactly 0, whatever the input (torch: NaN where x = ±∞ or t = −∞); a negative
    target gives NaN, as in torch. Accuracy: within 2 ulp (float64), 4 ulp (float32) of y (|log y| + |x|) for
    ``log_target=False`` (where log y ≈ x the two terms cancel and the rounding of log y remains), and of ℓ
    itself for ``log_target=True`` (t − x of nearby floats is exact).

    ```pycon
    >>> import numpy as np
    >>> from lossdocs import numeric
    >>> log_q = np.log(np.array([[0.5, 0.25, 0.25]]))
    >>> p = np.array([[0.25, 0.25, 0.5]])
    >>> print(numeric.kl_div(log_q, p, reduction="batchmean").round(6))
    0.173287
    >>> print(numeric.kl_div(log_q, np.log(p), reduction="none", log_target=True).round(4))
    [[-0.1733  0.      0.3466]]
    ```
    """
    a = _KLDiv("kl_div", input, target, reduction, log_target)
    if a.reduction == "mean":
        warnings.warn(
            "kl_div: reduction='mean' divides the total loss by the number of elements (batch size × support "
            "size), as torch does; reduction='batchmean' divides by the batch size only, which is the KL "
            "divergence",
            UserWarning,
            stacklevel=2,
        )
    loss = np.empty(a.shape or (1,), dtype=a.dtype) if a.reduction == "none" else None
    total = 0.0
    for block, xb, yb in _elementwise_blocks(np.broadcast_to(a.x, a.shape), a.y):
        value = _kl_div_block(xb, yb, a.log_target)
        if loss is None:
            total += np.sum(value)
        else:
            loss[block] = value
    if loss is None:
        return _reduce(np.array([total]), a.plain, a.denominator).astype(a.dtype)
    return loss.reshape(a.shape)


def kl_div_grad(
    input, target, reduction: str = "mean", log_target: bool = False, grad_output=1.0
) -> np.ndarray:
    """∂ℓ/∂x = −y (``log_target=False``) or −e^t (``log_target=True``), times the reduction's scale and
    ``grad_output``; the gradient of ``kl_div`` with respect to ``input``, as
    torch's autograd gives it.

    The result has the input's shape: where the input was broadcast against the target, the gradient is summed
    over the broadcast dimensions. ``grad_output`` has the loss's shape for ``reduction='none'``, else it is a
    scalar. ``reduction='mean'`` divides by numel, ``'batchmean'`` by ``input.shape[0]``; only
    ``kl_div`` warns about ``'mean'`` (torch warns once, in the forward call).
    Accuracy: within 1 ulp of −y and 2 ulp of −e^t, before the scale.

    ```pycon
    >>> import numpy as np
    >>> from lossdocs import numeric
    >>> log_q = np.log(np.array([[0.5, 0.25, 0.25]]))
    >>> p = np.array([[0.25, 0.25, 0.5]])
    >>> numeric.kl_div_grad(log_q, p, reduction="batchmean")
    array([[-0.25, -0.25, -0.5 ]])
    ```
    """
    func = "kl_div_grad"
    a = _KLDiv(func, input, target, reduction, log_target)
    g = check.grad_output(func, grad_output, a.shape if a.reduction == "none" else ())
    scale = _scale(g, a.plain, a.shape, a.denominator)
    grad = np.empty(a.shape or (1,), dtype=np.float64)
    for block, yb, sb in _elementwise_blocks(np.broadcast_to(a.y, a.shape), scale):
        with np.errstate(over="ignore"):
            d = -(np.exp(yb) if a.log_target else yb)
        d *= sb
        grad[block] = d
    return _sum_to(grad.reshape(a.shape), a.x.shape).astype(a.dtype)


def _sum_to(a: np.ndarray, shape: tuple) -> np.ndarray:
    """The sum of ``a`` over the dimensions in which an array of ``shape`` was broadcast to ``a.shape``."""
    if a.shape == shape:
        return a
    lead = a.ndim - len(shape)
    grown = [lead + i for i, n in enumerate(shape) if n == 1 and a.shape[lead + i] != 1]
    return a.sum(axis=tuple(range(lead)) + tuple(grown)).reshape(shape)


class _Multilabel:
    """Validated arguments of multilabel_soft_margin_loss and its gradient, as (M, C) rows."""

    def __init__(self, func, input, target, weight, reduction):
        self.func = func
        self.x = check.float_array(func, "input", input)
        if self.x.ndim == 0:
            raise ValueError(
                f"{func}: input is 0-d; expected shape (C,) or (N, C), classes along the last dimension"
            )
        y, promotes = check.label_array(func, "target", target)
        check.broadcastable(func, "target", y, self.x.shape)
        dtypes = [self.x.dtype] + ([y.dtype] if promotes else [])
        w = None
        if weight is not None:
            w = check.float_array(func, "weight", weight)
            check.broadcastable(func, "weight", w, self.x.shape)
            dtypes.append(w.dtype)
        self.dtype = np.result_type(*dtypes)
        self.reduction = check.reduction(func, reduction)
        self.samples = self.x.shape[:-1]
        self.n_classes = self.x.shape[-1]
        self.z = self.x.reshape(int(np.prod(self.samples)), self.n_classes)
        self.y = np.broadcast_to(y, self.x.shape).reshape(self.z.shape)
        self.w = None if w is None else np.broadcast_to(w, self.x.shape).reshape(self.z.shape)

    def blocks(self):
        for block in _row_blocks(*self.z.shape) if self.z.shape[0] else ():
            w = None if self.w is None else _f64(self.w[block])
            yield block, _f64(self.z[block]), _f64(self.y[block]), w


def multilabel_soft_margin_loss(input, target, weight=None, reduction: str = "mean") -> np.ndarray:
    """Multi-label one-versus-all loss of logits; ``torch.nn.functional.multilabel_soft_margin_loss``.

    ℓ_n = (1/C) Σ_c w_c [(1 − y_c) softplus(x_c) + y_c softplus(−x_c)], the mean over the C classes of
    binary cross-entropy with logits (torch's −(y log σ(x) + (1 − y) log σ(−x)), as a sum of non-negative
    terms for y in [0, 1]).

    Shapes: input (C,) or (N, C) (any leading dimensions: classes are the last one, as in torch); target
    and weight broadcast to the input's shape (weight: typically (C,)); the target may be float, integer or
    bool (0/1 labels). ``reduction='none'`` returns ℓ of shape input.shape[:-1]; ``'mean'`` is the mean over
    samples. x = ±∞ gives the limit (torch: NaN). A target or weight that would grow the input's shape is a
    ValueError (torch then sums over the wrong dimension). Accuracy: within 2 ulp (float64), 4 ulp (float32).

    ```pycon
    >>> import numpy as np
    >>> from lossdocs import numeric
    >>> x = np.array([[2.0, -1.0, 0.5], [-3.0, 4.0, 0.0]])
    >>> y = np.array([[1, 0, 1], [0, 1, 0]])
    >>> print(numeric.multilabel_soft_margin_loss(x, y, reduction="none").round(6))
    [0.304756 0.253295]
    ```
    """
    m = _Multilabel("multilabel_soft_margin_loss", input, target, weight, reduction)
    loss = np.empty(m.z.shape[0], dtype=np.float64)
    for block, xb, yb, wb in m.blocks():
        work = np.empty((6, *xb.shape))
        value, _ = _bce_logits_block(xb, yb, None, work, True, False)  # (1 − y) softplus(x) + y softplus(−x)
        if wb is not None:
            value *= wb
        loss[block] = _divide(*_row_sum2(value), m.n_classes)  # C = 0: 0/0 = NaN, as torch gives
    return _reduce(loss.reshape(m.samples), m.reduction).astype(m.dtype)


def _divide(high: np.ndarray, low, c: int) -> np.ndarray:
    """(high + low)/c, rounded about once: the rounding of high/c is taken back with an exact product."""
    with np.errstate(invalid="ignore", divide="ignore"):
        q = high / c
        p, e = _two_product(q, float(c))
        q += np.where(np.isfinite(q), ((high - p) - e + low) / c, 0.0)  # high − p is exact (Sterbenz)
    return q


def multilabel_soft_margin_loss_grad(
    input, target, weight=None, reduction: str = "mean", grad_output=1.0
) -> np.ndarray:
    """∂ℓ/∂x_c = w_c [(1 − y_c) σ(x_c) − y_c σ(−x_c)] / C, which is w_c (σ(x_c) − y_c)/C, times the
    reduction's scale and ``grad_output`` (shape input.shape[:-1] for ``reduction='none'``, else a scalar);
    what torch's autograd gives for the input of ``F.multilabel_soft_margin_loss``.

    Same shapes and rules as ``multilabel_soft_margin_loss``;
    the result has the input's shape. σ(x) − y is formed without 1 − σ(x) (exact at y ∈ {0, 1}): within 2 ulp
    (float64), 4 ulp (float32); for 0 < y < 1, within 2 ulp of (1 − y) σ(x) + y σ(−x) where the two terms
    cancel.

    ```pycon
    >>> import numpy as np
    >>> from lossdocs import numeric
    >>> x = np.array([[2.0, -1.0, 0.5]])
    >>> y = np.array([[1, 0, 1]])
    >>> print(numeric.multilabel_soft_margin_loss_grad(x, y).round(6))
    [[-0.039734  0.089647 -0.125847]]
    ```
    """
    m = _Multilabel("multilabel_soft_margin_loss_grad", input, target, weight, reduction)
    g = check.grad_output(m.func, grad_output, m.samples if m.reduction == "none" else ())
    scale = np.broadcast_to(_scale(g, m.reduction, m.samples, m.z.shape[0]), m.samples).reshape(-1)
    grad = np.empty(m.z.shape, dtype=m.dtype)
    for block, xb, yb, wb in m.blocks():
        d = _sigmoid_difference_over(xb, yb, m.n_classes)  # ((1 − y) σ(x) − y σ(−x)) / C
        if wb is not None:
            d *= wb
        d *= scale[block][:, None]
        grad[block] = d
    return grad.reshape(m.x.shape)


def _sigmoid_difference_over(x: np.ndarray, y: np.ndarray, c: int) -> np.ndarray:
    """((1 − y) σ(x) − y σ(−x)) / c = ((1 − y) n₊ − y n₋) / (c (1 + e^{−|x|})), (n₊, n₋) as in
    _sigmoid_difference, with numerator and denominator in twice the precision: one rounding after e^{−|x|}
    (dividing the rounded σ(x) − y by c would round twice, 2.2 ulp at C = 3)."""
    e = np.exp(-np.abs(x))
    positive = x >= 0
    one_minus_y, one_minus_y_low = _two_sum(1.0, -y)
    high, low = _two_product(one_minus_y, np.where(positive, 1.0, e))
    low += one_minus_y_low * np.where(positive, 1.0, e)
    minus, minus_low = _two_product(y, np.where(positive, e, 1.0))
    numerator, numerator_low = _two_sum(high, -minus)
    numerator_low += low - minus_low
    total, total_low = _two_sum(1.0, e)  # 1 + e exactly
    denominator, denominator_low = _two_product(total, float(c))
    denominator_low += total_low * c
    with np.errstate(invalid="ignore", divide="ignore"):
        q = numerator / denominator
        back, back_low = _two_product(q, denominator)
        correction = ((numerator - back) - back_low + numerator_low - q * denominator_low) / denominator
    return q + np.where(np.isfinite(q), correction, 0.0)


def _backward_args(func, grad_output, output, dim, input_dtype):
    g = check.float_array(func, "grad_output", grad_output)
    out = check.float_array(func, "output", output)
    if g.dtype != out.dtype:
        raise TypeError(f"{func}: grad_output has dtype {g.dtype}; expected {out.dtype} like the output")
    if g.shape != out.shape:
        raise ValueError(f"{func}: grad_output has shape {g.shape}; expected the output's shape {out.shape}")
    if dim is None:
        raise ValueError(f"{func}: dim=None; expected an integer, the dim of the forward call")
    dim = _dim(func, dim, max(out.ndim, 1))
    kind = check.dtype(func, input_dtype)
    return g, out, dim, out.dtype if kind is None else kind


def _map_backward(g: np.ndarray, out: np.ndarray, dim: int, dtype, kernel) -> np.ndarray:
    if out.ndim == 0:
        return kernel(_f64(g).reshape(1, 1), _f64(out).reshape(1, 1)).reshape(()).astype(dtype)
    if out.size == 0:
        return np.empty(out.shape, dtype=dtype)
    gz, oz = _as_rows(g, dim), _as_rows(out, dim)
    result = np.empty(oz.shape, dtype=dtype)
    for block in _row_blocks(*oz.shape):
        result[block] = kernel(_f64(gz[block]), _f64(oz[block]))
    return np.ascontiguousarray(_from_rows(result, out.shape, dim))


def _softmax_vjp(g: np.ndarray, p: np.ndarray) -> np.ndarray:
    s, s_low = _row_sum3(np.concatenate(_two_product(g, p), axis=1))  # Σ_j g_j p_j, three times the precision
    d, d_low = _two_sum(g, -s[:, None])
    d_low -= s_low[:, None]
    d += d_low  # g_i − Σ g p, rounded once
    return p * d


def softmax_grad(grad_output, output, dim: int, input_dtype=None) -> np.ndarray:
    """The vector–Jacobian product of softmax: ∂L/∂z_i = p_i (g_i − Σ_j g_j p_j) along ``dim``, with
    p = ``output`` = softmax(z, dim) and g = ``grad_output`` = ∂L/∂p; torch's backward of
    ``F.softmax``, ``torch._softmax_backward_data(grad_output, output, dim, input_dtype)``.

    Unlike the losses' ``*_grad`` functions this takes the forward's *output*, as torch's backward does: it
    is what the forward already computed, and the product needs nothing else. ``grad_output`` and
    ``output`` have the same shape and dtype (any shape; ``dim`` is required and must be the forward's).
    ``input_dtype`` (None: the output's dtype) is the dtype of the result, for a forward that was called
    with ``dtype=``. Σ g p is summed in three times the precision, so the result is within 2 ulp (float64),
    4 ulp (float32) of the exact product of the given arrays, even where g_i − Σ g p cancels (a confident
    row: p = (1, 2e-17, …)).

    ```pycon
    >>> import numpy as np
    >>> from lossdocs import numeric
    >>> p = numeric.softmax(np.array([[2.0, -1.0, 0.5]]), dim=1)
    >>> g = np.array([[1.0, 0.0, 0.0]])  # the gradient of p_0
    >>> print(numeric.softmax_grad(g, p, dim=1).round(6))
    [[ 0.168434 -0.030727 -0.137708]]
    ```
    """
    g, out, dim, dtype = _backward_args("softmax_grad", grad_output, output, dim, input_dtype)
    return _map_backward(g, out, dim, dtype, _softmax_vjp)


def _log_softmax_vjp(g: np.ndarray, o: np.ndarray) -> np.ndarray:
    s, s_low = _row_sum2(g)  # Σ_j g_j in twice the precision
    s, s_low = s[:, None], s_low[:, None]
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(o)
        # p_i ≤ 1/2: g_i − p_i S, the product formed exactly
        product, product_low = _two_product(e, s)
        product_low += e * s_low
        small, small_low = _two_sum(g, -product)
        small += small_low - product_low
        # p_i > 1/2: (g_i − S) − (p_i − 1) S, with p_i − 1 = expm1(o_i) exact to 1 ulp (p_i − 1 would cancel)
        m = np.expm1(o)
        rest, rest_low = _two_sum(g, -s)
        rest_low -= s_low
        product, product_low = _two_product(s, m)
        product_low += s_low * m
        large, large_low = _two_sum(rest, -product)
        large += large_low + rest_low - product_low
    return np.where(e <= 0.5, small, large)


def log_softmax_grad(grad_output, output, dim: int, input_dtype=None) -> np.ndarray:
    """The vector–Jacobian product of log-softmax: ∂L/∂z_i = g_i − p_i Σ_j g_j along ``dim``, with
    p_i = e^{o_i}, o = ``output`` = log_softmax(z, dim) and g = ``grad_output``; torch's backward of
    ``F.log_softmax``, ``torch._log_softmax_backward_data(grad_output, output, dim, input_dtype)``.

    Arguments as ``softmax_grad`` (the forward's output, not its input). Σ g
    is summed in twice the precision and p_i Σ g formed exactly; for p_i > 1/2 the result is (g_i − Σ g) −
    (p_i − 1) Σ g with p_i − 1 = expm1(o_i), so that the gradient of a confident row (g = −onehot: p_t − 1)
    keeps its digits. Accuracy: within 2 ulp (float64), 4 ulp (float32) of |g_i| + p_i |Σ g| (where g_i and
    p_i Σ g cancel, the rounding of e^{o_i} remains); within 2 ulp of the result for one-hot g.

    ```pycon
    >>> import numpy as np
    >>> from lossdocs import numeric
    >>> o = numeric.log_softmax(np.array([[2.0, -1.0, 0.5]]), dim=1)
    >>> g = np.array([[-1.0, 0.0, 0.0]])  # nll_loss's gradient for class 0
    >>> print(numeric.log_softmax_grad(g, o, dim=1).round(6))
    [[-0.214403  0.039113  0.17529 ]]
    ```
    """
    g, out, dim, dtype = _backward_args("log_softmax_grad", grad_output, output, dim, input_dtype)
    return _map_backward(g, out, dim, dtype, _log_softmax_vjp)
