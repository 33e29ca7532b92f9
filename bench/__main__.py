"""`python -m bench [NAME ...]`: run the named benchmarks (all by default) and print their figures.

`python -m bench NAME --option ...` gives the options to that one benchmark, where it takes any
(`scans_real --sets kai-q50`, `scale --sizes 2000`). Every name is checked before anything runs:
an unknown one, or options for a benchmark that takes none or for several at once, is a usage
error (exit 2), not a traceback after the other benchmarks have run.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import sys
from collections.abc import Callable
from typing import Any

BENCHES = ["structure", "robustness", "extraction", "compare", "repair", "throughput", "scale", "matrix", "ocr",
           "repair_scans", "scans_real"]


def _usage(message: str) -> int:
    print(f"python -m bench: {message}\nusage: python -m bench [NAME ...] | python -m bench NAME "
          f"--option ...\nbenchmarks run by default: {' '.join(BENCHES)}", file=sys.stderr)
    return 2


def _known(name: str) -> bool:
    """A module of this package that is a benchmark (not this one, nor a private helper)."""
    return (name.isidentifier() and not name.startswith("_")
            and importlib.util.find_spec(f"bench.{name}") is not None)


def _load(name: str) -> Any:
    return importlib.import_module(f"bench.{name}")


def _takes_options(run: Callable[..., Any]) -> bool:
    return bool(inspect.signature(run).parameters)


def main(argv: list[str]) -> int:
    split = next((k for k, arg in enumerate(argv) if arg.startswith("-")), len(argv))
    names, options = argv[:split] or BENCHES, argv[split:]
    unknown = [name for name in names if not _known(name)]
    if unknown:
        return _usage(f"no benchmark {', '.join(unknown)}")
    if options and split != 1:
        return _usage("options go to one named benchmark")
    modules = [_load(name) for name in names]
    if options and not _takes_options(modules[0].main):
        return _usage(f"{names[0]} takes no options")
    for name, module in zip(names, modules, strict=True):
        print(f"== bench/{name}")
        if options:
            module.main(options)
        else:
            module.main()
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
