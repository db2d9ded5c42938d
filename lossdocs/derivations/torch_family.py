"""The rest of PyTorch's cross-entropy family: NLLLoss, KLDivLoss and MultiLabelSoftMarginLoss.

As in `cross_entropy`, a categorical derivation is built for ``classes`` classes (default C = 3, the
tests build C = 4 too) with the target class t = 1; a reduction is shown for a small fixed number of
samples.  ``x_c`` is an input of the loss: a log-probability for NLLLoss and KLDivLoss, a logit for
MultiLabelSoftMarginLoss.
"""

from __future__ import annotations

import sympy as sp

from lossdocs.derivation import Derivation, Step, Text
from lossdocs.derivations.cross_entropy import _count, _domain, _others, _softmax, _total
from lossdocs.functions import Paren, logsumexp, product, sigmoid, softplus
from lossdocs.registry import derivation
from lossdocs.symbols import indexed, logits, x


def _one_hot(ys) -> tuple:
    """The one-hot target of class 1 as definitions: (y_1, 1), (y_2, 0), …"""
    return tuple((v, 1 if c == 0 else 0) for c, v in enumerate(ys))


# NLLLoss: the negative log-likelihood of log-probabilities


@derivation("nll.definition")
def nll_definition(derivation_id: str, classes: int = 3) -> Derivation:
    xs = indexed("x", classes, real=True)
    w = indexed("w", classes, positive=True)
    ys = indexed("y", classes, real=True)
    one_hot = _one_hot(ys)
    return Derivation(
        id=derivation_id,
        title=Text(ko="NLLLoss의 샘플별 손실", en="The per-sample loss of NLLLoss"),
        start=-sp.Add(*(product(wc, yc, xc) for wc, yc, xc in zip(w, ys, xs, strict=True))),
        steps=(
            Step(
                -sp.Add(*(product(wc, v, xc) for wc, (_, v), xc in zip(w, one_hot, xs, strict=True))),
                ko=rf"`NLLLoss`의 입력 \(x_c\)는 로짓이 아니라 로그 확률 \(\log q_c\)입니다({_count(classes)}). "
                r"음의 로그 가능도(negative log-likelihood)는 정답의 원-핫 인코딩 \(y\)와 클래스 가중치 "
                r"\(w_c\)로 쓴 \(-\sum_c w_c y_c x_c\)이고, 정답 클래스 \(t = 1\)에서만 \(y_t = 1\)입니다.",
                en=rf"The input \(x_c\) of `NLLLoss` is not a logit but a log-probability \(\log q_c\) "
                rf"({_count(classes)}). The negative log-likelihood, written with the one-hot target \(y\) and "
                r"the class weights \(w_c\), is \(-\sum_c w_c y_c x_c\), and only the target class \(t = 1\) "
                r"has \(y_t = 1\).",
                check="definition",
                define=one_hot,
            ),
            Step(
                -product(w[0], xs[0]),
                ko=r"0을 곱한 항이 사라지고 \(-w_t x_t\)만 남습니다. `NLLLoss`는 정답 클래스의 입력을 골라 "
                r"부호를 바꾸고 가중치를 곱할 뿐, 로그도 소프트맥스도 계산하지 않습니다.",
                en=r"The terms multiplied by 0 vanish and \(-w_t x_t\) is left. `NLLLoss` picks the target "
                r"class's input, flips its sign and multiplies by the weight; it computes no log and no softmax.",
            ),
        ),
        domain=_domain(xs, "real") + _domain(w, "weight"),
    )


