"""The frameworks' columns of the "Same loss, every framework" page: each call's errors on the grid of
lossdocs.accuracy (logits out to ±700 and ±inf, probabilities down to 1e-300, 0 and 1), in float32 and
float64, against mpmath at 50 digits.

Run from the repository root: python benchmarks/framework_data.py
Writes lossdocs/framework_accuracy.json (schema: lossdocs.frameworks), with every package's version.
Each call is measured against its own formula as its source writes it (for a clipped loss, the clip with
the bounds as the dtype rounds them) and, separately, against the exact loss: the first says how well the
framework computes what it means to, the second what the clip costs.
"""

from __future__ import annotations

import json
import os
import sys
import warnings
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import mpmath as mp  # noqa: E402
import numpy as np  # noqa: E402

from lossdocs import accuracy as grid  # noqa: E402
from lossdocs import frameworks  # noqa: E402


def _frameworks():
    """The frameworks, imported only when measuring (they take seconds to load)."""
    import jax
    import keras
    import optax
    import sklearn
    import sklearn.metrics
    import tensorflow as tf
    import torch
    import torch.nn.functional as F  # noqa: N812

    jax.config.update("jax_enable_x64", True)  # float64 stays float64
    return {
        "jax": jax,
        "keras": keras,
        "optax": optax,
        "sklearn": sklearn,
        "tf": tf,
        "torch": torch,
        "functional": F,
    }


def binary_logit_calls(m: dict) -> dict:
    """key → f(x, y) for the losses of a logit x and a target y (arrays of one dtype), elementwise."""
    tf, keras, optax, jnp = m["tf"], m["keras"], m["optax"], m["jax"].numpy
    torch, functional = m["torch"], m["functional"]
    return {
        "torch.bce_logits": lambda x, y: functional.binary_cross_entropy_with_logits(
            torch.from_numpy(x), torch.from_numpy(y), reduction="none"
        ).numpy(),
        "tf.sigmoid_ce": lambda x, y: tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=x).numpy(),
        "keras.bce_logits": lambda x, y: keras.losses.binary_crossentropy(
            y[:, None], x[:, None], from_logits=True
        ).numpy(),
        "optax.sigmoid_bce": lambda x, y: np.asarray(
            optax.sigmoid_binary_cross_entropy(jnp.asarray(x), jnp.asarray(y))
        ),
    }


def binary_probability_calls(m: dict) -> dict:
    """key → f(p, y) for the losses of a probability p and a target y."""
    keras, torch, functional, metrics = m["keras"], m["torch"], m["functional"], m["sklearn"].metrics

    def log_loss(p, y):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # one column per sample: the warning is about the rows
            return np.array(
                [
                    metrics.log_loss(y[i : i + 1].astype(int), p[i : i + 1], labels=[0, 1])
                    for i in range(len(p))
                ]
            )

    return {
        "torch.bce": lambda p, y: functional.binary_cross_entropy(
            torch.from_numpy(p), torch.from_numpy(y), reduction="none"
        ).numpy(),
        "keras.bce": lambda p, y: keras.losses.binary_crossentropy(y[:, None], p[:, None]).numpy(),
        "sklearn.log_loss": log_loss,
    }


def categorical_calls(m: dict) -> dict:
    """key → f(z, t) for the losses of rows of logits z (n × C) and class indices t."""
    tf, keras, optax, jnp = m["tf"], m["keras"], m["optax"], m["jax"].numpy
    torch, functional = m["torch"], m["functional"]

    def one_hot(z, t):
        return np.eye(z.shape[1], dtype=z.dtype)[t]

    return {
        "torch.ce": lambda z, t: functional.cross_entropy(
            torch.from_numpy(z), torch.from_numpy(t), reduction="none"
        ).numpy(),
        "tf.softmax_ce": lambda z, t: tf.nn.softmax_cross_entropy_with_logits(
            labels=one_hot(z, t), logits=z
        ).numpy(),
        "keras.cce_logits": lambda z, t: keras.losses.categorical_crossentropy(
            one_hot(z, t), z, from_logits=True
        ).numpy(),
        "keras.sparse_cce_logits": lambda z, t: keras.losses.sparse_categorical_crossentropy(
            t, z, from_logits=True
        ).numpy(),
        "optax.softmax_ce": lambda z, t: np.asarray(
            optax.softmax_cross_entropy(jnp.asarray(z), jnp.asarray(one_hot(z, t)))
        ),
        "optax.softmax_ce_integer": lambda z, t: np.asarray(
            optax.softmax_cross_entropy_with_integer_labels(jnp.asarray(z), jnp.asarray(t))
        ),
    }


def categorical_probability_calls(m: dict) -> dict:
    """key → f(p, t) for the losses of rows of probabilities p (n × C) and class indices t."""
    keras = m["keras"]
    return {
        "keras.cce": lambda p, t: keras.losses.categorical_crossentropy(
            np.eye(p.shape[1], dtype=p.dtype)[t], p
        ).numpy(),
        "keras.sparse_cce": lambda p, t: keras.losses.sparse_categorical_crossentropy(t, p).numpy(),
    }


