"""What a lab shows in its page's language, kept out of the cells a reader sees.

A lab is one notebook per language with the same cells, except the first code cell, tagged
``hide-input`` (mkdocs-jupyter drops its input; it prints nothing)::

    from lossdocs import lab

    t = lab.setup("ko", "why-logits")

`setup` sets what every lab needs but a reader need not see: the fonts (Latin and math from
DejaVu Sans, Hangul from NanumGothic, which koreanize-matplotlib installs), the figures' size, type
sizes, colours and layout (`STYLE`) and NumPy's error handling (the labs overflow on purpose; a
warning would print to stderr).  A cell shows a figure with ``lab.show(fig, alt)``: an SVG
`WIDTH` inches wide (as wide on the page at 100 % zoom, and scaled down with the column on a phone,
where its 11-point text is still about 10.5 px high (16 px at 100 % on a desktop,
the size of the body text)), on white in both colour schemes, with ``alt``,
a sentence in the page's language that says what the figure shows, as its alternative text.
`COLORS` gives each way of computing a loss one colour in every lab, on the accuracy page and in
the explorers: as written (sigmoid, then `BCELoss`), PyTorch's form, lossdocs.  It returns ``t``, the lab's
strings in that language: ``t("x")`` is a label, ``t("row", y=0.0, form=...)`` a sentence, filled
in with `str.format`.  Every string is a `Text` in `STRINGS`, Korean beside English, so both
languages say the same thing and the computation is one code for both (``tests/test_labs.py``
holds the two notebooks to the same cells and every string to the same fields in both languages).
"""

from __future__ import annotations

from lossdocs.derivation import Text, check_lang

WIDTH = 4.6
"""A figure's width in inches at 100 dpi: 460 px, within the content column at 1280 px (648 px) and
at 1920 px; on a 390 px phone (318 px) it is scaled by 0.69."""
COLORS = {"as_written": "#d55e00", "pytorch": "#0072b2", "ours": "#009e73"}
"""Okabe–Ito colours (told apart with every kind of colour blindness), the same in the explorers
(`lossdocs/explorers.py`) and on the accuracy page (`lossdocs.render.PLOT_COLORS`)."""
CYCLE = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000"]
STYLE = {
    "figure.figsize": (WIDTH, 2.9),
    "figure.dpi": 100,
    "figure.constrained_layout.use": True,  # no label cut off, at any size: no tight_layout() calls
    "font.size": 11.5,
    "axes.labelsize": 11.5,
    "axes.titlesize": 11.5,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "legend.fontsize": 11,
    "legend.framealpha": 0.9,
    "lines.linewidth": 1.6,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "svg.hashsalt": "lossdocs",  # the same SVG from the same figure: two builds give the same page
}

