"""torch's columns of the accuracy pages: torch 2.13's errors in ulp against mpmath (50 digits).

Run from the repository root: python benchmarks/accuracy_data.py
Writes lossdocs/torch_accuracy.json: torch's largest error per function and dtype over the grid of
lossdocs.accuracy (in ulp, and the absolute error at that input) and its plotted series, with the torch
version and the CPU capability its kernels used.
torch is measured once, here, because the site's build has no torch; lossdocs' own columns are measured
while the site builds (lossdocs.accuracy.measure), on the builder's CPU.
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

from lossdocs import accuracy as grid  # noqa: E402


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

    def kl_div(self, x, y, reduction, log_target):
        return self._call(F.kl_div, x, y, reduction=reduction, log_target=log_target)

    def kl_div_grad(self, x, y, reduction, log_target, grad_output):
        return self._grad(F.kl_div, x, y, grad_output, reduction=reduction, log_target=log_target)

    def multilabel_soft_margin_loss(self, z, y, reduction):
        return self._call(F.multilabel_soft_margin_loss, z, y, reduction=reduction)

    def multilabel_soft_margin_loss_grad(self, z, y, reduction, grad_output):
        return self._grad(F.multilabel_soft_margin_loss, z, y, grad_output, reduction=reduction)

    @staticmethod
    def softmax_grad(grad_output, output, dim):
        g, p = torch.from_numpy(grad_output), torch.from_numpy(output)
        return torch._softmax_backward_data(g, p, dim, p.dtype).numpy()  # what F.softmax's backward runs

    @staticmethod
    def log_softmax_grad(grad_output, output, dim):
        g, o = torch.from_numpy(grad_output), torch.from_numpy(output)
        return torch._log_softmax_backward_data(g, o, dim, o.dtype).numpy()


def main() -> None:
    torch.set_num_threads(1)
    table = []
    for name in grid.TABLE:
        for dtype in ("float32", "float64"):
            with np.errstate(all="ignore"):
                theirs, _, finite = grid.errors(name, dtype, TorchAPI())
                absolute = grid.errors(name, dtype, TorchAPI(), in_ulp=False)[0]
            worst = np.flatnonzero(finite)[np.argmax(theirs[finite])]
            table.append(
                {
                    "function": name,
                    "dtype": dtype,
                    "torch_finite": float(f"{theirs[finite].max():.3g}"),
                    "torch_finite_absolute": float(f"{absolute[worst]:.2g}"),  # at the largest ulp error
                    "torch_nonfinite_inputs_nan": bool(np.isinf(theirs[~finite]).any()),
                }
            )
    plots = [
        {
            "name": name,
            "torch": [
                round(float(v), 3) if np.isfinite(v) else None for v in grid.plot_errors(name, TorchAPI())
            ],
        }
        for name in grid.PLOTS
    ]
    data = {
        "torch": torch.__version__,
        "cpu_capability": torch.backends.cpu.get_cpu_capability(),
        "mpmath_digits": grid.DIGITS,
        "table": table,
        "plots": plots,
    }
    grid.TORCH.write_text(json.dumps(data, indent=1) + "\n")
    print(f"wrote {grid.TORCH.relative_to(ROOT)}: torch {data['torch']} ({data['cpu_capability']})")


if __name__ == "__main__":
    main()
