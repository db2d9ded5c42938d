"""The checker: every step must be shown equal to the one before it.

Check kinds (``Step.check``):

``symbolic``
    SymPy reduces ``before - after`` to 0.  The strategies, in order:
    ``simplify``; ``rewrite(exp)`` then simplify; ``expand_log`` (it splits a
    log only where the symbols' assumptions allow) then simplify; and a case
    split on the sign of every real symbol inside ``Max``/``Min``/``Abs``/
    ``Piecewise``/``sign``/``Heaviside`` (x > 0, x < 0, x = 0), each case
    simplified; and, for a power with a symbolic exponent such as u^γ, the
    base u taken as a positive unknown U wherever it occurs (an identity for
    every U > 0 holds at U = u), after checking that u is positive at the
    sample points.  Before any of them, a quick evaluation at moderate points
    (mpmath, 50 digits) rejects steps that are plainly false.
``definition``
    The step introduces names (``Step.define``, e.g. p = σ(x)).  The claim is
    still an equality: both sides, with every name defined so far substituted,
    must pass the symbolic check, and a defined name must occur in the step.
``numeric``
    For what SymPy cannot decide: the two sides agree to 40 significant digits
    (mpmath, 400-digit arithmetic, so cancellation cannot hide a difference) at
    every sample point of the symbols' domains (see ``lossdocs.domains``),
    extremes included.  At most a quarter of the points may be undefined on
    either side, and at least 8 (or all, if there are fewer) must remain;
    otherwise the check fails rather than pass on too little evidence.

Every step is checked with all definitions made before it substituted.
"""

from __future__ import annotations

import functools
import itertools
import random
from dataclasses import dataclass

import mpmath
import sympy as sp

from lossdocs import cache
from lossdocs.derivation import Derivation, DerivationError
from lossdocs.domains import POINTS, domain_of, moderate
from lossdocs.functions import elementary

MAX_POINTS = 600
DIGITS = 40
EXACT_DPS = 400


@dataclass(frozen=True)
class StepCheck:
    """How step ``step`` was shown to follow: its kind and the strategy that succeeded."""

    step: int
    kind: str
    method: str


def verify(derivation: Derivation) -> tuple[StepCheck, ...]:
    """Check every step; raise :class:`DerivationError` at the first one that is not shown."""
    digest = cache.digest(content_key(derivation))
    stored = _from_json(cache.load("verify", digest), len(derivation.steps))
    if stored is None:
        stored = _verify(derivation)
        cache.store("verify", digest, [[c.step, c.kind, c.method] for c in stored])
    return stored


def _from_json(value, n_steps: int) -> tuple[StepCheck, ...] | None:
    try:
        checks = tuple(StepCheck(int(s), str(k), str(m)) for s, k, m in value)
    except (TypeError, ValueError):
        return None
    return checks if [c.step for c in checks] == list(range(1, n_steps + 1)) else None


def content_key(derivation: Derivation) -> str:
    """A hash of the derivation's content that a check depends on: expressions, kinds, definitions and
    domains (not its reasons).  The checker's code and versions are in `lossdocs.cache.environment`."""
    parts = [derivation.id, sp.srepr(derivation.start), repr(sorted(map(repr, derivation.domain)))]
    for step in derivation.steps:
        parts += [sp.srepr(step.expr), step.check, sp.srepr(tuple(step.define))]
    return cache.key(*parts)


def definitions(derivation: Derivation) -> dict:
    """Every name the derivation defines, mapped to its definition."""
    return {name: value for step in derivation.steps for name, value in step.define}


def substitute(expr, defs: dict):
    """``expr`` with the defined names replaced, repeatedly, until none is left."""
    for _ in range(len(defs) + 1):
        if not set(defs) & sp.sympify(expr).free_symbols:
            break
        expr = sp.sympify(expr).subs(defs)
    return expr


def _verify(derivation: Derivation) -> tuple[StepCheck, ...]:
    defs: dict = {}
    domains = dict(derivation.domain)
    before, checks = derivation.start, []
    for n, step in enumerate(derivation.steps, 1):
        where = f"{derivation.id}, step {n}"
        for name, _ in step.define:
            if name in defs:
                raise ValueError(f"{where}: {name} is defined twice")
            if name not in sp.sympify(before).free_symbols | sp.sympify(step.expr).free_symbols:
                raise DerivationError(
                    derivation.id, n, before, step.expr, f"defines {name} but never uses it"
                )
        defs.update(step.define)
        lhs, rhs = (elementary(substitute(e, defs)) for e in (before, step.expr))
        method = _check(step.check, lhs, rhs, tuple(sorted(domains.items(), key=str)))
        if method is None:
            raise DerivationError(derivation.id, n, before, step.expr, f"check: {step.check}")
        checks.append(StepCheck(n, step.check, method))
        before = step.expr
    return tuple(checks)


