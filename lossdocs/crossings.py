"""The zero crossings of the gradients with soft targets: grids dense around each crossing, exact values.

A gradient that is a difference of two terms crosses zero where they are equal: σ(x) − y at x* = logit(y)
(BCE with logits, target 0 < y < 1), (1 − y) σ(x) − p y σ(−x) at x* = log(p y / (1 − y)) (``pos_weight``
p), p_c − q_c (cross-entropy with probability targets q) and p_c − ỹ_c (label smoothing, ỹ = (1 − ε)
onehot + ε/C) where the row's logit z_c makes them equal. Near x* the exact gradient is ≈ slope · (x − x*),
as small as the distance from x* to the nearest float allows, while the terms are of order 1: a result
that rounds either term once is off by many ulp of the result there.

Each grid holds, per crossing, the float nearest x* and 16 floats on either side, points at relative and
absolute distances 2^-1 … 2^-50 from x* on both sides, and the extremes ±40, ±700, ±inf, 0. The exact
values are mpmath at `lossdocs.accuracy.DIGITS` digits from the definitions (not from lossdocs.numeric),
of the float inputs as stored; errors are counted in ulp of the exact value (`lossdocs.accuracy.ulp_error`).
Used by tests/test_numeric_accuracy.py and the accuracy pages (through `lossdocs.accuracy.measure`).
"""

from __future__ import annotations

import functools

import mpmath as mp
import numpy as np

from lossdocs import accuracy as grid

SOFT_TARGETS = (0.25, 0.5, 0.875, 0.1, 0.3, 0.7, 0.9, 1e-3, 0.999, 1e-8, 0.5 + 2.0**-20)
POS_WEIGHTS = ((3.0, 0.25), (3.0, 0.5), (0.5, 0.875), (10.0, 0.1), (0.1, 0.3), (2.5, 0.999), (7.0, 1e-8))
# (p, y): σ(x)(1 + (p − 1) y) = p y at x* = log(p y/(1 − y))
ROW_TARGETS = ((0.8, 0.15, 0.05), (0.1, 0.6, 0.3), (0.5, 0.25, 0.25), (1e-6, 0.5, 0.499999), (0.3, 0.3, 0.4))
ROW_REST = (0.0, -1.0)  # the two other logits of a row; its first logit z_0 moves across the crossing
SMOOTHING = (0.1, 0.25)  # label_smoothing ε, 3 classes, target class 0
CASES = ("bce-soft", "bce-pos-weight", "ce-soft", "ce-smoothing")
EXTREMES = (40.0, -40.0, 700.0, -700.0, np.inf, -np.inf, 0.0)


def around(center, dtype) -> np.ndarray:
    """Floats of ``dtype`` around the real number ``center`` (an mpf): the nearest one and 16 on either
    side, then center·(1 ± 2^-j) and center ± 2^-j for j = 1 … 50, and the extremes."""
    dtype = np.dtype(dtype).type
    nearest = dtype(float(center))
    steps = [nearest]
    up = down = nearest
    for _ in range(16):
        up, down = np.nextafter(up, dtype(np.inf)), np.nextafter(down, dtype(-np.inf))
        steps += [up, down]
    spread = []
    for j in range(1, 51):
        d = mp.mpf(2) ** -j
        spread += [center * (1 + d), center * (1 - d), center + d, center - d]
    values = np.concatenate([np.array(steps, dtype), np.array([float(v) for v in spread]).astype(dtype)])
    return np.unique(np.concatenate([values, np.array(EXTREMES, dtype)]))


def _logit(a: mp.mpf, b: mp.mpf) -> mp.mpf:
    """log(b/a): the x at which a σ(x) = b σ(−x)."""
    return mp.log(b) - mp.log(a)


@functools.cache
def bce_grid(case: str, dtype) -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple]:
    """(x, y, pos_weight or None, exact (1 − y) σ(x) − p y σ(−x) as hi/lo pairs) for ``bce-soft`` or
    ``bce-pos-weight``."""
    dtype = np.dtype(dtype).type
    pairs = [(1.0, y) for y in SOFT_TARGETS] if case == "bce-soft" else POS_WEIGHTS
    xs, ys, ps, exact = [], [], [], []
    with mp.workdps(grid.DIGITS):
        for p, y in pairs:
            y, p = dtype(y), dtype(p)
            my, mpw = mp.mpf(float(y)), mp.mpf(float(p))
            x = around(_logit(1 - my, mpw * my), dtype)
            xs.append(x)
            ys.append(np.full_like(x, y))
            ps.append(np.full_like(x, p))
            for xi in x:
                xi = mp.mpf(float(xi))
                exact.append((1 - my) * grid._sigmoid(xi) - mpw * my * grid._sigmoid(-xi))
    pos_weight = None if case == "bce-soft" else np.concatenate(ps)
    return np.concatenate(xs), np.concatenate(ys), pos_weight, grid.split(exact)


