"""Explorers: small widgets on the pages whose every readout is a derivation's generated JavaScript.

An explorer is data: its inputs (each sets one symbol of the derivations it shows) and its readouts (a
derivation's result in float64 or float32).  `html` writes the element the site embeds with an
``explorer NAME`` block; ``docs/assets/javascripts/explorers.js`` only wires inputs to readouts and
computes nothing itself.  The contract the browser tests hold every explorer to:

- the element has class ``lossdocs-explorer`` and ``data-derivation`` (the ids it evaluates);
- each ``<input>``'s ``name`` is the symbol it sets (a slider and a number box of one symbol share it);
- each ``<output>`` has ``data-quantity``, ``data-dtype``, ``data-derivation`` and ``data-parameters``
  (the inputs the derivation's parameters take, in the parameters' order: the parameters themselves unless
  the readout binds one to another input) and, once computed, ``data-value``: the full-precision value;
- an error readout (``data-quantity="ulp-error"``) has no ``data-derivation``: its ``data-of`` names the
  readout it measures (``id/dtype``) and ``data-reference`` the derivation whose float64 value is the
  reference; ``data-value`` is |value − reference| / spacing(reference) in the readout's dtype;
- a plot (``<svg data-plot>``) draws ``data-series`` (``id/dtype`` each) over its ``data-symbol`` and marks
  the reader's point with ``<circle data-x data-y>`` (the first series' value there).

Readouts come in a table: a row per quantity and form, a column per dtype.
"""

from __future__ import annotations

import html as _html
import json
from dataclasses import dataclass

import numpy as np

from lossdocs.derivation import Text, check_lang
from lossdocs.derivations.cross_entropy import exp_limit


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
    label: Text  # the row's label: the dtype is the column's
    reference: str | None = None  # a derivation whose float64 value this one's error in ulp is measured from
    bind: tuple[tuple[str, str], ...] = ()
    """(parameter, input) pairs: the parameter takes that input's value instead of its own.  Exchanging
    z1 and z2 turns a derivation for class 1 into class 2's (the classes are interchangeable)."""

    def arguments(self, parameters: list[str]) -> list[str]:
        """The inputs passed as ``parameters``, in order."""
        bound = dict(self.bind)
        return [bound.get(name, name) for name in parameters]


@dataclass(frozen=True)
class Series:
    derivation: str
    label: Text
    role: str  # "as-written", "pytorch" or "lossdocs": one colour per role on every page


@dataclass(frozen=True)
class Plot:
    """The series (float64 solid, float32 dashed) over ``symbol``, from −W to W with W the larger of
    ``half_width`` and 1.25 |the reader's value|; the value axis logarithmic from 1e``low`` to 1e``high``."""

    symbol: str
    label: Text  # the value axis
    series: tuple[Series, ...]
    half_width: float = 40.0
    low: int = -20
    high: int = 3


@dataclass(frozen=True)
class Explorer:
    name: str
    caption: Text
    inputs: tuple[Input, ...]
    readouts: tuple[Readout, ...]
    plot: Plot | None = None
    reference: Text | None = None  # the reference sentence, when the default one is not true

    @property
    def derivations(self) -> tuple[str, ...]:
        series = self.plot.series if self.plot else ()
        references = [r.reference for r in self.readouts if r.reference]
        return tuple(
            dict.fromkeys(
                [*(r.derivation for r in self.readouts), *references, *(s.derivation for s in series)]
            )
        )


LOGIT = Text(ko="로짓 x", en="logit x")
TARGET = Text(ko="정답 y", en="target y")
GENERATED = Text(
    ko="값은 모두 유도의 마지막 식({ids})을 자바스크립트로 옮긴 코드가 계산합니다. 코드는 빌드할 때 유도에서 "
    "생성합니다. float32 값은 모든 연산의 결과를 float32로 반올림한 값입니다.",
    en="Every value is computed by the derivations' last expressions ({ids}) as JavaScript, generated from "
    "the derivations when the site is built. The float32 values round every operation's result to float32.",
)
REFERENCE = Text(
    ko="기준은 {ids}의 float64 값이고, 정확한 값과 2 ulp 이내입니다([정확도](../numeric/accuracy.md)).",
    en="The reference is the float64 value of {ids}, within 2 ulp of the exact value "
    "([accuracy](../numeric/accuracy.md)).",
)
REFERENCE_FLOAT64 = Text(  # the reference sentence of an explorer without error readouts
    ko="기준은 float64 값이고, 정확한 값과 2 ulp 이내입니다([정확도](../numeric/accuracy.md)).",
    en="The reference is the float64 value, within 2 ulp of the exact value ([accuracy](../numeric/accuracy.md)).",
)
ERRORS = Text(
    ko="괄호 안의 수는 기준에서 벗어난 정도를 그 열의 자료형(dtype)의 ulp로 잰 오차입니다.",
    en="The number in parentheses is the error from the reference, in ulp of the column's dtype.",
)
DTYPES = ("float64", "float32")


