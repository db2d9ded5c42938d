"""A derivation's result as source code for another runtime: JavaScript for the site's explorers, and
NumPy, PyTorch and JAX for a reader's program.

The code is printed from the verified result, never written by hand.  Every target takes the parameters
of ``Derivation.lambdify()``, with the same names, in the same order.

``Derivation.code("javascript")`` is a JavaScript function expression.  The named functions become their
stable forms (``sigmoid`` as n/(1 + e^{-|u|}) with the rounding of the sum taken back, as
`lossdocs.numeric` computes it, ``softplus(u) = max(u, 0) + log1p(e^{-|u|})`` with log1p(e) as
log s + lo/s, 1 + e = s + lo, as `lossdocs.numeric` computes it, ``logsumexp`` as ``m + log1p(r)`` with
``m`` its largest argument, as in `lossdocs.numeric`), ``log1p`` and ``expm1`` JavaScript's own.  With
``dtype="float32"`` every operation's result is rounded with ``Math.fround``: what float32 arithmetic
gives, with JavaScript's exp and log (not NumPy's kernels).

``"numpy"``, ``"torch"`` and ``"jax"`` give Python source: the imports, then one ``def`` named after the
id (``bce_logits.simplify`` → ``bce_logits_simplify``), computing in the dtype of its arguments (arrays,
tensors) with that library's stable functions: ``np.logaddexp``, ``torch.sigmoid``,
``torch.nn.functional.softplus``, ``torch.logaddexp``, ``jax.nn.sigmoid``, ``jax.nn.softplus``,
``jnp.logaddexp`` and the library's ``log1p`` and ``expm1``.  NumPy has no sigmoid: its function holds
lossdocs' n/(1 + e^{-|u|}) as a local helper.  ``torch.logsumexp`` and JAX's compute m + log(1 + r),
which is 0 where r is below an ulp of 1 (−LSE(0, −700, −700) is −2e-304, −LSE(30, 0, −700) loses three
digits): their functions hold lossdocs' m + log1p(r) as a local helper instead.  A constant
subexpression such as ``log(3)`` or ``e^{-100}`` is printed as its float64 value.
"""

from __future__ import annotations

import sympy as sp
from sympy.codegen.cfunctions import expm1, log1p


def _fraction(e) -> tuple:
    """A product as (its coefficient, the numerator's factors, the denominator's), the factors in the order
    SymPy prints them; a coefficient other than ±1 leads the numerator (±1 is left to the printer)."""
    coefficient, rest = e.as_coeff_Mul()
    factors = rest.as_ordered_factors()
    numerator = [f for f in factors if not (f.is_Pow and f.exp.is_Number and f.exp < 0)]
    denominator = [1 / f for f in factors if f not in numerator]
    if coefficient not in (1, -1):
        numerator.insert(0, coefficient)
    return coefficient, numerator, denominator


TARGETS = ("javascript", "numpy", "torch", "jax")
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
        coefficient, numerator, denominator = _fraction(e)
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


