"""OCR routing thresholds swept on the realistic scan sets (``python -m bench ocr_routes``).

A page's first reading is a route chosen by its skew (``ocr.deskew_above``); a second reading of
the other route is made when the first is under ``ocr.route_below``, and the more confident kept
(``pipeline.stages.ocr.read_page``). Second readings are what puts the OCR stage over the floor
(``bench/scans_real``), so this prints, for each pair of thresholds, what they cost (readings a
page) against what they buy (raw CER, task F1, department F1 against ``gold/``).

Each set of ``tools.scanreal.SETS`` is rendered once, every page read both ways once into an OCR
cache (``route_below`` 101), and each pair then run through the whole pipeline from that cache:
the readings are counted as the stage asks for them, cached or not, so a pair costs seconds.
``python -m bench.ocr_routes --grid 90:1.5,89:1.5,90:1.5:90 --sets song-q60,kai-q50``: other
pairs (route_below:deskew_above, or with a third, ``ocr.route_always_below``: the judge of
``pipeline.stages.ocr_judge``, a page under it always read again; route_below: every page under
route_below, as before the judge) or sets than the default.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.cer import cer
from bench.scans_real import DPI, NOTICES, ROOT
from pipeline.api import run_notice
from pipeline.config import load_config
from pipeline.evaluate import evaluate
from pipeline.export.notice_json import to_json
from tools.scangen import write_pdf
from tools.scanreal import SETS, render_official

GRID = [(90.0, 1.5), (89.0, 1.5), (90.0, 1.2), (90.0, 1.0), (89.0, 1.0), (90.0, 0.8), (88.0, 1.0)]
BOTH_WAYS = 101.0  # a route_below no confidence reaches: every page read both ways


@contextmanager
def counted_readings() -> Iterator[set[bytes]]:
    """The page readings the OCR stage asks for while inside (a digest of each page image and
    route, cache hits included: a reading asked for twice counts once; banner and rescued
    lines, read with their own segmentation mode, not counted)."""
    import pipeline.stages.ocr as ocr

    calls: set[bytes] = set()
    real = ocr.read_image

    def read_image(key, load, cfg, psm=None):  # type: ignore[no-untyped-def]
        if psm is None:
            calls.add(hashlib.sha256(key).digest())
        return real(key, load, cfg, psm)

    ocr.read_image = read_image
    try:
        yield calls
    finally:
        ocr.read_image = real


def render(name: str, folder: Path) -> list[tuple[str, Path, str]]:
    """The set's four notices as scanned PDFs: (notice id, pdf, reference text)."""
    face, scanner, seed = SETS[name]
    made = []
    for k, (file, issuer) in enumerate(NOTICES.items()):
        nid = Path(file).stem
        text = (ROOT / "corpora" / file).read_text(encoding="utf-8")
        images, reference = render_official(text, issuer, face, DPI, scanner, seed + k)
        pdf = folder / f"{nid}.pdf"
        write_pdf(images, pdf, DPI)
        made.append((nid, pdf, reference))
    return made


def measure(docs: list[tuple[str, Path, str]], cache: Path, route_below: float,
            deskew_above: float, folder: Path, always_below: float | None = None
            ) -> dict[str, float]:
    """Raw CER, task and department F1, and page readings a page, with these thresholds
    (``always_below`` None: the configured ``ocr.route_always_below``)."""
    ocr = {"cache_dir": str(cache), "route_below": route_below, "deskew_above": deskew_above}
    if always_below is not None:
        ocr["route_always_below"] = always_below
    cfg = load_config(None, {"ocr": ocr})
    run = Path(tempfile.mkdtemp(dir=folder))
    gold, pred = run / "gold", run / "pred"
    gold.mkdir()
    pred.mkdir()
    errors = size = 0.0
    pages = 0
    with counted_readings() as calls:
        for nid, pdf, reference in docs:
            shutil.copy(ROOT / "gold" / f"{nid}.json", gold / f"{nid}.json")
            notice = run_notice(pdf, cfg, id=nid)
            (pred / f"{nid}.json").write_text(to_json(notice, check=False), encoding="utf-8")
            errors += cer(reference, notice.raw_text) * len(reference)
            size += len(reference)
            pages += len(notice.source.page_info)
    scores = evaluate(gold, pred)
    shutil.rmtree(run)
    return {"cer": errors / size, "tasks": scores.prf["tasks"].f1,
            "departments": scores.prf["departments"].f1, "readings": len(calls) / pages}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench ocr_routes")
    parser.add_argument("--grid", default=",".join(f"{r:g}:{d:g}" for r, d in GRID))
    parser.add_argument("--sets", default=",".join(SETS))
    args = parser.parse_args(argv or [])
    grid = [(float(r), float(d), float(a[0]) if a else None)
            for r, d, *a in (entry.split(":") for entry in args.grid.split(","))]
    print(f"{'set':<10}{'route_below':>12}{'deskew_above':>13}{'always_below':>13}{'raw CER':>9}"
          f"{'task F1':>9}{'dept F1':>9}{'readings/page':>15}")
    for name in args.sets.split(","):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            docs = render(name, folder)
            cache = folder / "cache"
            # the cache filled first: every page read both ways (what a threshold of 101 does)
            for below, above, always in [(BOTH_WAYS, GRID[0][1], BOTH_WAYS), *grid]:
                r = measure(docs, cache, below, above, folder, always)
                shown = "both ways" if below == BOTH_WAYS else f"{below:g}"
                judge = "config" if always is None else f"{always:g}"
                print(f"{name:<10}{shown:>12}{above:>13g}{judge:>13}{r['cer']:>9.4f}"
                      f"{r['tasks']:>9.3f}{r['departments']:>9.3f}{r['readings']:>15.2f}",
                      flush=True)


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
