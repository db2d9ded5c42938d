"""Sybil: every ``pycon`` and ``python`` example in the pages of both languages runs as a test.

An example block whose code names ``torch`` needs torch (requirements-dev.txt installs it), and so does a
block that names another framework (``tensorflow``, ``keras``, ``jax``, ``optax``, ``sklearn``) need that
one. Without it such a block is skipped, with the reason, unless ``CI`` is set: there it fails, so that
CI never passes without running every example. A block that uses a framework says so: it names the
framework itself rather than only using a name that an earlier block defined.
"""

from __future__ import annotations

import functools
import importlib
import io
import os
import tokenize
from doctest import ELLIPSIS, NORMALIZE_WHITESPACE, DocTestParser

import pytest
from sybil import Sybil
from sybil.evaluators.python import PythonEvaluator
from sybil.parsers.markdown import CodeBlockParser, PythonCodeBlockParser

FLAGS = ELLIPSIS | NORMALIZE_WHITESPACE
FRAMEWORKS = ("torch", "tensorflow", "keras", "jax", "optax", "sklearn")
"""The packages of requirements-dev.txt that a page's example may import (by their import names)."""
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # TensorFlow's C++ start-up logging, before any import


def not_installed(names) -> str:
    return (
        f"this example needs {', '.join(names)}, which is not installed: pip install -r requirements-dev.txt"
    )


NO_TORCH = not_installed(["torch"])


def frameworks_named(block: str) -> tuple[str, ...]:
    """The `FRAMEWORKS` that the code of a ``python`` block, or of the ``>>>`` lines of a ``pycon`` one,
    names (comments and strings do not count)."""
    if block.lstrip().startswith(">>>"):
        block = "".join(example.source for example in DocTestParser().get_examples(block))
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(block).readline))
    except (tokenize.TokenError, SyntaxError):
        return tuple(name for name in FRAMEWORKS if name in block)
    names = {token.string for token in tokens if token.type == tokenize.NAME}
    return tuple(name for name in FRAMEWORKS if name in names)


def names_torch(block: str) -> bool:
    """Whether the block names torch (see `frameworks_named`)."""
    return "torch" in frameworks_named(block)


@functools.cache
def missing(name: str) -> bool:
    """Whether the package ``name`` cannot be imported here."""
    try:
        importlib.import_module(name)
    except ImportError:
        return True
    return False


def torch_missing() -> bool:
    return missing("torch")


def needing(names: tuple[str, ...], evaluator):
    def evaluate(example):
        absent = [name for name in names if missing(name)]
        if absent:
            message = not_installed(absent)
            if os.environ.get("CI"):
                pytest.fail(f"{message} (CI runs every example)")
            pytest.skip(message)
        return evaluator(example)

    return evaluate


def needing_torch(evaluator):
    return needing(("torch",), evaluator)


class TorchAwareParser(PythonCodeBlockParser):
    """Sybil's Python code-block parser (a block of ``>>>`` lines is a doctest), whose examples from a
    block that names torch (or another of `FRAMEWORKS`) need it."""

    def __call__(self, document):
        for block in self.codeblock_parser(document):
            source = block.parsed
            regions = [block]
            if source.startswith(">>>"):
                regions = list(self.doctest_parser(source, document.path))
                for region in regions:
                    region.adjust(block, source)
            named = frameworks_named(source)
            for region in regions:
                if named:
                    region.evaluator = needing(named, region.evaluator)
                yield region


class PyconBlockParser(TorchAwareParser):
    """```pycon blocks are interactive sessions: run them as doctests."""

    def __init__(self) -> None:
        super().__init__(doctest_optionflags=FLAGS)
        self.codeblock_parser = CodeBlockParser("pycon", PythonEvaluator())


pytest_collect_file = Sybil(
    parsers=[TorchAwareParser(doctest_optionflags=FLAGS), PyconBlockParser()],
    patterns=["*.md"],
    path="docs",
).pytest()
