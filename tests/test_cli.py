"""python -m lossdocs list | check | show."""

from __future__ import annotations

import dataclasses
import os
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
    good = lossdocs.get("sigmoid.derivative")
    bad_step = dataclasses.replace(good.steps[4], expr=-good.steps[4].expr)
    bad = dataclasses.replace(good, steps=(*good.steps[:4], bad_step, *good.steps[5:]))
    monkeypatch.setattr(cli, "get", lambda _: bad)
    assert cli.main(["check", "sigmoid.derivative"]) == 1
    out = capsys.readouterr().out
    assert "FAIL sigmoid.derivative" in out and "sigmoid.derivative, step 5:" in out
    assert out.splitlines()[-1] == "0 of 1 derivations verified"


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
    assert result.stdout == expected + "\n"


@pytest.mark.parametrize("command", [[], ["list"], ["check"], ["show"]])
def test_every_command_has_help(command):
    result = run(*command, "--help")
    assert result.returncode == 0 and "usage: python -m lossdocs" in result.stdout