# The clipped losses' own formulas, in mpmath: the clip with its bounds as the dtype stores them, then the
# exact logs.
def _keras_clipped(p, y, dtype):
    low, high = mp.mpf(float(dtype(1e-7))), mp.mpf(float(dtype(1.0 - 1e-7)))
    c = min(max(p, low), high)
    return -(y * mp.log(c) + (1 - y) * mp.log(1 - c))


def _sklearn_clipped(p, y, dtype):
    eps = mp.mpf(float(np.finfo(dtype).eps))
    one, zero = min(max(p, eps), 1 - eps), min(max(1 - p, eps), 1 - eps)
    return -(y * mp.log(one) + (1 - y) * mp.log(zero))


def _torch_clamped(p, y, dtype):
    return grid._bce(p, y)


OWN = {"torch.bce": _torch_clamped, "keras.bce": _keras_clipped, "sklearn.log_loss": _sklearn_clipped}


def _exact_bce(p, y):
    """−[y log p + (1 − y) log(1 − p)], with 0 · log 0 = 0 and +inf where a log of 0 counts."""
    total = mp.mpf(0)
    for weight, q in ((y, p), (1 - y, 1 - p)):
        if weight:
            total -= weight * (mp.log(q) if q > 0 else -mp.inf)
    return total


def _text(value) -> str:
    return repr(float(value))


def _summary(key, dtype, got, exact_own, exact, inputs_finite) -> dict:
    """A cell of the JSON from the results ``got``, their own formula's exact values (a `grid.split`
    pair) and the exact loss's (mpf list)."""
    got = np.asarray(got, dtype=np.float64).ravel()
    ulp = grid.ulp_error(got, exact_own, np.dtype(dtype).type)
    exact_hi = np.array([float(v) for v in exact])
    defined = ~np.isnan(exact_hi)
    usable = inputs_finite & np.isfinite(exact_hi) & (exact_hi != 0)
    with mp.workdps(grid.DIGITS):
        relative = [
            float(abs(mp.mpf(float(g)) - e) / abs(e)) if np.isfinite(g) else float("inf")
            for g, e, u in zip(got, exact, usable, strict=True)
            if u
        ]
    return {
        "key": key,
        "dtype": dtype,
        "points": int(got.size),
        "max_ulp": float(f"{ulp[inputs_finite].max():.3g}"),
        "max_relative": float(f"{max(relative):.3g}"),
        "nan": int((np.isnan(got) & defined).sum()),
    }


def measure_binary_logits(calls: dict, dtype: str) -> list[dict]:
    dt = np.dtype(dtype).type
    cells = []
    for key, call in calls.items():
        gots, owns, exacts, finite, extremes = [], [], [], [], []
        for y in grid.TARGETS:
            x, exact = grid.exact_elementwise("binary_cross_entropy_with_logits", dt, y)
            target = np.full_like(x, y)
            got = np.asarray(call(x, target), dtype=np.float64).ravel()
            with mp.workdps(grid.DIGITS):
                values = grid.elementwise("binary_cross_entropy_with_logits", x, target)
            gots.append(got)
            owns.append(exact)
            exacts += values
            finite.append(np.isfinite(x))
            if y in (0.0, 1.0):
                for side in (np.inf, -np.inf):
                    i = int(np.flatnonzero(x == side)[0])
                    extremes.append(
                        {
                            "input": f"x = {'+' if side > 0 else '−'}∞, y = {y:g}",
                            "value": _text(got[i]),
                            "limit": _text(values[i]),
                        }
                    )
        own = (np.concatenate([o[0] for o in owns]), np.concatenate([o[1] for o in owns]))
        summary = _summary(key, dtype, np.concatenate(gots), own, exacts, np.concatenate(finite))
        cells.append({**summary, "extremes": extremes})
    return cells


def measure_binary_probabilities(calls: dict, dtype: str) -> list[dict]:
    dt = np.dtype(dtype).type
    p = grid.probabilities().astype(dt)
    cells = []
    for key, call in calls.items():
        targets = (0.0, 1.0) if key == "sklearn.log_loss" else grid.TARGETS  # log_loss takes class labels
        gots, owns, exacts, extremes = [], [], [], []
        for y in targets:
            target = np.full_like(p, y)
            got = np.asarray(call(p, target), dtype=np.float64).ravel()
            with mp.workdps(grid.DIGITS):
                ps, ym = grid._exact(p), mp.mpf(y)
                owns += [OWN[key](q, ym, dt) for q in ps]
                values = [_exact_bce(q, ym) for q in ps]
            gots.append(got)
            exacts += values
            if y in (0.0, 1.0):
                for end in (0.0, 1.0):
                    i = int(np.flatnonzero(p == end)[0])
                    extremes.append(
                        {
                            "input": f"p = {end:g}, y = {y:g}",
                            "value": _text(got[i]),
                            "limit": _text(values[i]),
                        }
                    )
        got = np.concatenate(gots)
        summary = _summary(key, dtype, got, grid.split(owns), exacts, np.ones(got.size, bool))
        cells.append({**summary, "extremes": extremes})
    return cells