# What each Python target calls: its imports, its functions, and how it prints the named functions.
_PYTHON = {
    "numpy": {
        "imports": "import numpy as np",
        "functions": {
            sp.exp: "np.exp",
            sp.log: "np.log",
            sp.Abs: "np.abs",
            log1p: "np.log1p",
            expm1: "np.expm1",
        },
        "max": "np.maximum({a}, {b})",
        "min": "np.minimum({a}, {b})",
        "sqrt": "np.sqrt",
        "sigmoid": "sigmoid({u})",
        "softplus": "np.logaddexp(0.0, {u})",  # log(e^0 + e^u)
        "logaddexp": "np.logaddexp({a}, {b})",
        "logsumexp": "np.logaddexp.reduce(np.broadcast_arrays({z}))",
        "helpers": {
            "sigmoid": (
                "    def sigmoid(u):  # n / (1 + e), n = 1 or e = e^{-|u|}: no overflow for any u\n"
                "        e = np.exp(-np.abs(u))\n"
                "        return np.where(np.asarray(u) >= 0, 1.0, e) / (1.0 + e)\n"
            )
        },
    },
    "torch": {
        "imports": "import torch\nimport torch.nn.functional as F",
        "functions": {
            sp.exp: "torch.exp",
            sp.log: "torch.log",
            sp.Abs: "torch.abs",
            log1p: "torch.log1p",
            expm1: "torch.expm1",
        },
        "max": "torch.maximum({a}, {b})",
        "min": "torch.minimum({a}, {b})",
        "max_constant": "torch.clamp({a}, min={c})",
        "min_constant": "torch.clamp({a}, max={c})",
        "sqrt": "torch.sqrt",
        "sigmoid": "torch.sigmoid({u})",
        # Above the threshold softplus returns u itself: at 40, e^{-40}/40 is below half an ulp of float64.
        "softplus": "F.softplus({u}, beta=1.0, threshold=40.0)",
        "logaddexp": "torch.logaddexp({a}, {b})",
        "logsumexp": "logsumexp({z})",
        "helpers": {
            "logsumexp": (
                "    def logsumexp(*z):  # m + log1p(r), r = Σ e^{z_i - m} over all but the largest z_i = m\n"
                "        z = torch.stack(torch.broadcast_tensors(*map(torch.as_tensor, z)))\n"
                "        m, k = torch.max(z, dim=0)\n"
                "        r = torch.exp(z - m).scatter(0, k.unsqueeze(0), 0.0).sum(dim=0)\n"
                "        return torch.where(torch.isfinite(m), m + torch.log1p(r), m)\n"
            )
        },
    },
    "jax": {
        "imports": "import jax\nimport jax.numpy as jnp\nimport jax.scipy.special",
        "functions": {
            sp.exp: "jnp.exp",
            sp.log: "jnp.log",
            sp.Abs: "jnp.abs",
            log1p: "jnp.log1p",
            expm1: "jnp.expm1",
        },
        "max": "jnp.maximum({a}, {b})",
        "min": "jnp.minimum({a}, {b})",
        "sqrt": "jnp.sqrt",
        "sigmoid": "jax.nn.sigmoid({u})",
        "softplus": "jax.nn.softplus({u})",
        "logaddexp": "jnp.logaddexp({a}, {b})",
        "logsumexp": "logsumexp({z})",
        "helpers": {
            "logsumexp": (
                "    def logsumexp(*z):  # m + log1p(r), r = Σ e^{z_i - m} over all but the largest z_i = m\n"
                "        z = jnp.stack(jnp.broadcast_arrays(*z))\n"
                "        m, k = jnp.max(z, axis=0), jnp.argmax(z, axis=0)\n"
                "        others = jnp.arange(len(z)).reshape((-1,) + (1,) * m.ndim) != k\n"
                "        r = jnp.sum(jnp.where(others, jnp.exp(z - m), 0.0), axis=0)\n"
                "        return jnp.where(jnp.isfinite(m), m + jnp.log1p(r), m)\n"
            )
        },
    },
}


