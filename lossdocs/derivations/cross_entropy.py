"""Categorical cross-entropy: H(P, Q), softmax, log-softmax, CrossEntropyLoss and its gradient.

SymPy's checks need a concrete number of classes, so every derivation here is built
for ``classes`` logits z_1, …, z_C (default C = 3; the tests build C = 4 too) with the
target class t = 1: the classes are interchangeable, so t = 1 loses no generality.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from lossdocs.derivation import Derivation, Step, Text
from lossdocs.functions import Paren, log1p, logsumexp, product, sigmoid, softplus
from lossdocs.registry import derivation
from lossdocs.symbols import epsilon, indexed, logits, temperature, x, y

CLASSES = sp.Symbol("C", integer=True, positive=True)
"""The number of classes, where a derivation holds for every C (the others are built for a given C)."""


def _total(z):
    return sp.Add(*(sp.exp(v) for v in z))


def _softmax(z, i: int):
    return sp.exp(z[i]) / _total(z)


def _others(z, i: int):
    """LSE of every logit but z_i: softmax(z)_i = σ(z_i − LSE(z without z_i))."""
    return logsumexp(*(v for j, v in enumerate(z) if j != i))


def _domain(symbols, name: str) -> tuple:
    return tuple((s, name) for s in symbols)


def _count(classes: int) -> str:
    return rf"\(C = {classes}\)"


@derivation("cross_entropy.definition")
def definition(derivation_id: str, classes: int = 3) -> Derivation:
    P, Q = indexed("P", classes, positive=True), indexed("Q", classes, positive=True)  # noqa: N806 - H(P, Q)
    one_hot = tuple((p, 1 if i == 0 else 0) for i, p in enumerate(P))
    return Derivation(
        id=derivation_id,
        title=Text(ko="교차 엔트로피와 원-핫 정답", en="Cross-entropy and a one-hot target"),
        start=-sp.Add(*(p * sp.log(q) for p, q in zip(P, Q, strict=True))),
        steps=(
            Step(
                -sp.Add(*(product(v, sp.log(q)) for (_, v), q in zip(one_hot, Q, strict=True))),
                ko=rf"\(H(P, Q) = -\sum_c P_c \log Q_c\)에서 \(P\)가 원-핫 인코딩(one-hot encoding)이면 "
                rf"정답 클래스 \(t = 1\)에서만 \(P_t = 1\)이고 나머지는 0입니다({_count(classes)}).",
                en=rf"In \(H(P, Q) = -\sum_c P_c \log Q_c\), a one-hot \(P\) has \(P_t = 1\) at the "
                rf"target class \(t = 1\) and 0 elsewhere ({_count(classes)}).",
                check="definition",
                define=one_hot,
            ),
            Step(
                -sp.log(Q[0]),
                ko=r"0을 곱한 항이 사라지고 \(-\log Q_t\)만 남습니다. 모델이 정답 클래스에 준 확률의 음의 로그입니다.",
                en=r"The terms multiplied by 0 vanish and \(-\log Q_t\) is left: the negative log of the "
                r"probability the model gives the target class.",
            ),
        ),
        domain=_domain(P + Q, "probability"),
    )


@derivation("cross_entropy.kl")
def kl(derivation_id: str, classes: int = 3) -> Derivation:
    P, Q = indexed("P", classes, positive=True), indexed("Q", classes, positive=True)  # noqa: N806 - H(P, Q)
    entropy = Paren(-sp.Add(*(p * sp.log(p) for p in P)))
    return Derivation(
        id=derivation_id,
        title=Text(ko="교차 엔트로피 = 엔트로피 + KL 발산", en="Cross-entropy = entropy + KL divergence"),
        start=-sp.Add(*(p * sp.log(q) for p, q in zip(P, Q, strict=True))),
        steps=(
            Step(
                entropy
                + Paren(sp.Add(*(p * sp.log(p) for p in P)))
                - Paren(sp.Add(*(p * sp.log(q) for p, q in zip(P, Q, strict=True)))),
                ko=r"\(\sum_c P_c \log P_c\)를 빼고 다시 더합니다. 값은 그대로입니다.",
                en=r"Subtract and add \(\sum_c P_c \log P_c\); the value is unchanged.",
            ),
            Step(
                entropy
                + Paren(sp.Add(*(product(p, sp.log(p) - sp.log(q)) for p, q in zip(P, Q, strict=True)))),
                ko=r"뒤의 두 합을 클래스별로 묶습니다.",
                en=r"Group the last two sums class by class.",
            ),
            Step(
                entropy + Paren(sp.Add(*(p * sp.log(p / q) for p, q in zip(P, Q, strict=True)))),
                ko=r"\(\log P_c - \log Q_c = \log \frac{P_c}{Q_c}\)입니다. 첫 괄호는 엔트로피(entropy) \(H(P)\), "
                r"나머지 합은 KL 발산(KL divergence) \(\mathrm{KL}(P \,\|\, Q)\)입니다.",
                en=r"\(\log P_c - \log Q_c = \log \frac{P_c}{Q_c}\). The bracket is the entropy \(H(P)\), "
                r"the remaining sum the KL divergence \(\mathrm{KL}(P \,\|\, Q)\).",
            ),
        ),
        domain=_domain(P + Q, "probability"),
    )


@derivation("softmax.jacobian")
def softmax_jacobian(derivation_id: str, classes: int = 3) -> Derivation:
    z = logits(classes)
    S, e1 = _total(z), sp.exp(z[0])  # noqa: N806 - the S of the reasons
    p1 = sp.Symbol("p1", positive=True)
    rest = _others(z, 0)
    return Derivation(
        id=derivation_id,
        title=Text(ko="소프트맥스의 야코비안: 대각 성분", en="The softmax Jacobian: diagonal entries"),
        start=sp.Derivative(e1 / S, z[0]),
        steps=(
            Step(
                (product(e1, S) - product(e1, e1)) / S**2,
                ko=rf"몫의 미분법입니다. 분모 \(S = \sum_j e^{{z_j}}\)를 \(z_1\)로 미분하면 \(e^{{z_1}}\)입니다({_count(classes)}).",
                en=rf"Quotient rule; the denominator \(S = \sum_j e^{{z_j}}\) has derivative \(e^{{z_1}}\) in \(z_1\) ({_count(classes)}).",
            ),
            Step(
                product(e1 / S, (S - e1) / S),
                ko="분모의 제곱을 두 인수로 나눕니다.",
                en="Split the squared denominator into two factors.",
            ),
            Step(
                product(e1 / S, 1 - e1 / S),
                ko=r"\(\frac{S - e^{z_1}}{S} = 1 - \frac{e^{z_1}}{S}\)입니다.",
                en=r"\(\frac{S - e^{z_1}}{S} = 1 - \frac{e^{z_1}}{S}\).",
            ),
            Step(
                product(p1, 1 - p1),
                ko=r"소프트맥스(softmax) 출력 \(p_1 = \frac{e^{z_1}}{\sum_j e^{z_j}}\)로 씁니다: \(\partial p_i / \partial z_i = p_i(1 - p_i)\).",
                en=r"Write the softmax output \(p_1 = \frac{e^{z_1}}{\sum_j e^{z_j}}\): \(\partial p_i / \partial z_i = p_i(1 - p_i)\).",
                check="definition",
                define=((p1, e1 / S),),
            ),
            Step(
                product(sigmoid(z[0] - rest), sigmoid(rest - z[0])),
                ko=r"나머지 클래스를 \(e^{\operatorname{LSE}}\) 하나로 모으면 \(p_1 = \sigma(z_1 - \operatorname{LSE}(z_2, \dots))\)이고 "
                r"\(1 - p_1 = \sigma(\operatorname{LSE}(z_2, \dots) - z_1)\)입니다. 시그모이드의 도함수와 같은 꼴이며, 뺄셈 \(1 - p_1\)이 없어 자릿수를 잃지 않습니다.",
                en=r"Gather the other classes into one \(e^{\operatorname{LSE}}\): \(p_1 = \sigma(z_1 - \operatorname{LSE}(z_2, \dots))\) and "
                r"\(1 - p_1 = \sigma(\operatorname{LSE}(z_2, \dots) - z_1)\). It is the sigmoid's derivative again, and with no subtraction \(1 - p_1\) no digits are lost.",
            ),
        ),
        domain=_domain(z, "logit"),
    )


@derivation("softmax.jacobian_offdiagonal")
def softmax_jacobian_offdiagonal(derivation_id: str, classes: int = 3) -> Derivation:
    z = logits(classes)
    S, e1, e2 = _total(z), sp.exp(z[0]), sp.exp(z[1])  # noqa: N806 - the S of the reasons
    p1, p2 = sp.symbols("p1 p2", positive=True)
    return Derivation(
        id=derivation_id,
        title=Text(ko="소프트맥스의 야코비안: 비대각 성분", en="The softmax Jacobian: off-diagonal entries"),
        start=sp.Derivative(e1 / S, z[1]),
        steps=(
            Step(
                product(e1, -e2 / S**2),
                ko=rf"분자 \(e^{{z_1}}\)은 \(z_2\)와 무관하고, \(\frac{{1}}{{S}}\)(\(S = \sum_j e^{{z_j}}\))의 도함수는 \(-\frac{{e^{{z_2}}}}{{S^2}}\)입니다({_count(classes)}).",
                en=rf"The numerator \(e^{{z_1}}\) does not depend on \(z_2\); \(\frac{{1}}{{S}}\) (\(S = \sum_j e^{{z_j}}\)) has derivative \(-\frac{{e^{{z_2}}}}{{S^2}}\) ({_count(classes)}).",
            ),
            Step(
                -product(e1 / S, e2 / S),
                ko="분모의 제곱을 두 인수로 나눕니다.",
                en="Split the squared denominator into two factors.",
            ),
            Step(
                -product(p1, p2),
                ko=r"두 인수는 소프트맥스 출력 \(p_1, p_2\)입니다: \(i \ne j\)이면 \(\partial p_i / \partial z_j = -p_i p_j\). "
                r"대각 성분과 합치면 야코비안은 \(\operatorname{diag}(p) - p p^\top\)입니다.",
                en=r"The factors are the softmax outputs \(p_1, p_2\): for \(i \ne j\), \(\partial p_i / \partial z_j = -p_i p_j\). "
                r"With the diagonal, the Jacobian is \(\operatorname{diag}(p) - p p^\top\).",
                check="definition",
                define=((p1, e1 / S), (p2, e2 / S)),
            ),
            Step(
                -product(sigmoid(z[0] - _others(z, 0)), sigmoid(z[1] - _others(z, 1))),
                ko=r"각 출력을 \(p_i = \sigma(z_i - \operatorname{LSE}(\text{나머지 로짓}))\)로 씁니다. 어떤 지수 함수도 오버플로하지 않습니다.",
                en=r"Write each output as \(p_i = \sigma(z_i - \operatorname{LSE}(\text{the other logits}))\): no exponential overflows.",
            ),
        ),
        domain=_domain(z, "logit"),
    )


@derivation("log_softmax.logsumexp")
def log_softmax_logsumexp(derivation_id: str, classes: int = 3) -> Derivation:
    z = logits(classes)
    m = sp.Symbol("m", real=True)
    top = sp.Max(*z)

    def shifted(c):
        return z[0] - c - sp.log(sp.Add(*(sp.exp(v - c) for v in z)))

    return Derivation(
        id=derivation_id,
        title=Text(ko="로그 소프트맥스와 로그-합-지수", en="Log-softmax and log-sum-exp"),
        start=sp.log(_softmax(z, 0)),
        steps=(
            Step(
                z[0] - sp.log(_total(z)),
                ko=rf"몫의 로그는 로그의 차이고 \(\log e^{{z_1}} = z_1\)입니다({_count(classes)}, 클래스 1).",
                en=rf"The log of a quotient is a difference of logs, and \(\log e^{{z_1}} = z_1\) ({_count(classes)}, class 1).",
            ),
            Step(
                z[0] - logsumexp(*z),
                ko=r"\(\log \sum_j e^{z_j}\)를 로그-합-지수(log-sum-exp) \(\operatorname{LSE}(z)\)라고 부릅니다.",
                en=r"\(\log \sum_j e^{z_j}\) is the log-sum-exp \(\operatorname{LSE}(z)\).",
            ),
            Step(
                shifted(m),
                ko=r"아무 실수 \(m\)이나 골라 \(\sum_j e^{z_j} = e^{m} \sum_j e^{z_j - m}\)로 씁니다. \(\log e^m = m\)이 밖으로 나옵니다.",
                en=r"For any real \(m\), \(\sum_j e^{z_j} = e^{m} \sum_j e^{z_j - m}\), and \(\log e^m = m\) comes out.",
            ),
            Step(
                shifted(top),
                ko=r"\(m = \max_j z_j\)를 고릅니다. 모든 지수가 0 이하라 \(e^{z_j - m}\)은 오버플로(overflow)하지 않고, "
                r"최댓값의 항이 \(e^0 = 1\)이므로 합은 1 이상입니다. 로그가 0을 받는 일(\(\log 0 = -\infty\))도 없습니다.",
                en=r"Choose \(m = \max_j z_j\): every exponent is at most 0, so no \(e^{z_j - m}\) overflows, and the "
                r"largest term is \(e^0 = 1\), so the sum is at least 1 and the log never sees 0 (\(\log 0 = -\infty\)).",
            ),
            Step(
                -logsumexp(0, *(v - z[0] for v in z[1:])),
                ko=r"같은 식을 정답 로짓과의 차 \(z_j - z_1\)로 씁니다(\(m = z_1\)). NumPy 구현은 이 LSE를 다시 최댓값만큼 이동하고 "
                r"나머지 합에 `log1p`를 쓰므로, 정답 로짓이 크게 앞선 행에서 \(\log p_1 \approx -e^{-30}\) 같은 작은 값도 자릿수를 잃지 않습니다.",
                en=r"The same in terms of the differences \(z_j - z_1\) (\(m = z_1\)). The NumPy implementation shifts this LSE by its "
                r"maximum again and applies `log1p` to the rest, so a row where the target logit leads by far keeps the digits of a tiny "
                r"\(\log p_1 \approx -e^{-30}\).",
            ),
        ),
        domain=_domain(z, "logit"),
    )


def _tempered(z, i: int):
    """softmax(z/T)_i as written: e^{z_i/T} / sum_j e^{z_j/T}."""
    return sp.exp(z[i] / temperature) / sp.Add(*(sp.exp(v / temperature) for v in z))


def _behind(z):
    """(z_j − z_1)/T for every class j but the target 1: how far each logit lies above z_1, tempered."""
    return tuple((v - z[0]) / temperature for v in z[1:])


def exp_limit(dtype) -> str:
    """log of the largest finite float, from NumPy, as the pages print it: e^u overflows for u above it.
    The naive log-softmax's reason and the softmax explorer's caption both state it."""
    return f"{float(np.log(np.finfo(dtype).max)):.2f}"


@derivation("softmax.temperature")
def softmax_temperature(derivation_id: str, classes: int = 3) -> Derivation:
    z = logits(classes)
    return Derivation(
        id=derivation_id,
        title=Text(ko="온도가 있는 소프트맥스", en="The softmax with a temperature"),
        start=_tempered(z, 0),
        steps=(
            Step(
                1 / (1 + sp.Add(*map(sp.exp, _behind(z)))),
                ko=rf"온도(temperature) \(T > 0\)로 나눈 로짓 \(z_j / T\)의 소프트맥스입니다({_count(classes)}, 클래스 1). "
                r"분자와 분모를 \(e^{z_1/T}\)로 나눕니다. \(e^{z_j/T} / e^{z_1/T} = e^{(z_j - z_1)/T}\)입니다.",
                en=rf"The softmax of the logits divided by a temperature \(T > 0\), \(z_j / T\) ({_count(classes)}, class 1). "
                r"Divide numerator and denominator by \(e^{z_1/T}\): \(e^{z_j/T} / e^{z_1/T} = e^{(z_j - z_1)/T}\).",
            ),
            Step(
                sigmoid(-logsumexp(*_behind(z))),
                ko=r"나머지 항의 합을 \(e^{\operatorname{LSE}}\) 하나로 모으고 \(\frac{1}{1 + e^{v}} = \sigma(-v)\)로 씁니다. "
                r"지수 함수는 시그모이드와 LSE 안에서 최댓값만큼 이동한 뒤에만 계산하므로 오버플로하지 않습니다. "
                r"로짓의 차이가 \(T\)로 나뉘므로, \(T < 1\)이면 차이가 커져 분포가 뾰족해지고 \(T > 1\)이면 "
                r"평평해집니다. \(T \to 0\)이면 가장 큰 로짓의 원-핫 벡터에, \(T \to \infty\)이면 균등 분포 "
                r"\(1/C\)에 다가갑니다. \(T = 1\)이면 보통의 소프트맥스입니다.",
                en=r"Gather the other terms into one \(e^{\operatorname{LSE}}\) and write \(\frac{1}{1 + e^{v}} = \sigma(-v)\). "
                r"The exponentials are computed only after the sigmoid and the LSE shift them by their maximum, so none "
                r"overflows. The differences of the logits are divided by \(T\): for \(T < 1\) they grow and the "
                r"distribution sharpens, for \(T > 1\) it flattens. As \(T \to 0\) it tends to the one-hot vector of "
                r"the largest logit, as \(T \to \infty\) to the uniform \(1/C\); \(T = 1\) is the plain softmax.",
            ),
        ),
        domain=((temperature, "temperature"), *_domain(z, "logit")),
    )


@derivation("log_softmax.naive")
def log_softmax_naive(derivation_id: str, classes: int = 3) -> Derivation:
    z = logits(classes)
    u = indexed("u", classes, real=True)
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="온도가 있는 로그 소프트맥스를 적힌 그대로 계산하기",
            en="Log-softmax with a temperature, computed as written",
        ),
        start=sp.log(_softmax(u, 0)),
        steps=(
            Step(
                sp.log(_tempered(z, 0)),
                ko=rf"\(\log p_1 = \log \frac{{e^{{u_1}}}}{{\sum_j e^{{u_j}}}}\)에 온도로 나눈 로짓 \(u_j = z_j / T\)를 "
                rf"적힌 그대로 넣습니다({_count(classes)}). 코드로 옮기면 나눗셈, 지수 함수, 합, 몫, 로그의 순서로 "
                r"계산합니다. 어떤 \(z_j/T\)가 가장 큰 부동 소수점 수의 로그"
                rf"(float64에서 {exp_limit(np.float64)}, float32에서 {exp_limit(np.float32)})를 넘으면 "
                r"\(e^{z_j/T}\)가 `inf`가 됩니다. 그 클래스가 정답이면 몫이 \(\infty/\infty\)라 `nan`, 다른 클래스면 "
                r"몫이 0이라 로그가 `-inf`입니다. \(T\)가 작을수록 이 한계에 일찍 닿습니다.",
                en=rf"Put the logits divided by the temperature, \(u_j = z_j / T\), into "
                rf"\(\log p_1 = \log \frac{{e^{{u_1}}}}{{\sum_j e^{{u_j}}}}\) as written ({_count(classes)}). As code it is "
                r"computed in that order: the divisions, the exponentials, their sum, the quotient, the log. Once some "
                rf"\(z_j/T\) exceeds the log of the largest float ({exp_limit(np.float64)} in float64, "
                rf"{exp_limit(np.float32)} in float32), \(e^{{z_j/T}}\) is `inf`: for the target class the quotient is "
                r"\(\infty/\infty\), `nan`; for another class it is 0, and its log `-inf`. The smaller \(T\), the sooner "
                r"the limit is reached.",
                check="definition",
                define=tuple((uj, zj / temperature) for uj, zj in zip(u, z, strict=True)),
            ),
        ),
        domain=((temperature, "temperature"), *_domain(z + u, "logit")),
    )


@derivation("log_softmax.temperature")
def log_softmax_temperature(derivation_id: str, classes: int = 3) -> Derivation:
    z = logits(classes)
    rest = 1 + sp.Add(*map(sp.exp, _behind(z)))
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="온도가 있는 로그 소프트맥스: 이동한 꼴", en="Log-softmax with a temperature: the shifted form"
        ),
        start=sp.log(_tempered(z, 0)),
        steps=(
            Step(
                z[0] / temperature - sp.log(sp.Add(*(sp.exp(v / temperature) for v in z))),
                ko=rf"몫의 로그는 로그의 차이고 \(\log e^{{z_1/T}} = z_1/T\)입니다({_count(classes)}, 클래스 1).",
                en=rf"The log of a quotient is a difference of logs, and \(\log e^{{z_1/T}} = z_1/T\) ({_count(classes)}, class 1).",
            ),
            Step(
                z[0] / temperature - sp.log(product(sp.exp(z[0] / temperature), rest)),
                ko=r"합에서 \(e^{z_1/T}\)를 묶어 냅니다. `log_softmax.logsumexp`의 이동에서 \(m = z_1/T\)를 고른 것입니다.",
                en=r"Factor \(e^{z_1/T}\) out of the sum: the shift of `log_softmax.logsumexp` with \(m = z_1/T\).",
            ),
            Step(
                -sp.log(rest),
                ko=r"곱의 로그는 로그의 합이므로 \(z_1/T\)가 약분됩니다. 남은 지수는 \((z_j - z_1)/T\)뿐입니다.",
                en=r"The log of a product is a sum of logs, so \(z_1/T\) cancels; only the exponents \((z_j - z_1)/T\) are left.",
            ),
            Step(
                -logsumexp(0, *_behind(z)),
                ko=r"\(1 = e^0\)이므로 남은 로그는 LSE입니다. 계산할 때 LSE는 인수의 최댓값만큼 다시 이동하므로 "
                r"어떤 \(e^{(z_j - z_1)/T}\)도 오버플로하지 않고, 합은 1 이상이라 로그가 0을 받지 않습니다. "
                r"`log_softmax.naive`와 같은 값이지만, \(T\)가 작아 \(z_j/T\)가 아무리 커도 유한한 값이 나옵니다.",
                en=r"With \(1 = e^0\) the remaining log is an LSE. Computed, the LSE shifts by the maximum of its "
                r"arguments again, so no \(e^{(z_j - z_1)/T}\) overflows, and the sum is at least 1, so the log never "
                r"sees 0. It is the value of `log_softmax.naive`, but it stays finite however large a small \(T\) "
                r"makes \(z_j/T\).",
            ),
        ),
        domain=((temperature, "temperature"), *_domain(z, "logit")),
    )


def _index_loss(z):
    """−log softmax(z)_1: the loss for class-index target 1."""
    return -sp.log(_softmax(z, 0))


@derivation("cross_entropy.grad")
def grad(derivation_id: str, classes: int = 3) -> Derivation:
    z = logits(classes)
    p1 = sp.Symbol("p1", positive=True)
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="교차 엔트로피의 그래디언트: 정답 클래스의 로짓",
            en="Gradient of cross-entropy: the target's logit",
        ),
        start=sp.Derivative(_index_loss(z), z[0]),
        steps=(
            Step(
                sp.Derivative(logsumexp(*z) - z[0], z[0]),
                ko=rf"\(-\log p_1 = \operatorname{{LSE}}(z) - z_1\)입니다(`log_softmax.logsumexp`, {_count(classes)}, 정답 \(t = 1\)).",
                en=rf"\(-\log p_1 = \operatorname{{LSE}}(z) - z_1\) (`log_softmax.logsumexp`, {_count(classes)}, target \(t = 1\)).",
            ),
            Step(
                _softmax(z, 0) - 1,
                ko=r"\(\frac{\partial}{\partial z_1} \log \sum_j e^{z_j} = \frac{e^{z_1}}{\sum_j e^{z_j}}\): LSE의 그래디언트(gradient)는 소프트맥스입니다.",
                en=r"\(\frac{\partial}{\partial z_1} \log \sum_j e^{z_j} = \frac{e^{z_1}}{\sum_j e^{z_j}}\): the gradient of LSE is the softmax.",
            ),
            Step(
                p1 - 1,
                ko=r"\(p_1 - y_1\)에서 \(y_1 = 1\)인 경우입니다.",
                en=r"This is \(p_1 - y_1\) with \(y_1 = 1\).",
                check="definition",
                define=((p1, _softmax(z, 0)),),
            ),
            Step(
                -sigmoid(_others(z, 0) - z[0]),
                ko=r"\(1 - p_1 = \sigma(\operatorname{LSE}(z_2, \dots) - z_1)\)입니다. 이 꼴은 정답 로짓이 30 앞서도 \(-e^{-30}\) 근처의 값을 뺄셈 없이 정확히 계산합니다.",
                en=r"\(1 - p_1 = \sigma(\operatorname{LSE}(z_2, \dots) - z_1)\): even with the target logit 30 ahead, a value near \(-e^{-30}\) comes out exactly, without a subtraction.",
            ),
        ),
        domain=_domain(z, "logit"),
    )


@derivation("cross_entropy.grad_other")
def grad_other(derivation_id: str, classes: int = 3) -> Derivation:
    z = logits(classes)
    p2 = sp.Symbol("p2", positive=True)
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="교차 엔트로피의 그래디언트: 다른 클래스의 로짓",
            en="Gradient of cross-entropy: another class's logit",
        ),
        start=sp.Derivative(_index_loss(z), z[1]),
        steps=(
            Step(
                sp.Derivative(logsumexp(*z) - z[0], z[1]),
                ko=rf"\(-\log p_1 = \operatorname{{LSE}}(z) - z_1\)입니다({_count(classes)}, 정답 \(t = 1\)).",
                en=rf"\(-\log p_1 = \operatorname{{LSE}}(z) - z_1\) ({_count(classes)}, target \(t = 1\)).",
            ),
            Step(
                _softmax(z, 1),
                ko=r"\(z_1\)은 \(z_2\)와 무관하고, LSE의 그래디언트는 소프트맥스입니다.",
                en=r"\(z_1\) does not depend on \(z_2\), and the gradient of LSE is the softmax.",
            ),
            Step(
                p2,
                ko=r"\(p_2 - y_2\)에서 \(y_2 = 0\)인 경우입니다. 정답이 아닌 클래스의 로짓은 그 확률만큼 내려갑니다.",
                en=r"This is \(p_2 - y_2\) with \(y_2 = 0\): a wrong class's logit is pushed down by its probability.",
                check="definition",
                define=((p2, _softmax(z, 1)),),
            ),
            Step(
                sigmoid(z[1] - _others(z, 1)),
                ko=r"\(p_2 = \sigma(z_2 - \operatorname{LSE}(z_1, z_3, \dots))\)로 씁니다. 어떤 지수 함수도 오버플로하지 않습니다.",
                en=r"Write \(p_2 = \sigma(z_2 - \operatorname{LSE}(z_1, z_3, \dots))\): no exponential overflows.",
            ),
        ),
        domain=_domain(z, "logit"),
    )


@derivation("cross_entropy.grad_soft")
def grad_soft(derivation_id: str, classes: int = 3) -> Derivation:
    z = logits(classes)
    ys = indexed("y", classes, real=True)
    p1 = sp.Symbol("p1", positive=True)
    loss = -sp.Add(*(yc * sp.log(_softmax(z, c)) for c, yc in enumerate(ys)))
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="확률 정답의 교차 엔트로피 그래디언트", en="Gradient of cross-entropy with probability targets"
        ),
        start=sp.Derivative(loss, z[0]),
        steps=(
            Step(
                sp.Derivative(
                    product(sp.Add(*ys), logsumexp(*z))
                    - sp.Add(*(yc * zc for yc, zc in zip(ys, z, strict=True))),
                    z[0],
                ),
                ko=rf"각 항에 \(\log p_c = z_c - \operatorname{{LSE}}(z)\)를 넣고 LSE끼리 모읍니다({_count(classes)}).",
                en=rf"Put \(\log p_c = z_c - \operatorname{{LSE}}(z)\) into each term and collect the LSE terms ({_count(classes)}).",
            ),
            Step(
                product(sp.Add(*ys), _softmax(z, 0)) - ys[0],
                ko=r"LSE의 그래디언트는 소프트맥스이고, \(\sum_c y_c z_c\)를 \(z_1\)로 미분하면 \(y_1\)입니다.",
                en=r"The gradient of LSE is the softmax; \(\sum_c y_c z_c\) has derivative \(y_1\) in \(z_1\).",
            ),
            Step(
                _softmax(z, 0) - ys[0],
                ko=rf"확률 정답은 합이 1입니다: \(y_{classes} = 1 - \sum_{{c < {classes}}} y_c\).",
                en=rf"A probability target sums to 1: \(y_{classes} = 1 - \sum_{{c < {classes}}} y_c\).",
                check="definition",
                define=((ys[-1], 1 - sp.Add(*ys[:-1])),),
            ),
            Step(
                p1 - ys[0],
                ko=r"\(\partial \ell / \partial z = p - y\)입니다. 클래스 인덱스 정답은 원-핫 \(y\)인 특수한 경우입니다.",
                en=r"\(\partial \ell / \partial z = p - y\); a class-index target is the special case of a one-hot \(y\).",
                check="definition",
                define=((p1, _softmax(z, 0)),),
            ),
            Step(
                product(1 - ys[0], sigmoid(z[0] - _others(z, 0)))
                - product(ys[0], sigmoid(_others(z, 0) - z[0])),
                ko=r"\(p_1 - y_1 = (1 - y_1)p_1 - y_1(1 - p_1)\)이고 \(1 - p_1\)을 시그모이드로 씁니다. \(y_1 = 1\)일 때 뺄셈 \(p_1 - 1\)로 자릿수를 잃지 않습니다.",
                en=r"\(p_1 - y_1 = (1 - y_1)p_1 - y_1(1 - p_1)\), with \(1 - p_1\) as a sigmoid: for \(y_1 = 1\) no digits are lost to the subtraction \(p_1 - 1\).",
            ),
        ),
        domain=_domain(ys, "target") + _domain(z, "logit"),
    )


@derivation("cross_entropy.hessian")
def hessian(derivation_id: str, classes: int = 3) -> Derivation:
    ps = indexed("p", classes, positive=True)
    vs = indexed("v", classes, real=True)
    vbar = sp.Symbol("vbar", real=True)
    pairs = [(i, j) for i in range(classes) for j in range(i + 1, classes)]
    quadratic = sp.Add(*(product(ps[i], 1 - ps[i], vs[i] ** 2) for i in range(classes))) - sp.Add(
        *(product(2, ps[i], ps[j], vs[i], vs[j]) for i, j in pairs)
    )
    second_moment = sp.Add(*(p * v**2 for p, v in zip(ps, vs, strict=True)))
    mean = sp.Add(*(p * v for p, v in zip(ps, vs, strict=True)))
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="헤세 행렬은 양의 준정부호이므로 손실은 볼록합니다",
            en="The Hessian is positive semidefinite: convexity",
        ),
        start=quadratic,
        steps=(
            Step(
                second_moment - mean**2,
                ko=rf"헤세 행렬(Hessian) \(H = \operatorname{{diag}}(p) - pp^\top\)의 이차 형식 \(v^\top H v\)에서({_count(classes)}) "
                r"대각 항 \(p_i v_i^2\)와 나머지를 나누면, 나머지는 \((\sum_i p_i v_i)^2\)의 전개입니다.",
                en=rf"In the quadratic form \(v^\top H v\) of the Hessian \(H = \operatorname{{diag}}(p) - pp^\top\) ({_count(classes)}), "
                r"separate the terms \(p_i v_i^2\); the rest is the expansion of \((\sum_i p_i v_i)^2\).",
            ),
            Step(
                second_moment - vbar**2,
                ko=r"\(\bar{v} = \sum_i p_i v_i\): \(p\)를 확률 분포로 본 \(v\)의 기댓값(expected value)입니다.",
                en=r"\(\bar{v} = \sum_i p_i v_i\): the expected value of \(v\) under the distribution \(p\).",
                check="definition",
                define=((vbar, mean),),
            ),
            Step(
                sp.Add(*(p * (v - vbar) ** 2 for p, v in zip(ps, vs, strict=True))),
                ko=rf"\(\sum_i p_i = 1\)(\(p_{classes} = 1 - \sum_{{i < {classes}}} p_i\))이므로 "
                r"\(\sum_i p_i (v_i - \bar{v})^2 = \sum_i p_i v_i^2 - 2\bar{v}^2 + \bar{v}^2\)입니다. "
                r"\(p_i \ge 0\)인 항들의 합이므로 0 이상입니다. 따라서 손실은 \(z\)에 대해 볼록(convex)합니다.",
                en=rf"Since \(\sum_i p_i = 1\) (\(p_{classes} = 1 - \sum_{{i < {classes}}} p_i\)), "
                r"\(\sum_i p_i (v_i - \bar{v})^2 = \sum_i p_i v_i^2 - 2\bar{v}^2 + \bar{v}^2\). "
                r"A sum of terms with \(p_i \ge 0\) is at least 0: the loss is convex in \(z\).",
                check="definition",
                define=((ps[-1], 1 - sp.Add(*ps[:-1])),),
            ),
        ),
        domain=_domain(ps, "probability"),
    )


@derivation("cross_entropy.weighted")
def weighted(derivation_id: str) -> Derivation:
    w = sp.symbols("w1:4", positive=True)
    ell = sp.symbols("ell1:4", positive=True)
    return Derivation(
        id=derivation_id,
        title=Text(ko="클래스 가중치와 `mean` 축소", en="Class weights and the `mean` reduction"),
        start=sp.Add(*(product(wn, ln) for wn, ln in zip(w, ell, strict=True))) / sp.Add(*w),
        steps=(
            Step(
                (product(w[0], ell[0]) + product(w[1], ell[1]) + product(0, ell[2])) / (w[0] + w[1] + 0),
                ko=r"세 샘플 중 셋째의 정답이 `ignore_index`입니다. 무시된 샘플은 가중치 0으로 분자와 분모 모두에서 빠집니다.",
                en=r"Of three samples, the third has target `ignore_index`: an ignored sample enters numerator and denominator with weight 0.",
                check="definition",
                define=((w[2], 0),),
            ),
            Step(
                (product(w[0], ell[0]) + product(w[1], ell[1])) / (w[0] + w[1]),
                ko=r"분모는 \(N\)이 아니라 남은 샘플의 정답 클래스 가중치 합 \(\sum_n w_{t_n}\)입니다. 모두 무시되면 \(0/0\), 곧 NaN입니다.",
                en=r"The denominator is not \(N\) but the sum of the remaining samples' target-class weights \(\sum_n w_{t_n}\); if all are ignored it is \(0/0\), NaN.",
            ),
            Step(
                product(w[0] / (w[0] + w[1]), ell[0]) + product(w[1] / (w[0] + w[1]), ell[1]),
                ko=r"계수의 합이 1인 가중 평균입니다. 그래서 값은 가중치가 없는 샘플별 손실 \(\ell_n\)의 범위 안에 있고, 가중치를 모두 같은 배수로 바꿔도 변하지 않습니다.",
                en=r"A weighted average whose coefficients sum to 1: the value stays within the range of the unweighted per-sample losses \(\ell_n\), and scaling all weights by the same factor changes nothing.",
            ),
        ),
    )


@derivation("cross_entropy.label_smoothing")
def label_smoothing(derivation_id: str, classes: int = 3) -> Derivation:
    w = indexed("w", classes, positive=True)
    ps = indexed("p", classes, positive=True)
    smooth = indexed("ytilde", classes, positive=True)
    share = epsilon / classes
    targets = tuple((s, (1 - epsilon if c == 0 else 0) + share) for c, s in enumerate(smooth))
    nll = [-sp.log(p) for p in ps]
    return Derivation(
        id=derivation_id,
        title=Text(ko="레이블 스무딩과 클래스 가중치", en="Label smoothing with class weights"),
        start=-sp.Add(*(product(s, wc, sp.log(p)) for s, wc, p in zip(smooth, w, ps, strict=True))),
        steps=(
            Step(
                -sp.Add(*(product(v, wc, sp.log(p)) for (_, v), wc, p in zip(targets, w, ps, strict=True))),
                ko=rf"레이블 스무딩(label smoothing)은 원-핫 정답을 \(\tilde{{y}} = (1 - \epsilon)y + \epsilon / C\)로 바꿉니다({_count(classes)}, 정답 \(t = 1\)). "
                r"손실은 이 확률 정답과 클래스 가중치 \(w_c\)로 계산한 교차 엔트로피입니다.",
                en=rf"Label smoothing replaces the one-hot target by \(\tilde{{y}} = (1 - \epsilon)y + \epsilon / C\) ({_count(classes)}, target \(t = 1\)); "
                r"the loss is the cross-entropy with this probability target and the class weights \(w_c\).",
                check="definition",
                define=targets,
            ),
            Step(
                product(1 - epsilon, w[0], nll[0])
                + product(share, sp.Add(*(product(wc, n) for wc, n in zip(w, nll, strict=True)))),
                ko=r"\(1 - \epsilon\)만큼의 항과 \(\epsilon / C\)만큼의 항으로 나눕니다. 이것이 PyTorch가 계산하는 꼴 "
                r"\((1-\epsilon)\,w_t(-\log p_t) + \frac{\epsilon}{C}\sum_c w_c(-\log p_c)\)입니다.",
                en=r"Split into the \(1 - \epsilon\) share and the \(\epsilon / C\) share: the form PyTorch computes, "
                r"\((1-\epsilon)\,w_t(-\log p_t) + \frac{\epsilon}{C}\sum_c w_c(-\log p_c)\).",
            ),
        ),
        domain=((epsilon, "probability"), *_domain(ps, "probability")),
    )


@derivation("cross_entropy.label_smoothing_grad")
def label_smoothing_grad(derivation_id: str, classes: int = 3) -> Derivation:
    z = logits(classes)
    p1 = sp.Symbol("p1", positive=True)
    share = epsilon / classes
    nll = [logsumexp(*z) - v for v in z]
    loss = product(1 - epsilon, nll[0]) + product(share, sp.Add(*nll))
    return Derivation(
        id=derivation_id,
        title=Text(ko="레이블 스무딩의 그래디언트", en="The gradient with label smoothing"),
        start=sp.Derivative(loss, z[0]),
        steps=(
            Step(
                product(1 - epsilon, _softmax(z, 0) - 1) + product(share, classes * _softmax(z, 0) - 1),
                ko=rf"가중치 없는 손실에서 \(-\log p_c = \operatorname{{LSE}}(z) - z_c\)이고({_count(classes)}), LSE의 그래디언트는 소프트맥스입니다. "
                r"\(\epsilon / C\)만큼의 항에는 LSE가 \(C\)번 들어 있습니다.",
                en=rf"In the unweighted loss \(-\log p_c = \operatorname{{LSE}}(z) - z_c\) ({_count(classes)}), and the gradient of LSE is the softmax; "
                r"the \(\epsilon / C\) share holds LSE \(C\) times.",
            ),
            Step(
                _softmax(z, 0) - (1 - epsilon + share),
                ko=r"\(p_1\)의 계수는 \((1 - \epsilon) + \epsilon = 1\)입니다.",
                en=r"The coefficient of \(p_1\) is \((1 - \epsilon) + \epsilon = 1\).",
            ),
            Step(
                p1 - (1 - epsilon + share),
                ko=r"\(p_1 - \tilde{y}_1\)입니다. 그래디언트는 여전히 \(p - \tilde{y}\)이고, 정답 클래스의 확률이 \(1 - \epsilon + \epsilon/C\)에 닿으면 0이 됩니다. "
                r"로짓을 끝없이 키울 이유가 사라집니다.",
                en=r"This is \(p_1 - \tilde{y}_1\): the gradient is still \(p - \tilde{y}\), and it vanishes once the target's probability reaches \(1 - \epsilon + \epsilon/C\), "
                r"so nothing drives the logits to infinity.",
                check="definition",
                define=((p1, _softmax(z, 0)),),
            ),
        ),
        domain=((epsilon, "probability"), *_domain(z, "logit")),
    )


@derivation("cross_entropy.binary_case")
def binary_case(derivation_id: str) -> Derivation:
    logits = (sp.Integer(0), x)
    return Derivation(
        id=derivation_id,
        title=Text(ko="두 클래스의 교차 엔트로피는 BCE입니다", en="Two-class cross-entropy is BCE"),
        start=-(product(1 - y, sp.log(_softmax(logits, 0))) + product(y, sp.log(_softmax(logits, 1)))),
        steps=(
            Step(
                -(product(1 - y, sp.log(sigmoid(-x))) + product(y, sp.log(sigmoid(x)))),
                ko=r"로짓 \((0, x)\)의 소프트맥스는 \(\left(\frac{1}{1+e^{x}}, \frac{e^{x}}{1+e^{x}}\right) = (\sigma(-x), \sigma(x))\)입니다. "
                r"정답은 확률 \((1-y, y)\)입니다.",
                en=r"The softmax of the logits \((0, x)\) is \(\left(\frac{1}{1+e^{x}}, \frac{e^{x}}{1+e^{x}}\right) = (\sigma(-x), \sigma(x))\); "
                r"the target is the probability pair \((1-y, y)\).",
            ),
            Step(
                -(product(y, sp.log(sigmoid(x))) + product(1 - y, sp.log(1 - sigmoid(x)))),
                ko=r"\(\sigma(-x) = 1 - \sigma(x)\)입니다. 결과는 \(p = \sigma(x)\)에 대한 이진 교차 엔트로피, 곧 `BCEWithLogitsLoss`의 원소별 식입니다.",
                en=r"\(\sigma(-x) = 1 - \sigma(x)\): the binary cross-entropy of \(p = \sigma(x)\), which is `BCEWithLogitsLoss` element by element.",
            ),
            Step(
                product(y, softplus(-x)) + product(1 - y, softplus(x)),
                ko=r"\(-\log \sigma(x) = \operatorname{softplus}(-x)\), \(-\log(1 - \sigma(x)) = \operatorname{softplus}(x)\)입니다. "
                r"음이 아닌 두 항의 합이라 뺄셈으로 잃는 자릿수가 없습니다.",
                en=r"\(-\log \sigma(x) = \operatorname{softplus}(-x)\) and \(-\log(1 - \sigma(x)) = \operatorname{softplus}(x)\): "
                r"a sum of two non-negative terms, so no digits are lost to a subtraction.",
            ),
        ),
        domain=((x, "real"), (y, "target")),
    )


# The solutions of the pages' exercises: results the pages leave to the reader, checked like the rest.


@derivation("cross_entropy.uniform_prediction")
def uniform_prediction(derivation_id: str, classes: int = 3) -> Derivation:
    P = indexed("P", classes, positive=True)  # noqa: N806 - H(P, Q)
    uniform = sp.log(sp.Rational(1, classes), evaluate=False)
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="균등한 예측의 교차 엔트로피는 \\(\\log C\\)입니다",
            en="The cross-entropy of a uniform prediction is \\(\\log C\\)",
        ),
        start=-sp.Add(*(product(p, uniform) for p in P)),
        steps=(
            Step(
                product(sp.log(classes), sp.Add(*P)),
                ko=rf"모든 클래스에 \(Q_c = 1/C\)를 주는 예측입니다({_count(classes)}). "
                r"\(\log\frac{1}{C} = -\log C\)는 \(c\)와 무관하므로 합 밖으로 나옵니다.",
                en=rf"The prediction gives every class \(Q_c = 1/C\) ({_count(classes)}). "
                r"\(\log\frac{1}{C} = -\log C\) does not depend on \(c\), so it comes out of the sum.",
            ),
            Step(
                sp.log(classes),
                ko=rf"\(P\)는 확률 분포라서 합이 1입니다: \(P_{classes} = 1 - \sum_{{c < {classes}}} P_c\). "
                r"정답이 무엇이든 손실은 \(\log C\)입니다. 로짓이 모두 비슷한, 갓 초기화한 모델의 첫 손실이 "
                r"이 값에서 멀면 초기화나 손실 계산을 의심할 만합니다.",
                en=rf"\(P\) is a probability distribution, so it sums to 1: \(P_{classes} = 1 - \sum_{{c < {classes}}} P_c\). "
                r"Whatever the target, the loss is \(\log C\). A freshly initialised model, whose logits are all "
                r"about equal, should start near this value; if it does not, suspect the initialisation or the "
                r"loss computation.",
                check="definition",
                define=((P[-1], 1 - sp.Add(*P[:-1])),),
            ),
        ),
        domain=_domain(P, "probability"),
    )


@derivation("cross_entropy.kl_uniform")
def kl_uniform(derivation_id: str, classes: int = 3) -> Derivation:
    P = indexed("P", classes, positive=True)  # noqa: N806 - H(P, Q)
    share = sp.Rational(1, classes)
    entropy = Paren(-sp.Add(*(p * sp.log(p) for p in P)))
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="균등 분포에 대한 KL 발산과 엔트로피의 최댓값",
            en="The KL divergence from the uniform distribution, and the largest entropy",
        ),
        start=sp.Add(*(product(p, sp.log(p / share)) for p in P)),
        steps=(
            Step(
                sp.Add(*(product(p, sp.log(p) + sp.log(classes)) for p in P)),
                ko=rf"\(\mathrm{{KL}}(P \,\|\, U) = \sum_c P_c \log\frac{{P_c}}{{1/C}}\)이고({_count(classes)}), "
                r"\(\log\frac{P_c}{1/C} = \log P_c + \log C\)입니다.",
                en=rf"\(\mathrm{{KL}}(P \,\|\, U) = \sum_c P_c \log\frac{{P_c}}{{1/C}}\) ({_count(classes)}), and "
                r"\(\log\frac{P_c}{1/C} = \log P_c + \log C\).",
            ),
            Step(
                product(sp.log(classes), sp.Add(*P)) - entropy,
                ko=r"두 합으로 나눕니다. \(\sum_c P_c \log P_c\)는 엔트로피 \(H(P)\)의 부호를 바꾼 것입니다.",
                en=r"Split into two sums; \(\sum_c P_c \log P_c\) is minus the entropy \(H(P)\).",
            ),
            Step(
                sp.log(classes) - entropy,
                ko=rf"\(\sum_c P_c = 1\)(\(P_{classes} = 1 - \sum_{{c < {classes}}} P_c\))입니다. KL 발산은 0 이상이므로 "
                r"\(H(P) \le \log C\)이고, 등호는 \(P = U\)일 때만 성립합니다. 균등 분포의 엔트로피가 가장 큽니다.",
                en=rf"\(\sum_c P_c = 1\) (\(P_{classes} = 1 - \sum_{{c < {classes}}} P_c\)). A KL divergence is at least 0, so "
                r"\(H(P) \le \log C\), with equality only for \(P = U\): the uniform distribution has the largest entropy.",
                check="definition",
                define=((P[-1], 1 - sp.Add(*P[:-1])),),
            ),
        ),
        domain=_domain(P, "probability"),
    )


@derivation("logsumexp.gradient")
def logsumexp_gradient(derivation_id: str, classes: int = 3) -> Derivation:
    z = logits(classes)
    S = _total(z)  # noqa: N806 - the S of the reasons
    p1 = sp.Symbol("p1", positive=True)
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="로그-합-지수의 그래디언트는 소프트맥스입니다", en="The gradient of log-sum-exp is the softmax"
        ),
        start=sp.Derivative(logsumexp(*z), z[0]),
        steps=(
            Step(
                sp.Derivative(sp.log(S), z[0]),
                ko=rf"\(\operatorname{{LSE}}(z) = \log S\), \(S = \sum_j e^{{z_j}}\)입니다({_count(classes)}).",
                en=rf"\(\operatorname{{LSE}}(z) = \log S\) with \(S = \sum_j e^{{z_j}}\) ({_count(classes)}).",
            ),
            Step(
                product(1 / S, sp.Derivative(S, z[0])),
                ko=r"연쇄 법칙: \(\frac{d}{du}\log u = \frac{1}{u}\)입니다.",
                en=r"Chain rule: \(\frac{d}{du}\log u = \frac{1}{u}\).",
            ),
            Step(
                sp.exp(z[0]) / S,
                ko=r"합에서 \(z_1\)에 의존하는 항은 \(e^{z_1}\) 하나이고, 그 도함수는 자기 자신입니다.",
                en=r"Only the term \(e^{z_1}\) of the sum depends on \(z_1\), and it is its own derivative.",
            ),
            Step(
                p1,
                ko=r"\(p_1 = e^{z_1}/S\), 곧 소프트맥스 출력입니다. LSE는 \(\max_j z_j\)를 부드럽게 만든 함수이고, "
                r"그 그래디언트는 가장 큰 로짓 쪽으로 몰린 부드러운 원-핫 벡터입니다. 성분이 모두 양수이고 "
                r"합이 1이므로 LSE는 각 로짓에 대해 증가하고, 모든 로짓에 \(c\)를 더하면 정확히 \(c\)만큼 커집니다.",
                en=r"\(p_1 = e^{z_1}/S\): the softmax output. LSE is a smooth version of \(\max_j z_j\), and its "
                r"gradient is a smooth one-hot vector leaning towards the largest logit. Its entries are positive "
                r"and sum to 1, so LSE increases in every logit and grows by exactly \(c\) when \(c\) is added "
                r"to all of them.",
                check="definition",
                define=((p1, sp.exp(z[0]) / S),),
            ),
        ),
        domain=_domain(z, "logit"),
    )


@derivation("softmax.two_classes")
def softmax_two_classes(derivation_id: str) -> Derivation:
    z = logits(2)
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="두 클래스의 소프트맥스는 시그모이드입니다", en="The softmax of two classes is a sigmoid"
        ),
        start=_softmax(z, 0),
        steps=(
            Step(
                1 / (1 + sp.exp(z[1] - z[0])),
                ko=r"분자와 분모를 \(e^{z_1}\)로 나눕니다. \(e^{z_2}/e^{z_1} = e^{z_2 - z_1}\)입니다.",
                en=r"Divide numerator and denominator by \(e^{z_1}\): \(e^{z_2}/e^{z_1} = e^{z_2 - z_1}\).",
            ),
            Step(
                sigmoid(z[0] - z[1]),
                ko=r"\(\sigma(u) = \frac{1}{1 + e^{-u}}\)에서 \(u = z_1 - z_2\)입니다. 두 로짓의 차이만 남으므로, "
                r"로짓 두 개의 소프트맥스 분류기는 로짓 \(z_1 - z_2\) 하나의 로지스틱 회귀와 같습니다.",
                en=r"\(\sigma(u) = \frac{1}{1 + e^{-u}}\) with \(u = z_1 - z_2\). Only the difference of the logits "
                r"is left: a softmax classifier with two logits is a logistic regression on the one logit "
                r"\(z_1 - z_2\).",
            ),
        ),
        domain=_domain(z, "logit"),
    )


@derivation("cross_entropy.margin")
def margin(derivation_id: str) -> Derivation:
    lead = logits(1)[0]
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="정답 로짓이 다른 로짓보다 \\(z_1\\)만큼 앞설 때의 손실",
            en="The loss when the target logit leads the others by \\(z_1\\)",
        ),
        start=sp.log(sp.exp(lead) + CLASSES - 1) - lead,
        steps=(
            Step(
                sp.log(1 + (CLASSES - 1) * sp.exp(-lead)),
                ko=r"`log_softmax.logsumexp`에 따라 정답 \(t = 1\)의 손실은 \(-\log p_1 = \operatorname{LSE}(z) - z_1\)입니다. "
                r"나머지 로짓 \(C - 1\)개는 모두 0이라 합에 \(e^{0} = 1\)씩 보태고, \(z_1\)은 정답 로짓이 앞서는 "
                r"정도(마진)입니다. 클래스 수 \(C\)는 기호 그대로 둡니다. \(z_1 = \log e^{z_1}\)을 로그 안으로 넣어 "
                r"\(e^{z_1}\)로 나눕니다.",
                en=r"By `log_softmax.logsumexp` the loss for target \(t = 1\) is \(-\log p_1 = \operatorname{LSE}(z) - z_1\). "
                r"The other \(C - 1\) logits are 0, so each adds \(e^{0} = 1\) to the sum, and \(z_1\) is how far the "
                r"target logit leads (the margin); the number of classes \(C\) stays a symbol. Move "
                r"\(z_1 = \log e^{z_1}\) into the log, dividing by \(e^{z_1}\).",
            ),
            Step(
                softplus(sp.log(CLASSES - 1) - lead),
                ko=r"\((C - 1)e^{-z_1} = e^{\log(C-1) - z_1}\)입니다. `bce_logits.simplify`에서 정답이 1일 때의 손실 "
                r"\(\operatorname{softplus}(-x)\)에 \(x = z_1 - \log(C-1)\)을 넣은 것과 같습니다. 클래스가 많을수록 같은 "
                r"마진의 손실이 커지고, 마진이 0이면 \(\log C\)입니다.",
                en=r"\((C - 1)e^{-z_1} = e^{\log(C-1) - z_1}\): the loss \(\operatorname{softplus}(-x)\) of "
                r"`bce_logits.simplify` at target 1 with \(x = z_1 - \log(C-1)\). The more classes, the larger the loss "
                r"at the same margin; at margin 0 it is \(\log C\).",
            ),
        ),
        domain=((CLASSES, "classes"), (lead, "logit")),
    )


@derivation("cross_entropy.label_smoothing_optimum")
def label_smoothing_optimum(derivation_id: str) -> Derivation:
    lead = logits(1)[0]
    best = sp.Symbol("z_1^*", real=True)
    target = 1 - epsilon + epsilon / CLASSES
    odds = 1 + product(CLASSES, 1 - epsilon) / epsilon
    positive = product((CLASSES - 1) / CLASSES, epsilon / (sp.exp(lead) + CLASSES - 1))
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="레이블 스무딩의 최적점에서 정답 로짓이 앞서는 정도",
            en="How far the target logit leads at the optimum of label smoothing",
        ),
        start=sp.exp(lead) / (sp.exp(lead) + CLASSES - 1) - Paren(target),
        steps=(
            Step(
                product(positive, sp.exp(lead) - Paren(odds)),
                ko=r"`cross_entropy.label_smoothing_grad`의 그래디언트 \(p_1 - \tilde{y}_1\)에서 출발합니다. 정답이 아닌 "
                r"로짓 \(C - 1\)개는 서로 바꿔도 같으므로 같다고 두고, 소프트맥스는 모든 로짓에 같은 수를 더해도 "
                r"그대로이므로 0으로 둡니다. 그러면 \(z_1\)이 정답 로짓이 앞서는 정도입니다. 통분해 양수인 인수를 "
                r"묶어 냅니다. 클래스 수 \(C\)는 기호 그대로 둡니다.",
                en=r"Start from the gradient \(p_1 - \tilde{y}_1\) of `cross_entropy.label_smoothing_grad`. The \(C - 1\) "
                r"other logits are interchangeable, so take them equal, and the softmax does not change when the same "
                r"number is added to every logit, so take them 0: then \(z_1\) is how far the target logit leads. "
                r"Bring everything over one denominator and factor out the positive part. The number of classes "
                r"\(C\) stays a symbol.",
            ),
            Step(
                product(positive, sp.exp(lead) - sp.exp(best)),
                ko=r"\(z_1^* = \log\left(1 + \frac{C(1-\epsilon)}{\epsilon}\right)\)로 둡니다. 그래디언트는 "
                r"\(z_1 < z_1^*\)에서 음수라 정답 로짓을 올리고, \(z_1 > z_1^*\)에서 양수라 내립니다. 최적점은 "
                r"유한합니다. \(\epsilon = 0.1\), \(C = 3\)이면 \(z_1^* = \log 28 \approx 3.33\)입니다.",
                en=r"Let \(z_1^* = \log\left(1 + \frac{C(1-\epsilon)}{\epsilon}\right)\). The gradient is negative for "
                r"\(z_1 < z_1^*\), raising the target logit, and positive for \(z_1 > z_1^*\), lowering it: the "
                r"optimum is finite. For \(\epsilon = 0.1\) and \(C = 3\), \(z_1^* = \log 28 \approx 3.33\).",
                check="definition",
                define=((best, sp.log(odds)),),
            ),
        ),
        domain=((CLASSES, "classes"), (epsilon, "probability"), (lead, "logit")),
    )


SMOOTHED_TARGET = sp.Symbol("ytilde1", positive=True)
"""ỹ₁, the target class's share of the smoothed target (the ỹ₁ of `label_smoothing`)."""


