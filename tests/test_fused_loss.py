"""What the fused loss saves: the stored measurement (lossdocs/fused_loss.json), its schema, the benchmark
that writes it (benchmarks/fused_loss.py) and the ``benchmark`` fence that renders it."""

from __future__ import annotations

import importlib.util
import json
import re

import pytest

from lossdocs import fused_loss, render
from lossdocs.site import EmbedError, embeds, expand
from tests.conftest import ROOT

TINY = {
    "torch": "2.13.0+cpu",
    "cpu_capability": "AVX2",
    "processor": "Some CPU",
    "machine": "x86_64",
    "threads": 1,
    "date": "2026-01-02",
    "dtype": "float32",
    "repeats": 3,
    "rows": [
        {"n": 10, "loss": "BCEWithLogitsLoss", "median_ms": 0.0123, "saved_bytes": 0, "peak_bytes": 96},
        {"n": 10, "loss": "sigmoid+BCELoss", "median_ms": 0.0456, "saved_bytes": 40, "peak_bytes": 176},
        {"n": 2000, "loss": "sigmoid+BCELoss", "median_ms": 1234.6, "saved_bytes": 8000, "peak_bytes": 32004},
        {"n": 2000, "loss": "BCEWithLogitsLoss", "median_ms": 617.0, "saved_bytes": 0, "peak_bytes": 16016},
    ],
}

TINY_KO = """\
| 원소 수 \\(N\\) | 손실 | 시간(ms) | 역전파까지 남는 메모리 | 최대 메모리 |
|---:|---|---:|---:|---:|
| 10 | `Sigmoid` + `BCELoss` | 0.0456 | 40 B | 176 B |
| 10 | `BCEWithLogitsLoss` | 0.0123 | 0 B | 96 B |
| 2,000 | `Sigmoid` + `BCELoss` | 1,235 | 8 kB | 32 kB |
| 2,000 | `BCEWithLogitsLoss` | 617 | 0 B | 16 kB |

`benchmarks/fused_loss.py`가 torch 2.13.0+cpu(CPU 커널 AVX2), Some CPU(x86_64), \
`torch.set_num_threads(1)`로 2026-01-02에 측정해 `lossdocs/fused_loss.json`에 저장한 값입니다. \
시간은 길이 \\(N\\)인 float32 로짓과 소프트 정답으로 순전파와 역전파를 한 번 하는 CPU 시간이고, \
3번 잰 값의 중앙값입니다. 역전파까지 남는 메모리는 autograd가 역전파를 위해 저장한 텐서에서 로짓과 \
정답을 뺀 바이트 수입니다(`saved_tensors_hooks`). 최대 메모리는 한 번의 순전파와 역전파 동안 torch의 \
CPU 할당자가 더 잡은 바이트의 최댓값이고(프로파일러의 메모리 이벤트), `x.grad`도 들어갑니다.
"""

TINY_EN_HEAD = """\
| elements \\(N\\) | loss | time (ms) | kept for backward | peak memory |
|---:|---|---:|---:|---:|
| 10 | `Sigmoid` + `BCELoss` | 0.0456 | 40 B | 176 B |
"""


def test_the_fence_renders_a_measurement_as_a_table_with_what_was_measured_on_what():
    assert render.fused_loss_table(TINY, "ko") == TINY_KO
    english = render.fused_loss_table(TINY, "en")
    assert english.startswith(TINY_EN_HEAD)
    assert "with torch 2.13.0+cpu (CPU kernels AVX2) on Some CPU (x86_64)" in english
    assert "`torch.set_num_threads(1)`, on 2026-01-02" in english
    assert "the median of 3 runs" in english


def test_times_are_shown_with_three_digits_and_no_exponent():
    assert [render.format_ms(ms) for ms in (0.01234, 9.378, 99.95, 439.46, 1234.6)] == [
        "0.0123",
        "9.38",
        "100",
        "439",
        "1,235",
    ]


