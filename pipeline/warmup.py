"""Start-up work done once per run, not once per worker.

A worker's first notice pays for everything the stages build on first use: their modules, the
gazetteer and cue patterns, the schema validator (generated code). ``warm_up`` runs the stages
once on an invented notice so that all of it is built, in the pool's fork server
(``pipeline._preload``); every worker forked from the server starts with it built, however often
workers are replaced. Two dictionaries are left to the workers that need them, since the warm-up
runs while the second core waits: the repair lexicon (350,000 words, 0.2 s from its startup
cache), which OCR'd text needs (born-digital text looks a few words up where a line looks
garbled, in the lexicon's table file: ``repair.lexicon.quick_lexicon``), and jieba-rs's (0.2 s),
which the themes stage needs only where a theme keyword may be misread (none of the development
notices, most of the synthetic ones of ``bench.scale``).

Nothing is written anywhere: the notice is made in memory and serialised to a string.
"""

from __future__ import annotations

import contextlib
import os

PRELOAD = ("pipeline._preload",)  # imported once by the pool's fork server: the stages warmed

# An invented notice (no real one): numbered tasks with departments, windows, deadlines and a
# target, an outline, a doc number, an issuer and a date, so that every extractor runs.
SAMPLE = """示例省人民政府办公厅关于推进示例工作的通知
示政办发〔2026〕1号

各市人民政府，省政府各部门：
为推进示例工作，现就有关事项通知如下。
一、工作目标
到2027年，全省示例服务覆盖率达到90%以上。
二、主要任务
（一）建设数据共享平台。2026年12月底前建成省级平台。（省大数据局牵头，省财政厅、各市人民政府配合）
（二）完善服务体系。各地民政、卫生健康部门要于2027年6月30日前完成评估，新增床位1000张。
（三）加强监督检查。持续推进，长期坚持。责任单位：省市场监管局。
三、保障措施
加强组织领导，落实经费保障。

示例省人民政府办公厅
2026年1月5日
"""
SAMPLE_HTML = b"<html><body><div><p>\xe7\xa4\xba\xe4\xbe\x8b</p></div></body></html>"


def warm_up() -> None:
    """Build what the stages build on first use. A failure here is no one's error: the workers
    then build it themselves, as they would without a warm-up."""
    with contextlib.suppress(Exception):
        _warm()


def _warm() -> None:
    from .config import Config
    from .document import provenance
    from .export.notice_json import to_json
    from .model import Notice, Source
    from .stages import plan
    from .stages.readers.webpage import read_html

    cfg = Config()
    notice = Notice(id="warm-up", source=Source(path="warm-up.txt", sha256="", format="text"),
                    provenance=provenance(cfg))
    notice.raw_text = SAMPLE
    notice.text = SAMPLE
    for stage in plan(cfg.stages):
        run = stage.load()  # every stage's module, imported
        if stage.name not in ("ingest", "ocr"):  # the input is already text
            notice = run(notice, cfg)
    to_json(notice, check=True)  # the validator built and orjson imported, as workers write
    read_html(SAMPLE_HTML)


def start_server_early(executor: str | None, workers: int | None) -> None:
    """Start the pool's fork server unless the executor or the worker count (0 or None: one per
    core) says the run has no pool. The command line calls it with its own flags, before the
    configuration is read (its imports take a tenth of a second; a configuration file that says
    there is no pool after all leaves a server that forks nothing); ``run_corpus`` calls it with
    the configuration's. A server already running is left as it is."""
    if executor not in (None, "process") or (workers or os.cpu_count() or 1) < 2:
        return
    from .executors import start_server

    start_server(PRELOAD)
