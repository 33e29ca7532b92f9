"""Benchmarks: figures (docs/s, F1, pages/min, CER) printed by `make bench`, never asserted in tests."""
