"""Binary cross-entropy: BCELoss, BCEWithLogitsLoss, pos_weight, the mean reduction, and the logit."""

from __future__ import annotations

import sympy as sp

from lossdocs.derivation import Derivation, Step, Text
from lossdocs.functions import Paren, log1p, logaddexp, product, sigmoid, softplus
from lossdocs.registry import derivation
from lossdocs.symbols import EPSILON_FLOAT32, alpha, epsilon, gamma, p, pos_weight, s, x, y

# A domain's order is the order of `Derivation.lambdify`'s parameters (then the undeclared ones, by name).
TARGET = ((x, "real"), (y, "target"))
PROBABILITY_AND_TARGET = ((p, "probability"), (y, "target"))
TARGET_AND_POS_WEIGHT = ((pos_weight, "weight"), *TARGET)
SIGMOID = ((p, sigmoid(x)),)
TORCH_SIGMOID = 1 / (1 + sp.exp(-x))
"""σ(x) as `torch.sigmoid(x)` computes it on the CPU (2.13): it rounds to 1 once e^{−x} is below half an ulp of 1."""


def bce(prob, target=y):
    """−[y log p + (1 − y) log(1 − p)], as a person writes it."""
    return -(target * sp.log(prob) + (1 - target) * sp.log(1 - prob))


@derivation("bce.likelihood")
def likelihood(derivation_id: str) -> Derivation:
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="베르누이 가능도에서 이진 교차 엔트로피로",
            en="From the Bernoulli likelihood to binary cross-entropy",
        ),
        start=-sp.log(product(p**y, (1 - p) ** (1 - y))),
        domain=PROBABILITY_AND_TARGET,
        steps=(
            Step(
                -(sp.log(p**y) + sp.log((1 - p) ** (1 - y))),
                ko=r"출발점은 베르누이 가능도 \(p^{y}(1-p)^{1-y}\)의 음의 로그입니다. \(y=1\)이면 \(p\), "
                r"\(y=0\)이면 \(1-p\)가 남습니다. 곱의 로그는 로그의 합입니다.",
                en=r"Start from the negative log of the Bernoulli likelihood \(p^{y}(1-p)^{1-y}\): it is "
                r"\(p\) when \(y=1\) and \(1-p\) when \(y=0\). The log of a product is the sum of the logs.",
            ),
            Step(
                bce(p),
                ko=r"\(\log a^{b} = b \log a\) (\(a > 0\)). 확률 \(p\)는 0과 1 사이에 있으므로 \(p\)와 "
                r"\(1-p\)가 모두 양수입니다. \(p = u/(1+u)\)(\(u > 0\))로 바꿔 쓰면 SymPy도 이를 알고 이 단계를 "
                r"증명합니다.",
                en=r"\(\log a^{b} = b \log a\) for \(a > 0\). A probability \(p\) lies between 0 and 1, so \(p\) "
                r"and \(1-p\) are both positive; written as \(p = u/(1+u)\) with \(u > 0\), SymPy knows this too "
                r"and proves the step.",
            ),
            Step(
                -(y * sp.log(p) + (1 - y) * log1p(-p)),
                ko=r"\(\log(1-p)\)를 \(\operatorname{log1p}(-p)\)로 씁니다. \(p\)가 아주 작을 때 "
                r"\(1-p\)를 반올림하며 잃는 자릿수가 없습니다.",
                en=r"Write \(\log(1-p)\) as \(\operatorname{log1p}(-p)\): for tiny \(p\) no digits are "
                r"lost to rounding \(1-p\).",
            ),
        ),
    )


@derivation("bce.grad")
def gradient_in_p(derivation_id: str) -> Derivation:
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="확률에 대한 BCE의 그래디언트", en="The gradient of BCE with respect to the probability"
        ),
        start=sp.Derivative(bce(p), p),
        domain=PROBABILITY_AND_TARGET,
        steps=(
            Step(
                -(y / p - (1 - y) / (1 - p)),
                ko=r"\(\frac{d}{dp}\log p = \frac{1}{p}\), \(\frac{d}{dp}\log(1-p) = -\frac{1}{1-p}\)입니다.",
                en=r"\(\frac{d}{dp}\log p = \frac{1}{p}\) and \(\frac{d}{dp}\log(1-p) = -\frac{1}{1-p}\).",
            ),
            Step(
                -(y * (1 - p) - (1 - y) * p) / (p * (1 - p)),
                ko=r"공통 분모 \(p(1-p)\)로 통분합니다.",
                en=r"Bring both fractions over the common denominator \(p(1-p)\).",
            ),
            Step(
                (p - y) / (p * (1 - p)),
                ko=r"분자에서 \(yp\)가 상쇄되어 \(-(y - p) = p - y\)가 남습니다. 분모 \(p(1-p)\)는 "
                r"\(p \to 0\)이나 \(p \to 1\)에서 0에 가까워지므로, 틀린 쪽으로 확신한 예측의 그래디언트는 "
                r"\(\pm 1/p(1-p)\)처럼 폭발합니다.",
                en=r"The \(yp\) terms cancel in the numerator, leaving \(-(y - p) = p - y\). The denominator "
                r"\(p(1-p)\) goes to 0 as \(p \to 0\) or \(p \to 1\), so a confidently wrong prediction gets "
                r"a gradient that explodes like \(\pm 1/p(1-p)\).",
            ),
        ),
    )


@derivation("bce.clamp")
def forward_clamp(derivation_id: str) -> Derivation:
    clamp = -100
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="`BCELoss`의 −100 클램프: \\(p = 0\\)에서 손실은 100입니다",
            en="`BCELoss`'s clamp at −100: the loss at \\(p = 0\\) is 100",
        ),
        start=-(y * sp.Max(sp.log(p), clamp) + (1 - y) * sp.Max(sp.log(1 - p), clamp)),
        domain=((s, "positive"), (y, "target")),
        steps=(
            Step(
                -(
                    y * sp.Max(-100 - s, clamp, evaluate=False)
                    + (1 - y) * sp.Max(sp.log(1 - sp.exp(-100 - s)), clamp)
                ),
                ko=r"PyTorch는 각 로그 항을 \(-100\) 아래로 내려가지 않게 자릅니다. \(p \le e^{-100}\)인 "
                r"확률(부동 소수점으로 0이 된 \(p\) 포함)을 \(p = e^{-100-s}\), \(s > 0\)으로 쓰면 "
                r"\(\log p = -100 - s\)입니다.",
                en=r"PyTorch clips each log term from below at \(-100\). Write a probability "
                r"\(p \le e^{-100}\) (including a \(p\) that became 0 in floating point) as "
                r"\(p = e^{-100-s}\) with \(s > 0\); then \(\log p = -100 - s\).",
                check="definition",
                define=((p, sp.exp(-100 - s)),),
            ),
            Step(
                -(y * clamp + (1 - y) * sp.Max(sp.log(1 - sp.exp(-100 - s)), clamp)),
                ko=r"\(\max(-100 - s, -100) = -100\): 첫 클램프가 작동하고 \(s\)가 사라집니다.",
                en=r"\(\max(-100 - s, -100) = -100\): the first clamp is active and \(s\) is gone.",
            ),
            Step(
                100 * y - (1 - y) * log1p(-sp.Mul(sp.exp(-100), sp.exp(-s), evaluate=False)),
                ko=r"\(\log(1 - e^{-100-s}) \approx -e^{-100-s}\)는 \(-100\)보다 크므로 둘째 클램프는 "
                r"작동하지 않습니다. 모든 \(s > 0\)에서 이 로그가 \(\log(1 - e^{-100})\)과 0 사이에 있다는 것을 "
                r"구간 연산(interval arithmetic)으로 증명합니다. \(y = 1\)이면 "
                r"손실은 \(p\)와 상관없이 100입니다. 무한대 대신 유한한 값이 나오지만 \(p\)가 변해도 값이 그대로이므로, "
                r"이 식의 도함수는 0입니다. \(e^{-100-s}\)는 \(e^{-100}e^{-s}\)로 계산해 \(-100 - s\)의 반올림을 피합니다.",
                en=r"\(\log(1 - e^{-100-s}) \approx -e^{-100-s}\) is above \(-100\), so the second clamp is "
                r"inactive: interval arithmetic proves that for every \(s > 0\) the log lies between "
                r"\(\log(1 - e^{-100})\) and 0. For "
                r"\(y = 1\) the loss is 100 whatever \(p\) is: finite instead of infinite, but flat in "
                r"\(p\), so the derivative of this expression is 0. \(e^{-100-s}\) is computed as \(e^{-100}e^{-s}\) to avoid "
                r"rounding \(-100 - s\).",
            ),
        ),
    )


