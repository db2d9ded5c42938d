"""Export (`python -m lossdocs export`, render's writers): a standalone LaTeX document that pdfLaTeX
compiles, a notebook that rebuilds and verifies the derivation when executed, Markdown; and latex()'s
reasons as clean TeX."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
import sympy as sp

import lossdocs
from lossdocs import Derivation, Step, Text, render
from lossdocs.derivation import LANGS
from lossdocs.numeric_checks import parameters

SPECIALS = r"% & # _ $ { } ~ ^ \ "
x = sp.Symbol("x", real=True)


def special_derivation() -> Derivation:
    """A user derivation whose title and reasons hold every TeX special character and code spans."""
    reason = f"Every special: {SPECIALS}, code `a_b % c`, math \\(x^2 + {{1}}\\)."
    return Derivation(
        "mine.specials",
        Text(ko=f"특수 문자 {SPECIALS}", en=f"Specials {SPECIALS} and `code`"),
        x + x,
        (Step(2 * x, ko="특수 문자: " + reason, en=reason),),
    )


def run(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lossdocs", *args], capture_output=True, text=True)


def test_latex_escapes_every_special_and_prints_code_spans_as_texttt():
    tex = special_derivation().latex("en")
    reason = tex.splitlines()[1].split("&&", 1)[1].strip()
    assert reason == (
        r"\text{Every special: \% \& \# \_ \$ \{ \} \textasciitilde{} \textasciicircum{} \textbackslash{} , "
        r"code \texttt{a\_b \% c}, math \(x^2 + {1}\).}"
    )


@pytest.mark.parametrize("lang", LANGS)
def test_no_registered_derivation_keeps_a_backtick_in_its_latex(lang):
    kept = [i for i in lossdocs.ids() if "`" in lossdocs.get(i).latex(lang)]
    assert kept == []


@pytest.mark.parametrize("lang", LANGS)
def test_the_tex_document_has_the_title_assumptions_steps_and_checks(lang):
    derivation = lossdocs.get("bce.clamp")
    tex = render.export(derivation, "tex", lang)
    assert tex.startswith("% ") and "\\documentclass{article}\n\\usepackage{amsmath}\n" in tex
    assert ("\\usepackage{kotex}" in tex) == (lang == "ko")
    assert f"\\title{{{render.tex_text(derivation.title(lang))}}}" in tex
    assert tex.rstrip().endswith("\\end{document}") and "`" not in tex
    for name, domain in derivation.assumptions.items():
        assert f"\\item \\({name}\\): \\texttt{{{domain}}}" in tex
    step = render.STEP(lang)
    assert [step.format(n=n) in tex for n in range(1, len(derivation.steps) + 2)] == [True] * len(
        derivation.steps
    ) + [False]
    for s, check in zip(derivation.steps, lossdocs.verify.verify(derivation), strict=True):
        assert f"\\[ {{}} = {sp.latex(s.expr)} \\]\n{render.tex_text(s.why(lang))}\n" in tex
        assert f"\\emph{{{render.tex_escape(render.check_label(check, lang))}}}" in tex
    assert render.tex_text(render.signature(derivation, lang)) in tex


@pytest.mark.parametrize("lang", LANGS)
def test_every_registered_derivation_exports_in_every_format(lang):
    """Every id, as TeX without a backtick, a valid notebook and Markdown (regression: a definition by a
    Python int, `cross_entropy.definition`'s P1 = 1, broke `assumptions` and so the TeX document)."""
    import nbformat

    for derivation_id in lossdocs.ids():
        derivation = lossdocs.get(derivation_id)
        assert "`" not in render.export(derivation, "tex", lang), derivation_id
        nbformat.validate(nbformat.reads(render.export(derivation, "ipynb", lang), as_version=4))
        assert render.export(derivation, "md", lang) == render.notebook_markdown(derivation, lang)
    assert lossdocs.get("cross_entropy.definition").assumptions == dict.fromkeys(
        ("Q1", "Q2", "Q3"), "probability"
    )


ENGINE = shutil.which("pdflatex")


@pytest.mark.parametrize(
    ("derivation", "lang"),
    [
        (lambda: lossdocs.get("bce.clamp"), "ko"),
        (lambda: lossdocs.get("cross_entropy.grad_soft"), "en"),
        (special_derivation, "en"),
        (special_derivation, "ko"),
    ],
    ids=["bce.clamp-ko", "cross_entropy.grad_soft-en", "specials-en", "specials-ko"],
)
def test_the_tex_document_compiles(derivation, lang, tmp_path):
    """pdfLaTeX (kotex for Korean, texlive-lang-korean) compiles it without an error or a missing glyph."""
    if ENGINE is None:
        if os.environ.get("CI"):
            pytest.fail("pdflatex is missing: apt-get install texlive-latex-base texlive-lang-korean …")
        pytest.skip("pdflatex is not installed (.ci/run installs it)")
    (tmp_path / "d.tex").write_text(render.tex_document(derivation(), lang), encoding="utf-8")
    result = subprocess.run(
        [ENGINE, "-interaction=nonstopmode", "-halt-on-error", "d.tex"],
        cwd=tmp_path,
        capture_output=True,  # bytes: TeX breaks its lines inside a UTF-8 sequence
        timeout=120,
    )
    log = (tmp_path / "d.log").read_text(encoding="utf-8", errors="replace")
    assert result.returncode == 0, log[-3000:]
    assert (tmp_path / "d.pdf").stat().st_size > 0
    assert "Missing character" not in log and "Undefined control sequence" not in log


def _outputs(cell) -> dict:
    """A cell's outputs by MIME type (and ``stdout``)."""
    found = {}
    for output in cell.outputs:
        if output.output_type == "stream":
            found[output.name] = found.get(output.name, "") + output.text
        else:
            found.update(output.get("data", {}))
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_the_notebook_rebuilds_and_verifies_the_derivation_when_executed(lang, tmp_path):
    import nbformat
    from nbclient import NotebookClient

    derivation = lossdocs.get("bce_logits.simplify")
    text = render.export(derivation, "ipynb", lang)
    assert text == render.notebook(derivation, lang)  # no random cell ids: the same text every time
    notebook = nbformat.reads(text, as_version=4)
    nbformat.validate(notebook)
    sources = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    assert sources[:3] == [
        f'import lossdocs\n\nlossdocs.set_language("{lang}")',
        'd = lossdocs.get("bce_logits.simplify")',
        "d.verify()",
    ]
    NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": tmp_path}}
    ).execute()
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert _outputs(code[2])["text/markdown"] == render.notebook_markdown(derivation, lang)
    steps = _outputs(code[3])["stdout"].splitlines()
    assert steps == [f"({n}) {s.check}: {s.expr}" for n, s in enumerate(derivation.steps, 1)]
    arguments = dict(render._example_row(derivation))
    assert f"f = d.lambdify()\nf({', '.join(f'{k}={v!r}' for k, v in arguments.items())})" == code[4].source
    assert _outputs(code[4])["text/plain"] == repr(derivation.lambdify()(**arguments))
    assert _outputs(code[5])["text/markdown"] == derivation.numeric_checks().to_markdown(lang)


