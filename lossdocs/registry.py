"""Derivation ids to derivations, built on first use (SymPy loads only then)."""

from __future__ import annotations

import difflib
import functools
import importlib

from lossdocs.derivation import Derivation

FAMILIES = ("sigmoid", "bce", "cross_entropy")


class UnknownDerivationError(LookupError):
    """No derivation has this id."""


@functools.cache
def _table() -> dict[str, Derivation]:
    table: dict[str, Derivation] = {}
    for family in FAMILIES:
        for derivation in importlib.import_module(f"lossdocs.derivations.{family}").derivations():
            if derivation.id in table:
                raise ValueError(f"derivation id {derivation.id!r} is defined twice")
            table[derivation.id] = derivation
    return table


def ids() -> list[str]:
    """Every registered derivation id, sorted."""
    return sorted(_table())


def get(derivation_id: str) -> Derivation:
    """The derivation named ``derivation_id``; unknown ids name the closest known ones."""
    try:
        return _table()[derivation_id]
    except KeyError:
        close = difflib.get_close_matches(str(derivation_id), ids(), n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
        raise UnknownDerivationError(
            f"unknown derivation id {derivation_id!r}{hint} (known ids: {', '.join(ids())})"
        ) from None
