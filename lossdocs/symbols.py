"""The symbols the derivations share, declared once: one name, one meaning, one set of assumptions.

SymPy's checks lean on the assumptions (a positive p makes log p real), so a symbol declared twice with
different assumptions would be two different symbols that print the same.  A derivation's own auxiliary
names (p₁ = softmax(z)₁ in one step, say) stay in its builder.
"""

from __future__ import annotations

import sympy as sp

x = sp.Symbol("x", real=True)
"""A logit."""
y = sp.Symbol("y", real=True)
"""A binary target, 0 ≤ y ≤ 1 where the checks sample it (domain "target")."""
p = sp.Symbol("p", positive=True)
"""A probability (domain "probability")."""
pos_weight = sp.Symbol("p_w", positive=True)
"""BCEWithLogitsLoss's pos_weight."""
s = sp.Symbol("s", positive=True)
"""How far log p lies below BCELoss's clamp at −100: p = e^{−100−s}."""
temperature = sp.Symbol("T", positive=True)
"""A softmax temperature: the logits are divided by it (domain "temperature")."""
alpha = sp.Symbol("alpha", nonnegative=True)
"""The focal loss's class weight, 0 ≤ α ≤ 1 where the checks sample it (domain "unit")."""
gamma = sp.Symbol("gamma", nonnegative=True)
"""The focal loss's focusing exponent, γ ≥ 0 (domain "exponent")."""
epsilon = sp.Symbol("epsilon", positive=True)
"""A small positive constant: BCELoss's backward clamp, or the label-smoothing ε."""

EPSILON_FLOAT32 = sp.Rational(2305843, 2**61)
"""The 1e-12 of BCELoss's backward as the float32 constant it is, even for float64 tensors: 2305843 / 2^61."""


def indexed(prefix: str, count: int, **assumptions) -> tuple:
    """``prefix``1, …, ``prefix``count, e.g. the logits z1, z2, z3."""
    return sp.symbols(f"{prefix}1:{count + 1}", **assumptions)


def logits(classes: int) -> tuple:
    """The logits z1, …, zC."""
    return indexed("z", classes, real=True)