@derivation("bce.clamp_grad")
def backward_clamp(derivation_id: str) -> Derivation:
    tiny = sp.Mul(sp.exp(-100), sp.exp(-s), evaluate=False)
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="`BCELoss` 역전파의 \\(10^{-12}\\) 클램프: \\(p = 0\\)에서 그래디언트는 약 \\(-10^{12}\\)입니다",
            en="The \\(10^{-12}\\) clamp of `BCELoss`'s backward: at \\(p = 0\\) the gradient is about \\(-10^{12}\\)",
        ),
        start=(p - y) / sp.Max(p * (1 - p), epsilon),
        domain=((s, "positive"), (y, "target")),
        steps=(
            Step(
                (sp.exp(-100 - s) - y) / sp.Max(sp.exp(-100 - s) * (1 - sp.exp(-100 - s)), epsilon),
                ko=r"PyTorch의 역전파는 `bce.grad`의 \(\frac{p-y}{p(1-p)}\)에서 분모를 "
                r"\(\epsilon\) 아래로 내려가지 않게 자릅니다. \(\epsilon\)은 float32로 저장된 "
                r"\(10^{-12}\), 곧 \(2305843 / 2^{61} \approx 9.99999996 \times 10^{-13}\)입니다. "
                r"`bce.clamp`처럼 \(p = e^{-100-s}\), \(s > 0\)으로 둡니다.",
                en=r"PyTorch's backward clips the denominator of \(\frac{p-y}{p(1-p)}\) from `bce.grad` "
                r"from below at \(\epsilon\), which is \(10^{-12}\) stored in float32: "
                r"\(2305843 / 2^{61} \approx 9.99999996 \times 10^{-13}\). As in `bce.clamp`, put "
                r"\(p = e^{-100-s}\) with \(s > 0\).",
                check="definition",
                define=((p, sp.exp(-100 - s)), (epsilon, EPSILON_FLOAT32)),
            ),
            Step(
                (tiny - y) / epsilon,
                ko=r"\(p(1-p) < e^{-100} < \epsilon\)이므로 클램프가 작동합니다. 모든 \(s > 0\)에서 이 비교가 "
                r"성립함을 구간 연산으로 증명합니다. \(y = 1\)이면 그래디언트는 \(p\)와 거의 무관하게 "
                r"\(-1/\epsilon \approx -1.000000004 \times 10^{12}\)입니다. `bce.clamp`에서 본 손실은 100으로 "
                r"고정되어 변하지 않는데도 그렇습니다. 역전파는 클램프된 순전파의 도함수가 아닙니다.",
                en=r"\(p(1-p) < e^{-100} < \epsilon\), so the clamp is active; interval arithmetic proves the "
                r"comparison for every \(s > 0\). For \(y = 1\) the gradient is "
                r"\(-1/\epsilon \approx -1.000000004 \times 10^{12}\), almost independent of \(p\), although the "
                r"loss in `bce.clamp` is a flat 100: the backward pass is not the derivative of the clamped "
                r"forward pass.",
            ),
        ),
    )


def _to_one_log() -> tuple[Step, ...]:
    """The steps from BCE in p to (1 − y)x + log(1 + e^{−x}), shared by `bce_logits.simplify` and
    `bce_logits.pytorch`."""
    return (
        Step(
            bce(sigmoid(x)),
            ko=r"확률 \(p\) 대신 로짓 \(x\)를 받습니다: \(p = \sigma(x)\).",
            en=r"Take a logit \(x\) instead of the probability \(p\): \(p = \sigma(x)\).",
            check="definition",
            define=SIGMOID,
        ),
        Step(
            -(y * -sp.log(1 + sp.exp(-x)) + (1 - y) * (-x - sp.log(1 + sp.exp(-x)))),
            ko=r"\(\log\sigma(x) = -\log(1+e^{-x})\)이고, \(1-\sigma(x) = \frac{e^{-x}}{1+e^{-x}}\)이므로 "
            r"\(\log(1-\sigma(x)) = -x - \log(1+e^{-x})\)입니다.",
            en=r"\(\log\sigma(x) = -\log(1+e^{-x})\), and since \(1-\sigma(x) = \frac{e^{-x}}{1+e^{-x}}\), "
            r"\(\log(1-\sigma(x)) = -x - \log(1+e^{-x})\).",
        ),
        Step(
            (1 - y) * x + sp.log(1 + sp.exp(-x)),
            ko=r"\(\log(1+e^{-x})\)의 계수 \(y + (1-y)\)가 1이 됩니다. 로그가 하나만 남고 "
            r"\(\sigma(x)\)를 따로 계산할 필요가 없습니다.",
            en=r"The coefficients of \(\log(1+e^{-x})\) add up to \(y + (1-y) = 1\): one log remains, "
            r"and \(\sigma(x)\) is never computed on its own.",
        ),
    )


@derivation("bce_logits.simplify")
def logits_simplify(derivation_id: str) -> Derivation:
    return Derivation(
        id=derivation_id,
        title=Text(ko="로짓으로 쓴 BCE의 단순화", en="Simplifying BCE written in logits"),
        start=bce(p),
        domain=TARGET,
        steps=(
            *_to_one_log(),
            Step(
                (1 - y) * x + softplus(-x),
                ko=r"\(\log(1+e^{-x}) = \operatorname{softplus}(-x)\)입니다. 하지만 이대로 계산하면 "
                r"\(x \ll 0\)에서 \(e^{-x}\)가 오버플로(overflow)합니다(예: \(x = -800\)).",
                en=r"\(\log(1+e^{-x}) = \operatorname{softplus}(-x)\). Computed as written, \(e^{-x}\) "
                r"overflows for \(x \ll 0\) (e.g. \(x = -800\)).",
            ),
            Step(
                (1 - y) * x + sp.Max(-x, 0) + log1p(sp.exp(-sp.Abs(x))),
                ko=r"\(\operatorname{softplus}(-x) = \max(-x, 0) + \operatorname{log1p}(e^{-|x|})\): "
                r"\(x > 0\)이면 그대로이고, \(x < 0\)이면 \(\log(1+e^{-x}) = -x + \log(1+e^{x})\)입니다. "
                r"지수의 인수가 0 이하라서 오버플로하지 않습니다.",
                en=r"\(\operatorname{softplus}(-x) = \max(-x, 0) + \operatorname{log1p}(e^{-|x|})\): for "
                r"\(x > 0\) nothing changes, for \(x < 0\) use \(\log(1+e^{-x}) = -x + \log(1+e^{x})\). "
                r"The exponent is never positive, so nothing overflows.",
            ),
            Step(
                sp.Max(x, 0) - x * y + log1p(sp.exp(-sp.Abs(x))),
                ko=r"\(x + \max(-x, 0) = \max(x, 0)\)입니다. TensorFlow 문서가 `sigmoid_cross_entropy_with_logits`의 식으로 적어 둔, 오버플로 없는 꼴입니다.",
                en=r"\(x + \max(-x, 0) = \max(x, 0)\). This is the overflow-free form TensorFlow documents for `sigmoid_cross_entropy_with_logits`.",
            ),
            Step(
                (1 - y) * softplus(x) + y * softplus(-x),
                ko=r"같은 값을 0 이상인 두 항의 합으로 씁니다(\(x > 0\), \(x < 0\)로 나누어 검증). 앞 단계의 "
                r"식은 \(y = 1\), \(x = 40\)에서 \(\max(x, 0)\)와 \(-xy\)를 먼저 더해야만 정확합니다. "
                r"\(-40 + e^{-40}\)을 먼저 계산하면 \(e^{-40}\)이 반올림으로 사라집니다. 이 꼴은 "
                r"\(\operatorname{softplus}(z) = \max(z, 0) + \operatorname{log1p}(e^{-|z|})\)로 계산하며 "
                r"상쇄가 전혀 없습니다. 아래 수치 검증 표가 이 식을 계산합니다.",
                en=r"The same value as a sum of two non-negative terms (checked for \(x > 0\) and \(x < 0\)). "
                r"The previous form is exact at \(y = 1\), \(x = 40\) only if \(\max(x, 0)\) and \(-xy\) "
                r"are added first: computing \(-40 + e^{-40}\) first rounds \(e^{-40}\) away. This form, with "
                r"\(\operatorname{softplus}(z) = \max(z, 0) + \operatorname{log1p}(e^{-|z|})\), has no "
                r"cancellation at all; the numeric checks below evaluate it.",
            ),
        ),
    )