@derivation("nll.mean")
def nll_mean(derivation_id: str) -> Derivation:
    w = sp.symbols("w1:4", positive=True)
    xs = sp.symbols("x1:4", real=True)
    total = sp.Add(*w)
    return Derivation(
        id=derivation_id,
        title=Text(ko="NLLLoss의 `mean` 축소", en="The `mean` reduction of NLLLoss"),
        start=sp.Add(*(-product(wn, xn) for wn, xn in zip(w, xs, strict=True))) / total,
        steps=(
            Step(
                (-product(w[0], xs[0]) - product(w[1], xs[1]) - product(0, xs[2])) / (w[0] + w[1] + 0),
                ko=r"세 샘플의 손실 \(-w_{t_n} x_n\)(`nll.definition`)을 더해 정답 클래스 가중치의 합 "
                r"\(\sum_n w_{t_n}\)으로 나눕니다. 셋째 샘플의 정답이 `ignore_index`이면 가중치 0으로 분자와 "
                r"분모 모두에서 빠집니다.",
                en=r"The three samples' losses \(-w_{t_n} x_n\) (`nll.definition`) are added and divided by "
                r"the sum of their target-class weights \(\sum_n w_{t_n}\). If the third sample's target is "
                r"`ignore_index`, it enters numerator and denominator with weight 0.",
                check="definition",
                define=((w[2], 0),),
            ),
            Step(
                product(w[0] / (w[0] + w[1]), -xs[0]) + product(w[1] / (w[0] + w[1]), -xs[1]),
                ko=r"분모는 \(N\)이 아니라 남은 샘플의 가중치 합입니다. 계수의 합이 1이므로 `mean`은 "
                r"\(-x_n = -\log q_{n, t_n}\)의 가중 평균이고, 가중치를 모두 같은 배수로 바꿔도 변하지 "
                r"않습니다. `CrossEntropyLoss`의 `mean`(`cross_entropy.weighted`)과 같은 규칙입니다.",
                en=r"The denominator is not \(N\) but the remaining samples' weights. The coefficients sum to 1, "
                r"so `mean` is a weighted average of \(-x_n = -\log q_{n, t_n}\), unchanged when all weights "
                r"are scaled by the same factor: the rule of the `mean` of `CrossEntropyLoss` "
                r"(`cross_entropy.weighted`).",
            ),
        ),
        domain=_domain(xs, "real") + _domain(w, "weight"),
    )


@derivation("nll.log_softmax")
def nll_log_softmax(derivation_id: str, classes: int = 3) -> Derivation:
    z = logits(classes)
    ys = indexed("y", classes, real=True)
    log_p = [v - logsumexp(*z) for v in z]
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="CrossEntropyLoss = log_softmax + NLLLoss", en="CrossEntropyLoss = log_softmax + NLLLoss"
        ),
        start=-sp.Add(*(product(yc, lp) for yc, lp in zip(ys, log_p, strict=True))),
        steps=(
            Step(
                -sp.Add(*(product(v, lp) for (_, v), lp in zip(_one_hot(ys), log_p, strict=True))),
                ko=rf"`NLLLoss`(`nll.definition`, 가중치 1)에 로그 소프트맥스(log-softmax) "
                r"\(x_c = z_c - \operatorname{LSE}(z)\)(`log_softmax.logsumexp`)를 넣습니다"
                rf"({_count(classes)}, 정답 \(t = 1\)).",
                en=rf"Feed `NLLLoss` (`nll.definition`, weight 1) the log-softmax "
                r"\(x_c = z_c - \operatorname{LSE}(z)\) (`log_softmax.logsumexp`) "
                rf"({_count(classes)}, target \(t = 1\)).",
                check="definition",
                define=_one_hot(ys),
            ),
            Step(
                logsumexp(*z) - z[0],
                ko=r"정답 클래스의 항만 남습니다. \(-\log p_1\)이고, `cross_entropy.definition`의 "
                r"\(-\log Q_t\)에 \(Q = \operatorname{softmax}(z)\)를 넣은 것입니다.",
                en=r"Only the target class's term is left: \(-\log p_1\), the \(-\log Q_t\) of "
                r"`cross_entropy.definition` with \(Q = \operatorname{softmax}(z)\).",
            ),
            Step(
                logsumexp(0, *(v - z[0] for v in z[1:])),
                ko=r"LSE를 \(z_1\)만큼 이동합니다. `F.cross_entropy`가 계산하는 안정한 꼴이며, 두 함수를 "
                r"차례로 부른 `F.nll_loss(F.log_softmax(z))`와 같은 값입니다. 어떤 지수 함수도 오버플로하지 "
                r"않고 값은 0 이상입니다.",
                en=r"Shift the LSE by \(z_1\). This is the stable form `F.cross_entropy` computes, the value of "
                r"the two calls `F.nll_loss(F.log_softmax(z))` in turn; no exponential overflows, and the value "
                r"is at least 0.",
            ),
        ),
        domain=_domain(z, "logit"),
    )