class _PythonPrinter:
    """Prints an expression of the derivations' vocabulary as Python for one of `_PYTHON`'s libraries,
    with the parentheses Python's precedence needs; records the local helpers it needs."""

    def __init__(self, target: str):
        self.spec = _PYTHON[target]
        self.helpers: set[str] = set()

    def __call__(self, e) -> str:
        spec = self.spec
        if e.is_Symbol:
            return e.name
        if e.is_Integer:
            return str(int(e))
        if not e.free_symbols:  # log(3), e^{-100}, 3/4: the float64 value, rounded once by SymPy
            return repr(float(e))
        if e.is_Add:
            terms = e.as_ordered_terms()
            out = self(terms[0])
            for term in terms[1:]:
                out += f" - {self(-term)}" if term.could_extract_minus_sign() else f" + {self(term)}"
            return out
        if e.is_Mul:
            return self._mul(e)
        if e.is_Pow:
            base, exponent = e.args
            if exponent == -1:
                return f"1 / {self._wrapped(base)}"
            if exponent == sp.S.Half:
                return f"{spec['sqrt']}({self(base)})"
            return f"{self._wrapped(base)} ** {self._wrapped(exponent)}"
        if e.func in spec["functions"]:
            return f"{spec['functions'][e.func]}({self(e.args[0])})"
        name = type(e).__name__
        if name in ("sigmoid", "softplus", "logsumexp"):
            self.helpers |= {name} & set(spec["helpers"])
        if name in ("sigmoid", "softplus"):
            return spec[name].format(u=self(e.args[0]))
        if name == "logaddexp":
            return spec["logaddexp"].format(a=self(e.args[0]), b=self(e.args[1]))
        if name == "logsumexp":
            return spec["logsumexp"].format(z=", ".join(self(z) for z in e.args))
        if e.func in (sp.Max, sp.Min):
            return self._extreme("max" if e.func is sp.Max else "min", e.args)
        raise ValueError(f"no Python code for {e.func.__name__} in {e}")

    def _wrapped(self, e) -> str:
        """``e`` as an operand of ``*``, ``/`` or ``**``: in parentheses unless a name, a call or a
        non-negative number."""
        text = self(e)
        atomic = (
            e.is_Symbol or (e.is_Number and e >= 0) or not (e.is_Add or e.is_Mul or e.is_Pow or e.is_Number)
        )
        return text if atomic and not text.startswith("-") else f"({text})"

    def _mul(self, e) -> str:
        coefficient, numerator, denominator = _fraction(e)
        out = " * ".join(self._wrapped(f) for f in numerator) if numerator else "1"
        for factor in denominator:
            out += f" / {self._wrapped(factor)}"
        return f"-{out}" if coefficient == -1 else out

    def _extreme(self, kind: str, args) -> str:
        constants = [a for a in args if not a.free_symbols]
        others = [self(a) for a in args if a.free_symbols]
        out = others[0]
        for other in others[1:]:
            out = self.spec[kind].format(a=out, b=other)
        if constants:
            c = self((sp.Max if kind == "max" else sp.Min)(*constants))
            out = self.spec.get(f"{kind}_constant", self.spec[kind]).format(a=out, b=c, c=c)
        return out


def python(derivation, target: str) -> str:
    """The verified result of ``derivation`` as Python source for ``target`` ("numpy", "torch", "jax"):
    the imports and one function of `Derivation.lambdify`'s parameters."""
    import keyword

    from lossdocs.numeric_checks import float_expression, parameters

    derivation.verify()
    names = [str(s) for s in parameters(derivation)]
    for name in names:
        if not name.isidentifier() or keyword.iskeyword(name):
            raise ValueError(f"{derivation.id}: parameter {name!r} is not a Python name; rename the symbol")
    printer = _PythonPrinter(target)
    body = printer(float_expression(derivation))
    helpers = "".join(printer.spec["helpers"][h] for h in sorted(printer.helpers))
    return (
        f"# {derivation.id}, {target}: generated by lossdocs from the verified result\n"
        f"{printer.spec['imports']}\n\n\n"
        f"def {derivation.id.replace('.', '_')}({', '.join(names)}):\n"
        f'    """`{derivation.id}`: its verified result, of the parameters of `lambdify()`."""\n'
        f"{helpers}"
        f"    return {body}\n"
    )


def code(derivation, target: str, dtype: str = "float64") -> str:
    if target not in TARGETS:
        raise ValueError(f"target={target!r} is not valid; expected one of {', '.join(map(repr, TARGETS))}")
    if target == "javascript":
        return javascript(derivation, dtype)
    if dtype != "float64":
        raise ValueError(
            f"dtype={dtype!r} is for 'javascript'; the {target} code computes in the dtype of its arguments"
        )
    return python(derivation, target)
