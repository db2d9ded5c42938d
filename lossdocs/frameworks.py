"""The same loss in PyTorch, TensorFlow, Keras, optax and scikit-learn: what each call computes (its
derivation), how it reduces and smooths, and how accurate it is on the accuracy pages' grid, measured once by
benchmarks/framework_data.py into ``framework_accuracy.json``.

None of those frameworks is a dependency of lossdocs, so the site renders the stored measurement (the
``frameworks`` fence, `lossdocs.render.frameworks`) and never runs them itself; tests/test_frameworks.py
runs them against the derivations.  This module owns the rows of the tables and the file's schema.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lossdocs._schema import load, typed_fields
from lossdocs.derivation import Text

DATA = Path(__file__).parent / "framework_accuracy.json"
DTYPES = ("float32", "float64")


@dataclass(frozen=True)
class Row:
    """One framework's call for one loss."""

    key: str
    """Its measurement in ``framework_accuracy.json``."""
    framework: str
    call: str
    derivation: str
    """The id of the derivation that starts from the formula the call's source writes."""
    reduction: Text
    smoothing: Text
    caps: tuple[str, ...] = ()
    """Derivations whose result is the loss where the clip is active (evaluated at y = 1, or y = 0 for a
    derivation of the y = 0 side): the largest loss the call can return."""
    shown: str = "start"
    """Which end of the derivation is the call's formula: its ``start`` (as the source writes it) or, where
    the derivation ends at what the framework computes, its ``result``."""


NONE = Text(ko="없음(원소별 손실)", en="none (elementwise losses)")
NO_SMOOTHING = Text(ko="없음", en="none")
SMOOTH_BY_HAND = Text(
    ko="없음: 정답에 `optax.smooth_labels`(`optax.smooth_labels`, ε/K)를 먼저 씁니다",
    en="none: apply `optax.smooth_labels` to the labels first (`optax.smooth_labels`, ε/K)",
)
TORCH_MEAN = Text(*["`mean`: Σ wℓ / N (`bce.reduction`)"] * 2)
KERAS_MEAN = Text(
    ko="`sum_over_batch_size`: 마지막 축의 평균, 그다음 Σ wℓ / N(`sample_weight`가 있어도 N)",
    en="`sum_over_batch_size`: mean over the last axis, then Σ wℓ / N (N even with `sample_weight`)",
)
KERAS_CATEGORICAL_MEAN = Text(
    ko="`sum_over_batch_size`: Σ wℓ / N(`sample_weight`가 있어도 N, `bce.reduction`)",
    en="`sum_over_batch_size`: Σ wℓ / N (N even with `sample_weight`, `bce.reduction`)",
)
KERAS_BINARY_SMOOTHING = Text(
    ko="y(1 − ε) + ε/2, 곧 K = 2인 ε/K (`keras.label_smoothing`)",
    en="y(1 − ε) + ε/2, i.e. ε/K with K = 2 (`keras.label_smoothing`)",
)
KERAS_SPARSE_MEAN = Text(
    ko="`sum_over_batch_size`: Σ wℓ / N, `ignore_class`가 있으면 N은 남은 원소 수"
    "(`keras.sparse_ignore_class`)",
    en="`sum_over_batch_size`: Σ wℓ / N; with `ignore_class`, N counts the remaining elements "
    "(`keras.sparse_ignore_class`)",
)
EPSILON_OVER_K = Text(
    ko="(1 − ε)y + ε/K (`optax.smooth_labels`)", en="(1 − ε)y + ε/K (`optax.smooth_labels`)"
)

