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
}


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
