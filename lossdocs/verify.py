"""The checker: every step must be shown equal to the one before it.

Check kinds (``Step.check``):

``symbolic``
    SymPy reduces ``before - after`` to 0.  The strategies, in order: first, each
    ``Max``/``Min``/``Abs``/``sign``/``Heaviside`` that interval arithmetic decides on the
    symbols' whole domains (e.g. max(log(1 − e^{−100−s}), −100) for s > 0) replaced by its
    value there, then the rest on what is left; ``simplify``; ``rewrite(exp)`` then simplify;
    ``expand_log`` (it splits a log only where the symbols' assumptions allow) then simplify;
    a case split on the sign of every real symbol inside ``Max``/``Min``/``Abs``/
    ``Piecewise``/``sign``/``Heaviside`` (x > 0, x < 0, x = 0), each case simplified; every
    symbol of the domain "probability" written as u/(1 + u) with u > 0, so that SymPy knows
    p and 1 − p are positive; and, for a power with a symbolic exponent such as u^γ, the base
    u taken as a positive unknown U wherever it occurs (an identity for every U > 0 holds at
    U = u), once u is proved positive on the domain (`proved_positive`; failing that, seen
    positive at sample points, and the method says so).  Before any of them, a quick
    evaluation at moderate points (mpmath, 50 digits) rejects steps that are plainly false.
``definition``
    The step introduces names (``Step.define``, e.g. p = σ(x)).  The claim is
    still an equality: both sides, with every name defined so far substituted,
    must pass the symbolic check, and a defined name must occur in the step.
``numeric``
    For users' steps SymPy cannot decide; it tests, it does not prove (every
    registered step is proved).  Each side is bounded in interval arithmetic
    (mpmath, 60 digits, then 400 and 1600 where fewer cannot tell) at up to
    ``MAX_POINTS`` points that sweep the symbols' domains across their whole range
    (``lossdocs.domains.sweep``: log-spaced magnitudes out to the float limits,
    both signs where the domain allows, its ends and near-ends, and seeded random
    points).  A point whose two enclosures are disjoint is a counterexample, so a
    huge magnitude cannot fail a true step through lost digits; both enclosures
    within 40 significant digits is agreement; anything else is left undecided.
    The step passes with no counterexample, at most a quarter of the points
    undefined on either side, and agreement at half of the rest and at least 8
    points (or all, if there are fewer); otherwise the check fails rather than
    pass on too little evidence.  It is labelled "tested at N points", N the
    points of agreement.

Every step is checked with all definitions made before it substituted.
"""

from __future__ import annotations

import functools
import itertools
import math
import random
from dataclasses import dataclass

import mpmath
import sympy as sp

from lossdocs import cache
from lossdocs.derivation import Derivation, DerivationError
from lossdocs.domains import POINTS, RANGES, domain_of, moderate, sweep
from lossdocs.functions import elementary

MAX_POINTS = 600
DIGITS = 40
EXACT_DPS = 400
LADDER_DPS = (60, EXACT_DPS, 1600)
"""The numeric kind's precisions: each point at 60 digits, and at the next where that cannot tell."""
EXP_LIMIT = mpmath.mpf(10) ** 400
"""The largest |a| bounded in e^a: far past any float, e.g. the inner e^{e^x} of a nested exponential."""


@dataclass(frozen=True)
class StepCheck:
    """How step ``step`` was shown to follow: its kind and the strategy that succeeded; for a numeric
    step, ``points`` is how many sample points it was tested at (the two sides agree there)."""

    step: int
    kind: str
    method: str
    points: int = 0

    @property
    def proved(self) -> bool:
        """True for a proof; False for a step only tested at sample points."""
        return self.kind != "numeric"


def verify(derivation: Derivation) -> tuple[StepCheck, ...]:
    """Check every step; raise `DerivationError` at the first one that is not shown."""
    digest = cache.digest(content_key(derivation))
    stored = _from_json(cache.load("verify", digest), len(derivation.steps))
    if stored is None:
        stored = _verify(derivation)
        cache.store("verify", digest, [[c.step, c.kind, c.method, c.points] for c in stored])
    return stored


