"""The tesseract engine in process, through its C API (tesserocr).

Engines are loaded once per process and language and kept: a reading takes an idle engine (or
loads one when all are busy, one per page read at once) and gives it back, so a page costs its
recognition only, not a process start, a model load and an image file encoded and decoded
(bench/ocr measures it against bare tesseract on PGM pages). Page images arrive decoded, as 8-bit
grey pixels.

The engine's word boxes come back as tesseract's TSV rows, the same columns as
``tesseract … tsv`` writes, so the text is rebuilt as from the command line. ``make install``
builds tesserocr against the system's tesseract, so the stage reads exactly as the command does.

A system tesseract is built with OpenMP, whose threads are fixed when the library loads: in process,
an engine on each of two page threads would run several OpenMP threads each and thrash (measured:
7.3 s for a page read in 1.3 s with one). ``OMP_THREAD_LIMIT=1`` is therefore set before tesserocr
is first imported, unless the caller set it; it concerns only OpenMP's thread pool.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import PipelineError

# Where Debian, other distributions and a source build put the models.
TESSDATA_DIRS = ("/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
                 "/usr/share/tessdata", "/usr/local/share/tessdata")
TSV_COLUMNS = ("level", "page_num", "block_num", "par_num", "line_num", "word_num", "left", "top",
               "width", "height", "conf", "text")
_idle: dict[tuple[str, str], list[Any]] = {}  # engines not reading now, by (lang, datapath)
_lock = threading.Lock()


class EngineError(RuntimeError):
    """tesseract could not read a page (timed out, or failed)."""


def _library_dir() -> str | None:
    """The model folder the tesseract library itself looks in (``TESSDATA_PREFIX``, else where it
    was built to look): what ``tesseract --list-langs`` reports, asked in process, not of a
    command started for it (about 17 ms a worker: a process forked, the library loaded again)."""
    try:
        folder, _ = _import().get_languages()
    except (ImportError, RuntimeError):
        return None
    return str(folder) or None


@lru_cache(maxsize=8)
def tessdata(lang: str, configured: str | None = None) -> str:
    """The folder holding every model of ``lang`` (``chi_sim+eng``): the configured one, else the
    one the tesseract library looks in, else the usual places; E202 when none holds them."""
    models = lang.split("+")
    candidates = [configured] if configured else [_library_dir(), *TESSDATA_DIRS]
    for folder in candidates:
        if folder and all((Path(folder) / f"{m}.traineddata").is_file() for m in models):
            return str(Path(folder))
    raise PipelineError("E202", f"no tesseract models for {lang} (make install adds tesseract-ocr "
                                f"and tesseract-ocr-chi-sim); looked in {[c for c in candidates if c]}")


@lru_cache(maxsize=1)
def version() -> str:
    try:
        tesserocr = _import()
    except ImportError as exc:  # pragma: no cover - a broken install
        raise PipelineError("E202", "tesserocr is not installed (make install adds it)") from exc
    return str(tesserocr.tesseract_version()).split()[1]


def _import() -> Any:
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # before the library loads: module docstring
    import tesserocr

    return tesserocr


@contextmanager
def _engine(lang: str, datapath: str) -> Iterator[Any]:
    """An engine of ``lang`` for one reading: an idle one, or a new one when all are busy."""
    key = (lang, datapath)
    with _lock:
        api = _idle[key].pop() if _idle.get(key) else None
    if api is None:
        api = _import().PyTessBaseAPI(path=datapath, lang=lang,
                                      variables={"preserve_interword_spaces": "1"})
    try:
        yield api
    finally:
        api.Clear()
        with _lock:
            _idle.setdefault(key, []).append(api)


def read_data(pixels: bytes, width: int, height: int, *, lang: str, psm: int, timeout: float,
              datapath: str, dpi: int | None = None) -> dict[str, list[Any]]:
    """tesseract's word boxes of one 8-bit grey image, as columns (``TSV_COLUMNS``, the rows of
    ``tesseract … tsv``; ``conf`` a float, the others integers but ``text``). ``dpi``: the
    image's resolution where its file recorded one (else tesseract estimates it, as from a file
    without one). ``EngineError`` when tesseract gives up after ``timeout`` seconds."""
    with _engine(lang, datapath) as api:
        api.SetPageSegMode(psm)
        api.SetImageBytes(pixels, width, height, 1, width)
        if dpi:
            api.SetSourceResolution(dpi)
        if not api.Recognize(timeout=int(timeout * 1000) if timeout else 0):
            raise EngineError(f"tesseract gave up on a {width}x{height} page (timeout {timeout} s)")
        tsv = api.GetTSVText(0)
    data: dict[str, list[Any]] = {name: [] for name in TSV_COLUMNS}
    for row in tsv.split("\n"):
        cells = row.split("\t")
        if len(cells) != len(TSV_COLUMNS):
            continue
        for name, cell in zip(TSV_COLUMNS[:-1], cells[:-1], strict=True):
            data[name].append(float(cell) if name == "conf" else int(cell))
        data["text"].append(cells[-1])
    return data


def orientation(pixels: bytes, width: int, height: int, *, datapath: str) -> tuple[int, float] | None:
    """How far the page is turned (0, 90, 180 or 270 degrees counter-clockwise: the image turned
    by that much reads upright) and tesseract's confidence in it, from its orientation model
    (``osd``); None where that model is not installed or finds no text to judge by."""
    if not (Path(datapath) / "osd.traineddata").is_file():
        return None
    tesserocr = _import()
    with _engine("osd", datapath) as api:
        api.SetPageSegMode(tesserocr.PSM.OSD_ONLY)
        api.SetImageBytes(pixels, width, height, 1, width)
        try:
            found = api.DetectOrientationScript()
        except RuntimeError:
            return None
    if not found:
        return None
    return int(found["orient_deg"]), float(found["orient_conf"])
