"""lossdocs.numeric against torch and the NumPy peers, single thread, side by side in one run.

Run: OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 python benchmarks/bench_numeric.py [--repeats 15]
Prints Markdown tables of median CPU times (the functions called in turn in every repeat, so that a busy
machine slows all of them alike):

1. lossdocs against torch: "fwd" is the loss, "fwd+grad" the loss and its gradient (lossdocs: the fused
   ``<loss>_and_grad``; torch: forward + autograd backward). Peak memory is the largest block of
   temporaries numpy holds (tracemalloc), in units of the input's size.
2. The NumPy peers a user would reach for (scipy.special, sklearn.metrics.log_loss) beside lossdocs and
   torch: time, and the largest error in ulp against mpmath on the accuracy grid of lossdocs/accuracy.py
   (logits ±[0, 40], ±700, ±inf; probabilities down to 1e-300; rows with margins up to 1000). The peers'
   and torch's columns count finite inputs (†: a peer returns NaN or a wrong infinity at ±inf, where
   lossdocs gives the limit); torch's errors are the committed ones (lossdocs/torch_accuracy.json).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
import tracemalloc
from functools import partial

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402, N812
from scipy import special  # noqa: E402
from sklearn.metrics import log_loss  # noqa: E402

from lossdocs import accuracy as grid  # noqa: E402
from lossdocs import numeric  # noqa: E402

torch.set_num_threads(1)


def median_cpu_ms(funcs, repeats: int) -> list[float]:
    """Median CPU time (process_time: this machine is shared, wall time is not) of each function, the
    functions called in turn in every repeat so that both libraries see the same conditions."""
    for func in funcs:
        func()
    times = [[] for _ in funcs]
    for _ in range(repeats):
        for func, spent in zip(funcs, times, strict=True):
            start = time.process_time()
            func()
            spent.append(time.process_time() - start)
    return [statistics.median(spent) * 1e3 for spent in times]


def peak_ratio(func, nbytes: int) -> float:
    tracemalloc.start()
    func()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / nbytes


def cases(dtype, rng):
    x = rng.normal(scale=4.0, size=10**6).astype(dtype)
    y = (rng.random(10**6) < 0.5).astype(dtype)
    yield (
        "BCE-with-logits 1e6",
        x,
        lambda: numeric.binary_cross_entropy_with_logits(x, y),
        lambda: numeric.binary_cross_entropy_with_logits_and_grad(x, y),
        lambda t: F.binary_cross_entropy_with_logits(t, torch.from_numpy(y)),
    )
    for n, c in ((10**5, 10), (10**4, 1000)):
        z = rng.normal(scale=4.0, size=(n, c)).astype(dtype)
        t = rng.integers(0, c, size=n)

        def forward(z=z, t=t):
            return numeric.cross_entropy(z, t)

        def both(z=z, t=t):
            return numeric.cross_entropy_and_grad(z, t)

        yield f"CE {n:.0e} x {c}", z, forward, both, lambda zt, t=t: F.cross_entropy(zt, torch.from_numpy(t))


class Scipy:
    """scipy.special with the lossdocs.numeric API (for lossdocs.accuracy.errors)."""

    @staticmethod
    def sigmoid(x):
        return special.expit(x)

    @staticmethod
    def log_sigmoid(x):
        return special.log_expit(x)

    @staticmethod
    def logsumexp(z, dim):
        return special.logsumexp(z, axis=dim)

    @staticmethod
    def softmax(z, dim):
        return special.softmax(z, axis=dim)

    @staticmethod
    def log_softmax(z, dim):
        return special.log_softmax(z, axis=dim)


def log_loss_errors(dtype) -> float:
    """The largest ulp error of sklearn's log_loss and of lossdocs's binary_cross_entropy, element by element,
    over the grid's probabilities p in [eps, 1 − eps] (sklearn clips p to that range, torch and lossdocs clamp
    log p at −100) with hard targets (log_loss takes labels only)."""
    worst = {"sklearn": 0.0, "lossdocs": 0.0}
    eps = np.finfo(dtype).eps
    for y in (0.0, 1.0):
        p, exact = grid.exact_elementwise("binary_cross_entropy", dtype, y)
        inside = (p >= eps) & (p <= 1 - eps)
        p, exact = p[inside], (exact[0][inside], exact[1][inside])
        ours = numeric.binary_cross_entropy(p, np.full_like(p, y), reduction="none")
        theirs = np.array([log_loss([y], [pi], labels=[0, 1]) for pi in p])
        for name, got in (("sklearn", theirs), ("lossdocs", ours)):
            worst[name] = max(worst[name], float(grid.ulp_error(got, exact, dtype).max()))
    return worst


def peers(repeats: int, rng) -> None:
    torch_errors = {(r["function"], r["dtype"]): r["torch_finite"] for r in grid.torch_measured()["table"]}
    print()
    print(
        "| function | dtype | lossdocs ms | scipy/sklearn ms | torch ms | lossdocs ulp | scipy/sklearn ulp "
        "| torch ulp |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for dtype in (np.float32, np.float64):
        name = np.dtype(dtype).name
        x = rng.normal(scale=4.0, size=10**6).astype(dtype)
        p = rng.random(10**6).astype(dtype)
        y = (rng.random(10**6) < 0.5).astype(dtype)
        z = rng.normal(scale=4.0, size=(10**5, 10)).astype(dtype)
        tx, tp, ty, tz = (torch.from_numpy(a) for a in (x, p, y, z))
        rows = [
            ("sigmoid", "expit", "1e6", numeric.sigmoid, special.expit, torch.sigmoid, x, tx),
            ("log_sigmoid", "log_expit", "1e6", numeric.log_sigmoid, special.log_expit, F.logsigmoid, x, tx),
            ("logsumexp", "logsumexp", "1e5 x 10", lambda a: numeric.logsumexp(a, 1),
             lambda a: special.logsumexp(a, axis=1), lambda a: torch.logsumexp(a, 1), z, tz),
            ("softmax", "softmax", "1e5 x 10", lambda a: numeric.softmax(a, 1),
             lambda a: special.softmax(a, axis=1), lambda a: F.softmax(a, 1), z, tz),
            ("log_softmax", "log_softmax", "1e5 x 10", lambda a: numeric.log_softmax(a, 1),
             lambda a: special.log_softmax(a, axis=1), lambda a: F.log_softmax(a, 1), z, tz),
        ]  # fmt: skip
        for function, peer, size, ours, theirs, torch_f, array, tensor in rows:
            calls = [partial(ours, array), partial(theirs, array), partial(torch_f, tensor)]
            times = median_cpu_ms(calls, repeats)
            with np.errstate(all="ignore"):
                ours_errors = grid.errors(function, dtype, numeric)[0]
                scipy_errors, _, finite = grid.errors(function, dtype, Scipy)
            mark = " †" if np.isinf(scipy_errors[~finite]).any() else ""
            errors = [ours_errors.max(), f"{scipy_errors[finite].max():.3g}{mark}"]
            print(
                f"| {function} vs scipy.special.{peer}, {size} | {name} | {times[0]:.2f} | {times[1]:.2f} "
                f"| {times[2]:.2f} | {errors[0]:.2f} | {errors[1]} "
                f"| {torch_errors[(function, name)]:.3g} |"
            )
        calls = [
            partial(numeric.binary_cross_entropy, p, y),
            partial(log_loss, y, p),
            partial(F.binary_cross_entropy, tp, ty),
        ]
        times = median_cpu_ms(calls, repeats)
        errors = log_loss_errors(dtype)
        print(
            f"| binary_cross_entropy vs sklearn log_loss, 1e6 (hard targets, p in [eps, 1 - eps]) | {name} "
            f"| {times[0]:.2f} | {times[1]:.2f} | {times[2]:.2f} | {errors['lossdocs']:.2f} "
            f"| {errors['sklearn']:.3g} | {torch_errors[('binary_cross_entropy', name)]:.3g} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--no-peers", action="store_true", help="lossdocs against torch only")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    print(f"numpy {np.__version__}, torch {torch.__version__}, threads: torch {torch.get_num_threads()}")
    print()
    print(
        "| case | dtype | lossdocs fwd ms | torch fwd ms | ratio | lossdocs fwd+grad ms "
        "| torch fwd+grad ms | ratio | lossdocs peak / input |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for dtype in (np.float32, np.float64):
        for name, array, forward, both, torch_loss in cases(dtype, rng):
            tensor = torch.from_numpy(array)

            def torch_forward(tensor=tensor, torch_loss=torch_loss):
                return torch_loss(tensor)

            def torch_both(tensor=tensor, torch_loss=torch_loss):
                leaf = tensor.detach().requires_grad_()
                loss = torch_loss(leaf)
                loss.backward()
                return loss, leaf.grad

            ours_f, theirs_f = median_cpu_ms([forward, torch_forward], args.repeats)
            ours_b, theirs_b = median_cpu_ms([both, torch_both], args.repeats)
            peak = peak_ratio(both, array.nbytes)
            print(
                f"| {name} | {np.dtype(dtype).name} | {ours_f:.2f} | {theirs_f:.2f} "
                f"| {ours_f / theirs_f:.2f} | {ours_b:.2f} | {theirs_b:.2f} | {ours_b / theirs_b:.2f} "
                f"| {peak:.2f} |"
            )
    if not args.no_peers:
        peers(args.repeats, rng)


if __name__ == "__main__":
    main()
