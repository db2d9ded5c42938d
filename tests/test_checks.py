"""Check kinds: each proves what it should and refuses what it should, never vacuously."""

from __future__ import annotations

import dataclasses
import math
import re
import sys

import pytest
import sympy as sp

import lossdocs
from lossdocs import Derivation, DerivationError, Step, Text
from lossdocs.domains import RANGES, sweep
from lossdocs.functions import log1p, sigmoid, softplus
from lossdocs.verify import proved_positive, verify

x = sp.Symbol("x", real=True)
y = sp.Symbol("y", real=True)
a, b = sp.symbols("a b", positive=True)
ra, rb = sp.symbols("ra rb", real=True)
p = sp.Symbol("p", positive=True)
WHY = Text(ko="이유", en="reason")


def one_step(start, expr, check="symbolic", define=(), domain=()):
    return Derivation("test.step", WHY, start, (Step(expr, WHY.ko, WHY.en, check, define),), domain)


def method(start, expr, **kwargs) -> str:
    (result,) = verify(one_step(start, expr, **kwargs))
    return result.method


def test_expand_log_splits_only_where_assumptions_allow():
    assert method(sp.log(a * b), sp.log(a) + sp.log(b)) in {"simplify", "expand_log"}
    with pytest.raises(DerivationError, match="test.step, step 1"):
        verify(one_step(sp.log(ra * rb), sp.log(ra) + sp.log(rb)))


def test_case_split_proves_the_overflow_free_bce_form():
    naive = (1 - y) * x + sp.log(1 + sp.exp(-x))
    stable = sp.Max(x, 0) - x * y + log1p(sp.exp(-sp.Abs(x)))
    assert method(naive, stable, domain=((y, "target"),)) == "case split on the sign of x"


def test_case_split_rejects_a_wrong_branch():
    wrong = sp.Max(x, 0) - x * y + log1p(sp.exp(sp.Abs(x)))
    with pytest.raises(DerivationError):
        verify(one_step((1 - y) * x + sp.log(1 + sp.exp(-x)), wrong, domain=((y, "target"),)))


def test_definition_substitutes_and_is_checked():
    start = sp.log(p / (1 - p))
    step = sp.log(sigmoid(x) / (1 - sigmoid(x)))
    assert method(start, step, check="definition", define=((p, sigmoid(x)),)) == "simplify"
    with pytest.raises(DerivationError):  # p = sigma(x) does not make the logit's sign flip
        verify(one_step(start, -step, check="definition", define=((p, sigmoid(x)),)))


def test_a_defined_name_stays_defined_for_later_steps():
    d = Derivation(
        "test.later",
        WHY,
        -sp.log(p),
        (
            Step(-sp.log(sigmoid(x)), WHY.ko, WHY.en, "definition", ((p, sigmoid(x)),)),
            Step(softplus(-x), WHY.ko, WHY.en),
            Step(-sp.log(p), WHY.ko, WHY.en),  # back to p: true only because p = sigma(x)
        ),
    )
    assert [c.kind for c in verify(d)] == ["definition", "symbolic", "symbolic"]


@pytest.mark.parametrize(
    ("check", "define", "message"),
    [
        ("symbolic", ((p, sigmoid(x)),), r"define=.*: expected definitions with check='definition' only"),
        ("definition", (), r"define=\(\): expected definitions with check='definition' only"),
        ("guess", (), "check='guess'"),
    ],
)
def test_malformed_steps_are_errors_when_made(check, define, message):
    with pytest.raises(ValueError, match=message):
        one_step(x, x, check=check, define=define)


def test_a_definition_that_is_never_used_is_rejected():
    with pytest.raises(DerivationError, match="defines p but never uses it"):
        verify(one_step(x + 1, x + 1, check="definition", define=((p, sigmoid(x)),)))


def test_numeric_check_passes_a_true_identity_at_every_point():
    # log(1 + e^x) − log(1 + e^{−x}) = x holds at every float, ±1.8e308 included: no point is lost.
    (result,) = verify(one_step(softplus(x) - softplus(-x), x, check="numeric"))
    assert result.points == len(sweep("real")) and not result.proved
    assert result.method.startswith(f"tested at {len(sweep('real'))} points: interval arithmetic")


def test_numeric_check_is_not_fooled_by_digits_lost_at_huge_magnitudes():
    # 1 − σ(x) = σ(−x) is true, but 1 − σ(x) cancels to nothing, even at 1600 digits, once e^{−x} is
    # below 10^−1600 (x > 3684): those points are undecided, not counterexamples.
    (result,) = verify(one_step(1 - 1 / (1 + sp.exp(-x)), 1 / (1 + sp.exp(x)), check="numeric"))
    n, beyond = len(sweep("real")), sum(1 for v in sweep("real") if v > 1600 * math.log(10))
    assert beyond > 20 and result.points == n - beyond
    assert result.method.endswith(f"0 undefined and {beyond} undecided of {n}")


