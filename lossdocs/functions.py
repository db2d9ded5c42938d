"""SymPy building blocks for derivations: named functions and display helpers.

A named function (``sigmoid``) prints as its usual symbol and knows its
definition through ``expand_func``; it deliberately has no derivative rule,
so a derivation cannot lean on the result it is meant to prove.
"""

from __future__ import annotations

import sympy as sp


class sigmoid(sp.Function):  # noqa: N801 - SymPy functions are lower-case, like sp.exp
    r"""The logistic function :math:`\sigma(x) = 1 / (1 + e^{-x})`."""

    nargs = 1

    def _eval_expand_func(self, **hints):
        return 1 / (1 + sp.exp(-self.args[0]))

    def _latex(self, printer, exp=None):
        tex = rf"\sigma\left({printer._print(self.args[0])}\right)"
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


def elementary(expr):
    """The expression in elementary functions: named functions expanded, derivatives done."""
    return sp.expand_func(sp.sympify(expr)).doit()
