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
where its 10-point text is still about 10 px high), on white in both colour schemes, with ``alt``,
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
    "font.size": 10.5,
    "axes.labelsize": 10.5,
    "axes.titlesize": 10.5,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "legend.fontsize": 10,
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
            ko="{model}: 양성 재현율 {recall:.2f}, w = {w}, b = {b:.3f}",
            en="{model}: recall of the positives {recall:.2f}, w = {w}, b = {b:.3f}",
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
            ko="이동한 꼴의 최대 상대 오차: {err:.1e}",
            en="largest relative error of the shifted form: {err:.1e}",
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
