"""OCR: tesseract on the pages ingest rendered, and only on those.

Pages run in parallel on threads, each with its own tesseract engine in process (``tess``: the C
API, one thread of work per engine; tesseract's own threading fights a pool on two cores, as
bench/ocr measured). Results are cached by (page image, tesseract version, language, settings),
so a re-run costs nothing; cache files are written atomically, so concurrent workers can share
the cache directory.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from ..config import Config
from ..errors import PipelineError
from ..model import Notice, OcrInfo, PageSlot
from ..startup_cache import ocr_cache_dir
from . import tess
from .ingest import check_text
from .ocr_judge import layout_signals, worth_reading_again
from .ocr_prep import binarize, skew_angle, straighten
from .ocr_review import pages_to_review
from .readers import assemble, split_furniture, squeeze_cjk_spaces

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


@lru_cache(maxsize=1)
def tesseract_version() -> str:
    return tess.version()


def cache_dir(cfg: Config) -> Path:
    return ocr_cache_dir(cfg.ocr.cache_dir)


def cache_key(png: bytes, cfg: Config, psm: int | None = None) -> str:
    settings = json.dumps({"engine": tesseract_version(), "lang": cfg.ocr.lang,
                           "psm": psm or cfg.ocr.psm, "preprocess": cfg.ocr.preprocess,
                           "weak_below": cfg.ocr.rescue_below, "format": 5}, sort_keys=True)
    return hashlib.sha256(png + settings.encode()).hexdigest()


def _image(png: bytes, preprocess: str) -> Any:
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("L")
    if preprocess == "binarize":
        image = binarize(image)
    return image


Line = tuple[int, list[str], list[float], list[int]]  # block, words, confidences, box l t r b
# text, confidence, from cache, weak lines, layout signals (``lines_from_data``)
Reading = tuple[str, float | None, bool, list[list[Any]], list[int]]


def _records(data: dict[str, list[Any]]) -> list[Line]:
    """tesseract's words grouped into lines, in reading order, each with its box."""
    lines: dict[tuple[int, int, int], Line] = {}
    for k, word in enumerate(data["text"]):
        conf = float(data["conf"][k])
        if conf < 0 or not str(word).strip():
            continue
        key = (data["block_num"][k], data["par_num"][k], data["line_num"][k])
        left, top = int(data["left"][k]), int(data["top"][k])
        right, bottom = left + int(data["width"][k]), top + int(data["height"][k])
        _, words, confs, box = lines.setdefault(key, (key[0], [], [], [left, top, right, bottom]))
        words.append(str(word))
        confs.append(conf)
        box[:] = [min(box[0], left), min(box[1], top), max(box[2], right), max(box[3], bottom)]
    return [lines[key] for key in sorted(lines)]


