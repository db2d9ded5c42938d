"""A derivation's result as source code for another runtime: today JavaScript, for the site's explorers.

The code is printed from the verified result, never written by hand: ``Derivation.code("javascript")`` is
a JavaScript function expression whose parameters are the result's free symbols sorted by name (those of
``Derivation.lambdify()``).  The named functions become their stable forms (``sigmoid`` as n/(1 + e^{-|u|})
with the rounding of the sum taken back, as `lossdocs.numeric` computes it,
``softplus(u) = max(u, 0) + log1p(e^{-|u|})`` with log1p(e) as log s + lo/s, 1 + e = s + lo, as
`lossdocs.numeric` computes it, ``logsumexp`` as ``m + log1p(r)`` with ``m`` its largest
argument, as in `lossdocs.numeric`), ``log1p`` and
``expm1`` JavaScript's own.  With ``dtype="float32"`` every operation's result is rounded with
``Math.fround``: what float32 arithmetic gives, with JavaScript's exp and log (not NumPy's kernels).
"""

from __future__ import annotations

import sympy as sp
from sympy.codegen.cfunctions import expm1, log1p

TARGETS = ("javascript",)
DTYPES = ("float64", "float32")

# The stable forms of the named functions, for a rounding R (identity in float64, Math.fround in float32).
_HELPERS = """\
  const sigmoid = (u) => {  // n / (1 + e), n = 1 or e = e^{-|u|}, the rounding of 1 + e taken back
    const e = R(Math.exp(-Math.abs(u))), s = R(1 + e), lo = R(R(e - R(s - 1)) / s);
    const n = R((u >= 0 ? 1 : e) / s);
    return R(n - R(lo * n));
  };
  const softplus = (u) => {  // max(u, 0) + log1p(e), e = e^{-|u|}: log s + lo/s, 1 + e = s + lo exactly
    const e = R(Math.exp(-Math.abs(u))), s = R(1 + e), lo = R(R(e - R(s - 1)) / s);
    return R(Math.max(u, 0) + R(R(Math.log(s)) + lo));
  };
  const logsumexp = (...z) => {  // m + log1p(r), r the sum of e^{z_i - m} over all but the maximum
    const k = z.indexOf(Math.max(...z)), m = z[k];
    if (!Number.isFinite(m)) return m;
    return R(m + R(Math.log1p(z.reduce((r, v, i) => i === k ? r : R(r + R(Math.exp(R(v - m)))), 0))));
  };
"""
_ROUNDING = {"float64": "(v) => v", "float32": "Math.fround"}


class _Printer:
    """Prints an expression of the derivations' vocabulary, rounding every operation's result with R."""

    def __init__(self, names: dict):
        self.names = names

    def __call__(self, e) -> str:
        if e.is_Symbol:
            return self.names[e]
        if e.is_Number:
            return self._number(e)
        if e is sp.S.Exp1:
            return "R(Math.E)"
        if e is sp.S.Pi:
            return "R(Math.PI)"
        if e.is_Add:  # in the order SymPy prints the terms, so the rounding follows NumPy's lambdify
            return self._fold("+", e.as_ordered_terms())
        if e.is_Mul:
            return self._mul(e)
        if e.is_Pow:
            return self._pow(*e.args)
        functions = {
            sp.exp: "Math.exp",
            sp.log: "Math.log",
            sp.Abs: "Math.abs",
            log1p: "Math.log1p",
            expm1: "Math.expm1",
        }
        name = type(e).__name__
        if e.func in functions:
            return f"R({functions[e.func]}({self(e.args[0])}))"
        if name in ("sigmoid", "softplus", "logsumexp"):
            return f"{name}({', '.join(self(a) for a in e.args)})"
        if name == "logaddexp":
            return f"logsumexp({self(e.args[0])}, {self(e.args[1])})"
        if e.func in (sp.Max, sp.Min):
            return f"Math.{e.func.__name__.lower()}({', '.join(self(a) for a in e.args)})"
        raise ValueError(f"no JavaScript for {e.func.__name__} in {e}")

    @staticmethod
    def _number(n) -> str:
        if n.is_Integer:
            return f"({int(n)})" if n < 0 else str(int(n))
        value = float(n)
        return f"R({value!r})" if value >= 0 else f"(-R({-value!r}))"

    def _fold(self, op: str, terms) -> str:
        out = self(terms[0])
        for term in terms[1:]:
            out = f"R({out} {op} {self(term)})"
        return out

    def _mul(self, e) -> str:
        """Factors in the order SymPy prints them (the coefficient first), so float32 rounds the products
        in the order NumPy would; divisions last."""
        coefficient, rest = e.as_coeff_Mul()
        factors = rest.as_ordered_factors()
        numerator = [f for f in factors if not (f.is_Pow and f.exp.is_Number and f.exp < 0)]
        denominator = [1 / f for f in factors if f not in numerator]
        if coefficient not in (1, -1):
            numerator.insert(0, coefficient)
        out = self._fold("*", numerator) if numerator else "1"
        for factor in denominator:
            out = f"R({out} / {self(factor)})"
        return f"(-{out})" if coefficient == -1 else out

    def _pow(self, base, exponent) -> str:
        if exponent == -1:
            return f"R(1 / {self(base)})"
        if exponent == 2:
            b = self(base)
            return f"R({b} * {b})"
        if exponent == sp.S.Half:
            return f"R(Math.sqrt({self(base)}))"
        return f"R(Math.pow({self(base)}, {self(exponent)}))"


def javascript(derivation, dtype: str = "float64") -> str:
    """The verified result of ``derivation`` as a JavaScript function expression in ``dtype``."""
    from lossdocs.numeric_checks import float_expression, parameters

    if dtype not in DTYPES:
        raise ValueError(f"dtype={dtype!r} is not valid; expected one of {', '.join(map(repr, DTYPES))}")
    derivation.verify()
    expr = float_expression(derivation)
    symbols = parameters(derivation)
    names = {s: f"v_{s.name}" for s in symbols}
    body = _Printer(names)(expr)
    parameters = ", ".join(names[s] for s in symbols)
    return (
        f"// {derivation.id}, {dtype}: generated by lossdocs from the verified result\n"
        f"(({parameters}) => {{\n  const R = {_ROUNDING[dtype]};\n{_HELPERS}"
        f"  {''.join(f'{names[s]} = R({names[s]}); ' for s in symbols)}\n"
        f"  return {body};\n}})"
    )


def code(derivation, target: str, dtype: str = "float64") -> str:
    if target not in TARGETS:
        raise ValueError(f"target={target!r} is not valid; expected one of {', '.join(map(repr, TARGETS))}")
    return javascript(derivation, dtype)