def _smoothed_target():
    """ỹ₁ = 1 − ε + ε/C for a symbolic C, as a definition: (ỹ₁, its value)."""
    return ((SMOOTHED_TARGET, 1 - epsilon + epsilon / CLASSES),)


def _smoothing_share():
    """1 − ỹ₁ = ε(C − 1)/C, the smoothed target's mass on the other classes together."""
    return product(epsilon, (CLASSES - 1) / CLASSES)


@derivation("cross_entropy.label_smoothing_gap")
def label_smoothing_gap(derivation_id: str) -> Derivation:
    target = SMOOTHED_TARGET
    odds = product(CLASSES, 1 - epsilon) / epsilon
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="레이블 스무딩의 최적 로짓 차이 \\(z_1^*\\)를 \\(\\epsilon\\)과 \\(C\\)로",
            en="The optimal logit gap \\(z_1^*\\) of label smoothing in \\(\\epsilon\\) and \\(C\\)",
        ),
        start=sp.log(product(CLASSES - 1, target) / (1 - target)),
        steps=(
            Step(
                sp.log((product(CLASSES, 1 - epsilon) + epsilon) / epsilon),
                ko=r"나머지 로짓 \(C - 1\)개가 0이면 \(p_1 = \frac{e^{z_1}}{e^{z_1} + C - 1}\)입니다(`cross_entropy.margin`). "
                r"그래디언트 \(p_1 - \tilde{y}_1\)이 0인 곳은 \(p_1 = \tilde{y}_1\)을 \(z_1\)에 대해 푼 "
                r"\(z_1 = \log\frac{(C - 1)\tilde{y}_1}{1 - \tilde{y}_1}\)입니다. \(\tilde{y}_1 = 1 - \epsilon + \epsilon / C\), "
                r"\(1 - \tilde{y}_1 = \epsilon(C - 1)/C\)이므로 "
                r"\(C - 1\)이 약분됩니다.",
                check="definition",
                define=_smoothed_target(),
                en=r"With the other \(C - 1\) logits at 0, \(p_1 = \frac{e^{z_1}}{e^{z_1} + C - 1}\) (`cross_entropy.margin`). "
                r"The gradient \(p_1 - \tilde{y}_1\) is 0 where \(p_1 = \tilde{y}_1\); solved for \(z_1\), "
                r"\(z_1 = \log\frac{(C - 1)\tilde{y}_1}{1 - \tilde{y}_1}\). Since \(\tilde{y}_1 = 1 - \epsilon + \epsilon / C\) "
                r"and \(1 - \tilde{y}_1 = \epsilon(C - 1)/C\), "
                r"the \(C - 1\) cancels.",
            ),
            Step(
                sp.log(1 + odds),
                ko=r"분수를 나눕니다. `cross_entropy.label_smoothing_optimum`의 \(z_1^*\)와 같은 식입니다.",
                en=r"Split the fraction: the \(z_1^*\) of `cross_entropy.label_smoothing_optimum`.",
            ),
            Step(
                log1p(odds),
                ko=r"\(\epsilon\)이 1에 가까우면 \(C(1 - \epsilon)/\epsilon\)이 작아서 \(\log(1 + u)\)의 \(1 + u\)가 "
                r"\(u\)의 자릿수를 잃습니다. \(\operatorname{log1p}\)는 잃지 않습니다. \(\epsilon\)이 줄면 \(z_1^*\)는 "
                r"\(\log(C/\epsilon)\)처럼 끝없이 커지고, \(\epsilon = 1\)이면 0입니다.",
                en=r"For \(\epsilon\) near 1, \(C(1 - \epsilon)/\epsilon\) is small, and the \(1 + u\) of \(\log(1 + u)\) "
                r"loses digits of \(u\); \(\operatorname{log1p}\) does not. As \(\epsilon\) shrinks, \(z_1^*\) grows "
                r"without bound like \(\log(C/\epsilon)\); at \(\epsilon = 1\) it is 0.",
            ),
        ),
        domain=((CLASSES, "classes"), (epsilon, "probability")),
    )


