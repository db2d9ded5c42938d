"""What TensorFlow, Keras 3, optax and scikit-learn compute: each formula as its source writes it, and where it
equals the exact loss or, because of a clip, where and by how much it differs.

Read from the installed sources (tensorflow 2.21, keras 3.15, optax 0.2.8, scikit-learn 1.9); the parity tests
(tests/test_frameworks.py) hold every derivation to the framework running.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import sympy as sp

from lossdocs.derivation import Derivation, Step, Text
from lossdocs.derivations.bce import bce
from lossdocs.functions import log1p, logaddexp, logsumexp, product, sigmoid, softplus
from lossdocs.registry import derivation
from lossdocs.symbols import alpha, epsilon, gamma, indexed, logits, p, pos_weight, s, x, y

TARGET = ((y, "target"),)
SKLEARN_EPSILON = sp.Rational(1, 2**52)
"""np.finfo(np.float64).eps, where log_loss clips float64 probabilities."""
FLOAT32_ONE_BELOW = 1 - sp.Rational(1, 2**23)
"""1 − 1e-7 rounded to float32: the float below 1 nearest to it is 1 − 2^-23."""


def exact(value: float, dtype=np.float64) -> sp.Rational:
    """A constant as ``dtype`` stores it, as the exact (dyadic) rational it is: clip bounds are compared with
    probabilities exactly, in interval arithmetic, only when they are dyadic."""
    fraction = Fraction(float(dtype(value)))
    return sp.Rational(fraction.numerator, fraction.denominator)


KERAS_LOW, KERAS_HIGH = exact(1e-7), exact(1 - 1e-7)
"""Keras' clip bounds `epsilon()` and `1.0 - epsilon()` in float64 (1e-7 rounded, then 1 − 1e-7 rounded)."""


def clip(value, low, high):
    """``tf.clip_by_value`` / ``np.clip``: min(max(value, low), high)."""
    return sp.Min(sp.Max(value, low, evaluate=False), high, evaluate=False)


@derivation("tf.sigmoid_ce")
def tf_sigmoid_ce(derivation_id: str) -> Derivation:
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="TensorFlow의 `sigmoid_cross_entropy_with_logits`는 정확한 BCE입니다",
            en="TensorFlow's `sigmoid_cross_entropy_with_logits` is the exact BCE",
        ),
        start=sp.Max(x, 0) - x * y + log1p(sp.exp(-sp.Abs(x))),
        domain=TARGET,
        steps=(
            Step(
                (1 - y) * x + sp.log(1 + sp.exp(-x)),
                ko=r"TensorFlow 2.21은 `relu(x) - x * z + log1p(exp(-abs(x)))`를 계산합니다(`tensorflow/python/ops/nn_impl.py`, "
                r"\(z\)가 정답 \(y\)). \(x > 0\)이면 \(\max(x, 0) = x\)이고, \(x < 0\)이면 "
                r"\(\log(1+e^{x}) = x + \log(1+e^{-x})\)입니다. 부호로 나누어 증명합니다.",
                en=r"TensorFlow 2.21 computes `relu(x) - x * z + log1p(exp(-abs(x)))` (`tensorflow/python/ops/nn_impl.py`, \(z\) "
                r"the target \(y\)). For \(x > 0\), \(\max(x, 0) = x\); for \(x < 0\), "
                r"\(\log(1+e^{x}) = x + \log(1+e^{-x})\). Proved case by case on the sign.",
            ),
            Step(
                bce(sigmoid(x)),
                ko=r"`bce_logits.simplify`의 단계를 거꾸로 밟으면 \(p = \sigma(x)\)의 BCE입니다. 클램프도 "
                r"엡실론도 없으므로 모든 실수 \(x\)에서 정확한 손실과 같습니다.",
                en=r"Walking back the steps of `bce_logits.simplify`, this is the BCE of \(p = \sigma(x)\). "
                r"With no clamp and no epsilon it equals the exact loss at every real \(x\).",
            ),
            Step(
                (1 - y) * softplus(x) + y * softplus(-x),
                ko=r"같은 손실을 0 이상인 두 항의 합으로 씁니다(`bce_logits.simplify`의 마지막 꼴). 아래 수치 "
                r"검증과 테스트가 이 식을 계산합니다.",
                en=r"The same loss as a sum of two non-negative terms (the last form of `bce_logits.simplify`), "
                r"which the numeric checks and the tests evaluate.",
            ),
        ),
    )


@derivation("tf.weighted_ce")
def tf_weighted_ce(derivation_id: str) -> Derivation:
    weight = 1 + (pos_weight - 1) * y
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="TensorFlow의 `weighted_cross_entropy_with_logits`는 `pos_weight`의 BCE입니다",
            en="TensorFlow's `weighted_cross_entropy_with_logits` is BCE with `pos_weight`",
        ),
        start=(1 - y) * x + weight * (log1p(sp.exp(-sp.Abs(x))) + sp.Max(-x, 0)),
        domain=((y, "target"), (x, "real"), (pos_weight, "weight")),  # labels, logits, pos_weight
        steps=(
            Step(
                (1 - y) * x + weight * sp.log(1 + sp.exp(-x)),
                ko=r"TensorFlow 2.21의 식 `(1 - z) * x + l * (log1p(exp(-abs(x))) + relu(-x))`, "
                r"\(l = 1 + (q - 1)z\)입니다(\(q\)가 `pos_weight`). 괄호 안은 \(\log(1+e^{-x})\)를 "
                r"오버플로 없이 쓴 것입니다. 부호로 나누어 증명합니다.",
                en=r"TensorFlow 2.21's formula `(1 - z) * x + l * (log1p(exp(-abs(x))) + relu(-x))` with "
                r"\(l = 1 + (q - 1)z\) (\(q\) is `pos_weight`). The parenthesis is \(\log(1+e^{-x})\) written "
                r"without overflow; proved case by case on the sign.",
            ),
            Step(
                -(pos_weight * y * sp.log(sigmoid(x)) + (1 - y) * sp.log(1 - sigmoid(x))),
                ko=r"양성 항에만 \(q\)를 곱한 BCE, 곧 PyTorch의 `pos_weight`(`bce_logits.pos_weight`)와 같은 "
                r"손실입니다. 클램프가 없어 값은 정확한 손실이지만, 계산은 \(y = 0\), \(x \ll 0\)에서 \(x\)와 "
                r"\(\operatorname{relu}(-x) = -x\)가 상쇄되어 \(e^{x}\) 정도의 답이 \(|x|\)의 ulp 정도 "
                r"오차를 가집니다. `sigmoid_cross_entropy_with_logits`에는 이 상쇄가 없습니다.",
                en=r"BCE with only the positive term multiplied by \(q\): the same loss as PyTorch's "
                r"`pos_weight` (`bce_logits.pos_weight`). With no clamp the value is the exact loss, but for "
                r"\(y = 0\) and \(x \ll 0\) the computation cancels \(x\) against "
                r"\(\operatorname{relu}(-x) = -x\): an answer near \(e^{x}\) gets an error near an ulp of "
                r"\(|x|\). `sigmoid_cross_entropy_with_logits` has no such cancellation.",
            ),
            Step(
                (1 - y) * softplus(x) + pos_weight * y * softplus(-x),
                ko=r"\(-\log\sigma(x) = \operatorname{softplus}(-x)\), "
                r"\(-\log(1-\sigma(x)) = \operatorname{softplus}(x)\): 상쇄 없는 0 이상의 두 항입니다. 수치 검증은 "
                r"이 식을 계산합니다.",
                en=r"\(-\log\sigma(x) = \operatorname{softplus}(-x)\) and "
                r"\(-\log(1-\sigma(x)) = \operatorname{softplus}(x)\): two non-negative terms, nothing cancels; the "
                r"numeric checks evaluate this form.",
            ),
        ),
    )