@derivation("nll.log_softmax_grad")
def nll_log_softmax_grad(derivation_id: str, classes: int = 3) -> Derivation:
    z = logits(classes)
    g = indexed("g", classes, real=True)
    p1 = sp.Symbol("p1", positive=True)
    share = sp.exp(z[0]) / _total(z)
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="log_softmax + NLLLoss의 그래디언트: 역전파 두 번",
            en="The gradient of log_softmax + NLLLoss: two backward steps",
        ),
        start=sp.Derivative(logsumexp(*z) - z[0], z[0]),
        steps=(
            Step(
                sp.Add(*(product(gc, (1 if c == 0 else 0) - share) for c, gc in enumerate(g))),
                ko=rf"연쇄 법칙(chain rule)입니다({_count(classes)}). `NLLLoss`의 그래디언트는 "
                r"\(g_c = \partial \ell / \partial x_c = -[c = t]\)이고, 로그 소프트맥스의 야코비안은 "
                r"\(\partial x_c / \partial z_1 = [c = 1] - p_1\)입니다.",
                en=rf"The chain rule ({_count(classes)}). The gradient of `NLLLoss` is "
                r"\(g_c = \partial \ell / \partial x_c = -[c = t]\), and the log-softmax's Jacobian is "
                r"\(\partial x_c / \partial z_1 = [c = 1] - p_1\).",
                check="definition",
                define=tuple((gc, -1 if c == 0 else 0) for c, gc in enumerate(g)),
            ),
            Step(
                p1 - 1,
                ko=r"\(g_1 - p_1 \sum_c g_c = -1 + p_1\)입니다. `cross_entropy.grad`의 \(p_1 - 1\)과 같으므로 "
                r"두 함수의 역전파를 이은 결과는 `F.cross_entropy` 하나의 그래디언트와 같습니다.",
                en=r"\(g_1 - p_1 \sum_c g_c = -1 + p_1\): the \(p_1 - 1\) of `cross_entropy.grad`, so the two "
                r"backward steps chained give the gradient of `F.cross_entropy` alone.",
                check="definition",
                define=((p1, _softmax(z, 0)),),
            ),
            Step(
                -sigmoid(_others(z, 0) - z[0]),
                ko=r"\(1 - p_1 = \sigma(\operatorname{LSE}(z_2, \dots) - z_1)\)로 씁니다. 뺄셈 \(p_1 - 1\)이 "
                r"없어 정답 로짓이 크게 앞서도 자릿수를 잃지 않습니다.",
                en=r"Write \(1 - p_1 = \sigma(\operatorname{LSE}(z_2, \dots) - z_1)\): with no subtraction "
                r"\(p_1 - 1\), no digits are lost even when the target logit leads by far.",
            ),
        ),
        domain=_domain(z, "logit"),
    )


@derivation("nll.equal_weights")
def nll_equal_weights(derivation_id: str) -> Derivation:
    w = sp.Symbol("w", positive=True)
    xs = sp.symbols("x1:4", real=True)
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="가중치가 모두 같으면 `mean`은 평범한 평균입니다",
            en="With equal weights, `mean` is the plain average",
        ),
        start=sp.Add(*(-product(w, xn) for xn in xs)) / (3 * w),
        steps=(
            Step(
                product(w, -sp.Add(*xs)) / product(3, w),
                ko=r"세 샘플의 정답 클래스 가중치가 모두 \(w\)입니다(`nll.mean`). 분자에서 \(w\)를 묶어 냅니다.",
                en=r"All three samples' target classes have the weight \(w\) (`nll.mean`). Factor \(w\) out "
                r"of the numerator.",
            ),
            Step(
                -sp.Add(*xs) / 3,
                ko=r"\(w\)가 약분됩니다. 가중치를 모두 같은 값으로 주면 `weight=None`과 같은 손실이고, "
                r"무시된 샘플이 없으면 분모는 \(N\)입니다.",
                en=r"\(w\) cancels: equal weights give the loss of `weight=None`, and with no ignored sample "
                r"the denominator is \(N\).",
            ),
        ),
    )