@derivation("cross_entropy.label_smoothing_margin")
def label_smoothing_margin(derivation_id: str) -> Derivation:
    lead = logits(1)[0]
    lse = sp.log(sp.exp(lead) + CLASSES - 1)
    target = SMOOTHED_TARGET
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="정답 로짓이 \\(z_1\\)만큼 앞설 때 레이블 스무딩의 손실",
            en="The label-smoothing loss when the target logit leads by \\(z_1\\)",
        ),
        start=product(target, lse - lead) + product(CLASSES - 1, epsilon / CLASSES, lse),
        steps=(
            Step(
                lse - product(target, lead),
                ko=r"`cross_entropy.label_smoothing`의 가중치 없는 손실 \(-\sum_c \tilde{y}_c \log p_c\)에서 출발합니다. "
                r"나머지 로짓 \(C - 1\)개는 0이고, 정답 로짓은 \(z_1\)만큼 앞섭니다. 그러면 "
                r"\(-\log p_1 = \log(e^{z_1} + C - 1) - z_1\)이고 나머지 클래스는 \(-\log p_c = \log(e^{z_1} + C - 1)\)이며, "
                r"각각 \(\tilde{y}_c = \epsilon / C\)를 받습니다. 정답 클래스는 \(\tilde{y}_1 = 1 - \epsilon + \epsilon / C\)를 "
                r"받습니다. 로그 항의 계수는 \(\tilde{y}\)의 합인 1입니다.",
                en=r"Start from the unweighted loss \(-\sum_c \tilde{y}_c \log p_c\) of `cross_entropy.label_smoothing`, "
                r"with the other \(C - 1\) logits at 0 and the target logit leading by \(z_1\): "
                r"\(-\log p_1 = \log(e^{z_1} + C - 1) - z_1\), and each other class has "
                r"\(-\log p_c = \log(e^{z_1} + C - 1)\) and \(\tilde{y}_c = \epsilon / C\); the target class has "
                r"\(\tilde{y}_1 = 1 - \epsilon + \epsilon / C\). The log's coefficients are the sum of \(\tilde{y}\), 1.",
                check="definition",
                define=_smoothed_target(),
            ),
            Step(
                softplus(sp.log(CLASSES - 1) - lead) + product(_smoothing_share(), lead),
                ko=r"\(\log(e^{z_1} + C - 1) - z_1\), 곧 \(\operatorname{softplus}(\log(C - 1) - z_1)\)는 스무딩이 "
                r"없는 손실입니다"
                r"(`cross_entropy.margin`). 남는 \(z_1 - \tilde{y}_1 z_1\)은 \(\epsilon(C - 1)/C \cdot z_1\)입니다. "
                r"앞서는 정도가 커지면 첫 항은 0으로 가지만 둘째 항은 직선으로 커지므로, 손실은 줄다가 다시 "
                r"늘어납니다. 이 꼴은 \(z_1 = \pm 1000\)에서도 넘치지 않습니다.",
                en=r"\(\log(e^{z_1} + C - 1) - z_1\), that is \(\operatorname{softplus}(\log(C - 1) - z_1)\), is the "
                r"loss without "
                r"smoothing (`cross_entropy.margin`), and what is left, \(z_1 - \tilde{y}_1 z_1\), is "
                r"\(\epsilon(C - 1)/C \cdot z_1\). As the lead grows the first term goes to 0 but the second grows "
                r"linearly, so the loss falls and then rises again. This form does not overflow even at "
                r"\(z_1 = \pm 1000\).",
            ),
        ),
        domain=((CLASSES, "classes"), (epsilon, "probability"), (lead, "logit")),
    )