def measure_categorical(calls: dict, dtype: str) -> list[dict]:
    dt = np.dtype(dtype).type
    z, exact = grid.exact_rows(dt)
    with mp.workdps(grid.DIGITS):
        values = grid.row_functions(z)["cross_entropy"]  # per row, per target
    n, c = z.shape
    flat = [values[row][t] for row in range(n) for t in range(c)]
    finite = np.repeat(np.isfinite(z).all(axis=1), c)
    cells = []
    for key, call in calls.items():
        got = np.stack([np.asarray(call(z, np.full(n, t)), dtype=np.float64) for t in range(c)], axis=1)
        extremes = []
        for row in np.flatnonzero(~np.isfinite(z).all(axis=1)):
            for t in range(c):
                shown = ", ".join(
                    "+∞" if v == np.inf else "−∞" if v == -np.inf else f"{v:g}".replace("-", "−")
                    for v in z[row]
                )
                extremes.append(
                    {
                        "input": f"z = ({shown}), t = {t + 1}",
                        "value": _text(got[row, t]),
                        "limit": _text(values[row][t]),
                    }
                )
        summary = _summary(key, dtype, got.ravel(), exact["cross_entropy"], flat, finite)
        cells.append({**summary, "extremes": extremes})
    return cells


def _probability_rows(dtype) -> np.ndarray:
    """Rows (p, (1 − p)/2, (1 − p)/2) for the probabilities of the accuracy grid, in ``dtype``: the target
    class 1 from 1e-300 to 1, class 2 from 1/2 to 0."""
    p = grid.probabilities()
    return np.stack([p, (1 - p) / 2, (1 - p) / 2], axis=1).astype(dtype)


def _keras_cce(row, t, dtype):
    """Keras' formula in mpmath: the row divided by its sum, clipped with the bounds as ``dtype`` stores
    them, −log of the target's entry."""
    low, high = mp.mpf(float(dtype(1e-7))), mp.mpf(float(dtype(1.0 - 1e-7)))
    return -mp.log(min(max(row[t] / mp.fsum(row), low), high))


def _keras_sparse_cce(row, t, dtype):
    """Keras' sparse formula (TensorFlow backend) in mpmath: the row clipped with the bounds as ``dtype``
    stores them, then −log of the target's share of the clipped row."""
    low, high = mp.mpf(float(dtype(1e-7))), mp.mpf(float(dtype(1.0 - 1e-7)))
    clipped = [min(max(v, low), high) for v in row]
    return -mp.log(clipped[t] / mp.fsum(clipped))


OWN_ROWS = {"keras.cce": _keras_cce, "keras.sparse_cce": _keras_sparse_cce}


def _exact_ce(row, t):
    """−log of the target's share of the row, +inf where it is 0."""
    share = row[t] / mp.fsum(row)
    return -mp.log(share) if share > 0 else mp.inf


def measure_categorical_probabilities(calls: dict, dtype: str) -> list[dict]:
    dt = np.dtype(dtype).type
    p = _probability_rows(dt)
    n, targets = len(p), (0, 1)
    with mp.workdps(grid.DIGITS):
        rows = [grid._exact(row) for row in p]
        exacts = [_exact_ce(row, t) for t in targets for row in rows]
    cells = []
    for key, call in calls.items():
        with mp.workdps(grid.DIGITS):
            owns = [OWN_ROWS[key](row, t, dt) for t in targets for row in rows]
        got = np.concatenate([np.asarray(call(p, np.full(n, t)), dtype=np.float64) for t in targets])
        extremes = []
        for end in (0.0, 1.0):
            i = int(np.flatnonzero(p[:, 0] == end)[0 if end == 0 else -1])  # the last: (1, 0, 0)
            for k, t in enumerate(targets):
                extremes.append(
                    {
                        "input": f"p = ({', '.join(f'{v:g}' for v in p[i])}), t = {t + 1}",
                        "value": _text(got[k * n + i]),
                        "limit": _text(exacts[k * n + i]),
                    }
                )
        summary = _summary(key, dtype, got, grid.split(owns), exacts, np.ones(got.size, bool))
        cells.append({**summary, "extremes": extremes})
    return cells


def main() -> None:
    m = _frameworks()
    m["torch"].set_num_threads(1)
    rows = []
    with np.errstate(all="ignore"):
        for dtype in frameworks.DTYPES:
            rows += measure_binary_logits(binary_logit_calls(m), dtype)
            rows += measure_binary_probabilities(binary_probability_calls(m), dtype)
            rows += measure_categorical(categorical_calls(m), dtype)
            rows += measure_categorical_probabilities(categorical_probability_calls(m), dtype)
    import importlib.metadata as metadata

    packages = ("torch", "tensorflow-cpu", "keras", "jax", "jaxlib", "optax", "scikit-learn", "numpy")
    data = {
        "versions": {name: metadata.version(name) for name in packages},
        "mpmath_digits": grid.DIGITS,
        "rows": rows,
    }
    if found := frameworks.problems(data):
        raise SystemExit("; ".join(found))
    frameworks.DATA.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {frameworks.DATA.relative_to(ROOT)}: {len(rows)} cells")


if __name__ == "__main__":
    main()
