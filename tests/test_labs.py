"""Labs: notebooks executed at build, the same cells in both languages, plots present, offline."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

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


def test_run_labs_executes_every_notebook_and_fails_naming_a_broken_one(tmp_path):
    from mkdocs.exceptions import PluginError

    from lossdocs.site import run_labs

    docs = tmp_path / "docs"
    write_notebook(docs / "en" / "labs" / "ok.ipynb", "print(6 * 7)")
    executed = run_labs(docs, tmp_path / "out")
    (copy,) = executed.values()
    output = json.loads(Path(copy).read_text())["cells"][0]["outputs"][0]
    assert "".join(output["text"]) == "42\n"

    write_notebook(docs / "ko" / "labs" / "broken.ipynb", "1 / 0")
    with pytest.raises(PluginError, match=r"docs/ko/labs/broken\.ipynb: a cell failed"):
        run_labs(docs, tmp_path / "out2")
