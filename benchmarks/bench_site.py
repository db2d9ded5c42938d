"""How long the site takes to build, rebuild and typeset, and how heavy its pages are.

    PYTHONPATH=. python benchmarks/bench_site.py [--repeat 3]

Cold build: a fresh ``mkdocs build --strict`` process into an empty folder (wall time, median).
What the labs add: each build is followed by one of a copy of the project without the labs, and
the median of the differences is reported, in wall time and in CPU time (the build and the
kernels; it varies less than wall time on a shared machine).  ``--builds-only`` measures just these.
Rebuild: ``mkdocs serve`` (and ``mkdocs serve --dirty``) on a copy of the project; one page's
prose is edited and the time until the served page shows the edit is measured (median).
Page weights: each page's HTML and everything the browser loads for it with an empty cache.
Typeset: the time MathJax spends in its first typeset of each page in Chromium (median per page).
Goals (issues 7 and 8, on a 2-core machine): cold build <= 15 s, labs add <= 8 s, rebuild <= 3 s,
typeset <= 1 s per page.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, mkdocs_build, serve  # noqa: E402
from tests.sitecheck import built_pages  # noqa: E402

GOALS = {
    "cold build": 15.0,
    "labs add": 8.0,
    "rebuild": 3.0,
    "rebuild --dirty": 3.0,
    "slowest typeset": 1.0,
}
EDITED_PAGE = "docs/en/sigmoid.md"
EDITED_URL = "/en/sigmoid/"

# Wraps MathJax's startup typeset to time it; runs before the page's own mathjax-config.js.
TIME_TYPESET = """
Object.defineProperty(window, 'MathJax', {
  configurable: true,
  set(config) {
    config.startup = {...config.startup, pageReady() {
      const start = performance.now();
      return MathJax.startup.defaultPageReady().then(() => {
        window.lossdocsTypesetMs = performance.now() - start;
      });
    }};
    Object.defineProperty(window, 'MathJax', {value: config, writable: true, configurable: true});
  },
});
"""


def copy_project(target: Path) -> Path:
    shutil.copytree(ROOT / "docs", target / "docs")
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


def without_labs(target: Path) -> Path:
    """A copy of the project without its notebooks and the lines that link to them."""
    project = copy_project(target)
    for folder in project.glob("docs/*/labs"):
        shutil.rmtree(folder)
    for page in project.glob("docs/**/*.md"):
        lines = page.read_text().splitlines(keepends=True)
        page.write_text("".join(line for line in lines if ".ipynb)" not in line))
    config = project / "mkdocs.yml"  # the nav's lab section: its title line and its notebooks
    lines = config.read_text().splitlines(keepends=True)
    labs = {i for i, line in enumerate(lines) if line.rstrip().endswith(".ipynb")}
    titles = {i - 1 for i in labs if i - 1 not in labs}
    config.write_text("".join(line for i, line in enumerate(lines) if i not in labs | titles))
    return project


def machine_speed() -> float:
    """Seconds for a fixed pure-Python loop: the same machine varies by 2x during a day."""
    start = time.perf_counter()
    total = 0
    for i in range(10**7):
        total += i
    return time.perf_counter() - start


def cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # the build and its kernels, once waited for
    return usage.ru_utime + usage.ru_stime


def timed_build(project: Path, site: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one build."""
    start, cpu = time.perf_counter(), cpu_of_children()
    result = mkdocs_build(project / "mkdocs.yml", site)
    if result.returncode != 0:
        sys.exit(result.stderr)
    return time.perf_counter() - start, cpu_of_children() - cpu


def cold_builds(work: Path, repeat: int) -> tuple[dict[str, list[float]], Path]:
    """Build times with and without the labs, in pairs; and the last site built with them."""
    bare = without_labs(work / "without-labs")
    results: dict[str, list[float]] = {"cold build": [], "without labs": [], "labs add": [], "labs CPU": []}
    for run in range(repeat):
        full, full_cpu = timed_build(ROOT, work / f"cold-{run}")
        without, without_cpu = timed_build(bare, work / f"without-labs-{run}")
        results["cold build"].append(full)
        results["without labs"].append(without)
        results["labs add"].append(full - without)
        results["labs CPU"].append(full_cpu - without_cpu)
    return results, work / f"cold-{repeat - 1}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(predicate, timeout: float, step: float = 0.02) -> float:
    """Seconds until ``predicate()`` holds; raises TimeoutError after ``timeout``."""
    start = time.perf_counter()
    while not predicate():
        if time.perf_counter() - start > timeout:
            raise TimeoutError
        time.sleep(step)
    return time.perf_counter() - start