@derivation("bce_logits.grad")
def logits_gradient(derivation_id: str) -> Derivation:
    return Derivation(
        id=derivation_id,
        title=Text(ko="로짓에 대한 BCE의 그래디언트", en="The gradient of BCE with respect to the logit"),
        start=sp.Derivative(bce(sigmoid(x)), x),
        domain=TARGET,
        steps=(
            Step(
                product(-(y / p - (1 - y) / (1 - p)), sp.Derivative(sigmoid(x), x)),
                ko=r"연쇄 법칙(chain rule): \(p = \sigma(x)\)로 두면 "
                r"\(\frac{\partial \ell}{\partial x} = \frac{\partial \ell}{\partial p}\,\frac{dp}{dx}\)입니다.",
                en=r"Chain rule: with \(p = \sigma(x)\), "
                r"\(\frac{\partial \ell}{\partial x} = \frac{\partial \ell}{\partial p}\,\frac{dp}{dx}\).",
                check="definition",
                define=SIGMOID,
            ),
            Step(
                product((p - y) / (p * (1 - p)), sp.Derivative(sigmoid(x), x)),
                ko=r"첫 인수는 `bce.grad`에서 유도한 \(\frac{p-y}{p(1-p)}\)입니다.",
                en=r"The first factor is \(\frac{p-y}{p(1-p)}\), derived in `bce.grad`.",
            ),
            Step(
                product((p - y) / (p * (1 - p)), p * (1 - p)),
                ko=r"`sigmoid.derivative`에 따라 \(\sigma'(x) = \sigma(x)(1-\sigma(x)) = p(1-p)\)입니다.",
                en=r"By `sigmoid.derivative`, \(\sigma'(x) = \sigma(x)(1-\sigma(x)) = p(1-p)\).",
            ),
            Step(
                p - y,
                ko=r"\(p(1-p)\)가 약분됩니다. 폭발하던 분모가 사라지고, 역전파는 뺄셈 한 번이면 됩니다.",
                en=r"\(p(1-p)\) cancels: the exploding denominator is gone, and the backward pass is one "
                r"subtraction.",
            ),
            Step(
                (1 - y) * sigmoid(x) - y * sigmoid(-x),
                ko=r"\(p = \sigma(x)\), \(1 = \sigma(x) + \sigma(-x)\)로 같은 값을 다시 씁니다. "
                r"\(y = 1\), \(x = 40\)일 때 \(\sigma(x) - 1\)은 float64에서 0이 되지만, 이 꼴로는 "
                r"\(-\sigma(-40)\)이 정확히 나옵니다.",
                en=r"The same value with \(p = \sigma(x)\) and \(1 = \sigma(x) + \sigma(-x)\): for \(y = 1\), "
                r"\(x = 40\), \(\sigma(x) - 1\) is 0 in float64, while this form gives \(-\sigma(-40)\) "
                r"exactly.",
            ),
        ),
    )


@derivation("bce_logits.pytorch")
def logits_pytorch(derivation_id: str) -> Derivation:
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="PyTorch가 계산하는 `BCEWithLogitsLoss`의 꼴",
            en="The form of `BCEWithLogitsLoss` that PyTorch computes",
        ),
        start=bce(p),
        domain=TARGET,
        steps=(
            *_to_one_log(),
            Step(
                (1 - y) * x + softplus(-x),
                ko=r"PyTorch 2.13은 이 꼴을 \((1-y)\,x - \log\sigma(x)\)로 계산합니다. "
                r"\(\log\sigma(x) = \min(x, 0) - \operatorname{log1p}(e^{-|x|})\)는 "
                r"\(-\operatorname{softplus}(-x)\)와 같아 오버플로하지 않습니다. 하지만 \(y = 0\), "
                r"\(x \ll 0\)이면 \(x\)와 \(\operatorname{softplus}(-x) \approx -x\)가 거의 상쇄됩니다. "
                r"답은 \(e^{x}\) 정도로 작은데, 두 항의 반올림 오차는 \(|x|\)의 ulp 정도입니다.",
                en=r"PyTorch 2.13 computes this form as \((1-y)\,x - \log\sigma(x)\), with "
                r"\(\log\sigma(x) = \min(x, 0) - \operatorname{log1p}(e^{-|x|})\), which is "
                r"\(-\operatorname{softplus}(-x)\) and never overflows. But for \(y = 0\) and \(x \ll 0\), "
                r"\(x\) and \(\operatorname{softplus}(-x) \approx -x\) nearly cancel: the answer is about "
                r"\(e^{x}\), the rounding errors of the two terms are about an ulp of \(|x|\).",
            ),
        ),
    )


@derivation("bce_logits.pytorch_grad")
def logits_pytorch_gradient(derivation_id: str) -> Derivation:
    steps = logits_gradient("bce_logits.grad").steps
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="PyTorch가 계산하는 `BCEWithLogitsLoss`의 그래디언트",
            en="The gradient of `BCEWithLogitsLoss` that PyTorch computes",
        ),
        start=sp.Derivative(bce(sigmoid(x)), x),
        domain=TARGET,
        steps=(
            *steps[:4],
            Step(
                TORCH_SIGMOID - y,
                ko=r"PyTorch 2.13의 역전파는 \(\sigma(x) - y\)를 `torch.sigmoid(x)`의 \(\frac{1}{1+e^{-x}}\)로 "
                r"계산합니다. \(y = 1\)이고 \(x\)가 크면 \(1 + e^{-x}\)가 1로 반올림되어 그래디언트가 "
                r"0이 됩니다. 정확한 값은 \(-\sigma(-x)\)입니다(`bce_logits.grad`).",
                en=r"PyTorch 2.13's backward computes \(\sigma(x) - y\) with `torch.sigmoid(x)`'s "
                r"\(\frac{1}{1+e^{-x}}\). For \(y = 1\) and a large \(x\), \(1 + e^{-x}\) rounds to 1 and the "
                r"gradient becomes 0; the exact value is \(-\sigma(-x)\) (`bce_logits.grad`).",
            ),
        ),
    )


@derivation("bce_logits.as_written")
def logits_as_written(derivation_id: str) -> Derivation:
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="시그모이드 다음에 `BCELoss`: 로짓으로 쓴 손실",
            en="Sigmoid, then `BCELoss`: the loss in the logit",
        ),
        start=-(y * sp.Max(sp.log(p), -100) + (1 - y) * sp.Max(log1p(-p), -100)),
        domain=((x, "real"), *PROBABILITY_AND_TARGET),
        steps=(
            Step(
                -(y * sp.Max(sp.log(TORCH_SIGMOID), -100) + (1 - y) * sp.Max(log1p(-TORCH_SIGMOID), -100)),
                ko=r"PyTorch 2.13의 `BCELoss`는 \(\log p\)와 \(\operatorname{log1p}(-p)\)를 각각 \(-100\)에서 "
                r"자릅니다(`bce.clamp`). 모델이 `torch.sigmoid(x)`로 \(p = \sigma(x) = \frac{1}{1+e^{-x}}\)를 "
                r"먼저 계산해 넘기면, 손실은 반올림된 \(p\)에서 출발합니다. \(y = 0\)이고 \(\sigma(x)\)가 1로 반올림되면 "
                r"\(\operatorname{log1p}(-1) = -\infty\)가 잘려 손실은 \(x\) 대신 100이 됩니다. \(y = 1\)이면 "
                r"반올림이 없어도 \(x < -100\)부터 \(\log\sigma(x) \approx x\)가 잘려, 손실이 \(-x\) 대신 100입니다.",
                en=r"In PyTorch 2.13 `BCELoss` clips \(\log p\) and \(\operatorname{log1p}(-p)\) at \(-100\) each "
                r"(`bce.clamp`). When the model computes \(p = \sigma(x) = \frac{1}{1+e^{-x}}\) with `torch.sigmoid(x)` "
                r"first, the loss starts from a rounded \(p\): for \(y = 0\), once \(\sigma(x)\) rounds to 1, "
                r"\(\operatorname{log1p}(-1) = -\infty\) is clipped and the loss is 100 instead of \(x\); for "
                r"\(y = 1\), even without rounding, \(\log\sigma(x) \approx x\) is clipped from \(x < -100\) on: the loss "
                r"is 100 instead of \(-x\).",
                check="definition",
                define=((p, TORCH_SIGMOID),),
            ),
        ),
    )


