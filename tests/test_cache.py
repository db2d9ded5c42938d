"""The on-disk cache only speeds things up: stale, corrupt or foreign entries never change a result."""

from __future__ import annotations

import dataclasses
import json

import pytest
import sympy as sp

import lossdocs
from lossdocs import DerivationError, cache, verify


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
    assert json.loads(entry(cache_dir).read_text())["key"] == verify.content_key(d)


@pytest.mark.parametrize("garbage", ["", "{not json", '{"key": 1}', '{"key": "k", "value": [[1, 2]]}', "[]"])
def test_a_corrupt_entry_is_recomputed_and_replaced(cache_dir, counted, garbage):
    d = lossdocs.get("sigmoid.derivative")
    expected = verify.verify(d)
    entry(cache_dir).write_text(garbage)
    assert verify.verify(d) == expected
    assert counted == ["sigmoid.derivative", "sigmoid.derivative"]
    assert json.loads(entry(cache_dir).read_text())["key"] == verify.content_key(d)


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
    reworded = dataclasses.replace(d.steps[0], why=lossdocs.Text(ko="다른 말", en="other words"))
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
