"""What the fused loss saves: Sigmoid + BCELoss against BCEWithLogitsLoss, forward + backward, in torch.

Run from the repository root: python benchmarks/fused_loss.py [--repeats 21]
Writes lossdocs/fused_loss.json (schema: lossdocs/fused_loss.py), which the BCEWithLogitsLoss pages
render with a ``benchmark`` block.  For float32 logits x of shape (N,) (requires_grad) and soft targets
y, one pass is ``loss = F.binary_cross_entropy(torch.sigmoid(x), y)`` or
``loss = F.binary_cross_entropy_with_logits(x, y)`` followed by ``loss.backward()``.  Per size and loss:

- time: the median CPU time (process_time: this machine is shared, wall time is not) of ``repeats``
  passes on one thread, the two losses called in turn in every repeat so that both see the same conditions;
- saved: the bytes of the tensors autograd saves for backward (torch.autograd.graph.saved_tensors_hooks),
  distinct storages, leaving out x and y themselves, which exist either way;
- peak: the peak, above the start, of the bytes torch's CPU allocator holds during one pass (the
  profiler's memory events, profile_memory=True): everything the pass allocates, x.grad included.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402, N812
from torch.profiler import ProfilerActivity, profile  # noqa: E402

from lossdocs import fused_loss  # noqa: E402

SIZES = (10**4, 10**6, 10**7)
PASSES = {
    "sigmoid+BCELoss": lambda x, y: F.binary_cross_entropy(torch.sigmoid(x), y),
    "BCEWithLogitsLoss": lambda x, y: F.binary_cross_entropy_with_logits(x, y),
}
assert tuple(PASSES) == fused_loss.LOSSES


def one_pass(loss, x, y) -> None:
    x.grad = None
    loss(x, y).backward()


def median_ms(x, y, repeats: int) -> dict[str, float]:
    for loss in PASSES.values():
        one_pass(loss, x, y)
    spent = {name: [] for name in PASSES}
    for _ in range(repeats):
        for name, loss in PASSES.items():
            start = time.process_time()
            one_pass(loss, x, y)
            spent[name].append(time.process_time() - start)
    return {name: statistics.median(times) * 1e3 for name, times in spent.items()}


def saved_bytes(loss, x, y) -> int:
    inputs = {x.untyped_storage().data_ptr(), y.untyped_storage().data_ptr()}
    storages = {}

    def pack(tensor):
        storage = tensor.untyped_storage()
        if storage.data_ptr() not in inputs:
            storages[storage.data_ptr()] = storage.nbytes()
        return tensor

    x.grad = None
    with torch.autograd.graph.saved_tensors_hooks(pack, lambda tensor: tensor):
        result = loss(x, y)
    result.backward()
    return sum(storages.values())


def peak_bytes(loss, x, y) -> int:
    x.grad = None
    with profile(activities=[ProfilerActivity.CPU], profile_memory=True) as prof:
        loss(x, y).backward()
    # The allocator's events (bytes: + allocated, − freed), in time order; FunctionEvent folds them into ops.
    events = sorted(
        (event.start_ns(), event.nbytes())
        for event in prof.profiler.kineto_results.events()
        if event.name() == "[memory]"
    )
    held = peak = 0
    for _, change in events:
        held += change
        peak = max(peak, held)
    return peak


def processor() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=21)
    args = parser.parse_args()
    torch.set_num_threads(1)
    generator = torch.Generator().manual_seed(0)
    rows = []
    for n in SIZES:
        x = torch.randn(n, generator=generator).requires_grad_()
        y = torch.rand(n, generator=generator)
        times = median_ms(x, y, args.repeats)
        for name, loss in PASSES.items():
            rows.append(
                {
                    "n": n,
                    "loss": name,
                    "median_ms": round(times[name], 3),
                    "saved_bytes": saved_bytes(loss, x, y),
                    "peak_bytes": peak_bytes(loss, x, y),
                }
            )
            print(rows[-1], flush=True)
    data = {
        "torch": torch.__version__,
        "cpu_capability": torch.backends.cpu.get_cpu_capability(),
        "processor": processor(),
        "machine": platform.machine(),
        "threads": torch.get_num_threads(),
        "date": datetime.datetime.now(datetime.UTC).date().isoformat(),
        "dtype": "float32",
        "repeats": args.repeats,
        "rows": rows,
    }
    if found := fused_loss.problems(data):
        raise SystemExit("the measurement does not follow lossdocs/fused_loss.py: " + "; ".join(found))
    fused_loss.DATA.write_text(json.dumps(data, indent=1) + "\n")
    print(f"wrote {fused_loss.DATA.relative_to(ROOT)}: torch {data['torch']} ({data['cpu_capability']})")


if __name__ == "__main__":
    main()