@derivation("nll.double_log_softmax")
def nll_double_log_softmax(derivation_id: str, classes: int = 3) -> Derivation:
    z = logits(classes)
    xs = indexed("x", classes, real=True)
    lse = logsumexp(*z)
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="로그 소프트맥스를 두 번 적용해도 같습니다", en="Applying log-softmax twice changes nothing"
        ),
        start=xs[0] - logsumexp(*xs),
        steps=(
            Step(
                z[0] - lse - sp.log(sp.Add(*(sp.exp(v - lse) for v in z))),
                ko=rf"로그 소프트맥스 \(x_c = z_c - \operatorname{{LSE}}(z)\)에 로그 소프트맥스를 한 번 더 "
                rf"적용합니다({_count(classes)}).",
                en=rf"Apply the log-softmax once more to the log-softmax \(x_c = z_c - \operatorname{{LSE}}(z)\) "
                rf"({_count(classes)}).",
                check="definition",
                define=tuple((xc, v - lse) for xc, v in zip(xs, z, strict=True)),
            ),
            Step(
                z[0] - lse - sp.log(sp.Add(*(sp.exp(v) for v in z)) / sp.exp(lse)),
                ko=r"\(e^{z_c - \operatorname{LSE}} = e^{z_c} / e^{\operatorname{LSE}}\)을 모읍니다.",
                en=r"Collect \(e^{z_c - \operatorname{LSE}} = e^{z_c} / e^{\operatorname{LSE}}\).",
            ),
            Step(
                z[0] - lse,
                ko=r"\(e^{\operatorname{LSE}(z)} = \sum_c e^{z_c}\)이므로 로그 안은 1, 로그는 0입니다. 로그 확률의 "
                r"지수 합은 이미 1이라서, 모델 끝에 `log_softmax`를 두고 `CrossEntropyLoss`를 써도 손실은 "
                r"같습니다. 다만 계산이 두 번 들고 읽는 사람을 헷갈리게 합니다.",
                en=r"\(e^{\operatorname{LSE}(z)} = \sum_c e^{z_c}\), so the log's argument is 1 and the log 0. "
                r"The exponentials of log-probabilities already sum to 1, so a model ending in `log_softmax` "
                r"trained with `CrossEntropyLoss` gets the same loss, computed twice and confusing to read.",
            ),
            Step(
                -logsumexp(0, *(v - z[0] for v in z[1:])),
                ko=r"같은 값을 차 \(z_j - z_1\)로 씁니다(`log_softmax.logsumexp`). \(z_1\)이 크게 앞선 행에서도 "
                r"\(z_1 - \operatorname{LSE}(z)\)처럼 가까운 두 수를 빼지 않습니다.",
                en=r"The same value in the differences \(z_j - z_1\) (`log_softmax.logsumexp`): where \(z_1\) leads by "
                r"far, no two nearly equal numbers are subtracted, as \(z_1 - \operatorname{LSE}(z)\) does.",
            ),
        ),
        domain=_domain(z + xs, "logit"),
    )


# KLDivLoss: pointwise y (log y − x), in two target conventions, and its reductions


@derivation("kl_div.pointwise")
def kl_pointwise(derivation_id: str, classes: int = 3) -> Derivation:
    ys = indexed("y", classes, positive=True)
    qs = indexed("q", classes, positive=True)
    xs = indexed("x", classes, real=True)
    return Derivation(
        id=derivation_id,
        title=Text(ko="KLDivLoss가 더하는 원소별 항", en="The pointwise terms KLDivLoss adds up"),
        start=sp.Add(*(product(yc, sp.log(yc / qc)) for yc, qc in zip(ys, qs, strict=True))),
        steps=(
            Step(
                sp.Add(*(product(yc, sp.log(yc) - xc) for yc, xc in zip(ys, xs, strict=True))),
                ko=rf"\(\mathrm{{KL}}(y \,\|\, q) = \sum_c y_c \log \frac{{y_c}}{{q_c}}\)에서({_count(classes)}) "
                r"`F.kl_div`의 입력 `input`은 모델 분포의 로그 확률 \(x_c = \log q_c\)이고, 정답 `target`은 "
                r"확률 \(y_c\)입니다. \(q_c = e^{x_c}\)를 넣습니다.",
                en=rf"In \(\mathrm{{KL}}(y \,\|\, q) = \sum_c y_c \log \frac{{y_c}}{{q_c}}\) ({_count(classes)}), "
                r"the `input` of `F.kl_div` is the model's log-probability \(x_c = \log q_c\) and the `target` "
                r"is the probability \(y_c\). Put in \(q_c = e^{x_c}\).",
                check="definition",
                define=tuple((qc, sp.exp(xc)) for qc, xc in zip(qs, xs, strict=True)),
            ),
            Step(
                Paren(-sp.Add(*(product(yc, xc) for yc, xc in zip(ys, xs, strict=True))))
                - Paren(-sp.Add(*(product(yc, sp.log(yc)) for yc in ys))),
                ko=r"두 합으로 나누면 교차 엔트로피 \(H(y, q) = -\sum_c y_c \log q_c\)에서 엔트로피 \(H(y)\)를 "
                r"뺀 것입니다(`cross_entropy.kl`). \(H(y)\)는 모델과 무관하므로 `KLDivLoss`와 확률 정답의 "
                r"`CrossEntropyLoss`는 상수만큼 다르고, 그래디언트는 같습니다.",
                en=r"Split into two sums: the cross-entropy \(H(y, q) = -\sum_c y_c \log q_c\) minus the entropy "
                r"\(H(y)\) (`cross_entropy.kl`). \(H(y)\) does not depend on the model, so `KLDivLoss` and "
                r"`CrossEntropyLoss` with probability targets differ by a constant and have the same gradient.",
            ),
        ),
        domain=_domain(xs, "real") + _domain(ys, "probability"),
    )


