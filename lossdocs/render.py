"""Derivations and their numeric checks as LaTeX, Markdown and plain text, in Korean or English.

Everything rendered has been verified first: ``verify`` is cached, so this costs
nothing after the first time.
"""

from __future__ import annotations

import html
import json
import math
import re

import mpmath
import sympy as sp

from lossdocs.derivation import Derivation, Text, check_lang
from lossdocs.numeric_checks import SHOWN_DIGITS, NumericChecks, representative
from lossdocs.verify import StepCheck, verify

CHECK_LABELS = {
    "symbolic": Text(ko="기호 연산으로 검증", en="checked symbolically"),
    "definition": Text(ko="정의, 대입하여 검증", en="definition, checked by substitution"),
    # Not a proof: the step was tested at sample points (lossdocs.verify, kind "numeric").
    "numeric": Text(ko="{points}개 점에서 시험(mpmath)", en="tested at {points} points (mpmath)"),
}
DERIVATION = Text(ko="유도", en="Derivation")
SIGNATURE = Text(ko="`lambdify()`의 매개변수: `({names})`", en="Parameters of `lambdify()`: `({names})`")
NUMERIC_CHECKS = Text(ko="수치 검증", en="Numeric checks")
ALL_ROWS = Text(
    ko="전체 {count}개 행 보기(위 표는 양 끝 값, 평범한 값, 오차가 가장 큰 행)",
    en="All {count} rows (above: the extremes, ordinary values and the largest error)",
)
TABLE_HEAD = {
    "exact": Text(ko="정확한 값<br>(mpmath)", en="exact<br>(mpmath)"),
    "float64": Text(ko="float64<br>(NumPy)", en="float64<br>(NumPy)"),
    "numeric": Text(ko="float64<br>(lossdocs.numeric)", en="float64<br>(lossdocs.numeric)"),
    "ulp": Text(ko="오차<br>(ulp)", en="error<br>(ulp)"),
    "difference": Text(ko="중앙 차분과<br>일치한 자릿수", en="digits agreeing<br>with central<br>difference"),
}
EXACT_NOTE = Text(
    ko="정확한 값은 mpmath로 400자리까지 계산한 값의 앞 20자리입니다.",
    en="Exact values are computed with mpmath to 400 digits; 20 significant digits are shown.",
)
FLOAT_NOTE = Text(
    ko="float64 값은 위 유도의 마지막 식을 NumPy로 계산한 것이고,",
    en="The float64 value is the derivation's last expression evaluated by NumPy;",
)
COUNTERPART_NOTE = Text(
    ko="float64 값은 이 유도를 계산하는 `lossdocs.numeric.{function}`의 반환값이고,",
    en="The float64 value is what `lossdocs.numeric.{function}`, which computes this derivation, returns;",
)
ULP_NOTE = Text(
    ko="오차는 정확한 값의 마지막 자리 단위(ulp)로 잽니다.",
    en="the error is measured in units in the last place (ulp) of the exact value.",
)
GRADIENT_NOTE = Text(
    ko="마지막 열은 유도의 출발점인 함수를 mpmath로 수치 미분(중앙 차분)한 값이 정확한 값과 유효 숫자 몇 "
    "자리까지 같은지 보여 줍니다(50이 최대). 기호로 구한 도함수와 독립된 확인입니다.",
    en="The last column shows to how many significant digits (at most 50) mpmath's numerical derivative "
    "(central difference) of the starting function agrees with the exact value: a check independent of "
    "the symbolic derivative.",
)


def check_label(check: StepCheck, lang: str = "en") -> str:
    """How a step was checked, as its label on a page: "checked symbolically", "tested at 588 points", …"""
    return CHECK_LABELS[check.kind](lang).format(points=check.points)


STACKED = 40
"""A start whose LaTeX is longer than this gets a line of its own: aligned after it, every step began where
it ended, off the right of a phone, and of the desktop column for the longest (the reader saw one line)."""


def _chain(derivation: Derivation, notes: list[str]) -> str:
    start = sp.latex(derivation.start)
    stacked = len(start) > STACKED
    lines = [f"& {start}"] if stacked else []
    lines += [
        ("" if stacked or n else start) + rf" &= {sp.latex(step.expr)} && {note}"
        for n, (step, note) in enumerate(zip(derivation.steps, notes, strict=True))
    ]
    return "\\begin{aligned}\n" + " \\\\\n".join(lines) + "\n\\end{aligned}"


# Each character that TeX reads as a command outside math mode, as TeX text.
_TEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "%": r"\%",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    "−": r"\textminus{}",
}
_INLINE = re.compile(r"(\\\(.*?\\\)|`[^`]*`)", re.DOTALL)


def tex_escape(text: str) -> str:
    r"""``text`` as TeX text: every special character escaped (``50%`` → ``50\%``)."""
    return "".join(_TEX_SPECIALS.get(c, c) for c in text)


def tex_text(text: str) -> str:
    r"""A title or reason (Markdown with inline math) as TeX text: inline math ``\(…\)`` kept as it is,
    a code span as ``\texttt{…}``, the rest escaped (`tex_escape`).

    ```pycon
    >>> from lossdocs.render import tex_text
    >>> print(tex_text(r"`pos_weight` & 50% of \(p_w\)"))
    \texttt{pos\_weight} \& 50\% of \(p_w\)
    ```
    """
    parts = []
    for n, part in enumerate(_INLINE.split(text)):
        if n % 2 == 0:
            parts.append(tex_escape(part))
        elif part.startswith("`"):
            parts.append(rf"\texttt{{{tex_escape(part[1:-1])}}}")
        else:
            parts.append(part)
    return "".join(parts)