STRINGS: dict[str, dict[str, Text]] = {
    "why-logits": {
        "x": Text(ko="로짓 x", en="logit x"),
        "relerr": Text(ko="상대 오차", en="relative error"),
        "as_written": Text(ko="식 그대로: sigmoid + BCELoss", en="as written: sigmoid + BCELoss"),
        "pytorch": Text(ko="PyTorch의 꼴: BCEWithLogitsLoss", en="PyTorch's form: BCEWithLogitsLoss"),
        "ours": Text(ko="lossdocs.numeric", en="lossdocs.numeric"),
        "loss": Text(ko="손실", en="loss"),
        "grad": Text(ko="그래디언트", en="gradient"),
        "row": Text(
            ko="{quantity}, y = {y:g}, {form}\n    상대 오차 > 1e-3인 곳: {where}\n"
            "    최대 상대 오차 {rel}, 최대 절대 오차 {abs}",
            en="{quantity}, y = {y:g}, {form}\n    relative error > 1e-3: {where}\n"
            "    largest relative error {rel}, largest absolute error {abs}",
        ),
        "nowhere": Text(ko="없음", en="nowhere"),
        "below": Text(ko="x ≤ {x:g}", en="x ≤ {x:g}"),
        "above": Text(ko="x ≥ {x:g}", en="x ≥ {x:g}"),
        "both": Text(ko="x ≤ {left:g}, x ≥ {right:g}", en="x ≤ {left:g} and x ≥ {right:g}"),
        "figure": Text(
            ko="두 그래프: {quantity}의 상대 오차(로그 눈금)를 x = −50…50에서 y = 0(위)과 y = 1(아래)로 "
            "나누어 그렸습니다. 선은 식 그대로, PyTorch의 꼴, lossdocs.numeric이고, 점선은 상대 오차가 "
            "1e-3을 넘기 시작하는 곳입니다. 그 위치와 오차의 크기는 그림 아래에 출력합니다.",
            en="Two plots: the relative error (log scale) of the {quantity} over x = −50…50, for y = 0 (top) "
            "and y = 1 (bottom). The lines are as written, PyTorch's form and lossdocs.numeric; a dotted "
            "line marks where the relative error first exceeds 1e-3. Where, and how large, is printed below.",
        ),
        "checked": Text(
            ko="아래 결론의 네 가지 주장을 위 측정값으로 확인했습니다.",
            en="The four claims of the conclusion below hold for the measurements above.",
        ),
    },
    "class-imbalance": {
        "none": Text(ko="가중치 없음", en="unweighted"),
        "pos_weight": Text(ko="pos_weight", en="pos_weight"),
        "class_weight": Text(ko="클래스 가중치", en="class weight"),
        "epoch": Text(ko="반복", en="step"),
        "recall": Text(ko="양성 재현율", en="recall of the positives"),
        "neg": Text(ko="음성", en="negative"),
        "pos": Text(ko="양성", en="positive"),
        "ratio": Text(ko="음성 수 / 양성 수 = {ratio:g}", en="negatives / positives = {ratio:g}"),
        "model": Text(
            ko="{model}: 양성 재현율 {recall:.2f}, 양성으로 판정한 음성 {fp}개, w = {w}, b = {b:.3f}",
            en="{model}: recall of the positives {recall:.2f}, negatives predicted positive {fp}, "
            "w = {w}, b = {b:.3f}",
        ),
        "feature": Text(ko="특성 {k}", en="feature {k}"),
        "recall_alt": Text(
            ko="{steps}번 반복하는 동안 세 모델의 양성 재현율 그래프입니다. 마지막 값은 "
            "그림 위에 출력했습니다.",
            en="The recall of the positives of the three models over {steps} steps; the final values are "
            "printed above the figure.",
        ),
        "boundary_alt": Text(
            ko="샘플의 산점도(음성은 회색, 양성은 검은색)와 세 모델의 결정 경계(로짓이 0인 "
            "직선)입니다. 가중치를 준 두 경계가 가중치 없는 경계보다 음성 쪽에 있습니다.",
            en="Scatter plot of the samples (negatives grey, positives black) with each model's decision "
            "boundary (the line where the logit is 0); the two weighted boundaries lie further into the "
            "negatives than the unweighted one.",
        ),
        "factor": Text(
            ko="같은 로짓에서 클래스 가중치 그래디언트 = pos_weight 그래디언트 × {factor:.4f} (N / Σ w[y])",
            en="at the same logits, class-weight gradient = pos_weight gradient × {factor:.4f} (N / Σ w[y])",
        ),
    },
    "label-smoothing": {
        "eps": Text(ko="스무딩 계수 ε", en="smoothing ε"),
        "gap": Text(ko="최적 로짓 차이 z_t − z_j", en="optimal logit gap z_t − z_j"),
        "step": Text(ko="경사 하강 반복", en="gradient-descent step"),
        "margin": Text(ko="로짓 차이", en="logit gap"),
        "gradnorm": Text(ko="그래디언트 크기 |p − ỹ|", en="gradient size |p − ỹ|"),
        "optimal": Text(
            ko="ε = {eps}: 최적 로짓 차이 {gap:.3f}", en="ε = {eps}: optimal logit gap {gap:.3f}"
        ),
        "gap_alt": Text(
            ko="스무딩 계수 ε(로그 눈금, 1e-4…0.5)에 따른 최적 로짓 차이 그래프입니다(C = {C}). ε가 작을수록 "
            "차이가 커져 ε = 1e-4에서 {lo:.1f}, ε = 0.5에서 {hi:.2f}입니다.",
            en="The optimal logit gap against the smoothing ε (log scale, 1e-4 to 0.5), C = {C}: the smaller "
            "ε, the larger the gap, {lo:.1f} at ε = 1e-4 and {hi:.2f} at ε = 0.5.",
        ),
        "training_alt": Text(
            ko="경사 하강 {steps}번 동안의 두 그래프: 위는 로짓 차이, 아래는 그래디언트 크기(로그 눈금)이고, "
            "ε = 0, 0.05, 0.1, 0.2마다 선이 하나입니다. ε > 0이면 차이가 평평해지고 그래디언트가 0으로 "
            "떨어지며, ε = 0이면 차이가 계속 커집니다.",
            en="Two plots over {steps} gradient-descent steps: the logit gap (top) and the gradient size "
            "(bottom, log scale), one line for each of ε = 0, 0.05, 0.1, 0.2. With ε > 0 the gap levels off "
            "and the gradient falls towards 0; with ε = 0 the gap keeps growing.",
        ),
        "trained": Text(
            ko="ε = {eps}: {steps}번 반복한 뒤 로짓 차이 {gap:.3f}",
            en="ε = {eps}: logit gap after {steps} steps {gap:.3f}",
        ),
    },
    "softmax": {
        "margin": Text(ko="정답 로짓과 나머지의 차이(마진)", en="margin of the correct logit"),
        "relerr": Text(ko="상대 오차", en="relative error"),
        "naive": Text(ko="식 그대로: -log(softmax)", en="as written: -log(softmax)"),
        "shifted": Text(ko="이동한 log-sum-exp", en="shifted log-sum-exp"),
        "class": Text(ko="클래스", en="class"),
        "prob": Text(ko="확률", en="probability"),
        "temperature": Text(ko="온도 T = {T}", en="temperature T = {T}"),
        "softmax": Text(
            ko="z = {z}\n    식 그대로: {naive}\n    이동한 꼴: {shifted}",
            en="z = {z}\n    as written: {naive}\n    shifted: {shifted}",
        ),
        "first_error": Text(
            ko="식 그대로의 상대 오차가 1e-3을 넘는 첫 마진: {m:g}",
            en="first margin where the relative error as written exceeds 1e-3: {m:g}",
        ),
        "first_zero": Text(
            ko="식 그대로의 손실이 정확히 0이 되는 첫 마진: {m:g}",
            en="first margin where the loss as written is exactly 0: {m:g}",
        ),
        "shifted_error": Text(
            ko="이동한 꼴의 최대 상대 오차: {bound:.0e} 미만",
            en="largest relative error of the shifted form: below {bound:.0e}",
        ),
        "margin_alt": Text(
            ko="마진 0…60에 따른 손실의 상대 오차(로그 눈금) 그래프입니다. 식 그대로의 선은 마진 "
            "{error:g}에서 1e-3을 넘고 {zero:g}부터 1(손실이 0)에 머뭅니다. 이동한 꼴의 선은 "
            "점선으로 그린 2⁻⁵³ 근처에 머뭅니다.",
            en="Relative error of the loss (log scale) against the margin, 0 to 60. As written, it exceeds "
            "1e-3 at a margin of {error:g} and stays at 1 (a loss of 0) from {zero:g}; the shifted form "
            "stays near 2⁻⁵³, the dotted line.",
        ),
        "temperature_alt": Text(
            ko="로짓 {z}의 소프트맥스 확률을 온도 T = 0.5, 1, 2, 5에서 클래스마다 막대로 그렸습니다. T가 "
            "작을수록 확률이 가장 큰 클래스에 몰리고, 클수록 고르게 퍼집니다.",
            en="Bars of the softmax probabilities of the logits {z} per class at temperatures T = 0.5, 1, 2 "
            "and 5: the smaller T, the more the probability goes to the largest logit; the larger T, the "
            "more even the bars.",
        ),
    },
    "training": {
        "sizes": Text(
            ko="학습 세트: 클래스 0, 1, 2의 샘플 {train}개(N = {N})\n평가 세트: {test}개",
            en="training set: {train} samples of classes 0, 1, 2 (N = {N})\nheld-out set: {test}",
        ),
        "rates": Text(
            ko="η = {eta:g}(SGD), α = {alpha:g}, ε = {eps:g}(Adam), 학습 세트 전체로 {steps}번 반복",
            en="η = {eta:g} (SGD), α = {alpha:g} and ε = {eps:g} (Adam), {steps} full-batch steps",
        ),
        "gap": Text(
            ko="{run} 대 {of}: 가중치 차이의 최댓값 {gap}",
            en="{run} vs {of}: largest weight difference {gap}",
        ),
        "final_loss": Text(
            ko="{run}: 마지막 반복 뒤 평가 손실 {loss:.4f}",
            en="{run}: held-out loss after the last step {loss:.4f}",
        ),
        "first_step": Text(
            ko="Adam의 첫 반복(θ = 0에서): 모든 가중치가\n    mean이면 {mean_low:.6f}~{mean_high:.6f}, "
            "sum이면 {sum_low:.6f}~{sum_high:.6f}만큼 움직입니다",
            en="Adam's first step (from θ = 0): every weight moves\n    by {mean_low:.6f} to "
            "{mean_high:.6f} with mean, by {sum_low:.6f} to {sum_high:.6f} with sum",
        ),
        "sgd_mean": Text(ko="SGD, mean, η", en="SGD, mean, η"),
        "sgd_sum": Text(ko="SGD, sum, η/N", en="SGD, sum, η/N"),
        "adam_mean": Text(ko="Adam, mean, α", en="Adam, mean, α"),
        "adam_sum": Text(ko="Adam, sum, α", en="Adam, sum, α"),
        "adam_sum_eps": Text(ko="Adam, sum, α, ε·N", en="Adam, sum, α, ε·N"),
        "adam_sum_rule": Text(ko="Adam, sum, α/N", en="Adam, sum, α/N"),
        "test_loss": Text(ko="평가 손실", en="held-out loss"),
        "gap_axis": Text(ko="|θ(sum) − θ(mean)|의 최댓값", en="largest |θ(sum) − θ(mean)|"),
        "step": Text(ko="반복", en="step"),
        "reduction_alt": Text(
            ko="위아래 두 그림, 가로축은 반복 {steps}번입니다. 위: 각 실행의 평가 손실입니다. sum 실행은 "
            "짝인 mean 실행과 겹치지만, α/N인 Adam은 손실이 훨씬 느리게 줄어듭니다. 아래: sum 실행과 "
            "mean 실행의 가중치 차이의 최댓값을 로그 눈금으로 그렸습니다. η/N인 SGD와 ε·N인 Adam은 "
            "반올림 오차 수준이고, 같은 α와 ε인 Adam은 그보다 크지만 작으며, α/N인 Adam은 1 정도입니다.",
            en="Two panels over {steps} steps. Top: the held-out loss of each run; each run with sum "
            "lies on its run with mean, except Adam with α/N, whose loss falls much more slowly. "
            "Bottom: the largest difference between the weights of a run with sum and of its run with "
            "mean, on a log scale: at rounding level for SGD with η/N and for Adam with ε·N, above "
            "rounding but small for Adam with the same α and ε, of order 1 for Adam with α/N.",
        ),
        "weights": Text(
            ko="weight = {w}:\n    가중 평균의 분모는 N = {N}이 아니라 Σ w[y_n] = {total:g}입니다.\n"
            "    클래스 0, 1, 2의 샘플 하나가 가중치를 움직이는 크기는\n"
            "    가중치 없는 평균일 때의 {share}배입니다",
            en="weight = {w}:\n    the weighted mean divides by Σ w[y_n] = {total:g}, not by N = {N};\n"
            "    a sample of class 0, 1, 2 moves the weights {share} times\n"
            "    as far as with the unweighted mean",
        ),
        "none": Text(ko="기본", en="plain"),
        "weight": Text(ko="클래스 가중치", en="class weights"),
        "smoothing": Text(ko="레이블 스무딩", en="label smoothing"),
        "model": Text(
            ko="{model}, {opt}:\n"
            "    평가 손실 {loss:.3f}, 정확도 {accuracy:.3f}, 균형 정확도 {balanced:.3f}\n"
            "    클래스 0, 1, 2의 재현율: {recall}\n"
            "    평균 확신도 {confidence:.3f}, ECE {ece:.3f}, 클래스 2의 평균 확률 {p2:.3f}",
            en="{model}, {opt}:\n    held-out loss {loss:.3f}, accuracy {accuracy:.3f}, balanced accuracy "
            "{balanced:.3f}\n    recall of classes 0, 1, 2: {recall}\n    mean confidence "
            "{confidence:.3f}, ECE {ece:.3f}, mean probability of class 2 {p2:.3f}",
        ),
        "share2": Text(
            ko="평가 세트에서 클래스 2의 비율: {share:.3f}",
            en="share of class 2 in the held-out set: {share:.3f}",
        ),
        "accuracy": Text(ko="평가 정확도", en="held-out accuracy"),
        "recall2": Text(ko="클래스 2(소수)의 재현율", en="recall of class 2 (minority)"),
        "reliability": Text(ko="신뢰도 다이어그램(SGD)", en="reliability diagram (SGD)"),
        "diagonal": Text(ko="완벽한 보정", en="perfectly calibrated"),
        "bin_accuracy": Text(ko="구간의 정확도", en="accuracy in the bin"),
        "confidence": Text(ko="확신도(가장 큰 확률)", en="confidence (largest probability)"),
        "weights_alt": Text(
            ko="위아래 세 그림입니다. 기본, 클래스 가중치, 레이블 스무딩 모델을 SGD(실선)와 "
            "Adam(점선)으로 {steps}번 반복해 학습했습니다. 맨 위: 반복에 따른 평가 정확도. 가운데: 소수 "
            "클래스 2의 재현율. 클래스 가중치 모델은 정확도가 가장 낮고 클래스 2의 재현율이 가장 높으며, "
            "두 최적화 방법이 비슷한 값에 이릅니다. 맨 아래: SGD 모델의 신뢰도 다이어그램으로, 확신도 "
            "구간마다 평균 확신도와 정확도를 점으로 이었고 점선 대각선이 완벽한 보정입니다. 레이블 스무딩 "
            "모델의 점은 대각선 위에 있습니다. 실제 정확도보다 덜 확신한다는 뜻입니다.",
            en="Three panels, for the plain, class-weighted and label-smoothed models trained for "
            "{steps} steps with SGD (solid) and Adam (dashed). Top: held-out accuracy against the step. "
            "Middle: recall of the minority class 2. The class-weighted model has the lowest accuracy "
            "and the highest recall of class 2, and both optimizers end at similar values. Bottom: the "
            "reliability diagram of the SGD models, each confidence bin's mean confidence against its "
            "accuracy, with the dotted diagonal of perfect calibration; the label-smoothed model's "
            "points lie above it: it is less confident than it is accurate.",
        ),
        "checked": Text(
            ko="아래 결론의 주장을 모두 위 실행 결과로 확인했습니다.",
            en="Every claim of the conclusion below holds for the runs above.",
        ),
    },
    "float32": {
        "finfo": Text(
            ko="{dtype}: 가수 {bits}비트, ε = 2^-{n} ≈ {eps:.3g},\n"
            "    최댓값 {max:.3g}, x > {limit:.2f}이면 e^x가 오버플로합니다",
            en="{dtype}: {bits}-bit significand, ε = 2^-{n} ≈ {eps:.3g},\n"
            "    largest {max:.3g}, e^x overflows for x > {limit:.2f}",
        ),
        "ones": Text(
            ko="{dtype}: 정확한 σ(x)를 {dtype}로 반올림하면 x = {exact:.2f}부터 1이고,\n"
            "    {dtype}로 계산한 1/(1 + e^-x)는 x = {naive:.2f}부터 1입니다",
            en="{dtype}: the exact σ(x) rounded to {dtype} is 1 from x = {exact:.2f},\n"
            "    1/(1 + e^-x) computed in {dtype} is 1 from x = {naive:.2f}",
        ),
        "as_written": Text(ko="식 그대로", en="as written"),
        "pytorch": Text(ko="PyTorch의 꼴", en="PyTorch's form"),
        "ours": Text(ko="lossdocs.numeric", en="lossdocs.numeric"),
        "loss": Text(ko="손실", en="loss"),
        "grad": Text(ko="그래디언트", en="gradient"),
        "form": Text(ko="계산", en="form"),
        "table": Text(
            ko="BCE {quantity}: x가 아래 값 이하(x ≤)이거나 이상(x ≥)이면 상대 오차 > 1e-3\n"
            "(—: {low:g} ≤ x ≤ {high:g}에서 넘지 않음). ulp: 그 자료형의 ulp로 잰 최대 오차",
            en="BCE {quantity}: relative error > 1e-3 for x ≤ and x ≥ the values below\n"
            "(—: nowhere in {low:g} ≤ x ≤ {high:g}); ulp: the largest error, in ulp of the dtype",
        ),
        "x": Text(ko="로짓 x", en="logit x"),
        "relerr": Text(ko="상대 오차", en="relative error"),
        "figure_alt": Text(
            ko="로짓 x에 따른 {quantity}의 상대 오차입니다. 위는 y = 0, 아래는 y = 1이고, 식 그대로, "
            "PyTorch의 꼴, lossdocs.numeric을 float64는 실선, float32는 파선으로 그렸습니다. "
            "가로 점선은 1e-3입니다.",
            en="Relative error of the {quantity} against the logit x, for y = 0 (top) and y = 1 "
            "(bottom): as written, PyTorch's form and lossdocs.numeric, float64 solid and float32 "
            "dashed. The dotted line is 1e-3.",
        ),
        "ours_rounded": Text(
            ko="lossdocs.numeric의 float32 결과는 모든 x에서\n"
            "float64 결과를 float32로 한 번 반올림한 값입니다.",
            en="lossdocs.numeric's float32 result is, at every x,\n"
            "its float64 result rounded once to float32.",
        ),
        "ours_float32": Text(
            ko="lossdocs.numeric의 float32 결과가 float64 결과를\nfloat32로 반올림한 값과 다른 x가 있습니다.",
            en="At some x, lossdocs.numeric's float32 result is not\nits float64 result rounded to float32.",
        ),
        "from": Text(ko="m = {m:g}부터", en="from m = {m:g}"),
        "never": Text(ko="없음", en="never"),
        "softmax": Text(
            ko="{dtype}, 식 그대로의 -log softmax: 상대 오차 > 1e-3은 {error},\n"
            "    정확히 0은 {zero}, NaN은 {nan}\n"
            "    이동한 꼴(lossdocs.numeric.cross_entropy): 최대 오차 {ulp} ulp",
            en="{dtype}, -log softmax as written: relative error > 1e-3 {error},\n"
            "    exactly 0 {zero}, NaN {nan}\n"
            "    shifted (lossdocs.numeric.cross_entropy): largest error {ulp} ulp",
        ),
        "checked": Text(
            ko="아래 결론의 주장을 모두 위 측정값으로 확인했습니다.",
            en="Every claim of the conclusion below holds for the measurements above.",
        ),
    },
}


