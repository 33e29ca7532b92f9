"""Scale: notices/s, the ratio to the jieba floor and the peak memory of every process, for
N = 2,000 and 20,000 synthetic notices (``--sizes``), per executor (``--executors``).

The synthetic corpus is made from the corpus's text notices (``--source seeds``, elderly care:
the taxonomy takes most of their tasks, so few reach the alignment) or from every notice of
../shared/corpus-dev (``--source dev``: a dozen fields, text and HTML, about a dozen aligned tasks a
notice, as a real mixed batch). Each copy of a provincial notice moves to another province (names,
short names and the doc-number abbreviation replaced from resources/regions.toml), and every copy
has the items of its tasks section shuffled where they are numbered （一）… With ``--distinct``
every copy's sentences also carry a word of the copy's own (``Q`` and its number, before each
。), so no two copies' tasks have the same words: the nearest-task search then reads every task,
as in a batch without reposts, instead of each distinct task once. Each (N, executor)
runs as the command line runs it (``python -m pipeline run``, a process of its own, so the run
has the single thread it has for a user and forks its report's writer); a sampler in this
process reads the resident memory of that process and of every process under it (the fork
server, the workers, the report's writer) five times a second: each one's high-water mark of
resident memory (``VmHWM`` of /proc/PID/status, the kernel's own peak: a spike between two reads
counts, such as the alignment's clustering of its largest part, which lasts about a second), and
keeps each one's last. Time should grow linearly with N and memory stay flat. With
``--compare`` each run's notice files are then compared again by ``python -m pipeline compare``
(as a user rebuilds the matrix from a run), timed and sampled the same way, and its files
checked against the run's.

The floor is the issue's: ``jieba.lcut`` over the same texts in one fresh process
(``bench.throughput.FLOOR``), timed next to the run at each N.

    python -m bench.scale [--sizes 2000 20000] [--executors process serial dask] [--source dev]
                          [--distinct] [--compare]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "corpus-dev"
ITEM = re.compile(r"(?m)^[ \t\u3000]*[（(][一二三四五六七八九十]{1,3}[)）]")


def _provinces() -> list[dict[str, str]]:
    import tomllib

    data = tomllib.loads((ROOT / "pipeline" / "resources" / "regions.toml").read_text("utf-8"))
    return [p for p in data["province"] if p["name"].endswith("省")]


def _sources(source: str) -> list[tuple[Path, str | None]]:
    """The notices copies are made from, each with its province (None: none to move).

    ``seeds``: the corpus's text notices (elderly care; its taxonomy takes most of their tasks).
    ``dev``: every notice of ../shared/corpus-dev (text and HTML, a dozen fields, a province or
    the central government), whose tasks go through the alignment as a real mixed batch's do."""
    if source == "dev":
        import csv

        with (DEV / "manifest.csv").open(encoding="utf-8") as fh:
            return [(DEV / row["file"], row["province"] or None) for row in csv.DictReader(fh)]
    origin = {"jilin": "吉林省", "shandong": "山东省", "zhenjiang": "江苏省"}
    return [(p, next(v for key, v in origin.items() if key in p.name))
            for p in sorted((ROOT / "corpora").iterdir())
            if p.suffix in (".txt", ".md") and ".ocr." not in p.name]


def synthesize(folder: Path, n: int, seed: int = 11, source: str = "seeds",
               distinct: bool = False) -> None:
    rng = random.Random(seed)
    provinces = _provinces()
    sources = _sources(source)
    texts = [p.read_text(encoding="utf-8") for p, _ in sources]
    by_name = {p["name"]: p for p in provinces}
    for k in range(n):
        which = k % len(texts)
        text = texts[which]
        path, province = sources[which]
        new = rng.choice(provinces)
        if province in by_name:
            old = by_name[province]
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
        if distinct:
            text = text.replace("。", f"Q{k:05d}。")
        (folder / f"s{k:05d}{path.suffix}").write_text(text, encoding="utf-8")


def one(n: int, executor: str, source: str = "seeds", distinct: bool = False,
        compare: bool = False) -> dict[str, Any]:
    from .throughput import floor_seconds

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in"
        src.mkdir()
        synthesize(src, n, source=source, distinct=distinct)
        floor = floor_seconds(src)
        out = Path(tmp) / "out"
        seconds, peaks = _sampled(["run", str(src), "--out", str(out), "--executor", executor,
                                   "--force"])
        counts = json.loads((out / "run.json").read_text(encoding="utf-8"))["counts"]
        again = _compare(out) if compare else {}
    return {"n": n, "seconds": seconds, "per_s": n / seconds, "ok": counts["success"],
            "floor": floor, **peaks, **again}


