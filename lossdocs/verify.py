"""The checker: every step must be shown equal to the one before it."""

from __future__ import annotations

import sympy as sp

from lossdocs.derivation import Derivation, DerivationError
from lossdocs.functions import elementary


def _symbolic(before, after) -> bool:
    """True when SymPy proves ``before - after == 0``; never guesses."""
    difference = elementary(before) - elementary(after)
    for attempt in (sp.simplify, lambda d: sp.simplify(d.rewrite(sp.exp))):
        if attempt(difference) == 0:
            return True
    return False


CHECKS = {"symbolic": _symbolic}


def verify(derivation: Derivation) -> None:
    """Raise :class:`DerivationError` at the first step that is not proven."""
    before = derivation.start
    for n, step in enumerate(derivation.steps, 1):
        check = CHECKS.get(step.check)
        if check is None:
            raise ValueError(
                f"{derivation.id}, step {n}: check={step.check!r}, expected one of {sorted(CHECKS)}"
            )
        if not check(before, step.expr):
            raise DerivationError(derivation.id, n, before, step.expr, f"check: {step.check}")
        before = step.expr