def readouts(*rows: tuple) -> tuple[Readout, ...]:
    """Each (quantity, derivation, Korean label, English label[, reference][, bind]) in float64, then in
    float32: a reference is a derivation id (str), a bind a tuple of (parameter, input) pairs."""
    return tuple(
        Readout(
            quantity,
            derivation,
            dtype,
            Text(ko=ko, en=en),
            next((e for e in extra if isinstance(e, str)), None),
            next((e for e in extra if isinstance(e, tuple)), ()),
        )
        for quantity, derivation, ko, en, *extra in rows
        for dtype in DTYPES
    )


def _exchange(k: int) -> tuple[tuple[str, str], ...]:
    """The binding that computes class k's value from a derivation for class 1: z1 and zk exchanged."""
    return (("z1", f"z{k}"), (f"z{k}", "z1"))


SOFTMAX_CAPTION = Text(
    ko="세 로짓과 온도 \\(T\\)를 움직여 보십시오. \\(p_k\\)는 \\(z / T\\)의 소프트맥스이고, \\(p_2\\)와 "
    "\\(p_3\\)은 `softmax.temperature`에서 \\(z_1\\)과 \\(z_2\\)(또는 \\(z_3\\))를 맞바꾼 값입니다. "
    "적힌 그대로 계산한 \\(\\log p_1\\)(`log_softmax.naive`)은 어떤 \\(z_k / T\\)가 float64에서 {f64}, "
    "float32에서 {f32}(가장 큰 부동 소수점 수의 로그)를 넘거나 \\(e^{{z_1 / T}}\\)가 0으로 언더플로하는 순간 "
    "`-Infinity`나 `NaN`이 됩니다. 이동한 꼴(`log_softmax.temperature`)은 그대로 맞습니다.",
    en="Move the three logits and the temperature \\(T\\). \\(p_k\\) is the softmax of \\(z / T\\); "
    "\\(p_2\\) and \\(p_3\\) are `softmax.temperature` with \\(z_1\\) and \\(z_2\\) (or \\(z_3\\)) "
    "exchanged. Computed as written (`log_softmax.naive`), \\(\\log p_1\\) turns `-Infinity` or `NaN` as soon "
    "as some \\(z_k / T\\) exceeds {f64} in float64 or {f32} in float32 (the log of the largest float), or "
    "\\(e^{{z_1 / T}}\\) underflows to 0; the shifted form (`log_softmax.temperature`) stays right.",
)


