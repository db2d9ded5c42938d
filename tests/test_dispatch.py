"""The numeric tests again, on NumPy's other SIMD kernels: what holds on one CPU only fails here.

NumPy picks exp/log kernels by CPU (``numpy.show_runtime()``); a machine with AVX-512 gets other last bits
than one with AVX2.  ``NPY_DISABLE_CPU_FEATURES`` makes this machine use the kernels of a lesser CPU: the
baseline (every dispatch target off) and, where there are several, the lowest dispatch target alone.
A CPU without dispatch targets has one path only; these tests then have no parameters (skipped).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from lossdocs import cache
from tests.conftest import ROOT

NUMERIC_TESTS = [
    "tests/test_numeric_accuracy.py",
    "tests/test_numeric.py",
    "tests/test_numeric_family.py",
    "tests/test_docstrings.py",  # the API reference's examples
    "tests/test_numeric_checks.py",
    "tests/test_counterparts.py",
    "docs",  # every page's examples
]


def enabled_dispatch_targets() -> list[str]:
    from numpy._core import _multiarray_umath as umath

    return [name for name in umath.__cpu_dispatch__ if umath.__cpu_features__.get(name)]


def other_paths() -> dict[str, str]:
    """A name for each other kernel choice this CPU can make → the NPY_DISABLE_CPU_FEATURES that makes it."""
    enabled = enabled_dispatch_targets()
    paths = {"baseline": " ".join(enabled)} if enabled else {}
    if len(enabled) > 1:
        paths[f"{enabled[0]} only"] = " ".join(enabled[1:])
    return paths


PATHS = other_paths()


def run(code: str, disabled: str) -> str:
    env = {**os.environ, "NPY_DISABLE_CPU_FEATURES": disabled}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, check=True
    )
    return result.stdout


@pytest.mark.parametrize("disabled", PATHS.values(), ids=PATHS.keys())
def test_the_other_kernels_get_their_own_cache_key(disabled):
    code = (
        "import json; from lossdocs import cache; print(json.dumps([cache.simd_features(), cache.digest()]))"
    )
    features, digest = json.loads(run(code, disabled))
    assert set(features).isdisjoint(disabled.split())
    assert features != list(cache.simd_features())
    assert digest != cache.digest()


@pytest.mark.parametrize("disabled", PATHS.values(), ids=PATHS.keys())
def test_the_numeric_tests_pass_on_the_other_kernels(disabled):
    """Every numeric test and page example but those that read the built site (the build is tested once)."""
    env = {**os.environ, "NPY_DISABLE_CPU_FEATURES": disabled}
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "-k",
        "not built",
        *NUMERIC_TESTS,
    ]
    result = subprocess.run(
        command, capture_output=True, text=True, env=env, cwd=ROOT, stdin=subprocess.DEVNULL
    )
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert re.fullmatch(r"\d+ passed, \d+ deselected in .*", summary), summary  # nothing skipped, no warning