@derivation("tf.softmax_ce")
def tf_softmax_ce(derivation_id: str) -> Derivation:
    classes = 3
    z = logits(classes)
    t = indexed("y", classes, real=True)
    shift = sp.Symbol("m", real=True)
    total = sp.Add(*(sp.exp(v - shift) for v in z))
    lse = logsumexp(*z)
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="TensorFlow의 `softmax_cross_entropy_with_logits`: 이동한 로그-합-지수",
            en="TensorFlow's `softmax_cross_entropy_with_logits`: the shifted log-sum-exp",
        ),
        start=sp.Add(*(product(ti, sp.log(total) - (zi - shift)) for ti, zi in zip(t, z, strict=True))),
        domain=tuple((ti, "target") for ti in t),
        steps=(
            Step(
                sp.Add(*(product(ti, lse - zi) for ti, zi in zip(t, z, strict=True))),
                ko=rf"TensorFlow의 커널(`xent_op`)은 \(C = {classes}\)개의 로짓에서 \(m = \max_j z_j\)를 빼고 "
                r"\(\sum_i y_i\,(\log\sum_j e^{z_j - m} - (z_i - m))\)를 계산합니다. \(m\)은 상쇄되므로, "
                r"어떤 실수 \(m\)에서도 같은 값입니다. 가장 큰 로짓을 빼면 지수가 0 이하라 오버플로하지 않습니다.",
                en=rf"TensorFlow's kernel (`xent_op`) subtracts \(m = \max_j z_j\) from the \(C = {classes}\) "
                r"logits and computes \(\sum_i y_i\,(\log\sum_j e^{z_j - m} - (z_i - m))\). \(m\) cancels, "
                r"so the value is the same for every real \(m\); with the largest logit subtracted no "
                r"exponent is positive and nothing overflows.",
            ),
            Step(
                -sp.Add(
                    *(
                        product(ti, sp.log(sp.exp(zi) / sp.Add(*map(sp.exp, z))))
                        for ti, zi in zip(t, z, strict=True)
                    )
                ),
                ko=r"\(\operatorname{LSE}(z) - z_i = -\log \operatorname{softmax}(z)_i\): 확률 정답 \(y\)의 "
                r"교차 엔트로피입니다. 축소는 없고, 그래디언트는 \(\operatorname{softmax}(z)\sum_i y_i - y\)입니다.",
                en=r"\(\operatorname{LSE}(z) - z_i = -\log \operatorname{softmax}(z)_i\): the cross-entropy "
                r"with the probability target \(y\). There is no reduction; the gradient is "
                r"\(\operatorname{softmax}(z)\sum_i y_i - y\).",
            ),
            Step(
                sp.Add(
                    *(product(ti, logsumexp(*(zj - zi for zj in z))) for ti, zi in zip(t, z, strict=True))
                ),
                ko=r"\(-\log \operatorname{softmax}(z)_i = \operatorname{LSE}(z_1 - z_i, \dots, z_C - z_i)\)"
                r"(`log_softmax.logsumexp`). TensorFlow처럼 \(\operatorname{LSE}(z) - z_i\)를 빼면 정답 로짓이 "
                r"크게 앞설 때 작은 손실의 자릿수를 잃지만, 이 꼴은 잃지 않습니다. 수치 검증은 이 식을 계산합니다.",
                en=r"\(-\log \operatorname{softmax}(z)_i = \operatorname{LSE}(z_1 - z_i, \dots, z_C - z_i)\) "
                r"(`log_softmax.logsumexp`). Subtracting \(\operatorname{LSE}(z) - z_i\), as TensorFlow does, "
                r"loses the digits of a small loss when the target's logit leads by far; this form keeps them. "
                r"The numeric checks evaluate it.",
            ),
        ),
    )


def _clipped_bce(low, high):
    clipped = clip(p, low, high)
    return -(y * sp.log(clipped) + (1 - y) * sp.log(1 - clipped))


