"""Every framework derivation against the framework running: TensorFlow 2.21, Keras 3.15 (TensorFlow
backend), optax 0.2.8 on JAX and scikit-learn 1.9 (requirements-dev.txt), on ordinary and extreme inputs.

A derivation's value is its start, the formula as the framework's source writes it, evaluated by mpmath
at 400 digits (e^{-700} beside 1 needs them) from the float inputs exactly as stored
(`lossdocs.verify.evaluate`); the derivation proves that this is the exact loss, or the clipped one.
A framework's result in a dtype must lie within the stated number of ulp of it, in that dtype; where a
formula subtracts (log-sum-exp minus a logit), of the subtraction's terms.  The clipped forms must hit
their caps exactly: within one ulp of the derivation's result, computed by its lambdify.  The stored
measurement (lossdocs/framework_accuracy.json) is data from one machine; only what holds on every CPU is
compared with it: where a result is NaN, and the caps.
"""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # TensorFlow's C++ start-up logging

import math  # noqa: E402
import warnings  # noqa: E402

import mpmath  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import lossdocs  # noqa: E402
from lossdocs import accuracy as grid  # noqa: E402
from lossdocs import frameworks, render  # noqa: E402
from lossdocs.functions import elementary  # noqa: E402
from lossdocs.symbols import alpha, epsilon, gamma, p, pos_weight, x, y  # noqa: E402
from lossdocs.verify import evaluate  # noqa: E402
from tests.conftest import import_dev  # noqa: E402

tf = import_dev("tensorflow")
keras = import_dev("keras")
jax = import_dev("jax")
optax = import_dev("optax")
metrics = import_dev("sklearn.metrics")
jax.config.update("jax_enable_x64", True)  # float64 arrays stay float64
jnp = jax.numpy

DTYPES = (np.float32, np.float64)
LOGITS = np.array(
    [-700.0, -40.0, -36.75, -10.0, -1.0, -0.1, -1e-10, 0.0, 1e-10, 0.5, 1.0, 10.0, 37.5, 40.0, 700.0]
)
TARGETS = (0.0, 0.25, 0.5, 1.0)
ROWS = np.array(
    [
        [0.0, 0.0, 0.0],
        [2.0, -1.0, 0.5],
        [40.0, 0.0, -1.0],
        [-40.0, 0.0, 1.0],
        [700.0, 0.0, -700.0],
        [1.0, 1.0, 3.0],
    ]
)
ULP = 8
"""The bound for a loss computed in one formula (measured on the whole grid: at most 4.5 in float64 and
3.5 in float32 for TensorFlow, 2.6 for optax; lossdocs/framework_accuracy.json)."""


def exact(derivation_id: str, symbols, points, expr=None) -> tuple[np.ndarray, np.ndarray]:
    """The derivation's start (or ``expr``) at ``points`` by mpmath, as a `lossdocs.accuracy.split` pair."""
    start = elementary(lossdocs.get(derivation_id).verify().start if expr is None else expr)
    values = evaluate(start, symbols, [tuple(map(float, point)) for point in points], 400)
    assert all(v is not None for v in values), derivation_id
    return grid.split(values)


def ulps(got, reference, dtype, scale=None) -> np.ndarray:
    return grid.ulp_error(np.asarray(got, dtype=np.float64), reference, dtype, scale)


def grid_of(*axes):
    """Every combination of the axes, as columns."""
    return [column.ravel() for column in np.meshgrid(*axes, indexing="ij")]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize(
    ("derivation_id", "call"),
    [
        (
            "tf.sigmoid_ce",
            lambda xs, ys: tf.nn.sigmoid_cross_entropy_with_logits(labels=ys, logits=xs).numpy(),
        ),
        (
            "tf.sigmoid_ce",  # Keras with from_logits=True calls the same op: the row shares its derivation
            lambda xs, ys: keras.losses.binary_crossentropy(
                ys[:, None], xs[:, None], from_logits=True
            ).numpy(),
        ),
        ("optax.sigmoid_bce", lambda xs, ys: np.asarray(optax.sigmoid_binary_cross_entropy(xs, ys))),
    ],
)
def test_binary_losses_from_logits_are_their_derivations(derivation_id, call, dtype):
    xs, ys = (v.astype(dtype) for v in grid_of(LOGITS, TARGETS))
    assert np.max(ulps(call(xs, ys), exact(derivation_id, (x, y), zip(xs, ys, strict=True)), dtype)) <= ULP