@derivation("kl_div.log_target")
def kl_log_target(derivation_id: str) -> Derivation:
    t = sp.Symbol("t", real=True)
    p = sp.Symbol("y", positive=True)
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="`log_target=True`와 기본 꼴은 같은 항입니다",
            en="`log_target=True` and the default are one term",
        ),
        start=product(sp.exp(t), t - x),
        steps=(
            Step(
                product(p, sp.log(p) - x),
                ko=r"`log_target=True`이면 정답도 로그 확률 \(t\)로 받고, 원소별 항은 \(e^{t}(t - x)\)입니다. "
                r"\(t = \log y\)로 두면 \(e^{t} = y\)이므로 기본값 `log_target=False`의 \(y(\log y - x)\)와 "
                r"같습니다.",
                en=r"With `log_target=True` the target is a log-probability \(t\) too, and the pointwise term is "
                r"\(e^{t}(t - x)\). With \(t = \log y\), \(e^{t} = y\): the \(y(\log y - x)\) of the default "
                r"`log_target=False`.",
                check="definition",
                define=((t, sp.log(p)),),
            ),
            Step(
                product(p, sp.log(p)) - product(p, x),
                ko=r"PyTorch는 이 항을 `xlogy(y, y) - y * x`로 계산합니다. \(y = 0\)에서 \(y \log y\)는 극한값 "
                r"0입니다. \(\log y \approx x\)이면 두 항이 상쇄되므로 오차는 \(y(|\log y| + |x|)\)에 대한 "
                r"상대 오차로 봐야 합니다.",
                en=r"PyTorch computes this term as `xlogy(y, y) - y * x`; at \(y = 0\), \(y \log y\) is its limit "
                r"0. Where \(\log y \approx x\) the two terms cancel, so the error is relative to "
                r"\(y(|\log y| + |x|)\).",
            ),
        ),
        domain=((x, "real"), (p, "probability")),
    )


@derivation("kl_div.batchmean")
def kl_batchmean(derivation_id: str) -> Derivation:
    ell = sp.symbols("ell1:7", real=True)
    rows = (ell[:3], ell[3:])
    kl = [sp.Add(*row) for row in rows]
    batchmean = sp.Symbol("B", real=True)
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="`mean`은 `batchmean`을 클래스 수로 나눈 값입니다",
            en="`mean` is `batchmean` divided by the number of classes",
        ),
        start=sp.Add(*ell) / 6,
        steps=(
            Step(
                product(sp.Rational(1, 3), Paren(kl[0] + kl[1]) / 2),
                ko=r"샘플 \(N = 2\)개, 클래스 \(C = 3\)개의 원소별 항 \(\ell_{n,c}\) 6개입니다. `reduction='mean'`은 "
                r"합을 원소 수 \(N C = 6\)으로 나눕니다. 이를 \(\frac{1}{C}\)와 \(\frac{1}{N}\)으로 나눕니다.",
                en=r"The six pointwise terms \(\ell_{n,c}\) of \(N = 2\) samples and \(C = 3\) classes. "
                r"`reduction='mean'` divides their sum by the number of elements \(N C = 6\); split that into "
                r"\(\frac{1}{C}\) and \(\frac{1}{N}\).",
            ),
            Step(
                batchmean / 3,
                ko=r"한 행의 합이 그 샘플의 KL 발산이므로, \(B = \frac{1}{N} \sum_n \mathrm{KL}_n\)이 "
                r"`reduction='batchmean'`, 곧 샘플당 KL 발산입니다. `mean`은 \(B / C\)라서 KL 발산이 아니고 클래스 "
                r"수에 따라 달라집니다. 그래서 PyTorch는 `mean`에 경고를 내고 `batchmean`을 권합니다.",
                en=r"A row's sum is that sample's KL divergence, so \(B = \frac{1}{N} \sum_n \mathrm{KL}_n\) is "
                r"`reduction='batchmean'`, the KL divergence per sample. `mean` is \(B / C\): not the KL "
                r"divergence, and it changes with the number of classes. That is why PyTorch warns about `mean` "
                r"and recommends `batchmean`.",
                check="definition",
                define=((batchmean, (kl[0] + kl[1]) / 2),),
            ),
        ),
    )