@derivation("cross_entropy.label_smoothing_margin_grad")
def label_smoothing_margin_grad(derivation_id: str) -> Derivation:
    lead = logits(1)[0]
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="정답 로짓이 \\(z_1\\)만큼 앞설 때 레이블 스무딩의 그래디언트",
            en="The label-smoothing gradient when the target logit leads by \\(z_1\\)",
        ),
        start=sp.Derivative(sp.log(sp.exp(lead) + CLASSES - 1) - product(SMOOTHED_TARGET, lead), lead),
        steps=(
            Step(
                sp.exp(lead) / (sp.exp(lead) + CLASSES - 1) - SMOOTHED_TARGET,
                ko=r"`cross_entropy.label_smoothing_margin`의 손실을 \(z_1\)로 미분합니다. \(p_1 - \tilde{y}_1\)이고, "
                r"`cross_entropy.label_smoothing_grad`에서 나머지 로짓을 0으로 둔 것과 같습니다. "
                r"\(\tilde{y}_1 = 1 - \epsilon + \epsilon / C\)입니다.",
                check="definition",
                define=_smoothed_target(),
                en=r"Differentiate the loss of `cross_entropy.label_smoothing_margin` with respect to \(z_1\): "
                r"\(p_1 - \tilde{y}_1\), `cross_entropy.label_smoothing_grad` with the other logits at 0; "
                r"\(\tilde{y}_1 = 1 - \epsilon + \epsilon / C\).",
            ),
            Step(
                _smoothing_share() - sigmoid(sp.log(CLASSES - 1) - lead),
                ko=r"\((1 - \tilde{y}_1) - (1 - p_1)\)로 씁니다. \(1 - \tilde{y}_1 = \epsilon(C - 1)/C\)이고 "
                r"\(1 - p_1 = \frac{C - 1}{e^{z_1} + C - 1} = \sigma(\log(C - 1) - z_1)\)입니다. 1에서 빼는 반올림이 "
                r"없으므로 \(z_1\)이 크면 값이 \(\epsilon(C - 1)/C\)에 정확히 다가갑니다.",
                en=r"Write it as \((1 - \tilde{y}_1) - (1 - p_1)\), with \(1 - \tilde{y}_1 = \epsilon(C - 1)/C\) and "
                r"\(1 - p_1 = \frac{C - 1}{e^{z_1} + C - 1} = \sigma(\log(C - 1) - z_1)\). No rounding of a difference "
                r"from 1 is left, so for large \(z_1\) the value approaches \(\epsilon(C - 1)/C\) accurately.",
            ),
        ),
        domain=((CLASSES, "classes"), (epsilon, "probability"), (lead, "logit")),
    )