@derivation("keras.bce_clipped")
def keras_bce_clipped(derivation_id: str) -> Derivation:
    low, high = KERAS_LOW, KERAS_HIGH
    below = low / (1 + s)
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="Keras의 `binary_crossentropy`: \\(p\\)를 \\(10^{-7}\\)에서 자르면 손실에 상한이 생깁니다",
            en="Keras' `binary_crossentropy`: clipping \\(p\\) at \\(10^{-7}\\) caps the loss",
        ),
        start=_clipped_bce(low, high),
        domain=((y, "target"), (s, "positive")),
        steps=(
            Step(
                -(y * sp.log(clip(below, low, high)) + (1 - y) * sp.log(1 - clip(below, low, high))),
                ko=r"Keras 3.15는 `from_logits=False`일 때 \(p\)를 `clip_by_value(p, ε, 1 - ε)`로 자른 뒤 "
                r"로그를 씁니다(`keras.config.epsilon()`은 1e-7). float64에서 두 경계는 반올림된 "
                r"\(\epsilon = \mathrm{fl}(10^{-7})\)과 \(\mathrm{fl}(1 - 10^{-7})\)입니다. "
                r"\(p = \epsilon/(1+s)\), \(s > 0\)으로 두면 \(p < \epsilon\)인 확률(0 포함)을 모두 다룹니다.",
                en=r"With `from_logits=False` Keras 3.15 clips \(p\) with `clip_by_value(p, ε, 1 - ε)` before "
                r"the logs (`keras.config.epsilon()` is 1e-7). In float64 the bounds are the rounded "
                r"\(\epsilon = \mathrm{fl}(10^{-7})\) and \(\mathrm{fl}(1 - 10^{-7})\). Writing "
                r"\(p = \epsilon/(1+s)\), \(s > 0\) covers every probability below \(\epsilon\), 0 included.",
                check="definition",
                define=((p, below),),
            ),
            Step(
                -(y * sp.log(low) + (1 - y) * log1p(-low, evaluate=False)),
                ko=r"\(\epsilon/(1+s) < \epsilon\)이므로 클립이 작동해 \(p\) 대신 \(\epsilon\)이 들어가고 "
                r"\(s\)가 사라집니다(구간 연산으로 모든 \(s > 0\)에서 증명). \(y = 1\)이면 손실은 \(p\)와 "
                r"상관없이 \(-\log \epsilon\), 곧 거의 \(7\log 10\)입니다. PyTorch의 `BCELoss`는 100에서 "
                r"자릅니다(`bce.clamp`). 같은 모델의 손실이 두 프레임워크에서 다르게 나오는 이유입니다. "
                r"\(y = 0\)이면 정확한 손실 \(-\log(1-p) \approx p\) 대신 "
                r"\(-\operatorname{log1p}(-\epsilon) \approx \epsilon\)입니다.",
                en=r"\(\epsilon/(1+s) < \epsilon\), so the clip is active: \(\epsilon\) replaces \(p\) and "
                r"\(s\) is gone (proved for every \(s > 0\) by interval arithmetic). For \(y = 1\) the loss is "
                r"\(-\log \epsilon\), all but \(7\log 10\), whatever \(p\) is; PyTorch's `BCELoss` clamps "
                r"at 100 (`bce.clamp`), one reason the same model reports different losses in the two "
                r"frameworks. For \(y = 0\) it is \(-\operatorname{log1p}(-\epsilon) \approx \epsilon\) "
                r"instead of the exact \(-\log(1-p) \approx p\).",
            ),
        ),
    )


@derivation("keras.bce_clipped_float32")
def keras_bce_clipped_float32(derivation_id: str) -> Derivation:
    low, high = exact(1e-7, np.float32), FLOAT32_ONE_BELOW
    above = 1 - (1 - high) / (1 + s)
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="float32에서 Keras의 클립: \\(y = 0\\) 쪽 상한은 \\(23\\log 2\\)입니다",
            en="Keras' clip in float32: the cap on the \\(y = 0\\) side is \\(23\\log 2\\)",
        ),
        start=_clipped_bce(low, high),
        domain=((y, "target"), (s, "positive")),
        steps=(
            Step(
                -(y * sp.log(clip(above, low, high)) + (1 - y) * sp.log(1 - clip(above, low, high))),
                ko=r"float32에서 클립의 경계는 반올림된 상수입니다. \(10^{-7}\)은 \(1.00000001 \times 10^{-7}\) "
                r"근처의 float32가 되고, \(1 - 10^{-7}\)은 1 바로 아래 float32 중 가장 가까운 \(1 - 2^{-23}\)이 "
                r"됩니다. 위쪽 경계를 넘는 확률(1 포함)을 \(p = 1 - 2^{-23}e^{-s}\), \(s > 0\)으로 둡니다.",
                en=r"In float32 the clip's bounds are rounded constants: \(10^{-7}\) becomes a float32 near "
                r"\(1.00000001 \times 10^{-7}\), and \(1 - 10^{-7}\) becomes \(1 - 2^{-23}\), the nearest float32 "
                r"below 1. Write a probability above the upper bound (1 included) as \(p = 1 - 2^{-23}e^{-s}\), "
                r"\(s > 0\).",
                check="definition",
                define=((p, above),),
            ),
            Step(
                -(y * sp.log(high) + (1 - y) * sp.log(1 - high)),
                ko=r"\(p > 1 - 2^{-23}\)이므로 클립이 작동해 \(p\) 대신 \(1 - 2^{-23}\)이 들어갑니다.",
                en=r"\(p > 1 - 2^{-23}\), so the clip is active and \(1 - 2^{-23}\) replaces \(p\).",
            ),
            Step(
                23 * sp.log(2) * (1 - y) - y * log1p(-sp.Rational(1, 2**23), evaluate=False),
                ko=r"\(y = 0\)이면 손실은 \(-\log 2^{-23} = 23\log 2\)입니다. \(y = 1\) 쪽의 상한 "
                r"\(-\log(\text{float32}(10^{-7}))\)보다 작습니다. float32의 두 상한이 다르고, float64의 "
                r"상한(`keras.bce_clipped`)과도 다릅니다.",
                en=r"For \(y = 0\) the loss is \(-\log 2^{-23} = 23\log 2\), below the cap "
                r"\(-\log(\text{float32}(10^{-7}))\) of the \(y = 1\) side: in float32 the two caps differ, "
                r"and both differ from float64's (`keras.bce_clipped`).",
            ),
        ),
    )


@derivation("keras.label_smoothing")
def keras_label_smoothing(derivation_id: str) -> Derivation:
    eps = epsilon
    smoothed = y * (1 - eps) + sp.Rational(1, 2) * eps
    two = ((1 - eps) * y + eps / 2, (1 - eps) * (1 - y) + eps / 2)
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="Keras의 이진 레이블 스무딩은 \\(K = 2\\)인 \\(\\epsilon/K\\) 스무딩입니다",
            en="Keras' binary label smoothing is \\(\\epsilon/K\\) smoothing with \\(K = 2\\)",
        ),
        start=bce(p, smoothed),
        domain=((y, "target"), (p, "probability"), (eps, "probability")),  # y_true, y_pred
        steps=(
            Step(
                -(product(two[0], sp.log(p)) + product(two[1], log1p(-p))),
                ko=r"Keras의 `BinaryCrossentropy(label_smoothing=ε)`는 정답을 `y * (1 - ε) + 0.5 * ε`로 "
                r"바꿉니다. \(1 - \tilde{y}\)는 \((1-\epsilon)(1-y) + \epsilon/2\)이므로, 두 클래스 "
                r"\([1-y, y]\) 각각을 \((1-\epsilon)y_k + \epsilon/K\), \(K = 2\)로 스무딩한 것과 같습니다. "
                r"\(\log(1-p)\)는 \(\operatorname{log1p}(-p)\)로 씁니다.",
                en=r"Keras' `BinaryCrossentropy(label_smoothing=ε)` replaces the target by "
                r"`y * (1 - ε) + 0.5 * ε`. Its complement \(1 - \tilde{y}\) is \((1-\epsilon)(1-y) + \epsilon/2\): "
                r"each of the two classes \([1-y, y]\) smoothed as \((1-\epsilon)y_k + \epsilon/K\) with \(K = 2\). "
                r"\(\log(1-p)\) is written \(\operatorname{log1p}(-p)\).",
            ),
        ),
    )