def rebuild(work: Path, repeat: int, dirty: bool) -> list[float]:
    project = copy_project(work / ("serve-dirty" if dirty else "serve"))
    port = free_port()
    command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f", "mkdocs.yml"]
    server = subprocess.Popen(
        command + (["--dirty", "--no-strict"] if dirty else []),  # a dirty build always warns
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    url = f"http://127.0.0.1:{port}{EDITED_URL}"
    page = project / EDITED_PAGE
    times = []
    try:
        wait_for(lambda: "</html>" in fetch(url), timeout=120, step=0.2)
        for run in range(repeat):
            time.sleep(1.0)  # let the watcher settle after the previous build
            marker = f"Edited for the benchmark, run {run} at {time.time()}."
            page.write_text(page.read_text() + f"\n{marker}\n")
            times.append(wait_for(lambda marker=marker: marker in fetch(url), timeout=60))
    finally:
        server.terminate()
        server.wait(timeout=10)
    return times


def browser_numbers(site: Path, repeat: int) -> dict[str, dict[str, float]]:
    from playwright.sync_api import sync_playwright

    numbers = {}
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for path in built_pages(site):
            typeset, loaded = [], 0
            for run in range(repeat):
                context = browser.new_context()  # empty cache: the weight a first visit pays
                context.add_init_script(TIME_TYPESET)
                page = context.new_page()
                page.goto(base + path)
                page.wait_for_function("window.lossdocsTypesetMs !== undefined", timeout=30_000)
                typeset.append(page.evaluate("window.lossdocsTypesetMs") / 1000)
                if run == 0:
                    loaded = page.evaluate(
                        "performance.getEntriesByType('navigation').concat(performance.getEntriesByType"
                        "('resource')).reduce((sum, entry) => sum + entry.decodedBodySize, 0)"
                    )
                context.close()
            html = (site / path.lstrip("/") / "index.html").stat().st_size
            numbers[path] = {"html": html, "loaded": loaded, "typeset": statistics.median(typeset)}
        browser.close()
    return numbers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--builds-only", action="store_true", help="only the cold builds")
    args = parser.parse_args()
    speed = machine_speed()
    with tempfile.TemporaryDirectory(prefix="lossdocs-bench-") as folder:
        work = Path(folder)
        results, site = cold_builds(work, args.repeat)
        pages = {} if args.builds_only else browser_numbers(site, args.repeat)
        if not args.builds_only:
            slowest = max(pages, key=lambda path: pages[path]["typeset"])
            results["rebuild"] = rebuild(work, args.repeat, dirty=False)
            results["rebuild --dirty"] = rebuild(work, args.repeat, dirty=True)
            results["slowest typeset"] = [pages[slowest]["typeset"]]

    print(
        f"lossdocs site benchmark: {os.cpu_count()} cores, median of {args.repeat}; "
        f"a 10**7-step Python loop took {speed:.2f} s before, {machine_speed():.2f} s after"
    )
    for name, times in results.items():
        median = statistics.median(times)
        goal = ""
        if name in GOALS:
            goal = f"goal <= {GOALS[name]:.0f} s: {'ok' if median <= GOALS[name] else 'MISSED'}"
        runs = ", ".join(f"{t:.2f}" for t in times)
        print(f"  {name:<16} {median:6.2f} s   {goal:<20}   runs: {runs}")
    if not pages:
        return
    print(f"  (slowest typeset on {slowest}; rebuild = edit of {EDITED_PAGE} until {EDITED_URL} shows it)")
    print(f"\n  {'page':<24} {'HTML kB':>8} {'loaded kB':>10} {'typeset ms':>11}")
    for path, page in pages.items():
        html, loaded, typeset = page["html"] / 1000, page["loaded"] / 1000, page["typeset"] * 1000
        print(f"  {path:<24} {html:8.1f} {loaded:10.1f} {typeset:11.0f}")


if __name__ == "__main__":
    main()