@derivation("cross_entropy.label_smoothing_floor")
def label_smoothing_floor(derivation_id: str) -> Derivation:
    best = log1p(product(CLASSES, 1 - epsilon) / epsilon)
    share = _smoothing_share()
    numerator = CLASSES * (1 - epsilon) + epsilon
    target = 1 - epsilon + epsilon / CLASSES
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="레이블 스무딩의 최적점에서의 손실: 스무딩한 정답의 엔트로피",
            en="The label-smoothing loss at the optimum: the entropy of the smoothed target",
        ),
        start=softplus(sp.log(CLASSES - 1) - best) + product(share, best),
        steps=(
            Step(
                sp.log(CLASSES / numerator) + product(share, sp.log(numerator / epsilon)),
                ko=r"`cross_entropy.label_smoothing_margin`의 손실에 `cross_entropy.label_smoothing_gap`의 "
                r"\(z_1^*\)를 넣었습니다. \(e^{z_1^*} = (C(1 - \epsilon) + \epsilon)/\epsilon\)이므로 "
                r"\(\operatorname{softplus}(\log(C - 1) - z_1^*)\)는 "
                r"\(\log\left(1 + \frac{(C - 1)\epsilon}{C(1 - \epsilon) + \epsilon}\right)\), 곧 "
                r"\(\log\frac{C}{C(1 - \epsilon) + \epsilon}\)입니다.",
                en=r"This is the loss of `cross_entropy.label_smoothing_margin` at the \(z_1^*\) of "
                r"`cross_entropy.label_smoothing_gap`. Since \(e^{z_1^*} = (C(1 - \epsilon) + \epsilon)/\epsilon\), "
                r"\(\operatorname{softplus}(\log(C - 1) - z_1^*)\) is "
                r"\(\log\left(1 + \frac{(C - 1)\epsilon}{C(1 - \epsilon) + \epsilon}\right)\), that is "
                r"\(\log\frac{C}{C(1 - \epsilon) + \epsilon}\).",
            ),
            Step(
                -product(target, sp.log(target))
                - product(CLASSES - 1, epsilon / CLASSES, sp.log(epsilon / CLASSES)),
                ko=r"\((C(1 - \epsilon) + \epsilon)/C = \tilde{y}_1\)이고 \(\epsilon(C - 1)/C = 1 - \tilde{y}_1\)입니다. "
                r"로그를 \(\log\frac{\tilde{y}_1}{\epsilon / C} = \log \tilde{y}_1 - \log\frac{\epsilon}{C}\)로 나누면 "
                r"스무딩한 정답의 엔트로피 \(H(\tilde{y}) = -\sum_c \tilde{y}_c \log \tilde{y}_c\)가 됩니다. 최적점에서 "
                r"\(p = \tilde{y}\)이므로 당연한 결과입니다. 어떤 로짓도 이보다 낮은 손실을 내지 못합니다"
                r"(`cross_entropy.kl`). 로그를 나누려면 \(C(1 - \epsilon) + \epsilon > 0\)이어야 합니다. "
                r"\(\epsilon = u/(1+u)\)(\(u > 0\))로 바꿔 쓰면 SymPy도 이를 압니다.",
                en=r"\((C(1 - \epsilon) + \epsilon)/C = \tilde{y}_1\) and \(\epsilon(C - 1)/C = 1 - \tilde{y}_1\). Splitting "
                r"the log as \(\log\frac{\tilde{y}_1}{\epsilon / C} = \log \tilde{y}_1 - \log\frac{\epsilon}{C}\) gives the "
                r"entropy of the smoothed target, \(H(\tilde{y}) = -\sum_c \tilde{y}_c \log \tilde{y}_c\), as it must: at "
                r"the optimum \(p = \tilde{y}\), and no logits give a lower loss (`cross_entropy.kl`). Splitting the "
                r"logs needs \(C(1 - \epsilon) + \epsilon > 0\); written as \(\epsilon = u/(1+u)\) with \(u > 0\), "
                r"SymPy knows it.",
            ),
            Step(
                -product(1 - share, log1p(-share)) - product(share, sp.log(epsilon / CLASSES)),
                ko=r"\(\tilde{y}_1 = 1 - \epsilon(C - 1)/C\)이고, 나머지 클래스의 몫을 합하면 \(\epsilon(C - 1)/C\)입니다. "
                r"\(\epsilon\)이 작으면 \(\log \tilde{y}_1\)을 \(\operatorname{log1p}\)로 계산해야 자릿수를 잃지 않습니다. "
                r"\(\epsilon \to 0\)이면 0으로, \(\epsilon = 1\)이면 \(\log C\)로 갑니다.",
                en=r"\(\tilde{y}_1 = 1 - \epsilon(C - 1)/C\), and the other classes' shares add up to \(\epsilon(C - 1)/C\). "
                r"For small \(\epsilon\), \(\log \tilde{y}_1\) keeps its digits only through \(\operatorname{log1p}\). "
                r"It goes to 0 as \(\epsilon \to 0\) and to \(\log C\) at \(\epsilon = 1\).",
            ),
        ),
        domain=((CLASSES, "classes"), (epsilon, "probability")),
    )


