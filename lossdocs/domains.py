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
"""

from __future__ import annotations

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
