"""Accuracy of lossdocs.numeric, torch and the naive formulas, in ulp against mpmath (50 digits).

Run from the repository root: python benchmarks/accuracy_data.py
Writes docs/assets/data/accuracy.json (with the torch and numpy versions) and the plots
docs/assets/images/accuracy-*.svg (drawn here from the data: no plotting library). The test
tests/test_numeric_accuracy.py recomputes the lossdocs columns of the JSON and checks they match.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402, N812

from lossdocs import numeric  # noqa: E402
from tests import accuracy_grid as grid  # noqa: E402

DATA = ROOT / "docs" / "assets" / "data" / "accuracy.json"
IMAGES = ROOT / "docs" / "assets" / "images"
PAGES = {
    "en": ROOT / "docs" / "en" / "numeric" / "accuracy.md",
    "ko": ROOT / "docs" / "ko" / "numeric" / "accuracy.md",
}
START, END = "<!-- accuracy-table:start -->", "<!-- accuracy-table:end -->"
HEADER = {"en": "function", "ko": "함수"}
FLOOR = 0.01  # errors below this are drawn at the floor of the log-scale plot


class TorchAPI:
    """torch 2.13 behind the lossdocs.numeric API; gradients by autograd."""

    sigmoid = staticmethod(lambda x: torch.sigmoid(torch.from_numpy(x)).numpy())
    log_sigmoid = staticmethod(lambda x: F.logsigmoid(torch.from_numpy(x)).numpy())
    softplus = staticmethod(lambda x: F.softplus(torch.from_numpy(x)).numpy())
    logsumexp = staticmethod(lambda z, dim: torch.logsumexp(torch.from_numpy(z), dim).numpy())
    softmax = staticmethod(lambda z, dim: F.softmax(torch.from_numpy(z), dim).numpy())
    log_softmax = staticmethod(lambda z, dim: F.log_softmax(torch.from_numpy(z), dim).numpy())

    @staticmethod
    def _call(fn, x, target, **kwargs):
        return fn(torch.from_numpy(x), torch.from_numpy(np.asarray(target)), **kwargs).detach().numpy()

    @staticmethod
    def _grad(fn, x, target, grad_output, **kwargs):
        leaf = torch.from_numpy(x).clone().requires_grad_()
        loss = fn(leaf, torch.from_numpy(np.asarray(target)), **kwargs)
        loss.backward(torch.as_tensor(np.broadcast_to(grad_output, loss.shape), dtype=loss.dtype))
        return leaf.grad.numpy()

    def binary_cross_entropy(self, x, y, reduction):
        return self._call(F.binary_cross_entropy, x, y, reduction=reduction)

    def binary_cross_entropy_grad(self, x, y, reduction, grad_output):
        return self._grad(F.binary_cross_entropy, x, y, grad_output, reduction=reduction)

    def binary_cross_entropy_with_logits(self, x, y, reduction):
        return self._call(F.binary_cross_entropy_with_logits, x, y, reduction=reduction)

    def binary_cross_entropy_with_logits_grad(self, x, y, reduction, grad_output):
        return self._grad(F.binary_cross_entropy_with_logits, x, y, grad_output, reduction=reduction)

    def cross_entropy(self, z, t, reduction):
        return self._call(F.cross_entropy, z, t, reduction=reduction)

    def cross_entropy_grad(self, z, t, reduction, grad_output):
        return self._grad(F.cross_entropy, z, t, grad_output, reduction=reduction)


def naive_sigmoid(x):
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(-x))


# The plotted series: (title, input on the x axis, inputs, exact, lossdocs, torch, naive); float64.
def series():
    x = np.arange(-160, 161) / 4.0  # −40 … 40, a subset of the test grid
    zeros, ones = np.zeros_like(x), np.ones_like(x)
    margin_rows = np.stack([x, zeros, -ones], axis=1)
    targets = np.zeros(len(x), dtype=np.int64)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        yield (
            "bce-with-logits-y0",
            x,
            grid.split(grid.elementwise("binary_cross_entropy_with_logits", x, zeros)),
            numeric.binary_cross_entropy_with_logits(x, zeros, reduction="none"),
            F.binary_cross_entropy_with_logits(
                torch.from_numpy(x), torch.from_numpy(zeros), reduction="none"
            ),
            -np.log(1 - naive_sigmoid(x)),  # −[y log σ + (1 − y) log(1 − σ)] at y = 0
        )
        leaf = torch.from_numpy(x).clone().requires_grad_()
        F.binary_cross_entropy_with_logits(leaf, torch.from_numpy(ones), reduction="sum").backward()
        yield (
            "sigmoid-minus-1",
            x,
            grid.split(grid.elementwise("binary_cross_entropy_with_logits_grad", x, ones)),
            numeric.binary_cross_entropy_with_logits_grad(x, ones, reduction="none", grad_output=ones),
            leaf.grad,
            naive_sigmoid(x) - 1,
        )
        exact = grid.row_functions(margin_rows)["cross_entropy"]
        yield (
            "cross-entropy-margin",
            x,
            grid.split([row[0] for row in exact]),
            numeric.cross_entropy(margin_rows, targets, reduction="none"),
            F.cross_entropy(torch.from_numpy(margin_rows), torch.from_numpy(targets), reduction="none"),
            np.log(np.exp(margin_rows).sum(axis=1)) - margin_rows[:, 0],  # log Σ e^z − z_y, no shift
        )


def lossdocs_series(name: str):
    """The lossdocs column of a plotted series, recomputed (used by the test)."""
    for title, x, exact, ours, *_ in series():
        if title == name:
            return x, grid.ulp_error(ours, exact, np.float64)
    raise KeyError(name)


def rounded(values: np.ndarray) -> list:
    return [None if not np.isfinite(v) else round(float(v), 3) for v in values]


def main() -> None:
    torch.set_num_threads(1)
    table = []
    for name in grid.TABLE:
        for dtype in ("float32", "float64"):
            ours, _, _ = grid.errors(name, dtype, numeric)
            with np.errstate(all="ignore"):
                theirs, _, finite = grid.errors(name, dtype, TorchAPI())
            table.append(
                {
                    "function": name,
                    "dtype": dtype,
                    "lossdocs": round(float(ours.max()), 3),
                    "torch_finite": float(f"{theirs[finite].max():.3g}"),
                    "torch_nonfinite_inputs_nan": bool(np.isinf(theirs[~finite]).any()),
                }
            )
    plots = []
    for title, x, exact, ours, theirs, naive in series():
        theirs = theirs.detach().numpy() if isinstance(theirs, torch.Tensor) else theirs
        errors = {  # drawn in this order: lossdocs on top
            "naive": grid.ulp_error(naive, exact, np.float64),
            "torch": grid.ulp_error(theirs, exact, np.float64),
            "lossdocs": grid.ulp_error(ours, exact, np.float64),
        }
        plots.append({"name": title, "x": x.tolist(), **{k: rounded(v) for k, v in errors.items()}})
        IMAGES.mkdir(parents=True, exist_ok=True)
        (IMAGES / f"accuracy-{title}.svg").write_text(svg_plot(x, errors))
    data = {
        "torch": torch.__version__,
        "numpy": np.__version__,
        "mpmath_digits": grid.DIGITS,
        "table": table,
        "plots": plots,
    }
    DATA.parent.mkdir(parents=True, exist_ok=True)
    DATA.write_text(json.dumps(data, indent=1) + "\n")
    for lang, page in PAGES.items():
        page.write_text(with_table(page.read_text(), data, lang))
    print(f"wrote {DATA.relative_to(ROOT)}, {len(plots)} plots and the tables of {len(PAGES)} pages")


def table_markdown(data: dict, lang: str) -> str:
    """The results table of the accuracy page: max ulp per function and dtype; † = torch gives NaN at ±inf."""
    cells = {(row["function"], row["dtype"]): row for row in data["table"]}
    lines = [
        f"| {HEADER[lang]} | float32 lossdocs | float32 torch {data['torch']} | float64 lossdocs "
        f"| float64 torch {data['torch']} |",
        "|---|---:|---:|---:|---:|",
    ]
    for name in dict.fromkeys(row["function"] for row in data["table"]):
        row = [f"`{name}`"]
        for dtype in ("float32", "float64"):
            cell = cells[(name, dtype)]
            mark = " †" if cell["torch_nonfinite_inputs_nan"] else ""
            row += [f"{cell['lossdocs']:.2f}", f"{cell['torch_finite']:.3g}{mark}"]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def with_table(page: str, data: dict, lang: str) -> str:
    before, rest = page.split(START)
    _, after = rest.split(END)
    return f"{before}{START}\n{table_markdown(data, lang)}\n{END}{after}"


COLORS = {"lossdocs": "#1b7837", "torch": "#d6604d", "naive": "#4393c3"}


def svg_plot(x: np.ndarray, errors: dict, width: int = 640, height: int = 300) -> str:
    """A log-scale line plot of ulp error against x, as plain SVG text."""
    left, right, top, bottom = 56, 110, 12, 34
    decades = range(-2, 18, 3)  # 10^-2 … 10^16 ulp
    lo_y, hi_y = -2.0, 17.0

    def px(v):
        return left + (v - x.min()) / (x.max() - x.min()) * (width - left - right)

    def py(e):
        e = np.log10(np.clip(np.where(np.isfinite(e), e, 10.0**hi_y), 10.0**lo_y, 10.0**hi_y))
        return top + (hi_y - e) / (hi_y - lo_y) * (height - top - bottom)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
        f'<rect x="{left}" y="{top}" width="{width - left - right}" height="{height - top - bottom}" '
        'fill="none" stroke="#888"/>',
    ]
    for d in decades:
        y = py(np.array(10.0**d))
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">1e{d}</text>')
    for v in np.linspace(x.min(), x.max(), 9):
        parts.append(f'<text x="{px(v):.1f}" y="{height - bottom + 14}" text-anchor="middle">{v:g}</text>')
    parts.append(f'<text x="{(left + width - right) / 2}" y="{height - 4}" text-anchor="middle">x</text>')
    for name, e in errors.items():
        points = " ".join(f"{px(a):.1f},{b:.1f}" for a, b in zip(x, py(e), strict=True))
        dash = ' stroke-dasharray="5,3"' if name == "naive" else ""
        parts.append(
            f'<polyline fill="none" stroke="{COLORS[name]}" stroke-width="1.6"{dash} points="{points}"/>'
        )
    for i, name in enumerate(reversed(errors)):
        dash = ' stroke-dasharray="5,3"' if name == "naive" else ""
        y = top + 14 + 18 * i
        parts.append(
            f'<line x1="{width - right + 8}" x2="{width - right + 28}" y1="{y - 4}" y2="{y - 4}" '
            f'stroke="{COLORS[name]}" stroke-width="2"{dash}/>'
        )
        parts.append(f'<text x="{width - right + 32}" y="{y}">{name}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    main()
