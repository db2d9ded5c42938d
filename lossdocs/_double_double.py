"""Double-double arithmetic on float64 arrays, for the few elements where a gradient cancels.

A value is a pair hi + lo of float64 arrays (|lo| ≲ ulp(hi)), about 106 bits. The error-free
transformations are Knuth's two-sum and Dekker's two-product (splitting, no FMA), as in T. Ogita, S. Rump,
S. Oishi, "Accurate sum and dot product", SIAM J. Sci. Comput. 26 (2005); the exponential is Tang's
table method (P. T. P. Tang, "Table-driven implementation of the exponential function in IEEE
floating-point arithmetic", ACM TOMS 15 (1989)) carried in double-double. Private to lossdocs.numeric.
"""

from __future__ import annotations

import numpy as np

SPLITTER = 134217729.0  # 2^27 + 1: Dekker's split of a float64 into two 26-bit halves


def two_sum(a, b):
    """a + b = s + e exactly (Knuth)."""
    s = a + b
    bb = s - a
    return s, (a - (s - bb)) + (b - bb)


def fast_two_sum(a, b):
    """a + b = s + e exactly, for |a| ≥ |b| (Dekker)."""
    s = a + b
    return s, b - (s - a)


def split(a):
    """a = hi + lo exactly, each with at most 26 significant bits (|a| < 2^996)."""
    c = SPLITTER * a
    hi = c - (c - a)
    return hi, a - hi


def two_prod(a, b):
    """a b = p + e exactly (Dekker, without FMA)."""
    p = a * b
    ah, al = split(a)
    bh, bl = split(b)
    return p, ((ah * bh - p) + ah * bl + al * bh) + al * bl


def mul(ah, al, bh, bl):
    """(ah + al)(bh + bl), relative error below 2^-100."""
    p, e = two_prod(ah, bh)
    e += ah * bl + al * bh
    return fast_two_sum(p, e)


def add(ah, al, bh, bl):
    """(ah + al) + (bh + bl), absolute error below 2^-104 |a| + 2^-104 |b| (no cancellation lost: the
    leading parts are summed exactly)."""
    s, e = two_sum(ah, bh)
    e += al + bl
    return fast_two_sum(s, e)


def divide(nh, nl, dh, dl):
    """(nh + nl)/(dh + dl) as one float64: the quotient q = nh/dh corrected by the exact residual
    nh − q dh (two-product), within 0.5 ulp plus 2^-100 relative."""
    q = nh / dh
    p, e = two_prod(q, dh)
    return q + (((nh - p) - e) + nl - q * dl) / dh


# ln 2/128 = C1 + C2 + C3, C1 and C2 of 36 significant bits: k C1 and k C2 are exact for |k| < 2^17
LN2_128 = (0.005415212348111709, 1.2864023111614424e-14, 2.392063075014572e-26)
INV_LN2_128 = 184.6649652337873  # 128/ln 2 (rounded: it only picks k)
ROOT_128 = (1.0054299011128027, 9.499186535455032e-17)  # 2^(1/128) = hi + lo (mpmath, 60 digits)
EXP_MIN = -650.0  # below, lo (≈ 2^-80 hi) would be subnormal and lose its digits


def _table():
    """2^(j/128) for j = 0 … 127 as hi + lo, by repeated double-double products (error < 2^-96)."""
    hi, lo = np.empty(128), np.empty(128)
    hi[0], lo[0] = 1.0, 0.0
    for j in range(1, 128):
        h, low = mul(np.float64(hi[j - 1]), np.float64(lo[j - 1]), *map(np.float64, ROOT_128))
        hi[j], lo[j] = h, low
    return hi, lo


TABLE = _table()


def exp(t: np.ndarray):
    """e^t as hi + lo for float64 t in [EXP_MIN, 0], relative error below 2^-78.

    t = k ln2/128 + r with |r| ≤ ln2/256 (r = rh + rl, exact to 2^-80); e^t = 2^(k div 128) 2^(j/128) e^r,
    j = k mod 128; e^r − 1 = r + r²/2 + r³ Q(r), the r² term exact (two-product), Q in float64 (r³Q < 2^-28).
    """
    k = np.rint(t * INV_LN2_128)
    r1 = t - k * LN2_128[0]  # exact: k C1 is exact and within a factor 2 of t (Sterbenz)
    rh, rl = two_sum(r1, -k * LN2_128[1])
    rl -= k * LN2_128[2]
    s, s_lo = two_prod(rh, rh)
    q = 1 / 6 + rh * (1 / 24 + rh * (1 / 120 + rh * (1 / 720 + rh * (1 / 5040))))
    ph, pl = fast_two_sum(rh, 0.5 * s)
    pl += rl + (rh * rl + 0.5 * s_lo + rh * s * q)
    ki = k.astype(np.int64)
    j = ki & 127
    th, tl = TABLE[0][j], TABLE[1][j]
    p, p_lo = two_prod(th, ph)
    eh, el = fast_two_sum(th, p)
    el += p_lo + th * pl + tl * (1.0 + ph)
    m = (ki - j) >> 7
    return np.ldexp(eh, m), np.ldexp(el, m)


def sum_rows(hi, lo):
    """Σ along the last axis of (hi + lo) (R, C) as hi + lo (R,), two-sum by pairs (relative error below
    2^-100 for terms of one sign)."""
    while hi.shape[1] > 1:
        if hi.shape[1] % 2:
            hi = np.concatenate([hi, np.zeros((hi.shape[0], 1))], axis=1)
            lo = np.concatenate([lo, np.zeros((lo.shape[0], 1))], axis=1)
        hi, e = two_sum(hi[:, 0::2], hi[:, 1::2])
        lo = lo[:, 0::2] + lo[:, 1::2] + e
    return fast_two_sum(hi[:, 0], lo[:, 0])


def exp_shifted(z):
    """e^{z − max z} along the rows of z (R, C) as hi + lo, relative error below 2^-77 (z − max is exact as
    hi + lo; e^{hi + lo} = e^{hi}(1 + lo)); entries below EXP_MIN are e^{hi}(1 + lo) in float64 (< e^-650 of
    the sum, within 1 ulp of their own value)."""
    m = np.max(z, axis=1, keepdims=True)
    with np.errstate(invalid="ignore"):  # a −inf logit: th = −inf, its NaN tl is not used
        th, tl = two_sum(z, -m)
    small = th < EXP_MIN
    eh, el = exp(np.where(small, 0.0, th))
    el = el + eh * tl
    tiny = np.exp(th)
    tiny += tiny * np.where(np.isfinite(tl), tl, 0.0)  # e^{hi}(1 + lo): without lo, e^-700 was 45 ulp off
    return np.where(small, tiny, eh), np.where(small, 0.0, el)
