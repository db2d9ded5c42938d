"""Labs: notebooks executed at build, the same cells in both languages, plots present, offline."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, mkdocs_build

LABS = sorted(p.name for p in (ROOT / "docs" / "ko" / "labs").glob("*.ipynb"))
MAX_PAGE_BYTES = 1_500_000


def cells(lang: str, name: str) -> list[dict]:
    return json.loads((ROOT / "docs" / lang / "labs" / name).read_text())["cells"]


def test_every_lab_exists_in_both_languages():
    assert LABS
    assert sorted(p.name for p in (ROOT / "docs" / "en" / "labs").glob("*.ipynb")) == LABS


@pytest.mark.parametrize("name", LABS)
def test_ko_and_en_labs_have_the_same_cells(name):
    ko, en = cells("ko", name), cells("en", name)
    assert [c["cell_type"] for c in ko] == [c["cell_type"] for c in en]
    code = [(k, e) for k, e in zip(ko, en, strict=True) if k["cell_type"] == "code"]
    assert "".join(code[0][0]["source"]) == 'LANG = "ko"' and "".join(code[0][1]["source"]) == 'LANG = "en"'
    assert all(k["source"] == e["source"] for k, e in code[1:])
    assert all(not c.get("outputs") for c, _ in code), "commit labs without outputs: the build executes them"


@pytest.mark.parametrize("prefix", ["", "en/"])
@pytest.mark.parametrize("name", LABS)
def test_built_lab_has_its_plots_no_errors_and_a_download(built_site, prefix, name):
    page = built_site / prefix / "labs" / name.removesuffix(".ipynb") / "index.html"
    html = page.read_text()
    figures = sum("plt.subplots" in "".join(c["source"]) for c in cells("ko", name))
    assert len(re.findall(r'<img[^>]+src="data:image/png;base64,', html)) == figures > 0
    stderr = re.findall(r'<div[^>]*data-mime-type="application/vnd\.jupyter\.stderr"', html)
    assert stderr == []
    assert "Traceback" not in html.split("</style>")[-1]
    assert (page.parent / name).exists() and f'href="{name}"' in html
    assert page.stat().st_size <= MAX_PAGE_BYTES


def test_labs_are_linked_from_both_home_pages(built_site):
    for prefix in ("", "en/"):
        html = (built_site / prefix / "index.html").read_text()
        for name in LABS:
            assert f'href="labs/{name.removesuffix(".ipynb")}/"' in html


def write_notebook(path, *sources):
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(new_notebook(cells=[new_code_cell(s) for s in sources]), path)


def run_all(labs) -> None:
    try:
        for copy in labs.copies.values():
            labs.wait(copy)
    finally:
        labs.close()


def test_a_failing_cell_names_its_notebook_and_the_kernel_goes_on(tmp_path):
    from lossdocs.labs import LabError, Labs

    docs = tmp_path / "docs"
    write_notebook(docs / "en" / "labs" / "ok.ipynb", "print(6 * 7)")
    write_notebook(docs / "ko" / "labs" / "broken.ipynb", "1 / 0")
    labs = Labs(docs, tmp_path / "out", first="ko", kernels=1)  # the broken one first
    with pytest.raises(
        LabError,
        match=r"^docs/ko/labs/broken\.ipynb: a cell failed(?s:.*)ZeroDivisionError: division by zero",
    ):
        run_all(labs)
    labs = Labs(docs, tmp_path / "out", first="ko", kernels=1)
    copy = labs.copies[str(docs / "en" / "labs" / "ok.ipynb")]
    with pytest.raises(LabError):
        run_all(labs)
    output = json.loads(Path(copy).read_text())["cells"][0]["outputs"][0]
    assert "".join(output["text"]) == "42\n"


# Everything a kernel keeps from one notebook to the next, changed by the first notebook; the
# second one looks at it.  The module next to each notebook prints when it is imported.
CHANGES = [
    "import os, sys, warnings\nimport matplotlib.pyplot as plt, numpy\nimport side_effect\nleftover = 1",
    '%config InlineBackend.print_figure_kwargs = {"bbox_inches": None, "dpi": 30}\nplt.plot([1, 3, 2]);',
    'plt.rcParams["lines.linewidth"] = 9.0\nnumpy.seterr(all="ignore")\nwarnings.simplefilter("ignore")\n'
    'os.environ["LOSSDOCS_LEFTOVER"] = "1"\nsys.path.append("leftover")\nos.chdir("/")',
]
LOOKS = [
    "import os, sys, warnings\nimport matplotlib.pyplot as plt, numpy\nimport side_effect",
    'print("leftover" in globals(), plt.rcParams["lines.linewidth"], numpy.geterr(), len(warnings.filters),\n'
    '      os.environ.get("LOSSDOCS_LEFTOVER"), "leftover" in sys.path, os.path.basename(os.getcwd()))',
    "plt.plot([1, 3, 2]);",
    "6 * 7",
]


def test_a_kernel_used_again_gives_a_notebook_what_a_fresh_kernel_gives(tmp_path):
    import nbformat
    from nbclient import NotebookClient

    from lossdocs.labs import Labs

    docs = tmp_path / "docs"
    write_notebook(docs / "a" / "changes.ipynb", *CHANGES)
    write_notebook(docs / "b" / "looks.ipynb", *LOOKS)
    for folder in ("a", "b"):
        (docs / folder / "side_effect.py").write_text('print("imported side_effect")\n')
    labs = Labs(docs, tmp_path / "out", kernels=1)  # "changes" runs first, in the same kernel
    run_all(labs)
    shared = nbformat.read(labs.copies[str(docs / "b" / "looks.ipynb")], as_version=4)

    fresh = nbformat.read(docs / "b" / "looks.ipynb", as_version=4)
    NotebookClient(fresh, kernel_name="python3", coalesce_streams=True).execute(cwd=str(docs / "b"))

    assert [c.outputs for c in shared.cells] == [c.outputs for c in fresh.cells]
    assert (
        [c.execution_count for c in shared.cells] == [c.execution_count for c in fresh.cells] == [1, 2, 3, 4]
    )
    printed = "".join(o.text for c in shared.cells for o in c.outputs if o.output_type == "stream")
    imported, looked = printed.splitlines()
    assert imported == "imported side_effect"
    assert looked.startswith("False 1.5 {'divide': 'warn'") and looked.endswith(" None False b")
    assert any("image/png" in o.get("data", {}) for o in shared.cells[2].outputs)


def test_a_failing_lab_fails_the_build_naming_the_notebook(tmp_path):
    docs = tmp_path / "project" / "docs"
    shutil.copytree(ROOT / "docs" / "assets", docs / "assets")
    shutil.copy(ROOT / "mkdocs.yml", docs.parent / "mkdocs.yml")
    for lang, cell in (("ko", "1 / 0"), ("en", "print(1)")):
        (docs / lang).mkdir()
        (docs / lang / "index.md").write_text("# lossdocs\n")
        write_notebook(docs / lang / "labs" / "lab.ipynb", cell)
    result = mkdocs_build(docs.parent / "mkdocs.yml", tmp_path / "site")
    assert result.returncode != 0
    assert "docs/ko/labs/lab.ipynb: a cell failed" in result.stderr
    assert "\nZeroDivisionError: division by zero" in result.stderr
    assert "\x1b[" not in result.stderr  # no terminal colours in a build log


def test_serve_reuses_stored_labs_until_their_notebook_changes(tmp_path, monkeypatch):
    from lossdocs.labs import Labs

    monkeypatch.setenv("LOSSDOCS_CACHE", str(tmp_path / "cache"))
    docs = tmp_path / "docs"
    for name in ("a", "b"):
        write_notebook(docs / "en" / f"{name}.ipynb", "import uuid\nprint(uuid.uuid4())")

    def printed(run: str, reuse: bool) -> dict[str, str]:
        labs = Labs(docs, tmp_path / run, reuse=reuse)
        run_all(labs)
        return {
            Path(source).stem: json.loads(Path(copy).read_text())["cells"][0]["outputs"][0]["text"]
            for source, copy in labs.copies.items()
        }

    built = printed("build", reuse=False)
    assert printed("serve", reuse=True) == built  # stored by the build, not run again
    rebuilt = printed("build again", reuse=False)  # a build runs every lab
    assert rebuilt["a"] != built["a"] and rebuilt["b"] != built["b"]
    write_notebook(docs / "en" / "b.ipynb", "import uuid\nprint(uuid.uuid4())  # edited")
    served = printed("serve again", reuse=True)
    assert served["a"] == rebuilt["a"] and served["b"] != rebuilt["b"]


def test_serve_starts_new_labs_only_when_a_notebook_changed(tmp_path, monkeypatch):
    from lossdocs.site import LossdocsPlugin

    monkeypatch.setenv("LOSSDOCS_CACHE", str(tmp_path / "cache"))
    docs = tmp_path / "docs"
    write_notebook(docs / "en" / "a.ipynb", "print(1)")
    plugin = LossdocsPlugin()
    plugin.on_startup(command="serve", dirty=False)
    try:
        plugin._start_labs(docs, first="ko")
        first = plugin.labs
        plugin._start_labs(docs, first="ko")  # the next language's build, or a rebuild after a prose edit
        assert plugin.labs is first
        write_notebook(docs / "en" / "a.ipynb", "print(2)")
        plugin._start_labs(docs, first="ko")
        assert plugin.labs is not first
        copy = plugin.labs.wait(plugin.labs.copies[str(docs / "en" / "a.ipynb")])
        assert json.loads(Path(copy).read_text())["cells"][0]["outputs"][0]["text"] == ["2\n"]
    finally:
        plugin.on_shutdown()


def test_kernels_run_the_cells_at_a_lower_priority_than_the_build(tmp_path):
    from lossdocs.labs import BACKGROUND, Labs

    write_notebook(tmp_path / "docs" / "en" / "nice.ipynb", "import os\nprint(os.nice(0))")
    labs = Labs(tmp_path / "docs", tmp_path / "out")
    run_all(labs)
    (copy,) = labs.copies.values()
    printed = json.loads(Path(copy).read_text())["cells"][0]["outputs"][0]["text"]
    assert printed == [f"{os.nice(0) + BACKGROUND}\n"] and BACKGROUND > 0