def latex(derivation: Derivation, lang: str = "en") -> str:
    """The chain of equalities as an ``aligned`` environment, each line with its reason as TeX text
    (`tex_text`)."""
    check_lang(lang)
    verify(derivation)
    return _chain(derivation, [rf"\text{{{tex_text(step.why(lang))}}}" for step in derivation.steps])


def _numbered(derivation: Derivation, lang: str, how) -> str:
    """The title, the chain as display math with numbered lines and the numbered reasons, each followed
    by ``how(step, check)``: how it was checked (the site's and a notebook's Markdown)."""
    check_lang(lang)
    checks = verify(derivation)
    steps = derivation.steps
    math_ = _chain(derivation, [rf"\text{{({n})}}" for n in range(1, len(steps) + 1)])
    reasons = "\n".join(
        f"{n}. {step.why(lang)} {how(step, check)}"
        for n, (step, check) in enumerate(zip(steps, checks, strict=True), 1)
    )
    title = f"**{DERIVATION(lang)}: {derivation.title(lang)}** · `{derivation.id}`"
    return f"{title}\n\n$$\n{math_}\n$$\n\n{reasons}\n\n{signature(derivation, lang)}\n"


def signature(derivation: Derivation, lang: str = "en") -> str:
    """The line naming the parameters of `Derivation.lambdify`, in order, e.g. "Parameters of
    `lambdify()`: `(x, y)`"."""
    from lossdocs.numeric_checks import parameters

    return SIGNATURE(lang).format(names=", ".join(map(str, parameters(derivation))))


def markdown(derivation: Derivation, lang: str = "en") -> str:
    """Display math with numbered lines, followed by the numbered reasons and how each was checked."""
    body = _numbered(
        derivation,
        lang,
        lambda step, check: (
            f'<span class="lossdocs-check lossdocs-check--{step.check}" title="{check.method}">'
            f"{check_label(check, lang)}</span>"
        ),
    )
    return f'<div class="lossdocs-derivation" markdown>\n\n{body}\n</div>\n'


def text(derivation: Derivation, lang: str = "en") -> str:
    """Plain text for a terminal: the start, then one line per step with its reason and check."""
    check_lang(lang)
    checks = verify(derivation)
    lines = [f"{derivation.id}: {derivation.title(lang)}", f"    {derivation.start}"]
    for n, (step, check) in enumerate(zip(derivation.steps, checks, strict=True), 1):
        lines += [
            f"({n}) = {step.expr}",
            f"      {step.why(lang)} [{check_label(check, lang)}: {check.method}]",
        ]
    return "\n".join([*lines, signature(derivation, lang)])


def format_ulp(ulp: float) -> str:
    if math.isnan(ulp):
        return "—"
    if math.isinf(ulp):
        return "∞"
    return f"{ulp:.2f}" if ulp < 100 else f"{ulp:.1e}"


def _shown(value: str | None) -> str:
    if value is None:
        return "—"
    with mpmath.workdps(SHOWN_DIGITS + 10):
        return mpmath.nstr(mpmath.mpf(value), 20, min_fixed=-4, max_fixed=6)


def agreeing_digits(a: str | None, b: str | None) -> int:
    """How many significant digits (of the 50 stored) two values share; 0 when either is missing."""
    if a is None or b is None:
        return 0
    with mpmath.workdps(60):
        x, y = mpmath.mpf(a), mpmath.mpf(b)
        if x == y:
            return SHOWN_DIGITS
        scale = max(abs(x), abs(y))
        return max(0, min(SHOWN_DIGITS, int(mpmath.floor(-mpmath.log10(abs(x - y) / scale)))))


def _table(checks: NumericChecks, lang: str, symbols: list[str], newline: str) -> tuple[str, list[str]]:
    """The head (with its rule line) and the rows of a numeric-check table; ``newline`` breaks a head cell."""
    check_lang(lang)
    kinds = ["exact", "numeric" if checks.computed_by else "float64", "ulp"] + [
        "difference"
    ] * checks.gradient
    head = symbols + [TABLE_HEAD[k](lang).replace("<br>", newline) for k in kinds]
    rows = []
    for row in checks.rows:
        cells = [repr(value) for _, value in row.inputs]
        cells += [_shown(row.exact), repr(row.float64), format_ulp(row.ulp)]
        if checks.gradient:
            cells.append(str(agreeing_digits(row.exact, row.central_difference)))
        rows.append("| " + " | ".join(cells) + " |")
    return f"| {' | '.join(head)} |\n|{'---|' * len(head)}", rows


def numeric_table(checks: NumericChecks, lang: str = "en") -> str:
    """The numeric checks as a Markdown table of representative rows (`numeric_checks.representative`),
    the whole table in a collapsed block below it when there are more, and a short note, in ``lang``."""
    head, rows = _table(checks, lang, [f"\\({s}\\)" for s in checks.symbols], "<br>")
    header = f"{head}\n"
    shown = representative(checks)
    table = header + "\n".join(rows[i] for i in shown)
    if len(shown) < len(rows):
        table += (
            f"\n\n<details markdown>\n<summary>{ALL_ROWS(lang).format(count=len(rows))}</summary>\n\n"
            + header
            + "\n".join(rows)
            + "\n\n</details>"
        )
    floats = (
        COUNTERPART_NOTE(lang).format(function=checks.computed_by) if checks.computed_by else FLOAT_NOTE(lang)
    )
    note = " ".join(
        [EXACT_NOTE(lang), floats, ULP_NOTE(lang), *([GRADIENT_NOTE(lang)] if checks.gradient else [])]
    )
    return (
        f'<div class="lossdocs-numeric" markdown>\n\n'
        f"**{NUMERIC_CHECKS(lang)}** · `{checks.derivation_id}`\n\n{table}\n\n{note}\n\n</div>\n"
    )


