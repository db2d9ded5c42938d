"""lossdocs.numeric against mpmath at 50 digits, element by element (reduction='none'), in ulp.

The exact values come from lossdocs/accuracy.py, written from the definitions with mpmath. The bound is
2 ulp in float64 and 4 ulp in float32 for every function and gradient, over logits in ±[0, 40] (step 1/32
and 0.1), ±700, ±inf, probabilities down to 1e-300 and up to 1 − 2^-53, and rows with margins up to 1000.
The accuracy pages show these errors as measured by the build, on the builder's CPU; tests/test_dispatch.py
runs this file again with NumPy's other SIMD kernels.
"""

from __future__ import annotations

import functools
import html
import math
import re

import mpmath as mp
import numpy as np
import pytest

from lossdocs import _double_double as dd
from lossdocs import accuracy as grid
from lossdocs import cache, crossings, numeric, render

DTYPES = ["float32", "float64"]


@functools.cache
def lossdocs_errors(name: str, dtype: str):
    return grid.errors(name, dtype, numeric)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", grid.TABLE)
def test_every_function_and_gradient_is_within_the_ulp_bound(name, dtype):
    errors, inputs, _ = lossdocs_errors(name, dtype)
    worst = int(np.argmax(errors))
    assert errors[worst] <= grid.BOUND[dtype], f"{name} ({dtype}): {errors[worst]:.3g} ulp at {inputs[worst]}"


@pytest.mark.parametrize("name", grid.PLOTS)
def test_every_plotted_lossdocs_point_is_within_the_ulp_bound(name):
    errors = grid.plot_errors(name, numeric)
    assert errors.max() <= grid.BOUND["float64"], (name, grid.plot_x()[np.argmax(errors)])


def test_the_naive_formulas_lose_the_plotted_values():
    """The plots' point: each textbook formula is off by ≥ 1e15 ulp (or not finite) somewhere in ±40."""
    for name in grid.PLOTS:
        assert grid.plot_errors(name, grid.Naive).max() >= 1e15, name


def test_measure_stores_what_it_measured_under_the_environment_key(tmp_path, monkeypatch):
    monkeypatch.setenv("LOSSDOCS_CACHE", str(tmp_path))
    measured = grid.measure()
    assert measured["numpy"] == np.__version__ and measured["simd"] == list(cache.simd_features())
    assert [row["lossdocs"] for row in measured["table"]] == [
        float(lossdocs_errors(name, dtype)[0].max()) for name in grid.TABLE for dtype in DTYPES
    ]
    for plot in measured["plots"]:
        expected = grid.plot_errors(plot["name"], numeric)
        assert plot["lossdocs"] == [float(e) if math.isfinite(e) else None for e in expected]
        assert plot["x"] == grid.plot_x().tolist()
    assert cache.load("accuracy", cache.digest("accuracy")) == measured
    cache.store("accuracy", cache.digest("accuracy"), {**measured, "numpy": "stored"})
    assert grid.measure()["numpy"] == "stored"  # answered from the entry under that key


def test_the_committed_torch_data_cover_every_function_dtype_and_plot():
    torch = grid.torch_measured()
    assert torch["torch"].startswith("2.13.0") and torch["mpmath_digits"] == grid.DIGITS
    assert torch["cpu_capability"]
    assert [(row["function"], row["dtype"]) for row in torch["table"]] == [
        (name, dtype) for name in grid.TABLE for dtype in DTYPES
    ]
    assert [plot["name"] for plot in torch["plots"]] == list(grid.PLOTS)
    for plot in torch["plots"]:
        assert len(plot["torch"]) == len(grid.plot_x())
    # torch loses e^x at y = 0 below x ≈ −37 (returns 0): ~1e16 ulp there, whatever the CPU
    (bce,) = (plot["torch"] for plot in torch["plots"] if plot["name"] == "bce-with-logits-y0")
    assert bce[0] > 1e15


def test_the_torch_data_give_the_absolute_error_at_the_largest_ulp_error():
    """Measured at the same input, absolute error / ulp is that input's ulp: a power of two (up to the
    3 and 2 significant digits stored)."""
    for row in grid.torch_measured()["table"]:
        unit = row["torch_finite_absolute"] / row["torch_finite"]
        assert abs(math.log2(unit) - round(math.log2(unit))) < 0.08, row