@pytest.mark.parametrize("dtype", DTYPES)
def test_tf_weighted_cross_entropy_is_its_derivation(dtype):
    """Within 8 ulp of its terms' scale |(1 − y)x| + l·softplus(−x): for y = 0 and x ≪ 0 the two cancel
    (tf.weighted_ce, step 2), unlike sigmoid_cross_entropy_with_logits; within 8 ulp of the loss at y = 1."""
    xs, ys, ws = (v.astype(dtype) for v in grid_of(LOGITS, TARGETS, [0.5, 3.0]))
    got = tf.nn.weighted_cross_entropy_with_logits(labels=ys, logits=xs, pos_weight=ws).numpy()
    reference = exact("tf.weighted_ce", (x, y, pos_weight), zip(xs, ys, ws, strict=True))
    wide = xs.astype(np.float64)
    scale = np.abs((1 - ys) * wide) + (1 + (ws - 1) * ys) * np.logaddexp(0, -wide)
    assert np.max(ulps(got, reference, dtype, scale.astype(dtype))) <= ULP
    assert np.max(ulps(got, reference, dtype)[ys == 1]) <= ULP


def _softmax_terms(z, labels) -> np.ndarray:
    """Σ_i y_i (|LSE(z)| + |z_i|): the scale of the subtraction LSE(z) − z_i, hence of its rounding."""
    lse = np.array(
        [float(mpmath.log(mpmath.fsum(mpmath.exp(mpmath.mpf(float(v))) for v in row))) for row in z]
    )
    return (labels * (np.abs(lse)[:, None] + np.abs(z))).sum(axis=1)


@pytest.mark.parametrize("dtype", DTYPES)
def test_softmax_cross_entropies_are_tf_softmax_ce(dtype):
    z = np.repeat(ROWS, 4, axis=0).astype(dtype)
    labels = np.tile(np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [0.25, 0.25, 0.5]]), (len(ROWS), 1)).astype(
        dtype
    )
    derivation = lossdocs.get("tf.softmax_ce")
    names = {str(s): s for s in derivation.start.free_symbols}
    symbols = [names[n] for n in ("z1", "z2", "z3", "y1", "y2", "y3", "m")]
    points = [(*row, *label, float(row.max())) for row, label in zip(z, labels, strict=True)]  # m = max z
    reference, scale = exact("tf.softmax_ce", symbols, points), _softmax_terms(z, labels).astype(dtype)
    calls = {
        "tf": tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=z).numpy(),
        "keras": keras.losses.categorical_crossentropy(labels, z, from_logits=True).numpy(),
        "optax": np.asarray(optax.softmax_cross_entropy(z, labels)),
    }
    for name, got in calls.items():
        assert np.max(ulps(got, reference, dtype, scale)) <= 4, name


@pytest.mark.parametrize("dtype", DTYPES)
def test_integer_label_cross_entropies_are_optax_softmax_ce_integer(dtype):
    derivation = lossdocs.get("optax.softmax_ce_integer")
    z1, z2, z3 = sorted(derivation.start.free_symbols, key=str)
    z = ROWS.astype(dtype)
    t = np.zeros(len(z), dtype=np.int32)  # the derivation's target is the first class
    reference = exact("optax.softmax_ce_integer", (z1, z2, z3), z)
    scale = _softmax_terms(z, np.eye(3)[t]).astype(dtype)
    calls = {
        "optax": np.asarray(optax.softmax_cross_entropy_with_integer_labels(z, t)),
        "keras": keras.losses.sparse_categorical_crossentropy(t, z, from_logits=True).numpy(),
        "tf": tf.nn.sparse_softmax_cross_entropy_with_logits(labels=t, logits=z).numpy(),
    }
    for name, got in calls.items():
        assert np.max(ulps(got, reference, dtype, scale)) <= 4, name