@derivation("optax.smooth_labels")
def optax_smooth_labels(derivation_id: str) -> Derivation:
    classes = 3
    ps = indexed("p", classes, positive=True)
    share = epsilon
    other = sp.Symbol("epsilon_o", positive=True)  # the ε' of the ε/(K − 1) convention
    nll = [-sp.log(v) for v in ps]
    start = product(1 - share + share / classes, nll[0]) + product(share / classes, sp.Add(*nll[1:]))
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="\\(\\epsilon/K\\) 스무딩과 \\(\\epsilon/(K-1)\\) 스무딩",
            en="\\(\\epsilon/K\\) smoothing and \\(\\epsilon/(K-1)\\) smoothing",
        ),
        start=start,
        domain=(*((v, "probability") for v in ps), (share, "probability"), (other, "probability")),
        steps=(
            Step(
                product(1 - other, nll[0]) + product(other / (classes - 1), sp.Add(*nll[1:])),
                ko=rf"optax의 `smooth_labels`는 \((1-\epsilon)y + \epsilon/K\)를 씁니다(\(K = {classes}\), 정답 "
                r"클래스 1). PyTorch와 Keras도 같습니다. 일부 논문과 예전 코드는 정답에 \(1 - \epsilon'\), "
                r"나머지에 \(\epsilon'/(K-1)\)을 줍니다. 두 식은 \(\epsilon = K\epsilon'/(K-1)\)일 때만 "
                r"같습니다. 같은 숫자를 넣으면 \(\epsilon/K\) 쪽이 정답 클래스에 \(\epsilon/K\)만큼 더 줍니다.",
                en=rf"optax's `smooth_labels` uses \((1-\epsilon)y + \epsilon/K\) (\(K = {classes}\), target "
                r"class 1), as PyTorch and Keras do. Some papers and older code give \(1 - \epsilon'\) to the "
                r"target and \(\epsilon'/(K-1)\) to each other class. The two agree only when "
                r"\(\epsilon = K\epsilon'/(K-1)\); given the same number, \(\epsilon/K\) leaves the target "
                r"\(\epsilon/K\) more.",
                check="definition",
                define=((share, classes * other / (classes - 1)),),
            ),
        ),
    )


@derivation("optax.sigmoid_bce")
def optax_sigmoid_bce(derivation_id: str) -> Derivation:
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="optax의 `sigmoid_binary_cross_entropy`는 정확한 BCE입니다",
            en="optax's `sigmoid_binary_cross_entropy` is the exact BCE",
        ),
        start=y * logaddexp(-x, 0) + (1 - y) * logaddexp(x, 0),
        domain=((x, "real"), (y, "target")),  # logits, labels
        steps=(
            Step(
                bce(sigmoid(x)),
                ko=r"optax 0.2.8은 `-labels * log_sigmoid(x) - (1 - labels) * log_sigmoid(-x)`를 계산하고, "
                r"JAX의 `log_sigmoid(x)`는 `-softplus(-x)`, `softplus(x)`는 `logaddexp(x, 0)`입니다. "
                r"\(\operatorname{logaddexp}(a, 0) = \log(1 + e^{a})\)이고 \(-\log\sigma(x) = \log(1 + e^{-x})\), "
                r"\(-\log(1 - \sigma(x)) = \log(1 + e^{x})\)이므로 \(p = \sigma(x)\)의 BCE입니다.",
                en=r"optax 0.2.8 computes `-labels * log_sigmoid(x) - (1 - labels) * log_sigmoid(-x)`; JAX's "
                r"`log_sigmoid(x)` is `-softplus(-x)` and `softplus(x)` is `logaddexp(x, 0)`. With "
                r"\(\operatorname{logaddexp}(a, 0) = \log(1 + e^{a})\), \(-\log\sigma(x) = \log(1 + e^{-x})\) and "
                r"\(-\log(1 - \sigma(x)) = \log(1 + e^{x})\), this is the BCE of \(p = \sigma(x)\).",
            ),
            Step(
                (1 - y) * softplus(x) + y * softplus(-x),
                ko=r"`bce_logits.simplify`의 마지막 꼴, 0 이상인 두 항의 합이라 상쇄가 없습니다. 클램프가 없어 "
                r"모든 실수 \(x\)에서 정확한 손실입니다.",
                en=r"The last form of `bce_logits.simplify`: a sum of two non-negative terms, with no "
                r"cancellation. With no clamp it is the exact loss at every real \(x\).",
            ),
        ),
    )


@derivation("optax.softmax_ce_integer")
def optax_softmax_ce_integer(derivation_id: str) -> Derivation:
    classes = 3
    z = logits(classes)
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="optax의 `softmax_cross_entropy_with_integer_labels`",
            en="optax's `softmax_cross_entropy_with_integer_labels`",
        ),
        start=logsumexp(*z) - z[0],
        steps=(
            Step(
                -sp.log(sp.exp(z[0]) / sp.Add(*map(sp.exp, z))),
                ko=rf"optax는 `logsumexp(logits) - label_logits`를 계산합니다(\(C = {classes}\), 정답 클래스 1). "
                r"이것은 \(-\log \operatorname{softmax}(z)_1\)이고 PyTorch의 `cross_entropy`와 같은 식입니다. "
                r"축소는 없습니다.",
                en=rf"optax computes `logsumexp(logits) - label_logits` (\(C = {classes}\), target class 1): "
                r"\(-\log \operatorname{softmax}(z)_1\), the same formula as PyTorch's `cross_entropy`, with "
                r"no reduction.",
            ),
            Step(
                logsumexp(*(v - z[0] for v in z)),
                ko=r"\(\operatorname{LSE}(0, z_2 - z_1, z_3 - z_1)\)로 쓰면 뺄셈이 없어, 정답 로짓이 크게 앞설 때도 "
                r"작은 손실의 자릿수가 남습니다(`log_softmax.logsumexp`). 수치 검증은 이 식을 계산합니다.",
                en=r"Written as \(\operatorname{LSE}(0, z_2 - z_1, z_3 - z_1)\) nothing is subtracted, and a "
                r"small loss keeps its digits even when the target's logit leads by far "
                r"(`log_softmax.logsumexp`). The numeric checks evaluate this form.",
            ),
        ),
    )


