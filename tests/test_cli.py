"""python -m lossdocs list | check | show (export: tests/test_export.py)."""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys

import pytest

import lossdocs
from lossdocs import __main__ as cli
from lossdocs import render


def run(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lossdocs", *args], capture_output=True, text=True)


def test_list_shows_ids_and_titles_in_the_language():
    ko, en = run("list", "--lang", "ko"), run("list")
    assert ko.returncode == en.returncode == 0
    assert len(ko.stdout.splitlines()) == len(lossdocs.ids())
    assert "sigmoid.derivative" in ko.stdout and "시그모이드의 도함수" in ko.stdout
    assert "The derivative of the sigmoid" in en.stdout


def test_check_prints_a_line_per_derivation_and_a_total():
    result = run("check")
    assert result.returncode == 0, result.stdout
    lines = result.stdout.splitlines()
    assert sum(line.startswith("ok   ") for line in lines) == len(lossdocs.ids())
    # "(cached)" follows when an earlier run in this session already checked the same code
    assert lines[-1].startswith(f"{len(lossdocs.ids())} of {len(lossdocs.ids())} derivations verified")


def without_times(out: str) -> list[str]:
    """The per-derivation lines of `check`, without the timing a cold run adds."""
    return [line.rsplit(" ", 2)[0] if line.endswith(" s") else line for line in out.splitlines()[:-1]]


def test_a_second_full_check_of_unchanged_code_is_answered_from_the_cache(tmp_path):
    env = {**os.environ, "LOSSDOCS_CACHE": str(tmp_path)}
    cold, warm = (
        subprocess.run([sys.executable, "-m", "lossdocs", "check"], capture_output=True, text=True, env=env)
        for _ in range(2)
    )
    assert cold.returncode == warm.returncode == 0
    assert "(cached)" not in cold.stdout and warm.stdout.endswith("derivations verified (cached)\n")
    assert without_times(warm.stdout) == without_times(cold.stdout)
    (entry,) = tmp_path.glob("check-all-*.json")
    entry.write_text('{"key": "stale", "value": ["ok   nothing"]}')
    again = subprocess.run(
        [sys.executable, "-m", "lossdocs", "check"], capture_output=True, text=True, env=env
    )
    assert "(cached)" not in again.stdout and again.returncode == 0


def test_check_exits_1_and_prints_the_failing_step(monkeypatch, capsys):
    monkeypatch.setenv("LOSSDOCS_CACHE", "off")  # the sources are unchanged: a stored pass would answer
    good = lossdocs.get("sigmoid.derivative")
    bad_step = dataclasses.replace(good.steps[4], expr=-good.steps[4].expr)
    bad = dataclasses.replace(good, steps=(*good.steps[:4], bad_step, *good.steps[5:]))
    monkeypatch.setattr(cli, "get", lambda _: bad)
    assert cli.main(["check", "sigmoid.derivative"]) == 1
    out = capsys.readouterr().out
    assert "FAIL sigmoid.derivative" in out and "sigmoid.derivative, step 5:" in out
    assert out.splitlines()[-1] == "0 of 1 derivations verified; failed: sigmoid.derivative"
    assert cli.main(["show", "sigmoid.derivative"]) == 1  # the failure, not a traceback
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith("FAIL sigmoid.derivative\n")
    assert "sigmoid.derivative, step 5: could not show that" in captured.err
    assert cli.main(["export", "sigmoid.derivative", "--format", "tex"]) == 1  # nor does export
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith("FAIL sigmoid.derivative\n")


def test_check_and_show_reject_an_unknown_id_with_a_suggestion():
    for args in (("check", "sigmoid.derivativ"), ("show", "sigmoid.derivativ")):
        result = run(*args)
        assert result.returncode == 2
        assert "did you mean 'sigmoid.derivative'" in result.stderr


@pytest.mark.parametrize("fmt", ["latex", "markdown", "text"])
def test_show_prints_the_renderer_output(fmt):
    result = run("show", "sigmoid.derivative", "--lang", "ko", "--format", fmt)
    assert result.returncode == 0
    expected = getattr(render, fmt)(lossdocs.get("sigmoid.derivative"), "ko")
    assert result.stdout == (cli.plain(expected) if fmt == "text" else expected) + "\n"


@pytest.mark.parametrize(
    ("lang", "line"), [("en", "Parameters of lambdify(): (s, y)"), ("ko", "lambdify()의 매개변수: (s, y)")]
)
def test_show_ends_with_the_parameters_of_lambdify(lang, line):
    result = run("show", "bce.clamp", "--lang", lang)
    assert result.returncode == 0 and result.stdout.splitlines()[-1] == line


def test_show_numeric_prints_every_row_of_the_numeric_checks():
    result = run("show", "bce_logits.simplify", "--format", "numeric", "--lang", "ko")
    checks = lossdocs.get("bce_logits.simplify").numeric_checks()
    assert result.returncode == 0 and result.stdout == checks.to_markdown("ko") + "\n"
    table = [line for line in result.stdout.splitlines() if line.startswith("| ")]
    assert len(table) == 1 + len(checks) and "오차 (ulp)" in table[0]


def test_show_json_is_the_derivation_as_data_that_sympy_reads_back():
    import json

    import sympy as sp

    from lossdocs import functions
    from lossdocs.numeric_checks import parameters

    result = run("show", "bce_logits.pos_weight", "--format", "json")
    data = json.loads(result.stdout)
    derivation = lossdocs.get("bce_logits.pos_weight")
    assert data["id"] == derivation.id and len(data["steps"]) == len(derivation.steps)
    names = vars(functions)  # lossdocs' named functions (sigmoid, softplus, …), not undefined ones

    def read(text):
        return sp.sympify(text, locals=names)

    assert read(data["start"]["sympy"]) == derivation.start
    assert [read(step["sympy"]) for step in data["steps"]] == [step.expr for step in derivation.steps]
    assert [step["check"] for step in data["steps"]] == [step.check for step in derivation.steps]
    assert data["parameters"] == [str(s) for s in parameters(derivation)]


def test_check_looks_up_every_id_before_checking_any():
    result = run("check", "sigmoid.derivative", "sigmoid.derivativ")
    assert result.returncode == 2 and result.stdout == ""
    assert "did you mean 'sigmoid.derivative'" in result.stderr


def test_a_reader_that_closes_the_pipe_gets_no_traceback():
    process = subprocess.Popen(
        [sys.executable, "-m", "lossdocs", "show", "cross_entropy.grad", "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    process.stdout.close()  # as `| head` does once it has its lines
    assert process.wait() == 0
    assert process.stderr.read() == b""


def test_version():
    result = run("--version")
    assert result.returncode == 0 and result.stdout == f"lossdocs {lossdocs.__version__}\n"
    assert re.fullmatch(r"\d+\.\d+\.\d+", lossdocs.__version__)


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("The \\(10^{-12}\\) clamp of `BCELoss`'s backward", "The 10^-12 clamp of BCELoss's backward"),
        (
            "Sigmoid focal loss, \\(\\alpha = 0.25\\), \\(\\gamma = 2\\)",
            "Sigmoid focal loss, α = 0.25, γ = 2",
        ),
        (
            "`pos_weight` adds \\(\\log p_w\\) to the optimal logit",
            "pos_weight adds log p_w to the optimal logit",
        ),
    ],
)
def test_a_terminal_shows_titles_as_plain_text(title, shown):
    assert cli.plain(title) == shown


def test_list_puts_every_title_in_one_column_after_the_longest_id():
    lines = run("list").stdout.splitlines()
    longest = max(map(len, lossdocs.ids()))
    assert all(line[longest] == " " and line[longest + 1] != " " for line in lines)
    assert not any("`" in line or "\\(" in line for line in lines)


@pytest.mark.parametrize("command", [[], ["list"], ["check"], ["show"], ["export"]])
def test_every_command_has_help(command):
    result = run(*command, "--help")
    assert result.returncode == 0 and "usage: python -m lossdocs" in result.stdout


def test_a_warm_show_list_or_check_answers_from_the_cache_without_sympy(tmp_path):
    env = {**os.environ, "LOSSDOCS_CACHE": str(tmp_path)}
    script = (
        "import sys\nfrom lossdocs.__main__ import main\ncode = main(sys.argv[1:])\n"
        "print('sympy' in sys.modules, file=sys.stderr)\nsys.exit(code)"
    )
    for command in (["show", "sigmoid.derivative"], ["list", "--lang", "ko"], ["check", "logit.inverse"]):
        cold, warm = (
            subprocess.run([sys.executable, "-c", script, *command], capture_output=True, text=True, env=env)
            for _ in range(2)
        )
        assert cold.returncode == warm.returncode == 0
        assert cold.stderr == "True\n" and warm.stderr == "False\n", command
        if command[0] == "check":
            assert warm.stdout.splitlines()[-1] == "1 of 1 derivations verified (cached)"
        else:
            assert warm.stdout == cold.stdout
