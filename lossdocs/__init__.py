"""lossdocs: the cross-entropy family of losses, derived and checked step by step.

Importing this package is cheap: SymPy loads when the first derivation is asked for.
"""

from lossdocs.derivation import Derivation, DerivationError, Step, Text
from lossdocs.registry import UnknownDerivationError, build, get, ids

__all__ = ["Derivation", "DerivationError", "Step", "Text", "UnknownDerivationError", "build", "get", "ids"]