@derivation("optax.focal")
def optax_focal(derivation_id: str) -> Derivation:
    one_minus_pt = y * sigmoid(-x) + (1 - y) * sigmoid(x)
    loss = (1 - y) * softplus(x) + y * softplus(-x)
    alpha_t = alpha * y + (1 - alpha) * (1 - y)
    log_one_minus_pt = sp.log((1 - y) * sp.exp(-softplus(-x)) + y * sp.exp(-softplus(x)))
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="optax의 `sigmoid_focal_loss`: 로그 공간의 초점 가중치",
            en="optax's `sigmoid_focal_loss`: the focal weight in log space",
        ),
        start=alpha_t * loss * sp.exp(gamma * log_one_minus_pt),
        domain=((x, "real"), (y, "target"), (alpha, "unit"), (gamma, "exponent")),  # logits, labels
        steps=(
            Step(
                alpha_t * loss * sp.exp(gamma * sp.log(one_minus_pt)),
                ko=r"optax 0.2.8은 \(\log(1 - p_t)\)를 `logsumexp([log_sigmoid(x), log_sigmoid(-x)], "
                r"b=[1 - y, y])`로 계산하고 \((1-p_t)^{\gamma}\)를 `exp(γ · log(1 - p_t))`로 구합니다. "
                r"\(e^{-\operatorname{softplus}(-x)} = \sigma(x)\)이므로 로그 안은 "
                r"\(1 - p_t = y\,\sigma(-x) + (1-y)\,\sigma(x)\)입니다.",
                en=r"optax 0.2.8 computes \(\log(1 - p_t)\) as `logsumexp([log_sigmoid(x), log_sigmoid(-x)], "
                r"b=[1 - y, y])` and \((1-p_t)^{\gamma}\) as `exp(γ · log(1 - p_t))`. Since "
                r"\(e^{-\operatorname{softplus}(-x)} = \sigma(x)\), the log's argument is "
                r"\(1 - p_t = y\,\sigma(-x) + (1-y)\,\sigma(x)\).",
            ),
            Step(
                alpha_t * one_minus_pt**gamma * loss,
                ko=r"\(e^{\gamma \log u} = u^{\gamma}\) (\(u > 0\)): `focal.general`의 초점 손실과 같은 식입니다. "
                r"`alpha=None`(optax의 기본값)은 \(\alpha_t = 1\)로 가중치가 없습니다.",
                en=r"\(e^{\gamma \log u} = u^{\gamma}\) for \(u > 0\): the focal loss of `focal.general`. "
                r"`alpha=None` (optax's default) means no weight, \(\alpha_t = 1\).",
            ),
        ),
    )


@derivation("sklearn.log_loss_cap")
def sklearn_log_loss_cap(derivation_id: str) -> Derivation:
    eps = SKLEARN_EPSILON
    below = eps / (1 + s)
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="scikit-learn의 `log_loss`: 기계 엡실론에서 자르면 상한은 \\(52\\log 2\\)입니다",
            en="scikit-learn's `log_loss`: clipping at machine epsilon caps it at \\(52\\log 2\\)",
        ),
        start=-(y * sp.log(clip(p, eps, 1 - eps)) + (1 - y) * sp.log(clip(1 - p, eps, 1 - eps))),
        domain=((y, "target"), (s, "positive")),
        steps=(
            Step(
                -(y * sp.log(clip(below, eps, 1 - eps)) + (1 - y) * sp.log(clip(1 - below, eps, 1 - eps))),
                ko=r"scikit-learn 1.9는 이진 확률 \(p\)를 두 열 \([1-p, p]\)로 만들고, 각 열을 "
                r"\(\epsilon = 2^{-52}\)(`np.finfo(float64).eps`)과 \(1-\epsilon\) 사이로 자릅니다. "
                r"\(p = \epsilon e^{-s}\), \(s > 0\)으로 두면 \(p < \epsilon\)인 확률(0 포함)을 모두 다룹니다.",
                en=r"scikit-learn 1.9 turns a binary probability \(p\) into the two columns \([1-p, p]\) and "
                r"clips each to \([\epsilon, 1-\epsilon]\), \(\epsilon = 2^{-52}\) (`np.finfo(float64).eps`). "
                r"Writing \(p = \epsilon e^{-s}\), \(s > 0\) covers every probability below \(\epsilon\), "
                r"0 included.",
                check="definition",
                define=((p, below),),
            ),
            Step(
                -(y * sp.log(eps) + (1 - y) * log1p(-eps, evaluate=False)),
                ko=r"\(p\)는 \(\epsilon\)으로, \(1 - p > 1 - \epsilon\)은 \(1 - \epsilon\)으로 잘립니다. "
                r"구간 연산으로 모든 \(s > 0\)에서 증명합니다.",
                en=r"\(p\) is clipped to \(\epsilon\), and \(1 - p > 1 - \epsilon\) to \(1 - \epsilon\) "
                r"(proved for every \(s > 0\) by interval arithmetic).",
            ),
            Step(
                52 * sp.log(2) * y - (1 - y) * log1p(-eps, evaluate=False),
                ko=r"\(y = 1\)이면 손실은 \(-\log 2^{-52} = 52\log 2\)로, Keras의 상한(`keras.bce_clipped`)과도 "
                r"PyTorch의 100과도 다릅니다. float32 입력이면 \(\epsilon = 2^{-23}\)이 되어 상한은 "
                r"\(23\log 2\)입니다. 평균은 \(\sum_n w_n\ell_n / \sum_n w_n\)(`sample_weight`)입니다.",
                en=r"For \(y = 1\) the loss is \(-\log 2^{-52} = 52\log 2\): neither Keras' cap "
                r"(`keras.bce_clipped`) nor PyTorch's 100. For float32 input \(\epsilon = 2^{-23}\) and the cap "
                r"is \(23\log 2\). The mean is \(\sum_n w_n\ell_n / \sum_n w_n\) (`sample_weight`).",
            ),
        ),
    )


def _keras_cce(low, high, classes: int = 3):
    """Keras' `categorical_crossentropy` from probabilities as its source writes it: the row divided by its
    sum, clipped to [low, high], then −Σ y log; with the probabilities and the targets it is written in."""
    ps = indexed("p", classes, positive=True)
    t = indexed("y", classes, real=True)
    total = sp.Add(*ps)
    start = -sp.Add(*(product(tc, sp.log(clip(pc / total, low, high))) for tc, pc in zip(t, ps, strict=True)))
    one_hot = tuple((v, 1 if c == 0 else 0) for c, v in enumerate(t))
    share = sp.Symbol("q1", positive=True)
    renormalised = (ps[0], share * sp.Add(*ps[1:]) / (1 - share))
    return start, ps, one_hot, share, renormalised