@derivation("bce_logits.as_written_grad")
def logits_as_written_gradient(derivation_id: str) -> Derivation:
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="시그모이드 다음에 `BCELoss`: 자동 미분이 계산하는 그래디언트",
            en="Sigmoid, then `BCELoss`: the gradient autograd computes",
        ),
        start=product((p - y) / sp.Max(p * (1 - p), epsilon), (1 - p) * p),
        domain=((x, "real"), *PROBABILITY_AND_TARGET),
        steps=(
            Step(
                product(
                    (TORCH_SIGMOID - y) / sp.Max(TORCH_SIGMOID * (1 - TORCH_SIGMOID), epsilon),
                    (1 - TORCH_SIGMOID) * TORCH_SIGMOID,
                ),
                ko=r"자동 미분은 `BCELoss`의 역전파 \(\frac{p-y}{\max(p(1-p), \epsilon)}\)(`bce.clamp_grad`)에 "
                r"`torch.sigmoid(x)`의 역전파 \((1-p)\,p\)를 곱합니다. 두 곳 모두 반올림된 \(p = \sigma(x)\)를 "
                r"씁니다. \(\sigma(x)\)가 1로 반올림되면 \(1 - p = 0\)이라 \(y = 0\)에서도 그래디언트가 0입니다. "
                r"정확한 값은 1에 가깝습니다. \(x \ll 0\)이면 \(p(1-p) < \epsilon\)이라 클램프가 작동해, "
                r"그래디언트는 \(\sigma(x)\) 대신 \(\sigma(x)^2/\epsilon\)이 됩니다.",
                en=r"Autograd multiplies `BCELoss`'s backward \(\frac{p-y}{\max(p(1-p), \epsilon)}\) "
                r"(`bce.clamp_grad`) by `torch.sigmoid(x)`'s backward \((1-p)\,p\), both with the rounded "
                r"\(p = \sigma(x)\). Once \(\sigma(x)\) rounds to 1, \(1 - p = 0\) and the gradient is 0 even for "
                r"\(y = 0\), where the exact value is close to 1. For \(x \ll 0\), \(p(1-p) < \epsilon\) and the "
                r"clamp is active: the gradient becomes \(\sigma(x)^2/\epsilon\) instead of \(\sigma(x)\).",
                check="definition",
                define=((p, TORCH_SIGMOID), (epsilon, EPSILON_FLOAT32)),
            ),
        ),
    )


@derivation("bce_logits.hessian")
def logits_hessian(derivation_id: str) -> Derivation:
    return Derivation(
        id=derivation_id,
        title=Text(ko="로짓에 대한 BCE의 2계 도함수", en="The second derivative of BCE in the logit"),
        start=sp.Derivative(sigmoid(x) - y, x),
        domain=TARGET,
        steps=(
            Step(
                sp.Derivative(sigmoid(x), x),
                ko=r"`bce_logits.grad`의 그래디언트 \(\sigma(x) - y\)를 한 번 더 미분합니다. "
                r"정답 \(y\)는 상수라서 사라집니다.",
                en=r"Differentiate the gradient \(\sigma(x) - y\) from `bce_logits.grad` once more; the target "
                r"\(y\) is a constant and drops out.",
            ),
            Step(
                product(sigmoid(x), 1 - sigmoid(x)),
                ko=r"`sigmoid.derivative`입니다.",
                en=r"This is `sigmoid.derivative`.",
            ),
            Step(
                product(sigmoid(x), sigmoid(-x)),
                ko=r"\(1-\sigma(x) = \sigma(-x)\)입니다. 두 인수가 모두 양수이므로 2계 도함수는 모든 "
                r"실수 \(x\)와 모든 \(y\)에서 양수이고, 손실은 로짓에 대해 볼록(convex)합니다.",
                en=r"\(1-\sigma(x) = \sigma(-x)\). Both factors are positive, so the second derivative is "
                r"positive for every real \(x\) and every \(y\): the loss is convex in the logit.",
            ),
        ),
    )


@derivation("bce_logits.pos_weight")
def logits_pos_weight(derivation_id: str) -> Derivation:
    return Derivation(
        id=derivation_id,
        title=Text(ko="`pos_weight`가 있는 BCEWithLogitsLoss", en="BCEWithLogitsLoss with `pos_weight`"),
        start=-(pos_weight * y * sp.log(sigmoid(x)) + (1 - y) * sp.log(1 - sigmoid(x))),
        domain=TARGET_AND_POS_WEIGHT,
        steps=(
            Step(
                -(pos_weight * y * -softplus(-x) + (1 - y) * (-x - softplus(-x))),
                ko=r"\(p_w\)는 양성 항 \(y\log\sigma(x)\)에만 곱합니다. "
                r"\(\log\sigma(x) = -\operatorname{softplus}(-x)\), "
                r"\(\log(1-\sigma(x)) = -x - \operatorname{softplus}(-x)\)입니다.",
                en=r"\(p_w\) multiplies only the positive term \(y\log\sigma(x)\). "
                r"\(\log\sigma(x) = -\operatorname{softplus}(-x)\) and "
                r"\(\log(1-\sigma(x)) = -x - \operatorname{softplus}(-x)\).",
            ),
            Step(
                (1 - y) * x + (1 + (pos_weight - 1) * y) * softplus(-x),
                ko=r"\(\operatorname{softplus}(-x)\)의 계수를 모으면 \(p_w y + 1 - y = 1 + (p_w - 1)y\)입니다. "
                r"PyTorch 소스의 식이며, \(p_w = 1\)이면 `bce_logits.simplify`와 같습니다.",
                en=r"Collect the coefficients of \(\operatorname{softplus}(-x)\): "
                r"\(p_w y + 1 - y = 1 + (p_w - 1)y\). This is the formula in PyTorch's source; with "
                r"\(p_w = 1\) it is `bce_logits.simplify`.",
            ),
            Step(
                (1 - y) * (x + softplus(-x)) + pos_weight * y * softplus(-x),
                ko=r"계수를 다시 \(1-y\)와 \(p_w y\)로 나눕니다.",
                en=r"Split the coefficient again into \(1-y\) and \(p_w y\).",
            ),
            Step(
                (1 - y) * softplus(x) + pos_weight * y * softplus(-x),
                ko=r"\(x + \operatorname{softplus}(-x) = \operatorname{softplus}(x)\)입니다. "
                r"\(y \in [0, 1]\)이면 두 항이 모두 0 이상이라 뺄셈으로 자릿수를 잃지 않습니다. "
                r"PyTorch의 식은 \(y = 0\), \(x < -20\)에서 \(x\)와 \(-x\)가 상쇄되며 값 \(e^{x}\)를 잃습니다.",
                en=r"\(x + \operatorname{softplus}(-x) = \operatorname{softplus}(x)\). For \(y \in [0, 1]\) "
                r"both terms are non-negative, so no digits are lost to a subtraction; PyTorch's formula "
                r"cancels \(x\) against \(-x\) for \(y = 0\), \(x < -20\) and loses the value \(e^{x}\).",
            ),
        ),
    )


@derivation("bce_logits.pos_weight_grad")
def logits_pos_weight_gradient(derivation_id: str) -> Derivation:
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="`pos_weight`가 있는 BCEWithLogitsLoss의 그래디언트",
            en="The gradient of BCEWithLogitsLoss with `pos_weight`",
        ),
        start=sp.Derivative((1 - y) * softplus(x) + pos_weight * y * softplus(-x), x),
        domain=TARGET_AND_POS_WEIGHT,
        steps=(
            Step(
                (1 - y) * sp.exp(x) / (1 + sp.exp(x)) - pos_weight * y * sp.exp(-x) / (1 + sp.exp(-x)),
                ko=r"\(\frac{d}{dx}\log(1+e^{\pm x}) = \pm\frac{e^{\pm x}}{1+e^{\pm x}}\)입니다.",
                en=r"\(\frac{d}{dx}\log(1+e^{\pm x}) = \pm\frac{e^{\pm x}}{1+e^{\pm x}}\).",
            ),
            Step(
                (1 + (pos_weight - 1) * y) * sigmoid(x) - pos_weight * y,
                ko=r"\(\frac{e^{x}}{1+e^{x}} = \sigma(x)\), \(\frac{e^{-x}}{1+e^{-x}} = 1 - \sigma(x)\)을 "
                r"대입해 정리합니다. \(p_w = 1\)이면 \(\sigma(x) - y\)입니다.",
                en=r"Substitute \(\frac{e^{x}}{1+e^{x}} = \sigma(x)\) and "
                r"\(\frac{e^{-x}}{1+e^{-x}} = 1 - \sigma(x)\) and collect. With \(p_w = 1\) this is "
                r"\(\sigma(x) - y\).",
            ),
            Step(
                (1 - y) * sigmoid(x) - pos_weight * y * sigmoid(-x),
                ko=r"같은 값을 \(1 - \sigma(x) = \sigma(-x)\)로 씁니다. 양성 항의 그래디언트만 "
                r"\(p_w\)배가 되고, 정답이 0 또는 1이면 뺄셈이 없어 정확합니다.",
                en=r"The same value with \(1 - \sigma(x) = \sigma(-x)\): only the positive term's gradient "
                r"is scaled by \(p_w\), and for hard targets there is no subtraction to lose digits in.",
            ),
        ),
    )