ACCURACY_HEAD = Text(ko="함수", en="function")
ABSOLUTE = Text(ko="절대 오차 {error}", en="absolute error {error}")
LARGE_ULP = 100  # from here on a count of ulp is shown with the absolute error beside it
ACCURACY_NOTE = Text(
    ko="lossdocs 열은 이 사이트를 빌드할 때 측정했습니다(NumPy {numpy}, SIMD 기능 {simd}). torch 열은 "
    "`benchmarks/accuracy_data.py`가 torch {torch}(CPU 커널 {capability})로 한 번 측정해 "
    "`lossdocs/torch_accuracy.json`에 저장한 값입니다.",
    en="The lossdocs columns were measured when this site was built (NumPy {numpy}, SIMD features {simd}). "
    "The torch columns were measured once by `benchmarks/accuracy_data.py` with torch {torch} (CPU kernels "
    "{capability}) and are stored in `lossdocs/torch_accuracy.json`.",
)


def accuracy(what: str, lang: str = "en") -> str:
    """The accuracy pages' ``table`` (:func:`accuracy_table`) or ``plot NAME`` (:func:`accuracy_plot` of
    lossdocs, torch and the naive formula along `lossdocs.accuracy.PLOTS` ``NAME``), measured here."""
    from lossdocs import accuracy as measured_here

    check_lang(lang)
    measured, torch = measured_here.measure(), measured_here.torch_measured()
    if what == "table":
        return accuracy_table(measured, torch, lang)
    if what == "crossings":
        return accuracy_crossings(measured, lang)
    kind, _, name = what.partition(" ")
    if kind != "plot" or name not in measured_here.PLOTS:
        raise LookupError(
            f"no accuracy {what!r}: expected 'table', 'crossings' or 'plot NAME', NAME one of "
            f"{list(measured_here.PLOTS)}"
        )
    ours = next(plot for plot in measured["plots"] if plot["name"] == name)
    theirs = next(plot for plot in torch["plots"] if plot["name"] == name)
    errors = {
        "naive": ours["naive"],
        "torch": theirs["torch"],
        "lossdocs": ours["lossdocs"],
    }  # lossdocs on top
    return accuracy_plot(ours["x"], errors, measured_here.PLOTS[name][0](lang), lang)


def accuracy_table(measured: dict, torch: dict, lang: str = "en") -> str:
    """The largest error (ulp) of every function and dtype, lossdocs (``measured``, from
    `lossdocs.accuracy.measure`) beside torch, with the absolute error beside a large count of ulp;
    † where torch gives NaN or ±inf at an infinite input."""
    check_lang(lang)
    ours = {(row["function"], row["dtype"]): row["lossdocs"] for row in measured["table"]}
    theirs = {(row["function"], row["dtype"]): row for row in torch["table"]}
    version = torch["torch"]
    lines = [
        f"| {ACCURACY_HEAD(lang)} | float32 lossdocs | float32 torch {version} | float64 lossdocs "
        f"| float64 torch {version} |",
        "|---|---:|---:|---:|---:|",
    ]
    for name in dict.fromkeys(function for function, _ in ours):
        cells = [f"`{name}`"]
        for dtype in ("float32", "float64"):
            cell = theirs[(name, dtype)]
            mark = " †" if cell["torch_nonfinite_inputs_nan"] else ""
            theirs_ulp = f"{cell['torch_finite']:.3g}"
            if cell["torch_finite"] >= LARGE_ULP:  # a tiny exact value has a tiny ulp: say how far off it is
                absolute = f"{cell['torch_finite_absolute']:.1e}"
                theirs_ulp += f" ({ABSOLUTE(lang).format(error=absolute)})"
            cells += [f"{ours[(name, dtype)]:.2f}", theirs_ulp + mark]
        lines.append("| " + " | ".join(cells) + " |")
    note = ACCURACY_NOTE(lang).format(
        numpy=measured["numpy"],
        simd=", ".join(measured["simd"]),
        torch=version,
        capability=torch["cpu_capability"],
    )
    return _whole_code("\n".join(lines)) + f"\n\n{note}\n"


def _whole_code(table: str) -> str:
    """A table of function names that stay whole (never ``binary_cr / oss_entropy``): on a phone it scrolls
    in its own box instead (the stylesheet's ``lossdocs-whole-code``)."""
    return f'<div class="lossdocs-whole-code" markdown>\n\n{table}\n\n</div>'


CROSSING_HEAD = Text(ko="그래디언트 · 정답", en="gradient · target")
CROSSING_POINTS = Text(ko="입력 수", en="inputs")
CROSSING_CASES = {
    "bce-soft": Text(
        ko="`binary_cross_entropy_with_logits_grad` · 0 < y < 1",
        en="`binary_cross_entropy_with_logits_grad` · 0 < y < 1",
    ),
    "bce-pos-weight": Text(
        ko="`binary_cross_entropy_with_logits_grad` · 0 < y < 1, `pos_weight`",
        en="`binary_cross_entropy_with_logits_grad` · 0 < y < 1, `pos_weight`",
    ),
    "ce-soft": Text(ko="`cross_entropy_grad` · 확률 정답", en="`cross_entropy_grad` · probability targets"),
    "ce-smoothing": Text(
        ko="`cross_entropy_grad` · 클래스 인덱스, `label_smoothing`",
        en="`cross_entropy_grad` · class indices, `label_smoothing`",
    ),
}
CROSSING_NOTE = Text(
    ko="영점 근처 격자(`lossdocs/crossings.py`)에서 잰 최대 오차(ulp)입니다. "
    "이 사이트를 빌드할 때 측정했습니다.",
    en="Maximum error (ulp) on the grids around the zero crossings (`lossdocs/crossings.py`), measured when "
    "this site was built.",
)


