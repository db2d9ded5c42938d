"""Explorers: small widgets on the pages whose every readout is a derivation's generated JavaScript.

An explorer is data: its inputs (each sets one symbol of the derivations it shows) and its readouts (a
derivation's result in float64 or float32).  `html` writes the element the site embeds with an
``explorer NAME`` block; ``docs/assets/javascripts/explorers.js`` only wires inputs to readouts and
computes nothing itself.  The contract the browser tests hold every explorer to:

- the element has class ``lossdocs-explorer`` and ``data-derivation`` (the ids it evaluates);
- each ``<input>``'s ``name`` is the symbol it sets (a slider and a number box of one symbol share it);
- each ``<output>`` has ``data-quantity``, ``data-dtype``, ``data-derivation`` and ``data-parameters``
  (the derivation's parameters in order) and, once computed, ``data-value``: the full-precision value.
"""

from __future__ import annotations

import html as _html
import json
from dataclasses import dataclass

from lossdocs.derivation import Text, check_lang


@dataclass(frozen=True)
class Input:
    symbol: str
    label: Text
    low: float
    high: float
    step: float
    value: float


@dataclass(frozen=True)
class Readout:
    quantity: str  # e.g. "loss", "grad"
    derivation: str
    dtype: str  # "float64" or "float32"
    label: Text


@dataclass(frozen=True)
class Explorer:
    name: str
    caption: Text
    inputs: tuple[Input, ...]
    readouts: tuple[Readout, ...]

    @property
    def derivations(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.derivation for r in self.readouts))


LOGIT = Text(ko="로짓 x", en="logit x")
TARGET = Text(ko="정답 y", en="target y")
GENERATED = Text(
    ko="값은 모두 유도의 마지막 식({ids})을 자바스크립트로 옮긴 코드가 계산합니다. 코드는 빌드할 때 유도에서 "
    "생성합니다. float32 값은 모든 연산의 결과를 float32로 반올림한 값입니다. 기준은 float64 값이고, "
    "정확한 값과 2 ulp 이내입니다([정확도](../numeric/accuracy.md)).",
    en="Every value is computed by the derivations' last expressions ({ids}) as JavaScript, generated from "
    "the derivations when the site is built. The float32 values round every operation's result to float32. "
    "The reference is the float64 value, within 2 ulp of the exact value ([accuracy](../numeric/accuracy.md)).",
)


def readouts(*rows: tuple[str, str, str, str]) -> tuple[Readout, ...]:
    """Each (quantity, derivation, Korean label, English label) in float64, then in float32."""
    return tuple(
        Readout(quantity, derivation, dtype, Text(ko=f"{ko}, {dtype}", en=f"{en}, {dtype}"))
        for quantity, derivation, ko, en in rows
        for dtype in ("float64", "float32")
    )


EXPLORERS = {
    e.name: e
    for e in (
        Explorer(
            "bce-with-logits",
            Text(ko="로짓과 정답을 바꿔 보십시오.", en="Move the logit and the target."),
            (Input("x", LOGIT, -1000, 1000, 0.25, 40), Input("y", TARGET, 0, 1, 0.125, 0)),
            readouts(
                ("loss", "bce_logits.simplify", "손실", "loss"),
                ("grad", "bce_logits.grad", "그래디언트 ∂ℓ/∂x", "gradient ∂ℓ/∂x"),
            ),
        ),
        Explorer(
            "softmax",
            Text(
                ko="세 로짓을 움직여 보십시오. 정답은 클래스 1이고, 손실은 \\(-\\log p_1\\)입니다.",
                en="Move the three logits; the target is class 1, and the loss is \\(-\\log p_1\\).",
            ),
            tuple(
                Input(f"z{k}", Text(ko=f"로짓 z{k}", en=f"logit z{k}"), -1000, 1000, 0.25, value)
                for k, value in ((1, 0), (2, -700), (3, 30))
            ),
            readouts(
                (
                    "log-probability",
                    "log_softmax.logsumexp",
                    "log p₁(로그 소프트맥스)",
                    "log p₁ (log-softmax)",
                ),
                ("grad", "cross_entropy.grad", "∂ℓ/∂z₁ = p₁ − 1", "∂ℓ/∂z₁ = p₁ − 1"),
                ("grad-other", "cross_entropy.grad_other", "∂ℓ/∂z₂ = p₂", "∂ℓ/∂z₂ = p₂"),
            ),
        ),
        Explorer(
            "pos-weight",
            Text(
                ko="`pos_weight` \\(p_w\\)와 로짓, 정답을 바꿔 보십시오. \\(y = 1\\)이면 손실과 그래디언트가 모두 "
                "\\(p_w\\)배가 되고, \\(y = 0\\)이면 \\(p_w\\)와 무관합니다.",
                en="Move `pos_weight` \\(p_w\\), the logit and the target. For \\(y = 1\\) both the loss and the "
                "gradient are scaled by \\(p_w\\); for \\(y = 0\\) they do not depend on it.",
            ),
            (
                Input("p_w", Text(ko="pos_weight p_w", en="pos_weight p_w"), 0, 20, 0.5, 3),
                Input("x", LOGIT, -1000, 1000, 0.25, -2),
                Input("y", TARGET, 0, 1, 0.125, 1),
            ),
            readouts(
                ("loss", "bce_logits.pos_weight", "손실", "loss"),
                ("grad", "bce_logits.pos_weight_grad", "그래디언트 ∂ℓ/∂x", "gradient ∂ℓ/∂x"),
            ),
        ),
        Explorer(
            "focal",
            Text(
                ko="\\(\\gamma\\)를 0에서 키워 보십시오. \\(\\gamma = 0\\)이면 초점 손실은 BCE에 "
                "\\(\\alpha_t\\)를 곱한 값입니다. 잘 맞힌 샘플(\\(y = 1\\), \\(x = 3\\))에서는 \\(\\gamma\\)가 "
                "커질수록 손실과 그래디언트가 BCE보다 훨씬 작아지고, 틀린 샘플(\\(x = -3\\))에서는 "
                "\\(\\gamma\\)에 따라 거의 변하지 않습니다. \\(\\gamma < 1\\), \\(x = 1000\\)에서도 그래디언트는 "
                "NaN이 아닌 수입니다. `focal.general_grad`의 마지막 꼴이 이를 위한 것입니다.",
                en="Raise \\(\\gamma\\) from 0. At \\(\\gamma = 0\\) the focal loss is the BCE times "
                "\\(\\alpha_t\\). For a well-classified sample (\\(y = 1\\), \\(x = 3\\)) the loss and the "
                "gradient fall far below the BCE's as \\(\\gamma\\) grows; for a misclassified one "
                "(\\(x = -3\\)) they change little with \\(\\gamma\\). With \\(\\gamma < 1\\) and \\(x = 1000\\) "
                "the gradient is still a number, not NaN: that is what the last form of `focal.general_grad` "
                "is for.",
            ),
            (
                Input("gamma", Text(ko="지수 γ", en="exponent γ"), 0, 5, 0.1, 2),
                Input("alpha", Text(ko="가중치 α", en="weight α"), 0, 1, 0.025, 0.25),
                Input("x", LOGIT, -1000, 1000, 0.25, 3),
                Input("y", TARGET, 0, 1, 0.125, 1),
            ),
            readouts(
                ("loss", "focal.general", "초점 손실", "focal loss"),
                ("grad", "focal.general_grad", "초점 손실 그래디언트 ∂ℓ/∂x", "focal gradient ∂ℓ/∂x"),
                ("bce-loss", "bce_logits.simplify", "BCE 손실", "BCE loss"),
                ("bce-grad", "bce_logits.grad", "BCE 그래디언트 ∂ℓ/∂x", "BCE gradient ∂ℓ/∂x"),
            ),
        ),
    )
}