@pytest.mark.parametrize("fmt", render.EXPORT_FORMATS)
def test_export_writes_the_renderer_output_to_stdout_or_a_file(fmt, tmp_path):
    derivation = lossdocs.get("sigmoid.derivative")
    printed = run("export", "sigmoid.derivative", "--format", fmt, "--lang", "ko")
    written = run("export", "sigmoid.derivative", "--format", fmt, "--lang", "ko", "-o", str(tmp_path / "f"))
    assert printed.returncode == written.returncode == 0 and written.stdout == ""
    expected = render.export(derivation, fmt, "ko")
    assert printed.stdout == expected == (tmp_path / "f").read_text(encoding="utf-8")
    if fmt == "md":
        assert expected == render.notebook_markdown(derivation, "ko")
    if fmt == "ipynb":
        assert json.loads(expected)["nbformat"] == 4


def test_export_rejects_an_unknown_id_or_format():
    unknown = run("export", "sigmoid.derivatve", "--format", "tex")
    assert unknown.returncode == 2 and "did you mean 'sigmoid.derivative'" in unknown.stderr
    assert run("export", "sigmoid.derivative", "--format", "pdf").returncode == 2
    with pytest.raises(ValueError, match=r"export: format='pdf': expected one of 'tex', 'ipynb', 'md'"):
        render.export(lossdocs.get("sigmoid.derivative"), "pdf")


def test_the_parameters_follow_the_domain_then_the_name():
    """lambdify's signature: the result's symbols once definitions are substituted, declared ones first."""
    import inspect

    import numpy as np

    y, p, a = sp.Symbol("y", real=True), sp.Symbol("p", positive=True), sp.Symbol("a", real=True)
    mine = Derivation(
        "mine.order",
        Text(ko="순서", en="Order"),
        p * y + a,
        (
            Step(x * y + a, ko="p = x로 둡니다.", en="Let p = x.", check="definition", define={p: x}),
            Step(y * x + a, ko="곱의 순서를 바꿉니다.", en="Commute."),
        ),
        domain=((y, "target"), (p, "positive")),
    )
    function = mine.lambdify()
    assert [str(s) for s in parameters(mine)] == ["y", "a", "x"]
    assert list(inspect.signature(function).parameters) == ["y", "a", "x"]
    assert function([1, 2], 3, [0.5, 0.25]).tolist() == [3.5, 3.5]
    assert function(y=2, a=1, x=4) == 9.0
    with pytest.raises(TypeError, match=r"mine.order: lambdify\(y, a, x\): missing a required argument"):
        function(1, 2)
    assert np.isclose(lossdocs.get("bce_logits.hessian").lambdify()(0), 0.25)
    assert "Parameters of `lambdify()`: `(y, a, x)`" in mine.markdown("en")
    assert "`lambdify()`의 매개변수: `(y, a, x)`" in mine.markdown("ko")