def _from_json(value, n_steps: int) -> tuple[StepCheck, ...] | None:
    try:
        checks = tuple(StepCheck(int(s), str(k), str(m), int(n)) for s, k, m, n in value)
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
        method, detail = _check(step.check, lhs, rhs, tuple(sorted(domains.items(), key=str)))
        if method is None:
            why = f"check: {step.check}" + (f"; {detail}" if detail else "")
            raise DerivationError(derivation.id, n, before, step.expr, why)
        checks.append(StepCheck(n, step.check, method, int(detail) if step.check == "numeric" else 0))
        before = step.expr
    return tuple(checks)


@functools.lru_cache(maxsize=4096)
def _check(kind: str, lhs, rhs, domains: tuple) -> tuple[str | None, str]:
    """The method that shows ``lhs == rhs`` (None if none does) and a detail: for a numeric check the
    number of points tested when it passes, why not when it fails.  Memoised: the mutation sweep
    re-checks prefixes."""
    declared = dict(domains)
    if kind == "numeric":
        return _numeric(lhs, rhs, declared)
    if _refuted(lhs, rhs, declared):
        return None, ""
    difference = lhs - rhs
    # Deciding Max/Min on the domain first is cheap, and spares simplify a Max it cannot resolve.
    for strategy in (_kinks_on_the_domain, _symbolic, _probabilities_as_odds, _power_bases):
        method = strategy(difference) if strategy is _symbolic else strategy(difference, declared)
        if method is not None:
            return method, ""
    return None, ""


STRATEGIES = (
    ("simplify", sp.simplify),
    ("rewrite(exp)", lambda d: sp.simplify(d.rewrite(sp.exp))),
    ("expand_log", lambda d: sp.simplify(sp.expand_log(d))),
)
KINKS = (sp.Max, sp.Min, sp.Abs, sp.Piecewise, sp.sign, sp.Heaviside)