def _soft_smoothed(classes: int):
    """The probability target y (y_C = 1 − Σ_{c<C} y_c) and its smoothing ỹ_c = (1 − ε) y_c + ε/C."""
    ys = indexed("y", classes, real=True)
    smooth = indexed("ytilde", classes, positive=True)
    targets = tuple(
        (s, product(1 - epsilon, yc) + epsilon / classes) for s, yc in zip(smooth, ys, strict=True)
    )
    return ys, smooth, targets


@derivation("cross_entropy.soft_label_smoothing")
def soft_label_smoothing(derivation_id: str, classes: int = 3) -> Derivation:
    z = logits(classes)
    ys, smooth, targets = _soft_smoothed(classes)
    nll = [logsumexp(*z) - v for v in z]
    last = 1 - sp.Add(*ys[:-1])
    rest = (*ys[:-1], last)
    return Derivation(
        id=derivation_id,
        title=Text(ko="확률 정답의 레이블 스무딩", en="Label smoothing with probability targets"),
        start=-sp.Add(*(product(s, sp.log(_softmax(z, c))) for c, s in enumerate(smooth))),
        steps=(
            Step(
                -sp.Add(*(product(v, sp.log(_softmax(z, c))) for c, (_, v) in enumerate(targets))),
                ko=rf"확률 정답 \(y\)에도 레이블 스무딩은 \(\tilde{{y}} = (1 - \epsilon)y + \epsilon / C\)입니다"
                rf"({_count(classes)}). 손실은 \(\tilde{{y}}\)의 교차 엔트로피입니다. 원-핫 \(y\)이면 "
                r"`cross_entropy.label_smoothing`의 정답과 같습니다.",
                en=rf"For a probability target \(y\) too, label smoothing is \(\tilde{{y}} = (1 - \epsilon)y + \epsilon / C\) "
                rf"({_count(classes)}); the loss is the cross-entropy of \(\tilde{{y}}\). For a one-hot \(y\) it "
                r"is the target of `cross_entropy.label_smoothing`.",
                check="definition",
                define=targets,
            ),
            Step(
                product(1 - epsilon, sp.Add(*(product(yc, n) for yc, n in zip(ys, nll, strict=True))))
                + product(epsilon / classes, sp.Add(*nll)),
                ko=r"\(-\log p_c = \operatorname{LSE}(z) - z_c\)를 넣고 \(1 - \epsilon\)만큼의 항과 \(\epsilon / C\)만큼의 "
                r"항으로 나눕니다. PyTorch가 계산하는 꼴입니다: 스무딩 없는 확률 정답의 손실에 \(1 - \epsilon\)을, "
                r"모든 클래스의 \(-\log p_c\) 합에 \(\epsilon / C\)를 곱합니다. 모든 항이 0 이상입니다.",
                en=r"Put in \(-\log p_c = \operatorname{LSE}(z) - z_c\) and split into the \(1 - \epsilon\) share and the "
                r"\(\epsilon / C\) share: the form PyTorch computes, \(1 - \epsilon\) times the unsmoothed loss of the "
                r"probability target plus \(\epsilon / C\) times the sum of every class's \(-\log p_c\). Every term "
                r"is at least 0.",
            ),
            Step(
                product(1 - epsilon, sp.Add(*(product(yc, n) for yc, n in zip(rest, nll, strict=True))))
                + product(epsilon / classes, sp.Add(*nll)),
                ko=rf"확률 정답은 합이 1입니다: \(y_{classes} = 1 - \sum_{{c < {classes}}} y_c\). `F.cross_entropy`는 "
                r"이를 확인하지 않으므로, 합이 1이 아닌 정답은 오류 없이 다른 손실을 냅니다.",
                en=rf"A probability target sums to 1: \(y_{classes} = 1 - \sum_{{c < {classes}}} y_c\). "
                r"`F.cross_entropy` does not check it: a target that does not sum to 1 gives another loss, without "
                r"an error.",
                check="definition",
                define=((ys[-1], last),),
            ),
        ),
        domain=_domain(z, "logit") + _domain(ys, "target") + ((epsilon, "probability"),),
    )


