"""Where the numeric checks sample a symbol: named sets of deterministic points.

Each set includes the values where losses misbehave in floating point: logits of
±40 and ±700, probabilities within 1e-12 of 0 and 1.  "weight" is a positive
multiplier such as ``pos_weight``: checks sample a wide range, tables show two values.  "logit" is
one of C logits: sampled like "real", shown at three values so that a table of three logits has
every combination.  "classes" is a number of classes C, where a derivation keeps C a symbol.
"temperature" is a softmax temperature T > 0, small and large.  "unit" is a weight between 0 and 1
(the focal loss's α), "exponent" an exponent γ ≥ 0 (the focal loss's γ; 0 included, where u^γ = 1).
A symbol's domain is declared on its derivation or follows from its
assumptions (positive, real).

``POINTS`` are the few values the symbolic checks and the tables use.  The numeric check kind
samples more: :func:`sweep` covers each domain's whole range (`RANGES`) as floats can hold it.
"""

from __future__ import annotations

import functools
import math
import random
import sys
from dataclasses import dataclass

POINTS: dict[str, tuple[float, ...]] = {
    "real": (-700.0, -40.0, -36.7, -10.0, -3.0, -1.0, -0.5, 0.0, 0.25, 1.0, 2.5, 10.0, 40.0, 700.0),
    "probability": (1e-300, 1e-12, 1e-3, 0.1, 0.25, 0.5, 0.75, 0.9, 1 - 1e-3, 1 - 1e-12),
    "target": (0.0, 0.25, 0.5, 1.0),
    "positive": (1e-300, 1e-8, 0.5, 1.0, 3.0, 40.0, 1e8),
    "weight": (1e-8, 0.1, 0.5, 1.0, 3.0, 40.0, 1e4),
    "logit": (-700.0, -40.0, -36.7, -10.0, -3.0, -1.0, -0.5, 0.0, 0.25, 1.0, 2.5, 10.0, 30.0, 40.0, 700.0),
    "classes": (2.0, 3.0, 10.0, 1000.0),
    "temperature": (0.01, 0.05, 0.25, 0.5, 1.0, 2.0, 5.0, 20.0, 100.0),
    "unit": (0.0, 0.25, 0.5, 0.75, 1.0),
    "exponent": (0.0, 0.5, 1.0, 2.0, 5.0),
}

# The smaller sets shown in the numeric-check tables on the pages.
TABLE_POINTS: dict[str, tuple[float, ...]] = {
    "real": (-700.0, -40.0, -10.0, -1.0, 0.0, 1.0, 10.0, 40.0, 700.0),
    "probability": (1e-12, 1e-3, 0.25, 0.5, 0.75, 1 - 1e-3, 1 - 1e-12),
    "target": (0.0, 1.0),
    "positive": (1e-8, 0.5, 1.0, 3.0, 40.0),
    "weight": (0.5, 3.0),  # a class weight such as pos_weight: two values keep x × y × weight within 40 rows
    # One of C logits: checked on the real points, but a table of three logits shows every
    # combination of three values (27 rows): a logit far behind, level, and 30 ahead.
    "logit": (-700.0, 0.0, 30.0),
    "classes": (2.0, 3.0, 10.0),
    # A softmax temperature: the explorer's bounds.  At 0.05 a logit of 700 is 14000 after the division,
    # far beyond what e^{z/T} survives; at 20 every z/T of the table is within ±35.
    "temperature": (0.05, 20.0),
    # The focal loss's α and γ: one α and two γ keep a table of (α, γ, x, y) within 40 rows.
    "unit": (0.25,),
    "exponent": (0.5, 2.0),
}


def domain_of(symbol, declared: dict) -> str:
    """The domain name of ``symbol``: declared, else from its assumptions."""
    if symbol in declared:
        return declared[symbol]
    if symbol.is_positive:
        return "positive"
    if symbol.is_real:
        return "real"
    raise ValueError(
        f"symbol {symbol}: no domain to sample; declare it (one of {sorted(POINTS)}) or make it real"
    )


def moderate(points: tuple[float, ...]) -> tuple[float, ...]:
    """The points away from the extremes, where 50 digits cannot be lost to cancellation."""
    return tuple(p for p in points if 0.05 <= abs(p) <= 3.0 or p == 0.0)