@derivation("kl_div.grad")
def kl_grad(derivation_id: str) -> Derivation:
    t = sp.Symbol("t", real=True)
    p = sp.Symbol("y", positive=True)
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="KLDivLoss의 입력에 대한 그래디언트", en="The gradient of KLDivLoss with respect to the input"
        ),
        start=sp.Derivative(product(sp.exp(t), t - x), x),
        steps=(
            Step(
                -sp.exp(t),
                ko=r"`log_target=True`의 항 \(e^{t}(t - x)\)에서 \(x\)에 의존하는 부분은 \(-e^{t} x\)뿐입니다.",
                en=r"Of the `log_target=True` term \(e^{t}(t - x)\), only \(-e^{t} x\) depends on \(x\).",
            ),
            Step(
                -p,
                ko=r"\(t = \log y\)이면 \(-y\)이고, 기본 꼴 \(y \log y - y x\)를 미분한 값과 같습니다"
                r"(`kl_div.log_target`). 그래디언트는 입력과 무관한 \(-y\)입니다. `batchmean`은 이것을 \(N\)으로, "
                r"`mean`은 \(N C\)로 나누므로, SGD에서 `mean`으로 바꾸면 학습률을 \(C\)로 나눈 것과 같습니다.",
                en=r"With \(t = \log y\) it is \(-y\), the derivative of the default form \(y \log y - y x\) "
                r"(`kl_div.log_target`). The gradient, \(-y\), does not depend on the input. `batchmean` divides "
                r"it by \(N\), `mean` by \(N C\): with SGD, switching to `mean` divides the learning rate by \(C\).",
                check="definition",
                define=((t, sp.log(p)),),
            ),
        ),
        domain=((p, "probability"),),
    )


@derivation("kl_div.same_distribution")
def kl_same_distribution(derivation_id: str, classes: int = 3) -> Derivation:
    ys = indexed("y", classes, positive=True)
    xs = indexed("x", classes, real=True)
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="모델 분포가 정답과 같으면 손실은 0입니다",
            en="When the model matches the target, the loss is 0",
        ),
        start=sp.Add(*(product(yc, sp.log(yc)) - product(yc, xc) for yc, xc in zip(ys, xs, strict=True))),
        steps=(
            Step(
                sp.Add(*(product(yc, sp.log(yc)) - product(yc, sp.log(yc)) for yc in ys)),
                ko=rf"`kl_div.pointwise`의 항에서 입력이 정답의 로그 \(x_c = \log y_c\)입니다({_count(classes)}).",
                en=rf"In the terms of `kl_div.pointwise` the input is the log of the target, \(x_c = \log y_c\) "
                rf"({_count(classes)}).",
                check="definition",
                define=tuple((xc, sp.log(yc)) for xc, yc in zip(xs, ys, strict=True)),
            ),
            Step(
                sp.Integer(0),
                ko=r"항마다 0입니다. 교차 엔트로피는 이때 엔트로피 \(H(y)\)까지만 내려가지만, KL 발산은 0까지 "
                r"내려갑니다. 손실 값으로 학습이 얼마나 남았는지 읽을 때는 KL 발산이 편합니다.",
                en=r"Every term is 0. The cross-entropy only comes down to the entropy \(H(y)\) here, the KL "
                r"divergence to 0: its value tells directly how far training has to go.",
            ),
        ),
        domain=_domain(xs, "real") + _domain(ys, "probability"),
    )


@derivation("kl_div.target_grad")
def kl_target_grad(derivation_id: str) -> Derivation:
    t = sp.Symbol("t", real=True)
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="`log_target=True`일 때 정답에 대한 그래디언트",
            en="The gradient with respect to the target when `log_target=True`",
        ),
        start=sp.Derivative(product(sp.exp(t), t - x), t),
        steps=(
            Step(
                product(sp.exp(t), t - x) + product(sp.exp(t), 1),
                ko=r"곱의 미분법입니다. \(e^{t}\)의 도함수는 자기 자신이고 \(t - x\)의 도함수는 1입니다.",
                en=r"The product rule: \(e^{t}\) is its own derivative, and \(t - x\) has derivative 1.",
            ),
            Step(
                product(sp.exp(t), t - x + 1),
                ko=r"\(e^{t}\)로 묶습니다. 정답이 학습되는 값일 때(지식 증류에서 교사의 출력이 `requires_grad`인 "
                r"경우 등) PyTorch는 이 그래디언트를 정답으로 보냅니다. 정답을 고정하려면 `target.detach()`를 "
                r"넘깁니다.",
                en=r"Factor out \(e^{t}\). When the target is itself trained (a teacher's output with "
                r"`requires_grad` in distillation, say), PyTorch sends this gradient to it; pass "
                r"`target.detach()` to keep the target fixed.",
            ),
        ),
    )


