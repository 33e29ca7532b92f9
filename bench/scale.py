"""Scale: notices/s and peak memory for N = 100, 1,000, 5,000 synthetic notices, per executor.

The synthetic corpus is made from the corpus's text notices: each copy moves to another province
(names, short names and the doc-number abbreviation replaced from resources/regions.toml) and has
the items of its tasks section shuffled, so no two notices are the same text. Each (N, executor)
runs in a fresh process so that peak RSS (the parent's and its worker processes') is its own.
Time should grow linearly with N and memory stay flat.

    python -m bench.scale [--sizes 100 1000 5000] [--executors serial process dask]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ITEM = re.compile(r"(?m)^[ \t\u3000]*[（(][一二三四五六七八九十]{1,3}[)）]")


def _provinces() -> list[dict[str, str]]:
    import tomllib

    data = tomllib.loads((ROOT / "pipeline" / "resources" / "regions.toml").read_text("utf-8"))
    return [p for p in data["province"] if p["name"].endswith("省")]


def synthesize(folder: Path, n: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    provinces = _provinces()
    sources = [p for p in sorted((ROOT / "corpora").iterdir())
               if p.suffix in (".txt", ".md") and ".ocr." not in p.name]
    texts = [p.read_text(encoding="utf-8") for p in sources]
    origin = {"jilin": "吉林省", "shandong": "山东省", "zhenjiang": "江苏省"}
    by_name = {p["name"]: p for p in provinces}
    for k in range(n):
        which = k % len(texts)
        text = texts[which]
        old = by_name[next(v for key, v in origin.items() if key in sources[which].name)]
        new = rng.choice(provinces)
        text = text.replace(old["name"], new["name"]).replace(old["short"], new["short"])
        text = re.sub(rf"^(\s*){old['abbr']}", rf"\g<1>{new['abbr']}", text, flags=re.M)
        starts = [m.start() for m in ITEM.finditer(text)]
        if len(starts) > 2:  # shuffle the bodies of the numbered items, keep their numbers
            bodies = [text[a:b] for a, b in itertools.pairwise(starts)]
            labels = [ITEM.match(b).group() for b in bodies]  # type: ignore[union-attr]
            rest = [b[len(label):] for b, label in zip(bodies, labels, strict=True)]
            rng.shuffle(rest)
            shuffled = "".join(lb + r for lb, r in zip(labels, rest, strict=True))
            text = text[:starts[0]] + shuffled + text[starts[-1]:]
        (folder / f"s{k:05d}{sources[which].suffix}").write_text(text, encoding="utf-8")


def one(n: int, executor: str) -> dict[str, float]:
    from pipeline.api import run_corpus
    from pipeline.config import load_config

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in"
        src.mkdir()
        synthesize(src, n)
        cfg = load_config(None, {"run": {"executor": executor, "force": True}})
        started = time.perf_counter()
        report = run_corpus([src], cfg, Path(tmp) / "out")
        seconds = time.perf_counter() - started
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"n": n, "seconds": seconds, "per_s": n / seconds, "ok": report.counts["success"],
            "rss_parent_mb": own, "rss_worker_mb": children}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--executors", nargs="+", default=["serial", "process", "dask"])
    parser.add_argument("--one", nargs=2, metavar=("N", "EXECUTOR"))
    args = parser.parse_args(argv if argv is not None else [])
    if args.one:
        print(json.dumps(one(int(args.one[0]), args.one[1])))
        return
    print(f"{'executor':<9}{'N':>6}{'seconds':>9}{'notices/s':>11}{'s per 1k':>9}"
          f"{'peak RSS parent':>16}{'worker':>8}")
    for executor in args.executors:
        for n in args.sizes:
            out = subprocess.run([sys.executable, "-m", "bench.scale", "--one", str(n), executor],
                                 cwd=ROOT, capture_output=True, text=True, check=True)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"{executor:<9}{n:>6}{r['seconds']:>9.1f}{r['per_s']:>11.1f}"
                  f"{1000 * r['seconds'] / n:>9.1f}{r['rss_parent_mb']:>13.0f} MB"
                  f"{r['rss_worker_mb']:>5.0f} MB", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