def accuracy_crossings(measured: dict, lang: str = "en") -> str:
    """The largest error (ulp of the exact value) of the gradients near their zero crossings, per case and
    dtype, from `lossdocs.accuracy.measure`."""
    check_lang(lang)
    cells = {(row["case"], row["dtype"]): row for row in measured["crossings"]}
    lines = [
        f"| {CROSSING_HEAD(lang)} | {CROSSING_POINTS(lang)} | float32 lossdocs | float64 lossdocs |",
        "|---|---:|---:|---:|",
    ]
    for case in dict.fromkeys(case for case, _ in cells):
        f32, f64 = cells[(case, "float32")], cells[(case, "float64")]
        points = f32["points"] + f64["points"]
        lines.append(
            f"| {CROSSING_CASES[case](lang)} | {points} | {f32['lossdocs']:.2f} | {f64['lossdocs']:.2f} |"
        )
    return _whole_code("\n".join(lines)) + f"\n\n{CROSSING_NOTE(lang)}\n"


PLOT_COLORS = {"naive": "#d55e00", "torch": "#0072b2", "lossdocs": "#009e73"}
"""The labs' and explorers' colours (`lossdocs.lab.COLORS`): the formula as written, PyTorch, lossdocs."""
PLOT_NAMES = {
    "naive": Text(ko="식 그대로", en="as written"),
    "torch": Text(ko="PyTorch", en="PyTorch"),
    "lossdocs": Text(ko="lossdocs", en="lossdocs"),
}
PLOT_AXES = Text(ko="로짓 x|오차(ulp, 로그 눈금)", en="logit x|error (ulp, log scale)")


def accuracy_plot(x, errors: dict, alt: str, lang: str = "en") -> str:
    """An ``<img>`` of a log-scale line plot of ulp error against ``x`` (an SVG in a data URL), its
    legend and axes in ``lang``."""
    import base64
    import html

    svg = svg_plot(
        x, {name: [math.inf if e is None else e for e in values] for name, values in errors.items()}, lang
    )
    data = base64.b64encode(svg.encode()).decode()
    return (
        f'<img class="lossdocs-figure" src="data:image/svg+xml;base64,{data}" alt="{html.escape(alt)}" '
        'width="460" height="300">'
    )


def svg_plot(x, errors: dict, lang: str = "en", width: int = 460, height: int = 300) -> str:
    """A log-scale line plot of ulp error against x, as plain SVG text (on white, for dark pages too),
    sized like the labs' figures (`lossdocs.lab.WIDTH`): 14 px text, about 10 px on a phone."""
    check_lang(lang)
    left, right, top, bottom = 62, 10, 34, 40
    lo_y, hi_y = -2.0, 17.0  # 10^-2 … 10^17 ulp; smaller errors are drawn at the floor
    lo_x, hi_x = min(x), max(x)
    x_label, y_label = PLOT_AXES(lang).split("|")

    def px(v):
        return left + (v - lo_x) / (hi_x - lo_x) * (width - left - right)

    def py(e):
        e = math.log10(min(max(e if math.isfinite(e) else 10.0**hi_y, 10.0**lo_y), 10.0**hi_y))
        return top + (hi_y - e) / (hi_y - lo_y) * (height - top - bottom)

    def dash(name):
        return ' stroke-dasharray="5,3"' if name == "naive" else ""

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="14">',
        f'<rect width="{width}" height="{height}" fill="#fff"/>',
        f'<rect x="{left}" y="{top}" width="{width - left - right}" height="{height - top - bottom}" '
        'fill="none" stroke="#888"/>',
    ]
    for d in range(-2, 18, 3):
        y = py(10.0**d)
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{left - 4}" y="{y + 5:.1f}" text-anchor="end">1e{d}</text>')
    for i in range(5):
        v = lo_x + i * (hi_x - lo_x) / 4
        anchor = "start" if i == 0 else "end" if i == 4 else "middle"
        parts.append(f'<text x="{px(v):.1f}" y="{height - bottom + 17}" text-anchor="{anchor}">{v:g}</text>')
    center = (left + width - right) / 2
    parts.append(f'<text x="{center}" y="{height - 4}" text-anchor="middle">{x_label}</text>')
    middle = (top + height - bottom) / 2
    parts.append(
        f'<text transform="translate(14 {middle}) rotate(-90)" text-anchor="middle">{y_label}</text>'
    )
    for name, e in errors.items():
        points = " ".join(f"{px(a):.1f},{py(b):.1f}" for a, b in zip(x, e, strict=True))
        parts.append(
            f'<polyline fill="none" stroke="{PLOT_COLORS[name]}" stroke-width="1.8"{dash(name)} '
            f'points="{points}"/>'
        )
    spot = left
    for name in errors:  # the legend, one row above the plot
        parts.append(
            f'<line x1="{spot}" x2="{spot + 22}" y1="15" y2="15" stroke="{PLOT_COLORS[name]}" '
            f'stroke-width="2.4"{dash(name)}/>'
        )
        label = PLOT_NAMES[name](lang)
        parts.append(f'<text x="{spot + 27}" y="20">{label}</text>')
        spot += 27 + 9 * len(label) + (6 * len(label) if lang == "ko" and not label.isascii() else 0) + 18
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