NOSCRIPT = Text(
    ko="이 계산기는 자바스크립트로 동작합니다. 같은 식의 값은 위 수치 검증 표에 있습니다.",
    en="This calculator needs JavaScript. The same expressions' values are in the numeric checks above.",
)


def get(name: str) -> Explorer:
    if name not in EXPLORERS:
        raise LookupError(f"no explorer {name!r}: expected one of {', '.join(map(repr, EXPLORERS))}")
    return EXPLORERS[name]


def html(explorer: str | Explorer, lang: str = "en") -> str:
    """The explorer (a name of `EXPLORERS`, or an `Explorer`) as the HTML (and Markdown caption) a page
    embeds, in ``lang``."""
    import lossdocs
    from lossdocs.numeric_checks import parameters as derivation_parameters

    check_lang(lang)
    explorer = get(explorer) if isinstance(explorer, str) else explorer
    name = explorer.name
    functions, parameters = [], {}
    for derivation_id in explorer.derivations:
        derivation = lossdocs.get(derivation_id)
        parameters[derivation_id] = [s.name for s in derivation_parameters(derivation)]
        for dtype in ("float64", "float32"):
            source = derivation.code("javascript", dtype)
            functions.append(f"lossdocs[{json.dumps(f'{derivation_id}/{dtype}')}] = {source};")
    known = {i.symbol for i in explorer.inputs}
    for derivation_id, names in parameters.items():
        if not set(names) <= known:
            raise ValueError(
                f"explorer {name!r}: {derivation_id} needs {names}, the inputs set {sorted(known)}"
            )
    lines = [
        f'<div class="lossdocs-explorer" data-explorer="{name}" '
        f'data-derivation="{" ".join(explorer.derivations)}" markdown>',
        "",
        explorer.caption(lang)
        + " "
        + GENERATED(lang).format(
            ids=", ".join(f"`{derivation_id}`" for derivation_id in explorer.derivations)
        ),
        "",
        '<div class="lossdocs-explorer__inputs">',
    ]
    for i in explorer.inputs:
        label = _html.escape(i.label(lang))
        bounds = f'min="{i.low}" max="{i.high}" step="{i.step}" value="{i.value}"'
        lines.append(
            f'<label>{label} <input type="range" name="{i.symbol}" {bounds}></label> '
            f'<input type="number" name="{i.symbol}" {bounds} aria-label="{label}">'
        )
    lines += ["</div>", '<dl class="lossdocs-explorer__readouts">']
    for r in explorer.readouts:
        lines.append(
            f'<dt>{_html.escape(r.label(lang))}</dt><dd><output data-quantity="{r.quantity}" '
            f'data-dtype="{r.dtype}" data-derivation="{r.derivation}" '
            f"data-parameters='{json.dumps(parameters[r.derivation])}'>…</output></dd>"
        )
    lines += [
        "</dl>",
        f"<noscript><p>{_html.escape(NOSCRIPT(lang))}</p></noscript>",
        "<script>",
        "(() => {",
        "  const lossdocs = (window.lossdocsFunctions ??= {});",
        *(f"  {line}" for f in functions for line in f.splitlines()),
        "})();",
        "</script>",
        "",
        "</div>",
    ]
    return "\n".join(lines) + "\n"
