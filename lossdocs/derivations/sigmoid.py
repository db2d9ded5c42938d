"""The logistic sigmoid and its derivative."""

from __future__ import annotations

import sympy as sp

from lossdocs.derivation import Derivation, Step, Text
from lossdocs.functions import product, sigmoid
from lossdocs.registry import derivation
from lossdocs.symbols import x


@derivation("sigmoid.derivative")
def sigmoid_derivative(derivation_id: str) -> Derivation:
    inner = 1 + sp.exp(-x)
    return Derivation(
        id=derivation_id,
        title=Text(ko="시그모이드의 도함수", en="The derivative of the sigmoid"),
        start=sp.Derivative(sigmoid(x), x),
        steps=(
            Step(
                sp.Derivative(1 / inner, x),
                ko=r"시그모이드의 정의 \(\sigma(x) = \frac{1}{1+e^{-x}}\)를 대입합니다.",
                en=r"Substitute the definition \(\sigma(x) = \frac{1}{1+e^{-x}}\).",
            ),
            Step(
                product(-1 / inner**2, sp.Derivative(inner, x)),
                ko=r"연쇄 법칙(chain rule): 바깥 함수 \(u^{-1}\)의 도함수는 \(-u^{-2}\)입니다.",
                en=r"Chain rule: the outer function \(u^{-1}\) has derivative \(-u^{-2}\).",
            ),
            Step(
                product(-1 / inner**2, -sp.exp(-x)),
                ko=r"안쪽 함수의 도함수: \(\frac{d}{dx}(1+e^{-x}) = -e^{-x}\)입니다.",
                en=r"Derivative of the inner function: \(\frac{d}{dx}(1+e^{-x}) = -e^{-x}\).",
            ),
            Step(
                sp.exp(-x) / inner**2,
                ko="두 음수 부호가 상쇄됩니다.",
                en="The two minus signs cancel.",
            ),
            Step(
                product(1 / inner, sp.exp(-x) / inner),
                ko="분모의 제곱을 두 인수로 나눕니다.",
                en="Split the squared denominator into two factors.",
            ),
            Step(
                product(1 / inner, 1 - 1 / inner),
                ko=r"\(\frac{e^{-x}}{1+e^{-x}} = \frac{(1+e^{-x}) - 1}{1+e^{-x}} = 1 - \frac{1}{1+e^{-x}}\)입니다.",
                en=r"\(\frac{e^{-x}}{1+e^{-x}} = \frac{(1+e^{-x}) - 1}{1+e^{-x}} = 1 - \frac{1}{1+e^{-x}}\).",
            ),
            Step(
                product(sigmoid(x), 1 - sigmoid(x)),
                ko=r"두 인수를 다시 \(\sigma(x)\)로 씁니다. 도함수를 함숫값만으로 계산할 수 있습니다.",
                en=r"Write both factors with \(\sigma(x)\) again: the derivative needs only the function's value.",
            ),
            Step(
                product(sigmoid(x), sigmoid(-x)),
                ko=r"\(1 - \sigma(x) = \sigma(-x)\)입니다. 이 꼴은 \(x \gg 0\)에서 \(1 - \sigma(x)\)의 뺄셈으로 자릿수를 잃지 않습니다(아래 수치 검증 표 참고).",
                en=r"\(1 - \sigma(x) = \sigma(-x)\). For \(x \gg 0\) this form loses no digits to the subtraction \(1 - \sigma(x)\) (see the numeric checks below).",
            ),
        ),
    )