@pytest.mark.parametrize("dtype", DTYPES)
def test_torch_cross_entropy_is_nll_log_softmax(dtype):
    """The table's PyTorch row: F.cross_entropy is NLLLoss of log_softmax, the start of nll.log_softmax."""
    torch = pytest.importorskip("torch")
    derivation = lossdocs.get("nll.log_softmax")
    names = {str(s): s for s in derivation.start.free_symbols}
    z = ROWS.astype(dtype)
    t = np.zeros(len(z), dtype=np.int64)  # the derivation's target is the first class
    symbols = [names[n] for n in ("z1", "z2", "z3", "y1", "y2", "y3")]
    reference = exact("nll.log_softmax", symbols, [(*row, 1.0, 0.0, 0.0) for row in z])
    got = torch.nn.functional.cross_entropy(
        torch.from_numpy(z), torch.from_numpy(t), reduction="none"
    ).numpy()
    assert np.max(ulps(got, reference, dtype, _softmax_terms(z, np.eye(3)[t]).astype(dtype))) <= 4


@pytest.mark.parametrize("dtype", DTYPES)
def test_optax_focal_loss_is_its_derivation(dtype):
    """optax.sigmoid_focal_loss in log space: α = 0.25 and γ = 2 (its default), then γ = 0.5."""
    xs, ys = (v.astype(dtype) for v in grid_of(LOGITS[np.abs(LOGITS) <= 40], TARGETS))
    for a, g in ((0.25, 2.0), (0.75, 0.5)):
        got = np.asarray(optax.sigmoid_focal_loss(xs, ys, alpha=a, gamma=g))
        reference = exact(
            "optax.focal", (x, y, alpha, gamma), [(u, v, a, g) for u, v in zip(xs, ys, strict=True)]
        )
        assert np.max(ulps(got, reference, dtype)) <= 16, (a, g)  # exp(γ log(1 − p_t)) adds γ times its error


# Probabilities where the clipped losses round nothing but the logs: Keras and scikit-learn compute
# log(1 − p) after rounding 1 − p, which costs a small p its digits (the JSON's ulp column); at p ≤ ε and
# p ≥ 1/4, and for y = 1, that rounding is exact or harmless.
SMALL = np.array([0.0, 1e-300, 1e-20, 1e-17])
MIDDLE = np.array([0.25, 0.5, 0.75, 0.875])


@pytest.mark.parametrize("dtype", DTYPES)
def test_keras_clipped_bce_is_its_derivation(dtype):
    """The start of keras.bce_clipped with the clip bounds as float64 holds them; in float32 the bounds
    are float32's, those of keras.bce_clipped_float32."""
    derivation_id = "keras.bce_clipped" if dtype is np.float64 else "keras.bce_clipped_float32"
    ones = np.concatenate([SMALL, MIDDLE, [1 - 1e-9, 1.0]])
    ps, ys = (v.astype(dtype) for v in grid_of(ones, [1.0]))
    qs, zs = (v.astype(dtype) for v in grid_of(np.concatenate([MIDDLE, [1 - 1e-9, 1.0]]), [0.0, 0.25]))
    ps, ys = np.concatenate([ps, qs]), np.concatenate([ys, zs])
    got = keras.losses.binary_crossentropy(ys[:, None], ps[:, None]).numpy()
    assert np.max(ulps(got, exact(derivation_id, (p, y), zip(ps, ys, strict=True)), dtype)) <= 4


# Rows of probabilities: normalised or not, with entries below ε (0 included), at 1, and soft targets.
PROBABILITY_ROWS = np.array(
    [
        [0.5, 0.25, 0.25],
        [0.2, 0.3, 0.5],
        [1.0, 1.0, 2.0],
        [3.0, 0.5, 0.5],
        [0.0, 0.5, 0.5],
        [1e-300, 1.0, 1.0],
        [1e-9, 0.5, 0.5],
        [5e-8, 0.5, 0.5],
        [1.0, 0.0, 0.0],
        [0.75, 0.25, 0.0],
        [1e-20, 2e-20, 1e-20],
    ]
)
ROW_TARGETS = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.25, 0.25, 0.5]])