EXPLORERS = {
    e.name: e
    for e in (
        Explorer(
            "bce-with-logits",
            Text(
                ko="로짓과 정답을 바꿔 보십시오. 같은 손실과 그래디언트를 세 가지 꼴로 계산합니다. "
                "`torch.sigmoid(x)` 다음에 `BCELoss`를 쓴 꼴(`bce_logits.as_written`), `BCEWithLogitsLoss`가 "
                "계산하는 꼴(`bce_logits.pytorch`), 이 사이트가 유도한 안정된 꼴입니다.",
                en="Move the logit and the target. The same loss and gradient in three forms: `torch.sigmoid(x)` "
                "then `BCELoss` (`bce_logits.as_written`), the form `BCEWithLogitsLoss` computes "
                "(`bce_logits.pytorch`), and the stable form derived on this site.",
            ),
            (Input("x", LOGIT, -1000, 1000, 0.25, 20), Input("y", TARGET, 0, 1, 0.125, 0)),
            readouts(
                (
                    "loss",
                    "bce_logits.simplify",
                    "손실: 유도한 꼴",
                    "loss: derived form",
                    "bce_logits.simplify",
                ),
                (
                    "loss",
                    "bce_logits.pytorch",
                    "손실: PyTorch의 꼴",
                    "loss: PyTorch's form",
                    "bce_logits.simplify",
                ),
                (
                    "loss",
                    "bce_logits.as_written",
                    "손실: 시그모이드 + BCELoss",
                    "loss: sigmoid + BCELoss",
                    "bce_logits.simplify",
                ),
                ("grad", "bce_logits.grad", "∂ℓ/∂x: 유도한 꼴", "∂ℓ/∂x: derived form", "bce_logits.grad"),
                (
                    "grad",
                    "bce_logits.pytorch_grad",
                    "∂ℓ/∂x: PyTorch의 꼴",
                    "∂ℓ/∂x: PyTorch's form",
                    "bce_logits.grad",
                ),
                (
                    "grad",
                    "bce_logits.as_written_grad",
                    "∂ℓ/∂x: 시그모이드 + BCELoss",
                    "∂ℓ/∂x: sigmoid + BCELoss",
                    "bce_logits.grad",
                ),
            ),
            Plot(
                "x",
                Text(ko="손실(로그 눈금)", en="loss (log scale)"),
                (
                    Series(
                        "bce_logits.as_written",
                        Text(ko="시그모이드 + BCELoss", en="sigmoid + BCELoss"),
                        "as-written",
                    ),
                    Series("bce_logits.pytorch", Text(ko="PyTorch의 꼴", en="PyTorch's form"), "pytorch"),
                    Series("bce_logits.simplify", Text(ko="유도한 꼴", en="derived form"), "lossdocs"),
                ),
            ),
        ),
        Explorer(
            "softmax",
            Text(
                **{
                    lang: SOFTMAX_CAPTION(lang).format(f64=exp_limit(np.float64), f32=exp_limit(np.float32))
                    for lang in ("ko", "en")
                }
            ),
            (
                *(
                    Input(f"z{k}", Text(ko=f"로짓 z{k}", en=f"logit z{k}"), -1000, 1000, 0.25, value)
                    for k, value in ((1, 0), (2, -700), (3, 30))
                ),
                Input("T", Text(ko="온도 T", en="temperature T"), 0.05, 20, 0.025, 1),
            ),
            readouts(
                ("probability", "softmax.temperature", "p₁", "p₁"),
                ("probability-2", "softmax.temperature", "p₂", "p₂", _exchange(2)),
                ("probability-3", "softmax.temperature", "p₃", "p₃", _exchange(3)),
                (
                    "log-probability",
                    "log_softmax.temperature",
                    "log p₁(이동한 꼴)",
                    "log p₁ (shifted)",
                    "log_softmax.temperature",
                ),
                (
                    "log-probability-naive",
                    "log_softmax.naive",
                    "log p₁(그대로)",
                    "log p₁ (as written)",
                    "log_softmax.temperature",
                ),
            ),
            reference=Text(
                ko="기준은 이동한 꼴의 float64 값입니다. 적힌 그대로의 꼴은 무너지는 모습을 보이려고 넣었습니다. "
                "로그 소프트맥스의 두 꼴이 정확한 값과 얼마나 다른지는 이 페이지의 수치 검증 표에 있습니다.",
                en="The reference is the float64 value of the shifted forms; the form as written is there to show how "
                "it fails. The numeric checks on this page give both log-softmax forms' errors against the exact value.",
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
            "label-smoothing",
            Text(
                ko="`label_smoothing` \\(\\epsilon\\)과 클래스 수 \\(C\\), 정답 로짓이 앞서는 정도 \\(z_1\\)(나머지 "
                "로짓은 모두 0)을 바꿔 보십시오. \\(\\epsilon\\)을 키우면 최적 차이 \\(z_1^*\\)가 줄어듭니다. 모델이 "
                "로짓 차이를 무한대로 벌릴 이유가 없어집니다. \\(z_1\\)을 \\(z_1^*\\)에 가깝게 두면 그래디언트가 0에 "
                "가까워지고, 손실은 가장 낮은 값 \\(H(\\tilde{y})\\)에 다가갑니다. \\(z_1\\)을 더 키우면 손실이 다시 늘고 그래디언트가 "
                "양수가 되어 정답 로짓을 끌어내립니다.",
                en="Move `label_smoothing` \\(\\epsilon\\), the number of classes \\(C\\) and the target logit's "
                "lead \\(z_1\\) (the other logits all 0). Raise \\(\\epsilon\\) and the optimal gap \\(z_1^*\\) "
                "shrinks: the model is no longer pushed to spread the logits without bound. Set \\(z_1\\) close to "
                "\\(z_1^*\\) and the gradient nears 0 and the loss its floor \\(H(\\tilde{y})\\); raise \\(z_1\\) "
                "further and the loss rises again, the gradient turns positive and pulls the target logit back.",
            ),
            (
                Input("epsilon", Text(ko="label_smoothing ε", en="label_smoothing ε"), 0.005, 1, 0.005, 0.1),
                Input("C", Text(ko="클래스 수 C", en="classes C"), 2, 1000, 1, 10),
                Input(
                    "z1", Text(ko="정답 로짓의 차이 z₁", en="target logit's lead z₁"), -1000, 1000, 0.25, 5
                ),
            ),
            readouts(
                ("gap", "cross_entropy.label_smoothing_gap", "최적 차이 z₁*", "optimal gap z₁*"),
                ("loss", "cross_entropy.label_smoothing_margin", "z₁에서의 손실", "loss at z₁"),
                ("grad", "cross_entropy.label_smoothing_margin_grad", "그래디언트 ∂ℓ/∂z₁", "gradient ∂ℓ/∂z₁"),
                ("floor", "cross_entropy.label_smoothing_floor", "z₁*에서의 손실 H(ỹ)", "loss at z₁*, H(ỹ)"),
            ),
            reference=Text(
                ko="기준은 float64 값입니다. 그래디언트만 빼면 정확한 값과 2 ulp 이내입니다. 그래디언트는 "
                r"\(z_1^*\) 근처에서 크기가 같은 두 항의 차이라서, 0에 가까운 값의 ulp로 재면 오차가 수백 ulp까지 "
                "커집니다. 두 항의 크기에 비하면 반올림 몇 번 정도입니다.",
                en="The reference is the float64 value, within 2 ulp of the exact value except for the gradient: "
                r"near \(z_1^*\) it is the difference of two terms of equal size, so in ulp of a value near 0 its "
                "error grows to hundreds of ulp, a few roundings of the terms themselves.",
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
            reference=Text(
                ko="기준은 float64 값입니다. 정답이 0이나 1이면 정확한 값과 3 ulp 이내입니다. 소프트 정답에서는 "
                r"\(1 - p_t\)의 오차가 \(\gamma\)배로 커지고(\(\gamma = 5\)에서 6 ulp까지), 그래디언트가 0이 되는 "
                "곳 근처에서는 두 항이 상쇄되어 오차가 수백 ulp까지 커집니다.",
                en="The reference is the float64 value, within 3 ulp of the exact value for targets 0 and 1. For "
                r"soft targets the error of \(1 - p_t\) is multiplied by \(\gamma\) (up to 6 ulp at \(\gamma = 5\)), "
                "and near the gradient's zero two terms cancel and the error grows to hundreds of ulp.",
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
    references = list(dict.fromkeys(r.reference for r in explorer.readouts if r.reference))
    note = [
        GENERATED(lang).format(ids=_ids(explorer.derivations)),
        explorer.reference(lang)
        if explorer.reference
        else REFERENCE(lang).format(ids=_ids(references))
        if references
        else REFERENCE_FLOAT64(lang),
    ]
    if any(not _is_reference(r) for r in explorer.readouts if r.reference):
        note.append(ERRORS(lang))
    lines = [
        f'<div class="lossdocs-explorer" data-explorer="{name}" '
        f'data-derivation="{" ".join(explorer.derivations)}" markdown>',
        "",
        explorer.caption(lang),
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
    dtypes = [d for d in DTYPES if any(r.dtype == d for r in explorer.readouts)]
    lines += ["</div>", '<table class="lossdocs-explorer__readouts">', "<thead><tr><th></th>"]
    lines[-1] += "".join(f'<th scope="col">{d}</th>' for d in dtypes) + "</tr></thead><tbody>"
    rows: dict[tuple, dict[str, Readout]] = {}
    for r in explorer.readouts:
        arguments = r.arguments(parameters[r.derivation])
        if not set(arguments) <= known:
            raise ValueError(f"explorer {name!r}: a readout of {r.derivation} binds {arguments}")
        rows.setdefault((r.quantity, r.derivation, r.label), {})[r.dtype] = r
    for (_, _, label), cells in rows.items():
        row = f'<tr><th scope="row">{_html.escape(label(lang))}</th>'
        for dtype in dtypes:
            r = cells.get(dtype)
            row += f'<td data-dtype="{dtype}">' + (_cell(r, parameters, lang) if r else "") + "</td>"
        lines.append(row + "</tr>")
    lines.append("</tbody></table>")
    if explorer.plot:
        lines.append(_plot(explorer.plot, parameters, lang))
    lines += [
        '<div class="lossdocs-explorer__note" markdown>',
        "",
        " ".join(note),
        "",
        "</div>",
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


REFERENCE_MARK = Text(ko="기준", en="reference")
AXIS_NOTE = Text(
    ko="0이나 10<sup>{low}</sup>보다 작은 값은 아래 끝에, 무한대는 위 끝에 그립니다. 점선은 float32, 실선은 float64입니다. "
    "점은 지금 입력한 값에서의 기준값입니다.",
    en="Values of 0 or below 10<sup>{low}</sup> are drawn at the bottom edge, infinities at the top. Dashed lines are "
    "float32, solid lines float64; the dot is the reference at your input.",
)


def _ids(ids) -> str:
    return ", ".join(f"`{derivation_id}`" for derivation_id in ids)


def _is_reference(r: Readout) -> bool:
    return r.reference == r.derivation and r.dtype == "float64"


def _output(r: Readout, parameters: dict) -> str:
    return (
        f'<output data-quantity="{r.quantity}" data-dtype="{r.dtype}" data-derivation="{r.derivation}" '
        f"data-parameters='{json.dumps(r.arguments(parameters[r.derivation]))}'>…</output>"
    )


def _cell(r: Readout, parameters: dict, lang: str) -> str:
    cell = _output(r, parameters)
    if _is_reference(r):
        return f'{cell} <span class="lossdocs-explorer__error">({REFERENCE_MARK(lang)})</span>'
    if r.reference:
        error = (
            f'<output data-quantity="ulp-error" data-dtype="{r.dtype}" data-of="{r.derivation}/{r.dtype}" '
            f"data-reference=\"{r.reference}\" data-parameters='{json.dumps(r.arguments(parameters[r.reference]))}'>…</output>"
        )
        cell += f' <span class="lossdocs-explorer__error">({error} ulp)</span>'
    return cell


def _plot(plot: Plot, parameters: dict, lang: str) -> str:
    series = [f"{s.derivation}/{dtype}" for s in plot.series for dtype in DTYPES]
    paths = "".join(
        f'<path class="lossdocs-series lossdocs-series--{s.role}" data-series="{s.derivation}/{dtype}" '
        f"data-dtype=\"{dtype}\" data-parameters='{json.dumps(parameters[s.derivation])}' />"
        for s in plot.series
        for dtype in DTYPES
    )
    legend = "".join(
        f'<li><span class="lossdocs-swatch lossdocs-series--{s.role}"></span>{_html.escape(s.label(lang))}</li>'
        for s in plot.series
    )
    marker = next((s for s in plot.series if s.role == "lossdocs"), plot.series[0]).derivation
    title = _html.escape(f"{plot.label(lang)} ({', '.join(s.label(lang) for s in plot.series)})")
    return (
        f'<figure class="lossdocs-explorer__plot"><svg data-plot data-symbol="{plot.symbol}" '
        f'data-label="{_html.escape(plot.label(lang))}" '
        f'data-half-width="{plot.half_width}" data-low="{plot.low}" data-high="{plot.high}" '
        f'data-series="{" ".join(series)}" data-marker="{marker}/float64" '
        f"data-marker-parameters='{json.dumps(parameters[marker])}' "
        f'viewBox="0 0 640 280" role="img"><title>{title}</title>'
        f'<g class="lossdocs-plot__axes"></g>{paths}<circle class="lossdocs-plot__marker" r="5" /></svg>'
        f'<figcaption><ul class="lossdocs-plot__legend">{legend}</ul> {AXIS_NOTE(lang).format(low=plot.low)}'
        f"</figcaption></figure>"
    )
