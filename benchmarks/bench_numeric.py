"""lossdocs.numeric against torch, single thread, side by side in one run: median of repeats.

Run: OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 python benchmarks/bench_numeric.py [--repeats 15]
Prints a Markdown table of median CPU times; "fwd+grad" is the forward loss and the gradient (torch: forward
+ autograd backward).
Peak memory is the largest block of temporaries numpy holds, measured with tracemalloc, in units of the
input's size.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
import tracemalloc

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402, N812

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
        lambda: (
            numeric.binary_cross_entropy_with_logits(x, y),
            numeric.binary_cross_entropy_with_logits_grad(x, y),
        ),
        lambda t: F.binary_cross_entropy_with_logits(t, torch.from_numpy(y)),
    )
    for n, c in ((10**5, 10), (10**4, 1000)):
        z = rng.normal(scale=4.0, size=(n, c)).astype(dtype)
        t = rng.integers(0, c, size=n)

        def forward(z=z, t=t):
            return numeric.cross_entropy(z, t)

        def both(z=z, t=t):
            return numeric.cross_entropy(z, t), numeric.cross_entropy_grad(z, t)

        yield f"CE {n:.0e} x {c}", z, forward, both, lambda zt, t=t: F.cross_entropy(zt, torch.from_numpy(t))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=15)
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


if __name__ == "__main__":
    main()
