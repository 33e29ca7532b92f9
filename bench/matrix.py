"""Matrix building time for 1,000 notices (the issue's bar: under 5 s).

The corpus is run once; its notices are then replicated with distinct ids and regions (every
city of resources/regions.toml, then numbered synthetic cities) up to N. The figure is
``compare()`` plus every pivot view; writing matrix.xlsx and report.html is timed separately.
"""

from __future__ import annotations

import copy
import tempfile
import time
from pathlib import Path
from typing import Any

from pipeline.api import run_corpus
from pipeline.compare import compare, load_notices
from pipeline.config import load_config
from pipeline.resources import load_toml

ROOT = Path(__file__).resolve().parent.parent
N = 1000


def _regions(n: int) -> list[tuple[str, str]]:
    cities = [(p["name"], c) for p in load_toml("regions.toml")["province"] for c in p["cities"]]
    return [cities[k] if k < len(cities) else (cities[k % len(cities)][0], f"示例{k:04d}市")
            for k in range(n)]


def synthetic(notices: list[dict[str, Any]], n: int = N) -> list[dict[str, Any]]:
    """``n`` notices copied round-robin from ``notices``, each with its own id and region."""
    out = []
    for k, (province, city) in enumerate(_regions(n)):
        notice = copy.deepcopy(notices[k % len(notices)])
        notice["id"] = f"{notice['id']}-{k:04d}"
        notice["doc"]["region"] = {"province": province, "city": city}
        out.append(notice)
    return out


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cfg = load_config(None, {"run": {"executor": "serial"}})
        run_corpus([ROOT / "corpora" / "manifest.csv"], cfg, Path(tmp) / "run")
        notices = synthetic(load_notices(Path(tmp) / "run" / "notices"))
        compare(notices[:5]).views()  # imports (pandas) and taxonomy loading, not measured
        started = time.perf_counter()
        matrix = compare(notices)
        built = time.perf_counter() - started
        views = matrix.views()
        total = time.perf_counter() - started
        rows = len(matrix.long)
        print(f"matrix for {len(notices)} notices ({len(matrix.themes)} themes, {rows} long rows): "
              f"{total:.2f}s (long table {built:.2f}s + {len(views)} pivots {total - built:.2f}s)")
        from pipeline.export.html import render_report
        from pipeline.export.xlsx import workbook_bytes

        started = time.perf_counter()
        size = len(workbook_bytes(matrix))
        xlsx = time.perf_counter() - started
        started = time.perf_counter()
        html = len(render_report(matrix).encode())
        print(f"writing them: matrix.xlsx {xlsx:.2f}s ({size / 1e6:.1f} MB), "
              f"report.html {time.perf_counter() - started:.2f}s ({html / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