@pytest.mark.parametrize("dtype", DTYPES)
def test_keras_categorical_crossentropy_from_probabilities_is_its_derivation(dtype):
    """Renormalised, then clipped: the start of keras.cce_probabilities, with the clip bounds as float64
    holds them (keras.cce_clipped has the same start) and, in float32, as float32 does."""
    derivation_id = "keras.cce_clipped" if dtype is np.float64 else "keras.cce_clipped_float32"
    derivation = lossdocs.get(derivation_id)
    if dtype is np.float64:
        assert derivation.start == lossdocs.get("keras.cce_probabilities").start
    names = {str(s): s for s in derivation.start.free_symbols}
    symbols = [names[n] for n in ("p1", "p2", "p3", "y1", "y2", "y3")]
    ps = np.repeat(PROBABILITY_ROWS, len(ROW_TARGETS), axis=0).astype(dtype)
    ys = np.tile(ROW_TARGETS, (len(PROBABILITY_ROWS), 1)).astype(dtype)
    got = keras.losses.categorical_crossentropy(ys, ps).numpy()
    reference = exact(derivation_id, symbols, [(*a, *b) for a, b in zip(ps, ys, strict=True)])
    assert np.max(ulps(got, reference, dtype)) <= 4


def test_keras_categorical_crossentropy_is_the_exact_loss_where_nothing_is_clipped():
    """keras.cce_probabilities' result −log q1 for normalised rows with every entry in [ε, 1 − ε]."""
    ps = np.array([[0.5, 0.25, 0.25], [0.2, 0.3, 0.5], [1e-6, 0.5, 1 - 0.5 - 1e-6]])
    got = keras.losses.categorical_crossentropy(np.eye(3)[[0, 0, 0]], ps).numpy()
    result = lossdocs.get("keras.cce_probabilities").verify().result  # −log q1, q1 the target's share
    (share,) = result.free_symbols
    reference = exact("keras.cce_probabilities", [share], ps[:, :1], expr=result)
    assert np.max(ulps(got, reference, np.float64)) <= 4


def _sparse_terms(ps, t, dtype) -> np.ndarray:
    """1 + |LSE(z)| + |z_t| for the logits z = log clip(p) Keras' sparse loss hands TensorFlow's kernel: the
    scale of its rounding (the kernel's sum of shifted exponentials is at least 1, and LSE(z) − z_t
    subtracts)."""
    low, high = dtype(1e-7), dtype(1 - 1e-7)
    z = np.log(np.clip(ps.astype(np.float64), float(low), float(high)))
    lse = np.log(np.exp(z).sum(axis=1))
    return 1 + np.abs(lse) + np.abs(z[np.arange(len(z)), t])


@pytest.mark.parametrize("dtype", DTYPES)
def test_keras_sparse_categorical_crossentropy_from_probabilities_is_its_derivation(dtype):
    """Clipped, then renormalised: the start of keras.sparse_cce_clipped (target class 1 at y = 1, class 2 at
    y = 0) with the clip bounds as float64 holds them, whose y = 1 side is keras.sparse_cce_probabilities'
    start, and, in float32, as float32 does (keras.sparse_cce_clipped_float32)."""
    derivation_id = "keras.sparse_cce_clipped" if dtype is np.float64 else "keras.sparse_cce_clipped_float32"
    derivation = lossdocs.get(derivation_id)
    if dtype is np.float64:
        assert derivation.start.subs(y, 1) == lossdocs.get("keras.sparse_cce_probabilities").start
    names = {str(s): s for s in derivation.start.free_symbols}
    symbols = [names[n] for n in ("p1", "p2", "p3", "y")]
    ps = np.repeat(PROBABILITY_ROWS, 2, axis=0).astype(dtype)
    t = np.tile([0, 1], len(PROBABILITY_ROWS))
    got = keras.losses.sparse_categorical_crossentropy(t, ps).numpy()
    assert got.dtype == dtype
    reference = exact(derivation_id, symbols, [(*row, 1.0 - k) for row, k in zip(ps, t, strict=True)])
    assert np.max(ulps(got, reference, dtype, _sparse_terms(ps, t, dtype))) <= 4


