"""Which `lossdocs.numeric` call computes a derivation's result: one formula, held to its derivation.

A derivation ends in a stable form; `lossdocs.numeric` is the library that computes it.  Each entry of
`COUNTERPARTS` names the derivation's numeric counterpart and how to call it with the derivation's free
symbols (as keyword arguments, element by element).  The numeric-check tables measure this call, what a
user of `lossdocs.numeric` gets, and tests/test_counterparts.py sweeps every pair over the accuracy grid
against the exact value of the derived expression.  ``where`` is where the two are the same function:
numeric copies torch's clamps (log p ≥ −100, p(1 − p) ≥ 1e-12), which the unclamped derivations leave out
(`bce.clamp` and `bce.clamp_grad` derive the clamped forms).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from lossdocs import numeric


@dataclass(frozen=True)
class Counterpart:
    function: str
    """The name in `lossdocs.numeric`."""
    call: Callable[..., np.ndarray]
    """``call(**inputs)``: the derivation's free symbols by name (arrays of one shape) → its result."""
    where: Callable[..., np.ndarray] | None = None
    """``where(**inputs)``: the inputs at which the call computes the derivation's expression (None: all)."""


def _rows(*logits) -> np.ndarray:
    return np.stack(np.broadcast_arrays(*logits), axis=-1)


def _logits_loss(name: str):
    """A BCE-with-logits call of ``lossdocs.numeric.name`` with the derivation's x, y (and p_w)."""
    return lambda x, y, p_w=None: getattr(numeric, name)(x, y, reduction="none", pos_weight=p_w)


def _ce_grad(z1, z2, z3, column: int = 0, target=None, **options):
    """The gradient of logit ``column`` + 1; class-index target 0 (the derivations' class 1) by default."""
    z = _rows(z1, z2, z3)
    target = np.zeros(z.shape[:-1], dtype=np.int64) if target is None else target
    return numeric.cross_entropy_grad(z, target, reduction="none", **options)[..., column]


def _smoothed(epsilon, z1, z2, z3):
    """The gradient of the first logit with label_smoothing=epsilon (a float per call: one call per value)."""
    epsilon, z1, z2, z3 = np.broadcast_arrays(epsilon, z1, z2, z3)
    out = np.empty(epsilon.shape)
    for value in np.unique(epsilon):
        at = epsilon == value
        out[at] = _ce_grad(z1[at], z2[at], z3[at], label_smoothing=float(value))
    return out


def _per_value(call, key, *columns):
    """``call(value, *columns at value)`` for each distinct ``key`` value (a float argument per call)."""
    key, *columns = np.broadcast_arrays(key, *columns)
    out = np.empty(key.shape)
    for value in np.unique(key):
        at = key == value
        out[at] = call(float(value), *(c[at] for c in columns))
    return out


def _nll(w1, x1):
    """NLLLoss of target class 0 with input (x1, 0, 0) and class weights (w1, 1, 1)."""
    return _per_value(
        lambda w, x: numeric.nll_loss(
            _rows(x, 0, 0),
            np.zeros(x.shape, dtype=np.int64),
            weight=np.array([w, 1.0, 1.0]),
            reduction="none",
        ),
        w1,
        x1,
    )


def _nll_of_log_softmax_grad(z1, z2, z3):
    """The backward of F.nll_loss(F.log_softmax(z)) for target 0, chained as autograd chains it."""
    log_p = numeric.log_softmax(_rows(z1, z2, z3), dim=-1)
    g = numeric.nll_loss_grad(log_p, np.zeros(log_p.shape[0], dtype=np.int64), reduction="none")
    return numeric.log_softmax_grad(g, log_p, dim=-1)[..., 0]


def _soft_smoothed(epsilon, y1, y2, z1, z2, z3):
    """cross_entropy of the probability target (y1, y2, 1 − y1 − y2) with label_smoothing=epsilon."""
    return _per_value(
        lambda e, y1, y2, *z: numeric.cross_entropy(
            _rows(*z), _rows(y1, y2, 1 - y1 - y2), reduction="none", label_smoothing=e
        ),
        epsilon,
        y1,
        y2,
        z1,
        z2,
        z3,
    )