def _sampled(args: list[str]) -> tuple[float, dict[str, Any]]:
    """``python -m pipeline ARGS`` as the command line runs it: its seconds and the peak
    memory of its processes (``RssSampler.peaks``)."""
    started = time.perf_counter()
    run = subprocess.Popen([sys.executable, "-m", "pipeline", *args], cwd=ROOT,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sampler = RssSampler(run.pid)
    sampler.start()
    run.wait()
    seconds = time.perf_counter() - started
    sampler.stop()
    return seconds, sampler.peaks()


def _compare(out: Path) -> dict[str, Any]:
    """``policy-pipeline compare`` over the run's notice files, as a user rebuilds the matrix:
    its seconds and its processes' peaks (``cmp_``), and whether it wrote the run's files."""
    again = out / "compare"
    seconds, peaks = _sampled(["compare", str(out / "notices"), "--out", str(again)])
    same = all((again / name).read_bytes() == (out / name).read_bytes()
               for name in ("matrix.csv", "matrix.xlsx", "report.html"))
    return {"cmp_seconds": seconds, "cmp_same": same,
            **{f"cmp_{k}": v for k, v in peaks.items()}}


def peak_rss(proc: Any) -> int:
    """The bytes a process has had resident at most so far (Linux: ``VmHWM``); where /proc has
    no such line, its resident bytes now."""
    try:
        with open(f"/proc/{proc.pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return int(proc.memory_info().rss)


class RssSampler(threading.Thread):
    """Peak resident memory of a process (``pid``) and of each process under it, by role: the
    kernel's peak of each (``peak_rss``) read every ``every`` seconds, so a process is missed
    only if it starts and ends between two reads, and only what it reaches in its last
    ``every`` seconds escapes."""

    def __init__(self, pid: int, every: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.every = every
        self.done = threading.Event()
        self.peak: dict[int, tuple[str, int]] = {}  # pid -> (role, peak bytes)

    def run(self) -> None:
        import psutil

        try:
            me = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self.done.is_set():
            try:
                tree = [me, *me.children(recursive=True)]
            except psutil.Error:
                break  # the run has ended
            for proc in tree:
                try:
                    rss = peak_rss(proc)
                    role = _role(me, proc)
                except psutil.Error:
                    continue
                old = self.peak.get(proc.pid, (role, 0))
                self.peak[proc.pid] = (role, max(old[1], rss))
            self.done.wait(self.every)

    def stop(self) -> None:
        self.done.set()
        self.join()

    def peaks(self) -> dict[str, Any]:
        """The largest peak of each role (MB) and how many processes had it."""
        out: dict[str, Any] = {}
        for role, rss in self.peak.values():
            out[f"rss_{role}_mb"] = max(out.get(f"rss_{role}_mb", 0), rss / 2**20)
            out[f"n_{role}"] = out.get(f"n_{role}", 0) + 1
        return out


def _role(me: Any, proc: Any) -> str:
    if proc.pid == me.pid:
        return "parent"
    line = " ".join(proc.cmdline())
    if "forkserver" in line and proc.ppid() == me.pid:
        return "server"
    if proc.ppid() == me.pid and "forkserver" not in line:
        return "child"  # a spawned worker, or the report's writer (export/writer.py)
    return "worker"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--executors", nargs="+", default=["process"])
    parser.add_argument("--source", choices=["seeds", "dev"], default="seeds",
                        help="copies of the corpus's notices, or of ../shared/corpus-dev's")
    parser.add_argument("--distinct", action="store_true",
                        help="a word of its own in every copy's sentences: no task copied")
    parser.add_argument("--compare", action="store_true",
                        help="also the compare command over the run's notice files")
    parser.add_argument("--one", nargs=2, metavar=("N", "EXECUTOR"))
    args = parser.parse_args(argv if argv is not None else [])
    if args.one:
        print(json.dumps(one(int(args.one[0]), args.one[1], args.source, args.distinct,
                             args.compare)))
        return
    print(f"{'executor':<9}{'N':>7}{'seconds':>9}{'notices/s':>10}{'floor s':>9}{'x floor':>8}"
          f"   peak RSS MB: parent / fork server / largest worker (workers) / other child")
    for executor in args.executors:
        for n in args.sizes:
            out = subprocess.run([sys.executable, "-m", "bench.scale", "--one", str(n), executor,
                                  "--source", args.source,
                                  *(["--distinct"] if args.distinct else []),
                                  *(["--compare"] if args.compare else [])],
                                 cwd=ROOT, capture_output=True, text=True, check=True)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"{executor:<9}{n:>7}{r['seconds']:>9.1f}{r['per_s']:>10.1f}{r['floor']:>9.1f}"
                  f"{r['seconds'] / r['floor']:>8.2f}   {r.get('rss_parent_mb', 0):.0f} / "
                  f"{r.get('rss_server_mb', 0):.0f} / {r.get('rss_worker_mb', 0):.0f} "
                  f"({r.get('n_worker', 0)}) / {r.get('rss_child_mb', 0):.0f}", flush=True)
            if args.compare:
                print(f"{'compare':<9}{n:>7}{r['cmp_seconds']:>9.1f}"
                      f"{n / r['cmp_seconds']:>10.1f}{'':>17}   "
                      f"{r.get('cmp_rss_parent_mb', 0):.0f} / - / - / "
                      f"{r.get('cmp_rss_child_mb', 0):.0f}   the run's files: "
                      f"{'the same' if r['cmp_same'] else 'DIFFERENT'}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