def _symbolic(difference, strategies=STRATEGIES) -> str | None:
    for name, strategy in strategies:
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
    SymPy treats as one quantity (u^γ / u is u^{γ-1}); only where each base is positive: proved by
    `proved_positive`, or else (a weaker claim, said in the method) seen positive at 40 sample points."""
    bases = sorted({e.base for e in difference.atoms(sp.Pow) if not e.exp.is_Number}, key=sp.default_sort_key)
    if not bases:
        return None
    proved = all(proved_positive(base, declared) for base in bases)
    for base in bases if not proved else ():
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
    return "bases of symbolic powers as positive unknowns" + (
        " (each base proved positive)" if proved else " (each base positive at 40 sample points, not proved)"
    )


def proved_positive(expr, declared: dict) -> bool:
    """True when SymPy shows ``expr > 0`` on the whole domain: each symbol of a [0, 1] domain taken at
    its closed ends and, inside, as u / (1 + u) with u > 0; each symbol of a positive domain as a
    positive unknown (a nonnegative one for "exponent"); every case must be positive."""
    options = []
    for symbol in sorted(expr.free_symbols, key=str):
        name = declared.get(symbol)
        if name is None:
            continue
        r = RANGES[name]
        if r.high == 1.0:
            u = sp.Dummy(f"{symbol}_odds", positive=True)
            ends = [
                sp.Integer(int(v)) for v, closed in ((r.low, r.low_closed), (r.high, r.high_closed)) if closed
            ]
            options.append((symbol, [u / (1 + u), *ends]))
        elif r.high == math.inf and r.low >= 0:
            unknown = (
                sp.Dummy(f"{symbol}_", nonnegative=True)
                if r.low_closed
                else sp.Dummy(f"{symbol}_", positive=True)
            )
            options.append((symbol, [unknown]))
    symbols = [symbol for symbol, _ in options]
    for values in itertools.product(*(values for _, values in options)):
        case = expr.xreplace(dict(zip(symbols, values, strict=True)))
        if not (case.is_positive or sp.together(case).is_positive):
            return False
    return True


def _probabilities_as_odds(difference, declared: dict) -> str | None:
    """Every symbol whose domain is "probability", the open interval (0, 1), written as u / (1 + u) with
    u > 0, which maps (0, ∞) onto (0, 1): SymPy then knows that p and 1 − p are positive, and splits
    their logs and powers.  An identity for every u > 0 holds for every p in (0, 1)."""
    odds = {}
    for symbol in sorted(difference.free_symbols, key=str):
        if declared.get(symbol) == "probability":
            u = sp.Dummy(f"{symbol}_odds", positive=True)
            odds[symbol] = u / (1 + u)
    # Splitting the logs is what the positivity is for: expand_log first.
    method = _symbolic(difference.xreplace(odds), STRATEGIES[2:] + STRATEGIES[:2]) if odds else None
    if method is None:
        return None
    return (
        "probabilities as odds (" + ", ".join(f"{s} = u/(1 + u), u > 0" for s in odds) + f"), then {method}"
    )


def _kinks_on_the_domain(difference, declared: dict) -> str | None:
    """Each Max or Min whose arguments' ranges never overlap, over the whole domain, replaced by the
    argument that is always the largest (smallest), and each Abs, sign or Heaviside of an argument of
    one sign by its value there; then the symbolic strategies.  The ranges are enclosures in interval
    arithmetic (mpmath, 60 digits) with every symbol over its whole domain (`RANGES`, ends included):
    a proof, not a sample.  E.g. max(log(1 − e^{−100−s}), −100) is log(1 − e^{−100−s}) for s ≥ 0."""
    symbols = sorted(difference.free_symbols, key=str)
    try:
        names = [domain_of(s, declared) for s in symbols]
    except ValueError:
        return None
    iv = mpmath.iv
    saved, iv.dps = iv.prec, 60
    try:
        box = {s: iv.mpf([RANGES[n].low, RANGES[n].high]) for s, n in zip(symbols, names, strict=True)}
        decided = 0
        while (found := _decided_kink(difference, box)) is not None:
            difference, decided = difference.xreplace(dict([found])), decided + 1
    finally:
        iv.prec = saved
    method = _symbolic(difference) if decided else None
    if method is None:
        return None
    return f"{decided} Max/Min/Abs/sign decided by interval arithmetic on the whole domain, then {method}"


def _decided_kink(expr, box: dict):
    """(kink, its value) for one Max/Min/Abs/sign/Heaviside in ``expr`` that interval arithmetic
    decides over ``box``, or None."""
    for kink in sorted(expr.atoms(sp.Max, sp.Min, sp.Abs, sp.sign, sp.Heaviside), key=sp.count_ops):
        arguments = kink.args if isinstance(kink, (sp.Max, sp.Min)) else kink.args[:1]
        try:
            ranges = [_bound(a, box, {}, finite=False) for a in arguments]
        except (_UndefinedError, _UndecidedError, ValueError, ZeroDivisionError, mpmath.libmp.ComplexResult):
            continue
        if isinstance(kink, (sp.Max, sp.Min)):
            for k, r in enumerate(ranges):
                others = [o for j, o in enumerate(ranges) if j != k]
                if isinstance(kink, sp.Max) and all(_lo(r) >= _hi(o) for o in others):
                    return kink, kink.args[k]
                if isinstance(kink, sp.Min) and all(_hi(r) <= _lo(o) for o in others):
                    return kink, kink.args[k]
            continue
        (r,), a = ranges, kink.args[0]
        if isinstance(kink, sp.Abs) and (_lo(r) >= 0 or _hi(r) <= 0):
            return kink, a if _lo(r) >= 0 else -a
        if isinstance(kink, (sp.sign, sp.Heaviside)) and (_lo(r) > 0 or _hi(r) < 0):
            below = -1 if isinstance(kink, sp.sign) else 0
            return kink, sp.Integer(1 if _lo(r) > 0 else below)
    return None


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


def sweep_points(symbols, declared: dict, limit: int = MAX_POINTS) -> list[tuple[float, ...]]:
    """The numeric kind's points for ``symbols``, the same every run: each symbol through its whole
    `sweep` (the others at seeded random values of theirs), and the grid of `POINTS`, which pairs the
    extremes; then seeded random points of the product of the sweeps.  Thinned to ``limit``, every
    sweep value of a lone symbol kept."""
    sweeps = [sweep(domain_of(s, declared)) for s in symbols]
    rng = random.Random("lossdocs.verify.sweep_points:" + ",".join(map(str, symbols)))
    axes = [
        tuple(v if j == k else rng.choice(others) for j, others in enumerate(sweeps))
        for k, values in enumerate(sweeps)
        for v in values
    ]
    grid = sample_points(symbols, declared, limit=max(limit // 4, 1))
    chosen = list(dict.fromkeys(axes + grid))
    if len(chosen) > limit:
        chosen = rng.sample(chosen, limit)
    spare = limit - len(chosen)
    if spare > 0 and len(symbols) > 1:
        chosen += [tuple(rng.choice(values) for values in sweeps) for _ in range(spare)]
    return list(dict.fromkeys(chosen))


class _UndefinedError(Exception):
    """The expression has no finite real value at the point."""


class _UndecidedError(Exception):
    """Interval arithmetic at this precision cannot tell (an enclosure straddles 0 where it matters)."""


def _exact(value) -> mpmath.ctx_iv.ivmpf:
    """A SymPy number as an interval that encloses it."""
    iv = mpmath.iv
    if value.is_Integer:
        return iv.mpf(int(value))
    if value.is_Rational:
        return iv.mpf(int(value.p)) / iv.mpf(int(value.q))
    if value.is_Float:
        return iv.mpf(mpmath.mp.make_mpf(value._mpf_))
    if value is sp.pi:
        return _widened(iv.pi)
    if value is sp.E:
        return _widened(iv.e)
    if value in (sp.oo, -sp.oo, sp.zoo, sp.nan) or value.is_real is False:
        raise _UndefinedError
    raise ValueError(f"numeric check: cannot bound the number {value} in interval arithmetic")


def _widened(value):
    """``value`` widened by 2^(16 − precision) of its magnitude at each end.  mpmath rounds its elementary
    functions to within an ulp or so, but not always outward: at 400 digits the upper end of
    iv.log(e^{1e220 + 745.2}) fell 5e-324 short of the true value."""
    iv = mpmath.iv
    lo, hi = _lo(value), _hi(value)
    with mpmath.workprec(iv.prec + 32):
        margin = mpmath.mpf(2) ** (16 - iv.prec)
        return iv.mpf([lo - abs(lo) * margin, hi + abs(hi) * margin])


def _lo(a) -> mpmath.mpf:
    """The lower end of an interval, as an exact mpf (``a.a`` is an interval again)."""
    return mpmath.mp.make_mpf(a._mpi_[0])


def _hi(a) -> mpmath.mpf:
    return mpmath.mp.make_mpf(a._mpi_[1])


def _sign(a) -> int | None:
    """-1, 0 or 1 where the enclosure ``a`` decides the sign, else None."""
    if _lo(a) > 0:
        return 1
    if _hi(a) < 0:
        return -1
    return 0 if _lo(a) == _hi(a) == 0 else None


def _decided_sign(a) -> int:
    sign = _sign(a)
    if sign is None:
        raise _UndecidedError
    return sign


def _power(base, exponent, exact_exponent):
    iv = mpmath.iv
    if exact_exponent is not None and exact_exponent.is_Integer:
        n = int(exact_exponent)
        if n >= 0:
            return base**n
        if _decided_sign(base) == 0:
            raise _UndefinedError
        return 1 / base ** (-n)
    sign = _decided_sign(base)
    if sign == 0:
        e = _decided_sign(exponent)
        if e < 0:
            raise _UndefinedError
        return iv.mpf(1) if e == 0 else iv.mpf(0)
    if sign < 0:
        raise _UndefinedError  # a negative base to a power that is not an integer: not real
    if exact_exponent == sp.S.Half:
        return _widened(iv.sqrt(base))
    return _widened(iv.exp(exponent * _widened(iv.log(base))))


def _holds(condition, env: dict, memo: dict, finite: bool) -> bool:
    if condition is sp.true:
        return True
    if condition is sp.false:
        return False
    if isinstance(condition, sp.And):
        return all(_holds(c, env, memo, finite) for c in condition.args)
    if isinstance(condition, sp.Or):
        return any(_holds(c, env, memo, finite) for c in condition.args)
    if isinstance(condition, sp.Not):
        return not _holds(condition.args[0], env, memo, finite)
    if isinstance(condition, sp.core.relational.Relational):
        sign = _decided_sign(_bound(condition.lhs - condition.rhs, env, memo, finite))
        return RELATIONS[condition.rel_op](sign)
    raise ValueError(f"numeric check: cannot decide the condition {condition} in interval arithmetic")


def _bound(expr, env: dict, memo: dict, finite: bool = True):
    """An interval (mpmath.iv, at its current precision) that encloses the value of ``expr`` with the
    symbols in the intervals ``env``; raises _UndefinedError or _UndecidedError.  With ``finite``
    (points), every enclosure must be finite and a log's argument positive; without it (a symbol's
    whole range, infinite ends included) enclosures may reach ±∞."""
    if expr in memo:
        return memo[expr]
    iv = mpmath.iv
    args = expr.args

    def sub(e):
        return _bound(e, env, memo, finite)

    if expr.is_Symbol:
        value = env[expr]
    elif expr.is_Number or expr.is_NumberSymbol or expr is sp.zoo or expr is sp.I:
        value = _exact(expr)
    elif expr.is_Add:
        value = sum((sub(a) for a in args[1:]), sub(args[0]))
    elif expr.is_Mul:
        value = sub(args[0])
        for a in args[1:]:
            value = value * sub(a)
    elif expr.is_Pow:
        exact = args[1] if args[1].is_Number else None
        value = _power(sub(args[0]), sub(args[1]), exact)
    elif isinstance(expr, sp.exp):
        a = sub(args[0])
        largest = max((abs(v) for v in (_lo(a), _hi(a)) if mpmath.isfinite(v)), default=0)
        if largest > EXP_LIMIT:
            raise _UndecidedError
        # mpmath raises e to an integer power when the argument is a large integer, slowly (0.1 s at
        # 1e308): shifted by 1/2, it reduces the argument by log 2 instead.
        half = iv.mpf(0.5)
        value = _widened(iv.exp(a) if largest < 1000 else iv.exp(a - half) * iv.exp(half))
    elif isinstance(expr, sp.log):
        a = sub(args[0])
        if finite and _decided_sign(a) <= 0:
            raise _UndefinedError
        if not finite and not (_lo(a) >= 0 and _hi(a) > 0):
            raise _UndecidedError
        value = _widened(iv.log(a))
    elif isinstance(expr, (sp.Max, sp.Min)):
        bounds = [sub(a) for a in args]
        pick = max if isinstance(expr, sp.Max) else min
        value = iv.mpf([pick(_lo(b) for b in bounds), pick(_hi(b) for b in bounds)])
    elif isinstance(expr, sp.Abs):
        a = sub(args[0])
        value = a if _lo(a) >= 0 else -a if _hi(a) <= 0 else iv.mpf([0, max(-_lo(a), _hi(a))])
    elif isinstance(expr, sp.sign):
        value = iv.mpf(_decided_sign(sub(args[0])))
    elif isinstance(expr, sp.Heaviside):
        sign = _decided_sign(sub(args[0]))
        at_zero = args[1] if len(args) > 1 else sp.S.Half
        value = iv.mpf(1 if sign > 0 else 0) if sign else sub(at_zero)
    elif isinstance(expr, sp.Piecewise):
        branch = next((e for e, c in args if _holds(c, env, memo, finite)), None)
        if branch is None:
            raise _UndefinedError
        value = sub(branch)
    elif isinstance(expr, (sp.sin, sp.cos)):
        value = _widened(getattr(iv, type(expr).__name__)(sub(args[0])))
    else:
        raise ValueError(
            f"numeric check: cannot bound {type(expr).__name__} in interval arithmetic "
            f"(in {expr}); write the step in exp, log, powers, Max/Min, Abs, sign, Heaviside or Piecewise"
        )
    if finite and not (mpmath.isfinite(_lo(value)) and mpmath.isfinite(_hi(value))):
        raise _UndecidedError
    memo[expr] = value
    return value


def compare(lhs, rhs, symbols, point, dps: int = EXACT_DPS) -> str:
    """How the two sides compare at ``point``, in interval arithmetic at ``dps`` digits: "differ" (their
    enclosures are disjoint: a proof that they differ there), "agree" (both enclosures overlap and are
    narrower than `DIGITS` significant digits), "undefined" (a side has no finite real value) or
    "undecided"."""
    return _compare(lhs, rhs, symbols, point, dps)[0]


RELATIONS = {
    "<": lambda sign: sign < 0,
    "<=": lambda sign: sign <= 0,
    ">": lambda sign: sign > 0,
    ">=": lambda sign: sign >= 0,
    "==": lambda sign: sign == 0,
    "!=": lambda sign: sign != 0,
}


def _compare(lhs, rhs, symbols, point, dps: int) -> tuple[str, tuple]:
    """`compare`'s outcome and the two enclosures (empty unless both sides were bounded)."""
    iv = mpmath.iv
    saved = iv.prec
    iv.dps = dps
    try:
        env = {s: iv.mpf(v) for s, v in zip(symbols, point, strict=True)}
        memo: dict = {}
        try:
            a = _bound(lhs, env, memo)
            b = _bound(rhs, env, memo)
        except _UndefinedError:
            return "undefined", ()
        except (_UndecidedError, ZeroDivisionError, mpmath.libmp.ComplexResult):
            return "undecided", ()
        if _hi(a) < _lo(b) or _hi(b) < _lo(a):
            return "differ", (a, b)
        tolerance = mpmath.mpf(10) ** -DIGITS * max(abs(_lo(a)), abs(_hi(a)), abs(_lo(b)), abs(_hi(b)))
        if _lo(a) <= 0 <= _hi(a) and _lo(b) <= 0 <= _hi(b):
            # Both sides are 0, or too near it for relative digits: agreement when both are within
            # 10^(100 − dps) of 0 at the highest precision.
            tolerance = mpmath.mpf(10) ** (100 - dps) if dps == LADDER_DPS[-1] else mpmath.mpf(0)
        narrow = _hi(a) - _lo(a) <= tolerance and _hi(b) - _lo(b) <= tolerance
        return ("agree" if narrow else "undecided"), (a, b)
    finally:
        iv.prec = saved


