"""The docstrings of lossdocs.numeric, which the API reference shows: every public function has a runnable
``pycon`` example, and every example runs (the same Sybil parser as the pages' examples, conftest.py);
the API reference of both languages lists every public name."""

from __future__ import annotations

import inspect
import re

import pytest
from sybil import Sybil
from sybil.document import PythonDocStringDocument

from conftest import PyconBlockParser
from lossdocs import numeric
from tests.conftest import ROOT

SOURCE = ROOT / "lossdocs" / "numeric.py"
DOCUMENT = Sybil(
    parsers=[PyconBlockParser()],
    patterns=["numeric.py"],
    path=str(SOURCE.parent),
    document_types={".py": PythonDocStringDocument},
).parse(SOURCE)
EXAMPLES = list(DOCUMENT)


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"line {e.line}" for e in EXAMPLES])
def test_every_docstring_example_runs(example):
    example.evaluate()


def public_functions():
    return [name for name in numeric.__all__ if inspect.isfunction(getattr(numeric, name))]


@pytest.mark.parametrize("name", public_functions())
def test_every_public_function_has_a_runnable_example_its_torch_match_and_accuracy(name):
    doc = inspect.getdoc(getattr(numeric, name))
    assert re.search(r"```pycon\n>>> .*\n```", doc, re.S), f"{name}: no ```pycon example"
    assert re.search(r"torch", doc), f"{name}: no torch counterpart named"
    assert re.search(r"ulp|[Ee]xact", doc), f"{name}: no accuracy bound"


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_api_reference_lists_every_public_name_of_numeric(lang):
    page = (ROOT / "docs" / lang / "api.md").read_text()
    block = re.search(r"::: lossdocs\.numeric\n(?:    .*\n)*?      members:\n((?:        - \w+\n)+)", page)
    assert block, f"docs/{lang}/api.md: no ::: lossdocs.numeric block with a members list"
    listed = re.findall(r"- (\w+)", block[1])
    assert listed == numeric.__all__, set(numeric.__all__) ^ set(listed)


def shown_docstrings():
    """(name, docstring) of every object of the modules the API reference shows, their methods included."""
    import importlib

    for module_name in re.findall(r"^::: ([\w.]+)$", (ROOT / "docs" / "en" / "api.md").read_text(), re.M):
        module = importlib.import_module(module_name)
        names = getattr(module, "__all__", None) or [
            n
            for n, obj in vars(module).items()
            if not n.startswith("_") and getattr(obj, "__module__", None) == module_name
        ]
        for name in names:
            obj = getattr(module, name)
            yield f"{module_name}.{name}", inspect.getdoc(obj) or ""
            if inspect.isclass(obj):
                for attr, member in vars(obj).items():
                    if not attr.startswith("_") and callable(member):
                        yield f"{module_name}.{name}.{attr}", inspect.getdoc(member) or ""


def test_no_docstring_the_api_reference_shows_has_a_raw_sphinx_role():
    """mkdocstrings prints :class:`X` as it is written; a name is written as `X`."""
    raw = [name for name, doc in shown_docstrings() if re.search(r":(class|func|meth|data|mod):`", doc)]
    assert not raw, raw
