"""What the fused ``BCEWithLogitsLoss`` saves against ``Sigmoid`` + ``BCELoss``: time and memory of one
forward + backward pass in torch, measured once by benchmarks/fused_loss.py into ``fused_loss.json``.

torch is not a dependency of lossdocs, so the site renders the stored numbers (the ``benchmark``
fence, `lossdocs.render.benchmark`) and never measures them itself.  This module owns the file's
schema: the benchmark checks what it writes with :func:`problems`, and so do the tests.
"""

from __future__ import annotations

from pathlib import Path

from lossdocs._schema import load, typed_fields

DATA = Path(__file__).parent / "fused_loss.json"
LOSSES = ("sigmoid+BCELoss", "BCEWithLogitsLoss")  # the two ways, in the order the table shows them
FIELDS = {  # the file's top-level fields: what was measured, on what
    "torch": str,  # torch.__version__
    "cpu_capability": str,  # torch.backends.cpu.get_cpu_capability(): the kernels torch dispatched to
    "processor": str,  # the CPU's model name (/proc/cpuinfo), or platform.processor()
    "machine": str,  # platform.machine()
    "threads": int,  # torch.get_num_threads() while timing
    "date": str,  # YYYY-MM-DD (UTC)
    "dtype": str,  # the logits' and targets' dtype
    "repeats": int,  # timed passes per row; a row's time is their median
    "rows": list,
}
ROW_FIELDS = {
    "n": int,  # number of elements (logits of shape (n,))
    "loss": str,  # one of LOSSES
    "median_ms": float,  # median wall time of forward + backward, in milliseconds
    "saved_bytes": int,  # bytes autograd keeps for backward besides the logits and targets
    "peak_bytes": int,  # peak bytes allocated by torch's CPU allocator during forward + backward
}


def problems(data: dict) -> list[str]:
    """What makes ``data`` not a fused-loss measurement (missing or mistyped fields, a size without both
    losses); empty when it is one."""
    found, rows = typed_fields(data, FIELDS, ROW_FIELDS)
    for number, row in enumerate(rows):
        if isinstance(row, dict) and row.get("loss") not in LOSSES:
            found.append(f"rows[{number}].loss: expected one of {LOSSES}, found {row.get('loss')!r}")
    sizes = {row.get("n") for row in rows if isinstance(row, dict)}
    for n in sorted(size for size in sizes if isinstance(size, int)):
        losses = [row.get("loss") for row in rows if isinstance(row, dict) and row.get("n") == n]
        if sorted(losses) != sorted(LOSSES):
            found.append(f"n={n}: expected one row per loss {LOSSES}, found {losses}")
    if not rows:
        found.append("rows: no measurement")
    return found


def measured(path: Path = DATA) -> dict:
    """The stored measurement; ValueError naming the file if it does not follow the schema."""
    return load(path, problems)
