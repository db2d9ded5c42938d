"""lossdocs.numeric against mpmath at 50 digits, element by element (reduction='none'), in ulp.

The exact values come from tests/accuracy_grid.py, written from the definitions with mpmath. The bound is
2 ulp in float64 and 4 ulp in float32 for every function and gradient, over logits in ±[0, 40] (step 1/32
and 0.1), ±700, ±inf, probabilities down to 1e-300 and up to 1 − 2^-53, and rows with margins up to 1000.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import math
import re

import numpy as np
import pytest

from lossdocs import numeric
from tests import accuracy_grid as grid
from tests.conftest import ROOT

DTYPES = ["float32", "float64"]
DATA = ROOT / "docs" / "assets" / "data" / "accuracy.json"


@functools.cache
def lossdocs_errors(name: str, dtype: str):
    return grid.errors(name, dtype, numeric)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", grid.TABLE)
def test_every_function_and_gradient_is_within_the_ulp_bound(name, dtype):
    errors, inputs, _ = lossdocs_errors(name, dtype)
    worst = int(np.argmax(errors))
    assert errors[worst] <= grid.BOUND[dtype], f"{name} ({dtype}): {errors[worst]:.3g} ulp at {inputs[worst]}"


def load_accuracy_script():
    spec = importlib.util.spec_from_file_location("accuracy_data", ROOT / "benchmarks" / "accuracy_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_accuracy_table_has_the_lossdocs_errors_measured_now():
    data = json.loads(DATA.read_text())
    assert data["torch"].startswith("2.13.0") and data["mpmath_digits"] == grid.DIGITS
    assert sorted({(row["function"], row["dtype"]) for row in data["table"]}) == sorted(
        (name, dtype) for name in grid.TABLE for dtype in DTYPES
    )
    for row in data["table"]:
        errors, _, _ = lossdocs_errors(row["function"], row["dtype"])
        assert row["lossdocs"] == pytest.approx(float(errors.max()), abs=0.01), row


def test_the_committed_plots_have_the_lossdocs_errors_measured_now():
    data = json.loads(DATA.read_text())
    script = load_accuracy_script()
    assert [plot["name"] for plot in data["plots"]] == [s[0] for s in script.series()]
    for plot in data["plots"]:
        x, errors = script.lossdocs_series(plot["name"])
        np.testing.assert_array_equal(plot["x"], x)
        np.testing.assert_allclose(plot["lossdocs"], errors, atol=0.01, err_msg=plot["name"])
        assert (ROOT / "docs" / "assets" / "images" / f"accuracy-{plot['name']}.svg").exists()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_accuracy_pages_show_the_committed_table(lang):
    script = load_accuracy_script()
    page = script.PAGES[lang].read_text()
    assert script.with_table(page, json.loads(DATA.read_text()), lang) == page


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_the_plots_on_the_built_accuracy_pages_are_served_by_the_site(built_site, prefix):
    """The img tags are raw HTML (MkDocs does not check them): each source must be a file of the site."""
    page = built_site / prefix / "numeric" / "accuracy" / "index.html"
    sources = re.findall(r'<img src="([^"]+\.svg)"', page.read_text())
    assert len(sources) == 3
    for source in sources:
        assert (page.parent / source).resolve().is_file(), source


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
