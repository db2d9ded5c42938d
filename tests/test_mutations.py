"""Mutation sweep: every registered step, changed in the ways a derivation goes wrong, must fail there."""

from __future__ import annotations

import dataclasses

import pytest
import sympy as sp

import lossdocs
from lossdocs import DerivationError
from lossdocs.functions import elementary
from lossdocs.verify import definitions, evaluate, sample_points, substitute


def mutants(expr):
    """(name, mutated expression) pairs: the slips a hand derivation makes."""
    yield "add a constant", expr + sp.Rational(1, 7)
    yield "flip the sign", -expr
    for y in sorted((s for s in expr.free_symbols if s.name.startswith("y")), key=str):
        yield f"swap {y} and 1-{y}", expr.xreplace({y: 1 - y})
    sums = [node for node in sp.preorder_traversal(expr) if isinstance(node, sp.Add)]
    for node in sums[:2]:
        for term in node.args:
            try:
                mutant = expr.xreplace({node: sp.Add(*(t for t in node.args if t is not term))})
            except (TypeError, ValueError):  # e.g. Max(-100, log1p(-1)): SymPy cannot even build it
                continue
            yield "drop a term", mutant


def same_function(a, b, derivation) -> bool:
    """True when a and b agree at every moderate sample point: such a "mutant" is no mutant."""
    defs = definitions(derivation)
    a, b = (elementary(substitute(e, defs)) for e in (a, b))
    symbols = sorted(a.free_symbols | b.free_symbols, key=str)
    points = sample_points(symbols, dict(derivation.domain), limit=40, only_moderate=True)
    pairs = zip(evaluate(a, symbols, points, 30), evaluate(b, symbols, points, 30), strict=True)
    return all(u is None or v is None or abs(u - v) <= 1e-20 * max(abs(u), abs(v), 1) for u, v in pairs)


def with_step(derivation, n: int, expr):
    steps = list(derivation.steps)
    steps[n - 1] = dataclasses.replace(steps[n - 1], expr=expr)
    return dataclasses.replace(derivation, steps=tuple(steps))


@pytest.mark.parametrize("derivation_id", lossdocs.ids())
def test_every_mutant_of_every_step_is_caught(derivation_id):
    derivation = lossdocs.get(derivation_id)
    caught, missed = 0, []
    for n, step in enumerate(derivation.steps, 1):
        for name, mutant in mutants(step.expr):
            if same_function(mutant, step.expr, derivation):
                continue
            try:
                with_step(derivation, n, mutant).verify()
            except DerivationError as error:
                if error.step == n:
                    caught += 1
                    continue
            missed.append(f"{derivation_id} step {n}: {name}: {mutant}")
    assert missed == []
    assert caught >= len(derivation.steps), f"{derivation_id}: only {caught} mutants, none equivalent"
