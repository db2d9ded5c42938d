"""Sybil: every ``pycon`` and ``python`` example in the pages of both languages runs as a test."""

from doctest import ELLIPSIS, NORMALIZE_WHITESPACE

from sybil import Sybil
from sybil.evaluators.python import PythonEvaluator
from sybil.parsers.markdown import CodeBlockParser, PythonCodeBlockParser

FLAGS = ELLIPSIS | NORMALIZE_WHITESPACE


class PyconBlockParser(PythonCodeBlockParser):
    """```pycon blocks are interactive sessions: run them as doctests."""

    def __init__(self) -> None:
        super().__init__(doctest_optionflags=FLAGS)
        self.codeblock_parser = CodeBlockParser("pycon", PythonEvaluator())


pytest_collect_file = Sybil(
    parsers=[PythonCodeBlockParser(doctest_optionflags=FLAGS), PyconBlockParser()],
    patterns=["*.md"],
    path="docs",
).pytest()
