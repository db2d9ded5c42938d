"""lossdocs: the cross-entropy family of losses, derived and checked step by step.

Importing this package is cheap: SymPy loads when the first derivation is asked for.
"""

from lossdocs.derivation import Derivation, DerivationError, Step, Text, set_language
from lossdocs.registry import UnknownDerivationError, build, get, ids

__version__ = "0.1.0"

__all__ = [
    "Derivation",
    "DerivationError",
    "Step",
    "Text",
    "UnknownDerivationError",
    "__version__",
    "build",
    "get",
    "ids",
    "set_language",
]