# MultiLabelSoftMarginLoss: the mean over classes of BCE with logits


def _multilabel(xs, ys, classes: int):
    """torch's loss of one sample: −(1/C) Σ_c [y_c log σ(x_c) + (1 − y_c) log σ(−x_c)]."""
    return product(
        sp.Rational(1, classes),
        -sp.Add(
            *(
                product(yc, sp.log(sigmoid(xc))) + product(1 - yc, sp.log(sigmoid(-xc)))
                for xc, yc in zip(xs, ys, strict=True)
            )
        ),
    )


@derivation("multilabel.definition")
def multilabel_definition(derivation_id: str, classes: int = 3) -> Derivation:
    xs = indexed("x", classes, real=True)
    ys = indexed("y", classes, real=True)
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="MultiLabelSoftMarginLoss는 클래스별 BCE의 평균입니다",
            en="MultiLabelSoftMarginLoss is the mean of per-class BCE",
        ),
        start=_multilabel(xs, ys, classes),
        steps=(
            Step(
                product(
                    sp.Rational(1, classes),
                    sp.Add(
                        *(
                            product(yc, softplus(-xc)) + product(1 - yc, softplus(xc))
                            for xc, yc in zip(xs, ys, strict=True)
                        )
                    ),
                ),
                ko=rf"PyTorch가 적은 꼴은 클래스 \(C\)개({_count(classes)})에 대한 "
                r"\(-[y_c \log \sigma(x_c) + (1 - y_c) \log \sigma(-x_c)]\)의 평균입니다. "
                r"\(-\log \sigma(x) = \operatorname{softplus}(-x)\), \(-\log \sigma(-x) = \operatorname{softplus}(x)\)"
                r"이므로 괄호 안의 각 항은 `bce_logits.simplify`의 로짓 BCE입니다. 음이 아닌 항의 합이라 "
                r"뺄셈으로 자릿수를 잃지 않고, \(x = \pm 1000\)에서도 넘치지 않습니다.",
                en=rf"PyTorch writes the mean over the \(C\) classes ({_count(classes)}) of "
                r"\(-[y_c \log \sigma(x_c) + (1 - y_c) \log \sigma(-x_c)]\). Since "
                r"\(-\log \sigma(x) = \operatorname{softplus}(-x)\) and \(-\log \sigma(-x) = \operatorname{softplus}(x)\), "
                r"each term in the bracket is the BCE with logits of `bce_logits.simplify`: a sum of "
                r"non-negative terms, so no digits are lost to a subtraction, and nothing overflows even at "
                r"\(x = \pm 1000\).",
            ),
        ),
        domain=_domain(xs, "real") + _domain(ys, "target"),
    )


@derivation("multilabel.grad")
def multilabel_grad(derivation_id: str, classes: int = 3) -> Derivation:
    xs = indexed("x", classes, real=True)
    ys = indexed("y", classes, real=True)
    loss = product(
        sp.Rational(1, classes),
        sp.Add(
            *(
                product(yc, softplus(-xc)) + product(1 - yc, softplus(xc))
                for xc, yc in zip(xs, ys, strict=True)
            )
        ),
    )
    return Derivation(
        id=derivation_id,
        title=Text(ko="MultiLabelSoftMarginLoss의 그래디언트", en="The gradient of MultiLabelSoftMarginLoss"),
        start=sp.Derivative(loss, xs[0]),
        steps=(
            Step(
                (sigmoid(xs[0]) - ys[0]) / classes,
                ko=rf"\(x_1\)에 의존하는 것은 첫 클래스의 항뿐이고, 그 도함수는 `bce_logits.grad`의 "
                rf"\(\sigma(x_1) - y_1\)입니다. 평균이므로 \(C\)로 나뉩니다({_count(classes)}).",
                en=rf"Only the first class's term depends on \(x_1\), and its derivative is the "
                r"\(\sigma(x_1) - y_1\) of `bce_logits.grad`; the mean divides it by \(C\) "
                rf"({_count(classes)}).",
            ),
            Step(
                product((1 - ys[0]) / classes, sigmoid(xs[0])) - product(ys[0] / classes, sigmoid(-xs[0])),
                ko=r"\(y_1 = y_1 \sigma(x_1) + y_1 \sigma(-x_1)\)로 나눠 \(1 - \sigma(x_1)\)을 만들지 않습니다. "
                r"\(y_1 \in \{0, 1\}\)이면 한 항만 남아 정확하고, \(0 < y_1 < 1\)이면 두 항이 상쇄될 수 있으므로 "
                r"오차는 두 항의 크기 합에 대해 봅니다.",
                en=r"Split \(y_1 = y_1 \sigma(x_1) + y_1 \sigma(-x_1)\) so that \(1 - \sigma(x_1)\) is never formed. "
                r"For \(y_1 \in \{0, 1\}\) one term is left and it is exact; for \(0 < y_1 < 1\) the two terms may "
                r"cancel, so the error is measured against the sum of their magnitudes.",
            ),
        ),
        domain=_domain(xs, "real") + _domain(ys, "target"),
    )