def _soft_smoothed_grad(epsilon, y1, z1, z2, z3):
    """The first logit's gradient for the probability target (y1, 1 − y1, 0) with label_smoothing=epsilon."""
    return _per_value(
        lambda e, y1, *z: _ce_grad(*z, target=_rows(y1, 1 - y1, 0 * y1), label_smoothing=e),
        epsilon,
        y1,
        z1,
        z2,
        z3,
    )


def _unclamped_log(p, y):
    return (np.log(p) > numeric.LOG_CLAMP) & (np.log1p(-p) > numeric.LOG_CLAMP)


COUNTERPARTS: dict[str, Counterpart] = {
    "bce.likelihood": Counterpart(
        "binary_cross_entropy",
        lambda p, y: numeric.binary_cross_entropy(p, y, reduction="none"),
        where=_unclamped_log,
    ),
    "bce.grad": Counterpart(
        "binary_cross_entropy_grad",
        lambda p, y: numeric.binary_cross_entropy_grad(p, y, reduction="none"),
        where=lambda p, y: p * (1 - p) > numeric.BCE_EPS,
    ),
    "bce_logits.simplify": Counterpart(
        "binary_cross_entropy_with_logits", _logits_loss("binary_cross_entropy_with_logits")
    ),
    "cross_entropy.binary_case": Counterpart(
        "binary_cross_entropy_with_logits", _logits_loss("binary_cross_entropy_with_logits")
    ),
    "bce_logits.pos_weight": Counterpart(
        "binary_cross_entropy_with_logits", _logits_loss("binary_cross_entropy_with_logits")
    ),
    "bce_logits.grad": Counterpart(
        "binary_cross_entropy_with_logits_grad", _logits_loss("binary_cross_entropy_with_logits_grad")
    ),
    "bce_logits.pos_weight_grad": Counterpart(
        "binary_cross_entropy_with_logits_grad", _logits_loss("binary_cross_entropy_with_logits_grad")
    ),
    "log_softmax.logsumexp": Counterpart(
        "log_softmax", lambda z1, z2, z3: numeric.log_softmax(_rows(z1, z2, z3), dim=-1)[..., 0]
    ),
    "cross_entropy.grad": Counterpart("cross_entropy_grad", _ce_grad),
    "cross_entropy.grad_other": Counterpart(
        "cross_entropy_grad", lambda z1, z2, z3: _ce_grad(z1, z2, z3, column=1)
    ),
    # probability targets (y₁, 1 − y₁, 0): the gradient of the first logit is p₁ − y₁
    "cross_entropy.grad_soft": Counterpart(
        "cross_entropy_grad",
        lambda y1, z1, z2, z3: _ce_grad(z1, z2, z3, target=_rows(y1, 1 - y1, 0 * y1)),
    ),
    "cross_entropy.label_smoothing_grad": Counterpart(
        "cross_entropy_grad", lambda epsilon, **z: _smoothed(epsilon, **z)
    ),
    "cross_entropy.soft_label_smoothing": Counterpart(
        "cross_entropy", _soft_smoothed, where=lambda y1, y2, **_: y1 + y2 <= 1
    ),
    "cross_entropy.soft_label_smoothing_grad": Counterpart("cross_entropy_grad", _soft_smoothed_grad),
    "nll.definition": Counterpart("nll_loss", _nll),
    "nll.log_softmax": Counterpart(
        "nll_loss",
        lambda z1, z2, z3: numeric.nll_loss(
            numeric.log_softmax(_rows(z1, z2, z3), dim=-1),
            np.zeros(np.shape(z1), dtype=np.int64),
            reduction="none",
        ),
    ),
    "nll.log_softmax_grad": Counterpart("nll_loss_grad", _nll_of_log_softmax_grad),
    # kl_div with a probability target; y = 0 adds 0 (the limit), which SymPy's y log y leaves undefined
    "kl_div.log_target": Counterpart(
        "kl_div", lambda x, y: numeric.kl_div(x, y, reduction="none"), where=lambda x, y: y > 0
    ),
    # the first class of the sample (x1, 0, 0) with labels (y1, 0, 0)
    "multilabel.grad": Counterpart(
        "multilabel_soft_margin_loss_grad",
        lambda x1, y1: numeric.multilabel_soft_margin_loss_grad(
            _rows(x1, 0 * x1, 0 * x1), _rows(y1, 0 * y1, 0 * y1), reduction="none"
        )[..., 0],
    ),
}
