"""Generated numeric checks: a derivation's result at sample inputs, exact and in float64.

For each sample point (``lossdocs.domains.TABLE_POINTS``, extremes included):
the exact value (mpmath, 400-digit arithmetic, shown to 50 significant digits),
the float64 value, and the error in ulp.  The float64 value is what a user gets:
the `lossdocs.numeric` counterpart of the derivation (`lossdocs.counterparts`)
where it has one (and computes the derived expression at every row), else the
result as written, evaluated through ``lambdify`` with `NUMPY` (so ``log1p``/
``logaddexp``/``sigmoid`` stay stable forms).  When the derivation starts from a
derivative ∂f/∂v, each row
also carries mpmath's central difference of f, the independent check of the
symbolic gradient.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import asdict, dataclass

import mpmath
import numpy as np
import sympy as sp

from lossdocs import cache, numeric
from lossdocs.counterparts import COUNTERPARTS
from lossdocs.derivation import Derivation
from lossdocs.domains import TABLE_POINTS, domain_of
from lossdocs.functions import elementary
from lossdocs.verify import EXACT_DPS, content_key, definitions, evaluate, substitute

SHOWN_DIGITS = 50
MAX_ROWS = 40
SHOWN_ROWS = 6  # a page's table shows this many representative rows; the rest are one click away


def _logsumexp(*z):
    return numeric.logsumexp(np.stack(np.broadcast_arrays(*(np.asarray(a, dtype=np.float64) for a in z))), 0)


NUMPY = {"sigmoid": numeric.sigmoid, "softplus": numeric.softplus, "logsumexp": _logsumexp}
"""The named functions of `lossdocs.functions` in floats, for ``sympy.lambdify``: lossdocs.numeric's own,
the one float implementation of each in the package."""


@dataclass(frozen=True)
class Row:
    inputs: tuple[tuple[str, float], ...]
    exact: str | None
    """mpmath's value to 50 significant digits; None where the result is undefined."""
    float64: float
    ulp: float
    """|float64 − exact| in units in the last place of the exact value (inf when float64 is not finite)."""
    central_difference: str | None = None


@dataclass(frozen=True)
class NumericChecks:
    derivation_id: str
    symbols: tuple[str, ...]
    gradient: bool
    rows: tuple[Row, ...]
    computed_by: str | None = None
    """The `lossdocs.numeric` function whose float64 values the table shows (`lossdocs.counterparts`), or
    None: the derivation's last expression, lambdified."""

    @property
    def max_ulp(self) -> float:
        return max(row.ulp for row in self.rows if row.exact is not None)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def __repr__(self) -> str:
        return (
            f"<NumericChecks {self.derivation_id}: {len(self.rows)} rows of {', '.join(self.symbols)}, "
            f"largest error {self.max_ulp:.2f} ulp>"
        )

    def to_records(self) -> list[dict]:
        """One dict per row: each input by name, then ``exact`` (mpmath's value as a decimal string, or
        None where the result is undefined), ``float64``, ``ulp`` and, for a gradient, ``central_difference``.

        ```pycon
        >>> import lossdocs
        >>> first = lossdocs.get("bce_logits.simplify").numeric_checks().to_records()[0]
        >>> sorted(first)
        ['exact', 'float64', 'ulp', 'x', 'y']
        ```
        """
        records = []
        for row in self.rows:
            record = {**dict(row.inputs), "exact": row.exact, "float64": row.float64, "ulp": row.ulp}
            if self.gradient:
                record["central_difference"] = row.central_difference
            records.append(record)
        return records

    def to_markdown(self, lang: str = "en") -> str:
        """Every row as a plain Markdown table, its head in ``lang`` (``"ko"`` or ``"en"``)."""
        from lossdocs.render import checks_markdown

        return checks_markdown(self, lang)

    def _repr_markdown_(self) -> str:
        from lossdocs.derivation import _DISPLAY

        return self.to_markdown(_DISPLAY["lang"])


def parameters(derivation: Derivation) -> list:
    """The inputs of the result as a function (the table's, lambdify's, generated code's): the result's
    free symbols once the derivation's definitions are substituted, in the order ``domain`` declares
    them, then the undeclared ones by name."""
    declared = {symbol: n for n, (symbol, _) in enumerate(derivation.domain)}
    free = substitute(derivation.result, definitions(derivation)).free_symbols
    return sorted(free, key=lambda s: (declared.get(s, len(declared)), str(s)))


def float_expression(derivation: Derivation):
    """The result as code computes it: defined names substituted, display-only wrappers gone
    (UnevaluatedExpr only keeps a display form; a printer need not see it)."""
    expr = substitute(derivation.result, definitions(derivation))
    return expr.replace(lambda e: isinstance(e, sp.UnevaluatedExpr), lambda e: e.args[0])


def float_function(derivation: Derivation):
    """The result as a NumPy function of the derivation's `parameters`."""
    return sp.lambdify(parameters(derivation), float_expression(derivation), modules=[NUMPY, "numpy"])


def _floats(value):
    """A list, tuple or int as float64 (``-[1, 2]`` and ``log(2)`` of an int are not what a loss means);
    floats and arrays as given, so that a float32 array stays float32."""
    if isinstance(value, list | tuple):
        return np.asarray(value, dtype=np.float64)
    if isinstance(value, int):
        return np.float64(value)
    return value


def user_function(derivation: Derivation):
    """`float_function` with the signature of `parameters` (by position or by name) that also takes
    lists and ints (`Derivation.lambdify`)."""
    import functools
    import inspect

    function = float_function(derivation)
    names = [str(s) for s in parameters(derivation)]
    kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
    signature = inspect.Signature([inspect.Parameter(name, kind) for name in names])

    @functools.wraps(function)
    def result(*args, **kwargs):
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError as error:
            raise TypeError(f"{derivation.id}: lambdify({', '.join(names)}): {error}") from None
        return function(*map(_floats, bound.args))

    result.__signature__ = signature
    result.__name__ = result.__qualname__ = derivation.id.replace(".", "_")
    return result