def _cce_shares_step(low, high, one_hot, share, renormalised) -> Step:
    """The step both Keras CCE derivations start with: one-hot target, and only the target's share counts."""
    return Step(
        -sp.log(clip(share, low, high)),
        ko=r"Keras 3.15는 `from_logits=False`일 때 행을 합으로 나누고(`output / reduce_sum(output)`), "
        r"`clip_by_value(output, ε, 1 - ε)`로 자른 뒤 \(-\sum_c y_c \log\)를 계산합니다"
        r"(`keras/src/backend/tensorflow/nn.py`, numpy 백엔드도 같은 순서). 정답은 원-핫 인코딩(정답 클래스 1)이라 "
        r"정답 클래스의 몫 \(q_1 = p_1/\sum_c p_c\)만 남습니다. \(p_1\)을 \(q_1\)으로 쓰면 "
        r"\(p_1 = q_1(p_2 + p_3)/(1 - q_1)\)입니다.",
        en=r"With `from_logits=False` Keras 3.15 divides the row by its sum (`output / reduce_sum(output)`), "
        r"clips it with `clip_by_value(output, ε, 1 - ε)` and computes \(-\sum_c y_c \log\) "
        r"(`keras/src/backend/tensorflow/nn.py`; the numpy backend in the same order). With a one-hot target "
        r"(class 1) only the target's share \(q_1 = p_1/\sum_c p_c\) is left; written by its share, "
        r"\(p_1 = q_1(p_2 + p_3)/(1 - q_1)\).",
        check="definition",
        define=(*one_hot, renormalised),
    )


@derivation("keras.cce_probabilities")
def keras_cce_probabilities(derivation_id: str) -> Derivation:
    low, high = KERAS_LOW, KERAS_HIGH
    start, ps, one_hot, share, renormalised = _keras_cce(low, high)
    r = sp.Symbol("r", positive=True)
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="Keras의 `categorical_crossentropy`: 행을 정규화한 뒤 자릅니다",
            en="Keras' `categorical_crossentropy`: the row renormalised, then clipped",
        ),
        start=start,
        domain=(*((v, "positive") for v in ps), (share, "probability"), (r, "probability")),
        steps=(
            _cce_shares_step(low, high, one_hot, share, renormalised),
            Step(
                -sp.log(share),
                ko=r"\(q_1\)이 클립의 두 경계 \([\epsilon, 1 - \epsilon]\) 안에 있으면, 곧 "
                r"\(q_1 = \epsilon + (1 - 2\epsilon)r\), \(0 < r < 1\)이면 클립은 아무것도 바꾸지 않습니다"
                r"(구간 연산으로 증명). 손실은 정규화한 행의 정확한 교차 엔트로피 \(-\log q_1\)이고, 행의 합이 "
                r"이미 1이면 \(q_1 = p_1\)이므로 \(-\log p_1\) 그대로입니다. 다른 클래스의 항은 정답이 0이라 "
                r"잘려도 손실에 들어가지 않습니다.",
                en=r"When \(q_1\) lies within the clip's bounds \([\epsilon, 1 - \epsilon]\), i.e. "
                r"\(q_1 = \epsilon + (1 - 2\epsilon)r\) with \(0 < r < 1\), the clip changes nothing (proved by "
                r"interval arithmetic). The loss is the exact cross-entropy \(-\log q_1\) of the renormalised row, "
                r"and \(-\log p_1\) itself when the row already sums to 1 (\(q_1 = p_1\)). The other classes' "
                r"entries have target 0: clipped or not, they do not enter the loss.",
                check="definition",
                define=((share, low + (1 - 2 * low) * r),),
            ),
        ),
    )


def _keras_cce_cap(derivation_id: str, dtype) -> Derivation:
    low, high = exact(1e-7, dtype), exact(1 - 1e-7, dtype)
    start, ps, one_hot, share, renormalised = _keras_cce(low, high)
    below = low / (1 + s)
    name = "float64" if dtype is np.float64 else "float32"
    other = "keras.cce_clipped_float32" if dtype is np.float64 else "keras.cce_clipped"
    return Derivation(
        id=derivation_id,
        title=Text(
            ko=f"Keras의 `categorical_crossentropy` 상한({name}): \\(-\\log \\epsilon\\)",
            en=f"The cap of Keras' `categorical_crossentropy` ({name}): \\(-\\log \\epsilon\\)",
        ),
        start=start,
        domain=(*((v, "positive") for v in ps), (share, "probability"), (s, "positive")),
        steps=(
            _cce_shares_step(low, high, one_hot, share, renormalised),
            Step(
                -sp.log(low),
                ko=rf"{name}에서 \(\epsilon\)은 반올림된 \(\mathrm{{fl}}(10^{{-7}})\)입니다. 정답 클래스의 몫이 "
                r"\(q_1 = \epsilon/(1+s) < \epsilon\), \(s > 0\)이면(\(p_1 = 0\) 포함) 클립이 작동해 손실은 "
                r"\(q_1\)과 상관없이 \(-\log \epsilon\)입니다(구간 연산으로 증명). 이진 손실의 상한"
                rf"(`keras.bce_clipped`)과 같은 값이고, `{other}`의 값과는 반올림만큼 다릅니다. "
                r"PyTorch의 `cross_entropy`는 로짓을 받으므로 상한이 없습니다.",
                en=rf"In {name}, \(\epsilon\) is the rounded \(\mathrm{{fl}}(10^{{-7}})\). When the target's share "
                r"is \(q_1 = \epsilon/(1+s) < \epsilon\), \(s > 0\) (\(p_1 = 0\) included), the clip is active and "
                r"the loss is \(-\log \epsilon\) whatever \(q_1\) is (proved by interval arithmetic): the cap of "
                rf"the binary loss (`keras.bce_clipped`), and `{other}`'s up to rounding. PyTorch's "
                r"`cross_entropy` takes logits and has no cap.",
                check="definition",
                define=((share, below),),
            ),
        ),
    )


@derivation("keras.cce_clipped")
def keras_cce_clipped(derivation_id: str) -> Derivation:
    return _keras_cce_cap(derivation_id, np.float64)


@derivation("keras.cce_clipped_float32")
def keras_cce_clipped_float32(derivation_id: str) -> Derivation:
    return _keras_cce_cap(derivation_id, np.float32)