@derivation("bce.reduction")
def mean_reduction(derivation_id: str) -> Derivation:
    w = sp.symbols("w_1:4", positive=True)
    losses = sp.symbols("ell_1:4", positive=True)
    weighted = sum(wi * li for wi, li in zip(w, losses, strict=True))
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="`reduction='mean'`은 \\(N\\)으로 나눕니다",
            en="`reduction='mean'` divides by \\(N\\)",
        ),
        start=weighted / 3,
        steps=(
            Step(
                product(sum(w) / 3, weighted / sum(w)),
                ko=r"원소가 \(N = 3\)개인 배치의 `mean`은 \(\frac{1}{N}\sum_i w_i \ell_i\)입니다. 이는 "
                r"가중치의 평균과 가중 평균 \(\frac{\sum_i w_i \ell_i}{\sum_i w_i}\)의 곱이므로, 가중치의 "
                r"평균이 1일 때만 가중 평균과 같습니다.",
                en=r"For a batch of \(N = 3\) elements `mean` is \(\frac{1}{N}\sum_i w_i \ell_i\). That is the "
                r"mean weight times the weighted average \(\frac{\sum_i w_i \ell_i}{\sum_i w_i}\), so it equals "
                r"the weighted average only when the weights average 1.",
            ),
        ),
    )


FOCAL_ALPHA, FOCAL_GAMMA = sp.Rational(1, 4), 2
FOCAL = ((alpha, "unit"), (gamma, "exponent"), *TARGET)


def focal_parts(alpha_=alpha):
    """α_t, 1 − p_t and the BCE of the sigmoid focal loss, in logit space."""
    alpha_t = alpha_ * y + (1 - alpha_) * (1 - y)
    one_minus_pt = y * sigmoid(-x) + (1 - y) * sigmoid(x)
    loss = (1 - y) * softplus(x) + y * softplus(-x)
    return alpha_t, one_minus_pt, loss


# The BCE's gradient, from bce_logits.grad.
BCE_GRAD = (1 - y) * sigmoid(x) - y * sigmoid(-x)
# σ(x)σ(−x) / (1 − p_t): the weighted harmonic mean of p and 1 − p (p_t is their weighted arithmetic mean).
FOCAL_RATIO = 1 / (y / sigmoid(x) + (1 - y) / sigmoid(-x))
# The same, with 1/σ(±x) = e^{softplus(∓x)} and the sum of exponentials in log space: no 0 · ∞ when y is
# 0 or 1 and σ(∓x) underflows.
FOCAL_RATIO_STABLE = sp.exp(-logaddexp(sp.log(y) + softplus(-x), sp.log(1 - y) + softplus(x)))
DEFAULTS = ((alpha, FOCAL_ALPHA), (gamma, FOCAL_GAMMA))


@derivation("focal.general")
def focal_general(derivation_id: str) -> Derivation:
    alpha_t, one_minus_pt, loss = focal_parts()
    p_t = p * y + (1 - p) * (1 - y)
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="시그모이드 초점 손실(focal loss), \\(\\alpha\\)와 \\(\\gamma\\)는 기호로",
            en="Sigmoid focal loss, with symbolic \\(\\alpha\\) and \\(\\gamma\\)",
        ),
        start=product(alpha_t, (1 - p_t) ** gamma, bce(p)),
        domain=FOCAL,
        steps=(
            Step(
                product(
                    alpha_t,
                    (1 - (sigmoid(x) * y + (1 - sigmoid(x)) * (1 - y))) ** gamma,
                    bce(sigmoid(x)),
                ),
                ko=r"Lin 외(2017)의 초점 손실은 \(-\alpha_t (1-p_t)^{\gamma} \log p_t\)입니다. 여기서 "
                r"\(p_t = py + (1-p)(1-y)\), \(\alpha_t = \alpha y + (1-\alpha)(1-y)\)이고, \(0 \le \alpha \le 1\), "
                r"\(\gamma \ge 0\)입니다. \(y \in \{0, 1\}\)이면 \(-\log p_t\)가 BCE와 같습니다. torchvision처럼 BCE를 "
                r"그대로 써서 소프트 정답에도 쓸 수 있게 하고, \(p = \sigma(x)\)로 둡니다.",
                en=r"The focal loss of Lin et al. (2017) is \(-\alpha_t (1-p_t)^{\gamma} \log p_t\) with "
                r"\(p_t = py + (1-p)(1-y)\), \(\alpha_t = \alpha y + (1-\alpha)(1-y)\), \(0 \le \alpha \le 1\) and "
                r"\(\gamma \ge 0\); for \(y \in \{0, 1\}\), \(-\log p_t\) is the BCE. Keep the BCE, as torchvision "
                r"does, so that soft targets work too, and put \(p = \sigma(x)\).",
                check="definition",
                define=SIGMOID,
            ),
            Step(
                product(alpha_t, one_minus_pt**gamma, bce(sigmoid(x))),
                ko=r"\(1 - p_t = y(1-\sigma(x)) + (1-y)\sigma(x)\)는 \(y\,\sigma(-x) + (1-y)\,\sigma(x)\)와 "
                r"같습니다. 뺄셈 \(1 - p_t\)가 사라져, 잘 맞힌 샘플에서 작은 값이 정확히 남습니다. 이 값은 "
                r"양수이므로 \((1-p_t)^{\gamma}\)는 \(\gamma = 0\)에서도 1로 잘 정의됩니다.",
                en=r"\(1 - p_t = y(1-\sigma(x)) + (1-y)\sigma(x)\), which is \(y\,\sigma(-x) + (1-y)\,\sigma(x)\): "
                r"the subtraction \(1 - p_t\) is gone, so its small value for a well-classified sample stays accurate. "
                r"It is positive, so \((1-p_t)^{\gamma}\) is well defined, 1 at \(\gamma = 0\).",
            ),
            Step(
                alpha_t * one_minus_pt**gamma * loss,
                ko=r"BCE를 `bce_logits.simplify`의 마지막 꼴 \((1-y)\operatorname{softplus}(x) + "
                r"y\operatorname{softplus}(-x)\)로 씁니다. 로짓 공간의 안정된 꼴입니다. 인수 \((1-p_t)^{\gamma}\)가 "
                r"잘 맞힌 샘플(\(1 - p_t \to 0\))의 손실을 줄이고, \(\gamma\)가 클수록 더 줄입니다. "
                r"\(\gamma = 0\)이면 \(\alpha_t\)를 곱한 BCE입니다.",
                en=r"Write the BCE in the last form of `bce_logits.simplify`, \((1-y)\operatorname{softplus}(x) + "
                r"y\operatorname{softplus}(-x)\): the stable form in logit space. The factor \((1-p_t)^{\gamma}\) "
                r"shrinks the loss of well-classified samples (\(1 - p_t \to 0\)), the more the larger \(\gamma\). "
                r"At \(\gamma = 0\) it is the BCE times \(\alpha_t\).",
            ),
        ),
    )


