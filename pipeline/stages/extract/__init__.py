"""Extraction stages: times, departments, targets, references. Each reads the compact view."""
