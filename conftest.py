"""Sybil: every ``pycon`` and ``python`` example in the pages of both languages runs as a test.

An example block whose code names ``torch`` needs torch (requirements-dev.txt installs it). Without
torch such a block is skipped, with the reason, unless ``CI`` is set: there it fails, so that CI never
passes without running every example. A block that uses torch says so: it names ``torch`` itself
rather than only using a name that an earlier torch block defined.
"""

from __future__ import annotations

import functools
import io
import os
import tokenize
from doctest import ELLIPSIS, NORMALIZE_WHITESPACE, DocTestParser

import pytest
from sybil import Sybil
from sybil.evaluators.python import PythonEvaluator
from sybil.parsers.markdown import CodeBlockParser, PythonCodeBlockParser

FLAGS = ELLIPSIS | NORMALIZE_WHITESPACE
NO_TORCH = "this example needs torch, which is not installed: pip install -r requirements-dev.txt"


def names_torch(block: str) -> bool:
    """Whether the code of a ``python`` block, or of the ``>>>`` lines of a ``pycon`` one, names torch
    (comments and strings do not count)."""
    if block.lstrip().startswith(">>>"):
        block = "".join(example.source for example in DocTestParser().get_examples(block))
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(block).readline))
    except (tokenize.TokenError, SyntaxError):
        return "torch" in block
    return any(token.type == tokenize.NAME and token.string == "torch" for token in tokens)


@functools.cache
def torch_missing() -> bool:
    try:
        import torch  # noqa: F401
    except ImportError:
        return True
    return False


def needing_torch(evaluator):
    def evaluate(example):
        if torch_missing():
            if os.environ.get("CI"):
                pytest.fail(f"{NO_TORCH} (CI runs every example)")
            pytest.skip(NO_TORCH)
        return evaluator(example)

    return evaluate


class TorchAwareParser(PythonCodeBlockParser):
    """Sybil's Python code-block parser (a block of ``>>>`` lines is a doctest), whose examples from a
    block that names torch need torch."""

    def __call__(self, document):
        for block in self.codeblock_parser(document):
            source = block.parsed
            regions = [block]
            if source.startswith(">>>"):
                regions = list(self.doctest_parser(source, document.path))
                for region in regions:
                    region.adjust(block, source)
            for region in regions:
                if names_torch(source):
                    region.evaluator = needing_torch(region.evaluator)
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