@derivation("keras.sparse_ignore_class")
def keras_sparse_ignore_class(derivation_id: str) -> Derivation:
    losses = sp.symbols("ell1:4", positive=True)
    mask = sp.symbols("m1:4", positive=True)
    n = len(losses)
    weights = sp.symbols("w1:4", positive=True)  # PyTorch's w_{t_n}
    valid = sp.Add(*mask)
    start = sp.Add(*(product(ln, mn * n / valid) for ln, mn in zip(losses, mask, strict=True))) / n
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="Keras의 `ignore_class`는 남은 샘플 수로 나눕니다: PyTorch의 `ignore_index`와 같은 평균",
            en="Keras' `ignore_class` divides by the samples left: the mean of PyTorch's `ignore_index`",
        ),
        start=start,
        domain=tuple((ln, "positive") for ln in losses),
        steps=(
            Step(
                sp.Add(
                    *(product(ln, sp.Rational(n, 2)) for ln in losses[:2]),
                    product(losses[2], 0),
                    evaluate=False,
                )
                / n,
                ko=rf"`SparseCategoricalCrossentropy(ignore_class=k)`는 정답이 \(k\)인 원소의 손실을 0으로 "
                r"만들고 마스크 \(m_n\)을 붙입니다(`keras/src/losses/losses.py`). 축소 `sum_over_batch_size`는 "
                r"마스크를 가중치 \(m_n N / \sum_j m_j\)로 바꾼 뒤 합을 \(N\)으로 나눕니다"
                rf"(`keras/src/losses/loss.py`의 `apply_mask`). \(N = {n}\)개 샘플 중 셋째 샘플의 정답이 "
                r"\(k\)이면 \(m = (1, 1, 0)\)입니다.",
                en=rf"`SparseCategoricalCrossentropy(ignore_class=k)` sets the loss of every element whose target "
                r"is \(k\) to 0 and attaches a mask \(m_n\) (`keras/src/losses/losses.py`). The "
                r"`sum_over_batch_size` reduction turns the mask into the weights \(m_n N / \sum_j m_j\), then "
                rf"divides the sum by \(N\) (`apply_mask` in `keras/src/losses/loss.py`). Of \(N = {n}\) samples, "
                r"the third's target is \(k\): \(m = (1, 1, 0)\).",
                check="definition",
                define=((mask[0], 1), (mask[1], 1), (mask[2], 0)),
            ),
            Step(
                (losses[0] + losses[1]) / 2,
                ko=r"\(N\)이 약분되어 남은 두 샘플의 평균입니다. 분모는 \(N\)이 아니라 남은 샘플 수 "
                r"\(\sum_n m_n\)입니다.",
                en=r"\(N\) cancels: the average of the two samples left. The denominator is not \(N\) but the "
                r"number of samples left, \(\sum_n m_n\).",
            ),
            Step(
                sp.Add(*(product(wn, ln) for wn, ln in zip(weights, losses, strict=True))) / sp.Add(*weights),
                ko=r"PyTorch의 `cross_entropy(..., ignore_index=k)`의 `mean`은 \(\sum_n w_n\ell_n / "
                r"\sum_n w_n\)(\(w_n = w_{t_n}\))이고, 무시된 샘플은 \(w_3 = 0\)입니다(`nll.mean`). `weight`가 "
                r"없으면 \(w_1 = w_2 = 1\)이라 같은 평균입니다. 클래스 가중치를 주면 다릅니다. PyTorch는 "
                r"\(\sum_n w_{t_n}\)으로 나누고, Keras의 `sample_weight`는 분자에만 곱해져 분모는 남은 샘플 "
                r"수 그대로입니다.",
                en=r"The `mean` of PyTorch's `cross_entropy(..., ignore_index=k)` is \(\sum_n w_n\ell_n / "
                r"\sum_n w_n\) (\(w_n = w_{t_n}\)), the ignored sample having \(w_3 = 0\) (`nll.mean`). With no "
                r"`weight`, \(w_1 = w_2 = 1\): the same mean. With class weights they differ: PyTorch divides by "
                r"\(\sum_n w_{t_n}\), while Keras' `sample_weight` multiplies the numerator only and the "
                r"denominator stays the number of samples left.",
                check="definition",
                define=((weights[0], 1), (weights[1], 1), (weights[2], 0)),
            ),
        ),
    )


def _keras_sparse_cce(low, high, classes: int = 3):
    """Keras' `sparse_categorical_crossentropy` from probabilities as its TensorFlow backend writes it: each
    entry clipped to [low, high], its log taken as a logit, then TensorFlow's kernel LSE(z) − z_t; with the
    probabilities, the logits, and the clipped row."""
    ps = indexed("p", classes, positive=True)
    clipped = tuple(clip(pc, low, high) for pc in ps)
    z = tuple(sp.log(c) for c in clipped)
    return ps, z, clipped


@derivation("keras.sparse_cce_probabilities")
def keras_sparse_cce_probabilities(derivation_id: str) -> Derivation:
    low, high = KERAS_LOW, KERAS_HIGH
    ps, z, clipped = _keras_sparse_cce(low, high)
    r = indexed("r", len(ps), positive=True)
    inside = tuple((pc, low + (high - low) * rc) for pc, rc in zip(ps, r, strict=True))
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="Keras의 `sparse_categorical_crossentropy`: 자른 뒤 정규화합니다",
            en="Keras' `sparse_categorical_crossentropy`: clipped, then renormalised",
        ),
        start=logsumexp(*z) - z[0],
        domain=(*((v, "positive") for v in ps), *((v, "probability") for v in r)),
        steps=(
            Step(
                -sp.log(clipped[0] / sp.Add(*clipped)),
                ko=r"Keras 3.15의 TensorFlow 백엔드는 `from_logits=False`일 때 먼저 `clip_by_value(output, ε, 1 - ε)`로 "
                r"자르고, 그 로그를 로짓으로 삼아 `sparse_softmax_cross_entropy_with_logits`에 넘깁니다"
                r"(`keras/src/backend/tensorflow/nn.py`). 커널은 \(\operatorname{LSE}(z) - z_t\)를 계산하고 "
                r"\(e^{\log c} = c\)이므로, 잘린 행 \(c\)를 그 합으로 나눈 정답의 몫에 \(-\log\)를 씌운 값입니다. "
                r"곧 자른 뒤 정규화합니다. `categorical_crossentropy`(`keras.cce_probabilities`)와 Keras의 numpy "
                r"백엔드는 정규화한 뒤 자릅니다. 순서가 반대입니다.",
                en=r"With `from_logits=False` Keras 3.15's TensorFlow backend first clips with "
                r"`clip_by_value(output, ε, 1 - ε)`, then passes the logs as logits to "
                r"`sparse_softmax_cross_entropy_with_logits` (`keras/src/backend/tensorflow/nn.py`). The kernel computes "
                r"\(\operatorname{LSE}(z) - z_t\); as \(e^{\log c} = c\), that is \(-\log\) of the target's share of the "
                r"clipped row \(c\) divided by its sum: clipped first, renormalised after. `categorical_crossentropy` "
                r"(`keras.cce_probabilities`) and Keras' numpy backend renormalise first, then clip: the opposite order.",
            ),
            Step(
                -sp.log(ps[0] / sp.Add(*ps)),
                ko=r"행의 모든 값이 클립의 두 경계 \([\epsilon, 1 - \epsilon]\) 안에 있으면, 곧 "
                r"\(p_c = \epsilon + (1 - 2\epsilon)r_c\), \(0 < r_c < 1\)이면 클립은 아무것도 바꾸지 않습니다"
                r"(구간 연산으로 증명). 손실은 정규화한 행의 정확한 교차 엔트로피이고 `keras.cce_probabilities`의 "
                r"값과 같습니다. 조건은 다릅니다. 여기서는 다른 클래스의 값도 분모에 들어가므로, 정답 클래스의 "
                r"몫만이 아니라 모든 값이 경계 안에 있어야 합니다. \(\epsilon\)보다 작은 값(0 포함)이 하나라도 "
                r"있으면 분모가 커져 손실도 커집니다. 원-핫에 가까운 예측에서는 늘 그렇습니다"
                r"(`keras.sparse_cce_clipped`).",
                en=r"When every entry of the row lies within the clip's bounds \([\epsilon, 1 - \epsilon]\), i.e. "
                r"\(p_c = \epsilon + (1 - 2\epsilon)r_c\) with \(0 < r_c < 1\), the clip changes nothing (proved by "
                r"interval arithmetic): the loss is the exact cross-entropy of the renormalised row, "
                r"`keras.cce_probabilities`' value. The condition is not the same: here the other classes' "
                r"entries enter the denominator, so every entry, not only the target's share, must lie within the "
                r"bounds. One entry below \(\epsilon\) (0 included) raises the denominator and the loss, as it "
                r"always does for a near one-hot prediction (`keras.sparse_cce_clipped`).",
                check="definition",
                define=inside,
            ),
        ),
    )