def ulp_error(value: float, exact) -> float:
    """|value − exact| / ulp(exact), with ulp taken in float64; inf when ``value`` is not finite."""
    if not math.isfinite(value):
        return math.inf
    spacing = np.spacing(abs(float(exact))) if math.isfinite(float(exact)) else np.finfo(float).max
    with mpmath.workdps(EXACT_DPS):
        return float(abs(mpmath.mpf(value) - exact) / mpmath.mpf(float(spacing)))


def numeric_checks(derivation: Derivation) -> NumericChecks:
    """The table of exact and float64 values of the verified result (cached on disk)."""
    derivation.verify()
    digest = cache.digest(content_key(derivation))
    stored = cache.load("numeric", digest)
    if stored is not None:
        try:
            rows = tuple(Row(**{**r, "inputs": tuple(map(tuple, r["inputs"]))}) for r in stored["rows"])
            fields = {k: stored[k] for k in ("derivation_id", "gradient", "computed_by")}
            return NumericChecks(**fields, symbols=tuple(stored["symbols"]), rows=rows)
        except (KeyError, TypeError):
            pass
    checks = _compute(derivation)
    cache.store("numeric", digest, {**asdict(checks), "rows": [asdict(r) for r in checks.rows]})
    return checks


def _compute(derivation: Derivation) -> NumericChecks:
    defs = definitions(derivation)
    symbols = parameters(derivation)
    declared = dict(derivation.domain)
    points = list(itertools.product(*(TABLE_POINTS[domain_of(s, declared)] for s in symbols)))[:MAX_ROWS]
    exact = evaluate(elementary(substitute(derivation.result, defs)), symbols, points)
    columns = {
        str(s): np.array(column, dtype=np.float64)
        for s, column in zip(symbols, np.array(points).T, strict=True)
    }
    counterpart = COUNTERPARTS.get(derivation.id)
    with np.errstate(all="ignore"):
        # at a row where numeric clamps like torch, the table shows the derived expression instead
        if (
            counterpart is not None
            and counterpart.where is not None
            and not counterpart.where(**columns).all()
        ):
            counterpart = None
        if counterpart is None:
            floats = [float(float_function(derivation)(*map(np.float64, p))) for p in points]
        else:
            floats = [float(v) for v in counterpart.call(**columns)]
    start = derivation.start
    gradient = isinstance(start, sp.Derivative) and len(start.variables) == 1
    differences = (
        _central_differences(start, defs, symbols, points, declared) if gradient else [None] * len(points)
    )
    rows = tuple(
        Row(
            inputs=tuple((str(s), v) for s, v in zip(symbols, point, strict=True)),
            exact=None if e is None else mpmath.nstr(e, SHOWN_DIGITS, min_fixed=-4, max_fixed=6),
            float64=f,
            ulp=math.nan if e is None else ulp_error(f, e),
            central_difference=d,
        )
        for point, e, f, d in zip(points, exact, floats, differences, strict=True)
    )
    computed_by = counterpart and counterpart.function
    return NumericChecks(derivation.id, tuple(map(str, symbols)), gradient, rows, computed_by)


def _central_differences(start, defs, symbols, points, declared) -> list[str | None]:
    """mpmath's central difference of f at each point, for a derivation that starts at ∂f/∂v.

    A symbol of f that the result does not depend on (y in ∂²ℓ/∂x²) is held at the first
    table value of its domain: the derivative cannot change with it if the derivation is right.
    So is v itself when the result does not depend on it (∂(e^t (t − x))/∂x = −e^t).
    """
    f = elementary(substitute(start.expr, defs))
    (v,) = start.variables
    names = list(symbols) if v in symbols else [*symbols, v]
    held = {s: TABLE_POINTS[domain_of(s, declared)][0] for s in f.free_symbols - set(names)}
    function = sp.lambdify(names, f.subs(held), "mpmath")
    where = names.index(v)
    extra = () if v in symbols else (TABLE_POINTS[domain_of(v, declared)][0],)
    out = []
    with mpmath.workdps(EXACT_DPS):
        for point in points:
            args = [mpmath.mpf(value) for value in (*point, *extra)]

            def along(t, args=args):
                return function(*args[:where], t, *args[where + 1 :])

            value = mpmath.diff(along, args[where], method="step", direction=0)
            out.append(mpmath.nstr(value, SHOWN_DIGITS, min_fixed=-4, max_fixed=6))
    return out


def representative(checks: NumericChecks, count: int = SHOWN_ROWS) -> tuple[int, ...]:
    """The indices of the rows a short table shows, in table order: the first and the last row (the
    table points are sorted, so these are the extremes), the row with the largest error, and rows of
    ordinary inputs (every |input| ≤ 10) spread over the table; every row when there are at most ``count``."""
    n = len(checks.rows)
    if n <= count:
        return tuple(range(n))
    errors = [row.ulp if row.exact is not None and math.isfinite(row.ulp) else -1.0 for row in checks.rows]
    chosen = {0, n - 1, max(range(n), key=errors.__getitem__)}
    ordinary = [i for i, row in enumerate(checks.rows) if all(abs(v) <= 10 for _, v in row.inputs)]
    step = max(1, len(ordinary) // (count - len(chosen) + 1))
    for i in ordinary[step // 2 :: step]:
        if len(chosen) < count:
            chosen.add(i)
    return tuple(sorted(chosen))