def numeric_failure(start, wrong, **kwargs) -> tuple[dict, float, float]:
    """The point and the two values that a failing numeric check reports, checked for its format."""
    with pytest.raises(DerivationError) as raised:
        verify(one_step(start, wrong, check="numeric", **kwargs))
    message = str(raised.value)
    head = (
        f"test.step, step 1: could not show that\n    {start}\n  equals\n    {wrong}\n  (check: numeric; at "
    )
    assert message.startswith(head), message
    found = re.fullmatch(r"(.*) the two sides are (\S+) and (\S+)\)", message[len(head) :])
    assert found, message
    point = dict(item.split(" = ") for item in found.group(1).split(", "))
    a, b = found.group(2, 3)
    return {k: float(v) for k, v in point.items()}, float(a), float(b)


@pytest.mark.parametrize(
    ("start", "wrong", "domain", "wrong_where"),
    [
        # The two false steps of issue 19: sample points up to 700 and 1e8 never saw the difference.
        (x + sp.Max(0, x - 1000), x, (), lambda v: v["x"] > 1000),
        (p + sp.Heaviside(p - 2 * 10**8), p, (), lambda v: v["p"] > 2e8),
        # Wrong only for negative x, far out: the domain allows it, so the sweep goes there.
        (x + sp.Max(0, -x - 10**6), x, (), lambda v: v["x"] < -1e6),
        # Wrong only within 1e-200 of the probability 0, or within 1e-15 of 1.
        (
            sp.log(p),
            sp.log(p) + sp.Heaviside(sp.Rational(1, 10**200) - p),
            ((p, "probability"),),
            lambda v: v["p"] < 1e-200,
        ),
        (
            log1p(-p),
            log1p(-p) + sp.Heaviside(p - 1 + sp.Rational(1, 10**15)),
            ((p, "probability"),),
            lambda v: v["p"] >= 1 - 1e-15,
        ),
        # Wrong only where a second symbol is extreme too: y near 1 and x beyond 1e10.
        (
            x * y,
            x * y + sp.Heaviside(x - 10**10) * sp.Heaviside(y - sp.Rational(99, 100)),
            ((y, "target"),),
            lambda v: v["x"] > 1e10 and v["y"] > 0.99,
        ),
    ],
)
def test_numeric_check_finds_a_step_that_is_wrong_only_far_from_the_old_sample_points(
    start, wrong, domain, wrong_where
):
    point, a, b = numeric_failure(start, wrong, domain=domain)
    assert wrong_where(point), point
    assert a != b


def test_numeric_check_sees_a_difference_in_the_30th_digit():
    with pytest.raises(DerivationError, match="check: numeric"):
        verify(one_step(softplus(x), softplus(x) * (1 + sp.Rational(1, 10**30)), check="numeric"))


def test_numeric_check_sees_a_difference_that_only_exists_at_extreme_logits():
    # log(1 + e^{-x}) and e^{-x} differ by O(e^{-2x}): relative 1e-17 at x = 40, 1e-304 at 700.
    start, wrong = sp.log(1 + sp.exp(-x)), sp.exp(-x)
    with pytest.raises(DerivationError):
        verify(one_step(start, wrong, check="numeric"))


def test_numeric_check_is_not_vacuous_when_a_side_is_undefined():
    undefined = sp.log(-1 - x**2)  # complex for every real x
    with pytest.raises(DerivationError, match="check: numeric"):
        verify(one_step(undefined, undefined, check="numeric"))


def test_numeric_check_tolerates_a_few_undefined_points():
    # x/|x| is undefined only at x = 0, one of the sweep's points.
    n = len(sweep("real"))
    assert method(x / sp.Abs(x), sp.sign(x), check="numeric") == (
        f"tested at {n - 1} points: interval arithmetic (mpmath, 60 to 1600 digits) agrees to 40 digits; "
        f"1 undefined and 0 undecided of {n}"
    )


def test_numeric_check_samples_only_the_declared_domain():
    # |x| = x is false for x < 0, true on the positive domain: the sweep stays inside the domain.
    numeric_failure(sp.Abs(x), x)
    assert method(sp.Abs(x), x, check="numeric", domain=((x, "positive"),)).startswith(
        f"tested at {len(sweep('positive'))} points"
    )


@pytest.mark.parametrize(
    ("name", "inside", "outside"),
    [
        ("real", (-sys.float_info.max, -5e-324, 0.0, 5e-324, 1e-300, 1e300, sys.float_info.max), ()),
        ("probability", (5e-324, 1e-300, 0.5, math.nextafter(1.0, 0.0), 1 - 1e-15), (0.0, 1.0)),
        ("target", (0.0, 5e-324, 0.5, math.nextafter(1.0, 0.0), 1.0), ()),
        ("positive", (5e-324, 1e-300, 1.0, 1e300, sys.float_info.max), (0.0,)),
        ("exponent", (0.0, 5e-324, 1e300), ()),
        ("classes", (2.0, 3.0, 1000.0, 1e300), (0.0, 1.0)),
    ],
)
def test_the_sweep_covers_the_whole_domain(name, inside, outside):
    points = sweep(name)
    assert set(inside) <= set(points) and not set(outside) & set(points)
    assert len(points) > 60 and points == tuple(sorted(set(points)))
    r = RANGES[name]
    assert all((r.low < v or (r.low_closed and v == r.low)) and (v < r.high or r.high_closed) for v in points)
    if r.integer:
        assert all(v == int(v) for v in points)
    negative = sum(1 for v in points if v < 0)
    assert (negative > 30) == (r.low == -math.inf)


