"""An on-disk memo of check results and executed labs, keyed by content: a speed-up, never a
source of truth.

Entries live in ``$LOSSDOCS_CACHE`` (default ``~/.cache/lossdocs``; ``off`` disables
the cache).  Only passing results are stored; an entry that is unreadable, or
whose stored key differs from the one asked for, is treated as missing.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path


def directory() -> Path | None:
    setting = os.environ.get("LOSSDOCS_CACHE", "")
    if setting == "off":
        return None
    if setting:
        return Path(setting)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "lossdocs"


def key(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def package_digest(*distributions: str) -> str:
    """A hash of every source file of lossdocs and of the installed versions of ``distributions``:
    while it is unchanged, nothing lossdocs computes with them can have changed."""
    from importlib.metadata import version

    sources = [path.read_text() for path in sorted(Path(__file__).parent.rglob("*.py"))]
    return key(*sources, *(version(name) for name in distributions))


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
