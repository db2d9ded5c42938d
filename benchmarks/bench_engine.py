"""Engine timings: import, cold and warm `python -m lossdocs check`, and a rebuild of the site.

Run from the repository root: python benchmarks/bench_engine.py
Targets (issue 4): import <= 0.6 s, check cold <= 20 s and warm <= 1 s, rebuild after a prose edit <= 3 s.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(command: list[str], env: dict, repeat: int = 1) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(command, env=env, cwd=ROOT, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def rebuild_after_prose_edit(env: dict) -> float:
    """A second build in the same process after editing one page, as `mkdocs serve` does."""
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        shutil.copytree(ROOT / "docs", project / "docs")
        shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
        code = f"""
import time, pathlib
from mkdocs.commands.build import build
from mkdocs.config import load_config
def once():
    config = load_config("{project}/mkdocs.yml", site_dir="{project}/site")
    config.plugins.on_startup(command="serve", dirty=False)
    build(config, serve_url="http://127.0.0.1:8000/")
once()
page = pathlib.Path("{project}/docs/en/sigmoid.md")
page.write_text(page.read_text() + "\\nOne more sentence.\\n")
started = time.perf_counter(); once(); print(time.perf_counter() - started)
"""
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "LOSSDOCS_CACHE": cache, "NO_MKDOCS_2_WARNING": "1"}
        rows = [
            ("import lossdocs", timed([sys.executable, "-c", "import lossdocs"], env, repeat=5), 0.6),
            ("check, cold cache", timed([sys.executable, "-m", "lossdocs", "check"], env), 20.0),
            ("check, warm cache", timed([sys.executable, "-m", "lossdocs", "check"], env, repeat=5), 1.0),
            ("rebuild after a prose edit", rebuild_after_prose_edit(env), 3.0),
        ]
    print(f"{'what':32} {'seconds':>8} {'target':>8}")
    for name, seconds, target in rows:
        print(f"{name:32} {seconds:8.2f} {target:8.1f} {'ok' if seconds <= target else 'OVER'}")


if __name__ == "__main__":
    main()
