"""An on-disk memo of check results, tables, accuracy data and executed labs: a speed-up, never a
source of truth.

Every entry is stored under :func:`digest`, one key for every cache: the entry's own content
(a derivation, a notebook) hashed together with :func:`environment`, which is everything else that
can change a result: every source file of lossdocs, the versions of `DEPENDENCIES` and the SIMD
features NumPy dispatches to (its exp and log differ in the last bit between AVX2 and AVX-512, so
one CPU's entries never answer for another's, nor for ``NPY_DISABLE_CPU_FEATURES``).

Entries live in ``$LOSSDOCS_CACHE`` (default ``~/.cache/lossdocs``; ``off`` disables the cache).
Only passing results are stored; an entry that is unreadable, or whose stored key differs from the
one asked for, is treated as missing.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from pathlib import Path

PACKAGE = Path(__file__).parent
DEPENDENCIES = ("sympy", "mpmath", "numpy", "matplotlib", "koreanize-matplotlib", "ipykernel", "nbclient")


def directory() -> Path | None:
    setting = os.environ.get("LOSSDOCS_CACHE", "")
    if setting == "off":
        return None
    if setting:
        return Path(setting)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "lossdocs"


def key(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def simd_features() -> tuple[str, ...]:
    """The CPU features NumPy uses in this process (its baseline and the dispatch targets it found,
    less those disabled by ``NPY_DISABLE_CPU_FEATURES``), as ``numpy.show_runtime()`` names them."""
    try:
        from numpy._core import _multiarray_umath as umath
    except ImportError:  # NumPy < 2
        from numpy.core import _multiarray_umath as umath
    found = umath.__cpu_features__
    return tuple(name for name in (*umath.__cpu_baseline__, *umath.__cpu_dispatch__) if found.get(name))


def _versions() -> list[str]:
    from importlib.metadata import PackageNotFoundError, version

    def installed(name: str) -> str:
        try:
            return f"{name}=={version(name)}"
        except PackageNotFoundError:
            return f"{name} absent"

    return [installed(name) for name in DEPENDENCIES]


def environment(loaded: bool = True) -> str:
    """A hash of lossdocs' sources, the versions of `DEPENDENCIES` and NumPy's active SIMD features.

    With ``loaded`` (the default) the sources are those this process read when it first asked,
    i.e. the code it runs (`mkdocs serve` keeps its modules when a file changes); with
    ``loaded=False`` they are read again, for results that new processes compute (the labs).
    """
    return _environment() if loaded else _environment.__wrapped__()


@functools.cache
def _environment() -> str:
    sources = [f"{path.relative_to(PACKAGE)}\0{path.read_text()}" for path in sorted(PACKAGE.rglob("*.py"))]
    return key(*sources, *_versions(), *simd_features())


def digest(*parts: str, loaded: bool = True) -> str:
    """The key of a cache entry made from ``parts``: ``parts`` and :func:`environment`, hashed."""
    return key(environment(loaded), *parts)


def _path(kind: str, digest: str) -> Path | None:
    root = directory()
    return None if root is None else root / f"{kind}-{digest}.json"


def load(kind: str, digest: str):
    """The value stored for ``digest``, or None when there is no trustworthy entry."""
    path = _path(kind, digest)
    try:
        entry = json.loads(path.read_text())
        return entry["value"] if entry["key"] == digest else None
    except (AttributeError, OSError, ValueError, KeyError, TypeError):
        return None


def store(kind: str, digest: str, value) -> None:
    """Write atomically; a cache that cannot be written is simply not used."""
    path = _path(kind, digest)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, suffix=".tmp") as tmp:
            json.dump({"key": digest, "value": value}, tmp)
        os.replace(tmp.name, path)
    except OSError:
        pass
