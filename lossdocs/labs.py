"""Run the labs: execute every notebook under the docs folder, in the background.

``Labs(docs_dir, workdir)`` starts at once, on as many Jupyter kernels as there are cores, and
writes each executed notebook to ``workdir`` (``labs.copies`` maps every notebook to that path);
``labs.wait(copy)`` blocks until that one is done and raises `LabError`, naming the notebook, if
one of its cells raised.  `mkdocs build` starts the labs as soon as it has read its configuration,
so they run, at a lower priority, while the Markdown pages are built.  Every executed notebook is stored
in `lossdocs.cache`; with ``reuse=True`` (what `mkdocs serve` asks for) a notebook whose text matches a
stored one, under the same `lossdocs.cache.environment` (sources, versions, SIMD features), is not run
again.

Starting a kernel and importing matplotlib cost about 1.8 s of CPU, as much as a lab's own cells,
so a kernel runs one notebook after another.  Before each one it is made as fresh as a new kernel
that has imported `WARM`: empty namespace, no figures, matplotlib's rcParams, numpy's error
handling, warning filters, ``sys.path``, the environment and the inline backend's settings
(``%config InlineBackend...``) as they were, every package imported
since then forgotten (importing it again runs its side effects, e.g. koreanize-matplotlib's
font), the working directory the notebook's folder and the execution count back at 1.  (A
notebook that changed a module of `WARM` itself would pass that change on; no lab does.)
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import queue
import re
import threading
from concurrent.futures import Future
from pathlib import Path

from lossdocs import cache

ANSI_COLOR = re.compile(r"\x1b\[[0-9;]*m")  # IPython colours its tracebacks
# lossdocs stays loaded (lossdocs.numeric is warm), so SymPy must too: a lossdocs built on a forgotten SymPy
# hands the next notebook's SymPy objects it does not know ("non-Expr arguments in Pow").
WARM = ("numpy", "matplotlib.pyplot", "mpmath", "sympy", "lossdocs.numeric")
BACKGROUND = 10  # how much nicer the kernels are than the build

FRESH = """\
import copy, importlib, os, sys, warnings
for _name in {warm!r}:
    importlib.import_module(_name)
import matplotlib, matplotlib.pyplot, numpy
from matplotlib_inline.config import InlineBackend
if not hasattr(sys, "lossdocs_fresh_kernel"):  # this kernel's first notebook: remember its state
    # importing SymPy adds a filter ("once" for its deprecations) that a kernel without it has not
    warnings.filters[:] = [_f for _f in warnings.filters if _f[2].__name__ != "SymPyDeprecationWarning"]
    matplotlib.pyplot.close(matplotlib.pyplot.figure())  # loads the inline backend, which keeps state
    sys.lossdocs_fresh_kernel = (
        set(sys.modules), matplotlib.rcParams.copy(), numpy.geterr(), warnings.filters[:],
        sys.path[:], dict(os.environ), copy.deepcopy(InlineBackend.instance().trait_values(config=True)),
    )
else:
    _modules, _rc, _err, _filters, _path, _environ, _inline = sys.lossdocs_fresh_kernel
    matplotlib.pyplot.close("all")
    for _name, _value in _inline.items():  # e.g. after %config InlineBackend...
        setattr(InlineBackend.instance(), _name, _value)
    _packages = {{_m.partition(".")[0] for _m in _modules}}
    for _m in [_m for _m in sys.modules if _m.partition(".")[0] not in _packages]:
        del sys.modules[_m]
    matplotlib.rcParams.update(_rc)
    numpy.seterr(**_err)
    warnings.resetwarnings()
    warnings.filters.extend(_filters)
    sys.path[:] = _path
    os.environ.clear()
    os.environ.update(_environ)
os.chdir({cwd!r})
get_ipython().run_line_magic("reset", "-f")
get_ipython().execution_count = 1
"""


def digests(docs_dir: Path) -> dict[str, str]:
    """Each notebook under ``docs_dir`` mapped to the cache key of its text (`lossdocs.cache.digest`,
    with the lossdocs sources as they are on disk now: a kernel imports them anew)."""
    return {
        str(path): cache.digest(path.read_text(), loaded=False)
        for path in sorted(Path(docs_dir).rglob("*.ipynb"))
    }


def _in_background(kernel_manager) -> None:
    """Lower the priority of the kernel's main thread, which runs the cells: the build waits for
    its pages more than for the labs, so the kernels take the CPU that the pages leave."""
    with contextlib.suppress(AttributeError, OSError):  # a speed-up only
        niceness = os.getpriority(os.PRIO_PROCESS, 0) + BACKGROUND
        os.setpriority(os.PRIO_PROCESS, kernel_manager.provisioner.pid, niceness)


class LabError(Exception):
    """A lab's cell raised; the message names the notebook and shows the traceback."""