def test_a_symbol_without_a_domain_cannot_be_sampled():
    z = sp.Symbol("z")
    with pytest.raises(ValueError, match="symbol z: no domain"):
        verify(one_step(z + z, 2 * z + 1, check="numeric"))


def test_unknown_domain_name_is_rejected():
    with pytest.raises(ValueError, match="domain of y is 'logits'"):
        one_step(x, x, domain=((y, "logits"),))


def test_probabilities_as_odds_split_logs_only_on_the_open_unit_interval():
    # log(1/(1 − p)) = −log(1 − p) needs 1 − p > 0: true for a probability; for p > 1 the two
    # complex logs differ by 2πi.
    start, split = sp.log(1 / (1 - p)), -sp.log(1 - p)
    assert method(start, split, domain=((p, "probability"),)) == (
        "probabilities as odds (p = u/(1 + u), u > 0), then expand_log"
    )
    with pytest.raises(DerivationError, match="check: symbolic"):
        verify(one_step(start, split))


def test_a_max_is_decided_by_interval_arithmetic_on_the_whole_domain():
    # bce.clamp's second clamp: log(1 − e^{−100−s}) > −100 for every s > 0.
    s = sp.Symbol("s", positive=True)
    clamped = sp.Max(sp.log(1 - sp.exp(-100 - s)), -100)
    assert method(clamped, sp.log(1 - sp.exp(-100 - s))).startswith(
        "1 Max/Min/Abs/sign decided by interval arithmetic on the whole domain"
    )
    # max(−a, −1) = −a holds for a in [0, 1] but not for every a > 0 (a = 3 gives −1, not −3).
    assert method(sp.Max(-a, -1), -a, domain=((a, "unit"),)).startswith("1 Max/Min/Abs/sign decided")
    with pytest.raises(DerivationError, match="check: symbolic"):
        verify(one_step(sp.Max(-a, -1), -a))


def test_a_max_whose_arguments_cross_on_the_domain_is_not_decided():
    # max(x, 0) for a real x takes either branch: deciding it either way would be a false proof.
    with pytest.raises(DerivationError):
        verify(one_step(sp.Max(x, 0) + sp.Max(-x, 0), x))
    with pytest.raises(DerivationError):
        verify(one_step(sp.Max(x, 0) + sp.Max(-x, 0), -x))
    assert method(sp.Max(x, 0) + sp.Max(-x, 0), sp.Abs(x)) == "case split on the sign of x"


@pytest.mark.parametrize(
    ("expr", "domain", "positive"),
    [
        # The focal loss's base: a mix of σ(−x) and σ(x) with weights y and 1 − y, y in [0, 1].
        (y / (1 + sp.exp(x)) + (1 - y) / (1 + sp.exp(-x)), {y: "target"}, True),
        (y, {y: "target"}, False),  # y = 0 is a target
        (y, {y: "probability"}, True),
        (1 - y, {y: "probability"}, True),
        (y - sp.Rational(1, 2), {y: "probability"}, False),
        (ra + 1, {ra: "exponent"}, True),
        (ra, {ra: "exponent"}, False),  # γ = 0 is an exponent
        (x, {}, False),
    ],
)
def test_proved_positive_covers_the_whole_domain_ends_included(expr, domain, positive):
    assert proved_positive(expr, domain) is positive


@pytest.mark.parametrize(
    ("derivation_id", "n"),
    [
        # The five steps that were numeric before they were proved, extremes of s, p, y and ε included.
        ("bce.likelihood", 2),
        ("bce.clamp", 3),
        ("bce.clamp_grad", 2),
        ("bce_logits.minimum", 3),
        ("cross_entropy.label_smoothing_floor", 2),
        # mpmath's iv.log(e^{1e220 + 745.2}) fell one ulp short at 400 digits: a false "differ" here
        # until every elementary enclosure was widened.
        ("log_softmax.logsumexp", 3),
    ],
)
def test_a_proved_step_also_passes_when_only_tested(derivation_id, n):
    derivation = lossdocs.get(derivation_id)
    steps = list(derivation.steps)
    steps[n - 1] = dataclasses.replace(steps[n - 1], check="numeric")
    check = verify(dataclasses.replace(derivation, steps=tuple(steps)))[n - 1]
    assert check.kind == "numeric" and check.method.startswith(f"tested at {check.points} points")
    total = int(check.method.rsplit(" of ", 1)[1])
    assert check.points >= 0.75 * total and total >= 100
