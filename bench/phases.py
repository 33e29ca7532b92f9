"""The comparison's memory phase by phase: ``python -m bench.phases PATH... [--trace]``.

The notices of PATH (a run folder, folders of notice JSON, ``.json`` or ``.jsonl`` files) are
compared as ``policy-pipeline compare`` compares them (``from_files.PackedFile``, then
``compare``), and the three files written, all in this process and with no writer process (the
files' phase is then this process's too); a thread samples the process's resident memory every
``--every`` seconds and keeps each phase's peak; each phase's RSS as it begins (what the phases
before it left) and its wall time are kept too. The phases are the ones the code names as it
enters them (``pipeline.memory.phase``): the notices packed, the alignment's steps, the tables'
loop over the notices, their sealing, the files (the report's sections each a phase
of its own). With ``--trace`` each phase's peak of what
Python and numpy hold alive (``tracemalloc``) is printed too: what a phase holds, set against
what the process keeps resident (tracing slows the work several times, and its own records are
resident too).

Run it over two sizes of one batch (``bench.scale --source dev --distinct`` leaves its runs'
notices under its folder) to see which phase grows with the batch.
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
import tracemalloc
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.memory import current_phase, listen, phase


@dataclass
class Peak:
    rss: float = 0.0  # MB: VmRSS, and its anonymous and file-backed parts at that moment
    anon: float = 0.0
    file: float = 0.0
    traced: float | None = None  # MB: the phase's tracemalloc peak, when tracing
    seconds: float = 0.0  # the phase's wall time (a phase entered again: its times summed)
    start: float = 0.0  # MB: VmRSS as the phase first began (what it was handed)


@dataclass
class Sampler:
    """Each phase's peak, in the order the phases came: sampled as each phase begins (every phase
    is seen, however short) and every ``every`` seconds in between."""

    every: float = 0.01
    peaks: dict[str, Peak] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None
    _current: str = ""
    _since: float = 0.0

    def start(self) -> None:
        listen(self._begin)
        self._begin(current_phase())
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        listen(None)
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self._sample()
        if self.peaks:
            self.peaks[self._current].seconds += time.monotonic() - self._since

    def _begin(self, name: str) -> None:
        """A phase begins: the one before it sampled at its end and its traced peak closed."""
        with self._lock:
            now = time.monotonic()
            if self.peaks:
                self._sample_locked()
                self.peaks[self._current].seconds += now - self._since
            self._since = now
            if tracemalloc.is_tracing():
                tracemalloc.reset_peak()
            fresh = name not in self.peaks
            if fresh:
                self.peaks[name] = Peak()
            self._current = name
            self._sample_locked()
            if fresh:  # its first sample is the one just taken
                self.peaks[name].start = self.peaks[name].rss

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self._sample()

    def _sample(self) -> None:
        with self._lock:
            self._sample_locked()

    def _sample_locked(self) -> None:
        status = _status()
        peak = self.peaks[self._current]
        if status["VmRSS"] > peak.rss:
            peak.rss, peak.anon, peak.file = status["VmRSS"], status["RssAnon"], status["RssFile"]
        if tracemalloc.is_tracing():
            peak.traced = max(peak.traced or 0.0, tracemalloc.get_traced_memory()[1] / 2**20)


def _status() -> dict[str, float]:
    found = {"VmRSS": 0.0, "RssAnon": 0.0, "RssFile": 0.0}
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            key, _, value = line.partition(":")
            if key in found:
                found[key] = int(value.split()[0]) / 1024
    return found


def measure(paths: list[str], out: Path, trace: bool = False, every: float = 0.01,
            grouping: str | None = None) -> dict[str, Peak]:
    """Each phase's peak while the notices of ``paths`` are compared and the files written under
    ``out`` (``grouping``: the matrix rows, ``themes.grouping`` when None)."""
    from pipeline.compare import compare
    from pipeline.compare.from_files import PackedFile, notices_in
    from pipeline.config import load_config
    from pipeline.export.matrix_files import write_matrix
    from pipeline.memory import one_heap

    one_heap()  # as the compare command does, before any thread allocates (memory.py)
    cfg = load_config(None, {})
    grouping = grouping or cfg.themes.grouping
    sampler = Sampler(every)
    if trace:
        tracemalloc.start()
    phase("notices read and packed")
    sampler.start()
    try:
        with PackedFile(out, grouping) as packed:
            for notice in notices_in(*paths):
                packed.add(notice)
            matrix = compare(packed.records(), grouping=grouping, scratch=out,
                             search_budget=cfg.themes.search_budget)
            write_matrix(matrix, out, parallel=False, export=cfg.export)
            phase("done")
    finally:
        sampler.stop()
        if trace:
            tracemalloc.stop()
    return sampler.peaks


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.phases")
    parser.add_argument("paths", nargs="+", help="a run folder, notice JSON folders or files")
    parser.add_argument("--out", help="where the files go (default: a temporary folder)")
    parser.add_argument("--trace", action="store_true", help="each phase's traced peak too")
    parser.add_argument("--every", type=float, default=0.01, help="seconds between samples")
    parser.add_argument("--grouping", choices=["auto", "taxonomy", "measures"],
                        help="the matrix rows (default: the configuration's)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(args.out) if args.out else Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        peaks = measure(args.paths, out, args.trace, args.every, args.grouping)
    print(f"{'phase':<40}{'RSS MB':>9}{'anon':>8}{'file':>8}{'start':>8}{'s':>8}"
          + (f"{'traced':>9}" if args.trace else ""))
    for name, peak in peaks.items():
        traced = f"{peak.traced:>9.1f}" if args.trace and peak.traced is not None else ""
        print(f"{name:<40}{peak.rss:>9.1f}{peak.anon:>8.1f}{peak.file:>8.1f}{peak.start:>8.1f}"
              f"{peak.seconds:>8.2f}{traced}")
    print(f"{time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
