"""Data files the stages load (gazetteers, taxonomies, lexicons), loaded once per process."""

from __future__ import annotations

import hashlib
import tomllib
from functools import cache, lru_cache
from importlib import resources
from typing import Any


def read_text(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


@cache
def load_toml(name: str) -> dict[str, Any]:
    return tomllib.loads(read_text(name))


@cache
def load_lines(name: str) -> tuple[str, ...]:
    """A one-entry-per-line list; blank lines and ``#`` comments ignored."""
    out = []
    for line in read_text(name).splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return tuple(out)


@lru_cache(maxsize=1)
def resources_sha256() -> str:
    """One hash over every data file, recorded in each notice's provenance."""
    digest = hashlib.sha256()
    root = resources.files(__package__)
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.is_file() and not entry.name.endswith((".py", ".pyc")):
            digest.update(entry.name.encode())
            digest.update(entry.read_bytes())
    return digest.hexdigest()