class Labs:
    """Every notebook under ``docs_dir``, executed in the background; those under ``first``
    (a folder of ``docs_dir``, e.g. the language built first) before the others."""

    def __init__(
        self, docs_dir: Path, workdir: Path, first: str = "", kernels: int | None = None, reuse: bool = False
    ):
        self.docs_dir = Path(docs_dir)
        notebooks = sorted(
            self.docs_dir.rglob("*.ipynb"),
            key=lambda path: (path.relative_to(self.docs_dir).parts[0] != first, path),
        )
        self.copies = {
            str(source): str(Path(workdir) / source.relative_to(self.docs_dir)) for source in notebooks
        }
        self.digests = digests(self.docs_dir)
        self._done = {copy: Future() for copy in self.copies.values()}
        self._todo: queue.SimpleQueue[Path | None] = queue.SimpleQueue()
        todo = [path for path in notebooks if not (reuse and self._reuse(path))]
        for source in todo:
            self._todo.put(source)
        count = min(kernels or os.cpu_count() or 1, len(todo))
        for _ in range(count):
            self._todo.put(None)  # one "no more" for each kernel
        self._kernels = [
            threading.Thread(target=asyncio.run, args=(self._kernel(),), daemon=True) for _ in range(count)
        ]
        for thread in self._kernels:
            thread.start()

    def wait(self, copy: str) -> str:
        """Block until the notebook whose executed copy is ``copy`` has run; return ``copy``."""
        self._done[copy].result()
        return copy

    def _reuse(self, source: Path) -> bool:
        """Write the stored executed copy of ``source``, if there is one; whether there was."""
        stored = cache.load("lab", self.digests[str(source)])
        if not isinstance(stored, str):
            return False
        self._write(stored, source)
        self._done[self.copies[str(source)]].set_result(None)
        return True

    def close(self) -> None:
        """Drop the notebooks not started yet, wait for the running ones and stop the kernels."""
        while True:
            try:
                source = self._todo.get_nowait()
            except queue.Empty:
                break
            if source is not None:
                self._done[self.copies[str(source)]].cancel()
        for _ in self._kernels:
            self._todo.put(None)
        for thread in self._kernels:
            thread.join()

    async def _kernel(self) -> None:
        import nbformat
        from nbclient import NotebookClient

        client = NotebookClient(
            nbformat.v4.new_notebook(),
            timeout=300,
            kernel_name="python3",
            allow_errors=False,
            extra_arguments=["--IPKernelApp.log_level=ERROR"],  # not its notice about TCP transport
            record_timing=False,  # no timestamps: two builds give the same files
            shutdown_kernel="immediate",
            coalesce_streams=True,  # one output for a cell's prints, however the kernel flushed them
        )
        finished = False
        try:
            async with client.async_setup_kernel():
                _in_background(client.km)
                while (source := self._todo.get()) is not None:
                    done = self._done[self.copies[str(source)]]
                    try:
                        executed = nbformat.writes(await self._execute(client, source))
                        self._write(executed, source)
                    except Exception as error:  # handed to whoever waits for this notebook
                        done.set_exception(error)
                    else:
                        cache.store("lab", self.digests[str(source)], executed)
                        done.set_result(None)
                finished = True
        except Exception as error:
            if finished:  # only stopping the kernel failed
                return
            while (source := self._todo.get()) is not None:  # the kernel did not start: its share fails
                self._done[self.copies[str(source)]].set_exception(error)

    async def _execute(self, client, source: Path):
        import nbformat
        from nbclient.exceptions import CellExecutionError

        fresh = nbformat.v4.new_code_cell(FRESH.format(warm=WARM, cwd=str(source.parent.resolve())))
        try:
            client.nb = nbformat.v4.new_notebook(cells=[fresh])  # the client puts executed cells back
            await client.async_execute_cell(fresh, 0, store_history=False)
            client.nb = nbformat.read(source, as_version=4)
            await client.async_execute(cleanup_kc=False)
        except CellExecutionError as error:
            traceback = ANSI_COLOR.sub("", str(error))
            raise LabError(
                f"{source.relative_to(self.docs_dir.parent)}: a cell failed\n{traceback}"
            ) from None
        return client.nb

    def _write(self, text: str, source: Path) -> None:
        copy = Path(self.copies[str(source)])
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_text(text, encoding="utf-8")