@derivation("focal.general_grad")
def focal_general_gradient(derivation_id: str) -> Derivation:
    alpha_t, u, loss = focal_parts()
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="시그모이드 초점 손실의 그래디언트, \\(\\alpha\\)와 \\(\\gamma\\)는 기호로",
            en="The gradient of the sigmoid focal loss, with symbolic \\(\\alpha\\) and \\(\\gamma\\)",
        ),
        start=sp.Derivative(alpha_t * u**gamma * loss, x),
        domain=FOCAL,
        steps=(
            Step(
                alpha_t * (sp.Derivative(u**gamma, x) * loss + u**gamma * sp.Derivative(loss, x)),
                ko=r"\(\alpha_t\)는 상수이고, 나머지에 곱의 미분법을 씁니다.",
                en=r"\(\alpha_t\) is a constant; use the product rule on the rest.",
            ),
            Step(
                alpha_t * (gamma * u ** (gamma - 1) * sp.Derivative(u, x) * loss + u**gamma * BCE_GRAD),
                ko=r"\(u = 1 - p_t > 0\)이므로 \(\frac{d}{dx}u^{\gamma} = \gamma u^{\gamma-1}u'\)이고, BCE의 "
                r"그래디언트는 `bce_logits.grad`의 \((1-y)\sigma(x) - y\sigma(-x)\)입니다.",
                en=r"As \(u = 1 - p_t > 0\), \(\frac{d}{dx}u^{\gamma} = \gamma u^{\gamma-1}u'\), and the BCE's "
                r"gradient is \((1-y)\sigma(x) - y\sigma(-x)\) from `bce_logits.grad`.",
            ),
            Step(
                alpha_t
                * (
                    gamma * u ** (gamma - 1) * (1 - 2 * y) * sigmoid(x) * sigmoid(-x) * loss
                    + u**gamma * BCE_GRAD
                ),
                ko=r"`sigmoid.derivative`에 따라 \(\sigma'(\pm x) = \pm\sigma(x)\sigma(-x)\)이므로 "
                r"\(\frac{d}{dx}(1-p_t) = (1-2y)\,\sigma(x)\sigma(-x)\)입니다.",
                en=r"By `sigmoid.derivative`, \(\frac{d}{dx}\sigma(\pm x) = \pm\sigma(x)\sigma(-x)\), so "
                r"\(\frac{d}{dx}(1-p_t) = (1-2y)\,\sigma(x)\sigma(-x)\).",
            ),
            Step(
                alpha_t * u**gamma * (gamma * (1 - 2 * y) * (sigmoid(x) * sigmoid(-x) / u) * loss + BCE_GRAD),
                ko=r"\((1-p_t)^{\gamma}\)를 묶어 냅니다. \(\gamma < 1\)이면 \(u^{\gamma-1}\)은 \(u \to 0\)에서 "
                r"발산하지만, 이 꼴에는 \(u^{\gamma}\)와 비 \(q = \frac{\sigma(x)\sigma(-x)}{1-p_t}\)만 남습니다.",
                en=r"Factor out \((1-p_t)^{\gamma}\). For \(\gamma < 1\), \(u^{\gamma-1}\) diverges as \(u \to 0\); "
                r"this form keeps only \(u^{\gamma}\) and the ratio \(q = \frac{\sigma(x)\sigma(-x)}{1-p_t}\).",
            ),
            Step(
                alpha_t * u**gamma * (gamma * (1 - 2 * y) * FOCAL_RATIO * loss + BCE_GRAD),
                ko=r"\(q\)의 분자와 분모를 \(\sigma(x)\sigma(-x)\)로 나누면 \(q = 1/\left(\frac{y}{\sigma(x)} + "
                r"\frac{1-y}{\sigma(-x)}\right)\)입니다. \(p\)와 \(1-p\)의 가중 조화 평균이므로 \(0 < q < 1\)이고, "
                r"\(y \in \{0, 1\}\)이면 \(q = p_t\)입니다.",
                en=r"Dividing the numerator and denominator of \(q\) by \(\sigma(x)\sigma(-x)\) gives "
                r"\(q = 1/\left(\frac{y}{\sigma(x)} + \frac{1-y}{\sigma(-x)}\right)\): the weighted harmonic mean of "
                r"\(p\) and \(1-p\), so \(0 < q < 1\), and \(q = p_t\) for \(y \in \{0, 1\}\).",
            ),
            Step(
                alpha_t * u**gamma * (gamma * (1 - 2 * y) * FOCAL_RATIO_STABLE * loss + BCE_GRAD),
                ko=r"\(1/\sigma(\pm x) = e^{\operatorname{softplus}(\mp x)}\)이므로 \(-\log q\)는 "
                r"\(\log y + \operatorname{softplus}(-x)\)와 \(\log(1-y) + \operatorname{softplus}(x)\)의 "
                r"`logaddexp`입니다. \(y = 1\)이고 \(x\)가 커서 \(\sigma(-x)\)가 0으로 언더플로해도 "
                r"\(0 \cdot \infty\)가 생기지 않습니다(\(\log 0 = -\infty\)인 항은 그대로 빠집니다). 그래디언트도 "
                r"\((1-p_t)^{\gamma}\)에 비례해 0으로 가므로, 잘 맞힌 샘플은 학습에 거의 기여하지 않습니다.",
                en=r"As \(1/\sigma(\pm x) = e^{\operatorname{softplus}(\mp x)}\), \(-\log q\) is the `logaddexp` of "
                r"\(\log y + \operatorname{softplus}(-x)\) and \(\log(1-y) + \operatorname{softplus}(x)\). For "
                r"\(y = 1\) and a large \(x\), where \(\sigma(-x)\) underflows to 0, there is no \(0 \cdot \infty\) "
                r"(the term with \(\log 0 = -\infty\) just drops out). The gradient too goes to 0 in proportion to "
                r"\((1-p_t)^{\gamma}\), so well-classified samples hardly contribute to training.",
            ),
        ),
    )


@derivation("focal.binary")
def focal_binary(derivation_id: str) -> Derivation:
    alpha_t, one_minus_pt, loss = focal_parts()
    default_alpha_t, _, _ = focal_parts(FOCAL_ALPHA)
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="시그모이드 초점 손실, \\(\\alpha = 0.25\\), \\(\\gamma = 2\\)",
            en="Sigmoid focal loss, \\(\\alpha = 0.25\\), \\(\\gamma = 2\\)",
        ),
        start=alpha_t * one_minus_pt**gamma * loss,
        domain=FOCAL,
        steps=(
            Step(
                default_alpha_t * one_minus_pt**FOCAL_GAMMA * loss,
                ko=r"`focal.general`의 결과에 논문의 기본값 \(\alpha = 0.25\), \(\gamma = 2\)를 넣습니다. "
                r"\((1-p_t)^{2}\)는 곱셈 한 번으로 계산됩니다.",
                en=r"Put the paper's defaults \(\alpha = 0.25\), \(\gamma = 2\) into the result of `focal.general`; "
                r"\((1-p_t)^{2}\) is a single multiplication.",
                check="definition",
                define=DEFAULTS,
            ),
        ),
    )


@derivation("focal.binary_grad")
def focal_binary_gradient(derivation_id: str) -> Derivation:
    alpha_t, u, loss = focal_parts()
    default_alpha_t, _, _ = focal_parts(FOCAL_ALPHA)
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="시그모이드 초점 손실의 그래디언트, \\(\\alpha = 0.25\\), \\(\\gamma = 2\\)",
            en="The gradient of the sigmoid focal loss, \\(\\alpha = 0.25\\), \\(\\gamma = 2\\)",
        ),
        start=alpha_t * u**gamma * (gamma * (1 - 2 * y) * FOCAL_RATIO_STABLE * loss + BCE_GRAD),
        domain=FOCAL,
        steps=(
            Step(
                default_alpha_t
                * u**FOCAL_GAMMA
                * (FOCAL_GAMMA * (1 - 2 * y) * FOCAL_RATIO_STABLE * loss + BCE_GRAD),
                ko=r"`focal.general_grad`의 결과에 논문의 기본값 \(\alpha = 0.25\), \(\gamma = 2\)를 넣습니다.",
                en=r"Put the paper's defaults \(\alpha = 0.25\), \(\gamma = 2\) into the result of "
                r"`focal.general_grad`.",
                check="definition",
                define=DEFAULTS,
            ),
            Step(
                default_alpha_t
                * u
                * (FOCAL_GAMMA * (1 - 2 * y) * sigmoid(x) * sigmoid(-x) * loss + u * BCE_GRAD),
                ko=r"\(\gamma = 2\)이면 \(u^{\gamma-1} = 1 - p_t\)가 발산하지 않으므로 비 \(q\) 대신 "
                r"\((1-p_t)\,q = \sigma(x)\sigma(-x)\)를 씁니다. \(\log y\)도 사라집니다. "
                r"\(y \in \{0, 1\}\)이면 괄호 안의 두 항은 부호가 같아 상쇄가 없습니다.",
                en=r"For \(\gamma = 2\), \(u^{\gamma-1} = 1 - p_t\) does not diverge, so use "
                r"\((1-p_t)\,q = \sigma(x)\sigma(-x)\) instead of the ratio \(q\); \(\log y\) is gone too. For "
                r"\(y \in \{0, 1\}\) the two terms in the parentheses have the same sign, so nothing cancels.",
            ),
        ),
    )


