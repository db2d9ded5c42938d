"""SymPy building blocks for derivations: named functions and display helpers.

A named function (``sigmoid``, ``softplus``) prints as its usual symbol and knows
its definition through ``expand_func``; it deliberately has no derivative rule,
so a derivation cannot lean on the result it is meant to prove.  Numerically
meaningful forms (``log1p``, ``expm1``, ``logaddexp``) come from
``sympy.codegen``: a stable form is an expression, and lambdify turns it into
the matching NumPy call (the named functions into `lossdocs.numeric`'s, see
``lossdocs.numeric_checks.NUMPY``).
"""

from __future__ import annotations

import sympy as sp
from sympy.codegen.cfunctions import expm1, log1p
from sympy.codegen.numpy_nodes import logaddexp

__all__ = [
    "expm1",
    "log1p",
    "logaddexp",
    "sigmoid",
    "softplus",
    "logsumexp",
    "product",
    "elementary",
]


class _Named(sp.Function):
    """A function shown by name (``symbol``) and defined by ``definition(x)``."""

    nargs = 1
    symbol = ""

    @staticmethod
    def definition(x):
        raise NotImplementedError

    def _eval_expand_func(self, **hints):
        return self.definition(self.args[0])

    def _latex(self, printer, exp=None):
        tex = rf"{self.symbol}\left({printer._print(self.args[0])}\right)"
        return tex if exp is None else f"{tex}^{{{exp}}}"


class sigmoid(_Named):  # noqa: N801 - SymPy functions are lower-case, like sp.exp
    r"""The logistic function :math:`\sigma(x) = 1 / (1 + e^{-x})`."""

    symbol = r"\sigma"

    @staticmethod
    def definition(x):
        return 1 / (1 + sp.exp(-x))


class softplus(_Named):  # noqa: N801
    r""":math:`\operatorname{softplus}(x) = \log(1 + e^{x})`."""

    symbol = r"\operatorname{softplus}"

    @staticmethod
    def definition(x):
        return sp.log(1 + sp.exp(x))


class logsumexp(sp.Function):  # noqa: N801
    r""":math:`\operatorname{LSE}(z_1, \dots, z_C) = \log \sum_j e^{z_j}`, any number of arguments."""

    def _eval_expand_func(self, **hints):
        return sp.log(sp.Add(*(sp.exp(z) for z in self.args)))

    def _latex(self, printer, exp=None):
        tex = rf"\operatorname{{LSE}}\left({', '.join(printer._print(z) for z in self.args)}\right)"
        return tex if exp is None else f"{tex}^{{{exp}}}"


class Paren(sp.UnevaluatedExpr):
    """Keeps its argument as written and shows it in parentheses."""

    def _latex(self, printer):
        return rf"\left({printer._print(self.args[0])}\right)"


def product(*factors):
    """A product shown factor by factor, as a person writes it, not as SymPy sorts it."""
    shown = [Paren(f) if i and _is_negated(f) else sp.UnevaluatedExpr(f) for i, f in enumerate(factors)]
    return sp.Mul(*shown, evaluate=False)


def _is_negated(factor) -> bool:
    """A factor printed with a leading minus sign, which needs parentheses after another factor."""
    factor = sp.sympify(factor)
    return not factor.is_Add and bool(factor.as_coeff_Mul()[0].is_negative)


_CODEGEN = (log1p, expm1, logaddexp)


def elementary(expr):
    """The expression in elementary functions: named and codegen functions expanded, derivatives done."""
    expr = sp.expand_func(sp.sympify(expr))
    expr = expr.replace(lambda e: isinstance(e, _CODEGEN), lambda e: e.rewrite(sp.log).rewrite(sp.exp))
    return expr.doit()