FAMILIES: dict[str, tuple[Row, ...]] = {
    "binary-logits": (
        Row(
            "torch.bce_logits",
            "PyTorch",
            "F.binary_cross_entropy_with_logits",
            "bce_logits.pytorch",
            TORCH_MEAN,
            NO_SMOOTHING,
            shown="result",
        ),
        Row(
            "tf.sigmoid_ce",
            "TensorFlow",
            "tf.nn.sigmoid_cross_entropy_with_logits",
            "tf.sigmoid_ce",
            NONE,
            NO_SMOOTHING,
        ),
        Row(
            "keras.bce_logits",
            "Keras",
            "keras.losses.binary_crossentropy(from_logits=True)",
            "tf.sigmoid_ce",
            KERAS_MEAN,
            KERAS_BINARY_SMOOTHING,
        ),
        Row(
            "optax.sigmoid_bce",
            "optax",
            "optax.sigmoid_binary_cross_entropy",
            "optax.sigmoid_bce",
            NONE,
            SMOOTH_BY_HAND,
        ),
    ),
    "binary-probabilities": (
        Row(
            "torch.bce",
            "PyTorch",
            "F.binary_cross_entropy",
            "bce.clamp",
            TORCH_MEAN,
            NO_SMOOTHING,
            ("bce.clamp",),
        ),
        Row(
            "keras.bce",
            "Keras",
            "keras.losses.binary_crossentropy",
            "keras.bce_clipped",
            KERAS_MEAN,
            KERAS_BINARY_SMOOTHING,
            ("keras.bce_clipped", "keras.bce_clipped_float32"),
        ),
        Row(
            "sklearn.log_loss",
            "scikit-learn",
            "sklearn.metrics.log_loss",
            "sklearn.log_loss_cap",
            Text(
                ko="평균: Σ wℓ / Σ w(`sample_weight`), `normalize=False`이면 합",
                en="mean: Σ wℓ / Σ w (`sample_weight`); the sum with `normalize=False`",
            ),
            Text(ko="없음(정답은 클래스 레이블)", en="none (targets are class labels)"),
            ("sklearn.log_loss_cap",),
        ),
    ),
    "categorical": (
        Row(
            "torch.ce",
            "PyTorch",
            "F.cross_entropy",
            "nll.log_softmax",
            Text(
                ko="`mean`: Σ w_t ℓ / Σ w_t (`cross_entropy.weighted`)",
                en="`mean`: Σ w_t ℓ / Σ w_t (`cross_entropy.weighted`)",
            ),
            Text(
                ko="(1 − ε)y + ε/C (`cross_entropy.label_smoothing`)",
                en="(1 − ε)y + ε/C (`cross_entropy.label_smoothing`)",
            ),
        ),
        Row(
            "tf.softmax_ce",
            "TensorFlow",
            "tf.nn.softmax_cross_entropy_with_logits",
            "tf.softmax_ce",
            NONE,
            NO_SMOOTHING,
        ),
        Row(
            "keras.cce_logits",
            "Keras",
            "keras.losses.categorical_crossentropy(from_logits=True)",
            "tf.softmax_ce",
            KERAS_CATEGORICAL_MEAN,
            EPSILON_OVER_K,
        ),
        Row(
            "keras.sparse_cce_logits",
            "Keras",
            "keras.losses.sparse_categorical_crossentropy(from_logits=True)",
            "optax.softmax_ce_integer",
            KERAS_SPARSE_MEAN,
            NO_SMOOTHING,
        ),
        Row(
            "optax.softmax_ce",
            "optax",
            "optax.softmax_cross_entropy",
            "tf.softmax_ce",
            NONE,
            SMOOTH_BY_HAND,
        ),
        Row(
            "optax.softmax_ce_integer",
            "optax",
            "optax.softmax_cross_entropy_with_integer_labels",
            "optax.softmax_ce_integer",
            NONE,
            NO_SMOOTHING,
        ),
    ),
    "categorical-probabilities": (
        Row(
            "keras.cce",
            "Keras",
            "keras.losses.categorical_crossentropy",
            "keras.cce_probabilities",
            KERAS_CATEGORICAL_MEAN,
            EPSILON_OVER_K,
            ("keras.cce_clipped", "keras.cce_clipped_float32"),
        ),
        Row(
            "keras.sparse_cce",
            "Keras",
            "keras.losses.sparse_categorical_crossentropy",
            "keras.sparse_cce_probabilities",
            KERAS_SPARSE_MEAN,
            NO_SMOOTHING,
            ("keras.sparse_cce_clipped", "keras.sparse_cce_clipped_float32"),
        ),
    ),
}

FIELDS = {  # the file's top-level fields: what was measured, with what
    "versions": dict,  # package → version (torch, tensorflow, keras, jax, optax, scikit-learn, numpy)
    "mpmath_digits": int,
    "rows": list,
}
CELL_FIELDS = {  # one per row key and dtype
    "key": str,  # a Row.key
    "dtype": str,  # one of DTYPES
    "points": int,  # inputs measured
    "max_ulp": float,  # largest error in ulp at finite inputs, against the call's own formula (mpmath)
    "max_relative": float,  # largest relative error against the exact loss, where it is finite and not 0
    "nan": int,  # NaN results where the exact loss is defined (±inf inputs included)
    "extremes": list,  # {"input": str, "value": str, "limit": str} at ±inf logits or p = 0, 1
}


def problems(data: dict) -> list[str]:
    """What makes ``data`` not a framework measurement (missing or mistyped fields, a row or dtype
    without its cell); empty when it is one."""
    found, cells = typed_fields(data, FIELDS, CELL_FIELDS)
    present = {(c.get("key"), c.get("dtype")) for c in cells if isinstance(c, dict)}
    for rows in FAMILIES.values():
        for row in rows:
            for dtype in DTYPES:
                if (row.key, dtype) not in present:
                    found.append(f"rows: no cell for {row.key} in {dtype}")
    return found


def measured(path: Path = DATA) -> dict:
    """The stored measurement; ValueError naming the file if it does not follow the schema."""
    return load(path, problems)


def cell(data: dict, key: str, dtype: str) -> dict:
    """The measurement of ``key`` in ``dtype``."""
    return next(c for c in data["rows"] if c["key"] == key and c["dtype"] == dtype)