ABSOLUTE = {"ko": "절대 오차", "en": "absolute error"}


def _page(built_site, prefix: str) -> str:
    return (built_site / prefix / "numeric" / "accuracy" / "index.html").read_text()


@pytest.mark.parametrize(("lang", "prefix"), [("ko", ""), ("en", "en/")])
def test_the_built_accuracy_table_shows_the_errors_measured_on_this_machine(built_site, lang, prefix):
    page = _page(built_site, prefix)
    torch = {(r["function"], r["dtype"]): r for r in grid.torch_measured()["table"]}
    for name in grid.TABLE:
        cells = re.search(rf"<td><code>{name}</code></td>(.*?)</tr>", page, re.S)[1]
        shown = [html.unescape(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", cells)]
        expected = []
        for dtype in DTYPES:
            row = torch[(name, dtype)]
            mark = " †" if row["torch_nonfinite_inputs_nan"] else ""
            beside = (
                f" ({ABSOLUTE[lang]} {row['torch_finite_absolute']:.1e})"
                if row["torch_finite"] >= 100
                else ""
            )
            expected += [
                f"{lossdocs_errors(name, dtype)[0].max():.2f}",
                f"{row['torch_finite']:.3g}{beside}{mark}",
            ]
        assert shown == expected, name
    assert f"NumPy {np.__version__}" in page
    assert ", ".join(cache.simd_features()) in page


@pytest.mark.parametrize(("lang", "prefix"), [("ko", ""), ("en", "en/")])
def test_the_built_plots_are_the_errors_measured_on_this_machine(built_site, lang, prefix):
    page = _page(built_site, prefix)
    torch = {plot["name"]: plot["torch"] for plot in grid.torch_measured()["plots"]}
    assert page.count('<img class="lossdocs-figure" src="data:image/svg+xml;base64,') == len(grid.PLOTS)
    for name, (alt, *_) in grid.PLOTS.items():
        ours = [e if math.isfinite(e) else None for e in grid.plot_errors(name, numeric).tolist()]
        naive = [e if math.isfinite(e) else None for e in grid.plot_errors(name, grid.Naive).tolist()]
        errors = {"naive": naive, "torch": torch[name], "lossdocs": ours}
        assert render.accuracy_plot(grid.plot_x().tolist(), errors, alt(lang), lang) in page, name


# Regressions named after what torch loses; expected values from math.exp, independent of lossdocs.


def test_bce_with_logits_keeps_e_to_the_x_for_y0_below_minus_20():
    x = np.array([-25.0, -30.0, -700.0])
    loss = numeric.binary_cross_entropy_with_logits(x, np.zeros(3), reduction="none")
    for got, xi in zip(loss, x, strict=True):
        assert got == pytest.approx(math.log1p(math.exp(xi)), rel=4e-16)  # torch returns 0 for x < −37


def test_a_confident_row_has_loss_e_to_the_minus_margin_not_zero():
    margin = np.array([23.0, 40.0, 700.0])
    z = np.stack([margin, np.zeros(3), np.zeros(3)], axis=1)
    loss = numeric.cross_entropy(z, np.zeros(3, dtype=int), reduction="none")
    for got, m in zip(loss, margin, strict=True):
        assert got == pytest.approx(math.log1p(2 * math.exp(-m)), rel=4e-16)


def test_sigmoid_minus_one_keeps_its_tail_above_37():
    x = np.array([37.0, 50.0, 700.0])
    grad = numeric.binary_cross_entropy_with_logits_grad(x, np.ones(3), reduction="none", grad_output=1.0)
    for got, xi in zip(grad, x, strict=True):
        assert got == pytest.approx(-1 / (1 + math.exp(xi)), rel=4e-16)  # σ(x) − 1 = −σ(−x)


@pytest.mark.parametrize(
    ("name", "x", "y", "limit"),
    [
        (
            "binary_cross_entropy_with_logits",
            [np.inf, -np.inf, np.inf, -np.inf],
            [1.0, 0.0, 0.0, 1.0],
            [0.0, 0.0, np.inf, np.inf],
        ),
        (
            "binary_cross_entropy_with_logits_grad",
            [np.inf, -np.inf, np.inf],
            [1.0, 0.0, 0.25],
            [0.0, 0.0, 0.75],
        ),
    ],
)
def test_infinite_logits_give_the_limit_not_nan(name, x, y, limit):
    kwargs = {"grad_output": 1.0} if name.endswith("grad") else {}
    got = getattr(numeric, name)(np.array(x), np.array(y), reduction="none", **kwargs)
    np.testing.assert_array_equal(got, limit)


def test_infinite_logits_in_rows_share_the_probability():
    z = np.array([[np.inf, 0.0, -np.inf], [np.inf, np.inf, 1.0], [2.0, -np.inf, 2.0]])
    np.testing.assert_array_equal(numeric.softmax(z, dim=1), [[1, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5]])
    np.testing.assert_array_equal(
        numeric.cross_entropy(z, np.array([0, 2, 1]), reduction="none"), [0.0, np.inf, np.inf]
    )


def test_probability_targets_keep_the_gradient_of_a_confident_row():
    """p_t·Σq − q_t loses p_t − 1 = −Σ_{i≠t} p_i to rounding; p_t(Σq − q_t) − q_t(1 − p_t) keeps it."""
    z = np.array([[0.0, -40.0, -40.0], [0.0, -700.0, -700.0]])
    q = np.array([[1.0, 0.0, 0.0], [1.0, 0.0, 0.0]])
    grad = numeric.cross_entropy_grad(z, q, reduction="none", grad_output=np.ones(2))
    for got, margin in zip(grad[:, 0], [40.0, 700.0], strict=True):
        rest = 2 * math.exp(-margin)
        assert got == pytest.approx(-rest / (1 + rest), rel=4e-16)  # torch 2.13: 0


SMOOTHED_SOFT = [(eps, weight) for eps in (0.0, 0.05, 0.1, 0.3, 0.9) for weight in (None, (0.5, 2.0, 3.0))]
SOFT_TARGETS = [(y1, 1 - y1, 0.0) for y1 in (0.0, 0.1, 0.3, 0.7, 1.0)] + [(0.25, 0.5, 0.25), (0.2, 0.3, 0.5)]


@pytest.mark.parametrize(("eps", "weight"), SMOOTHED_SOFT)
def test_probability_targets_are_within_the_ulp_bound(eps, weight):
    """Probability targets, with label smoothing or a class weight or neither: W = w((1 − ε) q + ε/C) took
    three roundings before it met log p, 2.9 ulp (loss) and 2.7 ulp (gradient) in float64, and the plain
    loss was 2.0 ulp off; both within 2 ulp of the exact value (the gradient in ulp of its own value) over
    the grid's rows and seven targets."""
    z = grid.rows()
    z = z[np.isfinite(z).all(axis=1)]
    worst = {"loss": (0.0, None), "grad": (0.0, None)}
    w = None if weight is None else np.array(weight)
    with mp.workdps(50):
        for target in SOFT_TARGETS:
            q = np.tile(target, (len(z), 1))
            options = {"reduction": "none", "label_smoothing": eps, "weight": w}
            loss = numeric.cross_entropy(z, q, **options)
            grad = numeric.cross_entropy_grad(z, q, **options)
            e = mp.mpf(eps)
            for row, target, got_loss, got_grad in zip(z, q, loss, grad, strict=True):
                zs = [mp.mpf(float(v)) for v in row]
                others = [
                    mp.fsum(mp.exp(u - v) for j, u in enumerate(zs) if j != i) for i, v in enumerate(zs)
                ]
                log_p = [
                    -mp.log1p(rest) for rest in others
                ]  # −log(1 + Σ_{j≠i} e^{z_j − z_i}): nothing cancels
                big_w = [(1 - e) * mp.mpf(float(v)) + e / 3 for v in target]
                big_w = big_w if w is None else [a * mp.mpf(float(b)) for a, b in zip(big_w, w, strict=True)]
                exact_loss = -mp.fsum(a * lp for a, lp in zip(big_w, log_p, strict=True))
                prob = [
                    mp.exp(lp) for lp in log_p
                ]  # p_i S − W_i = Σ_{j≠i} (p_i W_j − W_i p_j): p_i − 1 not formed
                exact_grad = [
                    mp.fsum(prob[i] * big_w[j] - big_w[i] * prob[j] for j in range(3) if j != i)
                    for i in range(3)
                ]
                for kind, got, exact in (("loss", [got_loss], [exact_loss]), ("grad", got_grad, exact_grad)):
                    for g, x in zip(got, exact, strict=True):
                        error = abs(mp.mpf(float(g)) - x)
                        ulps = float(error / np.spacing(abs(float(x)))) if x else float(g != 0)
                        if ulps > worst[kind][0]:
                            worst[kind] = (ulps, (target, tuple(row)))
    assert worst["loss"][0] <= 2 and worst["grad"][0] <= 2, worst


# Near the zero crossings of the soft-target gradients (lossdocs/crossings.py): in ulp of the exact value.


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("case", crossings.CASES)
def test_gradients_near_their_zero_crossing_are_within_the_ulp_bound(case, dtype):
    """A difference of two terms that cancel: one rounding of either term was 1e16 ulp off near x*."""
    errors, inputs = crossings.errors(case, dtype)
    worst = int(np.argmax(errors))
    assert errors[worst] <= grid.BOUND[dtype], f"{case} ({dtype}): {errors[worst]:.3g} ulp at {inputs[worst]}"


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("case", crossings.CASES)
def test_the_crossing_grids_come_within_a_few_ulp_of_each_crossing(case, dtype):
    """The grid is the test: its nearest points make gradients far below their terms (≈ 1)."""
    exact = (crossings.bce_grid if case.startswith("bce") else crossings.ce_grid)(case, dtype)[-1][0]
    tiny = np.abs(exact[exact != 0]).min()
    assert tiny < 64 * np.finfo(dtype).eps * np.finfo(dtype).eps ** 0.5 or tiny < 1e-12, (case, tiny)


def test_double_double_exp_is_within_2_to_the_minus_77_of_e_to_the_t():
    t = np.concatenate([-np.linspace(0, -dd.EXP_MIN, 2001), -(2.0 ** -np.arange(1, 60)), [-1e-300]])
    hi, lo = dd.exp(t)
    with mp.workdps(grid.DIGITS):
        for ti, h, low in zip(t, hi, lo, strict=True):
            exact = mp.exp(mp.mpf(float(ti)))
            assert abs(mp.mpf(float(h)) + mp.mpf(float(low)) - exact) <= exact * mp.mpf(2) ** -77, ti


def test_the_double_double_table_is_two_to_the_j_over_128():
    with mp.workdps(grid.DIGITS):
        for j, (h, low) in enumerate(zip(*dd.TABLE, strict=True)):
            exact = mp.mpf(2) ** (mp.mpf(j) / 128)
            assert abs(mp.mpf(float(h)) + mp.mpf(float(low)) - exact) <= exact * mp.mpf(2) ** -95, j


def test_hard_targets_never_take_the_slow_path(monkeypatch):
    """With targets 0 and 1 nothing cancels: the double-double and decimal paths must not run (speed)."""

    def refuse(*args):
        raise AssertionError("slow path taken")

    monkeypatch.setattr(numeric, "_sigmoid_difference_near_zero", refuse)
    monkeypatch.setattr(numeric, "_softmax_difference_near_zero", refuse)
    x = grid.logits()
    for y in (0.0, 1.0):
        for pw in (None, np.full_like(x, 3.0)):
            numeric.binary_cross_entropy_with_logits_and_grad(x, np.full_like(x, y), pos_weight=pw)
    z = grid.rows()
    for t in range(3):
        numeric.cross_entropy_and_grad(z, np.full(len(z), t))
        with np.errstate(invalid="ignore"):  # the loss of a one-hot row with a −inf logit: 0 · ∞
            numeric.cross_entropy_and_grad(z, np.eye(3)[np.full(len(z), t)])


def test_the_crossings_table_renders_what_was_measured():
    measured = {
        "crossings": [
            {"case": case, "dtype": dtype, "points": 10, "lossdocs": 0.25 + i}
            for i, (case, dtype) in enumerate((c, d) for c in crossings.CASES for d in DTYPES)
        ]
    }
    table = render.accuracy_crossings(measured, "en")
    assert "| `cross_entropy_grad` · class indices, `label_smoothing` | 20 | 6.25 | 7.25 |" in table
    assert "| `binary_cross_entropy_with_logits_grad` · 0 < y < 1 | 20 | 0.25 | 1.25 |" in table
    assert "확률 정답" in render.accuracy_crossings(measured, "ko")
