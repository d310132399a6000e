"""Pappus's synthetic theorem generator: random constructions to verified theorems."""