def test_keras_sparse_categorical_crossentropy_is_the_exact_loss_only_where_no_entry_is_clipped():
    """keras.sparse_cce_probabilities' result −log(p1 / Σ p) for rows with every entry in [ε, 1 − ε],
    normalised or not, where categorical_crossentropy agrees; a row with a 0 elsewhere (the target's share
    inside the bounds) is exact for categorical_crossentropy only."""
    result = lossdocs.get("keras.sparse_cce_probabilities").verify().result
    symbols = sorted(result.free_symbols, key=str)
    assert [str(s) for s in symbols] == ["p1", "p2", "p3"]
    inside = np.array([[0.5, 0.25, 0.25], [0.2, 0.3, 0.5], [1e-6, 0.5, 0.5 - 1e-6], [0.1, 0.2, 0.3]])
    target = np.zeros(len(inside), dtype=int)
    sparse = keras.losses.sparse_categorical_crossentropy(target, inside).numpy()
    categorical = keras.losses.categorical_crossentropy(np.eye(3)[target], inside).numpy()
    reference = exact("keras.sparse_cce_probabilities", symbols, inside, expr=result)
    scale = _sparse_terms(inside, target, np.float64)
    assert np.max(ulps(sparse, reference, np.float64, scale)) <= 4
    assert np.max(ulps(categorical, reference, np.float64)) <= 4
    # A 0 elsewhere is clipped up to ε, entries above 1 down to 1 − ε: the denominator changes.
    edge = np.array([[0.75, 0.25, 0.0], [1.0, 1.0, 2.0]])
    target = np.zeros(len(edge), dtype=int)
    exact_loss = exact("keras.sparse_cce_probabilities", symbols, edge, expr=result)
    categorical = keras.losses.categorical_crossentropy(np.eye(3)[target], edge).numpy()
    assert np.max(ulps(categorical, exact_loss, np.float64)) <= 4
    sparse = keras.losses.sparse_categorical_crossentropy(target, edge).numpy()
    assert np.all(np.abs(sparse - exact_loss[0]) > 1e-8)


@pytest.mark.parametrize("dtype", DTYPES)
def test_keras_sparse_floor_and_cap_and_the_categorical_loss_on_the_same_row(dtype):
    """A perfect prediction p = (1, 0, 0): for target class 1 the sparse loss is the floor of
    keras.sparse_cce_clipped(_float32) at y = 1, for class 2 its cap at y = 0; the categorical loss on the
    same row is keras.cce_clipped(_float32)'s start, about half the floor, and its cap is lower."""
    suffix = "" if dtype is np.float64 else "_float32"
    row = np.array([[1.0, 0.0, 0.0]], dtype=dtype)
    rows, t = np.repeat(row, 2, axis=0), np.array([0, 1])
    sparse = keras.losses.sparse_categorical_crossentropy(t, rows).numpy()
    derived = lossdocs.get(f"keras.sparse_cce_clipped{suffix}").lambdify()
    floor, top = float(derived(1.0)), float(derived(0.0))
    assert abs(float(sparse[0]) - floor) <= 4 * np.spacing(dtype(1))
    assert abs(float(sparse[1]) - top) <= np.spacing(dtype(top))
    cce_id = f"keras.cce_clipped{suffix}"
    cce = lossdocs.get(cce_id)
    names = {str(s): s for s in cce.start.free_symbols}
    symbols = [names[n] for n in ("p1", "p2", "p3", "y1", "y2", "y3")]
    one_hot = np.eye(3, dtype=dtype)[t]
    categorical = keras.losses.categorical_crossentropy(one_hot, rows).numpy()
    reference = exact(cce_id, symbols, [(*r, *h) for r, h in zip(rows, one_hot, strict=True)])
    assert np.max(ulps(categorical, reference, dtype)) <= 4
    assert 1.5 < floor / reference[0][0] < 2.5
    assert reference[0][1] == float(cce.lambdify()())
    assert top - float(cce.lambdify()()) > 5e-8


@pytest.mark.parametrize("dtype", DTYPES)
def test_keras_binary_label_smoothing_is_its_derivation(dtype):
    ps, ys = (v.astype(dtype) for v in grid_of(MIDDLE, [0.0, 1.0]))
    got = keras.losses.binary_crossentropy(ys[:, None], ps[:, None], label_smoothing=0.2).numpy()
    points = [(u, v, 0.2) for u, v in zip(ps, ys, strict=True)]
    assert np.max(ulps(got, exact("keras.label_smoothing", (p, y, epsilon), points), dtype)) <= 4