def lines_from_data(data: dict[str, list[Any]], weak_below: float = 0.0
                    ) -> tuple[str, float | None, list[list[Any]], list[int]]:
    """Rebuild text from tesseract's word boxes: lines in order, blank lines between blocks;
    no space inside Chinese. Returns (text, mean word confidence, weak lines, the reading's
    ``ocr_judge.layout_signals``): a weak line is
    ``[its index among the text's lines, its box, its mean confidence]`` for a line of two
    characters or more whose words tesseract is on average less than ``weak_below`` sure of, the
    page's typical line height (a misread line's own box is often cut short or runs into the next
    line), and the band it lies in: the text column's width, from the bottom of the line before
    to the top of the line after."""
    out: list[str] = []
    confs: list[float] = []
    weak: list[list[Any]] = []
    measured: list[tuple[list[int], float, int]] = []  # each line's box, mean, characters
    previous_block = None
    records = _records(data)
    heights = sorted(box[3] - box[1] for *_, box in records)
    typical = heights[len(heights) // 2] if heights else 0  # a line's height on this page
    column = (min((box[0] for *_, box in records), default=0),
              max((box[2] for *_, box in records), default=0))
    for k, (block, words, line_confs, box) in enumerate(records):
        if previous_block is not None and block != previous_block:
            out.append("")
        previous_block = block
        line = squeeze_cjk_spaces(" ".join(words))
        mean = sum(line_confs) / len(line_confs)
        size = len("".join(line.split()))
        measured.append((box, mean, size))
        if mean < weak_below and size >= 2:
            above = records[k - 1][3][3] if k else box[1] - typical
            below = records[k + 1][3][1] if k + 1 < len(records) else box[3] + typical
            weak.append([len(out), box, round(mean, 1), typical, [column[0], above, column[1], below]])
        out.append(line)
        confs.extend(line_confs)
    return ("\n".join(out), (sum(confs) / len(confs) if confs else None), weak,
            layout_signals(measured))


def ocr_png(png: bytes, cfg: Config, psm: int | None = None) -> tuple[str, float | None, bool]:
    """(text, confidence, from_cache) for one page image (``psm``: another segmentation mode than
    the configured one, as for a single banner line)."""
    text, confidence, hit, *_ = ocr_reading(png, cfg, psm)
    return text, confidence, hit


def ocr_reading(png: bytes, cfg: Config, psm: int | None = None) -> Reading:
    """``ocr_png``, the reading's weak lines and its layout signals (``lines_from_data``),
    cached together."""
    return read_image(png, lambda: _image(png, cfg.ocr.preprocess), cfg, psm)


def read_image(key: bytes, load: Callable[[], Any], cfg: Config, psm: int | None = None
               ) -> Reading:
    """``ocr_reading`` of the grey image ``load`` gives, cached under ``key`` (the bytes that
    determine the image): the image is not decoded or built when the cache has its reading."""
    digest = cache_key(key, cfg, psm)
    path = cache_dir(cfg) / digest[:2] / f"{digest}.json"
    if path.is_file():
        try:
            hit = json.loads(path.read_text(encoding="utf-8"))
            return hit["text"], hit["confidence"], True, hit["weak"], hit["signals"]
        except (OSError, ValueError, KeyError):
            pass
    image = load()
    dpi = image.info.get("dpi")
    data = tess.read_data(image.tobytes(), image.width, image.height, lang=cfg.ocr.lang,
                          psm=psm or cfg.ocr.psm, timeout=cfg.ocr.timeout,
                          datapath=tess.tessdata(cfg.ocr.lang, cfg.ocr.tessdata),
                          dpi=round(dpi[0]) if dpi else None)
    text, confidence, weak, signals = lines_from_data(data, cfg.ocr.rescue_below)
    from ..export.files import write_atomic

    with contextlib.suppress(OSError):  # a read-only cache costs speed, not correctness
        write_atomic(path, json.dumps({"text": text, "confidence": confidence, "weak": weak,
                                       "signals": signals}, ensure_ascii=False))
    return text, confidence, False, weak, signals


BANNER_PSM = 7  # a banner is one line of large type


class PageReading(NamedTuple):
    text: str
    confidence: float | None
    hit: bool  # the kept reading came from the cache
    route: str
    banner: str  # the red banner lines' text
    # a page under route_below that the judge left with one reading: its second reading, made
    # when asked (the numbering review) from what the first left: the page's bytes (decoded
    # again: a copy for a raw page), its skew (not searched again) and its first reading (not
    # asked of the cache again, nor of tesseract where the cache cannot be written)
    resume: Callable[[], PageReading] | None = None

    @property
    def passed(self) -> bool:
        return self.resume is not None


STRAIGHT = "deskew+binarize"


class _Page:
    """A page image and its two routes: decoded once, straightened when a route needs it.
    ``angle``: the skew already measured (a page resumed for its second reading)."""

    def __init__(self, png: bytes, cfg: Config, angle: float | None = None) -> None:
        self.png, self.cfg = png, cfg
        self.images = {"plain": _image(png, cfg.ocr.preprocess)}
        self.angle = skew_angle(self.images["plain"]) if angle is None else angle
        self.routes = ["plain", STRAIGHT]
        if cfg.ocr.deskew_above and abs(self.angle) >= cfg.ocr.deskew_above:
            self.routes.reverse()

    def image(self, route: str) -> Any:
        if route not in self.images:
            self.images[route] = straighten(self.images["plain"], self.angle)
        return self.images[route]

    def reading(self, route: str) -> Reading:
        key = self.png if route == "plain" else self.png + f"|{route}:{self.angle}".encode()
        return read_image(key, lambda: self.image(route), self.cfg)

    def settle(self, first: Reading, banner: str, second: bool,
               resume: Callable[[], PageReading] | None = None) -> PageReading:
        """The page's reading from its first (``second``: and the other route's, the more
        confident kept), turned upright where it reads as garbage, its weak lines read again."""
        route = self.routes[0]
        text, confidence, hit, weak, _ = first
        if second:
            other = self.reading(self.routes[1])
            if other[1] is not None and (confidence is None or other[1] > confidence):
                (text, confidence, hit, weak, _), route = other, self.routes[1]
        if confidence is None or confidence < ORIENT_BELOW:  # read as garbage: on its side?
            turned = _turned(self.images["plain"], self.png, self.cfg)
            if turned and turned[1][1] is not None and (confidence is None
                                                        or turned[1][1] > confidence):
                route, (text, confidence, hit, weak, _) = turned[0], turned[1]
                self.images[route] = turned[2]
        if weak:
            text, rescued = rescue_lines(self.image(route), text, weak, self.cfg)
            route += f"+lines:{rescued}" if rescued else ""
        if self.routes[0] == STRAIGHT:
            route = f"skew:{self.angle:g}+{route}"
        return PageReading(text, confidence, hit, route, banner, resume)


def read_page(slot: PageSlot, cfg: Config, wait: Callable[[], bool] | None = None
              ) -> PageReading:
    """One page read.

    The page is read as rendered, or first deskewed and binarised (``ocr_prep``) when it is
    skewed by ``ocr.deskew_above`` degrees or more; when that reading's mean confidence is under
    ``ocr.route_below`` the page is read the other way too (when ``ocr_judge`` finds it worth it,
    or when the page cannot wait for the numbering review: ``wait`` None or saying no) and the
    reading tesseract is more confident of is kept. A page
    that waits is returned with its first reading and a ``resume`` that makes its second. A
    line of the kept reading tesseract was unsure of (under ``ocr.rescue_below``: a short
    heading such as 三、主要任务 read as 忆二交任写 on a page read well otherwise) is read again
    alone (``rescue_lines``). Red banner lines cut out by the reader are read apart, one line
    each.
    """
    page = _Page(slot.image or b"", cfg)
    first = page.reading(page.routes[0])
    banners = (ocr_png(b, cfg, psm=BANNER_PSM)[0].strip() for b in slot.banners)
    banner = " ".join(b for b in banners if b)
    confidence, weak, signals = first[1], first[3], first[4]
    below = confidence is None or confidence < cfg.ocr.route_below
    twice = worth_reading_again(confidence, signals, len(weak), cfg.ocr.route_below,
                                cfg.ocr.route_always_below) or (
        below and not (wait is not None and wait()))  # no review to come, or no room
    if below and not twice:  # passed over: the page's bytes and first reading wait in resume
        png, angle = page.png, page.angle

        def resume() -> PageReading:
            return _Page(png, cfg, angle).settle(first, banner, second=True)

        return page.settle(first, banner, second=False, resume=resume)
    return page.settle(first, banner, second=below)


# A page read under this mean confidence may lie on its side or upside down (such pages read as
# garbage at about 17, upright ones at 85–95): tesseract's orientation model is asked, and when it
# is sure (ORIENT_CONF; about 4 on a turned page) the page turned upright is read too, and the
# more confident reading kept. Pages read well never pay for the question.
ORIENT_BELOW = 50.0
ORIENT_CONF = 2.0



def _turned(page: Any, png: bytes, cfg: Config) -> tuple[str, Reading, Any] | None:
    """(route, reading, image) of the page turned upright, when the orientation model finds it
    turned."""
    found = tess.orientation(page.tobytes(), page.width, page.height,
                             datapath=tess.tessdata(cfg.ocr.lang, cfg.ocr.tessdata))
    if not found or found[0] not in (90, 180, 270) or found[1] < ORIENT_CONF:
        return None
    upright = page.rotate(found[0], expand=True)
    reading = read_image(png + f"|orient:{found[0]}".encode(), lambda: upright, cfg)
    return f"orient:{found[0]}", reading, upright


RESCUE_GAIN = 20.0  # a line read again replaces the first reading when this much surer
LINE_PSM = 7
BLOCK_PSM = 6  # a band that may hold two lines


def _rescue_crop(image: Any, box: list[int], typical: int, band: list[int]) -> tuple[Any, int]:
    """The region a weak line is read again from, and the psm to read it with: the band between
    the lines around it, across the text column, when that band is one or two lines tall;
    otherwise the page's line height around the line's middle, a character's width either side
    of its box."""
    left, top, right, bottom = box
    x0, above, x1, below = band
    if 0.6 * typical <= below - above <= 3 * typical:
        crop = image.crop((max(0, x0 - typical // 2), max(0, above),
                           min(image.width, x1 + typical // 2), min(image.height, below)))
        return crop, BLOCK_PSM if below - above > 1.8 * typical else LINE_PSM
    middle, half = (top + bottom) / 2, max(bottom - top, typical) * 0.8
    crop = image.crop((max(0, left - typical), max(0, round(middle - half)),
                       min(image.width, right + typical), min(image.height, round(middle + half))))
    return crop, LINE_PSM


def rescue_lines(page: Any, text: str, weak: list[list[Any]], cfg: Config) -> tuple[str, int]:
    """The text with each weak line read again on its own from the binarised page (a grey image)
    (``_rescue_crop``: tesseract's box of a misread line is often a fragment of it, or runs into
    the next line), where tesseract is ``RESCUE_GAIN`` surer of the new reading; and how many
    lines were replaced."""
    image = binarize(page)
    lines = text.split("\n")
    rescued = 0
    for index, box, confidence, typical, band in weak:
        crop, psm = _rescue_crop(image, box, typical, band)
        key = crop.tobytes() + f"|{crop.width}x{crop.height}".encode()  # the crop's pixels
        again, again_confidence, *_ = read_image(key, lambda crop=crop: crop, cfg, psm)
        again = "\n".join(squeeze_cjk_spaces(" ".join(line.split()))
                          for line in again.splitlines() if line.strip())
        if again and again_confidence is not None and again_confidence >= confidence + RESCUE_GAIN:
            lines[index] = again
            rescued += 1
    return "\n".join(lines), rescued


def _workers(cfg: Config, pages: int) -> Callable[[], int]:
    """How many pages may be read at once, asked again as pages finish."""
    if cfg.ocr.workers:
        return lambda: max(1, min(cfg.ocr.workers, pages))
    if cfg.run.in_pool:
        # the corpus pool runs one document per core; a core whose worker has no document left
        # to take (the queue has run dry) reads this one's pages too
        from ..executors import spare_workers

        return lambda: 1 + spare_workers()
    return lambda: max(1, min(os.cpu_count() or 1, pages))


def _read_all(todo: list[PageSlot], one: Callable[[PageSlot], Any], limit: Callable[[], int]
              ) -> list[Any]:
    """``one`` over the pages on threads (tesserocr reads with the GIL released), at most
    ``limit()`` at a time; the results in page order."""
    from concurrent.futures import FIRST_COMPLETED, wait

    results: list[Any] = [None] * len(todo)
    pending: dict[Any, int] = {}
    start = 0
    threads = max(1, os.cpu_count() or 1, limit())  # the most the limit asks for here
    with ThreadPoolExecutor(max_workers=threads) as pool:
        while start < len(todo) or pending:
            while start < len(todo) and len(pending) < max(1, limit()):
                pending[pool.submit(one, todo[start])] = start
                start += 1
            # a short wait: a worker of the pool may fall idle while a page is being read
            done, _ = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
            for future in done:
                results[pending.pop(future)] = future.result()
    return results


# Page images a notice keeps for the numbering review (``ocr_review``), in bytes: a page the
# judge passed over waits, its bytes in its reading's resume, until the notice is read whole. A
# page past this is read the other way at once, as without the judge (a 200 dpi A4 page is 4 MB
# raw).
KEEP_FOR_REVIEW = 64 * 2**20


class _Kept:
    """Room for page images, shared by a notice's reading threads."""

    def __init__(self, room: int) -> None:
        self.room = room
        self.lock = threading.Lock()

    def take(self, size: int) -> bool:
        with self.lock:
            if size > self.room:
                return False
            self.room -= size
            return True


def _settle(slot: PageSlot, result: PageReading | Exception) -> None:
    """A page's reading into its slot: the text without page furniture, banners first."""
    if isinstance(result, Exception):
        slot.text = ""
        return
    text = f"{result.banner}\n\n{result.text}" if result.banner else result.text
    slot.info.ocr_route = ("red_dropout+" if slot.red else "") + result.route
    slot.info.banner = result.banner or None
    slot.text, slot.info.furniture = split_furniture(text)
    slot.info.ocr_confidence = (round(result.confidence, 2) if result.confidence is not None
                                else None)


def run(notice: Notice, cfg: Config) -> Notice:
    slots: list[PageSlot] = notice._pages
    todo = [slot for slot in slots if slot.needs_ocr]
    if not todo:
        return notice
    version = tesseract_version()
    tess.tessdata(cfg.ocr.lang, cfg.ocr.tessdata)  # E202 for the whole notice when missing
    kept = _Kept(KEEP_FOR_REVIEW)

    def one(slot: PageSlot) -> tuple[PageSlot, PageReading | Exception]:
        result: PageReading | Exception
        try:
            if slot.render is not None:  # a PDF page: rendered here, on the reading thread
                slot.render()
            result = read_page(slot, cfg, lambda: kept.take(len(slot.image or b"")))
        except (RuntimeError, OSError, ValueError) as exc:  # tess.EngineError, a broken image
            result = exc
        slot.image = None  # a page passed over keeps its bytes in its reading's resume
        return slot, result

    def again(slot: PageSlot) -> tuple[PageSlot, PageReading | Exception]:
        try:
            return slot, passed[slot]()
        except (RuntimeError, OSError, ValueError) as exc:
            return slot, exc

    limit = _workers(cfg, len(todo))
    results = dict(_read_all(todo, one, limit))
    for slot, result in results.items():
        _settle(slot, result)
    passed = {slot: r.resume for slot, r in results.items()
              if isinstance(r, PageReading) and r.resume is not None}
    if passed:  # the numbering review: pages in a gap of the notice's numbering read again
        review = pages_to_review(assemble(slots), list(passed), cfg)
        for slot, result in _read_all(review, again, limit):
            if not isinstance(result, Exception):  # else the first reading stands
                results[slot] = result
                _settle(slot, result)
        for slot in passed:  # their page bytes let go
            result = results[slot]
            if isinstance(result, PageReading):
                results[slot] = result._replace(resume=None)
        passed.clear()
    weighted, chars, cached = 0.0, 0, 0
    for slot, result in results.items():
        if isinstance(result, Exception):
            notice.add_error("ocr", "E201", f"tesseract failed: {result}", page=slot.number)
            continue
        cached += result.hit
        if result.confidence is not None:
            weighted += result.confidence * len(slot.text or "")
            chars += len(slot.text or "")
    failed = [r for r in results.values() if isinstance(r, Exception)]
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