@derivation("multilabel.zero_logits")
def multilabel_zero_logits(derivation_id: str, classes: int = 3) -> Derivation:
    ys = indexed("y", classes, real=True)
    zero = sp.Integer(0)
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="로짓이 모두 0이면 손실은 \\(\\log 2\\)입니다",
            en="With every logit 0, the loss is \\(\\log 2\\)",
        ),
        start=product(
            sp.Rational(1, classes),
            sp.Add(*(product(yc, softplus(-zero)) + product(1 - yc, softplus(zero)) for yc in ys)),
        ),
        steps=(
            Step(
                product(classes, sp.log(2)) / classes,
                ko=rf"`multilabel.definition`에 \(x_c = 0\)을 넣습니다({_count(classes)}). "
                r"\(\operatorname{softplus}(0) = \log 2\)입니다.",
                en=rf"Put \(x_c = 0\) into `multilabel.definition` ({_count(classes)}): "
                r"\(\operatorname{softplus}(0) = \log 2\).",
            ),
            Step(
                sp.log(2),
                ko=r"\(y_c + (1 - y_c) = 1\)이 \(C\)번 더해지고 \(\frac{1}{C}\)이 곱해집니다. 정답과 클래스 수와 "
                r"무관하게 \(\log 2 \approx 0.693\)입니다. `BCEWithLogitsLoss`를 클래스별로 더한 손실은 "
                r"\(C \log 2\)에서 시작하므로, 두 손실을 바꾸면 학습률의 의미가 \(C\)배 달라집니다.",
                en=r"\(y_c + (1 - y_c) = 1\) is added \(C\) times and multiplied by \(\frac{1}{C}\): "
                r"\(\log 2 \approx 0.693\), whatever the targets and the number of classes. A per-class "
                r"`BCEWithLogitsLoss` summed over the classes starts at \(C \log 2\), so swapping the two changes "
                r"what the learning rate means by a factor \(C\).",
            ),
        ),
        domain=_domain(ys, "target"),
    )


@derivation("multilabel.bce_mean")
def multilabel_bce_mean(derivation_id: str) -> Derivation:
    ell = sp.symbols("ell1:5", positive=True)
    return Derivation(
        id=derivation_id,
        title=Text(
            ko="`mean`끼리는 BCEWithLogitsLoss와 같습니다",
            en="With `mean`, it equals BCEWithLogitsLoss",
        ),
        start=product(sp.Rational(1, 2), (ell[0] + ell[1]) / 2 + (ell[2] + ell[3]) / 2),
        steps=(
            Step(
                sp.Add(*ell) / 4,
                ko=r"샘플 \(N = 2\)개, 클래스 \(C = 2\)개입니다. `MultiLabelSoftMarginLoss`의 `mean`은 샘플별 "
                r"평균 \(\frac{1}{C}\sum_c \ell_{n,c}\)을 다시 \(N\)으로 평균합니다. 이는 \(N C\)개 원소의 "
                r"로짓 BCE \(\ell_{n,c}\)를 `BCEWithLogitsLoss(reduction='mean')`으로 평균한 값과 같습니다. "
                r"`sum`이면 다릅니다: `MultiLabelSoftMarginLoss`의 `sum`은 \(C\)로 나눈 값입니다.",
                en=r"\(N = 2\) samples, \(C = 2\) classes. The `mean` of `MultiLabelSoftMarginLoss` averages the "
                r"per-sample means \(\frac{1}{C}\sum_c \ell_{n,c}\) over \(N\) again: the average of the \(N C\) "
                r"elements' BCE with logits \(\ell_{n,c}\), which is `BCEWithLogitsLoss(reduction='mean')`. "
                r"With `sum` they differ: the `sum` of `MultiLabelSoftMarginLoss` is divided by \(C\).",
            ),
        ),
    )
