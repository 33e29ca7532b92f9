"""Every text stage is near-linear in its input: time at 4x the size must stay far from 16x.

A ratio of two sizes, best of three runs each, so a busy machine does not decide; quadratic
growth (a window re-scanned per mention, a pairwise loop) shows as a ratio near 16.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from pipeline.config import Config
from pipeline.model import Notice, Provenance, Source
from pipeline.stages import REGISTRY
from pipeline.text import cn_label

STAGES = ["repair", "outline", "header", "times", "departments", "targets", "references", "themes"]
LIMIT = 8.0  # linear: about 4; n log n: about 5; quadratic: about 16


def _notice(text: str) -> Notice:
    notice = Notice(id="g", source=Source(path="g.txt", sha256="", format="text"),
                    provenance=Provenance(pipeline_version="t", config_sha256=""))
    notice.raw_text = notice.text = text
    return notice


def _run(text: str) -> None:
    cfg = Config(repair={"mode": "on"})
    notice = _notice(text)
    for name in STAGES:
        notice = REGISTRY[name].load()(notice, cfg)


def _best(make: Callable[[int], str], n: int) -> float:
    text = make(n)
    times = []
    for _ in range(3):
        started = time.perf_counter()
        _run(text)
        times.append(time.perf_counter() - started)
    return min(times)


def _word(k: int) -> str:
    """Four characters of its own for each k (lines alike would read as a page printed twice)."""
    return "".join(chr(0x4E00 + (k * 131 + m * 977) % 20000) for m in range(4))


SHAPES: dict[str, Callable[[int], str]] = {
    # one long line, no punctuation, full of department names and roles
    "long line": lambda n: "省民政厅负责推进养老服务市场监管局配合" * n,
    # many numbered units at several levels, with deadlines, targets and labels
    "outline": lambda n: "一、重点任务\n" + "".join(
        f"（{'一二三四五六七八九十'[k % 10]}）加强管理。{k % 12 + 1}月底前完成，覆盖率达到{k % 90}%以上。"
        f"（责任单位：省民政厅、省财政厅）\n{k % 20 + 1}.推进工作。\n" for k in range(n)),
    # titles, doc numbers and nested brackets
    "citations": lambda n: "根据《关于加强管理的通知》（民发〔2020〕12号）和（（关于推进的意见））要求，" * n,
    # one task without stops: counts, past cues, bodies and titles (each number's clause and
    # sentence, each body's masks were once read from the start)
    "run-on task": lambda n: "一、目标 " + "".join(
        f"截至目前新建{k}个中心各市人民政府负责《关于{k}的意见》" for k in range(n)),
    # a long run of digits, doc numbers and labelled lines: what repair reads (a number's
    # placeholder pattern tried at every digit; protected doc numbers, earlier lines scanned whole)
    "digits and citations": lambda n: "一、任务\n" + "1234567890" * n + "\n" + "、".join(
        f"鲁政发〔20{k % 30:02d}〕{k}号" for k in range(n)) + "\n" + "".join(
        f"（{k}）推进工作。（责任单位：省发展改革委、省财政厅）\n" for k in range(1, n)),
    # many short lines (a page's numerals alone) and cited titles on lines of their own (each
    # title's bracket read against every number, each number against every line start)
    "short lines and titles": lambda n: "一、依据\n" + "、".join(
        f"《关于{k}的通知》（鲁政发〔2020〕{k}号）" for k in range(n)) + "\n" + "\n".join(
        "一二—1附"[k % 5] for k in range(10 * n)),
    # one task of many deadlines and shares, parted by commas only
    "deadlines and shares": lambda n: "一、任务\n" + "，".join(
        f"覆盖率达到{k % 99 + 1}%以上，{2021 + k % 9}年{k % 12 + 1}月底前新建{k % 999 + 1}个中心"
        for k in range(n)) + "。",
    # one sentence of yearly deadlines without a year (each read its sentence back to its start for
    # the year it counts from)
    "yearly deadlines in one sentence": lambda n: "一、任务\n2020年起，" + "，".join(
        f"每年{k % 12 + 1}月底前完成第{k}项工作" for k in range(n)) + "。",
    # one task whose label lists hundreds of bodies (each mention's role was looked up in every
    # body the label lists, each body checked against every mention)
    "a label of many bodies": lambda n: "一、主要任务\n（一）做好工作。（责任单位：" + "、".join(
        ("省发展改革委", "省财政厅", "省民政厅", "省教育厅", "各市人民政府")[k % 5]
        for k in range(n)) + "）\n",
    # counts in words and label fields on one line: runs of numerals (each run's place words were
    # once tried against every split), fields after bodies, square-bracketed fields
    "numerals in words and fields": lambda n: "一、主要任务\n（一）做好工作。" + "".join(
        "培育百家企业建成二十万个【牵头单位】省民政厅 配合单位：省财政厅完成时限：2025年底前"
        for k in range(n)) + "培育" + "百千万" * (4 * n) + "。\n",
    # many items and a closing paragraph naming them by number (each clause once mapped to the
    # tasks by reading every task), a run of numbers that never reaches 项 (once re-read from each
    # of its digits)
    "tasks named by number": lambda n: "".join(f"{k}．推进第{k}项工作。加强管理。\n" for k in range(1, n + 1))
    + "上述" + "，".join(f"第{k}、{k + 1}项由省民政厅牵头、省财政厅配合" for k in range(1, n + 1)) + "。\n"
    + "第" + "1、" * (20 * n) + "。\n",
    # parts printed without numbers, each a factor part (强化要素保障) over measures, and a task table
    # whose rows stand between runs of categories' rows
    "bare parts and table categories": lambda n: "".join(
        f"强化要素保障\n\n{k}.加大用地供应{_word(k)}。安排用地。\n\n优化环境\n\n" for k in range(1, n + 1))
    + "序号\t重点任务\t责任单位\n" + "".join(f"一、类别{_word(k)}\n{k}\t建设平台{_word(k)}。\t市数据局\n"
                                         for k in range(1, n + 1)),
    # a blank form: field and column names between runs of empty cells (spaces, blank lines), whose
    # whitespace patterns once tried every split of a run from each of its line starts
    "blank form": lambda n: "关于申报项目的通知\n一、申报要求\n（一）填写申报表。\n附件\n项目名称\n" + "".join(
        "  \u3000  \n" * n + name for name in ("牵头单位名称\n", "完成时限\n", "单位地址：\n")),
    # long runs of spaces within a line (a page's layout kept as spaces): patterns with two space
    # runs side by side once tried every split of the run
    "runs of spaces": lambda n: ("\u3000" * (40 * n) + "\n一、任务\n（一）加强管理" + " " * (40 * n)
                                 + "牵头单位：省民政厅\n"),
    # a bracket alone on each line: thousands of repairs in one pass (each once recounted where
    # every piece of the text starts)
    "a bracket a line": lambda n: "一、任务\n" + "（\n" * (10 * n) + "（一）加强管理。\n",
}


# Sizes where a quadratic path shows over the stages' fixed costs (the run-on shapes' per-number
# scans only dominate from about a thousand numbers).
SIZES = {"run-on task": 1500, "deadlines and shares": 1500, "short lines and titles": 1000,
         "a label of many bodies": 2000, "yearly deadlines in one sentence": 1500}


@pytest.mark.parametrize("shape", list(SHAPES))
def test_text_stages_grow_near_linearly(shape: str) -> None:
    make = SHAPES[shape]
    _run(make(20))  # warm the caches (lexicons, gazetteers, compiled patterns)
    n = SIZES.get(shape, 300)
    small, large = _best(make, n), _best(make, 4 * n)
    assert large / max(small, 1e-3) < LIMIT, f"{shape}: {small:.3f}s -> {large:.3f}s for 4x input"


def test_themes_grow_near_linearly_in_the_tasks() -> None:
    """Thousands of tasks, each naming a body: each task's theme masks were once read from every
    body of the notice (the outline alone before, so repair's reading of repeated lines is out)."""
    def tagged(n: int) -> float:
        text = "".join(f"{cn_label(p + 1)}、第{p + 1}部分\n" + "".join(
            f"{k}.省民政厅负责推进第{k}项工作。\n" for k in range(1, n // 60 + 1)) for p in range(60))
        notice = REGISTRY["outline"].load()(_notice(text), Config())
        best = []
        for _ in range(3):
            started = time.perf_counter()
            REGISTRY["themes"].load()(notice, Config())
            best.append(time.perf_counter() - started)
        return min(best)

    tagged(120)
    small, large = tagged(1500), tagged(6000)
    assert large / max(small, 1e-3) < LIMIT, f"themes: {small:.3f}s -> {large:.3f}s for 4x tasks"