def test_optax_smooth_labels_is_epsilon_over_k_and_matches_epsilon_over_k_minus_1_only_rescaled():
    derivation = lossdocs.get("optax.smooth_labels")
    names = {str(s): s for s in derivation.start.free_symbols | derivation.steps[0].expr.free_symbols}
    probabilities = np.array([0.7, 0.2, 0.1])
    one_hot = jnp.array([1.0, 0.0, 0.0])
    logits = jnp.log(jnp.asarray(probabilities))  # log_softmax(log p) = log p: the loss at p itself
    symbols = [names[n] for n in ("p1", "p2", "p3", "epsilon")]
    for share in (0.1, 0.3):
        got = float(optax.softmax_cross_entropy(logits, optax.smooth_labels(one_hot, share)))
        reference = exact("optax.smooth_labels", symbols, [(*probabilities, share)])
        assert ulps([got], reference, np.float64).max() <= ULP
        # The step's ε' convention gives the same loss only at ε' = (K − 1)ε / K.
        other = [names[n] for n in ("p1", "p2", "p3", "epsilon_o")]
        step = derivation.steps[0].expr
        same = exact("optax.smooth_labels", other, [(*probabilities, 2 * share / 3)], expr=step)
        assert ulps([got], same, np.float64).max() <= ULP
        naive = exact("optax.smooth_labels", other, [(*probabilities, share)], expr=step)
        assert abs(got - naive[0][0]) > 1e-3


def log_loss(ps, ys):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # one column per sample
        return np.array([metrics.log_loss([int(v)], ps[i : i + 1], labels=[0, 1]) for i, v in enumerate(ys)])


def test_sklearn_log_loss_is_its_derivation_in_float64():
    ones = np.concatenate([SMALL, MIDDLE, [1 - 1e-9, 1.0]])
    ps, ys = grid_of(ones, [1.0])
    qs, zs = grid_of(np.concatenate([SMALL, MIDDLE, [1.0]]), [0.0])
    ps, ys = np.concatenate([ps, qs]), np.concatenate([ys, zs])
    assert (
        np.max(
            ulps(
                log_loss(ps, ys), exact("sklearn.log_loss_cap", (p, y), zip(ps, ys, strict=True)), np.float64
            )
        )
        <= 4
    )


def cap(derivation_id: str, target: float) -> float:
    """The derivation's result at y = target, by its lambdify (float64)."""
    return float(lossdocs.get(derivation_id).lambdify()(target))


def test_the_clipped_forms_hit_their_caps_exactly():
    one, zero = np.array([[1.0]]), np.array([[0.0]])
    within = [
        (keras.losses.binary_crossentropy(one, zero).numpy()[0], cap("keras.bce_clipped", 1.0), np.float64),
        (
            keras.losses.binary_crossentropy(zero.astype(np.float32), one.astype(np.float32)).numpy()[0],
            cap("keras.bce_clipped_float32", 0.0),
            np.float32,
        ),
        (log_loss(np.array([0.0]), np.array([1.0]))[0], cap("sklearn.log_loss_cap", 1.0), np.float64),
        (log_loss(np.array([1.0]), np.array([0.0]))[0], cap("sklearn.log_loss_cap", 1.0), np.float64),
    ]
    target, zero_share = np.array([[1.0, 0.0, 0.0]]), np.array([[0.0, 0.5, 0.5]])
    for derivation_id, got in (
        ("keras.cce_clipped", keras.losses.categorical_crossentropy(target, zero_share).numpy()[0]),
        ("keras.cce_clipped_float32", keras.losses.CategoricalCrossentropy()(target, zero_share)),
    ):
        dtype = np.float64 if derivation_id == "keras.cce_clipped" else np.float32
        within.append((got, float(lossdocs.get(derivation_id).lambdify()()), dtype))
    for got, expected, dtype in within:
        assert abs(float(got) - expected) <= np.spacing(dtype(expected)), (got, expected)
    # the cap of the y = 1 side: 7 log 10 up to the rounding of 1e-7; 52 log 2 exactly
    assert math.isclose(cap("keras.bce_clipped", 1.0), 7 * math.log(10), rel_tol=1e-15)
    assert cap("sklearn.log_loss_cap", 1.0) == 52 * math.log(2)
    assert cap("keras.bce_clipped_float32", 0.0) == 23 * math.log(2)


