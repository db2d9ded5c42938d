"""The model: a derivation is data, a start expression followed by steps.

Each step claims that its expression equals the one before it.  The classes
are frozen so that a derivation can be shared, hashed and copied with
``dataclasses.replace``; nothing here knows about pages, files or MkDocs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lossdocs.domains import POINTS, domain_of

LANGS = ("ko", "en")
_DISPLAY = {"lang": "en"}


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"lang={lang!r}: expected one of {', '.join(map(repr, LANGS))}")
    return lang


KINDS = ("symbolic", "definition", "numeric")
ID = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+")


def set_language(lang: str) -> None:
    """The language in which a notebook shows derivations and numeric checks (``"en"`` until set).

    ```pycon
    >>> import lossdocs
    >>> lossdocs.set_language("ko")
    >>> lossdocs.get("sigmoid.derivative")._repr_markdown_().startswith("**유도")
    True
    >>> lossdocs.set_language("en")
    ```
    """
    _DISPLAY["lang"] = check_lang(lang)


def _expected(owner: str, name: str, value, expected: str) -> str:
    return f"{owner}: {name}={value!r}: expected {expected}"


def _sentence(owner: str, name: str, value) -> None:
    if not isinstance(value, str) or not value.strip():
        raise TypeError(_expected(owner, name, value, "a non-empty str"))


def _expression(owner: str, name: str, value) -> None:
    import sympy as sp

    if not isinstance(value, sp.Basic | int | float):
        raise TypeError(_expected(owner, name, value, "a SymPy expression"))


@dataclass(frozen=True)
class Text:
    """The same sentence in Korean and English; ``text(lang)`` picks one.

    ```pycon
    >>> from lossdocs import Text
    >>> Text(ko="로짓", en="logit")("ko")
    '로짓'
    ```
    """

    ko: str
    en: str

    def __post_init__(self) -> None:
        _sentence("Text", "ko", self.ko)
        _sentence("Text", "en", self.en)

    def __call__(self, lang: str) -> str:
        return getattr(self, check_lang(lang))


@dataclass(frozen=True)
class Step:
    """One link of the chain: ``expr`` equals the previous expression, for the reason given in Korean
    (``ko``) and English (``en``).

    ``check`` names how the claim is verified: ``"symbolic"`` (SymPy proves it),
    ``"definition"`` (the step introduces the names in ``define``, a mapping or pairs such as
    ``{p: sigmoid(x)}``, and the equality is proven with them substituted) or
    ``"numeric"`` (where SymPy cannot decide: not a proof but a test at up to 600 points across
    the symbols' domains, in interval arithmetic; labelled "tested at N points").

    ```pycon
    >>> import sympy as sp
    >>> from lossdocs import Step
    >>> x = sp.Symbol("x", real=True)
    >>> Step(2 * x, ko="같은 항을 더합니다.", en="Like terms add up.").check
    'symbolic'
    ```
    """

    expr: Any
    ko: str
    en: str
    check: str = "symbolic"
    define: tuple = ()

    def __post_init__(self) -> None:
        import sympy as sp

        _expression("Step", "expr", self.expr)
        _sentence("Step", "ko", self.ko)
        _sentence("Step", "en", self.en)
        if self.check not in KINDS:
            raise ValueError(_expected("Step", "check", self.check, f"one of {', '.join(map(repr, KINDS))}"))
        define = tuple(self.define.items()) if isinstance(self.define, dict) else self.define
        if not isinstance(define, tuple) or not all(
            isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[0], sp.Symbol) for pair in define
        ):
            raise TypeError(
                _expected("Step", "define", self.define, "{symbol: expression} or (symbol, expression) pairs")
            )
        for _, value in define:
            _expression("Step", "define", value)
        if bool(define) != (self.check == "definition"):
            raise ValueError(
                _expected(
                    "Step",
                    "define",
                    self.define,
                    f"definitions with check='definition' only (check={self.check!r})",
                )
            )
        object.__setattr__(self, "define", define)

    @property
    def why(self) -> Text:
        """The reason, in both languages."""
        return Text(self.ko, self.en)


@dataclass(frozen=True)
class Derivation:
    """A start expression and the steps that transform it, each one checked by ``verify()``.

    ```pycon
    >>> import sympy as sp
    >>> from lossdocs import Derivation, Step, Text
    >>> x = sp.Symbol("x", real=True)
    >>> twice = Derivation(
    ...     "mine.twice", Text(ko="두 배", en="Twice"), x + x,
    ...     (Step(2 * x, ko="같은 항을 더합니다.", en="Like terms add up."),),
    ... )
    >>> twice.verify().result
    2*x
    ```
    """

    id: str
    title: Text
    start: Any
    steps: tuple[Step, ...]
    domain: tuple = ()
    """Pairs ``(symbol, name)`` saying where numeric checks sample a symbol (see ``lossdocs.domains``)."""

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not ID.fullmatch(self.id):
            raise TypeError(
                _expected("Derivation", "id", self.id, "a str such as 'family.name' (lower case)")
            )
        owner = f"Derivation {self.id}"
        if not isinstance(self.title, Text):
            raise TypeError(_expected(owner, "title", self.title, "Text(ko=..., en=...)"))
        _expression(owner, "start", self.start)
        if not isinstance(self.steps, tuple):
            raise TypeError(_expected(owner, "steps", self.steps, "a tuple of Step"))
        if not self.steps:
            raise ValueError(_expected(owner, "steps", self.steps, "at least one Step"))
        for n, step in enumerate(self.steps, 1):
            if not isinstance(step, Step):
                raise TypeError(f"{owner}: step {n} is {type(step).__name__}, expected Step")
        if not isinstance(self.domain, tuple) or not all(
            isinstance(p, tuple) and len(p) == 2 for p in self.domain
        ):
            raise TypeError(_expected(owner, "domain", self.domain, "(symbol, domain name) pairs"))
        for symbol, name in self.domain:
            if name not in POINTS:
                raise ValueError(
                    f"{self.id}: domain of {symbol} is {name!r}, expected one of {sorted(POINTS)}"
                )

    @property
    def result(self) -> Any:
        """The expression the derivation ends with."""
        return self.steps[-1].expr

    @property
    def assumptions(self) -> dict[str, str]:
        """Each free symbol's name and the domain the checks assume for it, e.g. ``{"x": "real"}``."""
        import sympy as sp

        from lossdocs.verify import definitions

        defined = definitions(self)
        exprs = [self.start, *(step.expr for step in self.steps), *defined.values()]
        symbols = set().union(*(sp.sympify(e).free_symbols for e in exprs)) - set(defined)
        declared = dict(self.domain)
        return {str(s): domain_of(s, declared) for s in sorted(symbols, key=str)}

    def verify(self) -> Derivation:
        """Check every step (see ``lossdocs.verify``); raise `DerivationError` at the first failure."""
        from lossdocs.verify import verify

        verify(self)
        return self

    def latex(self, lang: str = "en") -> str:
        """The verified chain as a LaTeX ``aligned`` environment with the reasons in ``lang``.

        ```pycon
        >>> import lossdocs
        >>> print(lossdocs.get("logit.inverse").latex("ko").splitlines()[0])
        \\begin{aligned}
        ```
        """
        from lossdocs.render import latex

        return latex(self, lang)

    def markdown(self, lang: str = "en") -> str:
        """The verified derivation as Markdown (display math and numbered reasons) in ``lang``."""
        from lossdocs.render import markdown

        return markdown(self, lang)

    def code(self, target: str, dtype: str = "float64") -> str:
        """The verified result as source code for ``target``, a function of the parameters of
        `lambdify`, in its order: ``"javascript"`` (a function expression; ``dtype="float32"`` rounds
        every operation), ``"numpy"``, ``"torch"`` or ``"jax"`` (the imports and one ``def``, computing
        in the dtype of its arguments with the library's stable functions; see `lossdocs.codegen`).

        ```pycon
        >>> import lossdocs
        >>> print(lossdocs.get("sigmoid.derivative").code("jax").splitlines()[-1])
            return jax.nn.sigmoid(-x) * jax.nn.sigmoid(x)
        ```
        """
        from lossdocs.codegen import code

        return code(self, target, dtype)

    def lambdify(self):
        """The result as a NumPy function, keeping its stable forms (``log1p``, ``logaddexp``, lossdocs'
        ``sigmoid`` and ``softplus``).

        Its parameters are the result's free symbols once the derivation's definitions are substituted,
        in the order ``domain`` declares them, then the undeclared ones by name; ``inspect.signature``
        shows them, ``show`` and the pages name them.  A symbol the result does not depend on is not a
        parameter (y drops out of ``bce_logits.hessian``).  Arguments go by position or by name and may
        be arrays, floats, ints or lists.

        ```pycon
        >>> import inspect
        >>> import lossdocs
        >>> loss = lossdocs.get("bce_logits.simplify").lambdify()
        >>> inspect.signature(loss)
        <Signature (x, y)>
        >>> loss([0.0, 40.0], [1, 1])
        array([6.93147181e-01, 4.24835426e-18])
        >>> print(loss(x=0, y=1))
        0.6931471805599453
        ```
        """
        from lossdocs.numeric_checks import user_function

        return user_function(self)

    def numeric_checks(self):
        """The result at sample inputs: mpmath's exact value, NumPy's float64 value, the error in ulp.

        ```pycon
        >>> import lossdocs
        >>> lossdocs.get("logit.inverse").numeric_checks().max_ulp < 2
        True
        ```
        """
        from lossdocs.numeric_checks import numeric_checks

        return numeric_checks(self)

    def __repr__(self) -> str:
        return f"<Derivation {self.id}: {self.title('en')!r}, {len(self.steps)} steps>"

    def _repr_markdown_(self) -> str:
        """Jupyter shows a derivation as its title, the chain of equalities and the numbered reasons,
        in the language of `set_language`; a step that fails shows the failure instead."""
        from lossdocs.render import notebook_markdown

        try:
            return notebook_markdown(self, _DISPLAY["lang"])
        except DerivationError as error:
            return f"**{self.id}: not verified**\n\n```\n{error}\n```"

    def _repr_latex_(self) -> str | None:
        """The chain of equalities as display math (for front ends that prefer LaTeX); None when a step
        fails, so that Jupyter falls back to the Markdown, which says why."""
        try:
            return f"$$\n{self.latex(_DISPLAY['lang'])}\n$$"
        except DerivationError:
            return None


class DerivationError(Exception):
    """A step does not follow from the one before it.

    ```pycon
    >>> import sympy as sp
    >>> from lossdocs import Derivation, DerivationError, Step, Text
    >>> x = sp.Symbol("x", real=True)
    >>> step = Step(3 * x, ko="틀립니다.", en="Wrong.")
    >>> wrong = Derivation("mine.wrong", Text(ko="틀림", en="Wrong"), x + x, (step,))
    >>> try:
    ...     wrong.verify()
    ... except DerivationError as error:
    ...     print(error.derivation_id, error.step, error.before, error.after)
    mine.wrong 1 2*x 3*x
    ```
    """

    def __init__(self, derivation_id: str, step: int, before: Any, after: Any, detail: str = ""):
        self.derivation_id, self.step, self.before, self.after = derivation_id, step, before, after
        message = f"{derivation_id}, step {step}: could not show that\n    {before}\n  equals\n    {after}"
        super().__init__(message + (f"\n  ({detail})" if detail else ""))


DerivationError.__module__ = "lossdocs"  # tracebacks show the public name
