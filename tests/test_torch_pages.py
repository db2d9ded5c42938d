"""torch on the pages: which examples need torch (conftest.py at the top), what happens to them without
torch, and the CUDA autocast error that the BCEWithLogitsLoss pages quote."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from conftest import NO_TORCH, names_torch
from tests.conftest import ROOT, import_torch

PAGE = "docs/en/binary/bce-with-logits.md"  # examples with torch and without it


@pytest.mark.parametrize(
    ("block", "needs"),
    [
        (">>> import torch\n", True),
        (">>> x = torch.ones(2)\n>>> x\ntensor([1., 1.])\n", True),
        (">>> import numpy as np  # torch is not needed here\n", False),
        ('>>> print("torch")\ntorch\n', False),
        (">>> torch_like = 1\n", False),
        ("from torch import nn\n", True),
        ("x = 1  # as in torch\n", False),
    ],
)
def test_a_block_needs_torch_when_its_code_names_torch(block, needs):
    assert names_torch(block) is needs


def run_page_without_torch(ci: bool) -> subprocess.CompletedProcess:
    """pytest on PAGE's examples in a Python where ``import torch`` fails."""
    code = (
        "import sys; sys.modules['torch'] = None; import pytest; "
        f"sys.exit(pytest.main(['-q', '-rs', '-p', 'no:cacheprovider', {PAGE!r}]))"
    )
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**env, **({"CI": "true"} if ci else {})},
    )


def counts(output: str) -> dict[str, int]:
    return {word: int(n) for n, word in re.findall(r"(\d+) (passed|skipped|failed)", output)}


def test_without_torch_the_torch_examples_are_skipped_with_the_reason_and_the_others_run():
    result = run_page_without_torch(ci=False)
    assert result.returncode == 0, result.stdout + result.stderr
    found = counts(result.stdout)
    assert found.get("passed", 0) > 0 and found.get("skipped", 0) > 0 and "failed" not in found, result.stdout
    assert NO_TORCH in result.stdout


def test_without_torch_under_ci_the_torch_examples_fail():
    result = run_page_without_torch(ci=True)
    assert result.returncode != 0
    assert "failed" in counts(result.stdout) and "skipped" not in counts(result.stdout), result.stdout
    assert f"{NO_TORCH} (CI runs every example)" in result.stdout


def cuda_autocast_error() -> str:
    """What ``F.binary_cross_entropy`` raises under CUDA autocast, on a build without CUDA:
    ``torch.autocast("cuda")`` itself turns off without a GPU, so the test does what it does inside,
    enabling CUDA autocast and its dispatch key, and calls the op on CPU tensors."""
    torch = import_torch()
    torch._C.set_autocast_enabled("cuda", True)
    try:
        with torch._C._IncludeDispatchKeyGuard(torch._C.DispatchKey.AutocastCUDA):
            torch.nn.functional.binary_cross_entropy(torch.rand(3), torch.rand(3))
    except RuntimeError as error:
        return f"RuntimeError: {error}"
    finally:
        torch._C.set_autocast_enabled("cuda", False)
    raise AssertionError("binary_cross_entropy ran under CUDA autocast")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_bce_with_logits_pages_quote_the_error_cuda_autocast_gives(lang):
    page = (ROOT / "docs" / lang / "binary" / "bce-with-logits.md").read_text()
    quoted = re.search(
        r"```text\n(RuntimeError: torch\.nn\.functional\.binary_cross_entropy .*?)\n```", page, re.S
    )
    assert quoted, "the page quotes no autocast error"
    assert quoted[1] == cuda_autocast_error()


def test_cpu_autocast_runs_bce_loss_in_float32():
    torch = import_torch()
    with torch.autocast("cpu", dtype=torch.bfloat16):
        loss = torch.nn.functional.binary_cross_entropy(torch.rand(3).bfloat16(), torch.rand(3))
    assert loss.dtype == torch.float32