def test_keras_recovers_the_logits_of_its_own_sigmoid_and_then_does_not_clip():
    logit, target = tf.constant([[-40.0]]), tf.constant([[1.0]])
    recovered = float(keras.losses.binary_crossentropy(target, keras.activations.sigmoid(logit))[0])
    clipped = float(keras.losses.binary_crossentropy(target, tf.sigmoid(logit))[0])
    assert recovered == 40.0  # the exact loss, −log σ(−40), rounds to 40 in float32
    assert clipped == np.float32(-math.log(np.float32(1e-7)))


def test_keras_sum_over_batch_size_divides_by_n_even_with_weights():
    """Keras' default reduction with sample weights is bce.reduction's Σ wℓ / N, not Σ wℓ / Σ w."""
    z = ROWS[:3]
    t, w = np.array([0, 1, 2]), np.array([1.0, 2.0, 3.0])
    each = keras.losses.SparseCategoricalCrossentropy(from_logits=True, reduction=None, dtype="float64")(t, z)
    mean = keras.losses.SparseCategoricalCrossentropy(from_logits=True, dtype="float64")(
        t, z, sample_weight=w
    )
    derivation = lossdocs.get("bce.reduction")
    values = dict(zip(sorted(derivation.start.free_symbols, key=str), [*np.asarray(each), *w], strict=True))
    assert math.isclose(float(mean), float(derivation.start.subs(values)), rel_tol=1e-15)
    assert not math.isclose(float(mean), float(np.sum(w * each) / np.sum(w)), rel_tol=1e-3)


def test_keras_ignore_class_is_torch_ignore_index_mean_but_not_with_class_weights():
    """keras.sparse_ignore_class: N = 3 samples, the third's target the ignored class."""
    torch = pytest.importorskip("torch")
    z, t, ignored = ROWS[[1, 2, 5]], np.array([0, 1, 2]), 2
    each = keras.losses.SparseCategoricalCrossentropy(from_logits=True, reduction=None, dtype="float64")(t, z)
    each = np.asarray(each)
    loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=ignored, dtype="float64")
    derivation = lossdocs.get("keras.sparse_ignore_class")
    names = {str(s): s for s in derivation.start.free_symbols}
    symbols = [names[n] for n in ("ell1", "ell2", "ell3", "m1", "m2", "m3")]
    mean = float(loss(t, z))
    reference = exact("keras.sparse_ignore_class", symbols, [(*each, 1.0, 1.0, 0.0)])
    assert ulps([mean], reference, np.float64).max() <= 4
    assert math.isclose(mean, float(derivation.lambdify()(*each)), rel_tol=1e-15)
    logits, targets = torch.from_numpy(z), torch.from_numpy(t)
    theirs = float(torch.nn.functional.cross_entropy(logits, targets, ignore_index=ignored))
    assert math.isclose(mean, theirs, rel_tol=1e-15)
    # Class weights: PyTorch divides by Σ w[t] of the samples left, Keras by their number.
    w = np.array([1.0, 2.0, 3.0])
    weighted = float(loss(t, z, sample_weight=w[t]))
    torch_weighted = float(
        torch.nn.functional.cross_entropy(logits, targets, weight=torch.from_numpy(w), ignore_index=ignored)
    )
    assert math.isclose(weighted, (w[t] * each)[:2].sum() / 2, rel_tol=1e-15)
    assert math.isclose(torch_weighted, (w[t] * each)[:2].sum() / w[t][:2].sum(), rel_tol=1e-15)
    assert not math.isclose(weighted, torch_weighted, rel_tol=1e-3)


# ---------------------------------------------------------------------------------------------------------
# The stored measurement and the block that renders it.


def test_the_stored_measurement_follows_its_schema_and_covers_every_row():
    data = frameworks.measured()
    assert frameworks.problems(data) == []
    keys = {row.key for rows in frameworks.FAMILIES.values() for row in rows}
    assert {cell["key"] for cell in data["rows"]} == keys
    for rows in frameworks.FAMILIES.values():
        for row in rows:
            lossdocs.get(row.derivation).verify()
            for derivation_id in row.caps:
                lossdocs.get(derivation_id).verify()


