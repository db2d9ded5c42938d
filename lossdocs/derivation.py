"""The model: a derivation is data, a start expression followed by steps.

Each step claims that its expression equals the one before it.  The classes
are frozen so that a derivation can be shared, hashed and copied with
``dataclasses.replace``; nothing here knows about pages, files or MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

LANGS = ("ko", "en")


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"lang={lang!r}: expected one of {', '.join(map(repr, LANGS))}")
    return lang


@dataclass(frozen=True)
class Text:
    """The same sentence in Korean and English; ``text(lang)`` picks one."""

    ko: str
    en: str

    def __call__(self, lang: str) -> str:
        return getattr(self, check_lang(lang))


@dataclass(frozen=True)
class Step:
    """One link of the chain: ``expr`` equals the previous expression because of ``why``."""

    expr: Any
    why: Text
    check: str = "symbolic"


@dataclass(frozen=True)
class Derivation:
    """A start expression and the steps that transform it, each one checked by ``verify()``."""

    id: str
    title: Text
    start: Any
    steps: tuple[Step, ...]

    def __post_init__(self) -> None:
        if not isinstance(self.steps, tuple):
            raise TypeError(f"steps={type(self.steps).__name__}: expected a tuple of Step")
        if not self.steps:
            raise ValueError(f"{self.id}: steps=(): expected at least one Step")
        for n, step in enumerate(self.steps, 1):
            if not isinstance(step, Step):
                raise TypeError(f"{self.id}: step {n} is {type(step).__name__}, expected Step")

    @property
    def result(self) -> Any:
        """The expression the derivation ends with."""
        return self.steps[-1].expr

    def verify(self) -> Derivation:
        """Check every step; raise :class:`DerivationError` at the first one that fails."""
        from lossdocs.verify import verify

        verify(self)
        return self

    def latex(self, lang: str = "en") -> str:
        from lossdocs.render import latex

        return latex(self, lang)

    def markdown(self, lang: str = "en") -> str:
        from lossdocs.render import markdown

        return markdown(self, lang)


class DerivationError(Exception):
    """A step does not follow from the one before it."""

    def __init__(self, derivation_id: str, step: int, before: Any, after: Any, detail: str = ""):
        self.derivation_id, self.step, self.before, self.after = derivation_id, step, before, after
        message = f"{derivation_id}, step {step}: could not show that\n    {before}\n  equals\n    {after}"
        super().__init__(message + (f"\n  ({detail})" if detail else ""))


DerivationError.__module__ = "lossdocs"  # tracebacks show the public name
