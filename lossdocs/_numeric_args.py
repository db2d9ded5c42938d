"""Argument checks for :mod:`lossdocs.numeric`: bad input raises, naming argument, value and expectation.

Torch raises ``RuntimeError``/``IndexError`` for most of these; here a wrong type or dtype is a ``TypeError``
and a wrong value or shape a ``ValueError`` (both say what was expected).

Arrays may be anything ``numpy.asarray`` takes, and CPU torch tensors that do not require grad (read without
a copy, torch is never imported here); float16, float32 and float64 are computed, float16 and float32 in
float64, each result rounded once to its dtype.
"""

from __future__ import annotations

import numpy as np

FLOATS = (np.float16, np.float32, np.float64)
FLOAT_NAMES = "float16, float32 or float64"
REDUCTIONS = ("none", "mean", "sum")


def _short(value) -> str:
    """A value for an error message: arrays by dtype and shape, everything else by repr."""
    if isinstance(value, np.ndarray):
        return f"array(dtype={value.dtype}, shape={value.shape})"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _is_torch_tensor(value) -> bool:
    """Whether ``value`` is a torch.Tensor (or a subclass such as Parameter), without importing torch."""
    return any(c.__name__ == "Tensor" and c.__module__ == "torch" for c in type(value).__mro__)


def array(func: str, name: str, value) -> np.ndarray:
    """``value`` as a numpy array: a CPU torch tensor without grad shares its memory, one that requires grad
    or lives on another device is a TypeError that says what to pass instead."""
    if not _is_torch_tensor(value):
        return np.asarray(value)
    if value.requires_grad:
        raise TypeError(
            f"{func}: {name} is a torch tensor that requires grad; expected an array or a tensor without "
            f"grad: pass {name}.detach() (lossdocs.numeric returns NumPy arrays and computes gradients "
            "with the *_grad functions, not with autograd)"
        )
    if value.device.type != "cpu":
        raise TypeError(
            f"{func}: {name} is a torch tensor on {value.device}; expected a CPU tensor: pass {name}.cpu()"
        )
    try:
        return value.resolve_conj().resolve_neg().numpy()
    except (TypeError, RuntimeError) as error:  # bfloat16 and other dtypes numpy does not have
        raise TypeError(
            f"{func}: {name} is a torch tensor of dtype {value.dtype} that NumPy cannot hold ({error}); "
            f"expected {FLOAT_NAMES}"
        ) from None


def float_array(func: str, name: str, value, dtype=None) -> np.ndarray:
    """``value`` as a float16/32/64 array; Python floats become float64, anything else is a TypeError."""
    array_ = array(func, name, value)
    if array_.dtype == object or array_.dtype.type not in FLOATS:
        if isinstance(value, float | int) and not isinstance(value, bool):
            array_ = np.asarray(value, dtype=np.float64)
        else:
            raise TypeError(
                f"{func}: {name} has dtype {array_.dtype} ({_short(value)}); expected {FLOAT_NAMES}"
            )
    return _like(func, name, array_, dtype)


def scalar_or_float_array(func: str, name: str, value) -> np.ndarray:
    """As :func:`float_array`, and a NumPy scalar of any other float dtype (float128) becomes float64."""
    if isinstance(value, np.floating) and type(value) not in FLOATS:
        return np.asarray(value, dtype=np.float64)
    return float_array(func, name, value)


def _like(func: str, name: str, array: np.ndarray, dtype) -> np.ndarray:
    if dtype is not None and array.dtype != dtype:
        raise TypeError(f"{func}: {name} has dtype {array.dtype}; expected {np.dtype(dtype)} like the input")
    return array


def dtype(func: str, value):
    """A ``dtype=`` argument: None or a float dtype numpy knows."""
    if value is None:
        return None
    try:
        kind = np.dtype(value)
    except TypeError:
        kind = None
    if kind is None or kind.type not in FLOATS:
        raise TypeError(f"{func}: dtype={value!r}; expected None or one of {FLOAT_NAMES}")
    return kind


def reduction(func: str, value, allowed: tuple = REDUCTIONS) -> str:
    if not isinstance(value, str) or value not in allowed:
        names = ", ".join(repr(a) for a in allowed[:-1]) + f" or {allowed[-1]!r}"
        raise ValueError(f"{func}: reduction={value!r} is not valid; expected {names}")
    return value


def flag(func: str, name: str, value) -> bool:
    """A bool argument (torch: 'must be bool'); NumPy's bool_ counts."""
    if not isinstance(value, bool | np.bool_):
        raise TypeError(f"{func}: {name}={_short(value)} ({type(value).__name__}); expected True or False")
    return bool(value)


def same_shape(func: str, input: np.ndarray, target: np.ndarray) -> None:
    if input.shape != target.shape:
        raise ValueError(f"{func}: target has shape {target.shape}; expected the input's shape {input.shape}")