def columns(rows: list[list[str]]) -> str:
    """``rows`` of cells as text in columns, each as wide as its widest cell, two spaces apart; a row
    may be shorter than the others. Hangul belongs in the last column only: a browser draws a Hangul
    syllable in a monospace block neither one nor exactly two Latin letters wide."""
    widths = [max(len(row[i]) for row in rows if i < len(row)) for i in range(max(map(len, rows)))]
    lines = ("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)) for row in rows)
    return "\n".join(line.rstrip() for line in lines)


def setup(lang: str, name: str):
    """Set up a lab's kernel for ``lang`` and return ``t(key, **fields)``, the lab ``name``'s
    string ``key`` in that language, filled in with ``fields``."""
    import koreanize_matplotlib  # noqa: F401  (registers NanumGothic; imported again after a reset)
    import matplotlib.pyplot as plt
    import numpy as np
    from IPython import get_ipython

    check_lang(lang)
    strings = STRINGS[name]
    from cycler import cycler

    plt.rcParams["font.family"] = ["DejaVu Sans", "NanumGothic"]  # Latin and math from DejaVu
    plt.rcParams.update(STYLE)
    plt.rcParams["axes.prop_cycle"] = cycler(color=CYCLE)
    shell = get_ipython()
    if shell is not None:  # a kernel; not a plain interpreter (the tests call setup too)
        shell.run_line_magic("config", 'InlineBackend.print_figure_kwargs = {"bbox_inches": None}')
    np.seterr(all="ignore")

    def t(key: str, **fields) -> str:
        return strings[key](lang).format(**fields)

    return t


def figure_html(fig, alt: str) -> str:
    """``fig`` as an ``<img>`` of an SVG (in a data URL) with ``alt`` as its alternative text."""
    import base64
    import html
    import io

    if not alt.strip():
        raise ValueError("lab.show: alt must say what the figure shows, in the page's language")
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None}, facecolor="white")
    width, height = fig.get_size_inches() * fig.dpi
    data = base64.b64encode(buffer.getvalue().encode()).decode()
    return (
        f'<img class="lossdocs-figure" src="data:image/svg+xml;base64,{data}" '
        f'width="{width:.0f}" height="{height:.0f}" alt="{html.escape(alt)}">'
    )


def show(fig, alt: str) -> None:
    """Show ``fig`` in the notebook (`figure_html`) and close it, so the inline backend does not
    show it a second time, without alternative text."""
    import matplotlib.pyplot as plt
    from IPython.display import display

    display({"text/html": figure_html(fig, alt), "text/plain": alt}, raw=True)
    plt.close(fig)