@derivation("logit.inverse")
def logit_inverse(derivation_id: str) -> Derivation:
    return Derivation(
        id=derivation_id,
        title=Text(ko="로짓은 로그 오즈입니다", en="A logit is the log-odds"),
        start=sp.log(p / (1 - p)),
        steps=(
            Step(
                sp.log(sigmoid(x) / (1 - sigmoid(x))),
                ko=r"확률 \(p\)의 로그 오즈(log-odds) \(\log\frac{p}{1-p}\)에 \(p = \sigma(x)\)를 넣습니다.",
                en=r"Put \(p = \sigma(x)\) into the log-odds \(\log\frac{p}{1-p}\) of a probability \(p\).",
                check="definition",
                define=SIGMOID,
            ),
            Step(
                sp.log((1 / (1 + sp.exp(-x))) / (sp.exp(-x) / (1 + sp.exp(-x)))),
                ko=r"\(\sigma(x) = \frac{1}{1+e^{-x}}\), \(1 - \sigma(x) = \frac{e^{-x}}{1+e^{-x}}\)입니다.",
                en=r"\(\sigma(x) = \frac{1}{1+e^{-x}}\) and \(1 - \sigma(x) = \frac{e^{-x}}{1+e^{-x}}\).",
            ),
            Step(
                sp.log(sp.exp(x), evaluate=False),
                ko=r"분모 \(1+e^{-x}\)가 약분되고 \(1/e^{-x} = e^{x}\)입니다.",
                en=r"The denominators \(1+e^{-x}\) cancel, and \(1/e^{-x} = e^{x}\).",
            ),
            Step(
                x,
                ko=r"로그 오즈는 로짓 \(x\) 자신입니다. 로짓은 \(\sigma\)의 역함수 값이지, 확률이나 로그 "
                r"확률 \(\log p\)가 아닙니다.",
                en=r"The log-odds is the logit \(x\) itself: a logit is the inverse of \(\sigma\), not a "
                r"probability and not a log-probability \(\log p\).",
            ),
        ),
    )


# The solutions of the pages' exercises: results the pages leave to the reader, checked like the rest.


@derivation("bce.hessian")
def hessian_in_p(derivation_id: str) -> Derivation:
    return Derivation(
        id=derivation_id,
        title=Text(ko="확률에 대한 BCE의 2계 도함수", en="The second derivative of BCE in the probability"),
        start=sp.Derivative(bce(p), (p, 2)),
        domain=PROBABILITY_AND_TARGET,
        steps=(
            Step(
                sp.Derivative(-(y / p - (1 - y) / (1 - p)), p),
                ko=r"한 번 미분한 값은 `bce.grad`의 첫 단계 \(-\left(\frac{y}{p} - \frac{1-y}{1-p}\right)\)입니다. "
                r"통분하기 전의 이 꼴이 다시 미분하기 쉽습니다.",
                en=r"The first derivative is the first step of `bce.grad`, "
                r"\(-\left(\frac{y}{p} - \frac{1-y}{1-p}\right)\); before the fractions are combined it is "
                r"the easier form to differentiate again.",
            ),
            Step(
                y / p**2 + (1 - y) / (1 - p) ** 2,
                ko=r"\(\frac{d}{dp}\frac{1}{p} = -\frac{1}{p^2}\), \(\frac{d}{dp}\frac{1}{1-p} = \frac{1}{(1-p)^2}\)입니다. "
                r"\(0 \le y \le 1\)이면 두 항이 모두 0 이상이므로 BCE는 \(p\)에 대해서도 볼록(convex)합니다. "
                r"곡률은 틀린 쪽 끝에서 \(1/p^2\)이나 \(1/(1-p)^2\)처럼 커집니다.",
                en=r"\(\frac{d}{dp}\frac{1}{p} = -\frac{1}{p^2}\) and \(\frac{d}{dp}\frac{1}{1-p} = \frac{1}{(1-p)^2}\). "
                r"For \(0 \le y \le 1\) both terms are non-negative, so BCE is convex in \(p\) too; the curvature "
                r"grows like \(1/p^2\) or \(1/(1-p)^2\) at the wrong end.",
            ),
        ),
    )


@derivation("bce.constant_prediction")
def constant_prediction(derivation_id: str) -> Derivation:
    targets = sp.symbols("y_1:3", real=True)
    mean = sp.Symbol("ybar", real=True)
    share = product(sp.Rational(1, 2), sp.Add(*targets))
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="모든 샘플에 같은 확률을 예측할 때의 평균 BCE",
            en="The mean BCE of a prediction that is the same for every sample",
        ),
        start=product(sp.Rational(1, 2), sp.Add(*(bce(p, t) for t in targets))),
        domain=((p, "probability"), *((t, "target") for t in targets)),
        steps=(
            Step(
                -Paren(product(share, sp.log(p)) + product(1 - share, sp.log(1 - p))),
                ko=r"샘플 \(N = 2\)개의 정답이 \(y_1, y_2\)이고 예측은 모두 \(p\)입니다. \(\log p\)와 "
                r"\(\log(1-p)\)의 계수를 각각 모으면 \(\frac{1}{N}\sum_n y_n\)과 \(1 - \frac{1}{N}\sum_n y_n\)입니다.",
                en=r"Two samples (\(N = 2\)) with targets \(y_1, y_2\), all predicted as \(p\). Collect the "
                r"coefficients of \(\log p\) and \(\log(1-p)\): \(\frac{1}{N}\sum_n y_n\) and "
                r"\(1 - \frac{1}{N}\sum_n y_n\).",
            ),
            Step(
                bce(p, mean),
                ko=r"\(\bar{y} = \frac{1}{N}\sum_n y_n\)은 정답의 평균, 곧 양성의 비율입니다. 평균 손실은 "
                r"정답 \(\bar{y}\) 하나에 대한 BCE와 같습니다.",
                en=r"\(\bar{y} = \frac{1}{N}\sum_n y_n\) is the mean target, the fraction of positives. The mean "
                r"loss is the BCE against the single target \(\bar{y}\).",
                check="definition",
                define=((mean, sp.Add(*targets) / 2),),
            ),
        ),
    )


def logit_loss(logit, target=y):
    """BCE with logits in the last form of `bce_logits.simplify`: (1 − y) softplus(x) + y softplus(−x)."""
    return (1 - target) * softplus(logit) + target * softplus(-logit)


@derivation("bce_logits.minimum")
def logits_minimum(derivation_id: str) -> Derivation:
    best = sp.log(y / (1 - y))
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="소프트 정답의 가장 작은 손실은 정답의 엔트로피입니다",
            en="The smallest loss for a soft target is the target's entropy",
        ),
        start=logit_loss(best),
        domain=((y, "probability"),),
        steps=(
            Step(
                (1 - y) * sp.log(1 + y / (1 - y)) + y * sp.log(1 + (1 - y) / y),
                ko=r"`bce_logits.grad`의 그래디언트 \(\sigma(x) - y\)는 \(\sigma(x) = y\)에서 0이고, "
                r"`logit.inverse`에 따라 그 로짓은 \(x^* = \log\frac{y}{1-y}\)입니다(\(0 < y < 1\)). 손실은 "
                r"볼록하므로 여기가 최솟값입니다. 이 \(x^*\)를 `bce_logits.simplify`의 마지막 꼴에 넣고 "
                r"\(\operatorname{softplus}(u) = \log(1 + e^{u})\)를 풀어 씁니다.",
                en=r"The gradient \(\sigma(x) - y\) of `bce_logits.grad` is 0 where \(\sigma(x) = y\), and by "
                r"`logit.inverse` that logit is \(x^* = \log\frac{y}{1-y}\) (\(0 < y < 1\)); the loss is convex, "
                r"so this is its minimum. Put \(x^*\) into the last form of `bce_logits.simplify` and expand "
                r"\(\operatorname{softplus}(u) = \log(1 + e^{u})\).",
            ),
            Step(
                (1 - y) * sp.log(1 / (1 - y)) + y * sp.log(1 / y),
                ko=r"\(1 + \frac{y}{1-y} = \frac{1}{1-y}\), \(1 + \frac{1-y}{y} = \frac{1}{y}\)입니다.",
                en=r"\(1 + \frac{y}{1-y} = \frac{1}{1-y}\) and \(1 + \frac{1-y}{y} = \frac{1}{y}\).",
            ),
            Step(
                -(y * sp.log(y) + (1 - y) * sp.log(1 - y)),
                ko=r"\(\log\frac{1}{a} = -\log a\)(\(a > 0\))입니다. \(y = u/(1+u)\)(\(u > 0\))로 바꿔 쓰면 "
                r"SymPy도 \(y\)와 \(1-y\)가 양수임을 압니다. 결과는 정답 분포 \((y, 1-y)\)의 "
                r"엔트로피(entropy)입니다.",
                en=r"\(\log\frac{1}{a} = -\log a\) for \(a > 0\); written as \(y = u/(1+u)\) with \(u > 0\), "
                r"SymPy knows that \(y\) and \(1-y\) are positive. The result is the entropy of the target "
                r"distribution \((y, 1-y)\).",
            ),
        ),
    )