BENCHMARK_HEAD = {
    "n": Text(ko="원소 수 \\(N\\)", en="elements \\(N\\)"),
    "loss": Text(ko="손실", en="loss"),
    "time": Text(ko="시간(ms)", en="time (ms)"),
    "saved": Text(ko="역전파까지 남는 메모리", en="kept for backward"),
    "peak": Text(ko="최대 메모리", en="peak memory"),
}
BENCHMARK_LOSS = {"sigmoid+BCELoss": "`Sigmoid` + `BCELoss`", "BCEWithLogitsLoss": "`BCEWithLogitsLoss`"}
BENCHMARK_NOTE = Text(
    ko="`benchmarks/fused_loss.py`가 torch {torch}(CPU 커널 {cpu_capability}), {processor}({machine}), "
    "`torch.set_num_threads({threads})`로 {date}에 측정해 `lossdocs/fused_loss.json`에 저장한 값입니다. "
    "시간은 길이 \\(N\\)인 {dtype} 로짓과 소프트 정답으로 순전파와 역전파를 한 번 하는 CPU 시간이고, "
    "{repeats}번 잰 값의 중앙값입니다. 역전파까지 남는 메모리는 autograd가 역전파를 위해 저장한 텐서에서 "
    "로짓과 정답을 뺀 바이트 수입니다(`saved_tensors_hooks`). 최대 메모리는 한 번의 순전파와 역전파 동안 "
    "torch의 CPU 할당자가 더 잡은 바이트의 최댓값이고(프로파일러의 메모리 이벤트), `x.grad`도 들어갑니다.",
    en="Measured by `benchmarks/fused_loss.py` with torch {torch} (CPU kernels {cpu_capability}) on "
    "{processor} ({machine}), with `torch.set_num_threads({threads})`, on {date}, and stored in "
    "`lossdocs/fused_loss.json`. The time is the CPU time of one forward and backward pass on {dtype} logits "
    "of length \\(N\\) with soft targets, the median of {repeats} runs. Kept for backward: the bytes of the "
    "tensors autograd saves for the backward pass, leaving out the logits and the targets "
    "(`saved_tensors_hooks`). Peak memory: the most bytes torch's CPU allocator held beyond the start during "
    "one forward and backward pass (the profiler's memory events), `x.grad` included.",
)


def format_ms(ms: float) -> str:
    """Three significant digits, without an exponent: 0.0123, 9.38, 439, 1,235."""
    return f"{ms:,.0f}" if ms >= 100 else f"{ms:.3g}"


def format_bytes(count: int) -> str:
    """Decimal units with three significant digits: 0 B, 40 kB, 16 MB."""
    for unit, size in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if count >= size:
            return f"{count / size:.3g} {unit}"
    return f"{count} B"


def benchmark(name: str, lang: str = "en") -> str:
    """A ``benchmark`` block: ``fused-loss`` is :func:`fused_loss_table` of the stored measurement."""
    from lossdocs import fused_loss

    check_lang(lang)
    if name != "fused-loss":
        raise LookupError(f"no benchmark {name!r}: expected 'fused-loss'")
    return fused_loss_table(fused_loss.measured(), lang)


