"""Labs: notebooks executed at build, the same cells in both languages, plots present, offline."""

from __future__ import annotations

import json
import os
import re
import shutil
import string
from html.parser import HTMLParser
from pathlib import Path

import pytest

from lossdocs import lab
from tests.conftest import ROOT, mkdocs_build

LABS = sorted(p.name for p in (ROOT / "docs" / "ko" / "labs").glob("*.ipynb"))
MAX_PAGE_BYTES = 1_500_000
MAX_CODE_LINE = 88  # what the content column shows at 1280 px without cutting the line
HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")


def cells(lang: str, name: str) -> list[dict]:
    return json.loads((ROOT / "docs" / lang / "labs" / name).read_text())["cells"]


def setup_source(lang: str, name: str) -> str:
    return f'from lossdocs import lab\n\nt = lab.setup("{lang}", "{name.removesuffix(".ipynb")}")'


def hidden(cell: dict) -> bool:
    return "hide-input" in cell.get("metadata", {}).get("tags", [])


def shown_code(name: str) -> list[str]:
    """The source of every code cell a reader sees (the same in both languages)."""
    return ["".join(c["source"]) for c in cells("ko", name) if c["cell_type"] == "code" and not hidden(c)]


def test_every_lab_exists_in_both_languages():
    assert LABS
    assert sorted(p.name for p in (ROOT / "docs" / "en" / "labs").glob("*.ipynb")) == LABS


@pytest.mark.parametrize("name", LABS)
def test_ko_and_en_labs_have_the_same_cells(name):
    ko, en = cells("ko", name), cells("en", name)
    assert [c["cell_type"] for c in ko] == [c["cell_type"] for c in en]
    code = [(k, e) for k, e in zip(ko, en, strict=True) if k["cell_type"] == "code"]
    # the first code cell, hidden on the page, sets the language; every other one is the same computation
    assert ["".join(c["source"]) for c in code[0]] == [setup_source("ko", name), setup_source("en", name)]
    assert hidden(code[0][0]) and hidden(code[0][1])
    assert all(k["source"] == e["source"] and not hidden(k) and not hidden(e) for k, e in code[1:])
    assert all(not c.get("outputs") for c, _ in code), "commit labs without outputs: the build executes them"


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("name", LABS)
def test_cell_ids_are_unique(lang, name):
    """nbformat replaces a repeated cell id with a random one when it reads a notebook: two builds differ."""
    ids = [c.get("id") for c in cells(lang, name)]
    assert None not in ids and len(set(ids)) == len(ids), ids


@pytest.mark.parametrize("name", LABS)
def test_shown_code_fits_the_column_and_has_no_language(name):
    long = [line for source in shown_code(name) for line in source.splitlines() if len(line) > MAX_CODE_LINE]
    assert long == [], f"lines over {MAX_CODE_LINE} characters"
    # every label and printed sentence comes from lossdocs.lab's strings, in the page's language
    assert not any(HANGUL.search(source) for source in shown_code(name))


@pytest.mark.parametrize("name", LABS)
def test_a_labs_strings_have_the_same_fields_in_both_languages_and_are_used(name):
    from lossdocs.lab import STRINGS

    strings = STRINGS[name.removesuffix(".ipynb")]
    code = "\n".join(shown_code(name))

    def fields(text: str) -> set[str]:
        return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}

    for key, text in strings.items():
        assert fields(text.ko) == fields(text.en), key
        assert not HANGUL.search(text.en), key
        assert f'"{key}"' in code, f"{key}: not used by the lab"


class _Visible(HTMLParser):
    """A page's text a reader sees (and image alt text), without the link to the Korean page,
    which names its language in Korean; ``printed`` is the text of each printed output."""

    def __init__(self):
        super().__init__()
        self.text: list[str] = []
        self.printed: list[str] = []
        self._skip: list[str] = []  # the open elements whose text is not shown
        self._output: list[str] | None = None
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("style", "script") or (tag == "a" and attrs.get("hreflang") == "ko"):
            self._skip.append(tag)
        self.text += [attrs[a] for a in ("alt", "title", "aria-label") if attrs.get(a) and not self._skip]
        if tag == "div" and self._output is not None:
            self._depth += 1
        if (
            tag == "div"
            and attrs.get("data-mime-type") == "text/plain"
            and "jp-OutputArea-output" in (attrs.get("class") or "")
        ):
            self._output, self._depth = [], 1

    def handle_endtag(self, tag):
        if self._skip and self._skip[-1] == tag:
            self._skip.pop()
        if tag == "div" and self._output is not None:
            self._depth -= 1
            if self._depth == 0:
                self.printed.append("".join(self._output))
                self._output = None

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)
            if self._output is not None:
                self._output.append(data)


def visible(page: Path) -> _Visible:
    parser = _Visible()
    parser.feed(page.read_text())
    return parser


@pytest.mark.parametrize("name", LABS)
def test_a_built_lab_shows_one_language(built_site, name):
    """The English page has no Hangul in its text, alt text and printed output (the figures are
    PNG: their text comes from the same strings, which the test above holds to English); the Korean
    page prints Korean in every output."""
    slug = name.removesuffix(".ipynb")
    en = visible(built_site / "en" / "labs" / slug / "index.html")
    assert en.printed and not [text for text in en.text if HANGUL.search(text)]
    ko = visible(built_site / "labs" / slug / "index.html")
    assert len(ko.printed) == len(en.printed) > 0
    assert all(HANGUL.search(output) for output in ko.printed), ko.printed


@pytest.mark.parametrize("prefix", ["", "en/"])
@pytest.mark.parametrize("name", LABS)
def test_built_lab_has_its_plots_no_errors_and_a_download(built_site, prefix, name):
    page = built_site / prefix / "labs" / name.removesuffix(".ipynb") / "index.html"
    html = page.read_text()
    figures = sum("".join(c["source"]).count("lab.show(") for c in cells("ko", name))
    images = re.findall(r"<img [^>]*>", html.split('class="jupyter-wrapper"', 1)[1])
    assert len(images) == figures > 0
    for image in images:  # lab.show's SVGs, as wide as lossdocs.lab sets, described in the page's language
        assert 'src="data:image/svg+xml;base64,' in image and f'width="{lab.WIDTH * 100:.0f}"' in image
        alt = re.search(r'alt="([^"]*)"', image)[1]
        assert len(alt) > 40 and "No description" not in alt
        assert bool(HANGUL.search(alt)) == (prefix == "")
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


def test_two_labs_that_use_derivations_share_a_kernel_without_warnings(tmp_path):
    """The kernel forgets the packages a lab imported; lossdocs stays (lossdocs.numeric is warm), so
    SymPy must stay too: a lossdocs built on a forgotten SymPy gave the next lab's SymPy objects it
    does not know ("non-Expr arguments in Pow" on stderr, a build that differed from the next)."""
    import nbformat

    from lossdocs.labs import Labs

    docs = tmp_path / "docs"
    cell = 'import lossdocs\nprint(lossdocs.get("bce_logits.as_written_grad").lambdify()(40.0, 0.0))'
    for name in ("first", "second"):
        write_notebook(docs / name / f"{name}.ipynb", cell)
    labs = Labs(docs, tmp_path / "out", kernels=1)  # one after the other, in the same kernel
    run_all(labs)
    for name in ("first", "second"):
        executed = nbformat.read(labs.copies[str(docs / name / f"{name}.ipynb")], as_version=4)
        outputs = [o for c in executed.cells for o in c.outputs]
        assert [(o.output_type, o.get("name"), o.get("text")) for o in outputs] == [
            ("stream", "stdout", "0.0\n")
        ]