def test_bytes_are_shown_in_decimal_units_with_three_digits():
    shown = [render.format_bytes(b) for b in (0, 999, 1000, 80016, 16000004, 160000004, 2 * 10**9)]
    assert shown == ["0 B", "999 B", "1 kB", "80 kB", "16 MB", "160 MB", "2 GB"]


def test_a_page_block_is_replaced_by_the_stored_measurement_and_an_unknown_name_names_the_page():
    page = "Before.\n\n```benchmark\nfused-loss\n```\n\nAfter."
    assert expand(page, "en", "p.md") == f"Before.\n\n{render.benchmark('fused-loss', 'en')}\n\nAfter."
    with pytest.raises(EmbedError, match=r"docs/en/p\.md, line 1: .*no benchmark 'fused-lose'"):
        expand("```benchmark\nfused-lose\n```", "en", "docs/en/p.md")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_bce_with_logits_pages_embed_the_measurement(lang):
    page = (ROOT / "docs" / lang / "binary" / "bce-with-logits.md").read_text()
    assert ("benchmark", "fused-loss") in embeds(page)


def test_the_stored_measurement_follows_the_schema_and_was_made_with_the_pinned_torch():
    data = json.loads(fused_loss.DATA.read_text())
    assert fused_loss.problems(data) == []
    pinned = re.search(r"^torch==(\S+)", (ROOT / "requirements-dev.txt").read_text(), re.M)[1]
    assert data["torch"].split("+")[0] == pinned
    assert sorted({row["n"] for row in data["rows"]}) == [10**4, 10**6, 10**7]


def test_the_schema_names_what_is_wrong():
    broken = {**TINY, "threads": "1", "rows": [{**TINY["rows"][0], "median_ms": None}, TINY["rows"][1]]}
    broken["rows"].append({**TINY["rows"][2], "loss": "BCELoss"})
    assert fused_loss.problems(broken) == [
        "threads: expected int, found '1'",
        "rows[0].median_ms: expected float, found None",
        "rows[2].loss: expected one of ('sigmoid+BCELoss', 'BCEWithLogitsLoss'), found 'BCELoss'",
        "n=2000: expected one row per loss ('sigmoid+BCELoss', 'BCEWithLogitsLoss'), found ['BCELoss']",
    ]
    assert fused_loss.problems({**TINY, "rows": []}) == ["rows: no measurement"]


def test_what_the_pages_say_about_the_measurement_holds():
    """The pages say: at every size the fused loss is faster, its peak is lower, it keeps nothing for
    backward, and Sigmoid + BCELoss keeps one float32 tensor p.  A new measurement that says otherwise
    fails here, so that the pages are corrected with it."""
    rows = {(row["n"], row["loss"]): row for row in fused_loss.measured()["rows"]}
    for n in {n for n, _ in rows}:
        separate, fused = rows[n, "sigmoid+BCELoss"], rows[n, "BCEWithLogitsLoss"]
        assert fused["median_ms"] < separate["median_ms"], n
        assert fused["peak_bytes"] < separate["peak_bytes"], n
        assert fused["saved_bytes"] == 0, n
        assert separate["saved_bytes"] == 4 * n, n


def test_the_benchmark_measures_the_saved_tensors_and_the_peak():
    from tests.conftest import import_torch

    torch = import_torch()
    spec = importlib.util.spec_from_file_location(
        "fused_loss_benchmark", ROOT / "benchmarks" / "fused_loss.py"
    )
    benchmark = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(benchmark)
    n = 1000
    x, y = torch.randn(n).requires_grad_(), torch.rand(n)
    separate, fused = benchmark.PASSES["sigmoid+BCELoss"], benchmark.PASSES["BCEWithLogitsLoss"]
    assert benchmark.saved_bytes(separate, x, y) == 4 * n  # p = sigmoid(x)
    assert benchmark.saved_bytes(fused, x, y) == 0
    assert benchmark.peak_bytes(fused, x, y) >= 4 * n  # x.grad at least
    assert benchmark.peak_bytes(separate, x, y) > benchmark.peak_bytes(fused, x, y)
