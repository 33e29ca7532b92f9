"""The scale bench's memory figures: the kernel's peak of each process, not the RSS of the moment
it happens to be read."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bench.scale import RssSampler

SPIKE = """
import time
time.sleep(0.3)
spike = bytearray(b"x" * (200 << 20))  # written: resident
time.sleep(0.05)
del spike
time.sleep(1.6)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="VmHWM is Linux's")
def test_a_spike_between_two_reads_counts() -> None:
    child = subprocess.Popen([sys.executable, "-c", SPIKE])
    sampler = RssSampler(child.pid, every=1.0)  # read at about 0 s and 1 s: the spike between
    sampler.start()
    child.wait()
    sampler.stop()
    peaks = sampler.peaks()
    assert peaks["n_parent"] == 1
    assert peaks["rss_parent_mb"] >= 200