@functools.lru_cache(maxsize=4096)
def _check(kind: str, lhs, rhs, domains: tuple) -> str | None:
    """The method that shows ``lhs == rhs``, or None.  Memoised: the mutation sweep re-checks prefixes."""
    declared = dict(domains)
    if kind == "numeric":
        return _numeric(lhs, rhs, declared)
    if _refuted(lhs, rhs, declared):
        return None
    return _symbolic(lhs - rhs) or _power_bases(lhs - rhs, declared)


STRATEGIES = (
    ("simplify", sp.simplify),
    ("rewrite(exp)", lambda d: sp.simplify(d.rewrite(sp.exp))),
    ("expand_log", lambda d: sp.simplify(sp.expand_log(d))),
)
KINKS = (sp.Max, sp.Min, sp.Abs, sp.Piecewise, sp.sign, sp.Heaviside)


def _symbolic(difference) -> str | None:
    for name, strategy in STRATEGIES:
        if strategy(difference) == 0:
            return name
    return _case_split(difference)


def _case_split(difference) -> str | None:
    kinks = difference.atoms(*KINKS)
    real = sorted({s for k in kinks for s in k.free_symbols if s.is_real}, key=str)
    if not real:
        return None
    positive = [sp.Dummy(f"{s}_pos", positive=True) for s in real]
    for signs in itertools.product((1, -1, 0), repeat=len(real)):
        case = difference.subs({s: sign * t for s, sign, t in zip(real, signs, positive, strict=True)})
        if not any(strategy(case) == 0 for _, strategy in STRATEGIES):
            return None
    return "case split on the sign of " + ", ".join(map(str, real))


def _power_bases(difference, declared: dict) -> str | None:
    """``difference`` with the base of every power with a symbolic exponent made a positive unknown, which
    SymPy treats as one quantity (u^γ / u is u^{γ-1}); only where each base is positive at the points."""
    bases = sorted({e.base for e in difference.atoms(sp.Pow) if not e.exp.is_Number}, key=sp.default_sort_key)
    if not bases:
        return None
    for base in bases:
        symbols = sorted(base.free_symbols, key=str)
        try:
            points = sample_points(symbols, declared, limit=40)
        except ValueError:
            return None
        if not all(v is not None and v > 0 for v in evaluate(base, symbols, points, 50)):
            return None
    unknowns = {base: sp.Dummy(f"u{k}", positive=True) for k, base in enumerate(bases, 1)}
    if _symbolic(difference.xreplace(unknowns)) is None:
        return None
    return "bases of symbolic powers as positive unknowns"


def sample_points(symbols, declared: dict, limit: int = MAX_POINTS, only_moderate: bool = False):
    """Deterministic sample points for ``symbols``: the product of their domains, thinned to ``limit``."""
    sets = [POINTS[domain_of(s, declared)] for s in symbols]
    if only_moderate:
        sets = [moderate(points) for points in sets]
    grid = list(itertools.product(*sets))
    return grid if len(grid) <= limit else random.Random(0).sample(grid, limit)


def evaluate(expr, symbols, points, dps: int = EXACT_DPS) -> list:
    """``expr`` at each point with mpmath at ``dps`` digits; None where it is undefined or not finite."""
    function = sp.lambdify(symbols, expr, "mpmath")
    values = []
    with mpmath.workdps(dps):
        for point in points:
            try:
                value = function(*(mpmath.mpf(v) for v in point))
            except (ArithmeticError, ValueError, TypeError):
                value = None
            if isinstance(value, mpmath.mpc):
                value = value.real if value.imag == 0 else None
            if value is not None:
                value = mpmath.mpf(value)
                value = value if mpmath.isfinite(value) else None
            values.append(value)
    return values


def _agree(a, b, digits: int) -> bool:
    return abs(a - b) <= mpmath.mpf(10) ** -digits * max(abs(a), abs(b))


def _refuted(lhs, rhs, declared: dict) -> bool:
    """True when the two sides differ at a moderate point: no identity can, at 50 digits."""
    symbols = sorted(lhs.free_symbols | rhs.free_symbols, key=str)
    try:
        points = sample_points(symbols, declared, limit=40, only_moderate=True)
    except ValueError:  # a symbol with no domain (e.g. complex): leave it to SymPy
        return False
    pairs = zip(evaluate(lhs, symbols, points, 50), evaluate(rhs, symbols, points, 50), strict=True)
    return any(a is not None and b is not None and not _agree(a, b, 20) for a, b in pairs)


def _numeric(lhs, rhs, declared: dict) -> str | None:
    symbols = sorted(lhs.free_symbols | rhs.free_symbols, key=str)
    points = sample_points(symbols, declared)
    pairs = list(zip(evaluate(lhs, symbols, points), evaluate(rhs, symbols, points), strict=True))
    defined = [(a, b) for a, b in pairs if a is not None and b is not None]
    if not defined or len(defined) < max(min(8, len(pairs)), 0.75 * len(pairs)):
        return None
    if not all(_agree(a, b, DIGITS) for a, b in defined):
        return None
    return f"mpmath: {len(defined)} of {len(pairs)} points agree to {DIGITS} digits"