@dataclass(frozen=True)
class Range:
    """A domain as an interval: its ends, whether each belongs to it, and whether only integers do."""

    low: float
    high: float
    low_closed: bool = False
    high_closed: bool = False
    integer: bool = False


INF = math.inf
RANGES: dict[str, Range] = {
    "real": Range(-INF, INF),
    "logit": Range(-INF, INF),
    "probability": Range(0.0, 1.0),
    "target": Range(0.0, 1.0, low_closed=True, high_closed=True),
    "unit": Range(0.0, 1.0, low_closed=True, high_closed=True),
    "positive": Range(0.0, INF),
    "weight": Range(0.0, INF),
    "temperature": Range(0.0, INF),
    "exponent": Range(0.0, INF, low_closed=True),
    "classes": Range(2.0, INF, low_closed=True, integer=True),
}

FLOAT_MAX = sys.float_info.max
# Every decade from 1e-20 to 1e20, every tenth one out to the float limits (the smallest subnormal
# and the largest float included), and the values where losses misbehave in float64.
MAGNITUDES: tuple[float, ...] = tuple(
    sorted(
        {
            5e-324,
            sys.float_info.min,
            *(10.0**k for k in range(-300, -20, 10)),
            *(10.0**k for k in range(-20, 21)),
            *(10.0**k for k in range(30, 309, 10)),
            FLOAT_MAX,
            0.25,
            0.5,
            2.5,
            36.7,
            40.0,
            88.7,
            700.0,
            709.8,
            745.2,
        }
    )
)
RANDOM_POINTS = 16
"""Seeded random points per domain, on top of the fixed ones: log-uniform magnitudes over the range."""


def _log_uniform(rng: random.Random, low: float, high: float) -> float:
    return 10.0 ** rng.uniform(math.log10(low), math.log10(high))


def sweep(name: str) -> tuple[float, ...]:
    """Sample points across the whole range of domain ``name``, sorted: its closed ends, points near
    each end (down to the float limits: 5e-324 above 0, the largest float below 1), log-spaced
    magnitudes out to ``FLOAT_MAX`` on each side the domain allows, ``POINTS[name]`` and
    `RANDOM_POINTS` seeded random points.  The same every run."""
    return _sweep(name)


@functools.cache
def _sweep(name: str) -> tuple[float, ...]:
    r = RANGES[name]
    rng = random.Random(f"lossdocs.domains.sweep:{name}")
    points = set(POINTS[name])
    points |= {v for v, closed in ((r.low, r.low_closed), (r.high, r.high_closed)) if closed}
    if r.high == INF:  # magnitudes above the low end (0 or 2), and below it when unbounded
        base = 0.0 if r.low == -INF else r.low
        points |= {base + m for m in MAGNITUDES}
        points |= {base + _log_uniform(rng, 5e-324, FLOAT_MAX) for _ in range(RANDOM_POINTS)}
        if r.low == -INF:
            points |= {0.0} | {-m for m in MAGNITUDES}
            points |= {-_log_uniform(rng, 5e-324, FLOAT_MAX) for _ in range(RANDOM_POINTS)}
    else:  # a bounded range, [0, 1]: near each end, the middle, and uniform random points
        width = r.high - r.low
        points |= {r.low + m * width for m in MAGNITUDES if m < 0.5}
        points |= {r.high - m * width for m in MAGNITUDES if 2.0**-53 <= m < 0.5}
        points |= {math.nextafter(r.high, -INF), r.low + width / 2}
        points |= {r.low + rng.random() * width for _ in range(RANDOM_POINTS)}
        points |= {r.low + _log_uniform(rng, 5e-324, 0.5) * width for _ in range(RANDOM_POINTS // 2)}
        points |= {r.high - _log_uniform(rng, 2.0**-53, 0.5) * width for _ in range(RANDOM_POINTS // 2)}
    if r.integer:
        points = {float(round(v)) if v < 2.0**53 else v for v in points}
    inside = {
        v
        for v in points
        if math.isfinite(v)
        and (r.low < v or (r.low_closed and v == r.low))
        and (v < r.high or (r.high_closed and v == r.high))
    }
    return tuple(sorted(inside))
