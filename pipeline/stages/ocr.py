"""OCR: tesseract (via pytesseract) on the pages ingest rendered, and only on those.

Pages run in parallel as separate tesseract processes, each limited to one OpenMP thread:
tesseract's own threading fights a pool on two cores (bench/ocr measures both). Results are cached
by (page image, tesseract version, language, settings), so a re-run costs nothing; cache files are
written atomically, so concurrent workers can share the cache directory.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..config import Config
from ..errors import PipelineError
from ..model import Notice, OcrInfo, PageSlot
from .ingest import check_text
from .ocr_prep import binarize, deskew_binarize
from .readers import assemble, split_furniture, squeeze_cjk_spaces

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


@lru_cache(maxsize=1)
def tesseract_version() -> str:
    import pytesseract

    try:
        return str(pytesseract.get_tesseract_version()).split()[0]
    except (pytesseract.TesseractNotFoundError, OSError) as exc:
        raise PipelineError("E202", "tesseract is not installed (make install adds it)") from exc


def cache_dir(cfg: Config) -> Path:
    if cfg.ocr.cache_dir:
        return Path(cfg.ocr.cache_dir)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "policy-pipeline" / "ocr"


def cache_key(png: bytes, cfg: Config, psm: int | None = None) -> str:
    settings = json.dumps({"engine": tesseract_version(), "lang": cfg.ocr.lang,
                           "psm": psm or cfg.ocr.psm, "preprocess": cfg.ocr.preprocess},
                          sort_keys=True)
    return hashlib.sha256(png + settings.encode()).hexdigest()


def _image(png: bytes, preprocess: str) -> Any:
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("L")
    if preprocess == "binarize":
        image = binarize(image)
    return image


def lines_from_data(data: dict[str, list[Any]]) -> tuple[str, float | None]:
    """Rebuild text from tesseract's word boxes: lines in order, blank lines between blocks;
    no space inside Chinese. Returns (text, mean word confidence)."""
    lines: dict[tuple[int, int, int], list[str]] = {}
    confs: list[float] = []
    for k, word in enumerate(data["text"]):
        conf = float(data["conf"][k])
        if conf < 0 or not str(word).strip():
            continue
        key = (data["block_num"][k], data["par_num"][k], data["line_num"][k])
        lines.setdefault(key, []).append(str(word))
        confs.append(conf)
    out: list[str] = []
    previous_block = None
    for (block, _par, _line), words in sorted(lines.items()):
        if previous_block is not None and block != previous_block:
            out.append("")
        previous_block = block
        out.append(squeeze_cjk_spaces(" ".join(words)))
    return "\n".join(out), (sum(confs) / len(confs) if confs else None)


def ocr_png(png: bytes, cfg: Config, psm: int | None = None) -> tuple[str, float | None, bool]:
    """(text, confidence, from_cache) for one page image (``psm``: another segmentation mode than
    the configured one, as for a single banner line)."""
    import pytesseract

    key = cache_key(png, cfg, psm)
    path = cache_dir(cfg) / key[:2] / f"{key}.json"
    if path.is_file():
        try:
            hit = json.loads(path.read_text(encoding="utf-8"))
            return hit["text"], hit["confidence"], True
        except (OSError, ValueError, KeyError):
            pass
    options = {"lang": cfg.ocr.lang, "timeout": cfg.ocr.timeout,
               "config": f"--psm {psm or cfg.ocr.psm} -c preserve_interword_spaces=1",
               "output_type": pytesseract.Output.DICT}
    if cfg.ocr.preprocess == "none":
        # hand tesseract the PNG as it is: letting pytesseract re-encode a PIL image costs a
        # decode and an encode per page (measured in bench/ocr against bare tesseract)
        with tempfile.NamedTemporaryFile(suffix=".png") as page:
            page.write(png)
            page.flush()
            data = pytesseract.image_to_data(page.name, **options)
    else:
        data = pytesseract.image_to_data(_image(png, cfg.ocr.preprocess), **options)
    text, confidence = lines_from_data(data)
    from ..export.files import write_atomic

    with contextlib.suppress(OSError):  # a read-only cache costs speed, not correctness
        write_atomic(path, json.dumps({"text": text, "confidence": confidence}, ensure_ascii=False))
    return text, confidence, False


BANNER_PSM = 7  # a banner is one line of large type


def read_page(slot: PageSlot, cfg: Config) -> tuple[str, float | None, bool, str, str]:
    """(text, confidence, from cache, route, banner text) of one page.

    The page is read as rendered; when that reading's mean confidence is under
    ``ocr.route_below`` it is read again deskewed and binarised (``ocr_prep``) and the reading
    tesseract is more confident of is kept. Red banner lines cut out by the reader are read apart,
    one line each.
    """
    png = slot.image or b""
    text, confidence, hit = ocr_png(png, cfg)
    route = "plain"
    if confidence is None or confidence < cfg.ocr.route_below:
        other, other_confidence, other_hit = ocr_png(deskew_binarize(png), cfg)
        if other_confidence is not None and (confidence is None or other_confidence > confidence):
            text, confidence, hit, route = other, other_confidence, other_hit, "deskew+binarize"
    banners = [ocr_png(b, cfg, psm=BANNER_PSM)[0].strip() for b in slot.banners]
    return text, confidence, hit, route, " ".join(b for b in banners if b)


def _workers(cfg: Config, pages: int) -> int:
    if cfg.ocr.workers:
        return max(1, min(cfg.ocr.workers, pages))
    if cfg.run.in_pool:
        return 1  # the corpus pool already runs one document per core
    return max(1, min(os.cpu_count() or 1, pages))


@contextlib.contextmanager
def one_thread_each() -> Iterator[None]:
    """tesseract processes started inside get one OpenMP thread each (pages already run in
    parallel); the variable is restored afterwards (pytesseract hands os.environ to tesseract)."""
    before = os.environ.get("OMP_THREAD_LIMIT")
    os.environ["OMP_THREAD_LIMIT"] = "1"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("OMP_THREAD_LIMIT", None)
        else:
            os.environ["OMP_THREAD_LIMIT"] = before


def run(notice: Notice, cfg: Config) -> Notice:
    slots: list[PageSlot] = notice._pages
    todo = [slot for slot in slots if slot.image is not None]
    if not todo:
        return notice
    import pytesseract

    version = tesseract_version()

    def one(slot: PageSlot) -> tuple[PageSlot, Any]:
        try:
            return slot, read_page(slot, cfg)
        except (pytesseract.TesseractError, RuntimeError, OSError) as exc:
            return slot, exc

    with one_thread_each(), ThreadPoolExecutor(max_workers=_workers(cfg, len(todo))) as pool:
        results = list(pool.map(one, todo))
    weighted, chars, cached = 0.0, 0, 0
    for slot, result in results:
        if isinstance(result, Exception):
            notice.add_error("ocr", "E201", f"tesseract failed: {result}", page=slot.number)
            slot.text = ""
            continue
        text, confidence, hit, route, banner = result
        slot.info.ocr_route = ("red_dropout+" if slot.red else "") + route
        slot.info.banner = banner or None
        if banner:
            text = f"{banner}\n\n{text}"
        body, furniture = split_furniture(text)
        slot.text, slot.info.furniture = body, furniture
        slot.info.ocr_confidence = round(confidence, 2) if confidence is not None else None
        cached += hit
        if confidence is not None:
            weighted += confidence * len(body)
            chars += len(body)
        slot.image = None  # free the page image
    failed = [r for _, r in results if isinstance(r, Exception)]
    if len(failed) == len(todo) and not any(slot.text for slot in slots):
        raise PipelineError("E201", f"OCR read no page ({len(failed)} failed; first: {failed[0]})")
    text = assemble(slots)
    check_text(text, cfg.ingest.min_cjk_ratio)
    notice.raw_text = notice.text = text
    notice.source.page_info = [slot.info for slot in slots]
    notice.source.ocr = OcrInfo(engine=f"tesseract {version}", lang=cfg.ocr.lang,
                                mean_confidence=round(weighted / chars, 2) if chars else None,
                                pages_ocred=len(todo), psm=cfg.ocr.psm, dpi=cfg.ocr.dpi,
                                cached_pages=cached)
    notice.provenance.tesseract = version
    return notice
