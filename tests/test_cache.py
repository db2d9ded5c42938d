"""The on-disk cache only speeds things up: stale, corrupt or foreign entries never change a result."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys

import pytest
import sympy as sp

import lossdocs
from lossdocs import DerivationError, cache, verify
from tests.conftest import ROOT


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("LOSSDOCS_CACHE", str(tmp_path))
    verify._check.cache_clear()  # the in-process memo would hide the disk
    return tmp_path


@pytest.fixture
def counted(monkeypatch):
    """Counts how often derivations are really checked (not answered from the cache)."""
    calls = []
    real = verify._verify
    monkeypatch.setattr(verify, "_verify", lambda d: calls.append(d.id) or real(d))
    return calls


def entry(cache_dir):
    (path,) = cache_dir.glob("verify-*.json")
    return path


def test_a_warm_cache_answers_without_checking(cache_dir, counted):
    d = lossdocs.get("sigmoid.derivative")
    cold = verify.verify(d)
    warm = verify.verify(d)
    assert counted == ["sigmoid.derivative"]
    assert warm == cold
    assert json.loads(entry(cache_dir).read_text())["key"] == cache.digest(verify.content_key(d))


@pytest.mark.parametrize("garbage", ["", "{not json", '{"key": 1}', '{"key": "k", "value": [[1, 2]]}', "[]"])
def test_a_corrupt_entry_is_recomputed_and_replaced(cache_dir, counted, garbage):
    d = lossdocs.get("sigmoid.derivative")
    expected = verify.verify(d)
    entry(cache_dir).write_text(garbage)
    assert verify.verify(d) == expected
    assert counted == ["sigmoid.derivative", "sigmoid.derivative"]
    assert json.loads(entry(cache_dir).read_text())["key"] == cache.digest(verify.content_key(d))


def test_an_entry_stored_under_another_key_is_ignored(cache_dir, counted):
    d = lossdocs.get("sigmoid.derivative")
    verify.verify(d)
    stale = entry(cache_dir)
    stale.write_text(json.dumps({"key": "0" * 64, "value": json.loads(stale.read_text())["value"]}))
    verify.verify(d)
    assert len(counted) == 2


def test_a_cached_pass_does_not_let_a_changed_derivation_through(cache_dir):
    d = lossdocs.get("sigmoid.derivative")
    verify.verify(d)
    steps = list(d.steps)
    steps[2] = dataclasses.replace(steps[2], expr=steps[2].expr + 1)
    broken = dataclasses.replace(d, steps=tuple(steps))
    with pytest.raises(DerivationError, match="step 3"):
        verify.verify(broken)
    with pytest.raises(DerivationError, match="step 3"):  # failures are never stored
        verify.verify(broken)
    assert len(list(cache_dir.glob("verify-*.json"))) == 1


def test_the_key_changes_with_any_expression_kind_or_domain():
    d = lossdocs.get("sigmoid.derivative")
    keys = {verify.content_key(d)}
    x = sp.Symbol("x", real=True)
    keys.add(verify.content_key(dataclasses.replace(d, start=d.start + 0 * x + 1)))
    keys.add(verify.content_key(dataclasses.replace(d, domain=((x, "positive"),))))
    step = dataclasses.replace(d.steps[0], check="numeric")
    keys.add(verify.content_key(dataclasses.replace(d, steps=(step, *d.steps[1:]))))
    assert len(keys) == 4


def test_reasons_do_not_change_the_key():
    d = lossdocs.get("sigmoid.derivative")
    reworded = dataclasses.replace(d.steps[0], ko="다른 말", en="other words")
    assert verify.content_key(dataclasses.replace(d, steps=(reworded, *d.steps[1:]))) == verify.content_key(d)


def test_off_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("LOSSDOCS_CACHE", "off")
    verify.verify(lossdocs.get("sigmoid.derivative"))
    assert cache.directory() is None
    assert list(tmp_path.iterdir()) == []


def test_numeric_checks_round_trip_through_the_cache(cache_dir):
    d = lossdocs.get("sigmoid.derivative")
    cold = d.numeric_checks()
    (path,) = cache_dir.glob("numeric-*.json")
    assert d.numeric_checks() == cold
    path.write_text('{"key": "x"')
    assert d.numeric_checks() == cold


def test_an_unwritable_cache_is_not_an_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("LOSSDOCS_CACHE", str(blocker / "sub"))
    verify._check.cache_clear()
    assert len(verify.verify(lossdocs.get("sigmoid.derivative"))) == 8


# One key for every cache: cache.digest, over every source of lossdocs, the versions and the SIMD features.


@pytest.fixture
def package_copy(tmp_path):
    """A copy of the lossdocs package that a test may edit; run code in it with ``run(code)``."""
    root = tmp_path / "copy"
    shutil.copytree(ROOT / "lossdocs", root / "lossdocs", ignore=shutil.ignore_patterns("__pycache__"))
    env = {**os.environ, "LOSSDOCS_CACHE": str(tmp_path / "cache"), "PYTHONPATH": str(root)}

    def run(code: str) -> str:
        result = subprocess.run(
            [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    run.package = root / "lossdocs"
    assert run("import lossdocs; print(lossdocs.__file__)") == str(run.package / "__init__.py")
    return run


def edit(path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, (path, old)
    path.write_text(text.replace(old, new))


CHECKS_RUN = """
from lossdocs import get, verify
real, calls = verify._verify, []
verify._verify = lambda d: calls.append(d.id) or real(d)
verify.verify(get("sigmoid.derivative"))
print(len(calls))
"""


def test_a_changed_checker_is_not_answered_by_the_cache(package_copy):
    assert package_copy(CHECKS_RUN) == "1"
    assert package_copy(CHECKS_RUN) == "0"  # answered from the cache
    edit(package_copy.package / "verify.py", "MAX_POINTS = 600", "MAX_POINTS = 599")
    assert package_copy(CHECKS_RUN) == "1"


TABLE_ROWS = 'from lossdocs import get; print(len(get("sigmoid.derivative").numeric_checks().rows))'


def test_a_changed_table_module_is_not_answered_by_the_cache(package_copy):
    rows = int(package_copy(TABLE_ROWS))
    assert rows > 3 and package_copy(TABLE_ROWS) == str(rows)
    edit(package_copy.package / "numeric_checks.py", "MAX_ROWS = 40", "MAX_ROWS = 3")
    assert package_copy(TABLE_ROWS) == "3"


def test_every_source_file_of_the_package_is_in_the_key(package_copy, monkeypatch):
    monkeypatch.setattr(cache, "PACKAGE", package_copy.package)
    before = cache.environment(loaded=False)
    sources = sorted(package_copy.package.rglob("*.py"))
    assert len(sources) >= 15 and any(p.parent.name == "derivations" for p in sources)
    for path in sources:
        text = path.read_text()
        path.write_text(text + "\n# edited\n")
        assert cache.environment(loaded=False) != before, path.name
        path.write_text(text)
    assert cache.environment(loaded=False) == before


def test_the_key_has_the_versions_and_the_simd_features(monkeypatch):
    before = cache.environment(loaded=False)
    features = cache.simd_features()
    monkeypatch.setattr(cache, "simd_features", lambda: (*features, "AVX512_SPR"))
    assert cache.environment(loaded=False) != before
    monkeypatch.undo()
    monkeypatch.setattr(cache, "_versions", lambda: ["numpy==0"])
    assert cache.environment(loaded=False) != before


def test_every_cache_kind_is_keyed_by_the_digest(cache_dir):
    d = lossdocs.get("sigmoid.derivative")
    d.numeric_checks()
    keys = {
        path.name.split("-", 1)[0]: json.loads(path.read_text())["key"] for path in cache_dir.glob("*.json")
    }
    assert keys == {
        "verify": cache.digest(verify.content_key(d)),
        "numeric": cache.digest(verify.content_key(d)),
    }
