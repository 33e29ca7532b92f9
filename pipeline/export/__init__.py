"""Writers for a run's outputs: notice JSON (schema-validated), JSONL, run.json, matrix views."""