def fused_loss_table(data: dict, lang: str = "en") -> str:
    """Time and memory of ``Sigmoid`` + ``BCELoss`` and ``BCEWithLogitsLoss`` per size (``data`` as
    `lossdocs.fused_loss` describes it), with a note saying what was measured, on what."""
    from lossdocs.fused_loss import LOSSES

    check_lang(lang)
    head = [BENCHMARK_HEAD[key](lang) for key in ("n", "loss", "time", "saved", "peak")]
    lines = [f"| {' | '.join(head)} |", "|---:|---|---:|---:|---:|"]
    for row in sorted(data["rows"], key=lambda row: (row["n"], LOSSES.index(row["loss"]))):
        cells = [
            f"{row['n']:,}",
            BENCHMARK_LOSS[row["loss"]],
            format_ms(row["median_ms"]),
            format_bytes(row["saved_bytes"]),
            format_bytes(row["peak_bytes"]),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    fields = ("torch", "cpu_capability", "processor", "machine", "threads", "date", "dtype", "repeats")
    note = BENCHMARK_NOTE(lang).format(**{key: data[key] for key in fields})
    return "\n".join(lines) + f"\n\n{note}\n"


GLOSSARY_HEAD = {
    "ko": Text(ko="한국어", en="Korean"),
    "en": Text(ko="영어", en="English"),
    "note": Text(ko="비고", en="Note"),
}


def glossary_table(terms, lang: str = "en") -> str:
    """The glossary (`lossdocs.glossary.Term` rows) as a Markdown table in ``lang``: its words first,
    then the other language's, then the note; sorted by the first column."""
    check_lang(lang)
    other = "en" if lang == "ko" else "ko"
    cells = {
        "ko": lambda term: (term.korean, term.english, term.note_ko),
        "en": lambda term: (term.english, term.korean, term.note),
    }[lang]
    rows = sorted((cells(term) for term in terms), key=lambda row: row[0].replace("`", "").casefold())
    head = [GLOSSARY_HEAD[lang](lang), GLOSSARY_HEAD[other](lang), GLOSSARY_HEAD["note"](lang)]
    lines = ["| " + " | ".join(head) + " |", "|---|---|---|"]
    lines += ["| " + " | ".join(row).rstrip() + " |" for row in rows]
    return "\n".join(lines) + "\n"


def notebook_markdown(derivation: Derivation, lang: str = "en") -> str:
    """A derivation as a notebook shows it (`Derivation._repr_markdown_`): plain Markdown, no site markup."""
    return _numbered(derivation, lang, lambda _, check: f"*({check_label(check, lang)}: {check.method})*")


def as_json(derivation: Derivation, lang: str = "en") -> dict:
    """A verified derivation as data for another program (``python -m lossdocs show ID --format json``):
    its expressions as SymPy text (``sympy.sympify(text, locals=vars(lossdocs.functions))`` reads
    them back) and LaTeX, each step's reason in
    ``lang`` and how it was checked, and the parameters of `Derivation.lambdify`, in order."""
    from lossdocs.numeric_checks import parameters

    check_lang(lang)
    checks = verify(derivation)
    return {
        "id": derivation.id,
        "title": derivation.title(lang),
        "start": {
            "sympy": sp.srepr(derivation.start),
            "text": str(derivation.start),
            "latex": sp.latex(derivation.start),
        },
        "steps": [
            {
                "sympy": sp.srepr(step.expr),
                "text": str(step.expr),
                "latex": sp.latex(step.expr),
                "reason": step.why(lang),
                "check": step.check,
                "method": check.method,
            }
            for step, check in zip(derivation.steps, checks, strict=True)
        ],
        "assumptions": derivation.assumptions,
        "parameters": [str(symbol) for symbol in parameters(derivation)],
    }


def checks_markdown(checks: NumericChecks, lang: str = "en") -> str:
    """Every row of the numeric checks as a plain Markdown table (`NumericChecks.to_markdown`)."""
    head, rows = _table(checks, lang, list(checks.symbols), " ")
    return f"**{NUMERIC_CHECKS(lang)}** · `{checks.derivation_id}`\n\n{head}\n" + "\n".join(rows) + "\n"


EXPORT_FORMATS = ("tex", "ipynb", "md")
ASSUMPTIONS = Text(ko="가정", en="Assumptions")
STEP = Text(ko="단계 {n}", en="Step {n}")
START = Text(ko="출발점", en="Start")
GENERATED = Text(
    ko="`python -m lossdocs export {id} --format {format} --lang ko`로 만들었습니다(lossdocs {version}).",
    en="Generated by `python -m lossdocs export {id} --format {format} --lang en` (lossdocs {version}).",
)
NOTEBOOK_INTRO = Text(
    ko="이 노트북은 유도 `{id}`를 다시 만들고 모든 단계를 검증합니다.",
    en="This notebook rebuilds the derivation `{id}` and verifies every step.",
)
NOTEBOOK_CELLS = {
    "verify": Text(
        ko="`verify()`는 모든 단계를 검증하고 유도를 돌려줍니다. 실패하면 `DerivationError`가 납니다.",
        en="`verify()` checks every step and returns the derivation; a failing step raises "
        "`DerivationError`.",
    ),
    "steps": Text(ko="단계마다 식과 검증 방법입니다.", en="Each step's expression and how it is checked."),
    "lambdify": Text(
        ko="`lambdify()`는 결과를 NumPy 함수로 만듭니다. 인자는 이름으로도 넘길 수 있습니다.",
        en="`lambdify()` turns the result into a NumPy function; arguments may be passed by name.",
    ),
    "checks": Text(
        ko="수치 검증: mpmath의 정확한 값과 float64 값, 오차(ulp)입니다.",
        en="The numeric checks: mpmath's exact value, the float64 value and the error in ulp.",
    ),
}


def export(derivation: Derivation, format: str, lang: str = "en") -> str:  # noqa: A002 - the CLI's name
    """The verified derivation as a file's text (``python -m lossdocs export``): ``"tex"`` a standalone
    LaTeX document (`tex_document`), ``"ipynb"`` a notebook that rebuilds and verifies it (`notebook`),
    ``"md"`` plain Markdown (`notebook_markdown`)."""
    check_lang(lang)
    writers = {"tex": tex_document, "ipynb": notebook, "md": notebook_markdown}
    if format not in writers:
        raise ValueError(f"export: format={format!r}: expected one of {', '.join(map(repr, EXPORT_FORMATS))}")
    return writers[format](derivation, lang)


def tex_document(derivation: Derivation, lang: str = "en") -> str:
    """A standalone LaTeX document (``article``, amsmath; Korean through kotex, so pdfLaTeX compiles
    either language): the title, the assumptions, the start and each step as display math with its
    reason and how it was checked, and the parameters of `Derivation.lambdify`."""
    from lossdocs import __version__

    check_lang(lang)
    checks = verify(derivation)
    generated = GENERATED(lang).format(version=__version__, id=derivation.id, format="tex")
    assumed = [
        rf"  \item \({sp.latex(sp.Symbol(name))}\): \texttt{{{tex_escape(domain)}}}"
        for name, domain in derivation.assumptions.items()
    ]
    lines = [
        rf"% {generated.replace('`', '')}",
        r"\documentclass{article}",
        r"\usepackage{amsmath}",
        *([r"\usepackage{kotex}"] if lang == "ko" else []),
        rf"\title{{{tex_text(derivation.title(lang))}}}",
        r"\author{}",
        r"\date{}",
        r"\begin{document}",
        r"\maketitle",
        rf"\noindent\texttt{{{tex_escape(derivation.id)}}}",
        "",
        rf"\section*{{{ASSUMPTIONS(lang)}}}",
        *([r"\begin{itemize}", *assumed, r"\end{itemize}"] if assumed else []),
        "",
        rf"\section*{{{DERIVATION(lang)}}}",
        rf"\paragraph{{{START(lang)}}}",
        rf"\[ {sp.latex(derivation.start)} \]",
    ]
    for n, (step, check) in enumerate(zip(derivation.steps, checks, strict=True), 1):
        lines += [
            "",
            rf"\paragraph{{{STEP(lang).format(n=n)}}}",
            rf"\[ {{}} = {sp.latex(step.expr)} \]",
            tex_text(step.why(lang)),
            "",
            rf"\noindent\emph{{{tex_escape(check_label(check, lang))}}}: "
            rf"\texttt{{{tex_escape(check.method)}}}",
        ]
    lines += ["", rf"\noindent {tex_text(signature(derivation, lang))}", r"\end{document}", ""]
    return "\n".join(lines)


def _example_row(derivation: Derivation):
    """The inputs of the first numeric-check row of ordinary values (|v| ≤ 10), else of the first row."""
    from lossdocs.numeric_checks import numeric_checks

    rows = numeric_checks(derivation).rows
    ordinary = [row for row in rows if all(abs(v) <= 10 for _, v in row.inputs)]
    return (ordinary or rows)[0].inputs


def notebook(derivation: Derivation, lang: str = "en") -> str:
    """An nbformat 4 notebook (JSON text, without outputs) that imports lossdocs, gets the derivation,
    verifies and shows it, lists its steps, calls `Derivation.lambdify` at a numeric check's inputs and
    shows the numeric checks, with Markdown in ``lang`` between the cells."""
    from lossdocs import __version__

    check_lang(lang)
    verify(derivation)
    arguments = ", ".join(f"{name}={value!r}" for name, value in _example_row(derivation))
    generated = GENERATED(lang).format(version=__version__, id=derivation.id, format="ipynb")
    cells = [
        (
            "markdown",
            f"# {derivation.title(lang)}\n\n{NOTEBOOK_INTRO(lang).format(id=derivation.id)}\n\n{generated}",
        ),
        ("code", f'import lossdocs\n\nlossdocs.set_language("{lang}")'),
        ("code", f'd = lossdocs.get("{derivation.id}")'),
        ("markdown", NOTEBOOK_CELLS["verify"](lang)),
        ("code", "d.verify()"),
        ("markdown", NOTEBOOK_CELLS["steps"](lang)),
        ("code", 'for n, step in enumerate(d.steps, 1):\n    print(f"({n}) {step.check}: {step.expr}")'),
        ("markdown", NOTEBOOK_CELLS["lambdify"](lang)),
        ("code", f"f = d.lambdify()\nf({arguments})"),
        ("markdown", NOTEBOOK_CELLS["checks"](lang)),
        ("code", "d.numeric_checks()"),
    ]

    def cell(n: int, kind: str, source: str) -> dict:
        lines = source.splitlines(keepends=True)
        if kind == "markdown":
            return {"cell_type": kind, "id": f"cell-{n}", "metadata": {}, "source": lines}
        return {
            "cell_type": kind,
            "execution_count": None,
            "id": f"cell-{n}",
            "metadata": {},
            "outputs": [],
            "source": lines,
        }

    document = {
        "cells": [cell(n, kind, source) for n, (kind, source) in enumerate(cells, 1)],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


FRAMEWORK_HEAD = {
    "framework": Text(ko="프레임워크", en="framework"),
    "call": Text(ko="호출", en="call"),
    "derivation": Text(ko="유도", en="derivation"),
    "formulas": Text(ko="소스에 적힌 식", en="The formulas as the sources write them"),
    "cap": Text(ko="클립 때문에 생긴 손실의 상한", en="largest loss, from the clip"),
    "reduction": Text(ko="기본 축소(reduction)", en="default reduction"),
    "smoothing": Text(ko="레이블 스무딩", en="label smoothing"),
    "extremes": Text(ko="끝 값에서 극한과 다른 결과", en="results unlike the limit at the ends"),
    "ulp": Text(ko="최대 오차(ulp)", en="max error (ulp)"),
    "relative": Text(ko="정확한 손실 대비 최대 상대 오차", en="max relative error vs the exact loss"),
}
FRAMEWORK_NONE = Text(ko="없음", en="none")
FRAMEWORK_ALIKE = Text(ko="모두 극한과 같음", en="all equal to the limit")
FRAMEWORK_LIMIT = Text(ko="극한", en="limit")
FRAMEWORK_NOTE = Text(
    ko="오차는 `lossdocs.accuracy`의 격자({points}개 입력, float32 {points32}개)에서 잰 값입니다. "
    "ulp는 각 호출이 소스에 적힌 식(클립 포함, 경계는 dtype의 반올림 값)을 mpmath {digits}자리로 계산한 값과 "
    "비교한 유한 입력에서의 최대 오차이고, 상대 오차는 클립 없는 정확한 손실과 비교한 값입니다. "
    "`benchmarks/framework_data.py`가 {versions}로 한 번 측정해 `lossdocs/framework_accuracy.json`에 "
    "저장했습니다.",
    en="Errors are measured on the grid of `lossdocs.accuracy` ({points} inputs; {points32} in float32). The "
    "ulp column is the largest error at finite inputs against the call's own formula as its source writes "
    "it (clip included, its bounds as the dtype rounds them), computed by mpmath to {digits} digits; the "
    "relative error is against the exact loss, without any clip. Measured once by "
    "`benchmarks/framework_data.py` with {versions} and stored in `lossdocs/framework_accuracy.json`.",
)


def _source_form(expr):
    """A framework's formula as a reader scans it: min(max(v, a), b) as clip(v, a, b), and a stored float
    constant (a rational of a large power of 2, such as a clip bound) as the float it is."""
    clip = sp.Function("clip")

    def is_clip(e) -> bool:
        return isinstance(e, sp.Min) and len(e.args) == 2 and any(isinstance(a, sp.Max) for a in e.args)

    def as_clip(e):
        inner = next(a for a in e.args if isinstance(a, sp.Max))
        high = next(a for a in e.args if a is not inner)
        low = next((a for a in inner.args if a.is_number), None)
        value = next((a for a in inner.args if not a.is_number), None)
        if len(inner.args) != 2 or low is None or value is None:
            return e
        return clip(value, low, high)

    expr = expr.replace(is_clip, as_clip)
    stored = {
        q: sp.Symbol(rf"\texttt{{{float(q)!r}}}")
        for q in expr.atoms(sp.Rational)
        if q.q > 2**20 and q.q & (q.q - 1) == 0
    }
    return expr.xreplace(stored)


def _number(text: str) -> str:
    value = float(text)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    return f"{value:.4g}"


def _caps(ids: tuple[str, ...], lang: str) -> str:
    """The largest value each cap derivation's result takes at y = 0 or 1 (where it is a number)."""
    from lossdocs.registry import get
    from lossdocs.symbols import y

    if not ids:
        return FRAMEWORK_NONE(lang)
    shown = []
    for derivation_id in ids:
        result = get(derivation_id).verify().result
        values = [result.subs(y, v) for v in (0, 1)]
        cap = max(float(v) for v in values if v.is_number)
        shown.append(f"≤ {cap:.4g} ({_name(derivation_id)})")
    return "<br>".join(shown)


def _extremes(cell: dict, lang: str) -> str:
    """The inputs at the ends where a result is NaN, or finite where the limit is infinite (or the
    reverse): how a call behaves at ±∞ or p = 0, 1."""
    unlike = []
    for point in cell["extremes"]:
        value, limit = float(point["value"]), float(point["limit"])
        if math.isnan(value) or math.isinf(value) != math.isinf(limit):
            shown = f"{FRAMEWORK_LIMIT(lang)} {_number(point['limit'])}"
            unlike.append(f"{point['input']}: {_number(point['value'])} ({shown})")
    return "<br>".join(unlike) or FRAMEWORK_ALIKE(lang)


def _name(code: str) -> str:
    """``code`` as inline code that a narrow table cell breaks only after a dot, an underscore or a
    parenthesis (``keras.losses.<wbr>binary_<wbr>crossentropy``), never inside a word (the stylesheet's
    ``lossdocs-name``)."""
    text = html.escape(code)
    for mark in (".", "_", "(", "="):
        text = text.replace(mark, mark + "<wbr>")
    return f'<code class="lossdocs-name">{text}</code>'


def _names(text: str) -> str:
    """``text`` with each code span as `_name`."""
    return re.sub(r"`([^`]+)`", lambda match: _name(match[1]), text)


def frameworks(name: str, lang: str = "en") -> str:
    """A ``frameworks`` block: for the loss family ``name`` (a key of `lossdocs.frameworks.FAMILIES`), a
    table of what each framework's call computes and the formulas its source writes, from the derivations,
    then a table of how it behaves at the ends and how accurate it is, from the stored measurement
    (`lossdocs.frameworks.measured`)."""
    from lossdocs import frameworks as known
    from lossdocs.registry import get

    check_lang(lang)
    if name not in known.FAMILIES:
        raise LookupError(f"no frameworks table {name!r}: expected one of {list(known.FAMILIES)}")
    rows, data = known.FAMILIES[name], known.measured()
    head = [
        FRAMEWORK_HEAD[k](lang) for k in ("framework", "call", "derivation", "cap", "reduction", "smoothing")
    ]
    first = ["| " + " | ".join(head) + " |", "|---|---|---|---|---|---|"]
    for row in rows:
        cells = [
            row.framework,
            _name(row.call),
            _name(row.derivation),
            _caps(row.caps, lang),
            _names(row.reduction(lang)),
            _names(row.smoothing(lang)),
        ]
        first.append("| " + " | ".join(cells) + " |")
    formulas: dict[tuple[str, str], list[str]] = {}
    for row in rows:
        formulas.setdefault((row.derivation, row.shown), []).append(f"`{row.call}`")
    shown = [f"**{FRAMEWORK_HEAD['formulas'](lang)}**"]
    for (derivation_id, end), calls in formulas.items():
        tex = sp.latex(_source_form(getattr(get(derivation_id), end)))
        shown.append(f"{', '.join(calls)} (`{derivation_id}`):\n\n$$\n{tex}\n$$")
    ulp, relative = FRAMEWORK_HEAD["ulp"](lang), FRAMEWORK_HEAD["relative"](lang)
    head = [FRAMEWORK_HEAD["call"](lang), FRAMEWORK_HEAD["extremes"](lang)]
    head += [f"{ulp} float32", f"{ulp} float64", f"{relative} float32", f"{relative} float64"]
    second = ["| " + " | ".join(head) + " |", "|---|---|---:|---:|---:|---:|"]
    for row in rows:
        cells32, cells64 = (known.cell(data, row.key, dtype) for dtype in known.DTYPES)
        extremes = _extremes(cells64, lang)
        if (other := _extremes(cells32, lang)) != extremes:
            extremes += f"<br>float32: {other}"
        cells = [_name(row.call), extremes]
        cells += [f"{c['max_ulp']:.3g}" for c in (cells32, cells64)]
        cells += [f"{c['max_relative']:.3g}" for c in (cells32, cells64)]
        second.append("| " + " | ".join(cells) + " |")
    example = known.cell(data, rows[0].key, "float64")
    versions = ", ".join(f"{package} {version}" for package, version in data["versions"].items())
    note = FRAMEWORK_NOTE(lang).format(
        points=example["points"],
        points32=known.cell(data, rows[0].key, "float32")["points"],
        digits=data["mpmath_digits"],
        versions=versions,
    )
    parts = ["\n".join(first), "\n\n".join(shown), "\n".join(second), note]
    return "\n\n".join(parts) + "\n"