def _keras_sparse_cce_cap(derivation_id: str, dtype) -> Derivation:
    low, high = exact(1e-7, dtype), exact(1 - 1e-7, dtype)
    ps, z, clipped = _keras_sparse_cce(low, high)
    gaps = sp.symbols("s1:4", positive=True)
    one_hot = ((ps[0], high * (1 + gaps[0])), (ps[1], low / (1 + gaps[1])), (ps[2], low / (1 + gaps[2])))
    total = high + 2 * low
    name = "float64" if dtype is np.float64 else "float32"
    cap = "keras.cce_clipped" if dtype is np.float64 else "keras.cce_clipped_float32"
    return Derivation(
        id=derivation_id,
        title=Text(
            ko=f"Keras의 `sparse_categorical_crossentropy`({name}): 완벽한 예측에도 손실은 약 \\(2\\epsilon\\)입니다",
            en=f"Keras' `sparse_categorical_crossentropy` ({name}): even a perfect prediction costs about "
            "\\(2\\epsilon\\)",
        ),
        start=y * (logsumexp(*z) - z[0]) + (1 - y) * (logsumexp(*z) - z[1]),
        domain=((y, "target"), *((v, "positive") for v in (*ps, *gaps))),
        steps=(
            Step(
                y * sp.log(total) - y * sp.log(high) + (1 - y) * (sp.log(total) - sp.log(low)),
                ko=r"TensorFlow 백엔드의 식(`keras.sparse_cce_probabilities`)을 정답 클래스 1(\(y = 1\))과 "
                rf"정답 클래스 2(\(y = 0\))에 대해 한 식으로 씁니다. 경계는 {name}로 반올림한 \(\epsilon\)과 "
                r"\(1 - \epsilon\)입니다. 클래스 1을 확신하는 행 "
                r"\(p = (1-\epsilon)(1+s_1), \epsilon/(1+s_2), \epsilon/(1+s_3)\), \(s_c > 0\)은 \(p = (1, 0, 0)\)을 "
                r"포함합니다. 세 값이 모두 잘려 \((1 - \epsilon, \epsilon, \epsilon)\)이 되고, 행의 합은 "
                r"경계의 반올림을 빼면 \(1 + \epsilon\)이 됩니다(모든 \(s_c > 0\)에서 증명).",
                en=r"The TensorFlow backend's formula (`keras.sparse_cce_probabilities`) for target class 1 "
                rf"(\(y = 1\)) and target class 2 (\(y = 0\)) in one expression, with the bounds \(\epsilon\) and "
                rf"\(1 - \epsilon\) rounded to {name}. A row sure of class 1, "
                r"\(p = (1-\epsilon)(1+s_1), \epsilon/(1+s_2), \epsilon/(1+s_3)\) with \(s_c > 0\), includes "
                r"\(p = (1, 0, 0)\). All three entries are clipped, to \((1 - \epsilon, \epsilon, \epsilon)\), and "
                r"the row then sums to \(1 + \epsilon\) up to the rounding of the bounds (proved for every "
                r"\(s_c > 0\)).",
                check="definition",
                define=one_hot,
            ),
            Step(
                y * log1p(2 * low / high, evaluate=False) + (1 - y) * (sp.log(total) - sp.log(low)),
                ko=r"\(y = 1\)이면 완벽한 예측의 손실은 0이 아니라 \(\log(1 + 2\epsilon/(1-\epsilon)) \approx "
                r"2\epsilon\)입니다(\(C\)개 클래스면 약 \((C-1)\epsilon\)). `categorical_crossentropy`는 같은 행에서 "
                r"\(-\log(1-\epsilon) \approx \epsilon\)입니다(`keras.cce_probabilities`). \(y = 0\)이면 상한은 "
                rf"\(-\log \epsilon + \log(1 + \epsilon)\)으로, `{cap}`의 \(-\log \epsilon\)보다 조금 "
                r"큽니다. 두 Keras 손실은 같은 확률에서 다른 값을 냅니다.",
                en=r"For \(y = 1\) a perfect prediction costs not 0 but \(\log(1 + 2\epsilon/(1-\epsilon)) \approx "
                r"2\epsilon\) (about \((C-1)\epsilon\) with \(C\) classes); `categorical_crossentropy` gives "
                r"\(-\log(1-\epsilon) \approx \epsilon\) on the same row (`keras.cce_probabilities`). For \(y = 0\) "
                rf"the cap is \(-\log \epsilon + \log(1 + \epsilon)\), slightly above `{cap}`'s "
                r"\(-\log \epsilon\). The two Keras losses give different values on the same probabilities.",
            ),
        ),
    )


@derivation("keras.sparse_cce_clipped")
def keras_sparse_cce_clipped(derivation_id: str) -> Derivation:
    return _keras_sparse_cce_cap(derivation_id, np.float64)


@derivation("keras.sparse_cce_clipped_float32")
def keras_sparse_cce_clipped_float32(derivation_id: str) -> Derivation:
    return _keras_sparse_cce_cap(derivation_id, np.float32)