def broadcastable(func: str, name: str, value: np.ndarray, shape: tuple) -> None:
    """``value`` must broadcast to ``shape`` without growing it (torch multiplies in place)."""
    try:
        grown = np.broadcast_shapes(value.shape, shape)
    except ValueError:
        grown = None
    if grown != shape:
        raise ValueError(
            f"{func}: {name} has shape {value.shape}; expected a shape that broadcasts to the input's {shape}"
        )


def broadcast_shape(func: str, name: str, value: np.ndarray, shape: tuple) -> tuple:
    """The shape ``value`` and an array of ``shape`` broadcast to (torch broadcasts both ways)."""
    try:
        return np.broadcast_shapes(value.shape, shape)
    except ValueError:
        raise ValueError(
            f"{func}: {name} has shape {value.shape}; expected a shape that broadcasts with the input's "
            f"{shape}"
        ) from None


def label_array(func: str, name: str, value) -> tuple[np.ndarray, bool]:
    """Labels and whether their dtype takes part in the result's: a float array (it does), or integers and
    bools, 0/1 labels that become float64 and leave the result the input's dtype (torch's promotion)."""
    array_ = array(func, name, value)
    if array_.dtype.type in FLOATS:
        return array_, True
    if array_.dtype == bool or np.issubdtype(array_.dtype, np.integer):
        return array_.astype(np.float64), False
    raise TypeError(
        f"{func}: {name} has dtype {array_.dtype} ({_short(value)}); expected {FLOAT_NAMES}, integer or "
        "bool labels"
    )


def unit_interval(func: str, name: str, value: np.ndarray) -> None:
    """All elements in [0, 1]; NaN is outside (torch: 'all elements of input should be between 0 and 1')."""
    if value.size and not (np.min(value) >= 0 and np.max(value) <= 1):
        bad = value[~((value >= 0) & (value <= 1))].flat[0]
        raise ValueError(f"{func}: {name} contains {float(bad)!r}; expected every element in [0, 1]")


def is_number(value) -> bool:
    """A real number: a Python or NumPy int or float, not a bool."""
    real = isinstance(value, float | int | np.integer | np.floating)
    return real and not isinstance(value, bool | np.bool_)


def number(func: str, name: str, value) -> float:
    if not is_number(value):
        raise TypeError(f"{func}: {name}={value!r} ({type(value).__name__}); expected a real number")
    return float(value)


def label_smoothing(func: str, value) -> float:
    if not is_number(value) or not 0.0 <= value <= 1.0:
        raise ValueError(f"{func}: label_smoothing={value!r}; expected a number in [0, 1]")
    return float(value)


def class_input(func: str, input: np.ndarray) -> None:
    if input.ndim == 0:
        raise ValueError(f"{func}: input is 0-d; expected shape (C,), (N, C) or (N, C, d1, ..., dk)")


def class_weight(func: str, weight, n_classes: int) -> np.ndarray | None:
    if weight is None:
        return None
    weight = float_array(func, "weight", weight)
    if weight.shape != (n_classes,):
        raise ValueError(
            f"{func}: weight has shape {weight.shape}; expected ({n_classes},), one weight per class"
        )
    return weight


def index_target(func: str, input: np.ndarray, target: np.ndarray, ignore_index: int) -> np.ndarray:
    """Class indices of shape input.shape without the class dimension, each in [0, C) or ignore_index."""
    if not np.issubdtype(target.dtype, np.integer):
        raise TypeError(
            f"{func}: target has dtype {target.dtype} and shape {target.shape}; expected integer class "
            f"indices of shape {_without_class(input.shape)}, or float probabilities of shape {input.shape}"
        )
    expected = _without_class(input.shape)
    if target.shape == input.shape:
        raise TypeError(
            f"{func}: target has dtype {target.dtype} and the input's shape {target.shape}; expected float "
            f"probabilities for a target of that shape, or integer class indices of shape {expected}"
        )
    if target.shape != expected:
        raise ValueError(
            f"{func}: target has shape {target.shape}; expected {expected} for input {input.shape}"
        )
    n_classes = input.shape[0 if input.ndim == 1 else 1]
    bad = (target != ignore_index) & ((target < 0) | (target >= n_classes))
    if bad.any():
        raise ValueError(
            f"{func}: target contains class index {int(target[bad].flat[0])}; expected indices in "
            f"[0, {n_classes}) or ignore_index={ignore_index}"
        )
    return target


def probability_target(func: str, input: np.ndarray, target: np.ndarray, ignore_index: int) -> None:
    same_shape(func, input, target)
    if ignore_index >= 0:
        raise ValueError(
            f"{func}: ignore_index={ignore_index} with probability targets; expected a negative "
            "ignore_index (no class can be ignored when the target is a distribution)"
        )


def grad_output(func: str, value, shape: tuple) -> np.ndarray:
    value = scalar_or_float_array(func, "grad_output", value)
    broadcastable(func, "grad_output", value, shape)
    return value


def _without_class(shape: tuple) -> tuple:
    return () if len(shape) == 1 else shape[:1] + shape[2:]