@derivation("cross_entropy.soft_label_smoothing_grad")
def soft_label_smoothing_grad(derivation_id: str, classes: int = 3) -> Derivation:
    z = logits(classes)
    ys, smooth, targets = _soft_smoothed(classes)
    p1 = sp.Symbol("p1", positive=True)
    target = sp.Symbol("ytilde1", positive=True)
    nll = [logsumexp(*z) - v for v in z]
    loss = sp.Add(*(product(v, n) for (_, v), n in zip(targets, nll, strict=True)))
    share = product(1 - epsilon, ys[0]) + epsilon / classes
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="확률 정답의 레이블 스무딩 그래디언트",
            en="The gradient of label smoothing with probability targets",
        ),
        start=sp.Derivative(loss, z[0]),
        steps=(
            Step(
                product(sp.Add(*(v for _, v in targets)), _softmax(z, 0)) - share,
                ko=rf"`cross_entropy.soft_label_smoothing`의 손실 \(\sum_c \tilde{{y}}_c (\operatorname{{LSE}}(z) - z_c)\)를 "
                rf"\(z_1\)로 미분합니다({_count(classes)}). LSE의 그래디언트는 소프트맥스이고 \(z_1\)의 계수는 "
                r"\(\tilde{y}_1\)입니다.",
                en=rf"Differentiate the loss \(\sum_c \tilde{{y}}_c (\operatorname{{LSE}}(z) - z_c)\) of "
                rf"`cross_entropy.soft_label_smoothing` with respect to \(z_1\) ({_count(classes)}): the gradient "
                r"of LSE is the softmax, and \(z_1\)'s coefficient is \(\tilde{y}_1\).",
            ),
            Step(
                p1 - target,
                ko=rf"\(\sum_c \tilde{{y}}_c = (1 - \epsilon)\sum_c y_c + \epsilon = 1\)입니다"
                rf"(\(y_{classes} = 1 - \sum_{{c < {classes}}} y_c\)). 그래디언트는 \(p - \tilde{{y}}\)입니다.",
                en=rf"\(\sum_c \tilde{{y}}_c = (1 - \epsilon)\sum_c y_c + \epsilon = 1\) "
                rf"(\(y_{classes} = 1 - \sum_{{c < {classes}}} y_c\)): the gradient is \(p - \tilde{{y}}\).",
                check="definition",
                define=((ys[-1], 1 - sp.Add(*ys[:-1])), (p1, _softmax(z, 0)), (target, share)),
            ),
            Step(
                product(1 - share, sigmoid(z[0] - _others(z, 0)))
                - product(share, sigmoid(_others(z, 0) - z[0])),
                ko=r"\(p_1 - \tilde{y}_1 = (1 - \tilde{y}_1)p_1 - \tilde{y}_1(1 - p_1)\)이고 \(1 - p_1\)을 시그모이드로 "
                r"씁니다(`cross_entropy.grad_soft`). 두 항이 상쇄되는 곳에서는 오차를 두 항의 크기 합에 대해 봅니다.",
                en=r"\(p_1 - \tilde{y}_1 = (1 - \tilde{y}_1)p_1 - \tilde{y}_1(1 - p_1)\), with \(1 - p_1\) as a sigmoid "
                r"(`cross_entropy.grad_soft`). Where the two terms cancel, the error is measured against the sum "
                r"of their magnitudes.",
            ),
        ),
        domain=_domain(z, "logit") + _domain(ys, "target") + ((epsilon, "probability"),),
    )