@derivation("bce_logits.loss_difference")
def logits_loss_difference(derivation_id: str) -> Derivation:
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="정답이 0일 때와 1일 때의 손실 차이는 로짓입니다",
            en="The loss at target 0 minus the loss at target 1 is the logit",
        ),
        start=logit_loss(x, 0) - logit_loss(x, 1),
        steps=(
            Step(
                sp.log(1 + sp.exp(x)) - sp.log(1 + sp.exp(-x)),
                ko=r"`bce_logits.simplify`의 마지막 꼴에서 \(y = 0\)이면 \(\operatorname{softplus}(x)\), "
                r"\(y = 1\)이면 \(\operatorname{softplus}(-x)\)가 남습니다. "
                r"\(\operatorname{softplus}(u) = \log(1 + e^{u})\)입니다.",
                en=r"In the last form of `bce_logits.simplify`, \(y = 0\) leaves \(\operatorname{softplus}(x)\) "
                r"and \(y = 1\) leaves \(\operatorname{softplus}(-x)\); \(\operatorname{softplus}(u) = "
                r"\log(1 + e^{u})\).",
            ),
            Step(
                sp.log((1 + sp.exp(x)) / (1 + sp.exp(-x))),
                ko=r"두 로그의 인수가 모두 양수이므로 로그의 차는 몫의 로그입니다.",
                en=r"Both arguments are positive, so the difference of the logs is the log of the quotient.",
            ),
            Step(
                sp.log(sp.exp(x), evaluate=False),
                ko=r"\(1 + e^{x} = e^{x}(1 + e^{-x})\)이므로 몫은 \(e^{x}\)입니다.",
                en=r"\(1 + e^{x} = e^{x}(1 + e^{-x})\), so the quotient is \(e^{x}\).",
            ),
            Step(
                x,
                ko=r"손실은 \(y\)에 대해 일차식이므로 \(\ell(x, y) = \ell(x, 0) - xy\)입니다. 로짓은 "
                r"정답이 0일 때 손실이 얼마나 더 큰지를 내트(nat)로 잰 값이고, `logit.inverse`의 로그 오즈입니다.",
                en=r"The loss is linear in \(y\), so \(\ell(x, y) = \ell(x, 0) - xy\). The logit is how much more "
                r"a target of 0 would cost, in nats: the log-odds of `logit.inverse`.",
            ),
        ),
    )


@derivation("bce_logits.pos_weight_optimum")
def logits_pos_weight_optimum(derivation_id: str) -> Derivation:
    scale = 1 - y + pos_weight * y
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="`pos_weight`는 최적 로짓에 \\(\\log p_w\\)를 더합니다",
            en="`pos_weight` adds \\(\\log p_w\\) to the optimal logit",
        ),
        start=(1 - y) * sigmoid(x) - pos_weight * y * sigmoid(-x),
        domain=TARGET_AND_POS_WEIGHT,
        steps=(
            Step(
                scale * sigmoid(x) - pos_weight * y,
                ko=r"`bce_logits.pos_weight_grad`의 그래디언트에서 출발합니다. 그래디언트는 \(y\)에 대해 "
                r"일차식이므로, 모든 샘플에 같은 로짓 \(x\)를 낼 때 평균 그래디언트는 \(y\)를 양성의 비율로 "
                r"바꾼 이 식입니다. \(\sigma(-x) = 1 - \sigma(x)\)를 넣고 \(\sigma(x)\)의 계수를 모읍니다.",
                en=r"Start from the gradient of `bce_logits.pos_weight_grad`. It is linear in \(y\), so when every "
                r"sample gets the same logit \(x\), the mean gradient is this expression with \(y\) the "
                r"fraction of positives. Put in \(\sigma(-x) = 1 - \sigma(x)\) and collect \(\sigma(x)\).",
            ),
            Step(
                product(scale, sigmoid(x) - pos_weight * y / scale),
                ko=r"양수인 계수 \(1 - y + p_w y\)를 묶어 냅니다.",
                en=r"Factor out the positive coefficient \(1 - y + p_w y\).",
            ),
            Step(
                product(scale, sigmoid(x) - sigmoid(sp.log(pos_weight) + sp.log(y / (1 - y)))),
                ko=r"\(0 < y < 1\)이면 \(\frac{p_w y}{1 - y + p_w y} = \sigma(u)\)이고 그 오즈는 \(e^{u} = p_w \frac{y}{1-y}\)이므로 "
                r"\(u = \log p_w + \log\frac{y}{1-y}\)입니다. \(\sigma\)는 증가 함수라서 그래디언트는 "
                r"\(x^* = \log p_w + \log\frac{y}{1-y}\)에서만 0입니다. `pos_weight`는 최적 로짓을 "
                r"\(\log p_w\)만큼 옮기고, 예측 오즈를 \(p_w\)배로 만듭니다.",
                en=r"For \(0 < y < 1\), \(\frac{p_w y}{1 - y + p_w y} = \sigma(u)\) with odds \(e^{u} = p_w \frac{y}{1-y}\), so "
                r"\(u = \log p_w + \log\frac{y}{1-y}\). \(\sigma\) is increasing, so the gradient is 0 only at "
                r"\(x^* = \log p_w + \log\frac{y}{1-y}\): `pos_weight` moves the optimal logit by "
                r"\(\log p_w\) and multiplies the predicted odds by \(p_w\).",
            ),
        ),
    )


@derivation("bce_logits.pos_weight_hessian")
def logits_pos_weight_hessian(derivation_id: str) -> Derivation:
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="`pos_weight`가 있는 BCEWithLogitsLoss의 2계 도함수",
            en="The second derivative of BCEWithLogitsLoss with `pos_weight`",
        ),
        start=sp.Derivative((1 - y) * sigmoid(x) - pos_weight * y * sigmoid(-x), x),
        domain=TARGET_AND_POS_WEIGHT,
        steps=(
            Step(
                (1 - y) * product(sigmoid(x), sigmoid(-x))
                + pos_weight * y * product(sigmoid(x), sigmoid(-x)),
                ko=r"`bce_logits.pos_weight_grad`의 그래디언트를 한 번 더 미분합니다. `sigmoid.derivative`에 "
                r"따라 \(\frac{d}{dx}\sigma(x) = \sigma(x)\sigma(-x)\)이고, 연쇄 법칙으로 "
                r"\(\frac{d}{dx}\sigma(-x) = -\sigma(x)\sigma(-x)\)입니다.",
                en=r"Differentiate the gradient of `bce_logits.pos_weight_grad` once more. By "
                r"`sigmoid.derivative`, \(\frac{d}{dx}\sigma(x) = \sigma(x)\sigma(-x)\), and by the chain rule "
                r"\(\frac{d}{dx}\sigma(-x) = -\sigma(x)\sigma(-x)\).",
            ),
            Step(
                product(1 + (pos_weight - 1) * y, sigmoid(x), sigmoid(-x)),
                ko=r"공통 인수 \(\sigma(x)\sigma(-x)\)를 묶으면 계수는 \(1 - y + p_w y = 1 + (p_w - 1)y\)입니다. "
                r"\(p_w > 0\), \(0 \le y \le 1\)이면 양수이므로 손실은 여전히 볼록합니다. 양성 샘플(\(y = 1\))의 "
                r"곡률과 그래디언트만 \(p_w\)배가 됩니다.",
                en=r"Take out the common factor \(\sigma(x)\sigma(-x)\); the coefficient is "
                r"\(1 - y + p_w y = 1 + (p_w - 1)y\). For \(p_w > 0\) and \(0 \le y \le 1\) it is positive, so "
                r"the loss is still convex; only a positive sample's (\(y = 1\)) curvature and gradient are "
                r"scaled by \(p_w\).",
            ),
        ),
    )
