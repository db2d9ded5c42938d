"""Derivation ids to derivations, each built on first use (SymPy loads only then).

A content module registers each builder with ``@derivation("family.name")``; the modules are found
under `lossdocs.derivations` (pkgutil), so a new module or builder needs no list to be added to.
``ids()`` imports the modules but builds nothing; ``get(id)`` builds that one derivation, once.
"""

from __future__ import annotations

import difflib
import functools
import importlib
import pkgutil
from collections.abc import Callable

from lossdocs.derivation import ID, Derivation

_BUILDERS: dict[str, Callable[..., Derivation]] = {}


class UnknownDerivationError(LookupError):
    """No derivation has this id (see `get`)."""


def derivation(derivation_id: str):
    """Register the decorated builder under ``derivation_id``; it is called as ``builder(derivation_id,
    **options)`` and must return a Derivation of that id (options such as ``classes`` rebuild it)."""
    if not isinstance(derivation_id, str) or not ID.fullmatch(derivation_id):
        raise TypeError(f"derivation({derivation_id!r}): expected an id such as 'family.name'")

    def register(builder):
        if derivation_id in _BUILDERS:
            raise ValueError(f"derivation id {derivation_id!r} is registered twice")
        _BUILDERS[derivation_id] = builder
        return builder

    return register


@functools.cache
def _discover() -> None:
    from lossdocs import derivations

    for module in pkgutil.iter_modules(derivations.__path__):
        importlib.import_module(f"{derivations.__name__}.{module.name}")


def _close_ids(wanted: str) -> list[str]:
    """Up to three ids like ``wanted``: difflib's matches, without those far behind the best (with 60 ids a
    typo of `sigmoid.derivative` also resembles `tf.sigmoid_ce`)."""
    scored = sorted(
        ((difflib.SequenceMatcher(None, wanted, known).ratio(), known) for known in ids()), reverse=True
    )
    best = scored[0][0] if scored else 0.0
    return [known for score, known in scored[:3] if score >= max(0.5, best - 0.15)]


def ids() -> list[str]:
    """Every registered derivation id, sorted.

    ```pycon
    >>> import lossdocs
    >>> "sigmoid.derivative" in lossdocs.ids()
    True
    ```
    """
    _discover()
    return sorted(_BUILDERS)


def build(derivation_id: str, **options) -> Derivation:
    """A new build of ``derivation_id`` (e.g. ``classes=4`` for a categorical one); see `get`.

    ```pycon
    >>> import lossdocs
    >>> lossdocs.build("cross_entropy.definition", classes=4).start
    -P1*log(Q1) - P2*log(Q2) - P3*log(Q3) - P4*log(Q4)
    ```
    """
    _discover()
    try:
        builder = _BUILDERS[derivation_id]
    except (KeyError, TypeError):
        close = _close_ids(str(derivation_id))
        hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
        raise UnknownDerivationError(
            f"unknown derivation id {derivation_id!r}{hint} (known ids: {', '.join(ids())})"
        ) from None
    built = builder(derivation_id, **options)
    if not isinstance(built, Derivation) or built.id != derivation_id:
        raise TypeError(
            f"the builder of {derivation_id!r} returned {built!r}, expected a Derivation of that id"
        )
    return built


@functools.cache
def get(derivation_id: str) -> Derivation:
    """The derivation named ``derivation_id``; unknown ids name the closest known ones.

    ```pycon
    >>> import lossdocs
    >>> lossdocs.get("logit.inverse").result
    x
    >>> lossdocs.get("logit.invers")
    Traceback (most recent call last):
      ...
    lossdocs.registry.UnknownDerivationError: unknown derivation id 'logit.invers'; did you mean ...
    ```
    """
    return build(derivation_id)