def test_the_measured_nans_and_caps_are_what_the_frameworks_give_here():
    """NaN or not, and a cap, hold on every CPU: the JSON's ends are the frameworks' ends on this one."""
    data = frameworks.measured()
    runs = {
        "tf.sigmoid_ce": lambda v, t: tf.nn.sigmoid_cross_entropy_with_logits(labels=t, logits=v).numpy(),
        "optax.sigmoid_bce": lambda v, t: np.asarray(optax.sigmoid_binary_cross_entropy(v, t)),
    }
    for key, run in runs.items():
        for point in frameworks.cell(data, key, "float64")["extremes"]:
            side, target = point["input"].removeprefix("x = ").split(", y = ")
            value = run(np.array([np.inf if side == "+∞" else -np.inf]), np.array([float(target)]))[0]
            assert math.isnan(value) == math.isnan(float(point["value"])), (key, point)
    keras_cell = frameworks.cell(data, "keras.bce", "float64")
    stored = {point["input"]: float(point["value"]) for point in keras_cell["extremes"]}
    assert stored["p = 0, y = 1"] == pytest.approx(cap("keras.bce_clipped", 1.0), rel=1e-15)


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("family", list(frameworks.FAMILIES))
def test_the_block_shows_each_row_its_derivation_and_the_measured_numbers(family, lang):
    data = frameworks.measured()
    table = render.frameworks(family, lang)
    for row in frameworks.FAMILIES[family]:
        call, derived = render._name(row.call), render._name(row.derivation)
        assert f"| {call} | {derived} |" in table and f"(`{row.derivation}`):" in table
        assert render._names(row.reduction(lang)) in table and render._names(row.smoothing(lang)) in table
        for dtype in frameworks.DTYPES:
            cell = frameworks.cell(data, row.key, dtype)
            line = next(line for line in table.splitlines() if line.startswith(f"| {call} |"))
            assert f"| {cell['max_ulp']:.3g} |" in line and f"| {cell['max_relative']:.3g} |" in line
        for derivation_id in row.caps:
            result = lossdocs.get(derivation_id).verify().result
            largest = max(float(result.subs(y, v)) for v in (0, 1) if result.subs(y, v).is_number)
            assert f"≤ {largest:.4g} ({render._name(derivation_id)})" in table
    assert table.count("\n$$\n") == 2 * len(
        {(row.derivation, row.shown) for row in frameworks.FAMILIES[family]}
    )


def test_a_name_in_a_table_breaks_only_after_a_dot_an_underscore_or_a_parenthesis():
    shown = render._name("keras.losses.binary_crossentropy(from_logits=True)")
    assert shown == (
        '<code class="lossdocs-name">keras.<wbr>losses.<wbr>binary_<wbr>crossentropy(<wbr>from_<wbr>'
        "logits=<wbr>True)</code>"
    )
    assert render._name("a<b") == '<code class="lossdocs-name">a&lt;b</code>'


def test_the_block_names_the_function_and_the_families_for_an_unknown_one():
    with pytest.raises(
        LookupError, match=r"no frameworks table 'ternary': expected one of \['binary-logits'"
    ):
        render.frameworks("ternary", "en")


def test_a_broken_measurement_is_an_error_naming_the_file_and_the_field(tmp_path):
    broken = tmp_path / "framework_accuracy.json"
    broken.write_text('{"versions": {}, "mpmath_digits": 50, "rows": []}')
    with pytest.raises(ValueError, match=r"framework_accuracy\.json: rows: no cell for torch\.bce_logits in"):
        frameworks.measured(broken)


@pytest.mark.parametrize(
    ("block", "named"),
    [
        (">>> import tensorflow as tf\n", ("tensorflow",)),
        (">>> from sklearn.metrics import log_loss\n", ("sklearn",)),
        (">>> import jax.numpy as jnp\n>>> import optax\n", ("jax", "optax")),
        (">>> import torch\n>>> import keras\n", ("torch", "keras")),
        (">>> import numpy as np  # not keras\n", ()),
        ('>>> print("optax")\noptax\n', ()),
    ],
)
def test_a_page_example_needs_the_frameworks_its_code_names(block, named):
    from conftest import frameworks_named

    assert frameworks_named(block) == named


def test_symbols_of_the_derivations_are_the_shared_ones():
    """The parity tests pass points by symbol: the derivations must use lossdocs.symbols' x, y, p, …"""
    assert {x, y} <= lossdocs.get("tf.sigmoid_ce").start.free_symbols
    assert pos_weight in lossdocs.get("tf.weighted_ce").start.free_symbols
    assert {alpha, gamma} <= lossdocs.get("optax.focal").start.free_symbols