def _row_exact(row, target) -> list:
    """p Σ target − target (the gradient of −Σ target · log p) of one row of logits, exactly (+inf logits
    share the probability)."""
    zs = [mp.mpf(float(v)) for v in row]
    top = max(zs)
    if mp.isinf(top):
        count = sum(1 for v in zs if v == top)
        p = [mp.mpf(1) / count if v == top else mp.mpf(0) for v in zs]
    else:
        e = [mp.exp(v - top) for v in zs]
        total = mp.fsum(e)
        p = [v / total for v in e]
    mass = mp.fsum(target)
    return [pi * mass - qi for pi, qi in zip(p, target, strict=True)]


@functools.cache
def ce_grid(case: str, dtype) -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple]:
    """(rows of 3 logits, target, each row's label_smoothing, exact gradient of cross_entropy with
    ``reduction='none'`` as hi/lo pairs, row by row) for ``ce-soft`` (probability targets, z_0 crossing
    p_0 Σq = q_0) or ``ce-smoothing`` (class 0 the target; z_0 crossing p_0 = 1 − ε + ε/3, then z_1
    crossing p_1 = ε/3)."""
    dtype = np.dtype(dtype).type
    blocks, targets, exact = [], [], []
    with mp.workdps(grid.DIGITS):
        rest = [mp.exp(mp.mpf(v)) for v in ROW_REST]
        if case == "ce-soft":
            settings = [(np.array(q, dtype), 0, None) for q in ROW_TARGETS]
        else:
            settings = [(None, c, eps) for eps in SMOOTHING for c in (0, 1)]
        smoothing = []
        for q, moving, eps in settings:
            if q is not None:
                target = [mp.mpf(float(v)) for v in q]
            else:
                e = mp.mpf(eps)
                target = [(1 - e) * (1 if c == 0 else 0) + e / 3 for c in range(3)]
            # the moving logit z with e^z / (e^z + others) = target / Σ target: z = logit(that) + log(others)
            others = mp.fsum(rest) if moving == 0 else mp.exp(mp.mpf(0)) + rest[1]
            share = target[moving] / mp.fsum(target)
            center = mp.log(share) - mp.log(1 - share) + mp.log(others)
            z = around(center, dtype)
            fixed = [float(v) for v in ROW_REST] if moving == 0 else [0.0, float(ROW_REST[1])]
            rows = np.empty((z.size, 3), dtype)
            rows[:, moving] = z
            rows[:, [c for c in range(3) if c != moving]] = fixed
            blocks.append(rows)
            smoothing.append(np.full(z.size, 0.0 if eps is None else eps))
            targets.append(np.broadcast_to(q, rows.shape) if q is not None else None)
            for row in rows:
                exact.extend(_row_exact(row, target))
    z = np.concatenate(blocks)
    target = np.concatenate(targets) if case == "ce-soft" else np.zeros(z.shape[0], dtype=np.int64)
    return z, target, np.concatenate(smoothing), grid.split(exact)


def errors(case: str, dtype, impl=None) -> tuple[np.ndarray, np.ndarray]:
    """(ulp errors, input of each error) of ``impl`` (lossdocs.numeric by default) on ``case``'s grid."""
    if impl is None:
        from lossdocs import numeric as impl
    dtype = np.dtype(dtype).type
    if case.startswith("bce"):
        x, y, pw, exact = bce_grid(case, dtype)
        got = impl.binary_cross_entropy_with_logits_grad(
            x, y, reduction="none", pos_weight=pw, grad_output=np.ones_like(x)
        )
        inputs = np.stack([x, y] if pw is None else [x, y, pw], axis=1)
        return grid.ulp_error(got, exact, dtype), inputs
    z, target, smoothing, exact = ce_grid(case, dtype)
    got = np.empty(z.shape)
    for eps in np.unique(smoothing):  # one call per value of label_smoothing
        rows = smoothing == eps
        ones = np.ones(int(rows.sum()))
        got[rows] = impl.cross_entropy_grad(
            z[rows], target[rows], reduction="none", label_smoothing=float(eps), grad_output=ones
        )
    return grid.ulp_error(got, exact, dtype), np.repeat(z, 3, axis=0)
