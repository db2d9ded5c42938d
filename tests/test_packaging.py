"""The wheel a user installs: built from the sources, installed into a fresh venv, run from there."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile

import pytest

import lossdocs
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A fresh venv with the wheel installed (no network: the dependencies are the test venv's, seen
    through a .pth file, and lossdocs itself only from the wheel); its Python and the wheel."""
    work = tmp_path_factory.mktemp("packaging")
    source = work / "source"  # a copy: building writes build/ and *.egg-info next to the sources
    shutil.copytree(ROOT / "lossdocs", source / "lossdocs", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(work),
            ".",
        ],
        cwd=source,
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = work.glob("lossdocs-*.whl")
    fresh = work / "venv"
    venv.create(fresh, with_pip=False)
    python = fresh / "bin" / "python"
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    (work / "venv" / purelib.split(str(fresh) + os.sep, 1)[1] / "dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n"
    )
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            "--ignore-installed",  # else pip uninstalls the lossdocs of the venv running the tests
            "--prefix",
            str(fresh),
            str(wheel),
        ],
        capture_output=True,
        text=True,
    )
    assert install.returncode == 0, install.stderr
    return python, wheel, work


def run(python, *args, cwd, env=None):
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | (env or {})
    return subprocess.run([python, *args], capture_output=True, text=True, cwd=cwd, env=environment)


def test_the_wheel_has_its_data_and_type_hints(installed):
    _, wheel, _ = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    for data in (
        "py.typed",
        "torch_accuracy.json",
        "fused_loss.json",
        "framework_accuracy.json",
        "glossary.md",
        "templates/partials/copyright.html",
    ):
        assert f"lossdocs/{data}" in names
    assert wheel.name == f"lossdocs-{lossdocs.__version__}-py3-none-any.whl"


def test_the_installed_package_checks_and_runs_a_page_example(installed):
    python, _, work = installed
    where = run(python, "-c", "import lossdocs; print(lossdocs.__file__)", cwd=work)
    assert where.returncode == 0 and str(work / "venv") in where.stdout  # the wheel's, not the sources'
    version = run(python, "-m", "lossdocs", "--version", cwd=work)
    assert version.stdout == f"lossdocs {lossdocs.__version__}\n"
    checked = run(
        python,
        "-m",
        "lossdocs",
        "check",
        "sigmoid.derivative",
        "bce_logits.simplify",
        cwd=work,
        env={"LOSSDOCS_CACHE": "off"},
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.splitlines()[-1] == "2 of 2 derivations verified"
    # the library page's examples, run by the installed package (doctest on the page's pycon blocks)
    page = (ROOT / "docs" / "en" / "library.md").read_text()
    blocks = re.findall(r"```pycon\n(.*?)```", page, flags=re.S)
    (work / "library.txt").write_text("\n".join(blocks))
    script = (
        "import doctest\n"
        "print(doctest.testfile('library.txt', module_relative=False, optionflags=doctest.ELLIPSIS))"
    )
    examples = run(python, "-c", script, cwd=work, env={"LOSSDOCS_CACHE": "off"})
    assert examples.returncode == 0 and examples.stdout.startswith("TestResults(failed=0,"), examples.stdout
    assert int(re.search(r"attempted=(\d+)", examples.stdout)[1]) >= 20
