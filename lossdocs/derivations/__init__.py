"""Content: one module per family of derivations, each builder registered with ``@derivation(id)``
(`lossdocs.registry`) and found by the registry without a list."""