def _shown(a) -> str:
    """An enclosure as a number of 20 digits, or as its two ends where it is wider than that."""
    lo, hi = _lo(a), _hi(a)
    with mpmath.workdps(30):
        if abs(hi - lo) <= mpmath.mpf(10) ** -20 * max(abs(lo), abs(hi)):
            return mpmath.nstr((lo + hi) / 2, 20)
        return f"[{mpmath.nstr(lo, 20)}, {mpmath.nstr(hi, 20)}]"


def _numeric(lhs, rhs, declared: dict) -> tuple[str | None, str]:
    symbols = sorted(lhs.free_symbols | rhs.free_symbols, key=str)
    points = sweep_points(symbols, declared)
    counts = dict.fromkeys(("agree", "undefined", "undecided"), 0)
    for point in points:
        for dps in LADDER_DPS:
            outcome, _ = _compare(lhs, rhs, symbols, point, dps)
            if outcome != "undecided":
                break
        if outcome == "differ":  # shown from the narrowest enclosures, which still differ
            at = ", ".join(f"{s} = {v!r}" for s, v in zip(symbols, point, strict=True))
            a, b = map(_shown, _compare(lhs, rhs, symbols, point, LADDER_DPS[-1])[1])
            return None, f"at {at} the two sides are {a} and {b}"
        counts[outcome] += 1
    n, agree, undefined, undecided = len(points), counts["agree"], counts["undefined"], counts["undecided"]
    if undefined > n / 4 or agree < max(min(8, n), (n - undefined) / 2):
        return None, (
            f"agreement at only {agree} of {n} points ({undefined} undefined, "
            f"{undecided} undecided at {LADDER_DPS[-1]} digits)"
        )
    method = (
        f"tested at {agree} points: interval arithmetic (mpmath, {LADDER_DPS[0]} to {LADDER_DPS[-1]} digits) "
        f"agrees to {DIGITS} digits; {undefined} undefined and {undecided} undecided of {n}"
    )
    return method, str(agree)
