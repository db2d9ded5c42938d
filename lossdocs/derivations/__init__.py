"""Content: one module per family of derivations, each exposing ``derivations()``."""
