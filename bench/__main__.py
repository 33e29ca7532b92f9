"""`python -m bench [NAME ...]`: run the named benchmarks (all by default) and print their figures."""

from __future__ import annotations

import importlib
import sys

BENCHES = ["structure", "robustness", "extraction", "compare", "repair", "throughput", "scale", "matrix", "ocr",
           "repair_scans", "scans_real"]


def main(argv: list[str]) -> int:
    names = argv or BENCHES
    for name in names:
        print(f"== bench/{name}")
        module = importlib.import_module(f"bench.{name}")
        module.main()
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
